// This file defines the data-node-side ChunkStore: segment files under
// <volume>/CHUNKS/<db>/<partition>/<table>/, and the chunk metadata and
// transaction log in <chunkMetaDir>/CHUNK_METADATA (editlog.0 and
// checkpoint.0), with the participant's side of the two-phase commit.

package dfs

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/dfs/vfs"
	"github.com/porpoisedb/porpoise/vm/value"
)

// ChunkWrite is the data a transaction writes into one chunk.
type ChunkWrite struct {
	ChunkID string
	DB      string // short name, without dfs://
	Path    string // partition path, "/20230108"
	Table   string
	Names   []string
	Cols    []*value.Vector
	// Methods are the columns' compression methods (compressMethods).
	Methods []string
	// Lo, Hi select rows [Lo, Hi) of Cols; Hi == 0 means all rows.
	Lo, Hi int
	Level  int
}

func (w *ChunkWrite) window() (int, int) {
	if w.Hi == 0 && len(w.Cols) > 0 {
		return 0, w.Cols[0].Len()
	}
	return w.Lo, w.Hi
}

// Resolver answers the outcome of an in-doubt transaction (the catalog).
type Resolver interface {
	TxnStatus(tid uint64) (TxnState, uint64)
}

// ChunkInfo describes a chunk replica held by this data node.
type ChunkInfo struct {
	ID      string `json:"id"`
	DB      string `json:"db"`
	Path    string `json:"path"`
	Table   string `json:"table"`
	Version uint64 `json:"version"`
	Rows    int64  `json:"rows"`
	Segs    int    `json:"segs"`
	State   string `json:"state"` // FIN, BCOMM, COMM
}

// ChunkStore is the data node's storage service. In mode=single it is in
// the same process as the catalog; the cluster puts it behind the network.
// Methods are safe for concurrent use; a chunk is written by one
// transaction at a time (the catalog's locks).
type ChunkStore interface {
	// Prepare writes each chunk's segment file and durably records the
	// transaction as BCOMM (phase 1 of the two-phase commit).
	Prepare(tid uint64, writes []ChunkWrite) ([]SegRef, error)
	// Commit marks the transaction committed at cid.
	Commit(tid, cid uint64) error
	// Rollback deletes the transaction's files.
	Rollback(tid uint64) error
	// Open opens a segment for reading.
	Open(seg SegRef) (*segReader, error)
	// Remove deletes segment files (dropped chunks, merged segments).
	Remove(segs []SegRef)
	// RemoveDir deletes a directory relative to every volume.
	RemoveDir(rel string)
	// Recover resolves BCOMM transactions left by a crash with res.
	Recover(res Resolver) error
	// GC deletes files in the chunk directories rel that keep rejects.
	GC(rels []string, keep func(rel string) bool)
	Chunks() []ChunkInfo
	Close() error
}

type chunkSeg struct {
	ChunkID string `json:"chunk"`
	DB      string `json:"db"`
	Path    string `json:"path"`
	Table   string `json:"table"`
	Seg     SegRef `json:"seg"`
}

type chunkRec struct {
	Op   string     `json:"op"` // BCOMM, COMM, ROLLBACK
	LSN  uint64     `json:"lsn"`
	TID  uint64     `json:"tid"`
	CID  uint64     `json:"cid,omitempty"`
	Segs []chunkSeg `json:"segs,omitempty"`
}

type chunkState struct {
	LSN    uint64                `json:"lsn"`
	Chunks map[string]*ChunkInfo `json:"chunks"`
	Txns   map[uint64][]chunkSeg `json:"txns"` // BCOMM transactions
}

type diskChunkStore struct {
	mu    sync.Mutex
	fs    vfs.FS
	vols  []string
	j     *journal
	st    chunkState
	sync  bool
	par   int
	log   zerolog.Logger
	cache *colCache
}

// OpenChunkStore opens the chunk store with metadata in metaDir and data
// in vols.
func OpenChunkStore(fs vfs.FS, metaDir string, vols []string, sync bool, par int, cacheBytes int64, log zerolog.Logger) (ChunkStore, []error, error) {
	s := &diskChunkStore{fs: fs, vols: vols, sync: sync, par: par, log: log, cache: newColCache(cacheBytes),
		st: chunkState{Chunks: map[string]*ChunkInfo{}, Txns: map[uint64][]chunkSeg{}}}
	dir := filepath.Join(metaDir, "CHUNK_METADATA")
	j, warns, err := openJournal(fs, dir, "editlog.0", "checkpoint.0", &s.st, func(b []byte) error {
		var r chunkRec
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		if r.LSN <= s.st.LSN {
			return nil
		}
		s.st.LSN = r.LSN
		s.apply(&r)
		return nil
	})
	if err != nil {
		return nil, warns, err
	}
	if s.st.Chunks == nil {
		s.st.Chunks = map[string]*ChunkInfo{}
	}
	if s.st.Txns == nil {
		s.st.Txns = map[uint64][]chunkSeg{}
	}
	s.j = j
	log.Info().Msgf("Opened editlog file %s.", filepath.Join(dir, "editlog.0"))
	for _, w := range warns {
		log.Error().Err(w).Msg("chunk metadata log")
	}
	return s, warns, nil
}

func (s *diskChunkStore) apply(r *chunkRec) {
	switch r.Op {
	case "BCOMM":
		s.st.Txns[r.TID] = r.Segs
		for _, cs := range r.Segs {
			ci := s.st.Chunks[cs.ChunkID]
			if ci == nil {
				ci = &ChunkInfo{ID: cs.ChunkID, DB: cs.DB, Path: cs.Path, Table: cs.Table}
				s.st.Chunks[cs.ChunkID] = ci
			}
			ci.State = "BCOMM"
		}
	case "COMM":
		for _, cs := range s.st.Txns[r.TID] {
			if ci := s.st.Chunks[cs.ChunkID]; ci != nil {
				ci.Version = r.CID
				ci.Rows += cs.Seg.Rows
				ci.Segs++
				ci.State = "FIN"
			}
		}
		delete(s.st.Txns, r.TID)
	case "ROLLBACK":
		for _, cs := range s.st.Txns[r.TID] {
			if ci := s.st.Chunks[cs.ChunkID]; ci != nil {
				ci.State = "FIN"
				if ci.Version == 0 {
					delete(s.st.Chunks, cs.ChunkID)
				}
			}
		}
		delete(s.st.Txns, r.TID)
	case "DROP":
		for _, cs := range r.Segs {
			delete(s.st.Chunks, cs.ChunkID)
		}
	case "MERGED":
		for _, cs := range r.Segs {
			if ci := s.st.Chunks[cs.ChunkID]; ci != nil {
				ci.Rows -= cs.Seg.Rows
				ci.Segs--
			}
		}
	}
}

func (s *diskChunkStore) record(r *chunkRec, sync bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.LSN++
	r.LSN = s.st.LSN
	if err := s.j.write(r, sync && s.sync); err != nil {
		return err
	}
	s.apply(r)
	if len(s.st.Txns) == 0 && s.j.size() > checkpointBytes {
		s.j.checkpoint(&s.st, s.sync)
	}
	return nil
}

func (s *diskChunkStore) volFor(path string) int {
	h := fnv.New32a()
	h.Write([]byte(path))
	return int(h.Sum32() % uint32(len(s.vols)))
}

func (s *diskChunkStore) abs(seg SegRef) string {
	return filepath.Join(s.vols[seg.Vol], filepath.FromSlash(seg.File))
}

// chunkDir is the directory of a chunk relative to its volume.
func chunkDir(db, path, table string) string {
	return "CHUNKS/" + db + strings.TrimSuffix(path, "/") + "/" + table
}

func (s *diskChunkStore) Prepare(tid uint64, writes []ChunkWrite) ([]SegRef, error) {
	segs := make([]SegRef, len(writes))
	errs := make([]error, len(writes))
	par := s.par
	if par < 1 {
		par = 1
	}
	colPar := 1
	if len(writes) < par {
		colPar = par
	}
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	for i, w := range writes {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			vol := s.volFor(w.Path)
			name := fmt.Sprintf("%d.seg", tid)
			if w.Level > 0 {
				name = fmt.Sprintf("%d.L%d.seg", tid, w.Level)
			}
			rel := chunkDir(w.DB, w.Path, w.Table) + "/" + name
			seg := SegRef{TID: tid, File: rel, Vol: vol, Level: w.Level}
			lo, hi := w.window()
			seg.Rows = int64(hi - lo)
			var data []byte
			err := safe(func() (err error) { data, err = encodeSegment(w.Names, w.Cols, w.Methods, lo, hi, colPar); return })
			if err == nil {
				seg.Size = int64(len(data))
				abs := s.abs(seg)
				if err = s.fs.MkdirAll(filepath.Dir(abs)); err == nil {
					err = writeSegment(s.fs, abs, data, s.sync)
				}
			}
			segs[i], errs[i] = seg, err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for i, e := range errs {
			if e == nil {
				s.fs.Remove(s.abs(segs[i]))
			}
		}
		return nil, err
	}
	rec := &chunkRec{Op: "BCOMM", TID: tid}
	for i, w := range writes {
		rec.Segs = append(rec.Segs, chunkSeg{ChunkID: w.ChunkID, DB: w.DB, Path: w.Path, Table: w.Table, Seg: segs[i]})
	}
	if err := s.record(rec, true); err != nil {
		for _, sg := range segs {
			s.fs.Remove(s.abs(sg))
		}
		return nil, err
	}
	return segs, nil
}

func (s *diskChunkStore) Commit(tid, cid uint64) error {
	return s.record(&chunkRec{Op: "COMM", TID: tid, CID: cid}, false)
}

func (s *diskChunkStore) Rollback(tid uint64) error {
	s.mu.Lock()
	segs := s.st.Txns[tid]
	s.mu.Unlock()
	if segs == nil {
		return nil
	}
	for _, cs := range segs {
		s.fs.Remove(s.abs(cs.Seg))
	}
	return s.record(&chunkRec{Op: "ROLLBACK", TID: tid}, false)
}

func (s *diskChunkStore) Open(seg SegRef) (*segReader, error) {
	if seg.Vol >= len(s.vols) {
		return nil, fmt.Errorf("%w: segment %s is on volume %d, which is not configured", ErrMissing, seg.File, seg.Vol)
	}
	r, err := openSegment(s.fs, s.abs(seg))
	if r != nil {
		r.cache = s.cache
	}
	return r, err
}

func (s *diskChunkStore) Remove(segs []SegRef) {
	for _, sg := range segs {
		s.fs.Remove(s.abs(sg))
	}
}

func (s *diskChunkStore) RemoveDir(rel string) {
	for _, v := range s.vols {
		s.fs.RemoveAll(filepath.Join(v, filepath.FromSlash(rel)))
	}
}

// DropChunks forgets chunks in the chunk metadata.
func (s *diskChunkStore) dropChunks(ids []string) {
	rec := &chunkRec{Op: "DROP"}
	for _, id := range ids {
		rec.Segs = append(rec.Segs, chunkSeg{ChunkID: id})
	}
	s.record(rec, false)
}

func (s *diskChunkStore) Recover(res Resolver) error {
	s.mu.Lock()
	var tids []uint64
	for tid := range s.st.Txns {
		tids = append(tids, tid)
	}
	s.mu.Unlock()
	sort.Slice(tids, func(i, j int) bool { return tids[i] < tids[j] })
	s.log.Info().Msg("Will process pending transactions.")
	for _, tid := range tids {
		st, cid := res.TxnStatus(tid)
		if st == TxnCommitted {
			s.log.Info().Msgf("applyTidRedoLog : tid %d committed at cid %d", tid, cid)
			if err := s.Commit(tid, cid); err != nil {
				return err
			}
			continue
		}
		s.log.Info().Msgf("As transaction %d is rollbacked, its files are deleted.", tid)
		if err := s.Rollback(tid); err != nil {
			return err
		}
	}
	s.log.Info().Msg("ChunkMgmt initialization completed.")
	return nil
}

func (s *diskChunkStore) GC(rels []string, keep func(rel string) bool) {
	for _, rel := range rels {
		for _, v := range s.vols {
			dir := filepath.Join(v, filepath.FromSlash(rel))
			names, err := s.fs.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, n := range names {
				if !strings.HasSuffix(n, ".seg") && !strings.HasSuffix(n, ".tmp") {
					continue
				}
				if !keep(rel + "/" + n) {
					s.log.Info().Msgf("removing unreferenced file %s", filepath.Join(dir, n))
					s.fs.Remove(filepath.Join(dir, n))
				}
			}
		}
	}
}

func (s *diskChunkStore) Chunks() []ChunkInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ChunkInfo, 0, len(s.st.Chunks))
	for _, c := range s.st.Chunks {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (s *diskChunkStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.st.Txns) == 0 {
		s.j.checkpoint(&s.st, s.sync)
	}
	return s.j.close()
}
