// This file declares the cumulative family cum*: a running state over the
// elements (nulls skipped; the output stays null until the first non-null
// input). Each function is a state constructor returning the step
// "consume x, emit the current result"; cumF lifts it to vectors, matrices
// (per column) and tables, and converts the result type once.

package builtins

import (
	"math"
	"slices"

	"github.com/porpoisedb/porpoise/vm/value"
)

// Result typing of a cumulative function from the input type.
var (
	keepType   = func(t value.Type) value.Type { return t }
	doubleType = func(value.Type) value.Type { return value.DOUBLE }
	intType    = func(value.Type) value.Type { return value.INT }
	// sumType keeps integral types (at least INT), else DOUBLE.
	sumType = func(t value.Type) value.Type {
		switch {
		case t == value.LONG:
			return value.LONG
		case isIntegral(t):
			return value.INT
		}
		return value.DOUBLE
	}
)

func cumF(name, doc string, rt func(value.Type) value.Type, mk func() func(x float64) float64) *Func {
	return &Func{Name: name, Params: []string{"X"}, Kind: Vector, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return perColumn(a[0], func(v *value.Vector) (value.Value, error) {
			xs, err := f64s(name, v)
			if err != nil {
				return nil, err
			}
			out, res := newDoubles(len(xs))
			step := mk()
			for i, x := range xs {
				r := step(x)
				if r != r {
					r = nullF
				}
				res[i] = r
			}
			return fromF64(out, rt(v.Type())), nil
		})
	}}
}

// runner builds a step from an accumulate function over valid inputs and a
// result function of the running state.
type moments4 struct {
	n                  int
	s1, s2, s3, s4, mn float64
}

func (m *moments4) add(x float64) {
	m.n++
	m.s1 += x
	m.s2 += x * x
	m.s3 += x * x * x
	m.s4 += x * x * x * x
}

func (m *moments4) varOf(sample bool) float64 {
	n := float64(m.n)
	if m.n == 0 || sample && m.n < 2 {
		return nullF
	}
	v := (m.s2 - m.s1*m.s1/n)
	if v < 0 {
		v = 0
	}
	if sample {
		return v / (n - 1)
	}
	return v / n
}

func momentStep(f func(m *moments4) float64) func() func(float64) float64 {
	return func() func(float64) float64 {
		var m moments4
		return func(x float64) float64 {
			if x != nullF {
				m.add(x)
			}
			if m.n == 0 {
				return nullF
			}
			return f(&m)
		}
	}
}

func foldStep(f func(acc, x float64) float64) func() func(float64) float64 {
	return func() func(float64) float64 {
		acc, seen := nullF, false
		return func(x float64) float64 {
			if x != nullF {
				if seen {
					acc = f(acc, x)
				} else {
					acc, seen = x, true
				}
			}
			return acc
		}
	}
}

var cumFuncs = []*Func{
	cumF("cumsum", "Cumulative sum.", sumType, foldStep(func(a, x float64) float64 { return a + x })),
	cumF("cumprod", "Cumulative product.", sumType, foldStep(func(a, x float64) float64 { return a * x })),
	cumF("cummax", "Cumulative maximum.", keepType, foldStep(math.Max)),
	cumF("cummin", "Cumulative minimum.", keepType, foldStep(math.Min)),
	cumF("cumavg", "Cumulative average.", doubleType, momentStep(func(m *moments4) float64 { return m.s1 / float64(m.n) })),
	cumF("cumsum2", "Cumulative sum of squares.", doubleType, momentStep(func(m *moments4) float64 { return m.s2 })),
	cumF("cumsum3", "Cumulative sum of cubes.", doubleType, momentStep(func(m *moments4) float64 { return m.s3 })),
	cumF("cumsum4", "Cumulative sum of fourth powers.", doubleType, momentStep(func(m *moments4) float64 { return m.s4 })),
	cumF("cumvar", "Cumulative sample variance.", doubleType, momentStep(func(m *moments4) float64 { return m.varOf(true) })),
	cumF("cumvarp", "Cumulative population variance.", doubleType, momentStep(func(m *moments4) float64 { return m.varOf(false) })),
	cumF("cumstd", "Cumulative sample standard deviation.", doubleType, momentStep(func(m *moments4) float64 { return nullSqrt(m.varOf(true)) })),
	cumF("cumstdp", "Cumulative population standard deviation.", doubleType, momentStep(func(m *moments4) float64 { return nullSqrt(m.varOf(false)) })),
	cumF("cumcount", "Cumulative count of non-null elements.", intType, func() func(float64) float64 {
		n := 0.0
		return func(x float64) float64 {
			if x != nullF {
				n++
			}
			return n
		}
	}),
	cumF("cumfirstNot", "First non-null element so far.", keepType, func() func(float64) float64 {
		f := nullF
		return func(x float64) float64 {
			if f == nullF {
				f = x
			}
			return f
		}
	}),
	cumF("cumlastNot", "Last non-null element so far.", keepType, foldStep(func(_, x float64) float64 { return x })),
	cumF("cummed", "Cumulative median.", doubleType, cumSorted(func(s []float64) float64 { return quantileOf(s, 0.5, "linear") })),
	{Name: "cumnunique", Params: []string{"X", "[ignoreNull]"}, Kind: Vector, Doc: "Cumulative number of distinct values.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		// Counts distinct values of any type (the manual's example counts a
		// STRING column), so it works on keys rather than cumF's doubles.
		ign := len(a) > 1 && argBool(a[1], false)
		return perColumn(a[0], func(v *value.Vector) (value.Value, error) {
			k := keysOfVec(v)
			out := make([]int, k.len())
			seen := map[any]struct{}{}
			for i := range out {
				if !(ign && k.isNullAt(i)) {
					seen[k.hashKey(i)] = struct{}{}
				}
				out[i] = len(seen)
			}
			return idxVec(out), nil
		})
	}},
	cumF("cumPositiveStreak", "Running sum of consecutive positive elements.", sumType, func() func(float64) float64 {
		s := 0.0
		return func(x float64) float64 {
			if x != nullF && x > 0 {
				s += x
			} else {
				s = 0
			}
			return s
		}
	}),
	{Name: "cumpercentile", Params: []string{"X", "percent", "[interpolation]"}, Kind: Vector, Doc: "Cumulative percentile.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		p, err := floatArg("cumpercentile(X, percent, [interpolation])", a, 1, 50)
		if err != nil {
			return nil, err
		}
		m := strArg(a, 2, "linear")
		return cumF("cumpercentile", "", doubleType, cumSorted(func(s []float64) float64 { return quantileOf(s, p/100, m) })).Impl(env, a[:1])
	}},
	{Name: "cumrank", Params: []string{"X", "[ascending]", "[ignoreNA]", "[tiesMethod]", "[percent]"}, Kind: Vector, Doc: "Rank of each element among the elements so far.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		asc := len(a) < 2 || argBool(a[1], true)
		ignoreNA := len(a) < 3 || argBool(a[2], true)
		ties := strArg(a, 3, "min")
		percent := len(a) > 4 && argBool(a[4], false)
		rt := intType
		if percent || ties == "average" {
			rt = doubleType
		}
		return cumF("cumrank", "", rt, func() func(float64) float64 {
			var seen []float64
			return func(x float64) float64 {
				if x == nullF && ignoreNA {
					return nullF
				}
				i, _ := slices.BinarySearch(seen, x)
				seen = slices.Insert(seen, i, x)
				j, _ := slices.BinarySearch(seen, math.Nextafter(x, math.Inf(1)))
				less, eq := i, j-i
				if !asc {
					less = len(seen) - j
				}
				r := float64(less)
				switch ties {
				case "max":
					r = float64(less + eq - 1)
				case "average":
					r = float64(less) + float64(eq-1)/2
				}
				if percent {
					return (r + 1) / float64(len(seen))
				}
				return r
			}
		}).Impl(env, a[:1])
	}},
	cum2("cumcorr", "Cumulative correlation.", func(s *pairSums) float64 { return s.corr() }),
	cum2("cumcovar", "Cumulative sample covariance.", func(s *pairSums) float64 { return s.cov(true) }),
	cum2("cumcovarp", "Cumulative population covariance.", func(s *pairSums) float64 { return s.cov(false) }),
	cum2("cumbeta", "Cumulative beta of Y on X.", func(s *pairSums) float64 { return s.beta() }),
	cum2("cumwsum", "Cumulative weighted sum.", func(s *pairSums) float64 { return s.sxy }),
	cum2("cumwavg", "Cumulative weighted average.", func(s *pairSums) float64 { return s.sxy / s.sy }),
}

func registerCumulative(r *Registry) { r.Register(cumFuncs...) }

func nullSqrt(x float64) float64 {
	if x == nullF {
		return nullF
	}
	return math.Sqrt(x)
}

// cumSorted keeps the valid elements so far sorted (O(n) insert each).
func cumSorted(f func(s []float64) float64) func() func(float64) float64 {
	return func() func(float64) float64 {
		var seen []float64
		return func(x float64) float64 {
			if x != nullF {
				i, _ := slices.BinarySearch(seen, x)
				seen = slices.Insert(seen, i, x)
			}
			if len(seen) == 0 {
				return nullF
			}
			return f(slices.Clone(seen))
		}
	}
}

// pairSums holds running sums over pairs where both elements are valid.
type pairSums struct {
	n                     int
	sx, sy, sxx, syy, sxy float64
}

func (s *pairSums) add(x, y float64, sign float64) {
	s.n += int(sign)
	s.sx += sign * x
	s.sy += sign * y
	s.sxx += sign * x * x
	s.syy += sign * y * y
	s.sxy += sign * x * y
}

func (s *pairSums) cov(sample bool) float64 {
	n := float64(s.n)
	if s.n == 0 || sample && s.n < 2 {
		return nullF
	}
	c := s.sxy - s.sx*s.sy/n
	if sample {
		return c / (n - 1)
	}
	return c / n
}

func (s *pairSums) corr() float64 {
	n := float64(s.n)
	if s.n < 2 {
		return nullF
	}
	vx, vy := s.sxx-s.sx*s.sx/n, s.syy-s.sy*s.sy/n
	if vx <= 0 || vy <= 0 {
		return nullF
	}
	return (s.sxy - s.sx*s.sy/n) / math.Sqrt(vx*vy)
}

// beta is the regression coefficient of y (first argument) on x.
func (s *pairSums) beta() float64 {
	n := float64(s.n)
	if s.n < 2 {
		return nullF
	}
	vy := s.syy - s.sy*s.sy/n
	if vy == 0 {
		return nullF
	}
	return (s.sxy - s.sx*s.sy/n) / vy
}

// cum2 is a cumulative function of two vectors; beta(Y, X) passes Y as
// the first argument, kept as x in pairSums with the variance over y.
func cum2(name, doc string, f func(s *pairSums) float64) *Func {
	return &Func{Name: name, Params: []string{"X", "Y"}, Kind: Vector, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		xs, err := f64s(name, a[0])
		if err != nil {
			return nil, err
		}
		ys, err := f64s(name, a[1])
		if err != nil {
			return nil, err
		}
		if len(xs) != len(ys) {
			return nil, sizeMismatch(len(xs), len(ys))
		}
		out, res := newDoubles(len(xs))
		var s pairSums
		for i := range xs {
			if xs[i] != nullF && ys[i] != nullF {
				s.add(xs[i], ys[i], 1)
			}
			r := nullF
			if s.n > 0 {
				r = f(&s)
			}
			if r != r || math.IsInf(r, 0) {
				r = nullF
			}
			res[i] = r
		}
		return out, nil
	}}
}
