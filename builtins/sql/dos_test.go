package sql

import (
	"flag"
	"io"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/tests/dostest"
	"github.com/porpoisedb/porpoise/vm"
)

var dosGlob = flag.String("dos", "", "run these .dos files instead of tests/sql/*.dos")

// TestDos runs tests/sql/*.dos on sessions with the engine registered.
func TestDos(t *testing.T) {
	pattern := filepath.Join("..", "..", "tests", "sql", "*.dos")
	if *dosGlob != "" {
		pattern = *dosGlob
	}
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Skip("no tests/sql/*.dos files")
	}
	r := &dostest.Runner{
		NewSession: func(out io.Writer) dostest.Session {
			u := builtins.Universe()
			AddTo(u)
			return vm.NewSession(vm.Options{Universe: u, Out: out})
		},
		IsSyntaxError: vm.IsSyntaxError,
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			results, err := r.RunFile(file)
			if err != nil {
				t.Fatal(err)
			}
			pass := 0
			for _, res := range results {
				if res.Verdict == dostest.Pass {
					pass++
				}
				if res.Verdict == dostest.Fail {
					t.Errorf("%s:%s %s: %s", res.Case.File, strconv.Itoa(res.Case.Line), res.Case.Name, res.Reason)
				}
			}
			t.Logf("%d of %d cases pass", pass, len(results))
		})
	}
}
