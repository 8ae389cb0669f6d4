package dfs

import (
	"errors"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/dfs/vfs"
	"github.com/porpoisedb/porpoise/vm/value"
)

func openMem(t *testing.T, fs vfs.FS) *Store {
	t.Helper()
	s, err := Open(Config{Home: "/h", FS: fs, NewValuePartitionPolicy: "add", Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tutorialDB creates dfs://testDB VALUE-partitioned by date with a
// (sym SYMBOL, ts DATETIME, px DOUBLE, vol INT) table.
func tutorialDB(t *testing.T, s *Store, engine string) {
	t.Helper()
	lv, err := parseLevel(VALUE, value.NewInt32Vector(value.DATE, []int32{int32(value.YMDToDays(2021, 1, 1)), int32(value.YMDToDays(2021, 1, 2))}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateDatabase(&DBMeta{Name: "dfs://testDB", Levels: []*Level{lv}, Engine: engine, Atomic: "TRANS", Granularity: "TABLE"}); err != nil {
		t.Fatal(err)
	}
	tm := &TableMeta{Name: "pt", Cols: []ColDef{{Name: "sym", Type: value.SYMBOL}, {Name: "ts", Type: value.DATETIME}, {Name: "px", Type: value.DOUBLE}, {Name: "vol", Type: value.INT}}, PartCols: []string{"ts"}}
	if engine == "TSDB" {
		tm.SortCols = []string{"sym", "ts"}
		tm.KeepDup = "LAST"
	}
	if err := s.CreateTable("dfs://testDB", tm); err != nil {
		t.Fatal(err)
	}
}

// batch makes n rows over days starting at day0 (days after 2023.01.08),
// with vol = base+i.
func batch(n, days, base int) *value.Table {
	syms := make([]string, n)
	ts := make([]int32, n)
	px := make([]float64, n)
	vol := make([]int32, n)
	d0 := int64(value.YMDToDays(2023, 1, 8)) * 86400
	for i := 0; i < n; i++ {
		syms[i] = []string{"A", "B", "C"}[i%3]
		ts[i] = int32(d0 + int64(i%days)*86400 + int64(i))
		px[i] = float64(i%100) / 10
		vol[i] = int32(base + i)
	}
	t, _ := value.NewTable([]string{"sym", "ts", "px", "vol"}, []value.Value{value.NewStringVector(syms), value.NewInt32Vector(value.DATETIME, ts), value.NewDoubleVector(px), value.NewIntVector(vol)})
	return t
}

func load(t *testing.T, s *Store) *value.Table {
	t.Helper()
	snap, err := s.Snapshot("dfs://testDB", "pt")
	if err != nil {
		t.Fatal(err)
	}
	tb, err := s.LoadTable(snap, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestAppendReadRestart(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs)
	tutorialDB(t, s, "OLAP")
	n, err := s.Append("dfs://testDB", "pt", batch(1000, 3, 0))
	if err != nil || n != 1000 {
		t.Fatal(n, err)
	}
	tb := load(t, s)
	if tb.Rows() != 1000 {
		t.Fatalf("rows %d", tb.Rows())
	}
	snap, _ := s.Snapshot("dfs://testDB", "pt")
	var paths []string
	for _, ch := range snap.Chunks {
		paths = append(paths, ch.Path)
	}
	if got := strings.Join(paths, ","); got != "/20230108,/20230109,/20230110" {
		t.Fatalf("paths %s", got)
	}
	d, _ := s.Database("dfs://testDB")
	if len(d.Levels[0].Values) != 5 {
		t.Fatalf("values %d", len(d.Levels[0].Values))
	}
	// Without Close: replay the log.
	s2 := openMem(t, fs)
	if tb := load(t, s2); tb.Rows() != 1000 || tb.Col("sym").Get(1).String() != "A" {
		t.Fatalf("after restart: %d rows, sym[1]=%s", tb.Rows(), tb.Col("sym").Get(1))
	}
	s2.Append("dfs://testDB", "pt", batch(10, 1, 5000))
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	// From the checkpoint.
	s3 := openMem(t, fs)
	if tb := load(t, s3); tb.Rows() != 1010 {
		t.Fatalf("after checkpoint: %d rows", tb.Rows())
	}
}

func TestConcurrentWriterLocked(t *testing.T) {
	s := openMem(t, vfs.NewMem())
	tutorialDB(t, s, "OLAP")
	tid, _, err := s.cat.Begin("dfs://testDB", "pt", []TxnChunk{{Path: "/20230108", Dirs: []string{"20230108"}, Keys: []Key{{I: int64(value.YMDToDays(2023, 1, 8))}}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Append("dfs://testDB", "pt", batch(10, 2, 0))
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("want ErrLocked, got %v", err)
	}
	want := "<ChunkInTransaction>The openChunks operation failed because the chunk '/testDB/20230108' is currently locked and in use by transaction 1. RefId:S00002"
	if err.Error() != want {
		t.Fatalf("got %q", err)
	}
	// All or none: the other partition got nothing either.
	if tb := load(t, s); tb.Rows() != 0 {
		t.Fatalf("rows %d", tb.Rows())
	}
	s.cat.Abort(tid)
	if _, err := s.Append("dfs://testDB", "pt", batch(10, 2, 0)); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentWritersReaders: writers on distinct partitions commit in
// parallel, writers on the same partition fail with ErrLocked or succeed,
// and readers always see whole batches.
func TestConcurrentWritersReaders(t *testing.T) {
	s := openMem(t, vfs.NewMem())
	tutorialDB(t, s, "OLAP")
	done := make(chan struct{})
	errc := make(chan error, 16)
	for w := 0; w < 4; w++ {
		go func() {
			for i := 0; i < 20; i++ {
				_, err := s.Append("dfs://testDB", "pt", batch(30, 3, w*1000+i))
				if err != nil && !errors.Is(err, ErrLocked) {
					errc <- err
				}
			}
			done <- struct{}{}
		}()
	}
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				errc <- nil
				return
			default:
			}
			snap, err := s.Snapshot("dfs://testDB", "pt")
			if err != nil {
				errc <- err
				return
			}
			tb, err := s.LoadTable(snap, nil)
			if err != nil {
				errc <- err
				return
			}
			if tb.Rows()%30 != 0 {
				errc <- errors.New("a reader saw a partial batch")
				return
			}
		}
	}()
	for w := 0; w < 4; w++ {
		<-done
	}
	close(stop)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

func TestNewValuePartitionPolicy(t *testing.T) {
	f := func(policy string, wantRows int, wantErr bool) {
		t.Helper()
		s, err := Open(Config{Home: "/h", FS: vfs.NewMem(), NewValuePartitionPolicy: policy, Logger: zerolog.Nop()})
		if err != nil {
			t.Fatal(err)
		}
		tutorialDB(t, s, "OLAP")
		// Two rows on 2021.01.01 (in the scheme), the batch on 2023.01.08+.
		b := batch(10, 2, 0)
		n, err := s.Append("dfs://testDB", "pt", b)
		if (err != nil) != wantErr || n != wantRows {
			t.Fatalf("%s: n=%d err=%v", policy, n, err)
		}
	}
	f("add", 10, false)
	f("skip", 0, false)
	f("fail", 0, true)
}
