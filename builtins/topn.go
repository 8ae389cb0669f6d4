// This file declares the TopN window family (msumTopN mavgTopN ...,
// tmsumTopN ...): within each window, the top elements ranked by a sorting
// vector S are kept and an aggregate runs over their X (and Y) values. One
// generic driver serves every aggregate; count windows and time windows
// differ only in where each window starts. Also pivot, funcByName,
// groups, trueRange, highLong/lowLong and a few vector utilities.

package builtins

import (
	"fmt"
	"math"
	"slices"

	"github.com/porpoisedb/porpoise/vm/value"
)

// topNDriver computes out[i] = agg over the top elements of window
// [lo(i), i] ranked by s (ascending unless desc); y may be nil.
func topNDriver(xs, ys, s []float64, lo func(i int) int, top int, asc bool, agg func(x, y []float64) float64) []float64 {
	out := make([]float64, len(xs))
	var idx []int
	var bx, by []float64
	for i := range xs {
		idx = idx[:0]
		for j := lo(i); j <= i; j++ {
			if xs[j] != nullF && s[j] != nullF && (ys == nil || ys[j] != nullF) {
				idx = append(idx, j)
			}
		}
		if len(idx) == 0 {
			out[i] = nullF
			continue
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			d := s[a] - s[b]
			if !asc {
				d = -d
			}
			switch {
			case d < 0:
				return -1
			case d > 0:
				return 1
			}
			return 0
		})
		idx = idx[:min(top, len(idx))]
		bx, by = bx[:0], by[:0]
		for _, j := range idx {
			bx = append(bx, xs[j])
			if ys != nil {
				by = append(by, ys[j])
			}
		}
		r := agg(bx, by)
		if r != r || math.IsInf(r, 0) {
			r = nullF
		}
		out[i] = r
	}
	return out
}

// topNF declares m<name>TopN (X, [Y,] S, window, top, [ascending]) and
// tm<name>TopN (T, X, [Y,] S, window, top, [ascending]).
func topNF(name string, pair bool, agg func(x, y []float64) float64) []*Func {
	nv := 1
	if pair {
		nv = 2
	}
	impl := func(timed bool) Impl {
		return func(_ value.Env, a []value.Value) (value.Value, error) {
			off := 0
			if timed {
				off = 1
			}
			data := make([][]float64, nv+1)
			for k := range data {
				d, err := f64s(name+"TopN", a[off+k])
				if err != nil {
					return nil, err
				}
				data[k] = d
			}
			n := len(data[0])
			for _, d := range data {
				if len(d) != n {
					return nil, sizeMismatch(n, len(d))
				}
			}
			wArg, topArg := a[off+nv+1], a[off+nv+2]
			top, err := argInt(name+"TopN", topArg)
			if err != nil {
				return nil, err
			}
			asc := len(a) <= off+nv+3 || argBool(a[off+nv+3], true)
			var lo func(i int) int
			if timed {
				starts, err := timeWindows(name+"TopN", a[0], wArg, false)
				if err != nil {
					return nil, err
				}
				lo = func(i int) int { return starts[i] }
			} else {
				w, err := argInt(name+"TopN", wArg)
				if err != nil || w <= 0 {
					return nil, fmt.Errorf("Usage: m%sTopN. window must be a positive integer.", name)
				}
				lo = func(i int) int { return max(0, i-int(w)+1) }
			}
			var ys []float64
			if pair {
				ys = data[1]
			}
			return doublesVec(topNDriver(data[0], ys, data[nv], lo, int(top), asc, agg)), nil
		}
	}
	params := []string{"X", "S", "window", "top", "[ascending]", "[tiesMethod]"}
	if pair {
		params = []string{"X", "Y", "S", "window", "top", "[ascending]", "[tiesMethod]"}
	}
	return []*Func{
		{Name: "m" + name + "TopN", Params: params, Kind: Vector, Doc: "m" + name + " over the top elements of each window ranked by S.", Impl: impl(false)},
		{Name: "tm" + name + "TopN", Params: append([]string{"T"}, params...), Kind: Vector, Doc: "tm" + name + " over the top elements of each time window ranked by S.", Impl: impl(true)},
	}
}

func one(f func(v []float64) float64) func(x, _ []float64) float64 {
	return func(x, _ []float64) float64 { return f(x) }
}

func topNFuncs() []*Func {
	var out []*Func
	for _, d := range []struct {
		name string
		pair bool
		agg  func(x, y []float64) float64
	}{
		{"sum", false, one(sliceSum)},
		{"avg", false, one(func(v []float64) float64 { return sliceSum(v) / float64(len(v)) })},
		{"std", false, one(func(v []float64) float64 { return nullSqrt(variance(v, true)) })},
		{"stdp", false, one(func(v []float64) float64 { return nullSqrt(variance(v, false)) })},
		{"var", false, one(func(v []float64) float64 { return variance(v, true) })},
		{"varp", false, one(func(v []float64) float64 { return variance(v, false) })},
		{"skew", false, one(func(v []float64) float64 { return skewOf(v, true) })},
		{"kurtosis", false, one(func(v []float64) float64 { return kurtOf(v, true) })},
		{"corr", true, corrOf},
		{"covar", true, func(x, y []float64) float64 { return covOf(x, y, true) }},
		{"covarp", true, func(x, y []float64) float64 { return covOf(x, y, false) }},
		{"beta", true, func(y, x []float64) float64 { return covOf(x, y, true) / pairVar(x, y) }},
		{"wsum", true, dotOf},
		{"wavg", true, wavgOf},
	} {
		out = append(out, topNF(d.name, d.pair, d.agg)...)
	}
	return out
}

var topnMiscFuncs = []*Func{
	{Name: "funcByName", Params: []string{"name"}, Kind: System, Doc: "The built-in function of a name.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		if b, ok := registryFn().Lookup(a[0].String()); ok {
			return b, nil
		}
		return nil, fmt.Errorf("Can't find function %s", a[0].String())
	}},
	{Name: "groups", Params: []string{"X", "[mode]"}, Kind: System, Doc: "Dictionary of each distinct value to its indices.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("groups", a[0])
		if err != nil {
			return nil, err
		}
		gs := groupIndex(keysOfVec(v), false)
		d := value.NewDict(v.Type(), value.ANY, false)
		for _, g := range gs {
			if err := d.Set(v.Get(g[0]), idxVec(g)); err != nil {
				return nil, err
			}
		}
		return d, nil
	}},
	{Name: "trueRange", Params: []string{"high", "low", "close"}, Kind: Vector, Doc: "max(high-low, |high-prevClose|, |low-prevClose|).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		h, err := f64s("trueRange", a[0])
		if err != nil {
			return nil, err
		}
		l, err := f64s("trueRange", a[1])
		if err != nil {
			return nil, err
		}
		c, err := f64s("trueRange", a[2])
		if err != nil {
			return nil, err
		}
		if len(h) != len(l) || len(h) != len(c) {
			return nil, sizeMismatch(len(h), len(c))
		}
		out, res := newDoubles(len(h))
		for i := range res {
			r := h[i] - l[i]
			if i > 0 && c[i-1] != nullF {
				r = math.Max(r, math.Max(math.Abs(h[i]-c[i-1]), math.Abs(l[i]-c[i-1])))
			}
			if h[i] == nullF || l[i] == nullF {
				r = nullF
			}
			res[i] = r
		}
		return out, nil
	}},
	{Name: "highLong", Params: []string{"X"}, Kind: Operator, Doc: "The high 8 bytes of a 16-byte value as LONG.", Impl: half16(true)},
	{Name: "lowLong", Params: []string{"X"}, Kind: Operator, Doc: "The low 8 bytes of a 16-byte value as LONG.", Impl: half16(false)},
	{Name: "isColumnarTuple", Params: []string{"X"}, Kind: System, Doc: "Whether X is a columnar tuple.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return value.Bool(0), nil }},
	{Name: "searchK", Params: []string{"X", "k"}, Kind: Aggregate, Doc: "The k-th smallest element (1-based) ignoring nulls.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("searchK", a[0])
		if err != nil {
			return nil, err
		}
		k, err := argInt("searchK", a[1])
		if err != nil {
			return nil, err
		}
		idx := sortIndex(v, true)
		kk := keysOfVec(v)
		var valid []int
		for _, i := range idx {
			if !kk.isNullAt(i) {
				valid = append(valid, i)
			}
		}
		if k < 1 || int(k) > len(valid) {
			return value.NullOf(v.Type()), nil
		}
		return v.Get(valid[k-1]), nil
	}},
	{Name: "remove!", Params: []string{"obj", "index"}, Kind: System, Doc: "Removes the elements at index in place.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("remove!", a[0])
		if err != nil {
			return nil, err
		}
		drop := map[int]bool{}
		for _, i := range i64s(a[1]) {
			drop[int(i)] = true
		}
		var keep []int
		for i := range v.Len() {
			if !drop[i] {
				keep = append(keep, i)
			}
		}
		return v, overwrite(v, v.Gather(keep))
	}},
	{Name: "hashBucket", Params: []string{"X", "buckets"}, Kind: Vector, Doc: "Hash of each element modulo buckets.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, scalar := vecOf(a[0])
		n, err := argInt("hashBucket", a[1])
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("Usage: hashBucket(X, buckets). buckets must be a positive integer.")
		}
		k := keysOfVec(v)
		out := make([]int, k.len())
		for i := range out {
			var h uint64 = 14695981039346656037
			for _, c := range []byte(fmt.Sprint(k.hashKey(i))) {
				h = (h ^ uint64(c)) * 1099511628211
			}
			if k.i != nil {
				h = uint64(k.i[i])
			}
			out[i] = int(h % uint64(n))
		}
		if scalar {
			return value.Int(out[0]), nil
		}
		return idxVec(out), nil
	}},
	{Name: "eachAt", Params: []string{"X", "index"}, Kind: System, Doc: "X @ index: each element of a tuple index used separately; a function X called on index.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		if isTuple(a[1]) {
			es := elems(a[1])
			out := make([]value.Value, len(es))
			for i, e := range es {
				r, err := at(env, a[0], e)
				if err != nil {
					return nil, err
				}
				out[i] = r
			}
			return value.NewTuple(out), nil
		}
		return at(env, a[0], a[1])
	}},
	{Name: "fixedLengthArrayVector", Params: []string{"args..."}, Kind: System, Doc: "An array vector whose row i holds element i of every argument.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		cols := a
		if len(a) == 1 && isTuple(a[0]) {
			cols = elems(a[0])
		}
		m, err := matrixImpl(nil, cols)
		if err != nil {
			return nil, err
		}
		mm := transposeMatrix(m.(*value.Matrix))
		w := len(cols)
		offs := make([]int32, mm.Cols()+1)
		for i := range offs {
			offs[i] = int32(i * w)
		}
		return value.NewArrayVector(offs, mm.Data()), nil
	}},
	{Name: "pivot", Params: []string{"func", "funcArgs", "rowAlignCol", "colAlignCol"}, Kind: System, Doc: "A matrix of func over groups of (row key, column key), labelled.", Impl: pivotImpl},
}

func half16(high bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		v, scalar := vecOf(a[0])
		if kindOf(v.Type()) != kB16 {
			return nil, fmt.Errorf("Usage: highLong(X). X must be a 16-byte type (UUID, IPADDR, INT128).")
		}
		bs := v.Bytes16()[:v.Len()]
		out := make([]int64, len(bs))
		for i, b := range bs {
			var x uint64
			o := 0
			if high {
				o = 8
			}
			for j := 7; j >= 0; j-- {
				x = x<<8 | uint64(b[o+j])
			}
			out[i] = int64(x)
		}
		if scalar {
			return value.Long(out[0]), nil
		}
		return value.NewLongVector(out), nil
	}
}

func pivotImpl(env value.Env, a []value.Value) (value.Value, error) {
	f, err := argFunc("pivot", a[0])
	if err != nil {
		return nil, err
	}
	rv, err := vecArg("pivot", a[2])
	if err != nil {
		return nil, err
	}
	cv, err := vecArg("pivot", a[3])
	if err != nil {
		return nil, err
	}
	rg := groupIndex(keysOfVec(rv), false)
	cg := groupIndex(keysOfVec(cv), false)
	rowOf := make([]int, rv.Len())
	for g, idx := range rg {
		for _, i := range idx {
			rowOf[i] = g
		}
	}
	colOf := make([]int, cv.Len())
	for g, idx := range cg {
		for _, i := range idx {
			colOf[i] = g
		}
	}
	cells := make([][]int, len(rg)*len(cg))
	for i := range rowOf {
		k := colOf[i]*len(rg) + rowOf[i]
		cells[k] = append(cells[k], i)
	}
	rs := make([]value.Value, len(cells))
	var t value.Type = value.VOID
	for k, idx := range cells {
		if idx == nil {
			rs[k] = value.Void{}
			continue
		}
		r, err := env.Call(f, gatherArgs(a[1], idx))
		if err != nil {
			return nil, err
		}
		rs[k] = r
		t = value.CommonType(t, r.Type())
	}
	for k, r := range rs {
		if r.Type() == value.VOID {
			rs[k] = value.NullOf(t)
		}
	}
	data, ok := value.MakeVector(rs).(*value.Vector)
	if !ok || data.Type() == value.ANY {
		return nil, fmt.Errorf("pivot: func must return scalars")
	}
	m, err := value.FromVector(data, len(rg), len(cg))
	if err != nil {
		return nil, err
	}
	rk, ck := make([]int, len(rg)), make([]int, len(cg))
	for i, g := range rg {
		rk[i] = g[0]
	}
	for i, g := range cg {
		ck[i] = g[0]
	}
	_ = m.SetRowLabels(rv.Gather(rk))
	_ = m.SetColLabels(cv.Gather(ck))
	return m, nil
}

func registerTopN(r *Registry) {
	r.Register(topNFuncs()...)
	r.Register(topnMiscFuncs...)
}
