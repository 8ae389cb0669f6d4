// This file defines Store: a node's DFS storage in mode=single, the catalog
// and the chunk store in one process, with the coordinator of write
// transactions (two-phase commit) and the readers.

package dfs

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/dfs/vfs"
)

// Config is the part of the node configuration the storage needs.
type Config struct {
	// Home is the node's home directory; metadata lives in <Home>/dfsMeta
	// and <Home>/CHUNK_METADATA.
	Home string
	// Volumes are data directories (default <Home>/storage).
	Volumes []string
	// NewValuePartitionPolicy is add, skip (default) or fail.
	NewValuePartitionPolicy string
	// LocalExecutors bounds the goroutines of a write or a scan
	// (default GOMAXPROCS).
	LocalExecutors int
	// NoSync skips fsync (tests; DolphinDB's dataSync=0).
	NoSync bool
	// FS is the file system (default vfs.OS).
	FS vfs.FS
	// Logger receives the storage's log lines.
	Logger zerolog.Logger
	// CacheBytes bounds the cache of decoded columns (default 1 GiB;
	// <0 disables).
	CacheBytes int64
	// MergeThreshold is the number of TSDB level-0 segments of a chunk
	// that triggers a background merge (default 4; <0 disables).
	MergeThreshold int
	// NodeAlias is the node's alias, the site column of getChunksMeta
	// (default local8848, DolphinDB's for a single node).
	NodeAlias string
	// ChunkLockWait is how long a write to a database with
	// atomic='CHUNK' keeps retrying a chunk another transaction holds
	// before it fails ("a few minutes" in DolphinDB's manual; default 5
	// minutes).
	ChunkLockWait time.Duration
}

// Store is an open DFS storage. Safe for concurrent use.
type Store struct {
	cfg   Config
	fs    vfs.FS
	cat   Catalog
	cs    ChunkStore
	log   zerolog.Logger
	warns []error

	mergeMu   sync.Mutex
	merging   map[string]bool
	mergeWG   sync.WaitGroup
	closed    bool
	closing   chan struct{} // closed when Close starts: waits give up
	closeOnce sync.Once
	closeMu   sync.RWMutex
	ddlMu     sync.Mutex
	newValMu  sync.Mutex
}

// Open opens the storage under cfg.Home, recovering from a crash: the
// catalog replays its log and rolls back unfinished transactions, the
// chunk store resolves its in-doubt ones, and files no metadata names are
// deleted. Problems that leave the rest readable (a truncated log tail)
// are in Warnings.
func Open(cfg Config) (*Store, error) {
	if cfg.FS == nil {
		cfg.FS = vfs.OS
	}
	if len(cfg.Volumes) == 0 {
		cfg.Volumes = []string{filepath.Join(cfg.Home, "storage")}
	}
	if cfg.LocalExecutors <= 0 {
		cfg.LocalExecutors = runtime.GOMAXPROCS(0)
	}
	if cfg.NewValuePartitionPolicy == "" {
		cfg.NewValuePartitionPolicy = "skip"
	}
	if cfg.MergeThreshold == 0 {
		cfg.MergeThreshold = 4
	}
	if cfg.NodeAlias == "" {
		cfg.NodeAlias = "local8848"
	}
	if cfg.ChunkLockWait <= 0 {
		cfg.ChunkLockWait = 5 * time.Minute
	}
	s := &Store{cfg: cfg, fs: cfg.FS, log: cfg.Logger, merging: map[string]bool{}, closing: make(chan struct{})}
	cat, w1, err := OpenCatalog(cfg.FS, filepath.Join(cfg.Home, "dfsMeta"), !cfg.NoSync, s.log)
	s.warns = append(s.warns, w1...)
	if err != nil {
		return nil, err
	}
	if cfg.CacheBytes == 0 {
		cfg.CacheBytes = 1 << 30
	}
	cs, w2, err := OpenChunkStore(cfg.FS, cfg.Home, cfg.Volumes, !cfg.NoSync, cfg.LocalExecutors, cfg.CacheBytes, s.log)
	s.warns = append(s.warns, w2...)
	if err != nil {
		cat.Close()
		return nil, err
	}
	s.cat, s.cs = cat, cs
	if err := cs.Recover(cat); err != nil {
		s.Close()
		return nil, err
	}
	s.gc()
	s.log.Info().Msg("Controller initialization completed.")
	return s, nil
}

// Warnings are the recoverable problems found when opening.
func (s *Store) Warnings() []error { return s.warns }

// Catalog and Chunks expose the two services (introspection, cluster).
func (s *Store) Catalog() Catalog        { return s.cat }
func (s *Store) ChunkStore() ChunkStore  { return s.cs }
func (s *Store) Config() Config          { return s.cfg }
func (s *Store) Logger() *zerolog.Logger { return &s.log }

// gc deletes segment files of known chunks that no committed segment names
// (rolled-back, merged, or orphaned by a crash before BCOMM).
func (s *Store) gc() {
	keep := map[string]bool{}
	var dirs []string
	for _, name := range s.cat.Databases() {
		d, _ := s.cat.Database(name)
		for _, t := range d.Tables {
			for _, ch := range t.Chunks {
				dirs = append(dirs, chunkDir(d.ShortName(), ch.Path, t.dir()))
				for _, sg := range ch.Segs {
					keep[sg.File] = true
				}
			}
		}
	}
	s.cs.GC(dirs, func(rel string) bool { return keep[rel] })
}

// Close waits for background merges, checkpoints and closes.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		return nil
	}
	s.closed = true
	s.closeMu.Unlock()
	s.mergeWG.Wait()
	var errs []error
	if s.cat != nil {
		errs = append(errs, s.cat.Checkpoint(), s.cat.Close())
	}
	if s.cs != nil {
		errs = append(errs, s.cs.Close())
	}
	return errors.Join(errs...)
}

// NormalizeDB turns "dfs://db/" into "dfs://db".
func NormalizeDB(name string) string { return strings.TrimRight(name, "/") }

// ExistsDatabase reports whether a database exists at exactly name.
func (s *Store) ExistsDatabase(name string) bool {
	_, ok := s.cat.Database(NormalizeDB(name))
	return ok
}

// Database returns a database's metadata.
func (s *Store) Database(name string) (*DBMeta, error) {
	d, ok := s.cat.Database(NormalizeDB(name))
	if !ok {
		return nil, uerr(ErrNotFound, fmt.Sprintf("The database [%s] does not exist.", name))
	}
	return d, nil
}

// CreateDatabase creates a database, or returns the existing one when its
// scheme is the same.
func (s *Store) CreateDatabase(d *DBMeta) (*DBMeta, error) {
	s.ddlMu.Lock()
	defer s.ddlMu.Unlock()
	if old, ok := s.cat.Database(d.Name); ok {
		if !sameScheme(old, d) {
			return nil, uerr(ErrExists, fmt.Sprintf("The database [%s] already exists with a different partition scheme.", d.Name))
		}
		return old, nil
	}
	if err := s.cat.CreateDatabase(d); err != nil {
		return nil, err
	}
	nd, _ := s.cat.Database(d.Name)
	return nd, nil
}

func sameScheme(a, b *DBMeta) bool {
	if len(a.Levels) != len(b.Levels) {
		return false
	}
	for i := range a.Levels {
		if a.Levels[i].Type != b.Levels[i].Type || a.Levels[i].ColType != b.Levels[i].ColType {
			return false
		}
	}
	return true
}

// DropDatabase drops a database and deletes its files.
func (s *Store) DropDatabase(name string) error {
	name = NormalizeDB(name)
	d, err := s.Database(name)
	if err != nil {
		return err
	}
	if err := s.cat.DropDatabase(name); err != nil {
		return err
	}
	s.forget(d, "")
	s.cs.RemoveDir("CHUNKS/" + d.ShortName())
	return nil
}

// forget drops the chunk store's metadata of a database's chunks.
func (s *Store) forget(d *DBMeta, table string) {
	var ids []string
	for tn, t := range d.Tables {
		if table != "" && tn != table {
			continue
		}
		for _, ch := range t.Chunks {
			ids = append(ids, ch.ID)
		}
	}
	if dc, ok := s.cs.(*diskChunkStore); ok && len(ids) > 0 {
		dc.dropChunks(ids)
	}
}

// CreateTable creates a partitioned (or, with Dimension, a
// non-partitioned) table.
func (s *Store) CreateTable(db string, t *TableMeta) error {
	s.ddlMu.Lock()
	defer s.ddlMu.Unlock()
	return s.cat.CreateTable(NormalizeDB(db), t)
}

// DropTable drops a table and deletes its files.
func (s *Store) DropTable(db, table string) error {
	db = NormalizeDB(db)
	d, err := s.Database(db)
	if err != nil {
		return err
	}
	if err := s.cat.DropTable(db, table); err != nil {
		return err
	}
	s.forget(d, table)
	tm := d.Tables[table]
	for _, ch := range tm.Chunks {
		s.cs.RemoveDir(chunkDir(d.ShortName(), ch.Path, tm.dir()))
	}
	return nil
}

// RenameTable renames a table (renameTable); its data stay where they are.
func (s *Store) RenameTable(db, table, newName string) error {
	s.ddlMu.Lock()
	defer s.ddlMu.Unlock()
	return s.cat.RenameTable(NormalizeDB(db), table, newName)
}

// AlterTable changes a table's schema with fn (addColumn, dropColumns!,
// rename!, setColumnComment) on a copy of its current metadata.
func (s *Store) AlterTable(db, table string, fn func(*TableMeta) error) error {
	s.ddlMu.Lock()
	defer s.ddlMu.Unlock()
	db = NormalizeDB(db)
	d, err := s.Database(db)
	if err != nil {
		return err
	}
	tm := d.Tables[table]
	if tm == nil {
		return uerr(ErrNotFound, fmt.Sprintf("The table [%s] does not exist in the database [%s].", table, db))
	}
	nt := *tm
	nt.Cols = append([]ColDef(nil), tm.Cols...)
	nt.PartCols = append([]string(nil), tm.PartCols...)
	nt.SortCols = append([]string(nil), tm.SortCols...)
	if err := fn(&nt); err != nil {
		return err
	}
	return s.cat.AlterTable(db, &nt)
}

func (s *Store) dropFiles(d *DBMeta, gone []*ChunkMeta) {
	var ids []string
	for _, ch := range gone {
		ids = append(ids, ch.ID)
		s.cs.Remove(ch.Segs)
	}
	if dc, ok := s.cs.(*diskChunkStore); ok && len(ids) > 0 {
		dc.dropChunks(ids)
	}
}

// Truncate deletes every row of a table, keeping its schema.
func (s *Store) Truncate(db, table string) error {
	db = NormalizeDB(db)
	d, err := s.Database(db)
	if err != nil {
		return err
	}
	gone, err := s.cat.Truncate(db, table)
	if err != nil {
		return err
	}
	s.dropFiles(d, gone)
	return nil
}

// TableSnapshot is a consistent view of a table: its metadata and the
// committed segments of every chunk at one moment, in partition order.
type TableSnapshot struct {
	DB     *DBMeta
	Table  *TableMeta
	Chunks []*ChunkMeta
}

// Snapshot returns the current committed state of a table.
func (s *Store) Snapshot(db, table string) (*TableSnapshot, error) {
	d, err := s.Database(db)
	if err != nil {
		return nil, err
	}
	t := d.Tables[table]
	if t == nil {
		return nil, uerr(ErrNotFound, fmt.Sprintf("The table [%s] does not exist in the database [%s].", table, d.Name))
	}
	snap := &TableSnapshot{DB: d, Table: t}
	for _, ch := range t.Chunks {
		snap.Chunks = append(snap.Chunks, ch)
	}
	order := make([]map[Key]int, len(d.Levels))
	for i, l := range d.Levels {
		if l.Type == VALUE {
			order[i] = map[Key]int{}
			vals := append([]Key(nil), l.Values...)
			sort.SliceStable(vals, func(a, b int) bool { return l.less(vals[a], vals[b]) })
			for j, k := range vals {
				order[i][k] = j
			}
		}
	}
	rank := func(ch *ChunkMeta, lv int) int {
		if lv >= len(ch.Keys) {
			return 0
		}
		if order[lv] != nil {
			return order[lv][ch.Keys[lv]]
		}
		return int(ch.Keys[lv].I)
	}
	sort.Slice(snap.Chunks, func(a, b int) bool {
		for lv := range d.Levels {
			ra, rb := rank(snap.Chunks[a], lv), rank(snap.Chunks[b], lv)
			if ra != rb {
				return ra < rb
			}
		}
		return snap.Chunks[a].Path < snap.Chunks[b].Path
	})
	return snap, nil
}

// Rows is the table's row count in the snapshot.
func (ts *TableSnapshot) Rows() int64 {
	var n int64
	for _, ch := range ts.Chunks {
		n += ch.Rows
	}
	return n
}
