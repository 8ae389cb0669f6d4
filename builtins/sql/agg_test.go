package sql

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

// TestKernels checks the typed accumulators against a plain loop, on
// sorted keys (the run path) and shuffled keys (the row path), over
// enough rows for several morsels.
func TestKernels(t *testing.T) {
	const n, groups = 300000, 37
	r := rand.New(rand.NewPCG(3, 4))
	for _, sorted := range []bool{true, false} {
		keys := make([]int32, n)
		xs := make([]float64, n)
		is := make([]int32, n)
		for i := range keys {
			keys[i] = int32(r.IntN(groups))
			xs[i] = math.Round(r.Float64()*1000) / 10
			is[i] = int32(r.IntN(1000)) - 500
			if r.IntN(50) == 0 {
				xs[i], is[i] = value.NullDouble, value.NullInt
			}
		}
		if sorted {
			slices.Sort(keys)
		}
		kv := value.NewIntVector(keys)
		xv, iv := value.NewDoubleVector(xs), value.NewIntVector(is)
		g := slotsOf(vecKeys([]*value.Vector{kv}), n)
		var ks []kernel
		for _, spec := range []struct {
			name string
			arg  *value.Vector
		}{{"max", xv}, {"min", xv}, {"sum", iv}, {"avg", xv}, {"count", xv}, {"std", iv}} {
			k, ok := newKernel(spec.name, []*value.Vector{spec.arg})
			if !ok {
				t.Fatalf("no kernel for %s", spec.name)
			}
			ks = append(ks, k)
		}
		parts := g.run(ks)
		res := make([]*value.Vector, len(ks))
		for i, k := range ks {
			res[i] = k.finish(parts[i], g)
		}
		first, _ := statAgg("first", []*value.Vector{xv}, g)
		gk := g.keyColumns()[0].Ints()
		for gi, key := range gk {
			var mx, mn, sum, cnt, isum, iss, in float64
			mx, mn = math.Inf(-1), math.Inf(1)
			firstX := math.NaN()
			for i := range n {
				if keys[i] != key {
					continue
				}
				if math.IsNaN(firstX) {
					firstX = xs[i]
				}
				if xs[i] != value.NullDouble {
					mx, mn, sum, cnt = max(mx, xs[i]), min(mn, xs[i]), sum+xs[i], cnt+1
				}
				if is[i] != value.NullInt {
					isum, iss, in = isum+float64(is[i]), iss+float64(is[i])*float64(is[i]), in+1
				}
			}
			sd := math.Sqrt((iss - isum*isum/in) / (in - 1))
			got := []float64{res[0].Doubles()[gi], res[1].Doubles()[gi], float64(res[2].Longs()[gi]), res[3].Doubles()[gi], float64(res[4].Ints()[gi]), res[5].Doubles()[gi], first.Doubles()[gi]}
			want := []float64{mx, mn, isum, sum / cnt, cnt, sd, firstX}
			for j := range got {
				if math.Abs(got[j]-want[j]) > 1e-6*math.Max(1, math.Abs(want[j])) {
					t.Errorf("sorted=%v key %d agg %d: got %v want %v", sorted, key, j, got[j], want[j])
				}
			}
		}
	}
}
