package dfs

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/dfs"
	"github.com/porpoisedb/porpoise/dfs/vfs"
	"github.com/porpoisedb/porpoise/vm/value"
)

// gatedStore opens a store whose (skip+1)-th segment file created under a
// partition directory containing blockPath blocks until gate is closed;
// entered is closed when that happens, so that writer holds its chunk lock
// for as long as the test wants. gate is closed at the latest when the
// test ends, before the store closes.
func gatedStore(t *testing.T, blockPath string, wait time.Duration, skip ...int) (st *dfs.Store, entered chan struct{}, release func()) {
	t.Helper()
	home := t.TempDir()
	entered, gate := make(chan struct{}), make(chan struct{})
	release = sync.OnceFunc(func() { close(gate) })
	var mu sync.Mutex
	seen := 0
	inj := func(op, p string) error {
		if op == "create" && strings.HasSuffix(p, ".seg.tmp") && strings.Contains(p, blockPath) {
			mu.Lock()
			seen++
			block := len(skip) == 0 && seen == 1 || len(skip) > 0 && seen == skip[0]+1
			mu.Unlock()
			if block {
				close(entered)
				<-gate
			}
		}
		return nil
	}
	st, err := dfs.Open(dfs.Config{Home: home, FS: vfs.NewErrorFS(vfs.OS, home, inj), NoSync: true, Logger: zerolog.Nop(), ChunkLockWait: wait})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { release(); st.Close() })
	return st, entered, release
}

// atomicDB creates dfs://atomic<level>, VALUE 1 2 3, with table pt(id INT,
// x INT) partitioned by id, through the script functions.
func atomicDB(t *testing.T, st *dfs.Store, level string) string {
	t.Helper()
	name := "dfs://atomic" + level
	fns := dfs.Functions(st, nil)
	db, err := fns["database"].Call(nil, []value.Value{value.String(name), value.Int(1), value.NewIntVector([]int32{1, 2, 3}), value.Void{}, value.Void{}, value.String(level)})
	if err != nil {
		t.Fatal(err)
	}
	schema, _ := value.NewEmptyTable([]string{"id", "x"}, []value.Type{value.INT, value.INT}, 0)
	if _, err := fns["createPartitionedTable"].Call(nil, []value.Value{db, schema, value.String("pt"), value.String("id")}); err != nil {
		t.Fatal(err)
	}
	return name
}

func rows(ids ...int32) *value.Table {
	x := make([]int32, len(ids))
	for i := range x {
		x[i] = int32(i)
	}
	t, _ := value.NewTable([]string{"id", "x"}, []value.Value{value.NewIntVector(ids), value.NewIntVector(x)})
	return t
}

func tableRows(t *testing.T, st *dfs.Store, db string) int64 {
	t.Helper()
	snap, err := st.Snapshot(db, "pt")
	if err != nil {
		t.Fatal(err)
	}
	return snap.Rows()
}

// TestAtomicTrans: with atomic='TRANS' (the default) a write that meets a
// partition another transaction holds fails at once with DolphinDB's
// S00002 error, and writes nothing (not even to its free partitions).
// Source: docs.dolphindb.cn database (atomic), error code S00002.
func TestAtomicTrans(t *testing.T) {
	st, entered, release := gatedStore(t, "/1/pt/", time.Minute)
	db := atomicDB(t, st, "TRANS")
	first := make(chan error, 1)
	go func() { _, err := st.Append(db, "pt", rows(1, 1, 1)); first <- err }()
	<-entered
	_, err := st.Append(db, "pt", rows(1, 2, 2))
	if !errors.Is(err, dfs.ErrLocked) || !strings.Contains(err.Error(), "<ChunkInTransaction>The openChunks operation failed because the chunk '/atomicTRANS/1' is currently locked and in use by transaction") || !strings.HasSuffix(err.Error(), "RefId:S00002") {
		t.Fatalf("second writer: %v", err)
	}
	release()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if n := tableRows(t, st, db); n != 3 {
		t.Fatalf("%d rows, want the first writer's 3", n)
	}
}

// TestAtomicChunk: with atomic='CHUNK' the second writer commits its free
// partition at once, waits for the held one, and both writers succeed.
func TestAtomicChunk(t *testing.T) {
	st, entered, release := gatedStore(t, "/1/pt/", time.Minute)
	db := atomicDB(t, st, "CHUNK")
	first := make(chan error, 1)
	go func() { _, err := st.Append(db, "pt", rows(1, 1, 1)); first <- err }()
	<-entered
	second := make(chan error, 1)
	go func() { _, err := st.Append(db, "pt", rows(1, 2, 2)); second <- err }()
	// The free partition 2 commits while partition 1 is still held.
	deadline := time.Now().Add(10 * time.Second)
	for tableRows(t, st, db) != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("partition 2 of the second writer not committed while partition 1 is held: %d rows", tableRows(t, st, db))
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case err := <-second:
		t.Fatalf("second writer returned before the held partition was free: %v", err)
	default:
	}
	release()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if n := tableRows(t, st, db); n != 6 {
		t.Fatalf("%d rows, want 6", n)
	}
}

// TestAtomicChunkGivesUp: a partition still held after ChunkLockWait fails
// the write with S00002; what was committed of it stays.
func TestAtomicChunkGivesUp(t *testing.T) {
	st, entered, release := gatedStore(t, "/1/pt/", 200*time.Millisecond)
	db := atomicDB(t, st, "CHUNK")
	first := make(chan error, 1)
	go func() { _, err := st.Append(db, "pt", rows(1)); first <- err }()
	<-entered
	start := time.Now()
	_, err := st.Append(db, "pt", rows(1, 3))
	if !errors.Is(err, dfs.ErrLocked) || !strings.HasSuffix(err.Error(), "RefId:S00002") {
		t.Fatalf("second writer: %v", err)
	}
	if el := time.Since(start); el < 200*time.Millisecond {
		t.Fatalf("gave up after %v, before ChunkLockWait", el)
	}
	release()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if n := tableRows(t, st, db); n != 2 {
		t.Fatalf("%d rows, want 2 (the first writer's and partition 3 of the second)", n)
	}
}

// TestAtomicChunkUpdate: under atomic='CHUNK' an update (a rewrite of
// whole partitions) waits for a partition another writer holds, as an
// append does, and rewrites the free ones meanwhile.
func TestAtomicChunkUpdate(t *testing.T) {
	st, entered, release := gatedStore(t, "/1/pt/", time.Minute, 1)
	db := atomicDB(t, st, "CHUNK")
	if _, err := st.Append(db, "pt", rows(1, 2, 3)); err != nil {
		t.Fatal(err)
	}
	first := make(chan error, 1)
	go func() { _, err := st.Append(db, "pt", rows(1, 1)); first <- err }()
	<-entered
	zero := func(x *value.Table) (*value.Table, error) {
		id := x.Col("id")
		return value.NewTable([]string{"id", "x"}, []value.Value{id, value.NewIntVector(make([]int32, id.Len()))})
	}
	done := make(chan error, 1)
	var n int
	go func() {
		var err error
		n, err = dfs.NewTableHandle(st, db, "pt").RewritePartitions(nil, nil, nil, zero)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("update returned while partition 1 was held: %v", err)
	default:
	}
	release()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	snap, _ := st.Snapshot(db, "pt")
	tb, err := st.LoadTable(snap, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Rows() != 5 || n != 3 {
		t.Fatalf("%d rows, %d partitions rewritten", tb.Rows(), n)
	}
	for _, x := range tb.Col("x").Ints() {
		if x != 0 {
			t.Fatalf("x = %s after the update", tb.Col("x"))
		}
	}
}
