// This file defines the script values of the DFS: database handles and
// lazy DFS table handles, and the interfaces other packages use on them.

package dfs

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

// Appender is implemented by tables that append! and tableInsert write
// into other than *value.Table: builtins' append!/tableInsert type-assert
// it before their in-memory path. It returns the rows inserted.
type Appender interface {
	AppendTable(t *value.Table) (int, error)
}

// Database is a database handle, the value of database(). A handle with
// no Name is an in-memory scheme used only to build COMPO databases.
type Database struct {
	st   *Store
	Name string
	meta *DBMeta
}

func (d *Database) Type() value.Type { return value.HANDLE }
func (d *Database) Form() value.Form { return value.SCALAR }
func (d *Database) String() string {
	if d.Name == "" {
		return "DB[]"
	}
	return "DB[" + d.Name + "]"
}

// Meta returns the database's current metadata.
func (d *Database) Meta() (*DBMeta, error) {
	if d.Name == "" || d.st == nil {
		return d.meta, nil
	}
	return d.st.Database(d.Name)
}

// Table is a DFS table handle (loadTable, createPartitionedTable): it
// holds only names; every query takes a fresh snapshot. Form TABLE.
type Table struct {
	st       *Store
	DB, Name string
}

// NewTableHandle returns a handle on db/table (not checked).
func NewTableHandle(st *Store, db, table string) *Table {
	return &Table{st: st, DB: NormalizeDB(db), Name: table}
}

func (t *Table) Type() value.Type { return value.ANY }
func (t *Table) Form() value.Form { return value.TABLE }
func (t *Table) String() string {
	snap, err := t.Snapshot()
	if err != nil {
		return fmt.Sprintf("DFS table %s/%s (%v)", t.DB, t.Name, err)
	}
	tb, err := t.st.LoadTable(snap, nil)
	if err != nil {
		return fmt.Sprintf("DFS table %s/%s (%v)", t.DB, t.Name, err)
	}
	return tb.String()
}

// AppendTable implements Appender: one transaction.
func (t *Table) AppendTable(x *value.Table) (int, error) {
	return t.st.Append(t.DB, t.Name, x)
}

// Store returns the storage the handle reads.
func (t *Table) Store() *Store { return t.st }

// Snapshot implements Source.
func (t *Table) Snapshot() (*TableSnapshot, error) { return t.st.Snapshot(t.DB, t.Name) }

// Load implements Source: the whole table in memory.
func (t *Table) Load(cols []string) (*value.Table, error) {
	snap, err := t.Snapshot()
	if err != nil {
		return nil, err
	}
	return t.st.LoadTable(snap, cols)
}

// Rows is the committed row count.
func (t *Table) Rows() int {
	snap, err := t.Snapshot()
	if err != nil {
		return 0
	}
	return int(snap.Rows())
}

// ColumnNames is the table's column names.
func (t *Table) ColumnNames() []string {
	snap, err := t.Snapshot()
	if err != nil {
		return nil
	}
	return snap.Names()
}

// PartitionColumnNames is the table's partitioning columns.
func (t *Table) PartitionColumnNames() []string {
	snap, err := t.Snapshot()
	if err != nil {
		return nil
	}
	return snap.PartitionColumns()
}

// LoadPruned reads columns cols (nil: all) of the partitions that may hold
// rows satisfying every condition condCols[i] condOps[i] condVals[i] (see
// Partition.MayMatch), in partition order. It takes only std and value
// types so that the SQL engine can call it through an interface of its
// own. With shared, the caller promises to neither modify the columns nor
// let them escape (an aggregating query), so cached columns are not
// copied.
func (t *Table) LoadPruned(cols []string, condCols, condOps []string, condVals [][]value.Value, shared bool) (*value.Table, error) {
	snap, sub, err := t.pruned(condCols, condOps, condVals)
	if err != nil {
		return nil, err
	}
	return t.st.loadTable(snap.with(sub), cols, shared)
}

// PrunedPartitions is LoadPruned one partition at a time, for queries that
// compute per partition and merge (map-reduce): n is the number of
// partitions that may hold matching rows, and read(i, cols, shared)
// returns columns cols of the i-th of them in partition order (shared as
// in LoadPruned). All reads see one snapshot; read is safe for concurrent
// use, and callers run it on LocalExecutors workers.
func (t *Table) PrunedPartitions(condCols, condOps []string, condVals [][]value.Value) (n int, read func(i int, cols []string, shared bool) (*value.Table, error), err error) {
	snap, sub, err := t.pruned(condCols, condOps, condVals)
	if err != nil {
		return 0, nil, err
	}
	read = func(i int, cols []string, shared bool) (*value.Table, error) {
		return t.st.loadTable(snap.with(sub[i:i+1]), cols, shared)
	}
	return len(sub), read, nil
}

// pruned takes a snapshot and keeps the chunks that may match every
// condition, in partition order.
func (t *Table) pruned(condCols, condOps []string, condVals [][]value.Value) (*TableSnapshot, []*ChunkMeta, error) {
	snap, err := t.Snapshot()
	if err != nil {
		return nil, nil, err
	}
	var keep []*ChunkMeta
	for _, p := range snap.Partitions() {
		ok := true
		for i := range condCols {
			if !p.MayMatch(condCols[i], condOps[i], condVals[i]...) {
				ok = false
				break
			}
		}
		if ok {
			keep = append(keep, p.chunk)
		}
	}
	t.st.log.Debug().Int("partitions", len(keep)).Int("of", len(snap.Chunks)).Str("table", t.DB+"/"+t.Name).Msg("scan")
	return snap, keep, nil
}

// with is the snapshot restricted to chunks.
func (ts *TableSnapshot) with(chunks []*ChunkMeta) *TableSnapshot {
	sub := *ts
	sub.Chunks = chunks
	return &sub
}

// PartitionColumnTypes is the type each partitioning level converts its
// column to (DATE for a VALUE scheme of dates over a DATETIME column),
// aligned with PartitionColumnNames: a query's group key that determines
// this value keeps each group in one partition.
func (t *Table) PartitionColumnTypes() []value.Type {
	snap, err := t.Snapshot()
	if err != nil {
		return nil
	}
	out := make([]value.Type, len(snap.Table.PartCols))
	for i := range out {
		if i < len(snap.DB.Levels) {
			out[i] = snap.DB.Levels[i].ColType
		}
	}
	return out
}

// LocalExecutors is the number of workers a query on the table runs its
// partitions on (the node's localExecutors setting).
func (t *Table) LocalExecutors() int { return t.st.LocalExecutors() }
