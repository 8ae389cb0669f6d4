package dfs

import (
	"bytes"
	"syscall"
	"testing"
	"time"

	"github.com/porpoisedb/porpoise/vm"
)

const step5 = `
n = 1210000
randPrice = round(10+rand(1.0, 100), 2)
randVolume = 100+rand(100, 100)
SecurityID = lpad(string(take(0..4999, 5000)), 6, "0")
DateTime = (2023.01.08T09:30:00 + take(0..120, 121)*60).join(2023.01.08T13:00:00 + take(0..120, 121)*60)
LastPx = rand(randPrice, n)
PreClosePx = rand(randPrice, n)
OpenPx = rand(randPrice, n)
HighPx = rand(randPrice, n)
LowPx = rand(randPrice, n)
Volume = int(rand(randVolume, n))
Amount = round(LastPx*Volume, 2)
tmp = cj(table(SecurityID), table(DateTime))
t = tmp.join!(table(PreClosePx, OpenPx, HighPx, LowPx, LastPx, Volume, Amount))
db = database("dfs://testDB", VALUE, 2021.01.01..2021.12.31)
colTypes = [SYMBOL, DATETIME, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, INT, DOUBLE]
db.createPartitionedTable(table=table(1:0, t.columnNames(), colTypes), tableName="testTB", partitionColumns="DateTime")
loadTable("dfs://testDB", "testTB").append!(t)
pt = loadTable("dfs://testDB", "testTB")
`

// BenchmarkStep6OHLC runs the tutorial's OHLC query on the in-memory table
// (mem) and on the DFS table (dfs).
func BenchmarkStep6OHLC(b *testing.B) {
	st := openStore(b, b.TempDir())
	defer st.Close()
	var out bytes.Buffer
	s := vm.NewSession(vm.Options{Universe: universe(st), Out: &out})
	if _, err := s.Run("step5", []byte(step5)); err != nil {
		b.Fatal(err)
	}
	for _, src := range []string{"t", "pt"} {
		q := []byte("result = select first(LastPx) as Open, max(LastPx) as High, min(LastPx) as Low, last(LastPx) as Close from " + src + " group by date(DateTime) as Date, SecurityID")
		name := map[string]string{"t": "mem", "pt": "dfs"}[src]
		b.Run(name, func(b *testing.B) {
			c0 := cpuTime()
			defer func() { b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op") }()
			for i := 0; i < b.N; i++ {
				if _, err := s.Run("q", q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// cpuTime is the process's user+system CPU time: a measure that other
// processes on a busy machine disturb less than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
