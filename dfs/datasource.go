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

// PartitionGroups is PartitionReaders with the pruned partitions grouped
// by their key at the level partitioned on col (repartitionDS(query,
// col)): one group per key, in partition order of first appearance,
// labelled as DolphinDB shows it, "*" for every other level
// ("*/0_50"). read(i, ...) reads the partitions of group i alone.
func (t *Table) PartitionGroups(col string, condCols, condOps []string, condVals [][]value.Value) (labels []string, read func(i int, cols []string, shared bool) (*value.Table, error), err error) {
	snap, sub, err := t.pruned(condCols, condOps, condVals)
	if err != nil {
		return nil, nil, err
	}
	lv := -1
	for i, pc := range snap.Table.PartCols {
		if strings.EqualFold(pc, col) {
			lv = i
			break
		}
	}
	if lv < 0 {
		return nil, nil, uerr(ErrNotFound, "The column ["+col+"] is not a partitioning column of the table ["+t.Name+"].")
	}
	index := map[string]int{}
	var groups [][]*ChunkMeta
	for _, ch := range sub {
		parts := strings.Split(strings.TrimPrefix(ch.Path, "/"), "/")
		if lv >= len(parts) {
			continue
		}
		label := make([]string, len(parts))
		for i := range parts {
			label[i] = "*"
		}
		label[lv] = parts[lv]
		l := strings.Join(label, "/")
		g, ok := index[l]
		if !ok {
			g = len(groups)
			index[l] = g
			groups = append(groups, nil)
			labels = append(labels, l)
		}
		groups[g] = append(groups[g], ch)
	}
	read = func(i int, cols []string, shared bool) (*value.Table, error) {
		return t.st.loadTable(snap.with(groups[i]), cols, shared)
	}
	return labels, read, nil
}
