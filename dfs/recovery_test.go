package dfs

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/dfs/vfs"
)

var rewrite = flag.Bool("rewrite", false, "rewrite golden files in testdata")

func openFS(t *testing.T, fs vfs.FS) (*Store, error) {
	t.Helper()
	return Open(Config{Home: "/h", FS: fs, NewValuePartitionPolicy: "add", Logger: zerolog.Nop(), MergeThreshold: -1})
}

func mustOpenFS(t *testing.T, fs vfs.FS) *Store {
	t.Helper()
	s, err := openFS(t, fs)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestTwoPhaseAllOrNone fails each step of a three-partition append in
// turn: the append errs, and after a power loss and restart no partition
// shows any of it; a failure after the commit record shows all of it.
func TestTwoPhaseAllOrNone(t *testing.T) {
	f := func(op, sub string, nth int, wantVisible bool) {
		t.Helper()
		mem := vfs.NewMem()
		s := mustOpenFS(t, mem)
		tutorialDB(t, s, "OLAP")
		s.Append("dfs://testDB", "pt", batch(30, 3, 0))
		s.Close()
		efs := vfs.NewErrorFS(mem, "", vfs.OnNth(nth, op, sub))
		s = mustOpenFS(t, efs)
		_, err := s.Append("dfs://testDB", "pt", batch(30, 3, 1000))
		if wantVisible != (err == nil) {
			t.Fatalf("%s %s #%d: append error %v, want visible=%v", op, sub, nth, err, wantVisible)
		}
		want := 30
		if wantVisible {
			want = 60
		}
		for _, fs := range []vfs.FS{mem.CrashClone(), mem} {
			s2 := mustOpenFS(t, fs)
			if got := load(t, s2).Rows(); got != want {
				t.Fatalf("%s %s #%d: %d rows after restart, want %d", op, sub, nth, got, want)
			}
			if errs := s2.Verify(mustSnap(t, s2)); len(errs) > 0 {
				t.Fatalf("%s %s #%d: %v", op, sub, nth, errs)
			}
		}
	}
	f("create", ".seg.tmp", 1, false)   // first segment
	f("create", ".seg.tmp", 3, false)   // last segment
	f("sync", ".seg.tmp", 2, false)     // fsync of a segment
	f("rename", ".seg.tmp", 3, false)   // publishing a segment
	f("write", "editlog.0", 1, false)   // participant's BCOMM record
	f("sync", "DFSMetaLog.0", 1, false) // the commit record (decision)
	f("write", "editlog.0", 2, true)    // participant's COMM: redone at recovery
}

func TestTruncatedMetaLogNamesFile(t *testing.T) {
	mem := vfs.NewMem()
	s := mustOpenFS(t, mem)
	tutorialDB(t, s, "OLAP")
	s.Append("dfs://testDB", "pt", batch(30, 3, 0))
	s.Append("dfs://testDB", "pt", batch(30, 3, 100))
	// Cut the last record (the second commit) in half.
	mem.Mutate("/h/dfsMeta/DFSMetaLog.0", func(b []byte) []byte { return b[:len(b)-20] })
	s2 := mustOpenFS(t, mem)
	w := s2.Warnings()
	if len(w) != 1 || !errors.Is(w[0], ErrCorrupt) || !strings.Contains(w[0].Error(), "DFSMetaLog.0") || !strings.Contains(w[0].Error(), "truncated") {
		t.Fatalf("warnings %v", w)
	}
	if n := load(t, s2).Rows(); n != 30 {
		t.Fatalf("rows %d, want the first batch (30)", n)
	}
	// Writable again, and the bad tail is gone.
	if _, err := s2.Append("dfs://testDB", "pt", batch(30, 3, 200)); err != nil {
		t.Fatal(err)
	}
	s3 := mustOpenFS(t, mem)
	if len(s3.Warnings()) != 0 || load(t, s3).Rows() != 60 {
		t.Fatalf("after repair: %v, %d rows", s3.Warnings(), load(t, s3).Rows())
	}
}

func TestCorruptColumnFileNamed(t *testing.T) {
	mem := vfs.NewMem()
	s := mustOpenFS(t, mem)
	tutorialDB(t, s, "OLAP")
	s.Append("dfs://testDB", "pt", batch(300, 3, 0))
	snap, _ := s.Snapshot("dfs://testDB", "pt")
	victim := filepath.Join("/h/storage", snap.Chunks[1].Segs[0].File)
	mem.Mutate(victim, func(b []byte) []byte { b[10] ^= 0xff; return b })
	_, err := s.LoadTable(snap, nil)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), victim) {
		t.Fatalf("got %v", err)
	}
	// The other partitions stay readable.
	for i, ch := range snap.Chunks {
		_, err := s.ReadChunk(snap, ch, []int{0, 1, 2, 3})
		if (err != nil) != (i == 1) {
			t.Fatalf("chunk %d: %v", i, err)
		}
	}
	if errs := s.Verify(snap); len(errs) != 1 {
		t.Fatalf("verify: %v", errs)
	}
	mem.Remove(victim)
	_, err = s.ReadChunk(snap, snap.Chunks[1], []int{0})
	if !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), victim) {
		t.Fatalf("missing: %v", err)
	}
}

// TestCheckpointReplayIdempotent: a crash between writing the checkpoint
// and emptying the log replays the old log over the checkpoint.
func TestCheckpointReplayIdempotent(t *testing.T) {
	mem := vfs.NewMem()
	s := mustOpenFS(t, mem)
	tutorialDB(t, s, "OLAP")
	s.Append("dfs://testDB", "pt", batch(30, 3, 0))
	old, _ := vfs.ReadFile(mem, "/h/dfsMeta/DFSMetaLog.0")
	if err := s.cat.Checkpoint(); err != nil {
		t.Fatal(err)
	}
	mem.Mutate("/h/dfsMeta/DFSMetaLog.0", func([]byte) []byte { return append([]byte(nil), old...) })
	s2 := mustOpenFS(t, mem)
	if n := load(t, s2).Rows(); n != 30 || len(s2.Warnings()) != 0 {
		t.Fatalf("rows %d warnings %v", n, s2.Warnings())
	}
	if !mem.Exists("/h/dfsMeta/DFSMasterMetaCheckpoint.0") {
		t.Fatal("no checkpoint file")
	}
}

// TestAppendTrace is the syscall trace of one single-partition append on
// a fresh table (golden: testdata/append.trace; -rewrite to update).
func TestAppendTrace(t *testing.T) {
	mem := vfs.NewMem()
	s := mustOpenFS(t, mem)
	tutorialDB(t, s, "OLAP")
	s.Close()
	efs := vfs.NewErrorFS(mem, "/h/", nil)
	s = mustOpenFS(t, efs)
	efs.ResetTrace()
	if _, err := s.Append("dfs://testDB", "pt", batch(10, 1, 0)); err != nil {
		t.Fatal(err)
	}
	got := efs.Trace() + "\n"
	golden := filepath.Join("testdata", "append.trace")
	if *rewrite {
		os.WriteFile(golden, []byte(got), 0o644)
	}
	want, _ := os.ReadFile(golden)
	if !bytes.Equal(want, []byte(got)) {
		t.Fatalf("trace differs from %s:\n%s", golden, got)
	}
}

func TestTSDBMergeInBackground(t *testing.T) {
	mem := vfs.NewMem()
	s, err := Open(Config{Home: "/h", FS: mem, NewValuePartitionPolicy: "add", Logger: zerolog.Nop(), MergeThreshold: 3})
	if err != nil {
		t.Fatal(err)
	}
	tutorialDB(t, s, "TSDB")
	for i := 0; i < 3; i++ {
		if _, err := s.Append("dfs://testDB", "pt", batch(9, 1, 0)); err != nil {
			t.Fatal(err)
		}
	}
	s.mergeWG.Wait()
	snap, _ := s.Snapshot("dfs://testDB", "pt")
	if len(snap.Chunks) != 1 || len(snap.Chunks[0].Segs) != 1 || snap.Chunks[0].Segs[0].Level != 1 {
		t.Fatalf("segments after merge: %+v", snap.Chunks[0].Segs)
	}
	// keepDuplicates=LAST over (sym, ts): the three batches are equal, so 9 rows.
	if n := load(t, s).Rows(); n != 9 {
		t.Fatalf("rows %d", n)
	}
	s.Close()
	s2 := mustOpenFS(t, mem)
	if n := load(t, s2).Rows(); n != 9 {
		t.Fatalf("rows after restart %d", n)
	}
}

func mustSnap(t *testing.T, s *Store) *TableSnapshot {
	t.Helper()
	snap, err := s.Snapshot("dfs://testDB", "pt")
	if err != nil {
		t.Fatal(err)
	}
	return snap
}
