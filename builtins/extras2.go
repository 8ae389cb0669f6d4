// This file declares a second batch of functions built on the shared
// helpers: row-wise pair statistics (rowWavg rowCorr ...), distribution
// functions (pdfNormal cdfExp ...), drawdowns, more moving and tm*
// windows, triangular matrices, correlation matrices, random
// distributions and small vector utilities.

package builtins

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/porpoisedb/porpoise/vm/value"
)

// rowF2 is a row-wise function of two row-aligned sources (matrices,
// tables or tuples of columns).
func rowF2(name, doc string, f func(x, y []float64) float64) *Func {
	return &Func{Name: name, Params: []string{"X", "Y"}, Kind: Vector, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		cx, n, _, err := rowColumns(a[:1])
		if err != nil {
			return nil, err
		}
		cy, m, _, err := rowColumns(a[1:2])
		if err != nil {
			return nil, err
		}
		if n != m || len(cx) != len(cy) {
			return nil, fmt.Errorf("The function [%s] expects X and Y of the same shape.", name)
		}
		dx, dy := make([][]float64, len(cx)), make([][]float64, len(cy))
		for i := range cx {
			if dx[i], err = f64s(name, cx[i]); err != nil {
				return nil, err
			}
			if dy[i], err = f64s(name, cy[i]); err != nil {
				return nil, err
			}
		}
		out, res := newDoubles(n)
		rx, ry := make([]float64, len(cx)), make([]float64, len(cy))
		for i := range res {
			for j := range rx {
				rx[j], ry[j] = dx[j][i%len(dx[j])], dy[j][i%len(dy[j])]
			}
			res[i] = f(rx, ry)
		}
		nanToNull(res)
		return out, nil
	}}
}

func wavgOf(x, w []float64) float64 {
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
}

func dotOf(x, y []float64) float64 {
	s, n := 0.0, 0
	for i := range x {
		if x[i] != nullF && y[i] != nullF {
			s += x[i] * y[i]
			n++
		}
	}
	if n == 0 {
		return nullF
	}
	return s
}

// maxDrawdown is the largest peak-to-trough fall (ratio when ratio).
func maxDrawdown(xs []float64, ratio bool) float64 {
	peak, best, seen := nullF, 0.0, false
	for _, x := range xs {
		if x == nullF {
			continue
		}
		if !seen || x > peak {
			peak, seen = x, true
		}
		d := peak - x
		if ratio && peak != 0 {
			d /= peak
		}
		best = max(best, d)
	}
	if !seen {
		return nullF
	}
	return best
}

func distF(name, doc string, np int, f func(p []float64, x float64) float64) *Func {
	params := []string{"p1", "p2", "X"}[3-np-1:]
	return &Func{Name: name, Params: params, Kind: Operator, Doc: doc, Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		p := make([]float64, np)
		for i := range p {
			v, ok := value.ToFloat64(a[i])
			if !ok {
				return nil, fmt.Errorf("Usage: %s. The distribution parameters must be numeric scalars.", name)
			}
			p[i] = v
		}
		return floatUnary(name, func(x float64) float64 { return f(p, x) })(env, a[np:])
	}}
}

func randDist(name, doc string, np int, f func(r *rand.Rand, p []float64) float64) *Func {
	params := append([]string{"p1", "p2"}[:np], "count")
	return &Func{Name: name, Params: params, Kind: System, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return distImpl(name, a, np, f)
	}}
}

func gammaSample(r *rand.Rand, k float64) float64 {
	if k < 1 {
		return gammaSample(r, k+1) * math.Pow(r.Float64(), 1/k)
	}
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// tm2 is a time-window function of two value vectors.
func tm2(name, doc string, f func(x, y []float64) float64) *Func {
	return &Func{Name: name, Params: []string{"T", "X", "Y", "window"}, Kind: Vector, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		lo, err := timeWindows(name, a[0], a[3], false)
		if err != nil {
			return nil, err
		}
		xs, err := f64s(name, a[1])
		if err != nil {
			return nil, err
		}
		ys, err := f64s(name, a[2])
		if err != nil {
			return nil, err
		}
		if len(xs) != len(lo) || len(ys) != len(lo) {
			return nil, sizeMismatch(len(lo), len(xs))
		}
		out, res := newDoubles(len(xs))
		for i := range xs {
			res[i] = f(xs[lo[i]:i+1], ys[lo[i]:i+1])
		}
		nanToNull(res)
		return out, nil
	}}
}

func triangle(lower bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		m, ok := a[0].(*value.Matrix)
		if !ok {
			return nil, fmt.Errorf("Usage: tril(X, [k]). X must be a matrix.")
		}
		k, err := intArg("tril(X, [k])", a, 1, 0)
		if err != nil {
			return nil, err
		}
		d := m.Data().Clone()
		zero, _ := value.Cast(value.Int(0), m.Type())
		for c := range m.Cols() {
			for r := range m.Rows() {
				if lower && int64(c-r) > k || !lower && int64(c-r) < k {
					_ = d.Set(c*m.Rows()+r, zero)
				}
			}
		}
		return value.FromVector(d, m.Rows(), m.Cols())
	}
}

func pairMatrix(name string, f func(x, y []float64) float64) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		cols, _, _, err := rowColumns(a[:1])
		if err != nil {
			return nil, err
		}
		n := len(cols)
		data := make([][]float64, n)
		for i, c := range cols {
			if data[i], err = f64s(name, c); err != nil {
				return nil, err
			}
		}
		out := make([]float64, n*n)
		for i := range n {
			for j := range n {
				out[j*n+i] = f(data[i], data[j])
			}
		}
		nanToNull(out)
		return denseMatrix(out, n, n, value.DOUBLE)
	}
}

var extra2Funcs = []*Func{
	rowF2("rowWavg", "Row-wise weighted average.", wavgOf),
	rowF2("rowWsum", "Row-wise weighted sum.", dotOf),
	rowF2("rowDot", "Row-wise inner product.", dotOf),
	rowF2("rowCorr", "Row-wise correlation.", corrOf),
	rowF2("rowCovar", "Row-wise sample covariance.", func(x, y []float64) float64 { return covOf(x, y, true) }),
	rowF2("rowCovarp", "Row-wise population covariance.", func(x, y []float64) float64 { return covOf(x, y, false) }),
	rowF2("rowBeta", "Row-wise beta of Y on X.", func(y, x []float64) float64 { return covOf(x, y, true) / pairVar(x, y) }),
	rowF2("rowEuclidean", "Row-wise Euclidean distance.", func(x, y []float64) float64 {
		s := 0.0
		for i := range x {
			if x[i] != nullF && y[i] != nullF {
				s += (x[i] - y[i]) * (x[i] - y[i])
			}
		}
		return math.Sqrt(s)
	}),
	rowF("rowImaxLast", "Row-wise index of the last maximum.", intType, func(v []float64) float64 { return float64(iext(doublesVec(v), true, true)) }),
	rowF("rowIminLast", "Row-wise index of the last minimum.", intType, func(v []float64) float64 { return float64(iext(doublesVec(v), false, true)) }),
	aggF("maxDrawdown", "Maximum drawdown as a ratio of the peak.", func(xs []float64) float64 { return maxDrawdown(xs, true) }),
	aggF("mdd", "Maximum drawdown as a ratio of the peak.", func(xs []float64) float64 { return maxDrawdown(xs, true) }),
	aggF("maxPositiveStreak", "Largest sum of consecutive positive elements.", func(xs []float64) float64 {
		best, cur := 0.0, 0.0
		for _, x := range xs {
			if x != nullF && x > 0 {
				cur += x
				best = max(best, cur)
			} else {
				cur = 0
			}
		}
		return best
	}),
	agg2F("cosine", "Cosine similarity.", []string{"X", "Y"}, func(x, y []float64) float64 {
		return dotOf(x, y) / math.Sqrt(dotOf(x, x)*dotOf(y, y))
	}),
	agg2F("spearmanr", "Spearman rank correlation.", []string{"X", "Y"}, func(x, y []float64) float64 {
		return corrOf(avgRanks(x), avgRanks(y))
	}),
	agg2F("kendall", "Kendall tau correlation.", []string{"X", "Y"}, func(x, y []float64) float64 {
		c, d := 0.0, 0.0
		for i := range x {
			for j := i + 1; j < len(x); j++ {
				if x[i] == nullF || x[j] == nullF || y[i] == nullF || y[j] == nullF {
					continue
				}
				s := (x[i] - x[j]) * (y[i] - y[j])
				if s > 0 {
					c++
				} else if s < 0 {
					d++
				}
			}
		}
		return (c - d) / (c + d)
	}),
	{Name: "demean", Params: []string{"X"}, Kind: Vector, Doc: "X minus its average.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return perColumn(a[0], func(v *value.Vector) (value.Value, error) {
			xs, err := f64s("demean", v)
			if err != nil {
				return nil, err
			}
			m, _ := meanOf(xs)
			out, res := newDoubles(len(xs))
			for i, x := range xs {
				res[i] = nullF
				if x != nullF {
					res[i] = x - m
				}
			}
			return out, nil
		})
	}},
	distF("pdfNormal", "Normal density.", 2, func(p []float64, x float64) float64 {
		z := (x - p[0]) / p[1]
		return math.Exp(-z*z/2) / (p[1] * math.Sqrt(2*math.Pi))
	}),
	distF("cdfExp", "Exponential distribution function (mean).", 1, func(p []float64, x float64) float64 { return 1 - math.Exp(-x/p[0]) }),
	distF("invExp", "Inverse exponential distribution (mean).", 1, func(p []float64, q float64) float64 { return -p[0] * math.Log(1-q) }),
	distF("cdfUniform", "Uniform distribution function.", 2, func(p []float64, x float64) float64 { return math.Min(1, math.Max(0, (x-p[0])/(p[1]-p[0]))) }),
	distF("invUniform", "Inverse uniform distribution.", 2, func(p []float64, q float64) float64 { return p[0] + q*(p[1]-p[0]) }),
	distF("cdfLogistic", "Logistic distribution function.", 2, func(p []float64, x float64) float64 { return 1 / (1 + math.Exp(-(x-p[0])/p[1])) }),
	distF("invLogistic", "Inverse logistic distribution.", 2, func(p []float64, q float64) float64 { return p[0] + p[1]*math.Log(q/(1-q)) }),
	distF("cdfWeibull", "Weibull distribution function (alpha, beta).", 2, func(p []float64, x float64) float64 { return 1 - math.Exp(-math.Pow(x/p[1], p[0])) }),
	distF("invWeibull", "Inverse Weibull distribution.", 2, func(p []float64, q float64) float64 { return p[1] * math.Pow(-math.Log(1-q), 1/p[0]) }),
	distF("cdfPoisson", "Poisson distribution function.", 1, func(p []float64, x float64) float64 {
		s, t := 0.0, math.Exp(-p[0])
		for k := 0.0; k <= math.Floor(x); k++ {
			s += t
			t *= p[0] / (k + 1)
		}
		return s
	}),
	distF("cdfBinomial", "Binomial distribution function (trials, p).", 2, func(p []float64, x float64) float64 {
		s := 0.0
		for k := 0.0; k <= math.Floor(x); k++ {
			lg, _ := math.Lgamma(p[0] + 1)
			l1, _ := math.Lgamma(k + 1)
			l2, _ := math.Lgamma(p[0] - k + 1)
			s += math.Exp(lg - l1 - l2 + k*math.Log(p[1]) + (p[0]-k)*math.Log(1-p[1]))
		}
		return s
	}),
	{Name: "signbit", Params: []string{"X"}, Kind: Operator, Doc: "Whether the sign bit is set.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return predUnary("signbit", a[0], func(x float64) bool { return x != nullF && math.Signbit(x) })
	}},
	{Name: "eqPercent", Params: []string{"X", "Y", "[toleranceLevel]"}, Kind: Aggregate, Doc: "Whether X and Y are equal within a percentage tolerance.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		tol, err := floatArg("eqPercent(X, Y, [toleranceLevel=0.0001])", a, 2, 0.0001)
		if err != nil {
			return nil, err
		}
		return agg2("eqPercent", a[0], a[1], func(x, y []float64) value.Value {
			for i := range x {
				if (x[i] == nullF) != (y[i] == nullF) {
					return value.Bool(0)
				}
				if x[i] != nullF && math.Abs(x[i]-y[i]) > tol/100*math.Max(math.Abs(x[i]), math.Abs(y[i])) {
					return value.Bool(0)
				}
			}
			return value.Bool(1)
		})
	}},
	movF("mifirstNot", "Index of the first non-null element in each window.", intType, rawWindowK(func(win []float64, ok bool) float64 {
		for i, x := range win {
			if x != nullF {
				return float64(i)
			}
		}
		return nullF
	})),
	movF("milastNot", "Index of the last non-null element in each window.", intType, rawWindowK(func(win []float64, ok bool) float64 {
		for i := len(win) - 1; i >= 0; i-- {
			if win[i] != nullF {
				return float64(i)
			}
		}
		return nullF
	})),
	movF("mimaxLast", "Index of the last maximum in each window.", intType, windowIdx(true)),
	movF("miminLast", "Index of the last minimum in each window.", intType, windowIdx(false)),
	movF("mTopRange", "topRange within each window.", intType, rawWindowK(func(win []float64, ok bool) float64 { return streak(win, true, ok) })),
	movF("mLowRange", "lowRange within each window.", intType, rawWindowK(func(win []float64, ok bool) float64 { return streak(win, false, ok) })),
	movF("trima", "Triangular moving average.", doubleType, func(xs, out []float64, w, mp int) {
		n1 := (w + 1) / 2
		n2 := w/2 + 1
		tmp := make([]float64, len(xs))
		momentK(func(m *moments4) float64 { return m.s1/float64(m.n) + m.mn })(xs, tmp, n1, 0)
		momentK(func(m *moments4) float64 { return m.s1/float64(m.n) + m.mn })(tmp, out, n2, 0)
	}),
	movF("wilder", "Wilder smoothing (alpha = 1/window).", doubleType, func(xs, out []float64, w, _ int) {
		e, n, sum := nullF, 0, 0.0
		for i, x := range xs {
			switch {
			case x == nullF:
			case n < w:
				sum += x
				n++
				if n == w {
					e = sum / float64(w)
				}
			default:
				e = (e*float64(w-1) + x) / float64(w)
			}
			out[i] = e
		}
	}),
	tm2("tmcorr", "Time-window correlation.", corrOf),
	tm2("tmcovar", "Time-window sample covariance.", func(x, y []float64) float64 { return covOf(x, y, true) }),
	tm2("tmcovarp", "Time-window population covariance.", func(x, y []float64) float64 { return covOf(x, y, false) }),
	tm2("tmbeta", "Time-window beta of Y on X.", func(y, x []float64) float64 { return covOf(x, y, true) / pairVar(x, y) }),
	tm2("tmwavg", "Time-window weighted average.", wavgOf),
	tm2("tmwsum", "Time-window weighted sum.", dotOf),
	{Name: "tmpercentile", Params: []string{"T", "X", "percent", "window", "[interpolation]"}, Kind: Vector, Doc: "Time-window percentile.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		p, err := floatArg("tmpercentile(T, X, percent, window)", a, 2, 50)
		if err != nil {
			return nil, err
		}
		m := strArg(a, 4, "linear")
		return tmF("tmpercentile", "", doubleType, func(v []float64) float64 { return quantileOf(v, p/100, m) }).Impl(env, []value.Value{a[0], a[1], a[3]})
	}},
	{Name: "tmove", Params: []string{"T", "X", "window"}, Kind: Vector, Doc: "The value of X at the latest time <= T[i] - window.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		ts := i64s(a[0])
		span, err := durationUnits(a[2], a[0].Type())
		if err != nil {
			return nil, err
		}
		v, err := vecArg("tmove", a[1])
		if err != nil {
			return nil, err
		}
		idx := make([]int, len(ts))
		for i, t := range ts {
			idx[i] = searchInt(ts, t-span+1) - 1
		}
		return v.Gather(idx), nil
	}},
	cumF("cumdenseRank", "Dense rank of each element among the elements so far.", intType, func() func(float64) float64 {
		var seen []float64
		return func(x float64) float64 {
			if x == nullF {
				return nullF
			}
			i, found := slices.BinarySearch(seen, x)
			if !found {
				seen = slices.Insert(seen, i, x)
			}
			return float64(i)
		}
	}),
	cumF("cummdd", "Cumulative maximum drawdown.", doubleType, func() func(float64) float64 {
		peak, best, seen := 0.0, 0.0, false
		return func(x float64) float64 {
			if x != nullF {
				if !seen || x > peak {
					peak, seen = x, true
				}
				if peak != 0 {
					best = max(best, (peak-x)/peak)
				}
			}
			if !seen {
				return nullF
			}
			return best
		}
	}),
	{Name: "tril", Params: []string{"X", "[k]"}, Kind: System, Doc: "Lower triangle of a matrix.", Impl: triangle(true)},
	{Name: "triu", Params: []string{"X", "[k]"}, Kind: System, Doc: "Upper triangle of a matrix.", Impl: triangle(false)},
	{Name: "corrMatrix", Params: []string{"X"}, Kind: System, Doc: "Correlation matrix of the columns.", Impl: pairMatrix("corrMatrix", corrOf)},
	{Name: "covarMatrix", Params: []string{"X"}, Kind: System, Doc: "Covariance matrix of the columns.", Impl: pairMatrix("covarMatrix", func(x, y []float64) float64 { return covOf(x, y, true) })},
	{Name: "repmat", Params: []string{"X", "rowRep", "colRep"}, Kind: System, Doc: "Tiles a matrix.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		m, ok := a[0].(*value.Matrix)
		if !ok {
			return nil, fmt.Errorf("Usage: repmat(X, rowRep, colRep). X must be a matrix.")
		}
		rr, _ := value.ToInt64(a[1])
		cr, _ := value.ToInt64(a[2])
		R, C := m.Rows()*int(rr), m.Cols()*int(cr)
		idx := make([]int, R*C)
		for c := range C {
			for r := range R {
				idx[c*R+r] = (c%m.Cols())*m.Rows() + r%m.Rows()
			}
		}
		return value.FromVector(m.Data().Gather(idx), R, C)
	}},
	{Name: "cholesky", Params: []string{"obj", "[lower]"}, Kind: System, Doc: "Cholesky factor (lower by default).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		d, n, err := squareArg("cholesky", a[0])
		if err != nil {
			return nil, err
		}
		l := make([]float64, n*n)
		for j := range n {
			s := d[j*n+j]
			for k := range j {
				s -= l[k*n+j] * l[k*n+j]
			}
			if s <= 0 {
				return nil, fmt.Errorf("The matrix is not positive definite.")
			}
			l[j*n+j] = math.Sqrt(s)
			for i := j + 1; i < n; i++ {
				t := d[j*n+i]
				for k := range j {
					t -= l[k*n+i] * l[k*n+j]
				}
				l[j*n+i] = t / l[j*n+j]
			}
		}
		m, err := denseMatrix(l, n, n, value.DOUBLE)
		if err != nil || len(a) < 2 || argBool(a[1], true) {
			return m, err
		}
		return transposeMatrix(m.(*value.Matrix)), nil
	}},
	randDist("randGamma", "Gamma samples (shape, scale).", 2, func(r *rand.Rand, p []float64) float64 { return gammaSample(r, p[0]) * p[1] }),
	randDist("randChiSquare", "Chi-square samples (df).", 1, func(r *rand.Rand, p []float64) float64 { return 2 * gammaSample(r, p[0]/2) }),
	randDist("randBeta", "Beta samples (alpha, beta).", 2, func(r *rand.Rand, p []float64) float64 {
		x := gammaSample(r, p[0])
		return x / (x + gammaSample(r, p[1]))
	}),
	randDist("randStudent", "Student t samples (df).", 1, func(r *rand.Rand, p []float64) float64 {
		return r.NormFloat64() / math.Sqrt(2*gammaSample(r, p[0]/2)/p[0])
	}),
	randDist("randF", "F samples (df1, df2).", 2, func(r *rand.Rand, p []float64) float64 {
		return (2 * gammaSample(r, p[0]/2) / p[0]) / (2 * gammaSample(r, p[1]/2) / p[1])
	}),
	randDist("randWeibull", "Weibull samples (alpha, beta).", 2, func(r *rand.Rand, p []float64) float64 { return p[1] * math.Pow(-math.Log(1-r.Float64()), 1/p[0]) }),
	randDist("randLogistic", "Logistic samples (mean, s).", 2, func(r *rand.Rand, p []float64) float64 {
		u := r.Float64()
		return p[0] + p[1]*math.Log(u/(1-u))
	}),
	{Name: "isPeak", Params: []string{"X", "[strict]"}, Kind: Vector, Doc: "Whether each element is larger than both neighbours.", Impl: peakImpl(true)},
	{Name: "isValley", Params: []string{"X", "[strict]"}, Kind: Vector, Doc: "Whether each element is smaller than both neighbours.", Impl: peakImpl(false)},
	{Name: "winsorize", Params: []string{"X", "limit", "[inclusive]", "[nanPolicy]"}, Kind: Vector, Doc: "Clips X at the limit quantiles.", Impl: winsorize(false)},
	{Name: "winsorize!", Params: []string{"X", "limit", "[inclusive]", "[nanPolicy]"}, Kind: Vector, Doc: "winsorize in place.", Impl: winsorize(true)},
	{Name: "cutPoints", Params: []string{"X", "binNum", "[freq]"}, Kind: Vector, Doc: "binNum+1 cut points splitting X into equal-count bins.", Impl: cutPointsImpl},
	{Name: "lowerBound", Params: []string{"X", "Y"}, Kind: Vector, Doc: "First index of sorted X with X >= each Y (size when none).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		xv, err := vecArg("lowerBound", a[0])
		if err != nil {
			return nil, err
		}
		yv, scalar := vecOf(a[1])
		kx, ky, err := commonKeys(xv, yv)
		if err != nil {
			return nil, err
		}
		out := make([]int, ky.len())
		for i := range out {
			lo, hi := 0, kx.len()
			for lo < hi {
				m := (lo + hi) / 2
				if keyLess(kx, m, ky, i) {
					lo = m + 1
				} else {
					hi = m
				}
			}
			out[i] = lo
		}
		if scalar {
			return value.Int(out[0]), nil
		}
		return idxVec(out), nil
	}},
	{Name: "slice", Params: []string{"obj", "rowIndex", "[colIndex]"}, Kind: Vector, Doc: "obj[rowIndex] (obj[rowIndex, colIndex] for matrices).", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return atImpl(env, a) }},
	{Name: "hourOfDay", Params: []string{"X"}, Kind: Operator, Doc: "The hour 0-23.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return tmap("hourOfDay", a[0], value.INT, false, func(_, n int64) int64 { return n / (3600 * nsPerSec) })
	}},
	tfn("weekOfMonth", "Week of the month (1-based, weeks starting Monday).", value.INT, true, func(d, _ int64) int64 {
		first := monthStart(d)
		return (d-first+dow(first))/7 + 1
	}),
	tfn("businessQuarterBegin", "First weekday of the quarter.", value.DATE, true, func(d, _ int64) int64 { return nextBusiness(quarterStart(d), 1) }),
	tfn("businessQuarterEnd", "Last weekday of the quarter.", value.DATE, true, func(d, _ int64) int64 { return nextBusiness(quarterLast(d), -1) }),
	tfn("semiannualBegin", "January 1 or July 1.", value.DATE, true, func(d, _ int64) int64 {
		y, m, _ := ymd(d)
		return int64(value.YMDToDays(y, (m-1)/6*6+1, 1))
	}),
	tfn("semiannualEnd", "June 30 or December 31.", value.DATE, true, func(d, _ int64) int64 {
		y, m, _ := ymd(d)
		em := (m-1)/6*6 + 6
		return int64(value.YMDToDays(y, em, value.DaysInMonth(y, em)))
	}),
	{Name: "temporalDeltas", Params: []string{"X", "[unit]"}, Kind: Vector, Doc: "Differences of consecutive temporal values in X's unit.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		p, err := moveBy(a[0], 1)
		if err != nil {
			return nil, err
		}
		return arith(opSub, a[0], p)
	}},
	{Name: "symbolCode", Params: []string{"X"}, Kind: Vector, Doc: "The codes of a SYMBOL vector.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, ok := a[0].(*value.Vector)
		if !ok || v.Type() != value.SYMBOL {
			return nil, fmt.Errorf("Usage: symbolCode(X). X must be a SYMBOL vector.")
		}
		return value.NewIntVector(v.Ints()[:v.Len()]), nil
	}},
	{Name: "compose", Params: []string{"first", "second"}, Kind: System, Doc: "The function x -> second(first(x)).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		f, err := argFunc("compose", a[0])
		if err != nil {
			return nil, err
		}
		g, err := argFunc("compose", a[1])
		if err != nil {
			return nil, err
		}
		return &composed{f: f, g: g}, nil
	}},
	{Name: "rowNo", Params: []string{"X"}, Kind: Vector, Doc: "0, 1, ... n-1 for the rows of X.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		idx := make([]int, rowCount(a[0]))
		for i := range idx {
			idx[i] = i
		}
		return idxVec(idx), nil
	}},
	{Name: "bucketCount", Params: []string{"input", "dataRange", "bucketNum", "[includeOutbound]"}, Kind: Vector, Doc: "Counts per bucket.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		b, err := bucketImpl(env, a)
		if err != nil {
			return nil, err
		}
		n, _ := value.ToInt64(a[2])
		size := n
		if len(a) > 3 && argBool(a[3], false) {
			size += 2
		}
		counts := make([]int, size)
		for _, x := range b.(*value.Vector).Ints() {
			if x >= 0 && int64(x) < size {
				counts[x]++
			}
		}
		return idxVec(counts), nil
	}},
}

func registerExtras2(r *Registry) {
	r.Register(extra2Funcs...)
	r.Alias("maxIgnoreNull", "max")
	r.Alias("minIgnoreNull", "min")
	r.Alias("setRandomSeed", "seed")
	r.Alias("deepCopy", "copy")
	r.Alias("datetimeParse", "temporalParse")
	r.Alias("asis", "copy")
}

// composed is compose(f, g): g(f(x...)).
type composed struct{ f, g value.Function }

func (c *composed) Type() value.Type { return value.FUNCTIONDEF }
func (c *composed) Form() value.Form { return value.SCALAR }
func (c *composed) String() string   { return "compose" }
func (c *composed) Name() string     { return "" }
func (c *composed) Call(env value.Env, args []value.Value) (value.Value, error) {
	r, err := env.Call(c.f, args)
	if err != nil {
		return nil, err
	}
	return env.Call(c.g, []value.Value{r})
}

// avgRanks returns average ranks (ties averaged), nulls kept.
func avgRanks(x []float64) []float64 {
	v := doublesVec(x)
	r := rankVec(v, true, 0, true, "average", false, false)
	out, _ := f64s("rank", r)
	return out
}

func windowIdx(isMax bool) func(xs, out []float64, w, mp int) {
	return rawWindowK(func(win []float64, ok bool) float64 {
		if !ok {
			return nullF
		}
		best := -1
		for i, x := range win {
			if x == nullF {
				continue
			}
			if best < 0 || isMax && x >= win[best] || !isMax && x <= win[best] {
				best = i
			}
		}
		if best < 0 {
			return nullF
		}
		return float64(best)
	})
}

func streak(win []float64, top, ok bool) float64 {
	if !ok {
		return nullF
	}
	x := win[len(win)-1]
	c := 0
	for j := len(win) - 2; j >= 0; j-- {
		if win[j] == nullF || top && win[j] >= x || !top && win[j] <= x {
			break
		}
		c++
	}
	return float64(c)
}

func peakImpl(peak bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		xs, err := f64s("isPeak", a[0])
		if err != nil {
			return nil, err
		}
		out := make([]int8, len(xs))
		for i := 1; i+1 < len(xs); i++ {
			p, x, n := xs[i-1], xs[i], xs[i+1]
			if p == nullF || x == nullF || n == nullF {
				continue
			}
			if peak {
				out[i] = b2i(x > p && x > n)
			} else {
				out[i] = b2i(x < p && x < n)
			}
		}
		return boolVec(out), nil
	}
}

func winsorize(inPlace bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("winsorize", a[0])
		if err != nil {
			return nil, err
		}
		xs, err := f64s("winsorize", v)
		if err != nil {
			return nil, err
		}
		lims, err := f64s("winsorize", a[1])
		if err != nil {
			return nil, err
		}
		lo, hi := lims[0], lims[len(lims)-1]
		s := valid(xs)
		slices.Sort(s)
		n := len(s)
		if n == 0 {
			return v, nil
		}
		lv := s[min(n-1, int(math.Round(lo*float64(n))))]
		hv := s[max(0, n-1-int(math.Round(hi*float64(n))))]
		out := doublesVec(xs)
		for i, x := range out.Doubles()[:len(xs)] {
			if x == nullF {
				continue
			}
			out.Doubles()[i] = math.Min(math.Max(x, lv), hv)
		}
		r := fromF64(out, v.Type())
		if inPlace {
			if rv, ok := r.(*value.Vector); ok && rv.Type() == v.Type() {
				return v, overwrite(v, rv)
			}
		}
		return r, nil
	}
}

// cutPointsImpl is cutPoints(X, binNum, [freq]): binNum+1 bounds such that
// the elements of X (each counted freq times) fall evenly into the
// buckets [b(i), b(i+1)). A bound is always a value of X, so equal values
// share a bucket; the last bound is just above the greatest value (max+1
// for numbers, as the manual's cutPoints(2 3 1 4, 2) = [1,3,5]).
func cutPointsImpl(_ value.Env, a []value.Value) (value.Value, error) {
	n, err := argInt("cutPoints", a[1])
	if err != nil {
		return nil, err
	}
	if n <= 0 {
		return nil, fmt.Errorf("Usage: cutPoints(X, binNum, [freq]). binNum must be a positive integer.")
	}
	var freq []float64
	if len(a) > 2 && a[2] != nil {
		if freq, err = f64s("cutPoints", a[2]); err != nil {
			return nil, err
		}
	}
	if v, ok := a[0].(*value.Vector); ok && (v.Type() == value.STRING || v.Type() == value.SYMBOL) {
		ss := make([]string, 0, v.Len())
		var ws []float64
		for i := range v.Len() {
			if !v.IsNullAt(i) {
				ss = append(ss, v.Get(i).String())
				ws = append(ws, weightAt(freq, i))
			}
		}
		if freq != nil && len(freq) != v.Len() {
			return nil, fmt.Errorf("Usage: cutPoints(X, binNum, [freq]). freq must have the size of X.")
		}
		cuts, err := cutBounds(ss, ws, int(n), freq != nil)
		if err != nil {
			return nil, err
		}
		// Just above the greatest string: its last byte plus one (or a
		// NUL appended after 0xFF) exceeds it and everything below it.
		top := []byte(cuts[len(cuts)-1])
		if k := len(top) - 1; k >= 0 && top[k] < 0xFF {
			top[k]++
		} else {
			top = append(top, 0)
		}
		cuts[len(cuts)-1] = string(top)
		out := value.NewStringVector(cuts)
		if v.Type() == value.SYMBOL {
			return value.NewSymbolVector(cuts), nil
		}
		return out, nil
	}
	xs, err := f64s("cutPoints", a[0])
	if err != nil {
		return nil, err
	}
	if freq != nil && len(freq) != len(xs) {
		return nil, fmt.Errorf("Usage: cutPoints(X, binNum, [freq]). freq must have the size of X.")
	}
	var vals, ws []float64
	for i, x := range xs {
		if !math.IsNaN(x) {
			vals = append(vals, x)
			ws = append(ws, weightAt(freq, i))
		}
	}
	cuts, err := cutBounds(vals, ws, int(n), freq != nil)
	if err != nil {
		return nil, err
	}
	cuts[len(cuts)-1]++
	return fromF64(doublesVec(cuts), a[0].Type()), nil
}

func weightAt(freq []float64, i int) float64 {
	if freq == nil || i >= len(freq) {
		return 1
	}
	return freq[i]
}

// cutBounds returns the lower bounds of n buckets of (weighted) xs and
// the greatest value: bucket i starts at the first distinct value whose
// preceding weight reaches i/n of the total. With given weights, xs must
// already be distinct and ascending (the manual's rule for freq).
func cutBounds[T cmp.Ordered](xs []T, ws []float64, n int, weighted bool) ([]T, error) {
	if len(xs) == 0 {
		return nil, fmt.Errorf("Usage: cutPoints(X, binNum, [freq]). X must hold at least one non-null value.")
	}
	if weighted {
		for i := 1; i < len(xs); i++ {
			if !(xs[i-1] < xs[i]) {
				return nil, fmt.Errorf("Usage: cutPoints(X, binNum, [freq]). With freq, X must be unique and sorted in ascending order.")
			}
		}
	} else {
		xs = slices.Clone(xs)
		slices.Sort(xs)
	}
	// Distinct values with their total weights.
	var us []T
	var uw []float64
	for i, x := range xs {
		if len(us) > 0 && us[len(us)-1] == x {
			uw[len(uw)-1] += ws[i]
			continue
		}
		us = append(us, x)
		uw = append(uw, ws[i])
	}
	total := 0.0
	for _, w := range uw {
		total += w
	}
	out := []T{us[0]}
	before, j := 0.0, 0
	for i := 1; i < n; i++ {
		target := total * float64(i) / float64(n)
		for j < len(us) && before < target {
			before += uw[j]
			j++
		}
		if j >= len(us) {
			return nil, fmt.Errorf("cutPoints: X has too few distinct values for %d buckets", n)
		}
		if us[j] == out[len(out)-1] {
			return nil, fmt.Errorf("cutPoints: X has too few distinct values for %d buckets", n)
		}
		out = append(out, us[j])
	}
	return append(out, us[len(us)-1]), nil
}
