package sql

import (
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/porpoisedb/porpoise/vm"
)

// benchDFSOHLC stores the tutorial table for days days in a DFS table
// VALUE-partitioned by date of DateTime (one partition a day), then runs
// the Step 6 OHLC query on the in-memory table (mem) and on the DFS table
// (dfs, per partition on localExecutors workers, columns from the cache
// after the first run). Run with -benchtime=5x.
func benchDFSOHLC(b *testing.B, days, workers int) {
	s := dfsSession(b, workers)
	s.SetVar("t", cachedTable(days, true))
	if _, err := s.Run("setup", []byte(`
db = database("dfs://benchOHLC", VALUE, 2023.01.08..2023.01.27)
pt = db.createPartitionedTable(table=t, tableName="pt", partitionColumns="DateTime")
pt.append!(t)
`)); err != nil {
		b.Fatal(err)
	}
	for _, src := range []string{"t", "pt"} {
		name := map[string]string{"t": "mem", "pt": "dfs"}[src]
		q := []byte("select first(LastPx) as Open, max(LastPx) as High, min(LastPx) as Low, last(LastPx) as Close from " + src + " group by date(DateTime) as Date, SecurityID")
		b.Run(name, func(b *testing.B) { benchRun(b, s, q) })
	}
}

func benchRun(b *testing.B, s *vm.Session, q []byte) {
	if _, err := s.Run("q", q); err != nil { // warm (the DFS column cache too)
		b.Fatal(err)
	}
	runtime.GC()
	var ds []time.Duration
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if _, err := s.Run("q", q); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	cpu := cpuTime() - cpu0
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(ds)), "cpu-ms/op")
}

func BenchmarkDFSOHLC1Day(b *testing.B)          { benchDFSOHLC(b, 1, 2) }
func BenchmarkDFSOHLC20Days(b *testing.B)        { benchDFSOHLC(b, 20, 2) }
func BenchmarkDFSOHLC20Days1Worker(b *testing.B) { benchDFSOHLC(b, 20, 1) }
