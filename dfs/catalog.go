// This file defines the controller-side Catalog: the DFS namespace
// (databases, tables, chunks, segment versions), transaction ids and
// commit ids, chunk locks, persisted as dfsMeta/DFSMetaLog.0 plus
// dfsMeta/DFSMasterMetaCheckpoint.0.

package dfs

import (
	"fmt"
	"sort"
	"sync"
)

// TxnChunk is a chunk a transaction writes.
type TxnChunk struct {
	Path string   `json:"path"`
	Dirs []string `json:"dirs"`
	Keys []Key    `json:"keys"`
	ID   string   `json:"id"`
}

// TxnState is a transaction's outcome as the catalog knows it.
type TxnState int

const (
	TxnUnknown TxnState = iota // never begun here, or begun and lost: roll back
	TxnActive
	TxnCommitted
	TxnAborted
)

// Catalog is the controller's metadata service. In mode=single it lives in
// the same process as the chunk store; the cluster puts it behind the
// network unchanged. All methods are safe for concurrent use; returned
// metadata objects are immutable snapshots.
type Catalog interface {
	CreateDatabase(db *DBMeta) error
	DropDatabase(name string) error
	Database(name string) (*DBMeta, bool)
	Databases() []string
	CreateTable(db string, t *TableMeta) error
	DropTable(db, table string) error
	// RenameTable renames a table; its files stay in its directory.
	RenameTable(db, table, newName string) error
	// AlterTable replaces the schema of table t.Name (columns, their
	// names, comments and types; ColSeq) and keeps its chunks.
	AlterTable(db string, t *TableMeta) error
	// SetAtomic changes a database's atomic level (TRANS or CHUNK).
	SetAtomic(db, atomic string) error
	// AddPartitionKeys appends keys to a VALUE level (values) or a RANGE
	// level (boundaries after the last one); returns how many partitions
	// were new.
	AddPartitionKeys(db string, level int, keys []Key) (int, error)
	// DropChunks removes chunks (partitions) of a table, or of every
	// table when table is "", and the VALUE keys dropKeys from the first
	// level's scheme (dropPartition's deleteSchema).
	DropChunks(db, table string, paths []string, dropKeys []Key) ([]*ChunkMeta, error)
	// Truncate removes every chunk of a table.
	Truncate(db, table string) ([]*ChunkMeta, error)
	// Begin starts a write transaction on chunks of one table: it assigns
	// a TID, locks the chunks (ErrLocked if another transaction holds one)
	// and chunk IDs for new chunks.
	Begin(db, table string, chunks []TxnChunk) (uint64, []TxnChunk, error)
	// BeginAvailable is Begin on those of chunks no other transaction
	// holds (atomic='CHUNK'): it returns the chunks begun and their
	// positions in chunks, or ErrLocked when every one is held.
	BeginAvailable(db, table string, chunks []TxnChunk) (uint64, []TxnChunk, []int, error)
	// Commit makes segs (by chunk path) visible at a new CID, adds newKeys
	// (per level) to the scheme, and replaces the segments of chunk paths
	// listed in replace (TSDB merges). This is the decision point of the
	// two-phase commit; it is durable when it returns.
	Commit(tid uint64, segs map[string]SegRef, newKeys [][]Key, replace map[string][]uint64) (uint64, error)
	// Complete releases the transaction's locks (phase 2).
	Complete(tid uint64)
	// Abort rolls the transaction back and releases its locks.
	Abort(tid uint64)
	// TxnStatus answers a participant resolving an in-doubt transaction.
	TxnStatus(tid uint64) (TxnState, uint64)
	// Checkpoint writes the checkpoint and empties the edit log.
	Checkpoint() error
	Close() error
}

type txnInfo struct {
	db, table string
	chunks    []TxnChunk
}

type catalogState struct {
	LSN       uint64             `json:"lsn"`
	TID       uint64             `json:"tid"`
	CID       uint64             `json:"cid"`
	NextChunk uint64             `json:"nextChunk"`
	Seq       uint64             `json:"seq"`
	DBs       map[string]*DBMeta `json:"dbs"`
	Committed map[uint64]uint64  `json:"committed"` // recent tid -> cid
}

// memCatalog implements Catalog over a journal.
type memCatalog struct {
	mu     sync.Mutex
	st     catalogState
	j      *journal
	locks  map[string]uint64 // db|table|path -> tid
	active map[uint64]*txnInfo
	sync   bool

	replaying bool
	pending   map[uint64]*logRec // begun, not decided, during replay
}

func lockKey(db, table, path string) string { return db + "|" + table + "|" + path }

func (c *memCatalog) Database(name string) (*DBMeta, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.st.DBs[name]
	return d, ok
}

func (c *memCatalog) Databases() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.st.DBs))
	for k := range c.st.DBs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// log writes rec durably (when sync) and applies it.
func (c *memCatalog) log(rec *logRec, sync bool) error {
	c.st.LSN++
	rec.LSN = c.st.LSN
	if err := c.j.write(rec, sync && c.sync); err != nil {
		c.st.LSN--
		return err
	}
	return c.apply(rec)
}

func (c *memCatalog) CreateDatabase(db *DBMeta) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.st.DBs[db.Name]; ok {
		return uerr(ErrExists, fmt.Sprintf("The database [%s] already exists.", db.Name))
	}
	return c.log(&logRec{Op: "createDB", DB: db}, true)
}

func (c *memCatalog) DropDatabase(name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.st.DBs[name]; !ok {
		return uerr(ErrNotFound, fmt.Sprintf("The database [%s] does not exist.", name))
	}
	if err := c.checkLocks(name, "", nil); err != nil {
		return err
	}
	return c.log(&logRec{Op: "dropDB", Name: name}, true)
}

func (c *memCatalog) CreateTable(db string, t *TableMeta) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.st.DBs[db]
	if !ok {
		return uerr(ErrNotFound, fmt.Sprintf("The database [%s] does not exist.", db))
	}
	if d.Tables[t.Name] != nil {
		return uerr(ErrExists, fmt.Sprintf("The table [%s] already exists in the database [%s].", t.Name, db))
	}
	// A renamed table keeps its directory: a new table of that name
	// gets a directory of its own.
	for _, o := range d.Tables {
		if o.dir() == t.dir() {
			nt := *t
			nt.Dir = fmt.Sprintf("%s_%d", t.Name, c.st.Seq+1)
			t = &nt
			break
		}
	}
	return c.log(&logRec{Op: "createTable", Name: db, Table: t}, true)
}

func (c *memCatalog) DropTable(db, table string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.tableLocked(db, table); err != nil {
		return err
	}
	if err := c.checkLocks(db, table, nil); err != nil {
		return err
	}
	return c.log(&logRec{Op: "dropTable", Name: db, TableName: table}, true)
}

func (c *memCatalog) RenameTable(db, table, newName string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.tableLocked(db, table); err != nil {
		return err
	}
	if c.st.DBs[db].Tables[newName] != nil {
		return uerr(ErrExists, fmt.Sprintf("The table [%s] already exists in the database [%s].", newName, db))
	}
	if err := c.checkLocks(db, table, nil); err != nil {
		return err
	}
	return c.log(&logRec{Op: "renameTable", Name: db, TableName: table, NewName: newName}, true)
}

func (c *memCatalog) AlterTable(db string, t *TableMeta) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.tableLocked(db, t.Name); err != nil {
		return err
	}
	schema := *t
	schema.Chunks = nil
	return c.log(&logRec{Op: "alterTable", Name: db, TableName: t.Name, Table: &schema}, true)
}

func (c *memCatalog) SetAtomic(db, atomic string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.st.DBs[db]; !ok {
		return uerr(ErrNotFound, fmt.Sprintf("The database [%s] does not exist.", db))
	}
	return c.log(&logRec{Op: "setAtomic", Name: db, Atomic: atomic}, true)
}

func (c *memCatalog) tableLocked(db, table string) (*TableMeta, error) {
	d, ok := c.st.DBs[db]
	if !ok {
		return nil, uerr(ErrNotFound, fmt.Sprintf("The database [%s] does not exist.", db))
	}
	t := d.Tables[table]
	if t == nil {
		return nil, uerr(ErrNotFound, fmt.Sprintf("The table [%s] does not exist in the database [%s].", table, db))
	}
	return t, nil
}

// checkLocks fails if a chunk of db (table, paths; "" / nil = all) is locked.
func (c *memCatalog) checkLocks(db, table string, paths []string) error {
	for k, tid := range c.locks {
		parts := splitLockKey(k)
		d, t, p := parts[0], parts[1], parts[2]
		if d != db || (table != "" && t != table) {
			continue
		}
		if paths != nil && !contains(paths, p) {
			continue
		}
		return lockedErr(db, p, tid)
	}
	return nil
}

func splitLockKey(k string) [3]string {
	var out [3]string
	i := 0
	start := 0
	for j := 0; j < len(k) && i < 2; j++ {
		if k[j] == '|' {
			out[i] = k[start:j]
			i++
			start = j + 1
		}
	}
	out[2] = k[start:]
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func lockedErr(db, path string, tid uint64) error {
	short := db[len("dfs://"):]
	return uerr(ErrLocked, fmt.Sprintf("<ChunkInTransaction>The openChunks operation failed because the chunk '/%s%s' is currently locked and in use by transaction %d. RefId:S00002", short, path, tid))
}

func (c *memCatalog) AddPartitionKeys(db string, level int, keys []Key) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.st.DBs[db]
	if !ok {
		return 0, uerr(ErrNotFound, fmt.Sprintf("The database [%s] does not exist.", db))
	}
	if level >= len(d.Levels) || (d.Levels[level].Type != VALUE && d.Levels[level].Type != RANGE) {
		return 0, uerr(ErrInvalid, "The partition level is neither VALUE nor RANGE.")
	}
	have := map[Key]bool{}
	for _, k := range d.Levels[level].Values {
		have[k] = true
	}
	var add []Key
	for _, k := range keys {
		if !have[k] {
			have[k] = true
			add = append(add, k)
		}
	}
	if len(add) == 0 {
		return 0, nil
	}
	nk := make([][]Key, len(d.Levels))
	nk[level] = add
	return len(add), c.log(&logRec{Op: "addValues", Name: db, NewKeys: nk}, true)
}

func (c *memCatalog) DropChunks(db, table string, paths []string, dropKeys []Key) ([]*ChunkMeta, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.st.DBs[db]
	if !ok {
		return nil, uerr(ErrNotFound, fmt.Sprintf("The database [%s] does not exist.", db))
	}
	if table != "" && d.Tables[table] == nil {
		return nil, uerr(ErrNotFound, fmt.Sprintf("The table [%s] does not exist in the database [%s].", table, db))
	}
	if err := c.checkLocks(db, table, paths); err != nil {
		return nil, err
	}
	var gone []*ChunkMeta
	for tn, t := range d.Tables {
		if table != "" && tn != table {
			continue
		}
		for _, p := range paths {
			if ch := t.Chunks[p]; ch != nil {
				gone = append(gone, ch)
			}
		}
	}
	return gone, c.log(&logRec{Op: "dropChunks", Name: db, TableName: table, Paths: paths, DropKeys: dropKeys}, true)
}

func (c *memCatalog) Truncate(db, table string) ([]*ChunkMeta, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, err := c.tableLocked(db, table)
	if err != nil {
		return nil, err
	}
	if err := c.checkLocks(db, table, nil); err != nil {
		return nil, err
	}
	var gone []*ChunkMeta
	for _, ch := range t.Chunks {
		gone = append(gone, ch)
	}
	return gone, c.log(&logRec{Op: "truncate", Name: db, TableName: table}, true)
}

// chunkLock is the lock key of a chunk of db/table: the partition itself
// when the database's chunkGranularity is DATABASE.
func (c *memCatalog) chunkLock(db, table, path string) string {
	if c.st.DBs[db].Granularity == "DATABASE" {
		return lockKey(db, "*", path)
	}
	return lockKey(db, table, path)
}

func (c *memCatalog) Begin(db, table string, chunks []TxnChunk) (uint64, []TxnChunk, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.tableLocked(db, table); err != nil {
		return 0, nil, err
	}
	for _, ch := range chunks {
		if tid, ok := c.locks[c.chunkLock(db, table, ch.Path)]; ok {
			return 0, nil, lockedErr(db, ch.Path, tid)
		}
	}
	return c.beginLocked(db, table, chunks)
}

func (c *memCatalog) BeginAvailable(db, table string, chunks []TxnChunk) (uint64, []TxnChunk, []int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.tableLocked(db, table); err != nil {
		return 0, nil, nil, err
	}
	var free []TxnChunk
	var idx []int
	var first error
	for i, ch := range chunks {
		if tid, ok := c.locks[c.chunkLock(db, table, ch.Path)]; ok {
			if first == nil {
				first = lockedErr(db, ch.Path, tid)
			}
			continue
		}
		free = append(free, ch)
		idx = append(idx, i)
	}
	if len(free) == 0 {
		return 0, nil, nil, first
	}
	tid, out, err := c.beginLocked(db, table, free)
	return tid, out, idx, err
}

// beginLocked starts a transaction on chunks, none of which is locked
// (c.mu held).
func (c *memCatalog) beginLocked(db, table string, chunks []TxnChunk) (uint64, []TxnChunk, error) {
	t := c.st.DBs[db].Tables[table]
	out := make([]TxnChunk, len(chunks))
	for i, ch := range chunks {
		if ex := t.Chunks[ch.Path]; ex != nil {
			ch.ID = ex.ID
		} else {
			c.st.NextChunk++
			ch.ID = fmt.Sprintf("c%08d", c.st.NextChunk)
		}
		out[i] = ch
	}
	c.st.TID++
	tid := c.st.TID
	if err := c.log(&logRec{Op: "begin", TID: tid, Name: db, TableName: table, Chunks: out, Next: c.st.NextChunk}, false); err != nil {
		return 0, nil, err
	}
	for _, ch := range out {
		c.locks[c.chunkLock(db, table, ch.Path)] = tid
	}
	c.active[tid] = &txnInfo{db: db, table: table, chunks: out}
	return tid, out, nil
}

func (c *memCatalog) Commit(tid uint64, segs map[string]SegRef, newKeys [][]Key, replace map[string][]uint64) (uint64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	tx := c.active[tid]
	if tx == nil {
		return 0, fmt.Errorf("%w: transaction %d is not active", ErrInvalid, tid)
	}
	cid := c.st.CID + 1
	rec := &logRec{Op: "commit", TID: tid, CID: cid, Name: tx.db, TableName: tx.table, Chunks: tx.chunks, Segs: segs, NewKeys: newKeys, Replace: replace}
	if err := c.log(rec, true); err != nil {
		return 0, err
	}
	return cid, nil
}

func (c *memCatalog) release(tid uint64) {
	for k, t := range c.locks {
		if t == tid {
			delete(c.locks, k)
		}
	}
	delete(c.active, tid)
}

func (c *memCatalog) Complete(tid uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.release(tid)
	c.maybeCheckpoint()
}

func (c *memCatalog) Abort(tid uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.active[tid] != nil {
		c.log(&logRec{Op: "abort", TID: tid}, false)
	}
	c.release(tid)
}

func (c *memCatalog) TxnStatus(tid uint64) (TxnState, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cid, ok := c.st.Committed[tid]; ok {
		return TxnCommitted, cid
	}
	if c.active[tid] != nil {
		return TxnActive, 0
	}
	if tid <= c.st.TID {
		return TxnAborted, 0
	}
	return TxnUnknown, 0
}

// maybeCheckpoint checkpoints when the log has grown and no transaction
// is in flight (so no begin record is lost). Called with c.mu held.
func (c *memCatalog) maybeCheckpoint() {
	if len(c.active) == 0 && c.j.size() > checkpointBytes {
		c.checkpointLocked()
	}
}

const checkpointBytes = 4 << 20

func (c *memCatalog) Checkpoint() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.checkpointLocked()
}

func (c *memCatalog) checkpointLocked() error {
	// Keep only recent committed tids.
	if len(c.st.Committed) > 4096 {
		var tids []uint64
		for t := range c.st.Committed {
			tids = append(tids, t)
		}
		sort.Slice(tids, func(i, j int) bool { return tids[i] < tids[j] })
		for _, t := range tids[:len(tids)-4096] {
			delete(c.st.Committed, t)
		}
	}
	return c.j.checkpoint(&c.st, c.sync)
}

func (c *memCatalog) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.j.close()
}
