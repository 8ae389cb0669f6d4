// This file defines the TSDB engine's pieces: sorting a chunk's rows by
// sortColumns, keepDuplicates (ALL, FIRST, LAST), and the background merge
// of level-0 segments into one level-1 segment.

package dfs

import (
	"cmp"
	"sort"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// cmpRows compares rows i and j of v.
func cmpRows(v *value.Vector) func(i, j int) int {
	switch v.Type() {
	case value.STRING, value.BLOB:
		s := v.Strings()
		return func(i, j int) int { return strings.Compare(s[i], s[j]) }
	case value.SYMBOL:
		s, c := v.Symbols().Syms, v.Ints()
		return func(i, j int) int { return strings.Compare(s[c[i]], s[c[j]]) }
	case value.FLOAT:
		x := v.Floats()
		return func(i, j int) int { return cmp.Compare(x[i], x[j]) }
	case value.DOUBLE:
		x := v.Doubles()
		return func(i, j int) int { return cmp.Compare(x[i], x[j]) }
	}
	switch v.Type().Width() {
	case 1:
		x := v.Int8s()
		return func(i, j int) int { return cmp.Compare(x[i], x[j]) }
	case 2:
		x := v.Shorts()
		return func(i, j int) int { return cmp.Compare(x[i], x[j]) }
	case 4:
		x := v.Ints()
		return func(i, j int) int { return cmp.Compare(x[i], x[j]) }
	case 8:
		x := v.Longs()
		return func(i, j int) int { return cmp.Compare(x[i], x[j]) }
	}
	return func(i, j int) int { return cmp.Compare(v.Get(i).String(), v.Get(j).String()) }
}

// sortDedupe sorts cols by the table's sortColumns, stably (so equal keys
// keep write order), and applies keepDuplicates.
func sortDedupe(tm *TableMeta, cols []*value.Vector) []*value.Vector {
	n := cols[0].Len()
	var cmps []func(i, j int) int
	for _, sc := range tm.SortCols {
		if ci := tm.ColIndex(sc); ci >= 0 {
			cmps = append(cmps, cmpRows(cols[ci]))
		}
	}
	if len(cmps) == 0 {
		return cols
	}
	compare := func(i, j int) int {
		for _, c := range cmps {
			if r := c(i, j); r != 0 {
				return r
			}
		}
		return 0
	}
	idx := make([]int, n)
	sorted := true
	for i := range idx {
		idx[i] = i
		if i > 0 && sorted && compare(i-1, i) > 0 {
			sorted = false
		}
	}
	if !sorted {
		sort.SliceStable(idx, func(a, b int) bool { return compare(idx[a], idx[b]) < 0 })
	}
	keep := strings.ToUpper(tm.KeepDup)
	if keep == "FIRST" || keep == "LAST" {
		out := idx[:0:0]
		for k := 0; k < len(idx); {
			e := k + 1
			for e < len(idx) && compare(idx[k], idx[e]) == 0 {
				e++
			}
			if keep == "FIRST" {
				out = append(out, idx[k])
			} else {
				out = append(out, idx[e-1])
			}
			k = e
		}
		idx = out
	}
	if sorted && len(idx) == n {
		return cols
	}
	res := make([]*value.Vector, len(cols))
	for i, c := range cols {
		res[i] = c.Gather(idx)
	}
	return res
}

// scheduleMerges starts a background merge of each chunk that has reached
// the level-0 segment threshold.
func (s *Store) scheduleMerges(db, table string, chunks []TxnChunk) {
	if s.cfg.MergeThreshold < 0 {
		return
	}
	d, ok := s.cat.Database(db)
	if !ok || d.Tables[table] == nil {
		return
	}
	t := d.Tables[table]
	for _, tc := range chunks {
		ch := t.Chunks[tc.Path]
		if ch == nil {
			continue
		}
		l0 := 0
		for _, sg := range ch.Segs {
			if sg.Level == 0 {
				l0++
			}
		}
		if l0 < s.cfg.MergeThreshold {
			continue
		}
		key := db + "|" + table + "|" + tc.Path
		s.mergeMu.Lock()
		if s.merging[key] {
			s.mergeMu.Unlock()
			continue
		}
		s.merging[key] = true
		s.mergeWG.Add(1)
		s.mergeMu.Unlock()
		go func() {
			defer func() {
				s.mergeMu.Lock()
				delete(s.merging, key)
				s.mergeMu.Unlock()
				s.mergeWG.Done()
			}()
			if err := s.mergeChunk(db, table, tc.Path); err != nil {
				s.log.Warn().Err(err).Str("chunk", key).Msg("TSDB merge skipped")
			}
		}()
	}
}

// mergeChunk merges all segments of one chunk into a level-1 segment, as a
// transaction (it fails harmlessly if a writer holds the chunk).
func (s *Store) mergeChunk(db, table, path string) error {
	snap, err := s.Snapshot(db, table)
	if err != nil {
		return err
	}
	for _, ch := range snap.Chunks {
		if ch.Path == path && len(ch.Segs) > 1 {
			n := len(ch.Segs)
			if _, _, err := s.rewrite(snap, []*ChunkMeta{ch}, 1, func(_ string, t *value.Table) (*value.Table, error) { return t, nil }); err != nil {
				return err
			}
			s.log.Info().Msgf("TSDB merge of %s%s/%s: %d segments into 1", db, path, table, n)
		}
	}
	return nil
}
