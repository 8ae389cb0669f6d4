// Package dfs holds the end-to-end suites of the DFS storage: DolphinDB
// unit-test files (*.dos) run on sessions whose universe has the storage's
// functions, and a crash test with a child process killed by SIGKILL.
package dfs

import (
	"io"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/builtins/sql"
	"github.com/porpoisedb/porpoise/dfs"
	"github.com/porpoisedb/porpoise/tests/dostest"
	"github.com/porpoisedb/porpoise/vm"
	"github.com/porpoisedb/porpoise/vm/value"
)

// universe is builtins + SQL + the DFS functions over st.
func universe(st *dfs.Store) map[string]value.Function {
	u := builtins.Universe()
	sql.AddTo(u)
	for n, f := range dfs.Functions(st, u) {
		u[n] = f
	}
	return u
}

// TestDos runs tests/dfs/*.dos, each file on a fresh node home, and then
// runs it again after a restart on the same home.
func TestDos(t *testing.T) {
	files, _ := filepath.Glob("*.dos")
	if len(files) == 0 {
		t.Skip("no .dos files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			home := t.TempDir()
			for round := 0; round < 2; round++ {
				st := openStore(t, home)
				u := universe(st)
				r := &dostest.Runner{
					NewSession: func(out io.Writer) dostest.Session {
						return vm.NewSession(vm.Options{Universe: u, Out: out})
					},
					IsSyntaxError: vm.IsSyntaxError,
				}
				results, err := r.RunFile(file)
				if err != nil {
					t.Fatal(err)
				}
				for _, res := range results {
					if res.Failed() {
						t.Errorf("round %d: %s:%s: %s", round, res.Case.File, strconv.Itoa(res.Case.Line), res.Reason)
					}
				}
				if err := st.Close(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
