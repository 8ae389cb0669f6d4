package dfs

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/porpoisedb/porpoise/dfs"
	"github.com/porpoisedb/porpoise/vm/value"
)

const (
	crashDB    = "dfs://crash"
	crashRows  = 300 // rows per partition per batch
	crashParts = 3   // partitions per batch
)

// crashBatch is batch b: crashParts partitions x crashRows rows, every row
// tagged with b.
func crashBatch(b int64) *value.Table {
	n := crashParts * crashRows
	id, part := make([]int64, n), make([]int32, n)
	x := make([]float64, n)
	for i := 0; i < n; i++ {
		id[i] = b
		part[i] = int32((b + int64(i/crashRows)) % 10)
		x[i] = float64(i)
	}
	t, _ := value.NewTable([]string{"batch", "part", "x"}, []value.Value{value.NewLongVector(id), value.NewIntVector(part), value.NewDoubleVector(x)})
	return t
}

// TestCrashChild is the child process: it appends batches and prints
// "ack <b>" after each acknowledged one, until killed.
func TestCrashChild(t *testing.T) {
	home := os.Getenv("PORPOISE_CRASH_HOME")
	if home == "" {
		t.Skip("child of TestCrash only")
	}
	run, _ := strconv.ParseInt(os.Getenv("PORPOISE_CRASH_RUN"), 10, 64)
	st := openStore(t, home)
	// A kill may fall between creating the database and the table.
	fns := dfs.Functions(st, nil)
	db, err := fns["database"].Call(nil, []value.Value{value.String(crashDB), value.Int(1), value.NewIntVector([]int32{0, 1, 2})})
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := st.Database(crashDB); d.Tables["pt"] == nil {
		schema, _ := value.NewEmptyTable([]string{"batch", "part", "x"}, []value.Type{value.LONG, value.INT, value.DOUBLE}, 0)
		if _, err := fns["createPartitionedTable"].Call(nil, []value.Value{db, schema, value.String("pt"), value.String("part")}); err != nil {
			t.Fatal(err)
		}
	}
	w := bufio.NewWriter(os.Stdout)
	for k := int64(0); ; k++ {
		b := run*1000000 + k
		if _, err := st.Append(crashDB, "pt", crashBatch(b)); err != nil {
			fmt.Fprintf(w, "error %v\n", err)
			w.Flush()
			continue
		}
		fmt.Fprintf(w, "ack %d\n", b)
		w.Flush()
	}
}

// TestCrash kills an appending child with SIGKILL 20 times; after each
// restart every acknowledged batch is there, whole, and nothing else is
// half there.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	home := t.TempDir()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	acked := map[int64]bool{}
	for run := 1; run <= 20; run++ {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestCrashChild$", "-test.v")
		cmd.Env = append(os.Environ(), "PORPOISE_CRASH_HOME="+home, "PORPOISE_CRASH_RUN="+strconv.Itoa(run))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		n := 0
		go func() {
			defer close(done)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				var b int64
				if _, err := fmt.Sscanf(sc.Text(), "ack %d", &b); err == nil {
					acked[b] = true
					n++
				}
			}
		}()
		time.Sleep(time.Duration(150+rng.Intn(750)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		cmd.Wait()

		st := openStore(t, home)
		for _, w := range st.Warnings() {
			t.Logf("run %d: recovery warning: %v", run, w)
		}
		snap, err := st.Snapshot(crashDB, "pt")
		if err != nil && len(acked) == 0 {
			st.Close()
			t.Logf("run %d: killed before the table existed (%v)", run, err)
			continue
		}
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		tb, err := st.LoadTable(snap, nil)
		if err != nil {
			t.Fatalf("run %d: query failed: %v", run, err)
		}
		rows := map[int64]int{}
		for _, b := range tb.Col("batch").Longs() {
			rows[b]++
		}
		for b := range acked {
			if rows[b] != crashParts*crashRows {
				t.Fatalf("run %d: acknowledged batch %d has %d rows, want %d", run, b, rows[b], crashParts*crashRows)
			}
		}
		for b, k := range rows {
			if k != crashParts*crashRows {
				t.Fatalf("run %d: batch %d is half there: %d rows", run, b, k)
			}
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("run %d: %d batches acknowledged this run, %d in the table", run, n, len(rows))
	}
	if len(acked) == 0 {
		t.Fatal("no batch was ever acknowledged")
	}
	// No stray files: every segment on disk is referenced.
	segs, _ := filepath.Glob(filepath.Join(home, "storage", "CHUNKS", "crash", "*", "pt", "*.tmp"))
	if len(segs) > 0 {
		t.Fatalf("temporary files left: %v", segs)
	}
}
