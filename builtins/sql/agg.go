// This file holds the typed accumulators of group by: count, sum, avg,
// min, max, std, var, stdp, varp, wavg, wsum as kernels, and first, last
// and count(*) from the slot statistics. All kernels of a query run in one
// pass: each morsel computes the slots of a chunk of rows once and feeds
// every kernel's partial; the partials are then merged (sums and counts
// add, min/max compare). first/last read the slot's first and last row, so
// they respect row order.

package sql

import (
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

type number interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~float32 | ~float64
}

// kernel is one aggregate over the selected rows.
type kernel interface {
	part(nslots int) kpart
	// finish merges the partials (in row order) into one value per group.
	finish(parts []kpart, g *grouping) *value.Vector
}

// kpart is a kernel's partial state over some rows.
type kpart interface {
	add(ids []int32, a int) // rows a .. a+len(ids)-1 with their slots
}

// runAdder is a partial that can take whole runs of one slot: rows
// bounds[r] .. bounds[r+1]-1 of the piece all have slot ids[bounds[r]].
type runAdder interface {
	addRuns(ids []int32, a int, bounds []int32)
}

// statAgg computes the aggregates read from slot statistics, and reports
// the ones it doesn't know.
func statAgg(name string, args []*value.Vector, g *grouping) (*value.Vector, bool) {
	if name != "first" && name != "last" || len(args) != 1 {
		return nil, false
	}
	src := g.first
	if name == "last" {
		src = g.last
	}
	idx := make([]int, len(g.slots))
	for i, s := range g.slots {
		idx[i] = int(src[s])
		if g.count[s] == 0 {
			idx[i] = -1
		}
	}
	return args[0].Gather(idx), true
}

// countStar is count(*) per group.
func countStar(g *grouping) *value.Vector {
	out := make([]int32, len(g.slots))
	for i, s := range g.slots {
		out[i] = int32(g.count[s])
	}
	return value.NewIntVector(out)
}

// newKernel returns the kernel of name(args), or false.
func newKernel(name string, args []*value.Vector) (kernel, bool) {
	for _, a := range args {
		if a.Type().IsArray() {
			return nil, false // an array vector's values are in its inner vector
		}
	}
	switch name {
	case "count":
		if len(args) == 1 {
			return countKernel(args[0])
		}
	case "sum", "avg", "mean", "std", "var", "stdp", "varp":
		if len(args) == 1 {
			return momentKernel(name, args[0])
		}
	case "min", "max":
		if len(args) == 1 {
			return minMaxKernel(args[0], name == "max")
		}
	case "wavg", "wsum":
		if len(args) == 2 {
			x, ok1 := asFloats(args[0])
			w, ok2 := asFloats(args[1])
			if ok1 && ok2 {
				return &wKernel{x: x, w: w, avg: name == "wavg"}, true
			}
		}
	}
	return nil, false
}

// ---- count

type cntKernel[T comparable] struct {
	xs   []T
	null T
}

type cntPart[T comparable] struct {
	k *cntKernel[T]
	c []int64
}

func (k *cntKernel[T]) part(n int) kpart { return &cntPart[T]{k, make([]int64, n)} }

func (p *cntPart[T]) add(ids []int32, a int) {
	xs, null, c := p.k.xs[a:a+len(ids)], p.k.null, p.c
	for i, x := range xs {
		if x != null {
			c[ids[i]]++
		}
	}
}

func (k *cntKernel[T]) finish(parts []kpart, g *grouping) *value.Vector {
	out := make([]int32, len(g.slots))
	for _, p := range parts {
		c := p.(*cntPart[T]).c
		for i, s := range g.slots {
			out[i] += int32(c[s])
		}
	}
	return value.NewIntVector(out)
}

func countKernel(v *value.Vector) (kernel, bool) {
	switch t := v.Type(); {
	case t == value.DOUBLE:
		return &cntKernel[float64]{v.Doubles(), value.NullDouble}, true
	case t == value.FLOAT:
		return &cntKernel[float32]{v.Floats(), value.NullFloat}, true
	case t == value.STRING:
		return &cntKernel[string]{v.Strings(), ""}, true
	case t == value.SYMBOL:
		return &cntKernel[int32]{v.Ints(), 0}, true
	case t == value.BOOL || t == value.CHAR:
		return &cntKernel[int8]{v.Int8s(), value.NullChar}, true
	case t == value.SHORT:
		return &cntKernel[int16]{v.Shorts(), value.NullShort}, true
	case t.IsDecimal():
		return nil, false
	case t.Width() == 4:
		return &cntKernel[int32]{v.Ints(), value.NullInt}, true
	case t.Width() == 8:
		return &cntKernel[int64]{v.Longs(), value.NullLong}, true
	}
	return nil, false
}

// ---- min / max

type mmKernel[T number] struct {
	xs    []T
	null  T
	isMax bool
	make  func([]T) *value.Vector
}

type mmPart[T number] struct {
	k *mmKernel[T]
	a []T
}

func (k *mmKernel[T]) part(n int) kpart {
	a := make([]T, n)
	for i := range a {
		a[i] = k.null
	}
	return &mmPart[T]{k, a}
}

// add: nulls are the least values of each type, so max needs no test.
func (p *mmPart[T]) add(ids []int32, off int) {
	xs, null, a := p.k.xs[off:off+len(ids)], p.k.null, p.a
	if p.k.isMax {
		for i, x := range xs {
			if s := ids[i]; x > a[s] {
				a[s] = x
			}
		}
		return
	}
	for i, x := range xs {
		if s := ids[i]; x != null && (x < a[s] || a[s] == null) {
			a[s] = x
		}
	}
}

func (p *mmPart[T]) addRuns(ids []int32, off int, bounds []int32) {
	xs, null, a := p.k.xs[off:off+len(ids)], p.k.null, p.a
	for r := 0; r+1 < len(bounds); r++ {
		s := ids[bounds[r]]
		if p.k.isMax {
			a[s] = max4(xs[bounds[r]:bounds[r+1]], a[s])
		} else {
			a[s] = min4(xs[bounds[r]:bounds[r+1]], a[s], null)
		}
	}
}

// max4 is the greatest of m and run, with four independent comparisons
// chains; nulls are the least values, so they never win.
func max4[T number](run []T, m T) T {
	m0, m1, m2, m3 := m, m, m, m
	i := 0
	for ; i+4 <= len(run); i += 4 {
		if run[i] > m0 {
			m0 = run[i]
		}
		if run[i+1] > m1 {
			m1 = run[i+1]
		}
		if run[i+2] > m2 {
			m2 = run[i+2]
		}
		if run[i+3] > m3 {
			m3 = run[i+3]
		}
	}
	for ; i < len(run); i++ {
		if run[i] > m0 {
			m0 = run[i]
		}
	}
	return max(max(m0, m1), max(m2, m3))
}

// min4 is the least non-null of m and run (null when there is none).
func min4[T number](run []T, m T, null T) T {
	m0, m1, m2, m3 := m, m, m, m
	i := 0
	for ; i+4 <= len(run); i += 4 {
		if x := run[i]; x != null && (x < m0 || m0 == null) {
			m0 = x
		}
		if x := run[i+1]; x != null && (x < m1 || m1 == null) {
			m1 = x
		}
		if x := run[i+2]; x != null && (x < m2 || m2 == null) {
			m2 = x
		}
		if x := run[i+3]; x != null && (x < m3 || m3 == null) {
			m3 = x
		}
	}
	for ; i < len(run); i++ {
		if x := run[i]; x != null && (x < m0 || m0 == null) {
			m0 = x
		}
	}
	for _, x := range [3]T{m1, m2, m3} {
		if x != null && (x < m0 || m0 == null) {
			m0 = x
		}
	}
	return m0
}

func (k *mmKernel[T]) finish(parts []kpart, g *grouping) *value.Vector {
	out := make([]T, len(g.slots))
	for i := range out {
		out[i] = k.null
	}
	for _, p := range parts {
		a := p.(*mmPart[T]).a
		for i, s := range g.slots {
			x := a[s]
			if x == k.null {
				continue
			}
			if out[i] == k.null || k.isMax && x > out[i] || !k.isMax && x < out[i] {
				out[i] = x
			}
		}
	}
	return k.make(out)
}

func minMaxKernel(v *value.Vector, isMax bool) (kernel, bool) {
	switch t := v.Type(); {
	case t == value.DOUBLE:
		return &mmKernel[float64]{v.Doubles(), value.NullDouble, isMax, value.NewDoubleVector}, true
	case t == value.FLOAT:
		return &mmKernel[float32]{v.Floats(), value.NullFloat, isMax, value.NewFloatVector}, true
	case t == value.SHORT:
		return &mmKernel[int16]{v.Shorts(), value.NullShort, isMax, value.NewShortVector}, true
	case t.IsDecimal() || t == value.SYMBOL || t == value.STRING || t == value.BOOL || t == value.CHAR:
		return nil, false
	case t.Width() == 4:
		return &mmKernel[int32]{v.Ints(), value.NullInt, isMax, func(x []int32) *value.Vector { return value.NewInt32Vector(t, x) }}, true
	case t.Width() == 8:
		return &mmKernel[int64]{v.Longs(), value.NullLong, isMax, func(x []int64) *value.Vector { return value.NewInt64Vector(t, x) }}, true
	}
	return nil, false
}

// ---- sum, avg, std, var

type momKernel[T number] struct {
	xs       []T
	null     T
	integral bool
	name     string
}

type momPart[T number] struct {
	k     *momKernel[T]
	n     []int64
	s, ss []float64
	is    []int64 // exact integer sums
}

func (k *momKernel[T]) part(n int) kpart {
	p := &momPart[T]{k: k, n: make([]int64, n), s: make([]float64, n)}
	if k.integral {
		p.is = make([]int64, n)
	}
	if k.name != "sum" && k.name != "avg" && k.name != "mean" {
		p.ss = make([]float64, n)
	}
	return p
}

func (p *momPart[T]) add(ids []int32, a int) {
	xs, null := p.k.xs[a:a+len(ids)], p.k.null
	switch {
	case p.ss != nil:
		for i, x := range xs {
			if x != null {
				s, f := ids[i], float64(x)
				p.n[s]++
				p.s[s] += f
				p.ss[s] += f * f
				if p.is != nil {
					p.is[s] += int64(x)
				}
			}
		}
	case p.is != nil:
		for i, x := range xs {
			if x != null {
				s := ids[i]
				p.n[s]++
				p.is[s] += int64(x)
			}
		}
	default:
		for i, x := range xs {
			if x != null {
				s := ids[i]
				p.n[s]++
				p.s[s] += float64(x)
			}
		}
	}
}

func (p *momPart[T]) addRuns(ids []int32, a int, bounds []int32) {
	xs, null := p.k.xs[a:a+len(ids)], p.k.null
	for r := 0; r+1 < len(bounds); r++ {
		s := ids[bounds[r]]
		var n int64
		var sum, ss float64
		var is int64
		for _, x := range xs[bounds[r]:bounds[r+1]] {
			if x != null {
				f := float64(x)
				n++
				sum += f
				ss += f * f
				is += int64(x)
			}
		}
		p.n[s] += n
		if p.is != nil {
			p.is[s] += is
		} else {
			p.s[s] += sum
		}
		if p.ss != nil {
			p.ss[s] += ss
		}
	}
}

func (k *momKernel[T]) finish(parts []kpart, g *grouping) *value.Vector {
	ng := len(g.slots)
	n, sum, ss, is := make([]float64, ng), make([]float64, ng), make([]float64, ng), make([]int64, ng)
	for _, pp := range parts {
		p := pp.(*momPart[T])
		for i, s := range g.slots {
			n[i] += float64(p.n[s])
			sum[i] += p.s[s]
			if p.ss != nil {
				ss[i] += p.ss[s]
			}
			if p.is != nil {
				is[i] += p.is[s]
			}
		}
	}
	if k.integral {
		for i := range sum {
			sum[i] = float64(is[i])
		}
		if k.name == "sum" {
			for i := range is {
				if n[i] == 0 {
					is[i] = value.NullLong
				}
			}
			return value.NewLongVector(is)
		}
	}
	out := make([]float64, ng)
	for i := range out {
		var r float64
		switch k.name {
		case "sum":
			r = sum[i]
		case "avg", "mean":
			r = sum[i] / n[i]
		default:
			d := n[i] - 1
			if k.name == "varp" || k.name == "stdp" {
				d = n[i]
			}
			mean := sum[i] / n[i]
			r = max((ss[i]-n[i]*mean*mean)/d, 0)
			if k.name == "std" || k.name == "stdp" {
				r = math.Sqrt(r)
			}
			if d <= 0 {
				r = math.NaN()
			}
		}
		if n[i] == 0 || math.IsNaN(r) || math.IsInf(r, 0) {
			r = value.NullDouble
		}
		out[i] = r
	}
	return value.NewDoubleVector(out)
}

func momentKernel(name string, v *value.Vector) (kernel, bool) {
	switch v.Type() {
	case value.DOUBLE:
		return &momKernel[float64]{v.Doubles(), value.NullDouble, false, name}, true
	case value.FLOAT:
		return &momKernel[float32]{v.Floats(), value.NullFloat, false, name}, true
	case value.INT:
		return &momKernel[int32]{v.Ints(), value.NullInt, true, name}, true
	case value.LONG:
		return &momKernel[int64]{v.Longs(), value.NullLong, true, name}, true
	case value.SHORT:
		return &momKernel[int16]{v.Shorts(), value.NullShort, true, name}, true
	case value.BOOL, value.CHAR:
		return &momKernel[int8]{v.Int8s(), value.NullChar, true, name}, true
	}
	return nil, false
}

// ---- wavg, wsum

type wKernel struct {
	x, w []float64 // NaN for null
	avg  bool
}

type wPart struct {
	k          *wKernel
	sw, swx, n []float64
}

func (k *wKernel) part(n int) kpart {
	return &wPart{k, make([]float64, n), make([]float64, n), make([]float64, n)}
}

func (p *wPart) add(ids []int32, a int) {
	x, w := p.k.x[a:a+len(ids)], p.k.w[a:a+len(ids)]
	for i, s := range ids {
		if math.IsNaN(x[i]) || math.IsNaN(w[i]) {
			continue
		}
		p.sw[s] += w[i]
		p.swx[s] += w[i] * x[i]
		p.n[s]++
	}
}

func (k *wKernel) finish(parts []kpart, g *grouping) *value.Vector {
	out := make([]float64, len(g.slots))
	for i, s := range g.slots {
		var sw, swx, n float64
		for _, pp := range parts {
			p := pp.(*wPart)
			sw, swx, n = sw+p.sw[s], swx+p.swx[s], n+p.n[s]
		}
		switch {
		case n == 0 || k.avg && sw == 0:
			out[i] = value.NullDouble
		case k.avg:
			out[i] = swx / sw
		default:
			out[i] = swx
		}
	}
	return value.NewDoubleVector(out)
}

// asFloats converts a numeric column to float64 with NaN nulls.
func asFloats(v *value.Vector) ([]float64, bool) {
	out := make([]float64, v.Len())
	conv := func(i int, x float64, null bool) {
		if null {
			out[i] = math.NaN()
		} else {
			out[i] = x
		}
	}
	switch v.Type() {
	case value.DOUBLE:
		for i, x := range v.Doubles() {
			conv(i, x, x == value.NullDouble)
		}
	case value.FLOAT:
		for i, x := range v.Floats() {
			conv(i, float64(x), x == value.NullFloat)
		}
	case value.INT:
		for i, x := range v.Ints() {
			conv(i, float64(x), x == value.NullInt)
		}
	case value.LONG:
		for i, x := range v.Longs() {
			conv(i, float64(x), x == value.NullLong)
		}
	case value.SHORT:
		for i, x := range v.Shorts() {
			conv(i, float64(x), x == value.NullShort)
		}
	default:
		return nil, false
	}
	return out, true
}
