// This file defines upsert! and tableUpsert on DFS tables: a row of the
// new data whose key (keyColNames and the partitioning columns, as the
// manual says: a DFS table has no key of its own) matches a row of the
// table updates the first such row; the others are appended. The
// partitions that hold matches are rewritten in one transaction (with
// sortColumns, each rewritten partition is sorted by them); rows for
// partitions the table has no data in are then appended.

package dfs

import (
	"fmt"
	"sort"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

func upsertFunctions(st *Store, add func(string, []string, func(value.Env, []value.Value) (value.Value, error)), delegate func(string, value.Env, []value.Value) (value.Value, error)) {
	params := []string{"obj", "newData", "ignoreNull", "keyColNames", "sortColumns"}
	run := func(name string, a []value.Value, h *Table) (int, int, error) {
		nd, ok := arg(a, 1).(*value.Table)
		if !ok {
			return 0, 0, userErr("%s: newData must be an in-memory table.", name)
		}
		ignoreNull := false
		if v := arg(a, 2); v != nil {
			b, ok := toInt(v)
			if !ok {
				return 0, 0, userErr("%s: ignoreNull must be a Boolean value.", name)
			}
			ignoreNull = b != 0
		}
		var keys, sortCols []string
		if v := arg(a, 3); v != nil {
			if keys, ok = strsArg(v); !ok {
				return 0, 0, userErr("%s: keyColNames must be a STRING scalar or vector.", name)
			}
		}
		if v := arg(a, 4); v != nil {
			if sortCols, ok = strsArg(v); !ok {
				return 0, 0, userErr("%s: sortColumns must be a STRING scalar or vector.", name)
			}
		}
		return st.Upsert(h, nd, ignoreNull, keys, sortCols)
	}
	add("upsert!", params, func(env value.Env, a []value.Value) (value.Value, error) {
		h, ok := arg(a, 0).(*Table)
		if !ok {
			return delegate("upsert!", env, a)
		}
		if _, _, err := run("upsert!", a, h); err != nil {
			return nil, err
		}
		return h, nil
	})
	add("tableUpsert", params, func(env value.Env, a []value.Value) (value.Value, error) {
		h, ok := arg(a, 0).(*Table)
		if !ok {
			return delegate("tableUpsert", env, a)
		}
		ins, upd, err := run("tableUpsert", a, h)
		if err != nil {
			return nil, err
		}
		return value.NewPair(value.Long(ins), value.Long(upd))
	})
}

// Upsert writes nd into the table of h: rows whose key matches update, the
// others are inserted. It returns the rows inserted and updated.
func (s *Store) Upsert(h *Table, nd *value.Table, ignoreNull bool, keys, sortCols []string) (inserted, updated int, err error) {
	snap, err := h.Snapshot()
	if err != nil {
		return 0, 0, err
	}
	d, tm := snap.DB, snap.Table
	if nd.NumCols() != len(tm.Cols) {
		return 0, 0, uerr(ErrInvalid, "The number of columns of the current table must match that of the target table. RefId:S01015")
	}
	cols, err := conformColumns(tm, nd)
	if err != nil {
		return 0, 0, err
	}
	var keyIdx []int
	for _, k := range append(append([]string(nil), keys...), tm.PartCols...) {
		i := tm.ColIndex(k)
		if i < 0 {
			return 0, 0, userErr("The column [%s] does not exist in the table [%s].", k, tm.Name)
		}
		if !containsInt(keyIdx, i) {
			keyIdx = append(keyIdx, i)
		}
	}
	if len(keyIdx) == 0 {
		return 0, 0, userErr("upsert!: keyColNames must be given for a DFS table without partitioning columns.")
	}
	var sortIdx []int
	if len(sortCols) > 0 {
		if d.engineTSDB() {
			return 0, 0, userErr("upsert!: sortColumns is supported with the OLAP engine only.")
		}
		for _, c := range sortCols {
			i := tm.ColIndex(c)
			if i < 0 {
				return 0, 0, userErr("The column [%s] does not exist in the table [%s].", c, tm.Name)
			}
			sortIdx = append(sortIdx, i)
		}
	}
	if len(cols) == 0 || cols[0].Len() == 0 {
		return 0, 0, nil
	}
	parts, _, err := s.partition(d, tm, cols)
	if err != nil {
		return 0, 0, err
	}
	byPath := map[string]*ChunkMeta{}
	for _, ch := range snap.Chunks {
		byPath[ch.Path] = ch
	}
	rowsOf := map[string][]int{}
	var touched []*ChunkMeta
	var fresh []int // rows for partitions without data: appended
	for _, p := range parts {
		rows := p.rows
		if rows == nil {
			lo, hi := p.lo, p.hi
			if hi == 0 {
				lo, hi = 0, cols[0].Len()
			}
			for r := lo; r < hi; r++ {
				rows = append(rows, r)
			}
		}
		if ch := byPath[p.chunk.Path]; ch != nil && ch.Rows > 0 {
			rowsOf[ch.Path] = rows
			touched = append(touched, ch)
		} else {
			fresh = append(fresh, rows...)
		}
	}
	// Counts per partition: a retried transaction recounts.
	ins, upd := map[string]int{}, map[string]int{}
	if len(touched) > 0 {
		_, _, err := s.rewrite(snap, touched, 0, func(path string, t *value.Table) (*value.Table, error) {
			nt, i, u, err := upsertChunk(tm, t, cols, rowsOf[path], keyIdx, ignoreNull, sortIdx)
			ins[path], upd[path] = i, u
			return nt, err
		})
		if err != nil {
			return 0, 0, err
		}
	}
	for p := range ins {
		inserted += ins[p]
		updated += upd[p]
	}
	if len(fresh) > 0 {
		sort.Ints(fresh)
		// sortColumns does not apply to rows of partitions the table had
		// no data in (upsert!'s manual: "obj is an empty table").
		vs := make([]value.Value, len(cols))
		for j, c := range cols {
			vs[j] = c.Gather(fresh)
		}
		t, err := value.NewTable(tm.Names(), vs)
		if err != nil {
			return 0, 0, err
		}
		n, err := s.Append(d.Name, tm.Name, t)
		if err != nil {
			return 0, 0, err
		}
		inserted += n
	}
	return inserted, updated, nil
}

// upsertChunk applies rows of cols to the chunk table t: each row whose
// key matches a row of t updates the first one (with ignoreNull, null
// values leave the old ones), the others are appended; with sortIdx the
// result is sorted stably by those columns.
func upsertChunk(tm *TableMeta, t *value.Table, cols []*value.Vector, rows, keyIdx []int, ignoreNull bool, sortIdx []int) (*value.Table, int, int, error) {
	out := make([]*value.Vector, len(cols))
	for j := range out {
		out[j] = t.Column(j).Clone()
	}
	first := map[string]int{}
	for i := out[0].Len() - 1; i >= 0; i-- {
		if k, ok := rowKey(out, keyIdx, i); ok {
			first[k] = i
		}
	}
	var insRows []int
	upd := 0
	for _, r := range rows {
		k, ok := rowKey(cols, keyIdx, r)
		i, found := first[k]
		if !ok || !found {
			insRows = append(insRows, r)
			continue
		}
		upd++
		for j, c := range cols {
			if ignoreNull && c.IsNullAt(r) {
				continue
			}
			if err := out[j].Set(i, c.Get(r)); err != nil {
				return nil, 0, 0, err
			}
		}
	}
	if len(insRows) > 0 {
		for j, c := range cols {
			if err := out[j].AppendVector(c.Gather(insRows)); err != nil {
				return nil, 0, 0, err
			}
		}
	}
	if len(sortIdx) > 0 {
		out = sortByColumns(out, sortIdx)
	}
	vs := make([]value.Value, len(out))
	for j, c := range out {
		vs[j] = c
	}
	nt, err := value.NewTable(tm.Names(), vs)
	return nt, len(insRows), upd, err
}

// rowKey is the key of row i; ok is false when a key value is null (a
// null never matches, as enableNullSafeJoin=false, the default, has it).
func rowKey(cols []*value.Vector, keyIdx []int, i int) (string, bool) {
	var b strings.Builder
	for _, j := range keyIdx {
		if cols[j].IsNullAt(i) {
			return "", false
		}
		fmt.Fprintf(&b, "%s\x00", cols[j].Get(i).String())
	}
	return b.String(), true
}

// sortByColumns sorts the rows of cols stably by the columns sortIdx.
func sortByColumns(cols []*value.Vector, sortIdx []int) []*value.Vector {
	n := cols[0].Len()
	cmps := make([]func(i, j int) int, len(sortIdx))
	for k, c := range sortIdx {
		cmps[k] = cmpRows(cols[c])
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		for _, c := range cmps {
			if r := c(idx[a], idx[b]); r != 0 {
				return r < 0
			}
		}
		return false
	})
	out := make([]*value.Vector, len(cols))
	for j, c := range cols {
		out[j] = c.Gather(idx)
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
