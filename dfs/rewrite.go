// This file defines rewrites of whole chunks in one transaction: update and
// delete on DFS tables, and the TSDB merge. A rewritten chunk gets one new
// segment (or none, when emptied) that replaces all its old ones at the
// commit. An update of a partitioning column moves the rows whose new
// value belongs to another partition there, in the same transaction (as
// DolphinDB does since 2.00.10): the transaction then also locks the
// partitions the rows go to.

package dfs

import (
	"errors"
	"fmt"
	"time"

	"github.com/porpoisedb/porpoise/vm/value"
)

// chunkFn rewrites the table of the chunk at path: it returns the new
// rows, or nil for "unchanged".
type chunkFn func(path string, t *value.Table) (*value.Table, error)

// rewrite runs fn on each chunk's table (all columns) and commits the
// results as one transaction; fn returns nil for "unchanged". level is the
// level of the new segments (1 for merges). It returns the rows of the
// chunks fn changed, after the change, and how many chunks fn changed.
//
// Under atomic='CHUNK' (and not for merges, level > 0, which must not wait)
// chunks held by other writers are waited for and rewritten in
// transactions of their own, as appends are.
func (s *Store) rewrite(snap *TableSnapshot, chunks []*ChunkMeta, level int, fn chunkFn) (int, int, error) {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return 0, 0, ErrClosed
	}
	if len(chunks) == 0 {
		return 0, 0, nil
	}
	srcs := make([]TxnChunk, len(chunks))
	for i, ch := range chunks {
		srcs[i] = TxnChunk{Path: ch.Path, Dirs: ch.Dirs, Keys: ch.Keys}
	}
	db, table := snap.DB.Name, snap.Table.Name
	begin := func(tcs []TxnChunk) (uint64, []TxnChunk, error) { return s.cat.Begin(db, table, tcs) }
	if level == 0 && snap.DB.atomicChunk() {
		rows, changed := 0, 0
		err := s.eachAvailable(db, table, srcs, func(tid uint64, begun []TxnChunk, _ []int) error {
			r, c, need, err := s.rewriteTxn(snap, tid, begun, len(begun), level, fn)
			if err == nil && need != nil {
				// Rows move to partitions not locked yet: redo this part
				// with them, waiting for them as CHUNK does.
				r, c, err = s.rewriteLocking(snap, s.beginWaiter(db, table), begun, need, level, fn)
			}
			rows, changed = rows+r, changed+c
			return err
		})
		return rows, changed, err
	}
	return s.rewriteLocking(snap, begin, srcs, nil, level, fn)
}

// rewriteLocking runs rewriteTxn on srcs, locking extra as well, and again
// with more partitions locked while the rewrite moves rows to partitions
// it does not hold (each try reads the chunks afresh under its locks).
func (s *Store) rewriteLocking(snap *TableSnapshot, begin func([]TxnChunk) (uint64, []TxnChunk, error), srcs, extra []TxnChunk, level int, fn chunkFn) (int, int, error) {
	for {
		tcs := append(append([]TxnChunk(nil), srcs...), extra...)
		tid, begun, err := begin(tcs)
		if err != nil {
			return 0, 0, err
		}
		rows, changed, need, err := s.rewriteTxn(snap, tid, begun, len(srcs), level, fn)
		if err != nil || need == nil {
			return rows, changed, err
		}
		extra = append(extra, need...)
	}
}

// beginWaiter returns Begin on db/table retried while another
// transaction holds one of the chunks, up to ChunkLockWait
// (atomic='CHUNK').
func (s *Store) beginWaiter(db, table string) func([]TxnChunk) (uint64, []TxnChunk, error) {
	return func(tcs []TxnChunk) (uint64, []TxnChunk, error) {
		deadline := time.Now().Add(s.cfg.ChunkLockWait)
		pause := time.Millisecond
		for {
			tid, out, err := s.cat.Begin(db, table, tcs)
			if err == nil || !errors.Is(err, ErrLocked) || time.Now().After(deadline) {
				return tid, out, err
			}
			select {
			case <-s.closing:
				return 0, nil, ErrClosed
			case <-time.After(pause):
			}
			pause = min(2*pause, 100*time.Millisecond)
		}
	}
}

// rewriteTxn runs transaction tid, begun on tcs, to its end. tcs[:nsrc]
// are the chunks to rewrite: each is re-read under the lock and rewritten
// by fn. Rows whose partitioning columns fn changed go to the partitions
// they now belong to; when one of those is not among tcs, the transaction
// is aborted and returned in need, for the caller to lock it too.
func (s *Store) rewriteTxn(snap *TableSnapshot, tid uint64, tcs []TxnChunk, nsrc, level int, fn chunkFn) (rows, changed int, need []TxnChunk, err error) {
	defer func() {
		if err != nil || need != nil {
			s.cat.Abort(tid)
		}
	}()
	tm := snap.Table
	// Re-read under the lock: the chunks as of now, not as of snap.
	cur, err := s.Snapshot(snap.DB.Name, tm.Name)
	if err != nil {
		return 0, 0, nil, err
	}
	tm = cur.Table
	byPath := map[string]*ChunkMeta{}
	for _, ch := range cur.Chunks {
		byPath[ch.Path] = ch
	}
	locked := map[string]int{}
	for i, tc := range tcs {
		locked[tc.Path] = i
	}
	all := make([]int, len(tm.Cols))
	for i := range all {
		all[i] = i
	}
	moves := level == 0 && !tm.Dimension && len(cur.DB.Levels) > 0
	content := map[string][]*value.Vector{} // new rows per chunk path
	order := []string{}                     // paths in content, in order
	add := func(path string, cols []*value.Vector) error {
		old, ok := content[path]
		if !ok {
			order = append(order, path)
			content[path] = cols
			return nil
		}
		for j := range old {
			if err := old[j].AppendVector(cols[j]); err != nil {
				return err
			}
		}
		return nil
	}
	replace := map[string][]uint64{}
	var newKeys [][]Key
	moved := map[string]TxnChunk{}
	for _, tc := range tcs[:nsrc] {
		ch := byPath[tc.Path]
		if ch == nil {
			continue
		}
		cols, err := s.ReadChunk(cur, ch, all)
		if err != nil {
			return 0, 0, nil, err
		}
		vs := make([]value.Value, len(cols))
		for j, c := range cols {
			vs[j] = c
		}
		t, err := value.NewTable(tm.Names(), vs)
		if err != nil {
			return 0, 0, nil, err
		}
		nt, err := fn(tc.Path, t)
		if err != nil {
			return 0, 0, nil, err
		}
		if nt == nil {
			continue
		}
		changed++
		ncols, err := conformColumns(tm, nt)
		if err != nil {
			return 0, 0, nil, err
		}
		if len(ncols) != len(tm.Cols) {
			return 0, 0, nil, uerr(ErrInvalid, "The number of columns of the current table must match that of the target table. RefId:S01015")
		}
		for _, sg := range ch.Segs {
			replace[tc.Path] = append(replace[tc.Path], sg.TID)
		}
		n := 0
		if len(ncols) > 0 {
			n = ncols[0].Len()
		}
		rows += n
		if !moves || n == 0 {
			if err := add(tc.Path, ncols); err != nil {
				return 0, 0, nil, err
			}
			continue
		}
		parts, keys, err := s.partition(cur.DB, tm, ncols)
		if err != nil {
			return 0, 0, nil, err
		}
		newKeys = mergeKeys(newKeys, keys)
		placed := 0
		own := false
		for _, p := range parts {
			pc := partCols(p, ncols)
			placed += pc[0].Len()
			if p.chunk.Path == tc.Path {
				own = true
			} else {
				if cur.DB.engineTSDB() && tm.KeepDup != "" && tm.KeepDup != "ALL" {
					return 0, 0, nil, uerr(ErrInvalid, "The partitioning column of a TSDB table can only be updated when keepDuplicates=ALL.")
				}
				moved[p.chunk.Path] = p.chunk
			}
			if err := add(p.chunk.Path, pc); err != nil {
				return 0, 0, nil, err
			}
		}
		if placed != n {
			return 0, 0, nil, uerr(ErrInvalid, fmt.Sprintf("%d updated rows of the table %s have partitioning column values outside the partition scheme.", n-placed, tm.Name))
		}
		if !own {
			// Every row left: the chunk is emptied.
			if err := add(tc.Path, emptyCols(tm)); err != nil {
				return 0, 0, nil, err
			}
		}
	}
	for path, tc := range moved {
		if _, ok := locked[path]; !ok {
			need = append(need, tc)
		}
	}
	if need != nil {
		return 0, 0, need, nil
	}
	if len(replace) == 0 {
		s.cat.Abort(tid) // nothing changed
		return 0, 0, nil, nil
	}
	var writes []ChunkWrite
	var chunksW []TxnChunk
	for _, path := range order {
		ncols := content[path]
		if cur.DB.engineTSDB() && len(tm.SortCols) > 0 && len(ncols) > 0 && ncols[0].Len() > 0 {
			ncols = sortDedupe(tm, ncols)
		}
		if len(ncols) == 0 || ncols[0].Len() == 0 {
			continue
		}
		tc := tcs[locked[path]]
		writes = append(writes, ChunkWrite{ChunkID: tc.ID, DB: cur.DB.ShortName(), Path: path, Table: tm.dir(), Names: tm.physNames()[:len(ncols)], Cols: ncols, Methods: tm.Methods()[:len(ncols)], Level: level})
		chunksW = append(chunksW, tc)
	}
	segs, err := s.cs.Prepare(tid, writes)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("rewrite %s/%s: %w", cur.DB.Name, tm.Name, err)
	}
	segByPath := map[string]SegRef{}
	for i, sg := range segs {
		segByPath[chunksW[i].Path] = sg
	}
	cid, err := s.cat.Commit(tid, segByPath, newKeys, replace)
	if err != nil {
		s.cs.Rollback(tid)
		return 0, 0, nil, fmt.Errorf("rewrite %s/%s: %w", cur.DB.Name, tm.Name, err)
	}
	if err := s.cs.Commit(tid, cid); err != nil {
		s.log.Error().Err(err).Uint64("tid", tid).Msg("chunk commit failed; will be redone at recovery")
	}
	s.cat.Complete(tid)
	// Old segments stay for readers of older snapshots; the next open
	// deletes them (gc).
	return rows, changed, nil, nil
}

// partCols is the columns of the rows of part p.
func partCols(p *part, cols []*value.Vector) []*value.Vector {
	if p.rows == nil && p.hi == 0 {
		return cols
	}
	rows := p.rows
	if rows == nil {
		rows = make([]int, p.hi-p.lo)
		for j := range rows {
			rows[j] = p.lo + j
		}
	}
	out := make([]*value.Vector, len(cols))
	for j, c := range cols {
		out[j] = c.Gather(rows)
	}
	return out
}

// emptyCols is a table's columns with no rows.
func emptyCols(tm *TableMeta) []*value.Vector {
	out := make([]*value.Vector, len(tm.Cols))
	for i, c := range tm.Cols {
		if c.Type.IsDecimal() {
			out[i] = value.NewDecimalVector(c.Type, c.Scale, 0)
		} else {
			out[i] = value.NewVector(c.Type, 0)
		}
	}
	return out
}

// mergeKeys adds the new VALUE keys b to a, per level.
func mergeKeys(a, b [][]Key) [][]Key {
	if a == nil {
		a = make([][]Key, len(b))
	}
	for i, ks := range b {
		for _, k := range ks {
			if !containsKey(a[i], k) {
				a[i] = append(a[i], k)
			}
		}
	}
	return a
}

// RewritePartitions is update/delete on a DFS table: fn gets a private
// in-memory copy of each partition that may satisfy every condition (see
// LoadPruned), changes it in place or returns a new table, or returns nil
// to leave the partition unchanged. All partitions commit in one
// transaction (per partition under atomic='CHUNK'). It returns the number
// of partitions rewritten.
func (t *Table) RewritePartitions(condCols, condOps []string, condVals [][]value.Value, fn func(*value.Table) (*value.Table, error)) (int, error) {
	snap, err := t.Snapshot()
	if err != nil {
		return 0, err
	}
	var chunks []*ChunkMeta
	for _, p := range snap.Partitions() {
		keep := true
		for i := range condCols {
			if !p.MayMatch(condCols[i], condOps[i], condVals[i]...) {
				keep = false
				break
			}
		}
		if keep {
			chunks = append(chunks, p.chunk)
		}
	}
	_, n, err := t.st.rewrite(snap, chunks, 0, func(_ string, t *value.Table) (*value.Table, error) { return fn(t) })
	return n, err
}
