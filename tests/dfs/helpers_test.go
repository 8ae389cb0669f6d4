package dfs

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/dfs"
	"github.com/porpoisedb/porpoise/vm"
)

func openStore(t testing.TB, home string) *dfs.Store {
	t.Helper()
	st, err := dfs.Open(dfs.Config{Home: home, NewValuePartitionPolicy: "add", Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// damagedDays runs setup (which creates database dbName with one table pt
// of days daily partitions) in a new session over a store at a fresh
// home, then damages the segment file of every day but keep (e.g.
// "20230110") with damage. It returns the session for the queries.
func damagedDays(t *testing.T, dbName, setup string, days int, keep string, damage func(path string) error) *vm.Session {
	t.Helper()
	home := t.TempDir()
	st := openStore(t, home)
	t.Cleanup(func() { st.Close() })
	s := vm.NewSession(vm.Options{Universe: universe(st), Out: io.Discard})
	if _, err := s.Run("setup", []byte(setup)); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(home, "storage", "CHUNKS", dbName, "*", "pt", "*.seg"))
	if len(files) != days {
		t.Fatalf("%d segment files, want %d", len(files), days)
	}
	for _, f := range files {
		if !strings.Contains(f, keep) {
			if err := damage(f); err != nil {
				t.Fatal(err)
			}
		}
	}
	return s
}

// flipByte flips byte 6 of a file (inside its first column block).
func flipByte(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	b[6] ^= 0xff
	return os.WriteFile(path, b, 0o644)
}
