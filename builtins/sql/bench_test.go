package sql

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/porpoisedb/porpoise/vm"
	"github.com/porpoisedb/porpoise/vm/value"
)

// step5Table builds the tutorial's Step 5 table for days days: 5000
// securities x 242 minutes a day (cj order: security-major within a
// day), prices from 100 random values. symbol chooses SYMBOL (the
// partitioned table's type) or STRING (lpad's) for SecurityID.
func step5Table(days int, symbol bool) *value.Table {
	const nsec, nmin = 5000, 242
	n := days * nsec * nmin
	r := rand.New(rand.NewPCG(1, 2))
	prices := make([]float64, 100)
	for i := range prices {
		prices[i] = float64(int((10+r.Float64())*100+0.5)) / 100
	}
	ids := make([]string, nsec)
	for i := range ids {
		ids[i] = fmt.Sprintf("%06d", i)
	}
	mins := make([]int32, nmin)
	base := int32(value.YMDToDays(2023, 1, 8)) * 86400
	for i := range 121 {
		mins[i] = base + int32(9*3600+30*60+i*60)
		mins[121+i] = base + int32(13*3600+i*60)
	}
	sec := make([]string, n)
	dt := make([]int32, n)
	cols := make([][]float64, 6)
	for c := range cols {
		cols[c] = make([]float64, n)
	}
	vol := make([]int32, n)
	for d := range days {
		for s := range nsec {
			for m := range nmin {
				i := (d*nsec+s)*nmin + m
				sec[i] = ids[s]
				dt[i] = mins[m] + int32(d*86400)
			}
		}
	}
	for i := range n {
		for c := 0; c < 5; c++ {
			cols[c][i] = prices[r.IntN(100)]
		}
		vol[i] = int32(100 + r.IntN(100))
		cols[5][i] = float64(int(cols[4][i]*float64(vol[i])*100+0.5)) / 100
	}
	var secCol *value.Vector
	if symbol {
		secCol = value.NewSymbolVector(sec)
	} else {
		secCol = value.NewStringVector(sec)
	}
	t, err := value.NewTable(
		[]string{"SecurityID", "DateTime", "PreClosePx", "OpenPx", "HighPx", "LowPx", "LastPx", "Volume", "Amount"},
		[]value.Value{secCol, value.NewInt32Vector(value.DATETIME, dt), value.NewDoubleVector(cols[0]), value.NewDoubleVector(cols[1]),
			value.NewDoubleVector(cols[2]), value.NewDoubleVector(cols[3]), value.NewDoubleVector(cols[4]), value.NewIntVector(vol), value.NewDoubleVector(cols[5])})
	if err != nil {
		panic(err)
	}
	return t
}

var (
	tables   = map[string]*value.Table{}
	tablesMu sync.Mutex
)

func cachedTable(days int, symbol bool) *value.Table {
	tablesMu.Lock()
	defer tablesMu.Unlock()
	k := fmt.Sprint(days, symbol)
	if t, ok := tables[k]; ok {
		return t
	}
	t := step5Table(days, symbol)
	tables[k] = t
	return t
}

const (
	qCount = "select count(*) from t group by date(DateTime) as Date"
	qOHLC  = "select first(LastPx) as Open, max(LastPx) as High, min(LastPx) as Low, last(LastPx) as Close from t group by date(DateTime) as Date, SecurityID"
	qPoint = "select * from t where SecurityID = \"000042\""
)

func sessionWith(t *value.Table) *vm.Session {
	s := newSession()
	s.SetVar("t", t)
	return s
}

func TestStep6(t *testing.T) {
	for _, symbol := range []bool{true, false} {
		s := sessionWith(cachedTable(1, symbol))
		v, err := s.Run("q", []byte(qCount))
		if err != nil {
			t.Fatal(err)
		}
		if got := v.String(); got != "Date       count  \n---------- -------\n2023.01.08 1210000" {
			t.Errorf("count by date:\n%q", got)
		}
		v, err = s.Run("q", []byte(qOHLC))
		if err != nil {
			t.Fatal(err)
		}
		tb := v.(*value.Table)
		if tb.Rows() != 5000 || fmt.Sprint(tb.Names()) != "[Date SecurityID Open High Low Close]" {
			t.Errorf("OHLC: %d rows, columns %v", tb.Rows(), tb.Names())
		}
		v, err = s.Run("q", []byte(qPoint))
		if err != nil {
			t.Fatal(err)
		}
		if v.(*value.Table).Rows() != 242 {
			t.Errorf("point: %d rows", v.(*value.Table).Rows())
		}
	}
}

var printCores sync.Once

func benchQuery(b *testing.B, days int, symbol bool, q string) {
	printCores.Do(func() { fmt.Printf("cores: GOMAXPROCS=%d NumCPU=%d\n", runtime.GOMAXPROCS(0), runtime.NumCPU()) })
	s := sessionWith(cachedTable(days, symbol))
	if _, err := s.Run("q", []byte(q)); err != nil { // warm
		b.Fatal(err)
	}
	runtime.GC()
	var ds []time.Duration
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if _, err := s.Run("q", []byte(q)); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	cpu := cpuTime() - cpu0
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(ds)), "cpu-ms/op")
}

// Run with -benchtime=5x for the median of 5.
func BenchmarkCountByDate1Day(b *testing.B)    { benchQuery(b, 1, true, qCount) }
func BenchmarkOHLC1Day(b *testing.B)           { benchQuery(b, 1, true, qOHLC) }
func BenchmarkPointFilter1Day(b *testing.B)    { benchQuery(b, 1, true, qPoint) }
func BenchmarkOHLC1DayString(b *testing.B)     { benchQuery(b, 1, false, qOHLC) }
func BenchmarkPointFilter1DayStr(b *testing.B) { benchQuery(b, 1, false, qPoint) }
func BenchmarkCountByDate20Days(b *testing.B)  { benchQuery(b, 20, true, qCount) }
func BenchmarkOHLC20Days(b *testing.B)         { benchQuery(b, 20, true, qOHLC) }

// cpuTime is the process's user+system CPU time, to tell the query's own
// cost from waiting for a busy machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPointFilter1DayStrFirst is the point filter as the first query
// on its STRING column: each run drops the column's dictionary encoding,
// so the time includes building it (later queries reuse it).
func BenchmarkPointFilter1DayStrFirst(b *testing.B) {
	t := cachedTable(1, false)
	s := sessionWith(t)
	col := t.Column(slices.Index(t.Names(), "SecurityID"))
	var ds []time.Duration
	for b.Loop() {
		col.Modified()
		start := time.Now()
		if _, err := s.Run("q", []byte(qPoint)); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "ms-median")
}
