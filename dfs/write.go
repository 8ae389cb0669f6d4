// This file defines the write path: append!/tableInsert on a DFS table,
// coordinated as a two-phase commit between the catalog and the chunk
// store.

package dfs

import (
	"errors"
	"fmt"
	"time"

	"github.com/porpoisedb/porpoise/vm/value"
)

// errFewerColumns is DolphinDB's error for an append of fewer columns
// into a partition that already holds data of more.
var errFewerColumns = uerr(ErrInvalid, "The data to append contains fewer columns than the schema.")

// conformColumns converts the columns of t, by position, to the table's
// schema types, with DolphinDB's conversion rules (append! semantics):
// each column must be of a compatible type (S05004) and is then
// converted. t may have fewer columns than the schema (the table gained
// columns with addColumn since the data were shaped, as the insert
// tutorial shows) as long as it has the partitioning and sort columns;
// otherwise the counts must agree (S01015).
func conformColumns(tm *TableMeta, t *value.Table) ([]*value.Vector, error) {
	if t.NumCols() > len(tm.Cols) || t.NumCols() < minColumns(tm) {
		return nil, uerr(ErrInvalid, "The number of columns of the current table must match that of the target table. RefId:S01015")
	}
	out := make([]*value.Vector, t.NumCols())
	for i, c := range t.Columns() {
		want := tm.Cols[i]
		if c.Type() == want.Type && (!want.Type.IsDecimal() || c.Scale() == want.Scale) {
			out[i] = c
			continue
		}
		if !appendCompatible(want.Type, c.Type()) {
			return nil, uerr(ErrInvalid, fmt.Sprintf("The column %s expects type of %s, but the actual type is %s. RefId:S05004", want.Name, want.Type, c.Type()))
		}
		var dst *value.Vector
		if want.Type.IsDecimal() {
			dst = value.NewDecimalVector(want.Type, want.Scale, 0)
		} else {
			dst = value.NewVectorCap(want.Type, 0, c.Len())
		}
		if err := dst.AppendVector(c); err != nil {
			return nil, uerr(ErrInvalid, fmt.Sprintf("The column %s expects type of %s, but the actual type is %s. RefId:S05004", want.Name, want.Type, c.Type()))
		}
		out[i] = dst
	}
	return out, nil
}

// minColumns is how many leading columns an append must have: through
// the last partitioning or sort column, and at least one.
func minColumns(tm *TableMeta) int {
	n := 1
	for _, cs := range [][]string{tm.PartCols, tm.SortCols} {
		for _, c := range cs {
			if i := tm.ColIndex(c); i+1 > n {
				n = i + 1
			}
		}
	}
	return n
}

// checkNarrowAppend refuses an append of k < all columns into a chunk
// whose data have one of the columns past k: DolphinDB keeps a file per
// column and partition, and once a partition has the wider schema it
// takes no narrower data (addColumn's manual).
func (s *Store) checkNarrowAppend(d *DBMeta, tm *TableMeta, k int, parts []*part) error {
	if k == len(tm.Cols) {
		return nil
	}
	snap, err := s.Snapshot(d.Name, tm.Name)
	if err != nil {
		return err
	}
	byPath := map[string]*ChunkMeta{}
	for _, ch := range snap.Chunks {
		byPath[ch.Path] = ch
	}
	for _, p := range parts {
		ch := byPath[p.chunk.Path]
		if ch == nil {
			continue
		}
		for _, sg := range ch.Segs {
			r, err := s.cs.Open(sg)
			if err != nil {
				return err
			}
			wide := false
			for _, c := range tm.Cols[k:] {
				if r.hasColumn(c.phys()) {
					wide = true
					break
				}
			}
			r.close()
			if wide {
				return errFewerColumns
			}
		}
	}
	return nil
}

// appendCompatible is DolphinDB's rule for writing a column of type got
// into a DFS column of type want (error code S05004): the same type or
// category (INT and LONG, DATE and DATETIME, STRING and SYMBOL), integral
// into floating, integral or floating into DECIMAL. A column of nulls
// without a type (VOID) fits anywhere.
func appendCompatible(want, got value.Type) bool {
	cw, cg := want.Category(), got.Category()
	switch {
	case want == got || cw == cg || cg == value.NOTHING:
		return true
	case cw == value.FLOATING && cg == value.INTEGRAL:
		return true
	case cw == value.DENARY && (cg == value.INTEGRAL || cg == value.FLOATING):
		return true
	}
	return false
}

// part is the rows of one append that go to one chunk.
type part struct {
	chunk  TxnChunk
	rows   []int // nil: rows [lo, hi), or all rows when hi == 0
	lo, hi int
}

// partition maps rows to chunks; newKeys are VALUE keys to add on commit.
func (s *Store) partition(d *DBMeta, tm *TableMeta, cols []*value.Vector) ([]*part, [][]Key, error) {
	n := 0
	if len(cols) > 0 {
		n = cols[0].Len()
	}
	if tm.Dimension || len(d.Levels) == 0 {
		return []*part{{chunk: TxnChunk{Path: "/" + tm.Name, Dirs: []string{tm.Name}}}}, nil, nil
	}
	levels := make([]*assignment, len(d.Levels))
	newKeys := make([][]Key, len(d.Levels))
	for i, l := range d.Levels {
		ci := tm.ColIndex(tm.PartCols[i])
		a, err := l.assign(cols[ci], s.cfg.NewValuePartitionPolicy)
		if err != nil {
			return nil, nil, err
		}
		levels[i] = a
		newKeys[i] = a.newKeys
	}
	var pidx []int32
	var parts []*part
	if len(levels) == 1 {
		a := levels[0]
		pidx = a.idx
		for p, dir := range a.dirs {
			parts = append(parts, &part{chunk: TxnChunk{Path: "/" + dir, Dirs: []string{dir}, Keys: []Key{a.keys[p]}}})
		}
	} else {
		pidx = make([]int32, n)
		slot := map[[3]int32]int32{}
		for r := 0; r < n; r++ {
			var k [3]int32
			drop := false
			for i, a := range levels {
				k[i] = a.idx[r]
				if k[i] < 0 {
					drop = true
				}
			}
			if drop {
				pidx[r] = -1
				continue
			}
			p, ok := slot[k]
			if !ok {
				p = int32(len(parts))
				slot[k] = p
				tc := TxnChunk{}
				for i, a := range levels {
					tc.Dirs = append(tc.Dirs, a.dirs[k[i]])
					tc.Keys = append(tc.Keys, a.keys[k[i]])
					tc.Path += "/" + a.dirs[k[i]]
				}
				parts = append(parts, &part{chunk: tc})
			}
			pidx[r] = p
		}
	}
	if len(parts) == 1 {
		all := true
		for _, p := range pidx {
			if p != 0 {
				all = false
				break
			}
		}
		if all {
			return parts, newKeys, nil
		}
	}
	// Rows of one partition usually form one run (data arrive in
	// partition order): keep [lo, hi) and build row lists only otherwise.
	runs := make([]int, len(parts))
	counts := make([]int, len(parts))
	prev := int32(-2)
	for r, p := range pidx {
		if p >= 0 {
			counts[p]++
			if p != prev {
				runs[p]++
				parts[p].lo = r
			}
		}
		prev = p
	}
	for i, p := range parts {
		if runs[i] == 1 {
			p.hi = p.lo + counts[i]
		} else {
			p.rows = make([]int, 0, counts[i])
		}
	}
	for r, p := range pidx {
		if p >= 0 && parts[p].rows != nil {
			parts[p].rows = append(parts[p].rows, r)
		}
	}
	return parts, newKeys, nil
}

// Append writes t into a table as one transaction: every touched
// partition commits, or none does. It returns the number of rows written
// (rows outside the scheme are dropped under the skip policy).
func (s *Store) Append(db, table string, t *value.Table) (int, error) {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return 0, ErrClosed
	}
	d, err := s.Database(db)
	if err != nil {
		return 0, err
	}
	tm := d.Tables[table]
	if tm == nil {
		return 0, uerr(ErrNotFound, fmt.Sprintf("The table [%s] does not exist in the database [%s].", table, d.Name))
	}
	cols, err := conformColumns(tm, t)
	if err != nil {
		return 0, err
	}
	if len(cols) == 0 || cols[0].Len() == 0 {
		return 0, nil
	}
	parts, newKeys, err := s.partition(d, tm, cols)
	if err != nil {
		return 0, err
	}
	if len(parts) == 0 {
		return 0, nil
	}
	if err := s.checkNarrowAppend(d, tm, len(cols), parts); err != nil {
		return 0, err
	}
	names, methods := tm.physNames()[:len(cols)], tm.Methods()[:len(cols)]
	writes := make([]ChunkWrite, len(parts))
	total := 0
	for i, p := range parts {
		pc := cols
		lo, hi := p.lo, p.hi
		if p.rows != nil || (d.engineTSDB() && len(tm.SortCols) > 0 && hi > 0) {
			rows := p.rows
			if rows == nil {
				rows = make([]int, hi-lo)
				for j := range rows {
					rows[j] = lo + j
				}
			}
			pc = make([]*value.Vector, len(cols))
			for j, c := range cols {
				pc[j] = c.Gather(rows)
			}
			lo, hi = 0, 0
		}
		if d.engineTSDB() && len(tm.SortCols) > 0 {
			pc = sortDedupe(tm, pc)
		}
		writes[i] = ChunkWrite{DB: d.ShortName(), Path: p.chunk.Path, Table: tm.dir(), Names: names, Cols: pc, Methods: methods, Lo: lo, Hi: hi}
		l, h := writes[i].window()
		total += h - l
	}
	chunks := make([]TxnChunk, len(parts))
	for i, p := range parts {
		chunks[i] = p.chunk
	}
	if d.atomicChunk() {
		if err := s.eachAvailable(d.Name, tm.Name, chunks, func(tid uint64, begun []TxnChunk, idx []int) error {
			sub := make([]ChunkWrite, len(idx))
			for j, k := range idx {
				sub[j] = writes[k]
			}
			err := s.commitAppend(d, tm, tid, begun, sub, newKeys)
			newKeys = nil // added with the first part
			return err
		}); err != nil {
			return 0, err
		}
		return total, nil
	}
	tid, chunks, err := s.cat.Begin(d.Name, tm.Name, chunks)
	if err != nil {
		return 0, err
	}
	if err := s.commitAppend(d, tm, tid, chunks, writes, newKeys); err != nil {
		return 0, err
	}
	return total, nil
}

// commitAppend runs transaction tid, begun on chunks, to its end: the
// chunk store prepares writes (writes[i] goes to chunks[i]), the catalog
// commits, then both complete. On error the transaction is rolled back.
func (s *Store) commitAppend(d *DBMeta, tm *TableMeta, tid uint64, chunks []TxnChunk, writes []ChunkWrite, newKeys [][]Key) error {
	for i := range writes {
		writes[i].ChunkID = chunks[i].ID
	}
	segs, err := s.cs.Prepare(tid, writes)
	if err != nil {
		s.cat.Abort(tid)
		return fmt.Errorf("append to %s/%s: %w", d.Name, tm.Name, err)
	}
	byPath := make(map[string]SegRef, len(segs))
	for i, sg := range segs {
		byPath[chunks[i].Path] = sg
	}
	cid, err := s.cat.Commit(tid, byPath, newKeys, nil)
	if err != nil {
		s.cs.Rollback(tid)
		s.cat.Abort(tid)
		return fmt.Errorf("append to %s/%s: %w", d.Name, tm.Name, err)
	}
	if err := s.cs.Commit(tid, cid); err != nil {
		// Committed at the catalog: the chunk store redoes it on restart.
		s.log.Error().Err(err).Uint64("tid", tid).Msg("chunk commit failed; will be redone at recovery")
	}
	s.cat.Complete(tid)
	if d.engineTSDB() {
		s.scheduleMerges(d.Name, tm.Name, chunks)
	}
	return nil
}

// eachAvailable is the write loop of atomic='CHUNK': it begins a
// transaction on the chunks no other transaction holds, runs fn on them
// (fn ends the transaction), and retries the held ones with a growing
// pause until they are free or ChunkLockWait has passed; then the last
// lock error is returned and what fn committed stays committed, as
// DolphinDB's manual says of CHUNK.
func (s *Store) eachAvailable(db, table string, chunks []TxnChunk, fn func(tid uint64, begun []TxnChunk, idx []int) error) error {
	pending := make([]int, len(chunks))
	for i := range pending {
		pending[i] = i
	}
	deadline := time.Now().Add(s.cfg.ChunkLockWait)
	pause := time.Millisecond
	for len(pending) > 0 {
		sub := make([]TxnChunk, len(pending))
		for j, k := range pending {
			sub[j] = chunks[k]
		}
		tid, begun, idx, err := s.cat.BeginAvailable(db, table, sub)
		if err != nil {
			if !errors.Is(err, ErrLocked) || time.Now().After(deadline) {
				return err
			}
			select {
			case <-s.closing:
				return ErrClosed
			case <-time.After(pause):
			}
			pause = min(2*pause, 100*time.Millisecond)
			continue
		}
		orig := make([]int, len(idx))
		for j, k := range idx {
			orig[j] = pending[k]
		}
		if err := fn(tid, begun, orig); err != nil {
			return err
		}
		done := map[int]bool{}
		for _, k := range orig {
			done[k] = true
		}
		rest := pending[:0]
		for _, k := range pending {
			if !done[k] {
				rest = append(rest, k)
			}
		}
		pending = rest
		pause = time.Millisecond
	}
	return nil
}
