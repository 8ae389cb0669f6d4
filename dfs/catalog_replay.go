// This file defines the catalog's edit-log records, their application
// (shared by live operations and replay) and opening a catalog from disk.

package dfs

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/dfs/vfs"
)

// logRec is one DFSMetaLog record.
type logRec struct {
	Op        string              `json:"op"`
	LSN       uint64              `json:"lsn"`
	DB        *DBMeta             `json:"db,omitempty"`
	Name      string              `json:"name,omitempty"`
	Table     *TableMeta          `json:"table,omitempty"`
	TableName string              `json:"tableName,omitempty"`
	Paths     []string            `json:"paths,omitempty"`
	TID       uint64              `json:"tid,omitempty"`
	CID       uint64              `json:"cid,omitempty"`
	Next      uint64              `json:"next,omitempty"`
	Chunks    []TxnChunk          `json:"chunks,omitempty"`
	Segs      map[string]SegRef   `json:"segs,omitempty"`
	NewKeys   [][]Key             `json:"newKeys,omitempty"`
	Replace   map[string][]uint64 `json:"replace,omitempty"`
	Atomic    string              `json:"atomic,omitempty"`
	DropKeys  []Key               `json:"dropKeys,omitempty"`
	NewName   string              `json:"newName,omitempty"`
}

// OpenCatalog opens (or creates) the catalog kept in dir (<home>/dfsMeta):
// it loads the checkpoint, replays the edit log, and rolls back the
// transactions that began but never committed. warns lists recoverable
// problems (a truncated or corrupt log tail), each naming the file.
func OpenCatalog(fs vfs.FS, dir string, sync bool, log zerolog.Logger) (Catalog, []error, error) {
	c := &memCatalog{
		st:      catalogState{DBs: map[string]*DBMeta{}, Committed: map[uint64]uint64{}},
		locks:   map[string]uint64{},
		active:  map[uint64]*txnInfo{},
		sync:    sync,
		pending: map[uint64]*logRec{},
	}
	c.replaying = true
	log.Info().Msgf("checkpoint file %s", filepath.Join(dir, "DFSMasterMetaCheckpoint.0"))
	log.Info().Msgf("metalog file %s", filepath.Join(dir, "DFSMetaLog.0"))
	n := 0
	j, warns, err := openJournal(fs, dir, "DFSMetaLog.0", "DFSMasterMetaCheckpoint.0", &c.st, func(b []byte) error {
		var r logRec
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		n++
		if r.LSN <= c.st.LSN {
			return nil
		}
		c.st.LSN = r.LSN
		return c.apply(&r)
	})
	if err != nil {
		return nil, warns, err
	}
	if c.st.DBs == nil {
		c.st.DBs = map[string]*DBMeta{}
	}
	if c.st.Committed == nil {
		c.st.Committed = map[uint64]uint64{}
	}
	c.j = j
	c.replaying = false
	log.Info().Msgf("done reading editlog file %s, processsed %d records", filepath.Join(dir, "DFSMetaLog.0"), n)
	for tid := range c.pending {
		log.Info().Msgf("As transaction %d is rollbacked, its chunks are released.", tid)
		c.log(&logRec{Op: "abort", TID: tid}, false)
	}
	c.pending = nil
	for _, w := range warns {
		log.Error().Err(w).Msg("DFS metadata log")
	}
	log.Info().Msgf("Global cid %d Global tid %d, reader snapshot id %d", c.st.CID, c.st.TID, c.st.CID)
	return c, warns, nil
}

// apply changes the in-memory state for rec, copy-on-write.
func (c *memCatalog) apply(r *logRec) error {
	st := &c.st
	switch r.Op {
	case "createDB":
		d := *r.DB
		if d.Tables == nil {
			d.Tables = map[string]*TableMeta{}
		}
		st.Seq++
		d.Seq = st.Seq
		st.DBs[d.Name] = &d
	case "dropDB":
		delete(st.DBs, r.Name)
	case "setAtomic":
		if d := st.DBs[r.Name]; d != nil {
			d = d.clone()
			d.Atomic = r.Atomic
			st.DBs[r.Name] = d
		}
	case "createTable":
		d := st.DBs[r.Name]
		if d == nil {
			return fmt.Errorf("createTable: no database %s", r.Name)
		}
		d = d.clone()
		t := *r.Table
		t.Chunks = map[string]*ChunkMeta{}
		st.Seq++
		t.Seq = st.Seq
		d.Tables[t.Name] = &t
		st.DBs[r.Name] = d
	case "dropTable":
		if d := st.DBs[r.Name]; d != nil {
			d = d.clone()
			delete(d.Tables, r.TableName)
			st.DBs[r.Name] = d
		}
	case "renameTable":
		d := st.DBs[r.Name]
		if d == nil || d.Tables[r.TableName] == nil {
			return fmt.Errorf("renameTable: no table %s in %s", r.TableName, r.Name)
		}
		d = d.clone()
		t := d.Tables[r.TableName].clone()
		t.Dir = t.dir()
		t.Name = r.NewName
		delete(d.Tables, r.TableName)
		d.Tables[t.Name] = t
		st.DBs[r.Name] = d
	case "alterTable":
		d := st.DBs[r.Name]
		if d == nil || d.Tables[r.TableName] == nil {
			return fmt.Errorf("alterTable: no table %s in %s", r.TableName, r.Name)
		}
		d = d.clone()
		t := d.Tables[r.TableName].clone()
		t.Cols = append([]ColDef(nil), r.Table.Cols...)
		t.PartCols = append([]string(nil), r.Table.PartCols...)
		t.SortCols = append([]string(nil), r.Table.SortCols...)
		t.ColSeq = r.Table.ColSeq
		d.Tables[r.TableName] = t
		st.DBs[r.Name] = d
	case "addValues":
		if d := st.DBs[r.Name]; d != nil {
			d = d.clone()
			addKeys(d, r.NewKeys)
			st.DBs[r.Name] = d
		}
	case "dropChunks", "truncate":
		d := st.DBs[r.Name]
		if d == nil {
			return nil
		}
		d = d.clone()
		if len(r.DropKeys) > 0 && len(d.Levels) > 0 {
			lv := *d.Levels[0]
			lv.Values = nil
			for _, k := range d.Levels[0].Values {
				if !containsKey(r.DropKeys, k) {
					lv.Values = append(lv.Values, k)
				}
			}
			d.Levels[0] = &lv
		}
		for tn, t := range d.Tables {
			if r.TableName != "" && tn != r.TableName {
				continue
			}
			t = t.clone()
			if r.Op == "truncate" {
				t.Chunks = map[string]*ChunkMeta{}
			}
			for _, p := range r.Paths {
				delete(t.Chunks, p)
			}
			d.Tables[tn] = t
		}
		st.DBs[r.Name] = d
	case "begin":
		if r.TID > st.TID {
			st.TID = r.TID
		}
		if r.Next > st.NextChunk {
			st.NextChunk = r.Next
		}
		if c.replaying {
			c.pending[r.TID] = r
		}
	case "abort":
		if c.replaying {
			delete(c.pending, r.TID)
		}
	case "commit":
		if r.TID > st.TID {
			st.TID = r.TID
		}
		if r.CID > st.CID {
			st.CID = r.CID
		}
		st.Committed[r.TID] = r.CID
		if c.replaying {
			delete(c.pending, r.TID)
		}
		d := st.DBs[r.Name]
		if d == nil {
			return nil // dropped since
		}
		d = d.clone()
		addKeys(d, r.NewKeys)
		t := d.Tables[r.TableName]
		if t == nil {
			st.DBs[r.Name] = d
			return nil
		}
		t = t.clone()
		for _, tc := range r.Chunks {
			seg, hasSeg := r.Segs[tc.Path]
			rm := r.Replace[tc.Path]
			if !hasSeg && rm == nil {
				continue
			}
			var ch ChunkMeta
			if old := t.Chunks[tc.Path]; old != nil {
				ch = *old
			} else {
				ch = ChunkMeta{ID: tc.ID, Path: tc.Path, Dirs: tc.Dirs, Keys: tc.Keys}
			}
			segs := make([]SegRef, 0, len(ch.Segs)+1)
			for _, s := range ch.Segs {
				if containsTID(rm, s.TID) {
					ch.Rows -= s.Rows
					continue
				}
				segs = append(segs, s)
			}
			if hasSeg {
				seg.CID = r.CID
				segs = append(segs, seg)
				ch.Rows += seg.Rows
			}
			ch.Segs = segs
			ch.Version = r.CID
			t.Chunks[tc.Path] = &ch
		}
		d.Tables[r.TableName] = t
		st.DBs[r.Name] = d
	default:
		return fmt.Errorf("unknown record %q", r.Op)
	}
	return nil
}

func containsKey(ks []Key, k Key) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func containsTID(xs []uint64, x uint64) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// addKeys appends new VALUE keys per level (d already cloned).
func addKeys(d *DBMeta, nk [][]Key) {
	for i, ks := range nk {
		if len(ks) == 0 || i >= len(d.Levels) {
			continue
		}
		lv := *d.Levels[i]
		have := make(map[Key]bool, len(lv.Values))
		for _, k := range lv.Values {
			have[k] = true
		}
		vals := append([]Key(nil), lv.Values...)
		// A sorted VALUE scheme stays sorted, as DolphinDB shows it
		// (addValuePartitions of a date before the first one lists it
		// first); RANGE boundaries are only ever added at the end.
		sorted := lv.Type == VALUE && slices.IsSortedFunc(vals, lv.cmpKeys)
		for _, k := range ks {
			if !have[k] {
				have[k] = true
				if sorted {
					i, _ := slices.BinarySearchFunc(vals, k, lv.cmpKeys)
					vals = slices.Insert(vals, i, k)
				} else {
					vals = append(vals, k)
				}
			}
		}
		lv.Values = vals
		d.Levels[i] = &lv
	}
}
