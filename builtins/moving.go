// This file declares the moving-window family m*: a window of `window`
// positions ending at each element; nulls are skipped and the result is
// null while the window holds fewer than minPeriods (default window)
// non-null values. Sums and moments slide in O(n) (add the entering
// element, remove the leaving one), max/min use a monotonic deque, and
// order statistics re-sort the window. movF lifts a kernel over []float64
// to every form.

package builtins

import (
	"fmt"
	"math"
	"slices"

	"github.com/porpoisedb/porpoise/vm/value"
)

// movKernel fills out from xs with window w and minimum count mp.
type movKernel func(xs, out []float64, w, mp int)

func movF(name, doc string, rt func(value.Type) value.Type, k movKernel) *Func {
	return &Func{Name: name, Params: []string{"X", "window", "[minPeriods]"}, Kind: Vector, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		w, mp, err := windowArgs(name, a[1], a, 2)
		if err != nil {
			return nil, err
		}
		return perColumn(a[0], func(v *value.Vector) (value.Value, error) {
			xs, err := f64s(name, v)
			if err != nil {
				return nil, err
			}
			out, res := newDoubles(len(xs))
			k(xs, res, w, mp)
			return fromF64(out, rt(v.Type())), nil
		})
	}}
}

// windowArgs decodes an integral window and optional minPeriods at a[i].
func windowArgs(name string, win value.Value, a []value.Value, i int) (w, mp int, err error) {
	if win == nil || win.Form() != value.SCALAR || !isIntegral(win.Type()) {
		return 0, 0, fmt.Errorf("Usage: %s(X, window, [minPeriods]). window must be a positive integer.", name)
	}
	x, _ := value.ToInt64(win)
	if x <= 0 {
		return 0, 0, fmt.Errorf("Usage: %s(X, window, [minPeriods]). window must be a positive integer.", name)
	}
	m, err := intArg(name+"(X, window, [minPeriods])", a, i, 0)
	if err != nil {
		return 0, 0, err
	}
	if i < len(a) && a[i] != nil && (m <= 0 || m > x) {
		return 0, 0, fmt.Errorf("Usage: %s(X, window, [minPeriods]). minPeriods must be a positive integer no greater than window.", name)
	}
	return int(x), int(m), nil
}

// ready reports whether position i with c valid values in its window
// yields a result: with minPeriods (mp > 0), c >= mp; by default the
// window must be full (i >= w-1) and hold a valid value.
func ready(c, i, w, mp int) bool {
	if mp > 0 {
		return c >= mp
	}
	return i >= w-1 && c > 0
}

func msumK(xs, out []float64, w, mp int) {
	if mp == 0 && !slices.Contains(xs, nullF) {
		msumDense(xs, out, w)
		return
	}
	s, c := 0.0, 0
	for i, x := range xs {
		if x != nullF {
			s += x
			c++
		}
		if i >= w {
			if y := xs[i-w]; y != nullF {
				s -= y
				c--
				if c == 0 {
					s = 0
				}
			}
		}
		if ready(c, i, w, mp) {
			out[i] = s
		} else {
			out[i] = nullF
		}
	}
}

// msumDense is msum over a vector without nulls: one add and one
// subtract per element, no branches in the steady state.
func msumDense(xs, out []float64, w int) {
	s := 0.0
	head := min(w, len(xs))
	for i, x := range xs[:head] {
		s += x
		out[i] = nullF
	}
	if head == w && w > 0 {
		out[w-1] = s
	}
	out = out[:len(xs)]
	for i := w; i < len(xs); i++ {
		s += xs[i] - xs[i-w]
		out[i] = s
	}
}

// momentK slides sums of powers 1..4 (shifted by the first valid value for
// accuracy) and emits f of the window's moments4.
func momentK(f func(m *moments4) float64) movKernel {
	return func(xs, out []float64, w, mp int) {
		var m moments4
		shift, shiftSet := 0.0, false
		for i, x := range xs {
			if x != nullF {
				if !shiftSet {
					shift, shiftSet = x, true
				}
				m.add(x - shift)
			}
			if i >= w {
				if y := xs[i-w]; y != nullF {
					d := y - shift
					m.n--
					m.s1 -= d
					m.s2 -= d * d
					m.s3 -= d * d * d
					m.s4 -= d * d * d * d
					if m.n == 0 {
						m = moments4{}
					}
				}
			}
			if ready(m.n, i, w, mp) {
				m.mn = shift
				r := f(&m)
				if r != r || math.IsInf(r, 0) {
					r = nullF
				}
				out[i] = r
			} else {
				out[i] = nullF
			}
		}
	}
}

// dequeK computes moving max (isMax) or min with a monotonic deque of
// indices; emit chooses the value or the index within the window.
func dequeK(isMax bool, index bool) movKernel {
	return func(xs, out []float64, w, mp int) {
		dq := make([]int, 0, w)
		c := 0
		for i, x := range xs {
			if i >= w {
				if xs[i-w] != nullF {
					c--
				}
				if len(dq) > 0 && dq[0] <= i-w {
					dq = dq[1:]
				}
			}
			if x != nullF {
				c++
				for len(dq) > 0 {
					b := xs[dq[len(dq)-1]]
					if isMax && b < x || !isMax && b > x {
						dq = dq[:len(dq)-1]
					} else {
						break
					}
				}
				dq = append(dq, i)
			}
			if ready(c, i, w, mp) && len(dq) > 0 {
				if index {
					out[i] = float64(dq[0] - max(0, i-w+1))
				} else {
					out[i] = xs[dq[0]]
				}
			} else {
				out[i] = nullF
			}
		}
	}
}

// windowK recomputes f over the valid values of each window.
func windowK(f func(win []float64) float64) movKernel {
	return func(xs, out []float64, w, mp int) {
		buf := make([]float64, 0, w)
		for i := range xs {
			buf = buf[:0]
			for _, x := range xs[max(0, i-w+1) : i+1] {
				if x != nullF {
					buf = append(buf, x)
				}
			}
			if ready(len(buf), i, w, mp) {
				r := f(buf)
				if r != r {
					r = nullF
				}
				out[i] = r
			} else {
				out[i] = nullF
			}
		}
	}
}

// rawWindowK passes each whole window (nulls included) to f.
func rawWindowK(f func(win []float64, mpOK bool) float64) movKernel {
	return func(xs, out []float64, w, mp int) {
		c := 0
		for i, x := range xs {
			if x != nullF {
				c++
			}
			if i >= w && xs[i-w] != nullF {
				c--
			}
			out[i] = f(xs[max(0, i-w+1):i+1], ready(c, i, w, mp) || mp == 0 && i >= w-1)
		}
	}
}

var movingFuncs = []*Func{
	movF("msum", "Moving sum.", sumType, msumK),
	movF("mavg", "Moving average.", doubleType, momentK(func(m *moments4) float64 { return m.s1/float64(m.n) + m.mn })),
	movF("mcount", "Moving count of non-null elements.", intType, func(xs, out []float64, w, mp int) {
		c := 0
		for i, x := range xs {
			if x != nullF {
				c++
			}
			if i >= w && xs[i-w] != nullF {
				c--
			}
			if mp == 0 || c >= mp {
				out[i] = float64(c)
			} else {
				out[i] = nullF
			}
		}
	}),
	movF("msum2", "Moving sum of squares.", doubleType, windowK(func(v []float64) float64 { return powSum(v, 2) })),
	movF("mvar", "Moving sample variance.", doubleType, momentK(func(m *moments4) float64 { return m.varOf(true) })),
	movF("mvarp", "Moving population variance.", doubleType, momentK(func(m *moments4) float64 { return m.varOf(false) })),
	movF("mstd", "Moving sample standard deviation.", doubleType, momentK(func(m *moments4) float64 { return nullSqrt(m.varOf(true)) })),
	movF("mstdp", "Moving population standard deviation.", doubleType, momentK(func(m *moments4) float64 { return nullSqrt(m.varOf(false)) })),
	movF("mskew", "Moving skewness.", doubleType, windowK(func(v []float64) float64 { return skewOf(v, true) })),
	movF("mkurtosis", "Moving kurtosis.", doubleType, windowK(func(v []float64) float64 { return kurtOf(v, true) })),
	movF("mmax", "Moving maximum.", keepType, dequeK(true, false)),
	movF("mmin", "Moving minimum.", keepType, dequeK(false, false)),
	movF("mimax", "Index of the maximum within each window.", intType, dequeK(true, true)),
	movF("mimin", "Index of the minimum within each window.", intType, dequeK(false, true)),
	movF("mmed", "Moving median.", doubleType, orderK(func(t *rankTree) float64 { return t.quantile(0.5, "linear") })),
	movF("mmad", "Moving mean absolute deviation.", doubleType, windowK(func(v []float64) float64 { return madOf(v, false) })),
	movF("mprod", "Moving product.", doubleType, windowK(func(v []float64) float64 {
		p := 1.0
		for _, x := range v {
			p *= x
		}
		return p
	})),
	movF("mfirst", "First element of each window.", keepType, rawWindowK(func(win []float64, ok bool) float64 {
		if !ok {
			return nullF
		}
		return win[0]
	})),
	movF("mlast", "Last element of each window.", keepType, rawWindowK(func(win []float64, ok bool) float64 {
		if !ok {
			return nullF
		}
		return win[len(win)-1]
	})),
	movF("mfirstNot", "First non-null element of each window.", keepType, windowK(func(v []float64) float64 { return v[0] })),
	movF("mlastNot", "Last non-null element of each window.", keepType, windowK(func(v []float64) float64 { return v[len(v)-1] })),
	movF("mmaxPositiveStreak", "Longest run of positive values' sum in each window.", doubleType, rawWindowK(func(win []float64, ok bool) float64 {
		if !ok {
			return nullF
		}
		best, cur := 0.0, 0.0
		for _, x := range win {
			if x != nullF && x > 0 {
				cur += x
				best = max(best, cur)
			} else {
				cur = 0
			}
		}
		return best
	})),
	{Name: "mpercentile", Params: []string{"X", "percent", "window", "[interpolation]", "[minPeriods]"}, Kind: Vector, Doc: "Moving percentile.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		p, err := floatArg("mpercentile(X, percent, window, [interpolation], [minPeriods])", a, 1, 50)
		if err != nil {
			return nil, err
		}
		m := strArg(a, 3, "linear")
		f := movF("mpercentile", "", doubleType, orderK(func(t *rankTree) float64 { return t.quantile(p/100, m) }))
		args := []value.Value{a[0], a[2]}
		if len(a) > 4 {
			args = append(args, a[4])
		}
		return f.Impl(env, args)
	}},
	{Name: "mrank", Params: []string{"X", "ascending", "window", "[ignoreNA]", "[tiesMethod]", "[percent]", "[minPeriods]"}, Kind: Vector, Doc: "Rank of each element within its window.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		asc := argBool(a[1], true)
		ignoreNA := len(a) < 4 || argBool(a[3], true)
		ties := strArg(a, 4, "min")
		percent := len(a) > 5 && argBool(a[5], false)
		k := rawWindowK(func(win []float64, ok bool) float64 {
			x := win[len(win)-1]
			if !ok || x == nullF && ignoreNA {
				return nullF
			}
			less, eq, n := 0, 0, 0
			for _, y := range win {
				if y == nullF && ignoreNA {
					continue
				}
				n++
				switch {
				case y == x:
					eq++
				case asc && y < x || !asc && y > x:
					less++
				}
			}
			r := float64(less)
			switch ties {
			case "max":
				r = float64(less + eq - 1)
			case "average":
				r = float64(less) + float64(eq-1)/2
			}
			if percent {
				return (r + 1) / float64(n)
			}
			return r
		})
		if ignoreNA {
			k = mrankTreeK(asc, ties, percent)
		}
		f := movF("mrank", "", doubleType, k)
		args := []value.Value{a[0], a[2]}
		if len(a) > 6 {
			args = append(args, a[6])
		}
		r, err := f.Impl(env, args)
		if err != nil || percent || ties == "average" {
			return r, err
		}
		return value.Cast(r, value.INT)
	}},
	mov2("mcorr", "Moving correlation.", func(s *pairSums) float64 { return s.corr() }),
	mov2("mcovar", "Moving sample covariance.", func(s *pairSums) float64 { return s.cov(true) }),
	mov2("mcovarp", "Moving population covariance.", func(s *pairSums) float64 { return s.cov(false) }),
	mov2("mbeta", "Moving beta of Y on X.", func(s *pairSums) float64 { return s.beta() }),
	mov2("mwsum", "Moving weighted sum.", func(s *pairSums) float64 { return s.sxy }),
	mov2("mwavg", "Moving weighted average.", func(s *pairSums) float64 { return s.sxy / s.sy }),
	{Name: "ema", Params: []string{"X", "window", "[warmup]"}, Kind: Vector, Doc: "Exponential moving average (alpha = 2/(window+1)), seeded by the first window's mean; warmup=true starts at X[0] with alpha = 2/(i+1) until i reaches window.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		w, _, err := windowArgs("ema", a[1], a[:2], 2)
		if err != nil {
			return nil, err
		}
		warm := len(a) > 2 && a[2] != nil && argBool(a[2], false)
		return perColumn(a[0], func(v *value.Vector) (value.Value, error) {
			xs, err := f64s("ema", v)
			if err != nil {
				return nil, err
			}
			out, res := newDoubles(len(xs))
			if warm {
				emaWarmK(xs, res, w)
			} else {
				emaK(xs, res, w, 0)
			}
			return fromF64(out, value.DOUBLE), nil
		})
	}},
	movF("sma", "Simple moving average.", doubleType, momentK(func(m *moments4) float64 { return m.s1/float64(m.n) + m.mn })),
	movF("wma", "Linearly weighted moving average.", doubleType, rawWindowK(func(win []float64, ok bool) float64 {
		s, ws := 0.0, 0.0
		for i, x := range win {
			if x == nullF {
				return nullF
			}
			s += x * float64(i+1)
			ws += float64(i + 1)
		}
		if !ok {
			return nullF
		}
		return s / ws
	})),
	movF("dema", "Double exponential moving average.", doubleType, func(xs, out []float64, w, mp int) {
		e1 := make([]float64, len(xs))
		emaK(xs, e1, w, mp)
		e2 := make([]float64, len(xs))
		emaK(e1, e2, w, mp)
		for i := range out {
			if e1[i] == nullF || e2[i] == nullF {
				out[i] = nullF
			} else {
				out[i] = 2*e1[i] - e2[i]
			}
		}
	}),
	movF("tema", "Triple exponential moving average.", doubleType, func(xs, out []float64, w, mp int) {
		e1 := make([]float64, len(xs))
		emaK(xs, e1, w, mp)
		e2 := make([]float64, len(xs))
		emaK(e1, e2, w, mp)
		e3 := make([]float64, len(xs))
		emaK(e2, e3, w, mp)
		for i := range out {
			if e1[i] == nullF || e2[i] == nullF || e3[i] == nullF {
				out[i] = nullF
			} else {
				out[i] = 3*e1[i] - 3*e2[i] + e3[i]
			}
		}
	}),
}

func registerMoving(r *Registry) {
	r.Register(movingFuncs...)
	// mavg(X, weights): a weight vector as the window.
	b, _ := r.Lookup("mavg")
	plain := b.Decl.Impl
	b.Decl.Impl = func(env value.Env, a []value.Value) (value.Value, error) {
		if a[1] == nil || a[1].Form() != value.VECTOR {
			return plain(env, a)
		}
		w, err := f64s("mavg", a[1])
		if err != nil {
			return nil, err
		}
		return perColumn(a[0], func(v *value.Vector) (value.Value, error) {
			xs, err := f64s("mavg", v)
			if err != nil {
				return nil, err
			}
			out, res := newDoubles(len(xs))
			for i := range xs {
				res[i] = nullF
				if i+1 < len(w) {
					continue
				}
				s, sw := 0.0, 0.0
				for j, wj := range w {
					if x := xs[i+1-len(w)+j]; x != nullF {
						s += x * wj
						sw += wj
					}
				}
				if sw != 0 {
					res[i] = s / sw
				}
			}
			return out, nil
		})
	}
}

// emaK: leading nulls are skipped; the first value is the mean of the
// first w valid values, then e = alpha*x + (1-alpha)*e.
func emaK(xs, out []float64, w, _ int) {
	alpha := 2 / float64(w+1)
	e, n, sum := nullF, 0, 0.0
	for i, x := range xs {
		switch {
		case x == nullF:
			out[i] = e
			if n < w {
				out[i] = nullF
			}
			continue
		case n < w:
			sum += x
			n++
			if n == w {
				e = sum / float64(w)
				out[i] = e
			} else {
				out[i] = nullF
			}
			continue
		}
		e = alpha*x + (1-alpha)*e
		out[i] = e
	}
}

// emaWarmK is ema with warmup: e starts at the first valid value and the
// k-th valid value after it weighs 2/(min(k, w)+1).
func emaWarmK(xs, out []float64, w int) {
	e, k := nullF, 0
	for i, x := range xs {
		if x != nullF {
			if e == nullF {
				e = x
			} else {
				k++
				alpha := 2 / float64(min(k, w)+1)
				e = alpha*x + (1-alpha)*e
			}
		}
		out[i] = e
	}
}

// mov2 is a moving function of two vectors sliding pairSums.
func mov2(name, doc string, f func(s *pairSums) float64) *Func {
	return &Func{Name: name, Params: []string{"X", "Y", "window", "[minPeriods]"}, Kind: Vector, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		w, mp, err := windowArgs(name, a[2], a, 3)
		if err != nil {
			return nil, err
		}
		xs, err := f64s(name, a[0])
		if err != nil {
			return nil, err
		}
		ys, err := f64s(name, a[1])
		if err != nil {
			return nil, err
		}
		if len(ys) == 1 && len(xs) > 1 {
			ys = slices.Repeat(ys, len(xs))
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
			if i >= w && xs[i-w] != nullF && ys[i-w] != nullF {
				s.add(xs[i-w], ys[i-w], -1)
				if s.n == 0 {
					s = pairSums{}
				}
			}
			r := nullF
			if ready(s.n, i, w, mp) {
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
