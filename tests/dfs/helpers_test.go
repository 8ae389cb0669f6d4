package dfs

import (
	"testing"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/dfs"
)

func openStore(t testing.TB, home string) *dfs.Store {
	t.Helper()
	st, err := dfs.Open(dfs.Config{Home: home, NewValuePartitionPolicy: "add", Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return st
}
