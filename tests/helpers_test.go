// Package tests holds the end-to-end suites: DolphinDB unit-test files
// (lang/*.dos), console transcripts (display/*.txt) and the command line.
package tests

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/porpoisedb/porpoise/builtins"
	sqlengine "github.com/porpoisedb/porpoise/builtins/sql"
	"github.com/porpoisedb/porpoise/tests/dostest"
	"github.com/porpoisedb/porpoise/vm"
)

// newSession opens a session over the built-ins with print output to out.
func newSession(out io.Writer) *vm.Session {
	u := builtins.Universe()
	sqlengine.AddTo(u)
	return vm.NewSession(vm.Options{Universe: u, Out: out})
}

// newRunner returns a unit-test runner over fresh sessions.
func newRunner(known dostest.Known) *dostest.Runner {
	return &dostest.Runner{
		NewSession:    func(out io.Writer) dostest.Session { return newSession(out) },
		IsSyntaxError: vm.IsSyntaxError,
		Known:         known,
	}
}

var updateKnown = flag.Bool("update-known", false, "rewrite known_failures.txt from this run's failures (for review as a diff)")

// knownUpdate collects this run's failures for -update-known, per suite
// (".dos" cases, ".txt" transcript blocks); suites that did not run keep
// their entries.
var knownUpdate = struct {
	sync.Mutex
	ran      map[string]bool   // suite extension -> ran
	failures map[string]string // id -> reason
}{ran: map[string]bool{}, failures: map[string]string{}}

func noteSuite(ext string) {
	knownUpdate.Lock()
	knownUpdate.ran[ext] = true
	knownUpdate.Unlock()
}

// noteFailure records a failing case; reason is the listed reason if any,
// else the first line of the failure.
func noteFailure(id, reason string) {
	reason, _, _ = strings.Cut(strings.TrimSpace(reason), "\n")
	knownUpdate.Lock()
	knownUpdate.failures[id] = reason
	knownUpdate.Unlock()
}

// writeKnown rewrites the list: its leading comment block, the entries of
// suites that did not run, then this run's failures, sorted.
func writeKnown(path string) error {
	src, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	lines := strings.Split(string(src), "\n")
	var head []string
	for len(lines) > 0 && (strings.HasPrefix(strings.TrimSpace(lines[0]), "#") || strings.TrimSpace(lines[0]) == "") {
		head, lines = append(head, lines[0]), lines[1:]
	}
	old, err := dostest.ParseKnown(path, src)
	if err != nil {
		return err
	}
	entries := map[string]string{}
	for id, reason := range old {
		if !knownUpdate.ran[filepath.Ext(strings.SplitN(id, ":", 2)[0])] {
			entries[id] = reason
		}
	}
	for id, reason := range knownUpdate.failures {
		entries[id] = reason
	}
	ids := make([]string, 0, len(entries))
	for id := range entries {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	for _, l := range head {
		if strings.TrimSpace(l) != "" {
			b.WriteString(l + "\n")
		}
	}
	b.WriteString("\n")
	for _, id := range ids {
		if r := entries[id]; r != "" {
			fmt.Fprintf(&b, "%s  # %s\n", id, strings.ReplaceAll(r, "#", ""))
		} else {
			b.WriteString(id + "\n")
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
