// This file declares the statistical aggregates: med std var skew kurtosis
// percentile quantile mode nunique prod sum2.. wavg wsum corr covar beta
// atImax atImin imax imin firstNot lastNot mad and friends. Each is a
// function of the vector's values as []float64 (nulls = NullDouble) lifted
// by aggF / agg2F to scalars, vectors, matrices (per column) and tables.

package builtins

import (
	"fmt"
	"math"
	"slices"

	"github.com/porpoisedb/porpoise/vm/value"
)

func aggF(name, doc string, f func(xs []float64) float64) *Func {
	return &Func{Name: name, Params: []string{"X"}, Kind: Aggregate, Doc: doc, Impl: aggFImpl(name, f)}
}

func aggFImpl(name string, f func(xs []float64) float64) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		return aggregate(a[0], func(v *value.Vector) (value.Value, error) {
			xs, err := f64s(name, v)
			if err != nil {
				return nil, err
			}
			return doubleScalar(f(xs)), nil
		})
	}
}

func agg2F(name, doc string, p []string, f func(x, y []float64) float64) *Func {
	return &Func{Name: name, Params: p, Kind: Aggregate, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return agg2(name, a[0], a[1], func(x, y []float64) value.Value { return doubleScalar(f(x, y)) })
	}}
}

// agg2 applies a two-vector aggregate; matrices go column by column.
func agg2(name string, x, y value.Value, f func(x, y []float64) value.Value) (value.Value, error) {
	if mx, ok := x.(*value.Matrix); ok {
		rs := make([]value.Value, mx.Cols())
		for c := range rs {
			yc := y
			if my, ok := y.(*value.Matrix); ok {
				yc = my.Column(c)
			}
			r, err := agg2(name, mx.Column(c), yc, f)
			if err != nil {
				return nil, err
			}
			rs[c] = r
		}
		return value.MakeVector(rs), nil
	}
	xs, err := f64s(name, x)
	if err != nil {
		return nil, err
	}
	ys, err := f64s(name, y)
	if err != nil {
		return nil, err
	}
	if len(ys) == 1 && len(xs) > 1 {
		ys = slices.Repeat(ys, len(xs))
	}
	if len(xs) == 1 && len(ys) > 1 {
		xs = slices.Repeat(xs, len(ys))
	}
	if len(xs) != len(ys) {
		return nil, sizeMismatch(len(xs), len(ys))
	}
	return f(xs, ys), nil
}

var statFuncs = []*Func{
	aggF("med", "Median ignoring nulls.", func(xs []float64) float64 { return quantileOf(valid(xs), 0.5, "linear") }),
	aggF("std", "Sample standard deviation.", func(xs []float64) float64 { return math.Sqrt(variance(xs, true)) }),
	aggF("stdp", "Population standard deviation.", func(xs []float64) float64 { return math.Sqrt(variance(xs, false)) }),
	aggF("var", "Sample variance.", func(xs []float64) float64 { return variance(xs, true) }),
	aggF("varp", "Population variance.", func(xs []float64) float64 { return variance(xs, false) }),
	aggF("sum2", "Sum of squares.", func(xs []float64) float64 { return powSum(xs, 2) }),
	aggF("sum3", "Sum of cubes.", func(xs []float64) float64 { return powSum(xs, 3) }),
	aggF("sum4", "Sum of fourth powers.", func(xs []float64) float64 { return powSum(xs, 4) }),
	aggF("sem", "Standard error of the mean.", func(xs []float64) float64 {
		return math.Sqrt(variance(xs, true) / float64(len(valid(xs))))
	}),
	{Name: "skew", Params: []string{"X", "[biased]"}, Kind: Aggregate, Doc: "Skewness; biased by default.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		b := len(a) < 2 || argBool(a[1], true)
		return aggFImpl("skew", func(xs []float64) float64 { return skewOf(valid(xs), b) })(env, a[:1])
	}},
	{Name: "kurtosis", Params: []string{"X", "[biased]"}, Kind: Aggregate, Doc: "Kurtosis (normal = 3); biased by default.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		b := len(a) < 2 || argBool(a[1], true)
		return aggFImpl("kurtosis", func(xs []float64) float64 { return kurtOf(valid(xs), b) })(env, a[:1])
	}},
	{Name: "percentile", Params: []string{"X", "percent", "[interpolation]"}, Kind: Aggregate, Doc: "The percent-th percentile (0-100).", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		p, err := floatArg("percentile(X, percent, [interpolation='linear'])", a, 1, 50)
		if err != nil {
			return nil, err
		}
		if p < 0 || p > 100 {
			return nil, fmt.Errorf("Usage: percentile(X, percent, [interpolation='linear']). percent must be between 0 and 100.")
		}
		m := strArg(a, 2, "linear")
		return aggFImpl("percentile", func(xs []float64) float64 { return quantileOf(valid(xs), p/100, m) })(env, a[:1])
	}},
	{Name: "quantile", Params: []string{"X", "q", "[interpolation]"}, Kind: Aggregate, Doc: "The q-quantile (0-1).", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		q, err := floatArg("quantile(X, q, [interpolation='linear'])", a, 1, 0.5)
		if err != nil {
			return nil, err
		}
		if q < 0 || q > 1 {
			return nil, fmt.Errorf("Usage: quantile(X, q, [interpolation='linear']). q must be between 0 and 1.")
		}
		m := strArg(a, 2, "linear")
		return aggFImpl("quantile", func(xs []float64) float64 { return quantileOf(valid(xs), q, m) })(env, a[:1])
	}},
	{Name: "mad", Params: []string{"X", "[useMedian]"}, Kind: Aggregate, Doc: "Mean (or median) absolute deviation.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		um := len(a) > 1 && argBool(a[1], false)
		return aggFImpl("mad", func(xs []float64) float64 { return madOf(valid(xs), um) })(env, a[:1])
	}},
	{Name: "prod", Params: []string{"X"}, Kind: Aggregate, Doc: "Product ignoring nulls (integral: LONG).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return aggregate(a[0], func(v *value.Vector) (value.Value, error) {
			xs, err := f64s("prod", v)
			if err != nil {
				return nil, err
			}
			p, n := 1.0, 0
			for _, x := range xs {
				if x != nullF {
					p *= x
					n++
				}
			}
			if isIntegral(v.Type()) {
				if n == 0 {
					return value.Long(value.NullLong), nil
				}
				return value.Long(int64(p)), nil
			}
			if n == 0 {
				return value.Double(nullF), nil
			}
			return value.Double(p), nil
		})
	}},
	{Name: "mode", Params: []string{"X"}, Kind: Aggregate, Doc: "Most frequent value.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return aggregate(a[0], modeOf)
	}},
	{Name: "nunique", Params: []string{"X", "[ignoreNull]"}, Kind: Aggregate, Doc: "Number of distinct values.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		ign := len(a) > 1 && argBool(a[1], false)
		if k, ok, err := tupleKeys("nunique", a[0]); ok || err != nil {
			// The elements at one position of a tuple's vectors form a key.
			if err != nil {
				return nil, err
			}
			if ign {
				return nil, fmt.Errorf("ignoreNull must be false when X of nunique is a tuple")
			}
			seen := map[any]struct{}{}
			for i := range k.len() {
				seen[k.hashKey(i)] = struct{}{}
			}
			return value.Int(len(seen)), nil
		}
		return aggregate(a[0], func(v *value.Vector) (value.Value, error) {
			k := keysOfVec(v)
			seen := map[any]struct{}{}
			for i := range k.len() {
				if ign && k.isNullAt(i) {
					continue
				}
				seen[k.hashKey(i)] = struct{}{}
			}
			return value.Int(len(seen)), nil
		})
	}},
	agg2F("wavg", "Weighted average of X by W.", []string{"X", "Y"}, func(x, w []float64) float64 {
		s, sw := 0.0, 0.0
		for i := range x {
			if x[i] != nullF && w[i] != nullF {
				s += x[i] * w[i]
				sw += w[i]
			}
		}
		if sw == 0 {
			return nullF
		}
		return s / sw
	}),
	agg2F("wsum", "Weighted sum of X by W.", []string{"X", "Y"}, func(x, w []float64) float64 {
		s, n := 0.0, 0
		for i := range x {
			if x[i] != nullF && w[i] != nullF {
				s += x[i] * w[i]
				n++
			}
		}
		if n == 0 {
			return nullF
		}
		return s
	}),
	agg2F("corr", "Pearson correlation.", []string{"X", "Y"}, func(x, y []float64) float64 { return corrOf(x, y) }),
	agg2F("covar", "Sample covariance.", []string{"X", "Y"}, func(x, y []float64) float64 { return covOf(x, y, true) }),
	agg2F("covarp", "Population covariance.", []string{"X", "Y"}, func(x, y []float64) float64 { return covOf(x, y, false) }),
	agg2F("beta", "Regression coefficient of Y on X: covar(X,Y)/var(X).", []string{"Y", "X"}, func(y, x []float64) float64 {
		return covOf(x, y, true) / pairVar(x, y)
	}),
	agg2F("euclidean", "Euclidean distance.", []string{"X", "Y"}, func(x, y []float64) float64 {
		s := 0.0
		for i := range x {
			if x[i] != nullF && y[i] != nullF {
				s += (x[i] - y[i]) * (x[i] - y[i])
			}
		}
		return math.Sqrt(s)
	}),
	agg2F("tanimoto", "Tanimoto distance.", []string{"X", "Y"}, func(x, y []float64) float64 {
		xy, xx, yy := 0.0, 0.0, 0.0
		for i := range x {
			if x[i] != nullF && y[i] != nullF {
				xy += x[i] * y[i]
				xx += x[i] * x[i]
				yy += y[i] * y[i]
			}
		}
		return 1 - xy/(xx+yy-xy)
	}),
	{Name: "atImax", Params: []string{"location", "value"}, Kind: Aggregate, Doc: "value at the position of location's maximum.", Impl: atIext(true)},
	{Name: "atImin", Params: []string{"location", "value"}, Kind: Aggregate, Doc: "value at the position of location's minimum.", Impl: atIext(false)},
	{Name: "imax", Params: []string{"X"}, Kind: Aggregate, Doc: "Index of the first maximum.", Impl: iextImpl(true, false)},
	{Name: "imin", Params: []string{"X"}, Kind: Aggregate, Doc: "Index of the first minimum.", Impl: iextImpl(false, false)},
	{Name: "imaxLast", Params: []string{"X"}, Kind: Aggregate, Doc: "Index of the last maximum.", Impl: iextImpl(true, true)},
	{Name: "iminLast", Params: []string{"X"}, Kind: Aggregate, Doc: "Index of the last minimum.", Impl: iextImpl(false, true)},
	{Name: "firstNot", Params: []string{"X", "[k]"}, Kind: Aggregate, Doc: "First element that is not null (or not k).", Impl: notImpl(true, false)},
	{Name: "lastNot", Params: []string{"X", "[k]"}, Kind: Aggregate, Doc: "Last element that is not null (or not k).", Impl: notImpl(false, false)},
	{Name: "ifirstNot", Params: []string{"X"}, Kind: Aggregate, Doc: "Index of the first non-null element, -1 if none.", Impl: notImpl(true, true)},
	{Name: "ilastNot", Params: []string{"X"}, Kind: Aggregate, Doc: "Index of the last non-null element, -1 if none.", Impl: notImpl(false, true)},
	{Name: "countNanInf", Params: []string{"X", "[includeNull]"}, Kind: Aggregate, Doc: "Number of NaN and infinite elements.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		incl := len(a) > 1 && argBool(a[1], false)
		xs, err := f64s("countNanInf", a[0])
		if err != nil {
			return nil, err
		}
		n := 0
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) || incl && x == nullF {
				n++
			}
		}
		return value.Int(n), nil
	}},
	{Name: "all", Params: []string{"X", "[Y...]"}, Kind: Aggregate, Doc: "Whether all elements are true; all(func, args...) applies func first.", Impl: allAny(true)},
	{Name: "any", Params: []string{"X", "[Y...]"}, Kind: Aggregate, Doc: "Whether any element is true; any(func, args...) applies func first.", Impl: allAny(false)},
	{Name: "stat", Params: []string{"X"}, Kind: Aggregate, Doc: "Ordered dictionary of summary statistics.", Impl: statImpl},
}

func registerStats(r *Registry) { r.Register(statFuncs...) }

// valid returns the non-null elements (a copy).
func valid(xs []float64) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if x != nullF {
			out = append(out, x)
		}
	}
	return out
}

func meanOf(xs []float64) (float64, int) {
	s, n := sumFloat(xs, nullF)
	return s / float64(n), n
}

func variance(xs []float64, sample bool) float64 {
	m, n := meanOf(xs)
	if n == 0 || sample && n < 2 {
		return nullF
	}
	s := 0.0
	for _, x := range xs {
		if x != nullF {
			s += (x - m) * (x - m)
		}
	}
	if sample {
		return s / float64(n-1)
	}
	return s / float64(n)
}

func powSum(xs []float64, p int) float64 {
	s, n := 0.0, 0
	for _, x := range xs {
		if x != nullF {
			s += math.Pow(x, float64(p))
			n++
		}
	}
	if n == 0 {
		return nullF
	}
	return s
}

func moments(v []float64) (m, m2, m3, m4 float64) {
	n := float64(len(v))
	for _, x := range v {
		m += x
	}
	m /= n
	for _, x := range v {
		d := x - m
		m2 += d * d
		m3 += d * d * d
		m4 += d * d * d * d
	}
	return m, m2 / n, m3 / n, m4 / n
}

func skewOf(v []float64, biased bool) float64 {
	n := float64(len(v))
	if n < 1 || !biased && n < 3 {
		return nullF
	}
	_, m2, m3, _ := moments(v)
	g := m3 / math.Pow(m2, 1.5)
	if !biased {
		g *= math.Sqrt(n*(n-1)) / (n - 2)
	}
	return g
}

func kurtOf(v []float64, biased bool) float64 {
	n := float64(len(v))
	if n < 1 || !biased && n < 4 {
		return nullF
	}
	_, m2, _, m4 := moments(v)
	k := m4 / (m2 * m2)
	if !biased {
		k = ((n+1)*(k-3)+6)*(n-1)/((n-2)*(n-3)) + 3
	}
	return k
}

// quantileOf sorts v (in place) and interpolates the q-quantile.
func quantileOf(v []float64, q float64, method string) float64 {
	if len(v) == 0 {
		return nullF
	}
	slices.Sort(v)
	pos := q * float64(len(v)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(v)-1)
	frac := pos - float64(lo)
	switch method {
	case "lower":
		return v[lo]
	case "higher":
		if frac == 0 {
			return v[lo]
		}
		return v[hi]
	case "nearest":
		if frac > 0.5 {
			return v[hi]
		}
		return v[lo]
	case "midpoint":
		if frac == 0 {
			return v[lo]
		}
		return (v[lo] + v[hi]) / 2
	}
	return v[lo] + (v[hi]-v[lo])*frac
}

func madOf(v []float64, useMedian bool) float64 {
	if len(v) == 0 {
		return nullF
	}
	if useMedian {
		c := quantileOf(slices.Clone(v), 0.5, "linear")
		d := make([]float64, len(v))
		for i, x := range v {
			d[i] = math.Abs(x - c)
		}
		return quantileOf(d, 0.5, "linear")
	}
	m, _ := meanOf(v)
	s := 0.0
	for _, x := range v {
		s += math.Abs(x - m)
	}
	return s / float64(len(v))
}

// pairStats returns the means and count over positions where both are valid.
func pairStats(x, y []float64) (mx, my float64, n int) {
	for i := range x {
		if x[i] != nullF && y[i] != nullF {
			mx += x[i]
			my += y[i]
			n++
		}
	}
	return mx / float64(n), my / float64(n), n
}

func covOf(x, y []float64, sample bool) float64 {
	mx, my, n := pairStats(x, y)
	if n == 0 || sample && n < 2 {
		return nullF
	}
	s := 0.0
	for i := range x {
		if x[i] != nullF && y[i] != nullF {
			s += (x[i] - mx) * (y[i] - my)
		}
	}
	if sample {
		return s / float64(n-1)
	}
	return s / float64(n)
}

// pairVar is the sample variance of x over positions where y is valid too.
func pairVar(x, y []float64) float64 {
	m := maskBoth(x, y)
	return covOf(m, m, true)
}

func maskBoth(x, y []float64) []float64 {
	out := make([]float64, len(x))
	for i := range x {
		if y[i] == nullF {
			out[i] = nullF
		} else {
			out[i] = x[i]
		}
	}
	return out
}

func corrOf(x, y []float64) float64 {
	c := covOf(x, y, true)
	if c == nullF {
		return nullF
	}
	vx, vy := covOf(maskBoth(x, y), maskBoth(x, y), true), covOf(maskBoth(y, x), maskBoth(y, x), true)
	return c / math.Sqrt(vx*vy)
}

func modeOf(v *value.Vector) (value.Value, error) {
	k := keysOfVec(v)
	counts := map[any]int{}
	best, bestN := -1, 0
	for i := range k.len() {
		if k.isNullAt(i) {
			continue
		}
		h := k.hashKey(i)
		counts[h]++
		if c := counts[h]; c > bestN || c == bestN && k.less(i, best) {
			best, bestN = i, c
		}
	}
	if best < 0 {
		return value.NullOf(v.Type()), nil
	}
	return v.Get(best), nil
}

func atIext(isMax bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		loc, err := vecArg("atImax", a[0])
		if err != nil {
			if m, ok := a[0].(*value.Matrix); ok {
				vm, _ := a[1].(*value.Matrix)
				rs := make([]value.Value, m.Cols())
				for c := range rs {
					var vc value.Value = a[1]
					if vm != nil {
						vc = vm.Column(c)
					}
					if rs[c], err = atIext(isMax)(nil, []value.Value{m.Column(c), vc}); err != nil {
						return nil, err
					}
				}
				return value.MakeVector(rs), nil
			}
			return nil, err
		}
		i := iext(loc, isMax, false)
		vals, _ := vecOf(a[1])
		if vals.Len() != loc.Len() {
			return nil, sizeMismatch(loc.Len(), vals.Len())
		}
		if i < 0 {
			return value.NullOf(vals.Type()), nil
		}
		return vals.Get(i), nil
	}
}

// iext returns the index of the first (or last) max/min, -1 if all null.
func iext(v *value.Vector, isMax, last bool) int {
	k := keysOfVec(v)
	best := -1
	for i := range k.len() {
		if k.isNullAt(i) {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		better := k.less(best, i)
		if !isMax {
			better = k.less(i, best)
		}
		if better || last && k.eq(i, best) {
			best = i
		}
	}
	return best
}

func iextImpl(isMax, last bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		return aggregate(a[0], func(v *value.Vector) (value.Value, error) {
			return value.Int(iext(v, isMax, last)), nil
		})
	}
}

func notImpl(first, index bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		var k value.Value
		if len(a) > 1 {
			k = a[1]
		}
		return aggregate(a[0], func(v *value.Vector) (value.Value, error) {
			n := v.Len()
			for j := range n {
				i := j
				if !first {
					i = n - 1 - j
				}
				if v.IsNullAt(i) {
					continue
				}
				if k != nil && value.Equal(v.Get(i), k) {
					continue
				}
				if index {
					return value.Int(i), nil
				}
				return v.Get(i), nil
			}
			if index {
				return value.Int(-1), nil
			}
			return value.NullOf(v.Type()), nil
		})
	}
}

func allAny(isAll bool) Impl {
	return func(env value.Env, a []value.Value) (value.Value, error) {
		x := a[0]
		if f, ok := x.(value.Function); ok && len(a) > 1 {
			r, err := env.Call(f, a[1:])
			if err != nil {
				return nil, err
			}
			x = r
		}
		return aggregate(x, func(v *value.Vector) (value.Value, error) {
			o := operand{t: v.Type(), vec: v}
			bs, err := bools(&o)
			if err != nil {
				return nil, err
			}
			for _, b := range bs {
				if b == nb {
					continue
				}
				if isAll && b == 0 {
					return value.Bool(0), nil
				}
				if !isAll && b != 0 {
					return value.Bool(1), nil
				}
			}
			return value.Bool(b2i(isAll)), nil
		})
	}
}

func statImpl(_ value.Env, a []value.Value) (value.Value, error) {
	v, err := vecArg("stat", a[0])
	if err != nil {
		return nil, err
	}
	xs, err := f64s("stat", v)
	if err != nil {
		return nil, err
	}
	vs := valid(xs)
	d := value.NewDict(value.STRING, value.ANY, true)
	mx, _ := extreme(v, true)
	mn, _ := extreme(v, false)
	m, _ := meanOf(xs)
	set := func(k string, x value.Value) { _ = d.Set(value.String(k), x) }
	set("Avg", doubleScalar(m))
	set("Median", doubleScalar(quantileOf(slices.Clone(vs), 0.5, "linear")))
	set("Stdev", doubleScalar(math.Sqrt(variance(xs, true))))
	set("Percentile", value.NewDoubleVector([]float64{quantileOf(slices.Clone(vs), 0.25, "linear"), quantileOf(slices.Clone(vs), 0.5, "linear"), quantileOf(slices.Clone(vs), 0.75, "linear")}))
	set("Max", mx)
	set("Min", mn)
	set("Size", value.Int(len(xs)))
	set("Count", value.Int(len(vs)))
	return d, nil
}
