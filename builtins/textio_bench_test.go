//go:build unix

package builtins

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// BenchmarkLoadTextCandle loads a 1.21M-row file of the tutorial's shape.
func BenchmarkLoadTextCandle(b *testing.B) {
	p := candleCSV(b, 1210000)
	st, _ := os.Stat(p)
	b.SetBytes(st.Size())
	// CPU time per load, next to wall time: the machine may be shared.
	var before, after syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tb, err := loadTextFile(&textArgs{fn: "loadText", file: p, delim: ",", containHeader: -1})
		if err != nil || tb.Rows() != 1210000 {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}
