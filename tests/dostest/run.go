// This file defines the Runner: one fresh session per case, a timeout, and
// the verdict of each case.

package dostest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/porpoisedb/porpoise/repl"
	"github.com/porpoisedb/porpoise/vm/value"
)

// Session is what the runner needs of a VM session. Run parses and runs a
// whole script; Cancel, called from another goroutine, makes a running Run
// return an error.
type Session interface {
	Run(name string, src []byte) (value.Value, error)
	Cancel()
}

// DefaultTimeout bounds one case.
const DefaultTimeout = 10 * time.Second

// Runner runs test files. Its fields are read-only once running starts; a
// Runner may run several files at once.
type Runner struct {
	// NewSession returns a fresh session whose print output goes to out.
	NewSession func(out io.Writer) Session
	// IsSyntaxError tells parse errors from runtime errors.
	IsSyntaxError func(error) bool
	// Timeout per case; 0 means DefaultTimeout.
	Timeout time.Duration
	// Known lists cases expected to fail (may be nil).
	Known Known
}

// Verdict is the outcome of one case.
type Verdict int

const (
	Pass  Verdict = iota
	Fail          // failed and not in the known-failure list
	Skip          // failed and listed as a known failure
	Fixed         // listed as a known failure but passed
)

func (v Verdict) String() string {
	return [...]string{"PASS", "FAIL", "SKIP", "FIXED"}[v]
}

// Result is the outcome of one case.
type Result struct {
	Case    Case
	Verdict Verdict
	// Reason says why a case failed ("" when it passed); for Skip and
	// Fixed it is the reason recorded in the known-failure list.
	Reason  string
	Err     error  // the error the case raised, if any
	Output  string // what the case printed
	Elapsed time.Duration
}

// Failed reports whether the result counts as a failure of the suite:
// an unexpected failure, or a known failure that now passes (the list must
// be updated).
func (r *Result) Failed() bool { return r.Verdict == Fail || r.Verdict == Fixed }

// Files lists the test files under path: path itself if it is a file, else
// the .dos and .txt files directly in the folder (not in subfolders, as
// DolphinDB's test does), sorted.
func Files(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range ents {
		ext := filepath.Ext(e.Name())
		if !e.IsDir() && (ext == ".dos" || ext == ".txt") && e.Name() != KnownFailuresFile {
			files = append(files, filepath.Join(path, e.Name()))
		}
	}
	sort.Strings(files)
	return files, nil
}

// RunFile parses and runs every case of one file. A file that cannot be
// read or split is an error (no results).
func (r *Runner) RunFile(path string) ([]Result, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	prelude, cases, err := Parse(path, src)
	if err != nil {
		return nil, err
	}
	results := make([]Result, 0, len(cases))
	for _, c := range cases {
		results = append(results, r.RunCase(c, prelude))
	}
	return results, nil
}

// RunCase runs one case in a fresh session, after the file's prelude (if
// any) in the same session.
func (r *Runner) RunCase(c Case, prelude []byte) Result {
	var out bytes.Buffer
	start := time.Now()
	err, reason := r.exec(c, prelude, &out)
	res := Result{Case: c, Err: err, Output: out.String(), Elapsed: time.Since(start)}
	if reason == "" {
		reason = r.judge(c, err)
	}
	res.Reason = reason
	known, listed := r.Known.Reason(c.ID())
	switch {
	case reason == "" && listed:
		res.Verdict, res.Reason = Fixed, known
	case reason == "":
		res.Verdict = Pass
	case listed:
		res.Verdict, res.Reason = Skip, known
	default:
		res.Verdict = Fail
	}
	return res
}

// judge compares the error a case raised with what its attributes expect.
// It returns "" when the case passes.
func (r *Runner) judge(c Case, err error) string {
	syntax := err != nil && r.IsSyntaxError != nil && r.IsSyntaxError(err)
	switch {
	case c.SyntaxError && syntax:
		return ""
	case c.SyntaxError && err == nil:
		return "expected a syntax error, the script ran without error"
	case c.SyntaxError:
		return "expected a syntax error, got a runtime error: " + err.Error()
	case c.Exception && err != nil && !syntax:
		return ""
	case c.Exception && err == nil:
		return "expected a runtime error, the script ran without error"
	case c.Exception:
		return "expected a runtime error, got a syntax error: " + err.Error()
	case err != nil:
		return repl.FormatError(c.File, c.Src, err)
	}
	return ""
}

type runOutcome struct {
	err   error
	panic string
}

// exec runs the prelude and the case with the timeout. reason is non-empty
// when the case failed regardless of its attributes (timeout, prelude
// error, panic in the VM).
func (r *Runner) exec(c Case, prelude []byte, out io.Writer) (err error, reason string) {
	if r.NewSession == nil {
		return nil, "dostest: Runner.NewSession is nil"
	}
	s := r.NewSession(out)
	if dir := c.Attrs["moduleDir"]; dir != "" {
		// moduleDir = "path": modules load from path, relative to the
		// test file's folder.
		ms, ok := s.(interface{ SetModuleDir(string) })
		if !ok {
			return nil, "dostest: the session cannot set the module folder (moduleDir)"
		}
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(filepath.Dir(c.File), dir)
		}
		ms.SetModuleDir(dir)
	}
	done := make(chan runOutcome, 1)
	go func() {
		var o runOutcome
		defer func() {
			if p := recover(); p != nil {
				o.panic = fmt.Sprintf("panic: %v\n%s", p, trimStack(debug.Stack()))
			}
			done <- o
		}()
		if prelude != nil {
			if _, perr := s.Run(c.File, prelude); perr != nil {
				o.err = &preludeError{perr}
				return
			}
		}
		_, o.err = s.Run(c.File, c.Src)
	}()
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var o runOutcome
	select {
	case o = <-done:
	case <-timer.C:
		s.Cancel()
		// Give the session a moment to notice; a session that ignores
		// Cancel is abandoned (its goroutine leaks) so the suite goes on.
		select {
		case <-done:
		case <-time.After(time.Second):
		}
		return nil, fmt.Sprintf("timed out after %v", timeout)
	}
	if o.panic != "" {
		return nil, o.panic
	}
	var pe *preludeError
	if errors.As(o.err, &pe) {
		return pe.err, "the file's prelude (the text before the first @testing) failed: " + pe.err.Error()
	}
	return o.err, ""
}

type preludeError struct{ err error }

func (e *preludeError) Error() string { return e.err.Error() }

// trimStack keeps the frames below the recover, at most 20 lines.
func trimStack(st []byte) string {
	lines := strings.Split(string(st), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			lines = lines[i:]
			break
		}
	}
	if len(lines) > 20 {
		lines = lines[:20]
	}
	return strings.Join(lines, "\n")
}
