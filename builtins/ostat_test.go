package builtins

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func randSeries(r *rand.Rand, n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		switch {
		case r.IntN(6) == 0:
			xs[i] = nullF
		default:
			xs[i] = float64(r.IntN(8)) // many ties
		}
	}
	return xs
}

func sameF(a, b float64) bool {
	return a == b || math.Abs(a-b) < 1e-9*math.Max(1, math.Abs(b))
}

// TestOrderKernels checks the rankTree kernels against rescanning each window.
func TestOrderKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 300 {
		n := 1 + r.IntN(40)
		xs := randSeries(r, n)
		w := 1 + r.IntN(8)
		mp := 0
		if r.IntN(2) == 0 {
			mp = 1 + r.IntN(w)
		}
		for _, m := range []string{"linear", "lower", "higher", "nearest", "midpoint"} {
			q := r.Float64()
			want := make([]float64, n)
			got := make([]float64, n)
			windowK(func(v []float64) float64 { return quantileOf(v, q, m) })(xs, want, w, mp)
			orderK(func(t *rankTree) float64 { return t.quantile(q, m) })(xs, got, w, mp)
			for i := range want {
				if !sameF(got[i], want[i]) {
					t.Fatalf("iter %d quantile %s q=%v w=%d mp=%d xs=%v: got %v want %v", iter, m, q, w, mp, xs, got, want)
				}
			}
		}
		for _, asc := range []bool{true, false} {
			for _, ties := range []string{"min", "max", "average"} {
				for _, pct := range []bool{false, true} {
					want := make([]float64, n)
					got := make([]float64, n)
					rawWindowK(func(win []float64, ok bool) float64 {
						x := win[len(win)-1]
						if !ok || x == nullF {
							return nullF
						}
						less, eq, c := 0, 0, 0
						for _, y := range win {
							if y == nullF {
								continue
							}
							c++
							switch {
							case y == x:
								eq++
							case asc && y < x || !asc && y > x:
								less++
							}
						}
						rk := float64(less)
						switch ties {
						case "max":
							rk = float64(less + eq - 1)
						case "average":
							rk = float64(less) + float64(eq-1)/2
						}
						if pct {
							return (rk + 1) / float64(c)
						}
						return rk
					})(xs, want, w, mp)
					mrankTreeK(asc, ties, pct)(xs, got, w, mp)
					for i := range want {
						if !sameF(got[i], want[i]) {
							t.Fatalf("iter %d mrank asc=%v ties=%s w=%d mp=%d xs=%v: got %v want %v", iter, asc, ties, w, mp, xs, got, want)
						}
					}
				}
			}
		}
	}
}

// TestTMKernels checks the sliding tm* kernels against rescanning each window.
func TestTMKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	naive := func(f func(v []float64) float64, count bool) tmKernel {
		return func(xs []float64, lo []int, out []float64) {
			for i := range xs {
				var buf []float64
				for _, x := range xs[lo[i] : i+1] {
					if x != nullF {
						buf = append(buf, x)
					}
				}
				out[i] = nullF
				if len(buf) > 0 || count {
					out[i] = f(buf)
				}
			}
		}
	}
	cases := []struct {
		name        string
		fast, naive tmKernel
	}{
		{"sum", tmSumsK(func(s, _ float64, c int) (float64, bool) { return s, c > 0 }), naive(sliceSum, false)},
		{"avg", tmSumsK(func(s, _ float64, c int) (float64, bool) { return s / float64(c), c > 0 }), naive(func(v []float64) float64 { return sliceSum(v) / float64(len(v)) }, false)},
		{"count", tmSumsK(func(_, _ float64, c int) (float64, bool) { return float64(c), true }), naive(func(v []float64) float64 { return float64(len(v)) }, true)},
		{"sum2", tmSumsK(func(_, s2 float64, c int) (float64, bool) { return s2, c > 0 }), naive(func(v []float64) float64 { return powSum(v, 2) }, false)},
		{"max", tmExtremeK(true), naive(func(v []float64) float64 { return slices.Max(v) }, false)},
		{"min", tmExtremeK(false), naive(func(v []float64) float64 { return slices.Min(v) }, false)},
		{"first", tmEdgeK(false), naive(func(v []float64) float64 { return v[0] }, false)},
		{"last", tmEdgeK(true), naive(func(v []float64) float64 { return v[len(v)-1] }, false)},
		{"med", tmOrderK(func(t *rankTree) float64 { return t.quantile(0.5, "linear") }), naive(func(v []float64) float64 { return quantileOf(slices.Clone(v), 0.5, "linear") }, false)},
	}
	for iter := range 300 {
		n := 1 + r.IntN(50)
		xs := randSeries(r, n)
		ts := make([]int64, n)
		for i := 1; i < n; i++ {
			ts[i] = ts[i-1] + int64(r.IntN(3))
		}
		span := int64(1 + r.IntN(6))
		lo := make([]int, n)
		j := 0
		for i, tt := range ts {
			for j < i && ts[j] <= tt-span {
				j++
			}
			lo[i] = j
		}
		for _, c := range cases {
			got := make([]float64, n)
			want := make([]float64, n)
			c.fast(xs, lo, got)
			c.naive(xs, lo, want)
			for i := range want {
				if !sameF(got[i], want[i]) {
					t.Fatalf("iter %d tm%s xs=%v lo=%v: got %v want %v", iter, c.name, xs, lo, got, want)
				}
			}
		}
	}
}
