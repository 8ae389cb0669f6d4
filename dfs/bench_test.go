package dfs

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/vm/value"
)

// splitmix64 is duckbench's PRNG.
type splitmix64 uint64

func (s *splitmix64) next() uint64 {
	*s += 0x9E3779B97F4A7C15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func (s *splitmix64) intn(n int) int { return int(s.next() % uint64(n)) }

// tutorialTable generates the seed tutorial's table for days days starting
// 2023.01.08: 5000 securities x 242 one-minute bars a day, SecurityID-major.
func tutorialTable(days int) *value.Table {
	const secs, bars = 5000, 242
	n := days * secs * bars
	sym := make([]string, n)
	ts := make([]int32, n)
	cols := make([][]float64, 6)
	for i := range cols {
		cols[i] = make([]float64, n)
	}
	vol := make([]int32, n)
	var minutes []int32
	for i := 0; i < 121; i++ {
		minutes = append(minutes, int32(9*3600+30*60+i*60))
	}
	for i := 0; i < 121; i++ {
		minutes = append(minutes, int32(13*3600+i*60))
	}
	r := 0
	for d := 0; d < days; d++ {
		rng := splitmix64(d + 1)
		var price [100]float64
		var volume [100]int32
		for i := range price {
			price[i] = math.Round((10+float64(rng.next()>>11)/(1<<53))*100) / 100
			volume[i] = int32(100 + rng.intn(100))
		}
		day := int32(value.YMDToDays(2023, 1, 8)+d) * 86400
		for s := 0; s < secs; s++ {
			id := fmt.Sprintf("%06d", s)
			for b := 0; b < bars; b++ {
				sym[r] = id
				ts[r] = day + minutes[b]
				for c := 0; c < 5; c++ {
					cols[c][r] = price[rng.intn(100)]
				}
				vol[r] = volume[rng.intn(100)]
				cols[5][r] = math.Round(cols[4][r]*float64(vol[r])*100) / 100
				r++
			}
		}
	}
	t, _ := value.NewTable([]string{"SecurityID", "DateTime", "PreClosePx", "OpenPx", "HighPx", "LowPx", "LastPx", "Volume", "Amount"},
		[]value.Value{value.NewSymbolVector(sym), value.NewInt32Vector(value.DATETIME, ts), value.NewDoubleVector(cols[0]), value.NewDoubleVector(cols[1]),
			value.NewDoubleVector(cols[2]), value.NewDoubleVector(cols[3]), value.NewDoubleVector(cols[4]), value.NewIntVector(vol), value.NewDoubleVector(cols[5])})
	return t
}

func tutorialStore(tb testing.TB, home string) *Store {
	s, err := Open(Config{Home: home, NewValuePartitionPolicy: "add", Logger: zerolog.Nop(), NoSync: os.Getenv("NOSYNC") != ""})
	if err != nil {
		tb.Fatal(err)
	}
	lv, _ := parseLevel(VALUE, value.NewInt32Vector(value.DATE, []int32{int32(value.YMDToDays(2021, 1, 1))}))
	if _, err := s.CreateDatabase(&DBMeta{Name: "dfs://testDB", Levels: []*Level{lv}, Engine: "OLAP", Atomic: "TRANS", Granularity: "TABLE"}); err != nil {
		tb.Fatal(err)
	}
	tm := &TableMeta{Name: "testTB", PartCols: []string{"DateTime"}}
	for _, c := range []struct {
		n string
		t value.Type
	}{{"SecurityID", value.SYMBOL}, {"DateTime", value.DATETIME}, {"PreClosePx", value.DOUBLE}, {"OpenPx", value.DOUBLE}, {"HighPx", value.DOUBLE}, {"LowPx", value.DOUBLE}, {"LastPx", value.DOUBLE}, {"Volume", value.INT}, {"Amount", value.DOUBLE}} {
		tm.Cols = append(tm.Cols, ColDef{Name: c.n, Type: c.t})
	}
	if err := s.CreateTable("dfs://testDB", tm); err != nil {
		tb.Fatal(err)
	}
	return s
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// BenchmarkAppendTutorial appends the tutorial table (DAYS days, default
// 20: 24.2M rows) in one transaction on the real disk and reports rows/s,
// CPU seconds and bytes/row of the column files.
func BenchmarkAppendTutorial(b *testing.B) {
	days := 20
	if s := os.Getenv("DAYS"); s != "" {
		fmt.Sscan(s, &days)
	}
	t := tutorialTable(days)
	b.SetBytes(int64(t.Rows()) * 60)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		home := b.TempDir()
		s := tutorialStore(b, home)
		b.StartTimer()
		start, c0 := time.Now(), cpuTime()
		n, err := s.Append("dfs://testDB", "testTB", t)
		el, cpu := time.Since(start), cpuTime()-c0
		if err != nil || n != t.Rows() {
			b.Fatal(n, err)
		}
		b.StopTimer()
		size := dirSize(filepath.Join(home, "storage"))
		b.ReportMetric(float64(n)/el.Seconds(), "rows/s")
		b.ReportMetric(cpu.Seconds(), "cpu-s")
		b.ReportMetric(float64(size)/float64(n), "bytes/row")
		s.Close()
	}
}

// BenchmarkLoadTutorial reads the one-day table back (all columns).
func BenchmarkLoadTutorial(b *testing.B) {
	t := tutorialTable(1)
	s := tutorialStore(b, b.TempDir())
	defer s.Close()
	if _, err := s.Append("dfs://testDB", "testTB", t); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		snap, _ := s.Snapshot("dfs://testDB", "testTB")
		if _, err := s.LoadTable(snap, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuTime is the process's user+system CPU time, less disturbed than wall
// time by other processes on a busy machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
