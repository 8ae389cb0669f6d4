// This file gives data sources (sqlDS in builtins/sql) what they need of
// a DFS table: the pruned partitions of one snapshot, each with its path
// for display and a reader of that partition alone.

package dfs

import (
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// PartitionReaders is PrunedPartitions with each partition's path as
// DolphinDB shows it in a data source ("/stock/20190102/C": the database
// name without "dfs:/", then the partition path). read(i, ...) reads only
// partition i; every reader sees the one snapshot taken here, so the data
// sources of one sqlDS call agree with each other whatever writers do
// after it.
func (t *Table) PartitionReaders(condCols, condOps []string, condVals [][]value.Value) (paths []string, read func(i int, cols []string, shared bool) (*value.Table, error), err error) {
	snap, sub, err := t.pruned(condCols, condOps, condVals)
	if err != nil {
		return nil, nil, err
	}
	prefix := strings.TrimPrefix(t.DB, "dfs:/")
	paths = make([]string, len(sub))
	for i, ch := range sub {
		paths[i] = prefix + ch.Path
	}
	read = func(i int, cols []string, shared bool) (*value.Table, error) {
		return t.st.loadTable(snap.with(sub[i:i+1]), cols, shared)
	}
	return paths, read, nil
}
