// This file defines rewrites of whole chunks in one transaction: update and
// delete on DFS tables, and the TSDB merge. A rewritten chunk gets one new
// segment (or none, when emptied) that replaces all its old ones at the
// commit.

package dfs

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

// rewrite runs fn on each chunk's table (all columns) and commits the
// results as one transaction; fn returns nil for "unchanged". level is the
// level of the new segments (1 for merges). It returns the rows of the
// chunks fn changed, after the change.
//
// Under atomic='CHUNK' (and not for merges, level > 0, which must not wait)
// chunks held by other writers are waited for and rewritten in
// transactions of their own, as appends are.
func (s *Store) rewrite(snap *TableSnapshot, chunks []*ChunkMeta, level int, fn func(*value.Table) (*value.Table, error)) (int, error) {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return 0, ErrClosed
	}
	if len(chunks) == 0 {
		return 0, nil
	}
	tcs := make([]TxnChunk, len(chunks))
	for i, ch := range chunks {
		tcs[i] = TxnChunk{Path: ch.Path, Dirs: ch.Dirs, Keys: ch.Keys}
	}
	tm := snap.Table
	if level == 0 && snap.DB.atomicChunk() {
		total := 0
		err := s.eachAvailable(snap.DB.Name, tm.Name, tcs, func(tid uint64, begun []TxnChunk, _ []int) error {
			n, err := s.rewriteTxn(snap, tid, begun, level, fn)
			total += n
			return err
		})
		return total, err
	}
	tid, tcs, err := s.cat.Begin(snap.DB.Name, tm.Name, tcs)
	if err != nil {
		return 0, err
	}
	return s.rewriteTxn(snap, tid, tcs, level, fn)
}

// rewriteTxn runs transaction tid, begun on tcs, to its end: each chunk is
// re-read, rewritten by fn and committed (or the transaction aborted).
func (s *Store) rewriteTxn(snap *TableSnapshot, tid uint64, tcs []TxnChunk, level int, fn func(*value.Table) (*value.Table, error)) (int, error) {
	tm := snap.Table
	// Re-read under the lock: the chunks as of now, not as of snap.
	cur, err := s.Snapshot(snap.DB.Name, tm.Name)
	if err != nil {
		s.cat.Abort(tid)
		return 0, err
	}
	byPath := map[string]*ChunkMeta{}
	for _, ch := range cur.Chunks {
		byPath[ch.Path] = ch
	}
	all := make([]int, len(tm.Cols))
	for i := range all {
		all[i] = i
	}
	var writes []ChunkWrite
	replace := map[string][]uint64{}
	var chunksW []TxnChunk
	total := 0
	for i, tc := range tcs {
		ch := byPath[tc.Path]
		if ch == nil {
			continue
		}
		cols, err := s.ReadChunk(cur, ch, all)
		if err != nil {
			s.cat.Abort(tid)
			return 0, err
		}
		vs := make([]value.Value, len(cols))
		for j, c := range cols {
			vs[j] = c
		}
		t, err := value.NewTable(tm.Names(), vs)
		if err != nil {
			s.cat.Abort(tid)
			return 0, err
		}
		nt, err := fn(t)
		if err != nil {
			s.cat.Abort(tid)
			return 0, err
		}
		if nt == nil {
			continue
		}
		ncols, err := conformColumns(tm, nt)
		if err != nil {
			s.cat.Abort(tid)
			return 0, err
		}
		if snap.DB.engineTSDB() && len(tm.SortCols) > 0 && len(ncols) > 0 && ncols[0].Len() > 0 {
			ncols = sortDedupe(tm, ncols)
		}
		for _, sg := range ch.Segs {
			replace[tc.Path] = append(replace[tc.Path], sg.TID)
		}
		if len(ncols) > 0 && ncols[0].Len() > 0 {
			writes = append(writes, ChunkWrite{ChunkID: tcs[i].ID, DB: snap.DB.ShortName(), Path: tc.Path, Table: tm.Name, Names: tm.Names(), Cols: ncols, Methods: tm.Methods(), Level: level})
			chunksW = append(chunksW, tc)
			total += ncols[0].Len()
		}
	}
	if len(replace) == 0 {
		s.cat.Abort(tid)
		return 0, nil
	}
	segs, err := s.cs.Prepare(tid, writes)
	if err != nil {
		s.cat.Abort(tid)
		return 0, fmt.Errorf("rewrite %s/%s: %w", snap.DB.Name, tm.Name, err)
	}
	segByPath := map[string]SegRef{}
	for i, sg := range segs {
		segByPath[chunksW[i].Path] = sg
	}
	cid, err := s.cat.Commit(tid, segByPath, nil, replace)
	if err != nil {
		s.cs.Rollback(tid)
		s.cat.Abort(tid)
		return 0, fmt.Errorf("rewrite %s/%s: %w", snap.DB.Name, tm.Name, err)
	}
	if err := s.cs.Commit(tid, cid); err != nil {
		s.log.Error().Err(err).Uint64("tid", tid).Msg("chunk commit failed; will be redone at recovery")
	}
	s.cat.Complete(tid)
	// Old segments stay for readers of older snapshots; the next open
	// deletes them (gc).
	return total, nil
}

// RewritePartitions is update/delete on a DFS table: fn gets a private
// in-memory copy of each partition that may satisfy every condition (see
// LoadPruned), changes it in place or returns a new table, or returns nil
// to leave the partition unchanged. All partitions commit in one
// transaction. It returns the number of partitions rewritten.
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
	n := 0
	_, err = t.st.rewrite(snap, chunks, 0, func(x *value.Table) (*value.Table, error) {
		r, err := fn(x)
		if r != nil {
			n++
		}
		return r, err
	})
	return n, err
}
