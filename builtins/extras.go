// This file declares assorted functions of several families that build on
// the shared helpers: percentileRank rms zscore contextCount contextSum
// contextSum2 isMonotonic* isortTop ifirstHit firstHit aggrTopN reshape
// complex point contains ewmMean cdfNormal invNormal getOS getOSBit
// getConfig writeLog, plus mavg with a weight vector.

package builtins

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"

	"github.com/porpoisedb/porpoise/vm/value"
)

var extraFuncs = []*Func{
	aggF("rms", "Root mean square.", func(xs []float64) float64 {
		s, n := 0.0, 0
		for _, x := range xs {
			if x != nullF {
				s += x * x
				n++
			}
		}
		if n == 0 {
			return nullF
		}
		return math.Sqrt(s / float64(n))
	}),
	{Name: "percentileRank", Params: []string{"X", "score", "[method]"}, Kind: Aggregate, Doc: "Percentile rank of score in X (method excel|rank|weak|strict|mean).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		xs, err := f64s("percentileRank", a[0])
		if err != nil {
			return nil, err
		}
		score, err := floatArg("percentileRank(X, score, [method])", a, 1, 0)
		if err != nil {
			return nil, err
		}
		v := valid(xs)
		n := float64(len(v))
		if n == 0 {
			return value.Double(nullF), nil
		}
		less, le := 0.0, 0.0
		for _, x := range v {
			if x < score {
				less++
			}
			if x <= score {
				le++
			}
		}
		switch strArg(a, 2, "excel") {
		case "weak":
			return value.Double(le / n * 100), nil
		case "strict":
			return value.Double(less / n * 100), nil
		case "mean":
			return value.Double((le + less) / 2 / n * 100), nil
		case "rank":
			if le > less {
				return value.Double((less + (le-less+1)/2) / n * 100), nil
			}
			return value.Double(less / n * 100), nil
		}
		// excel: the share of elements below score among those not equal
		// to it; a score between two elements interpolates their ranks.
		excel := func(x float64) float64 {
			lt, ne := 0.0, 0.0
			for _, y := range v {
				if y < x {
					lt++
				}
				if y != x {
					ne++
				}
			}
			if ne == 0 {
				return nullF
			}
			return lt / ne * 100
		}
		d := slices.Compact(slices.Sorted(slices.Values(v)))
		i, found := slices.BinarySearch(d, score)
		switch {
		case found:
			return value.Double(excel(score)), nil
		case i == 0 || i == len(d):
			return value.Double(nullF), nil
		}
		p0, p1 := excel(d[i-1]), excel(d[i])
		return value.Double(p0 + (score-d[i-1])*(p1-p0)/(d[i]-d[i-1])), nil
	}},
	{Name: "zscore", Params: []string{"X"}, Kind: Vector, Doc: "(X - avg(X)) / std(X).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return perColumn(a[0], func(v *value.Vector) (value.Value, error) {
			xs, err := f64s("zscore", v)
			if err != nil {
				return nil, err
			}
			m, _ := meanOf(xs)
			sd := math.Sqrt(variance(xs, true))
			out, res := newDoubles(len(xs))
			for i, x := range xs {
				if x == nullF || sd == 0 {
					res[i] = nullF
				} else {
					res[i] = (x - m) / sd
				}
			}
			return out, nil
		})
	}},
	ctxF("contextCount", "Number of positions where both X and Y are valid.", func(x, _ []float64) float64 { return float64(len(x)) }, true),
	ctxF("contextSum", "Sum of X over positions where Y is valid too.", func(x, _ []float64) float64 { return sliceSum(x) }, false),
	ctxF("contextSum2", "Sum of squares of X over positions where Y is valid too.", func(x, _ []float64) float64 { return powSum(x, 2) }, false),
	monoF("isMonotonicIncreasing", func(a, b float64) bool { return b >= a }),
	monoF("isMonotonicDecreasing", func(a, b float64) bool { return b <= a }),
	{Name: "isortTop", Params: []string{"X", "top", "[ascending]"}, Kind: Vector, Doc: "The first top indices of isort(X).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("isortTop", a[0])
		if err != nil {
			return nil, err
		}
		n, err := argInt("isortTop", a[1])
		if err != nil {
			return nil, err
		}
		idx := sortIndex(v, len(a) < 3 || argBool(a[2], true))
		return idxVec(idx[:min(int(n), len(idx))]), nil
	}},
	{Name: "ifirstHit", Params: []string{"func", "X", "target"}, Kind: Aggregate, Doc: "Index of the first X with func(X, target) true, -1 if none.", Impl: hitImpl(true)},
	{Name: "firstHit", Params: []string{"func", "X", "target"}, Kind: Aggregate, Doc: "The first X with func(X, target) true, null if none.", Impl: hitImpl(false)},
	{Name: "aggrTopN", Params: []string{"func", "funcArgs", "sortingCol", "top", "[ascending]"}, Kind: Aggregate, Doc: "func over the top rows by sortingCol.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		f, err := argFunc("aggrTopN", a[0])
		if err != nil {
			return nil, err
		}
		s, err := vecArg("aggrTopN", a[2])
		if err != nil {
			return nil, err
		}
		n, err := argInt("aggrTopN", a[3])
		if err != nil {
			return nil, err
		}
		idx := sortIndex(s, len(a) < 5 || argBool(a[4], true))
		return env.Call(f, gatherArgs(a[1], idx[:min(int(n), len(idx))]))
	}},
	{Name: "reshape", Params: []string{"obj", "[dim]"}, Kind: System, Doc: "Vector to matrix (dim rows:cols) or matrix to vector.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		if len(a) < 2 || a[1] == nil {
			return flatten(a[0])
		}
		p, ok := a[1].(*value.Pair)
		if !ok {
			return nil, fmt.Errorf("Usage: reshape(obj, [dim]). dim must be a pair rows:cols.")
		}
		r, _ := value.ToInt64(p.First())
		c, _ := value.ToInt64(p.Second())
		if int(r*c) != sizeOf(a[0]) {
			return nil, fmt.Errorf("The dimension %d:%d doesn't match the size of the input (%d).", r, c, sizeOf(a[0]))
		}
		return reshape(a[0], p)
	}},
	{Name: "complex", Params: []string{"real", "image"}, Kind: Operator, Doc: "A COMPLEX value.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		re, _ := value.ToFloat64(a[0])
		im, _ := value.ToFloat64(a[1])
		return value.Complex{Re: re, Im: im}, nil
	}},
	{Name: "point", Params: []string{"x", "y"}, Kind: Operator, Doc: "A POINT value.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		x, _ := value.ToFloat64(a[0])
		y, _ := value.ToFloat64(a[1])
		return value.Point{X: x, Y: y}, nil
	}},
	{Name: "contains", Params: []string{"obj", "key"}, Kind: System, Doc: "Whether a dictionary or set holds key.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		switch o := a[0].(type) {
		case *value.Dict:
			_, ok := o.Get(a[1])
			return value.Bool(b2i(ok)), nil
		case *value.Set:
			return value.Bool(b2i(o.Contains(a[1]))), nil
		}
		return inImpl(nil, []value.Value{a[1], a[0]})
	}},
	{Name: "ewmMean", Params: []string{"X", "[com]", "[span]", "[halfLife]", "[alpha]", "[minPeriods]", "[adjust]", "[ignoreNA]"}, Kind: Vector, Doc: "Exponentially weighted moving average (pandas ewm().mean()).", Impl: ewmMeanImpl},
	{Name: "cdfNormal", Params: []string{"mean", "stdev", "X"}, Kind: Operator, Doc: "Normal cumulative distribution.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		m, _ := value.ToFloat64(a[0])
		s, _ := value.ToFloat64(a[1])
		return floatUnary("cdfNormal", func(x float64) float64 { return 0.5 * math.Erfc(-(x-m)/(s*math.Sqrt2)) })(env, a[2:])
	}},
	{Name: "invNormal", Params: []string{"mean", "stdev", "X"}, Kind: Operator, Doc: "Inverse of the normal cumulative distribution.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		m, _ := value.ToFloat64(a[0])
		s, _ := value.ToFloat64(a[1])
		return floatUnary("invNormal", func(p float64) float64 { return m + s*math.Sqrt2*math.Erfinv(2*p-1) })(env, a[2:])
	}},
	{Name: "getOS", Params: []string{}, Kind: System, Doc: "Operating system name.", Impl: func(_ value.Env, _ []value.Value) (value.Value, error) { return value.String(runtime.GOOS), nil }},
	{Name: "getOSBit", Params: []string{}, Kind: System, Doc: "64 or 32.", Impl: func(_ value.Env, _ []value.Value) (value.Value, error) { return value.Int(32 << (^uint(0) >> 63)), nil }},
	{Name: "getConfig", Params: []string{"[key]"}, Kind: System, Doc: "Configuration parameters (those the builtins know).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		d := value.NewDict(value.STRING, value.STRING, true)
		_ = d.Set(value.String("localExecutors"), value.String(fmt.Sprint(localExecutors.Load())))
		_ = d.Set(value.String("maxMemSize"), value.String(fmt.Sprint(value.MemoryLimit()>>30)))
		if len(a) > 0 && a[0] != nil {
			if v, ok := d.Get(a[0]); ok {
				return v, nil
			}
			return value.String(""), nil
		}
		return d, nil
	}},
	{Name: "writeLog", Params: []string{"args..."}, Kind: System, Doc: "Writes a line to the node log (stderr).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		for _, x := range a {
			fmt.Fprint(os.Stderr, x.String(), " ")
		}
		fmt.Fprintln(os.Stderr)
		return value.Nothing, nil
	}},
}

func registerExtras(r *Registry) {
	r.Register(extraFuncs...)
	r.Alias("normal", "norm")
	r.Alias("isMonotonic", "isMonotonicIncreasing")
}

func ctxF(name, doc string, f func(x, y []float64) float64, zeroOK bool) *Func {
	return agg2F(name, doc, []string{"X", "Y"}, func(x, y []float64) float64 {
		var xv, yv []float64
		for i := range x {
			if x[i] != nullF && y[i] != nullF {
				xv = append(xv, x[i])
				yv = append(yv, y[i])
			}
		}
		if len(xv) == 0 && !zeroOK {
			return nullF
		}
		return f(xv, yv)
	})
}

func monoF(name string, ok func(a, b float64) bool) *Func {
	return &Func{Name: name, Params: []string{"X"}, Kind: Aggregate, Doc: "Whether X is monotonic.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		xs, err := f64s(name, a[0])
		if err != nil {
			return nil, err
		}
		for i := 1; i < len(xs); i++ {
			if !ok(xs[i-1], xs[i]) {
				return value.Bool(0), nil
			}
		}
		return value.Bool(1), nil
	}}
}

func hitImpl(index bool) Impl {
	return func(env value.Env, a []value.Value) (value.Value, error) {
		f, err := argFunc("ifirstHit", a[0])
		if err != nil {
			return nil, err
		}
		v, err := vecArg("ifirstHit", a[1])
		if err != nil {
			return nil, err
		}
		r, err := env.Call(f, []value.Value{v, a[2]})
		if err != nil {
			return nil, err
		}
		hits := toVector(r)
		for i := range min(hits.Len(), v.Len()) {
			if argBool(hits.Get(i), false) {
				if index {
					return value.Int(i), nil
				}
				return v.Get(i), nil
			}
		}
		if index {
			return value.Int(-1), nil
		}
		return value.NullOf(v.Type()), nil
	}
}

func ewmMeanImpl(_ value.Env, a []value.Value) (value.Value, error) {
	get := func(i int) (float64, bool) {
		if i < len(a) && a[i] != nil && a[i].Type() != value.VOID {
			f, ok := value.ToFloat64(a[i])
			return f, ok
		}
		return 0, false
	}
	var alpha float64
	switch {
	case func() bool { c, ok := get(1); alpha = 1 / (1 + c); return ok }():
	case func() bool { s, ok := get(2); alpha = 2 / (s + 1); return ok }():
	case func() bool { h, ok := get(3); alpha = 1 - math.Exp(-math.Ln2/h); return ok }():
	case func() bool { x, ok := get(4); alpha = x; return ok }():
	default:
		return nil, fmt.Errorf("Usage: ewmMean(X, [com], [span], [halfLife], [alpha], [minPeriods], [adjust], [ignoreNA]). One of com, span, halfLife and alpha must be specified.")
	}
	mp, _ := get(5)
	adjust := len(a) <= 6 || argBool(a[6], true)
	ignoreNA := len(a) > 7 && argBool(a[7], false)
	return perColumn(a[0], func(v *value.Vector) (value.Value, error) {
		xs, err := f64s("ewmMean", v)
		if err != nil {
			return nil, err
		}
		out, res := newDoubles(len(xs))
		num, den, cnt := 0.0, 0.0, 0
		mean := nullF
		for i, x := range xs {
			if x == nullF {
				if !ignoreNA {
					num *= 1 - alpha
					den *= 1 - alpha
				}
			} else {
				cnt++
				if adjust {
					num = num*(1-alpha) + x
					den = den*(1-alpha) + 1
				} else if den == 0 {
					num, den = x, 1
				} else {
					num = num*(1-alpha) + alpha*x
					den = den*(1-alpha) + alpha
				}
				mean = num / den
			}
			if cnt >= int(mp) && mean != nullF {
				res[i] = mean
			} else {
				res[i] = nullF
			}
		}
		return out, nil
	})
}
