// This file defines what the SQL engine uses to query a DFS table.
//
// Contract (builtins/sql):
//
//  1. A from-clause value implementing Source is a DFS table. Call
//     Snapshot once per query: every read below sees that one consistent
//     committed state, whatever writers do meanwhile.
//  2. snap.Partitions() lists the partitions in partition order (VALUE by
//     value, RANGE/HASH/LIST by index, COMPO level by level). Prune with
//     p.MayMatch(col, op, vals...) for each conjunct of the where clause
//     of the form <column> <op> <constant>: op is "=", "==", "<", "<=",
//     ">", ">=", "in" or "between" (vals: one constant, the elements of
//     the in-list, or low and high). MayMatch is conservative: true
//     unless the partition surely holds no matching row; a column that is
//     not a partition column always gives true. Constants of a finer type
//     (DATETIME against DATE partitions) are handled.
//  3. snap.ReadColumns(p, names) returns the named columns of one
//     partition (only those are read from disk), rows in storage order:
//     write order for OLAP, sortColumns order for TSDB. Partitions may be
//     read concurrently (LocalExecutors() workers); first/last over a
//     query are then taken in partition order, then row order.
//  4. Errors wrap ErrCorrupt / ErrMissing and name the file.
//
// Source.Load reads everything (no pruning) for callers that just want a
// *value.Table. The SQL engine, which may not import this package, uses
// the same steps through Table methods that take only std and value
// types: LoadPruned (the pruned partitions as one table) and
// PrunedPartitions (one at a time, for group-by and aggregate queries run
// per partition and merged), with PartitionColumnNames/Types and
// LocalExecutors.

package dfs

import (
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// Source is a queryable DFS table (the value of loadTable).
type Source interface {
	value.Value
	Snapshot() (*TableSnapshot, error)
	Load(cols []string) (*value.Table, error)
}

// Partition is one partition (chunk) of a snapshot.
type Partition struct {
	Path  string // "/20230108" or "/20230108/Key3"
	Rows  int64
	chunk *ChunkMeta
	snap  *TableSnapshot
}

// Partitions lists the snapshot's partitions in partition order.
func (ts *TableSnapshot) Partitions() []Partition {
	out := make([]Partition, len(ts.Chunks))
	for i, ch := range ts.Chunks {
		out[i] = Partition{Path: ch.Path, Rows: ch.Rows, chunk: ch, snap: ts}
	}
	return out
}

// LocalExecutors is the number of workers a scan or a query runs
// partitions on: the node's localExecutors setting (default GOMAXPROCS).
func (s *Store) LocalExecutors() int { return s.cfg.LocalExecutors }

// Names is the table's column names; Types their types.
func (ts *TableSnapshot) Names() []string     { return ts.Table.Names() }
func (ts *TableSnapshot) Types() []value.Type { return ts.Table.Types() }

// PartitionColumns are the partitioning columns, one per level.
func (ts *TableSnapshot) PartitionColumns() []string { return ts.Table.PartCols }

// ReadColumns reads the named columns of partition p.
func (ts *TableSnapshot) ReadColumns(st *Store, p Partition, names []string) ([]*value.Vector, error) {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = ts.Table.ColIndex(n)
		if idx[i] < 0 {
			return nil, uerr(ErrNotFound, "The column ["+n+"] does not exist in the table ["+ts.Table.Name+"].")
		}
	}
	return st.ReadChunk(ts, p.chunk, idx)
}

// MayMatch reports whether partition p may hold rows where col op vals.
func (p Partition) MayMatch(col, op string, vals ...value.Value) bool {
	ts := p.snap
	for lv, pc := range ts.Table.PartCols {
		if !strings.EqualFold(pc, col) || lv >= len(p.chunk.Keys) || lv >= len(ts.DB.Levels) {
			continue
		}
		if !levelMayMatch(ts.DB.Levels[lv], p.chunk.Keys[lv], op, vals) {
			return false
		}
	}
	return true
}

// constKeys converts constants to keys of level l; ok is false when one
// can't be converted (then nothing is pruned). starts[i] reports that
// constant i is the first value of its key (it converts back to itself:
// 2023.01.11T00:00:00 for the DATE 2023.01.11, but not 12:00:00), so that
// the key's values are all >= it.
func constKeys(l *Level, vals []value.Value) (keys []Key, starts []bool, ok bool) {
	var elems []value.Value
	for _, v := range vals {
		if vec, ok := v.(*value.Vector); ok {
			for i := 0; i < vec.Len(); i++ {
				elems = append(elems, vec.Get(i))
			}
		} else if v.Form() == value.SCALAR {
			elems = append(elems, v)
		} else {
			return nil, nil, false
		}
	}
	out := make([]Key, len(elems))
	starts = make([]bool, len(elems))
	for i, e := range elems {
		if l.strKeys() {
			switch s := e.(type) {
			case value.String:
				out[i] = Key{S: string(s)}
			case value.Symbol:
				out[i] = Key{S: string(s)}
			default:
				return nil, nil, false
			}
			starts[i] = true
			continue
		}
		starts[i] = true
		if e.Type() != l.ColType {
			c, err := value.Cast(e, l.ColType)
			if err != nil {
				return nil, nil, false
			}
			back, err := value.Cast(c, e.Type())
			x, ok1 := value.ToInt64(e)
			y, ok2 := value.ToInt64(back)
			starts[i] = err == nil && ok1 && ok2 && x == y
			e = c
		}
		x, ok := value.ToInt64(e)
		if !ok {
			return nil, nil, false
		}
		out[i] = Key{I: x}
	}
	return out, starts, true
}

func levelMayMatch(l *Level, k Key, op string, vals []value.Value) bool {
	cs, starts, ok := constKeys(l, vals)
	if !ok || len(cs) == 0 {
		return true
	}
	// below: some value of a key that starts at or below a may be < c.
	below := func(a Key) bool {
		if op == "<" && starts[0] {
			return l.less(a, cs[0])
		}
		return !l.less(cs[0], a)
	}
	le := func(a, b Key) bool { return !l.less(b, a) }
	switch l.Type {
	case VALUE:
		switch op {
		case "=", "==", "in":
			for _, c := range cs {
				if c == k {
					return true
				}
			}
			return false
		case "<", "<=":
			return below(k)
		case ">", ">=":
			return le(cs[0], k)
		case "between":
			return len(cs) == 2 && le(cs[0], k) && le(k, cs[1])
		}
	case RANGE:
		i := int(k.I)
		if i+1 >= len(l.Values) {
			return true
		}
		lo, hi := l.Values[i], l.Values[i+1]
		switch op {
		case "=", "==", "in":
			for _, c := range cs {
				if le(lo, c) && l.less(c, hi) {
					return true
				}
			}
			return false
		case "<", "<=":
			return below(lo)
		case ">", ">=":
			return l.less(cs[0], hi)
		case "between":
			return len(cs) == 2 && le(lo, cs[1]) && l.less(cs[0], hi)
		}
	case HASH:
		if op == "=" || op == "==" || op == "in" {
			for _, c := range cs {
				b := int64(0)
				if l.strKeys() {
					b = int64(hashString(c.S) % uint64(l.Buckets))
				} else {
					b = int64(uint64(c.I) % uint64(l.Buckets))
				}
				if b == k.I {
					return true
				}
			}
			return false
		}
	case LIST:
		if (op == "=" || op == "==" || op == "in") && int(k.I) < len(l.Lists) {
			for _, c := range cs {
				for _, x := range l.Lists[k.I] {
					if x == c {
						return true
					}
				}
			}
			return false
		}
	}
	return true
}
