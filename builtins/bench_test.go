package builtins

import (
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

// BenchmarkAddVector10M is 1..10000000 + 1: INT vector plus INT scalar,
// including the allocation of the result.
func BenchmarkAddVector10M(b *testing.B) {
	x, err := value.Seq(value.Int(1), value.Int(10000000))
	if err != nil {
		b.Fatal(err)
	}
	add, _ := Default().Lookup("add")
	args := []value.Value{x, value.Int(1)}
	b.SetBytes(10000000 * 4)
	for b.Loop() {
		if _, err := add.Call(nil, args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddDoubleVV10M(b *testing.B) {
	x := value.NewVector(value.DOUBLE, 10000000)
	add, _ := Default().Lookup("add")
	args := []value.Value{x, x}
	b.SetBytes(10000000 * 8)
	for b.Loop() {
		if _, err := add.Call(nil, args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLtVector10M(b *testing.B) {
	x, _ := value.Seq(value.Int(1), value.Int(10000000))
	lt, _ := Default().Lookup("lt")
	args := []value.Value{x, value.Int(5000000)}
	for b.Loop() {
		if _, err := lt.Call(nil, args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddScalar(b *testing.B) {
	add, _ := Default().Lookup("add")
	args := []value.Value{value.Int(1), value.Int(2)}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = add.Call(nil, args)
	}
}

const bigN = 100_000_000

var bigDoubles *value.Vector

func bigVector(b *testing.B) *value.Vector {
	if bigDoubles == nil {
		bigDoubles = value.NewVector(value.DOUBLE, bigN)
		s := bigDoubles.Doubles()[:bigN]
		for i := range s {
			s[i] = float64(i % 1000)
		}
	}
	return bigDoubles
}

func benchAgg(b *testing.B, name string) {
	x := bigVector(b)
	f, _ := Default().Lookup(name)
	args := []value.Value{x}
	b.SetBytes(bigN * 8)
	b.ResetTimer()
	for b.Loop() {
		if _, err := f.Call(nil, args); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSum100M etc. report GB/s over 100 M DOUBLE (800 MB); compare
// with BenchmarkMemBandwidth, a plain Go loop over the same buffer.
func BenchmarkSum100M(b *testing.B) { benchAgg(b, "sum") }
func BenchmarkAvg100M(b *testing.B) { benchAgg(b, "avg") }
func BenchmarkMax100M(b *testing.B) { benchAgg(b, "max") }

var sinkF float64

// BenchmarkMemBandwidth is the single-core baseline: the simplest Go loop
// reading the same 800 MB []float64 with four independent accumulators.
func BenchmarkMemBandwidth(b *testing.B) {
	s := bigVector(b).Doubles()[:bigN]
	b.SetBytes(bigN * 8)
	b.ResetTimer()
	for b.Loop() {
		var a0, a1, a2, a3, a4, a5, a6, a7 float64
		for i := 0; i+8 <= len(s); i += 8 {
			c := s[i : i+8 : i+8]
			a0 += c[0]
			a1 += c[1]
			a2 += c[2]
			a3 += c[3]
			a4 += c[4]
			a5 += c[5]
			a6 += c[6]
			a7 += c[7]
		}
		sinkF = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7
	}
}

// BenchmarkMemCopy is a second baseline: copy (memmove, SIMD) of the
// 800 MB buffer, reporting the bytes read.
func BenchmarkMemCopy(b *testing.B) {
	s := bigVector(b).Doubles()[:bigN]
	dst := make([]float64, bigN)
	copy(dst, s) // fault the pages in before timing
	b.SetBytes(bigN * 8)
	b.ResetTimer()
	for b.Loop() {
		copy(dst, s)
	}
}

// BenchmarkMsum10M is msum(x, 20) over 10 M DOUBLE (target < 50 ms).
func BenchmarkMsum10M(b *testing.B) {
	x := value.NewVector(value.DOUBLE, 10_000_000)
	s := x.Doubles()[:10_000_000]
	for i := range s {
		s[i] = float64(i % 977)
	}
	f, _ := Default().Lookup("msum")
	args := []value.Value{x, value.Int(20)}
	for b.Loop() {
		if _, err := f.Call(nil, args); err != nil {
			b.Fatal(err)
		}
	}
}

// step5 is the tutorial's Step 5 data generator (issue 3 acceptance: under
// 0.5 s).
const step5 = `n = 1210000
randPrice = round(10+rand(1.0, 100), 2)
randVolume = 100+rand(100, 100)
SecurityID = lpad(string(take(0..4999, 5000)), 6, ` + "`0" + `)
DateTime = (2023.01.08T09:30:00 + take(0..120, 121)*60).join(2023.01.08T13:00:00 + take(0..120, 121)*60)
PreClosePx = rand(randPrice, n)
OpenPx = rand(randPrice, n)
HighPx = rand(randPrice, n)
LowPx = rand(randPrice, n)
LastPx = rand(randPrice, n)
Volume = int(rand(randVolume, n))
Amount = round(LastPx*Volume, 2)
tmp = cj(table(SecurityID), table(DateTime))
t = tmp.join!(table(PreClosePx, OpenPx, HighPx, LowPx, LastPx, Volume, Amount))
rows(t)`

func BenchmarkStep5(b *testing.B) {
	t := &testing.T{}
	for b.Loop() {
		if got, err := eval(t, step5); err != nil || got != "INT 1210000" {
			b.Fatal(got, err)
		}
	}
}
