// This file defines the read path: the columns of one chunk at a snapshot.

package dfs

import (
	"fmt"
	"sync"

	"github.com/porpoisedb/porpoise/vm/value"
)

// ReadChunk returns the columns cols (schema positions) of chunk ch as of
// the snapshot, segments in commit order. For TSDB tables with more than
// one segment, or with keepDuplicates FIRST/LAST, rows are merged in
// sortColumns order and deduplicated. A corrupt or missing file is an
// error naming it.
func (s *Store) ReadChunk(snap *TableSnapshot, ch *ChunkMeta, cols []int) ([]*value.Vector, error) {
	return s.readChunk(snap, ch, cols, false)
}

// readChunk is ReadChunk; shared allows cached columns to be returned
// without a copy (see colCache.get).
func (s *Store) readChunk(snap *TableSnapshot, ch *ChunkMeta, cols []int, shared bool) ([]*value.Vector, error) {
	tm := snap.Table
	need := cols
	tsdbMerge := snap.DB.engineTSDB() && len(tm.SortCols) > 0 && (len(ch.Segs) > 1 || (tm.KeepDup != "" && tm.KeepDup != "ALL"))
	if tsdbMerge {
		need = make([]int, len(tm.Cols))
		for i := range need {
			need[i] = i
		}
	}
	bases := make([]*value.SymbolBase, len(tm.Cols))
	for _, c := range need {
		if tm.Cols[c].Type == value.SYMBOL && len(ch.Segs) > 1 {
			bases[c] = value.NewSymbolBase()
		}
	}
	out := make([]*value.Vector, len(tm.Cols))
	for _, sg := range ch.Segs {
		r, err := s.cs.Open(sg)
		if err != nil {
			return nil, err
		}
		r.shared = shared && len(ch.Segs) == 1 && !tsdbMerge
		vs := make([]*value.Vector, len(need))
		errs := make([]error, len(need))
		if len(need) > 1 && r.rows() >= 1<<16 && s.cfg.LocalExecutors > 1 {
			var wg sync.WaitGroup
			for k, c := range need {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[k] = safe(func() (err error) { vs[k], err = r.schemaColumn(tm.Cols[c], bases[c]); return })
				}()
			}
			wg.Wait()
		} else {
			for k, c := range need {
				if vs[k], errs[k] = r.schemaColumn(tm.Cols[c], bases[c]); errs[k] != nil {
					break
				}
			}
		}
		for k, c := range need {
			v, err := vs[k], errs[k]
			if err != nil {
				r.close()
				return nil, err
			}
			if v.Type() != tm.Cols[c].Type {
				r.close()
				return nil, corruptf(r.path, "column %s has type %s, the schema says %s", tm.Cols[c].Name, v.Type(), tm.Cols[c].Type)
			}
			if out[c] == nil {
				out[c] = v
			} else if err := out[c].AppendVector(v); err != nil {
				r.close()
				return nil, err
			}
		}
		r.close()
	}
	for _, c := range need {
		if out[c] == nil {
			ct := tm.Cols[c]
			if ct.Type.IsDecimal() {
				out[c] = value.NewDecimalVector(ct.Type, ct.Scale, 0)
			} else {
				out[c] = value.NewVector(ct.Type, 0)
			}
		}
	}
	if tsdbMerge {
		out = sortDedupe(tm, out)
	}
	res := make([]*value.Vector, len(cols))
	for i, c := range cols {
		res[i] = out[c]
	}
	return res, nil
}

// Verify checks the checksums of every file of a table's snapshot and
// returns one error per bad file.
func (s *Store) Verify(snap *TableSnapshot) []error {
	var errs []error
	for _, ch := range snap.Chunks {
		for _, sg := range ch.Segs {
			r, err := s.cs.Open(sg)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if err := r.verify(); err != nil {
				errs = append(errs, err)
			}
			r.close()
		}
	}
	return errs
}

// LoadTable reads the whole table (columns cols by name; nil = all) into
// memory, chunks in partition order. Chunks that fail to read are
// reported in the error.
func (s *Store) LoadTable(snap *TableSnapshot, names []string) (*value.Table, error) {
	return s.loadTable(snap, names, false)
}

func (s *Store) loadTable(snap *TableSnapshot, names []string, shared bool) (*value.Table, error) {
	tm := snap.Table
	if names == nil {
		names = tm.Names()
	}
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = tm.ColIndex(n)
		if idx[i] < 0 {
			return nil, uerr(ErrNotFound, fmt.Sprintf("The column [%s] does not exist in the table [%s].", n, tm.Name))
		}
	}
	parts := make([][]*value.Vector, len(snap.Chunks))
	errs := make([]error, len(snap.Chunks))
	sem := make(chan struct{}, s.cfg.LocalExecutors)
	done := make(chan struct{})
	for i, ch := range snap.Chunks {
		go func() {
			sem <- struct{}{}
			errs[i] = safe(func() (err error) { parts[i], err = s.readChunk(snap, ch, idx, shared); return })
			<-sem
			done <- struct{}{}
		}()
	}
	for range snap.Chunks {
		<-done
	}
	cols := make([]value.Value, len(names))
	for j, c := range idx {
		ct := tm.Cols[c]
		n := 0
		for i := range parts {
			if errs[i] != nil {
				return nil, errs[i]
			}
			n += parts[i][j].Len()
		}
		if len(parts) == 1 {
			if errs[0] != nil {
				return nil, errs[0]
			}
			cols[j] = parts[0][j]
			continue
		}
		var v *value.Vector
		if ct.Type.IsDecimal() {
			v = value.NewDecimalVector(ct.Type, ct.Scale, 0)
		} else {
			v = value.NewVectorCap(ct.Type, 0, n)
		}
		for i := range parts {
			if err := v.AppendVector(parts[i][j]); err != nil {
				return nil, err
			}
		}
		cols[j] = v
	}
	return value.NewTable(names, cols)
}
