// This file declares indexed series and indexed matrices (indexedSeries
// setIndexedMatrix! setIndexedSeries! isIndexedSeries isIndexedMatrix),
// matrix label access (rowNames colNames), numerical integration
// (integral), and the time-based windows that m* functions and move take
// on an indexed series or matrix with a DURATION window.

package builtins

import (
	"fmt"
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

var indexedFuncs = []*Func{
	{Name: "indexedSeries", Params: []string{"index", "value"}, Kind: System, Doc: "A one-column matrix labelled by an ascending index.", Impl: indexedSeriesImpl},
	{Name: "setIndexedMatrix!", Params: []string{"X", "[on]"}, Kind: System, Doc: "Marks a matrix with ascending row labels as an indexed matrix (on=false clears).", Impl: setIndexedImpl("setIndexedMatrix!", value.IndexedMatrix)},
	{Name: "setIndexedSeries!", Params: []string{"X", "[on]"}, Kind: System, Doc: "Marks a one-column labelled matrix as an indexed series (on=false clears).", Impl: setIndexedImpl("setIndexedSeries!", value.IndexedSeries)},
	{Name: "isIndexedMatrix", Params: []string{"X"}, Kind: System, Doc: "Whether X is an indexed matrix.", Impl: fn1(func(x value.Value) (value.Value, error) {
		m, ok := x.(*value.Matrix)
		return value.Bool(b2i(ok && m.Indexed() == value.IndexedMatrix)), nil
	})},
	{Name: "isIndexedSeries", Params: []string{"X"}, Kind: System, Doc: "Whether X is an indexed series.", Impl: fn1(func(x value.Value) (value.Value, error) {
		m, ok := x.(*value.Matrix)
		return value.Bool(b2i(ok && m.Indexed() == value.IndexedSeries)), nil
	})},
	{Name: "rowNames", Params: []string{"X"}, Kind: System, Doc: "Row labels of a matrix (NULL when it has none).", Impl: fn1(func(x value.Value) (value.Value, error) {
		m, ok := x.(*value.Matrix)
		if !ok {
			return nil, fmt.Errorf("Usage: rowNames(X). X must be a matrix.")
		}
		if l := m.RowLabels(); l != nil {
			return l, nil
		}
		return value.Void{}, nil
	})},
	{Name: "colNames", Params: []string{"X"}, Kind: System, Doc: "Column labels of a matrix (NULL when it has none) or column names of a table.", Impl: fn1(func(x value.Value) (value.Value, error) {
		switch m := x.(type) {
		case *value.Matrix:
			if l := m.ColLabels(); l != nil {
				return l, nil
			}
			return value.Void{}, nil
		case *value.Table:
			return strVector(m.Names()), nil
		}
		return nil, fmt.Errorf("Usage: colNames(X). X must be a matrix or a table.")
	})},
	{Name: "integral", Params: []string{"func", "start", "end", "[start2]", "[end2]"}, Kind: System, Doc: "Definite integral of a unary (or, with start2/end2, binary) function; bounds may be infinite.", Impl: integralImpl},
}

func strVector(ss []string) *value.Vector {
	v := value.NewVector(value.STRING, len(ss))
	copy(v.Strings(), ss)
	return v
}

func registerIndexed(r *Registry) {
	r.Register(indexedFuncs...)
	// m*(X, window) on an indexed series/matrix with a DURATION window uses
	// the row labels as the time column, as tm*(labels, X, window) does.
	for _, name := range []string{"msum", "mavg", "mcount", "mmax", "mmin", "mmed", "mstd", "mstdp", "mvar", "mvarp", "mprod", "msum2", "mskew", "mkurtosis"} {
		m, ok1 := r.Lookup(name)
		tm, ok2 := r.Lookup("t" + name)
		if !ok1 || !ok2 {
			continue
		}
		wrapIndexed(m, func(env value.Env, labels, col *value.Vector, w value.Value) (value.Value, error) {
			return tm.Decl.Impl(env, []value.Value{labels, col, w})
		})
	}
	for _, name := range []string{"mfirst", "mlast"} {
		m, ok := r.Lookup(name)
		if !ok {
			continue
		}
		last := name == "mlast"
		wrapIndexed(m, func(_ value.Env, labels, col *value.Vector, w value.Value) (value.Value, error) {
			lo, err := timeWindows(name, labels, w, false)
			if err != nil {
				return nil, err
			}
			idx := make([]int, len(lo))
			for i := range idx {
				idx[i] = lo[i]
				if last {
					idx[i] = i
				}
			}
			return col.Gather(idx), nil
		})
	}
	if m, ok := r.Lookup("move"); ok {
		wrapIndexed(m, func(_ value.Env, labels, col *value.Vector, w value.Value) (value.Value, error) {
			// move(X, duration): the value as of T[i] - duration.
			ts := i64s(labels)
			span, err := durationUnits(w, labels.Type())
			if err != nil {
				return nil, err
			}
			idx := make([]int, len(ts))
			j := -1
			for i, t := range ts {
				for j+1 < len(ts) && ts[j+1] <= t-span {
					j++
				}
				idx[i] = j
			}
			return col.Gather(idx), nil
		})
	}
}

// wrapIndexed makes b take an indexed series/matrix with a DURATION second
// argument column by column through f(labels, column, window).
func wrapIndexed(b *Builtin, f func(env value.Env, labels, col *value.Vector, w value.Value) (value.Value, error)) {
	plain := b.Decl.Impl
	b.Decl.Impl = func(env value.Env, a []value.Value) (value.Value, error) {
		m, ok := a[0].(*value.Matrix)
		if !ok || m.Indexed() == value.NotIndexed || len(a) < 2 {
			return plain(env, a)
		}
		if _, dur := a[1].(value.Duration); !dur {
			return plain(env, a)
		}
		labels := m.RowLabels()
		cols := make([]value.Value, m.Cols())
		for c := range cols {
			r, err := f(env, labels, m.Column(c), a[1])
			if err != nil {
				return nil, err
			}
			cols[c] = r
		}
		out, ok := assemble(cols).(*value.Matrix)
		if !ok {
			return nil, fmt.Errorf("%s: unexpected result on an indexed matrix", b.Decl.Name)
		}
		if err := out.SetRowLabels(labels); err != nil {
			return nil, err
		}
		if l := m.ColLabels(); l != nil {
			_ = out.SetColLabels(l)
		}
		return out, out.SetIndexed(m.Indexed())
	}
}

// checkIndex verifies that an index is strictly ascending.
func checkIndex(name string, v *value.Vector) error {
	if !v.Type().IsTemporal() && !isIntegral(v.Type()) && v.Type() != value.SYMBOL && v.Type() != value.STRING {
		return fmt.Errorf("%s: the index must be temporal, integral or literal", name)
	}
	if isLiteral(v.Type()) {
		ss := vecStrings(v)
		for i := 1; i < len(ss); i++ {
			if ss[i-1] >= ss[i] {
				return fmt.Errorf("%s: the index must be strictly increasing", name)
			}
		}
		return nil
	}
	xs := i64s(v)
	for i := 1; i < len(xs); i++ {
		if xs[i-1] >= xs[i] {
			return fmt.Errorf("%s: the index must be strictly increasing", name)
		}
	}
	return nil
}

func indexedSeriesImpl(_ value.Env, a []value.Value) (value.Value, error) {
	idx, ok := a[0].(*value.Vector)
	if !ok || idx.Type() == value.ANY {
		return nil, fmt.Errorf("Usage: indexedSeries(index, value). index must be a vector.")
	}
	if err := checkIndex("indexedSeries", idx); err != nil {
		return nil, err
	}
	var m *value.Matrix
	switch v := a[1].(type) {
	case *value.Vector:
		if v.Len() != idx.Len() {
			return nil, sizeMismatch(idx.Len(), v.Len())
		}
		var err error
		if m, err = value.FromVector(v.Slice(0, v.Len()), v.Len(), 1); err != nil {
			return nil, err
		}
	case *value.Matrix:
		if v.Cols() != 1 || v.Rows() != idx.Len() {
			return nil, fmt.Errorf("Usage: indexedSeries(index, value). value must be a vector or a one-column matrix as long as index.")
		}
		m = v.Clone()
	default:
		return nil, fmt.Errorf("Usage: indexedSeries(index, value). value must be a vector.")
	}
	if err := m.SetRowLabels(idx); err != nil {
		return nil, err
	}
	return m, m.SetIndexed(value.IndexedSeries)
}

func setIndexedImpl(name string, k value.Indexing) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		m, ok := a[0].(*value.Matrix)
		if !ok {
			return nil, fmt.Errorf("Usage: %s(X, [on=true]). X must be a matrix.", name)
		}
		if len(a) > 1 && a[1] != nil && !argBool(a[1], true) {
			return m, m.SetIndexed(value.NotIndexed)
		}
		if l := m.RowLabels(); l != nil {
			if err := checkIndex(name, l); err != nil {
				return nil, err
			}
		}
		return m, m.SetIndexed(k)
	}
}

// integralImpl integrates func over [start, end] (and, with start2/end2,
// over y in [start2, end2] for each x, where start2/end2 may be functions
// of x) by adaptive Simpson quadrature; infinite bounds are mapped onto a
// finite interval.
func integralImpl(env value.Env, a []value.Value) (value.Value, error) {
	f, err := argFunc("integral", a[0])
	if err != nil {
		return nil, err
	}
	var ferr error
	call := func(args ...float64) float64 {
		if ferr != nil {
			return 0
		}
		vs := make([]value.Value, len(args))
		for i, x := range args {
			vs[i] = value.Double(x)
		}
		r, err := env.Call(f, vs)
		if err != nil {
			ferr = err
			return 0
		}
		y, ok := value.ToFloat64(r)
		if !ok || value.IsNull(r) {
			return math.NaN()
		}
		return y
	}
	two := len(a) > 4 && a[3] != nil && a[4] != nil
	one := func(lo, hi float64) (float64, error) {
		if !two {
			return quad(func(x float64) float64 { return call(x) }, lo, hi), ferr
		}
		inner := func(x float64) float64 {
			lo2, hi2, err := innerBounds(env, a[3], a[4], x)
			if err != nil {
				ferr = err
				return 0
			}
			return quad(func(y float64) float64 { return call(x, y) }, lo2, hi2)
		}
		return quad(inner, lo, hi), ferr
	}
	los, his := elems(a[1]), elems(a[2])
	if a[1].Form() == value.SCALAR && a[2].Form() == value.SCALAR {
		lo, ok1 := value.ToFloat64(a[1])
		hi, ok2 := value.ToFloat64(a[2])
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("Usage: integral(func, start, end, [start2], [end2]). start and end must be numeric.")
		}
		r, err := one(lo, hi)
		if err != nil {
			return nil, err
		}
		return value.Double(nanNull(r)), nil
	}
	n := max(len(los), len(his))
	out, res := newDoubles(n)
	for i := range n {
		lo, ok1 := value.ToFloat64(los[min(i, len(los)-1)])
		hi, ok2 := value.ToFloat64(his[min(i, len(his)-1)])
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("Usage: integral(func, start, end, [start2], [end2]). start and end must be numeric.")
		}
		r, err := one(lo, hi)
		if err != nil {
			return nil, err
		}
		res[i] = nanNull(r)
	}
	return out, nil
}

func innerBounds(env value.Env, s, e value.Value, x float64) (float64, float64, error) {
	get := func(v value.Value) (float64, error) {
		if g, ok := v.(value.Function); ok {
			r, err := env.Call(g, []value.Value{value.Double(x)})
			if err != nil {
				return 0, err
			}
			v = r
		}
		y, ok := value.ToFloat64(v)
		if !ok {
			return 0, fmt.Errorf("Usage: integral(func, start, end, [start2], [end2]). start2 and end2 must be numeric or functions.")
		}
		return y, nil
	}
	lo, err := get(s)
	if err != nil {
		return 0, 0, err
	}
	hi, err := get(e)
	return lo, hi, err
}

func nanNull(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nullF
	}
	return x
}

// quad integrates f over [a, b]; infinite ends are handled by the
// substitution x = t / (1 - t^2) on (-1, 1).
func quad(f func(float64) float64, a, b float64) float64 {
	if a == b {
		return 0
	}
	if a > b {
		return -quad(f, b, a)
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		ta, tb := -1.0, 1.0
		if !math.IsInf(a, -1) {
			ta = inverseSub(a)
		}
		if !math.IsInf(b, 1) {
			tb = inverseSub(b)
		}
		g := func(t float64) float64 {
			d := 1 - t*t
			if d <= 0 {
				return 0
			}
			x := t / d
			y := f(x) * (1 + t*t) / (d * d)
			if math.IsNaN(y) || math.IsInf(y, 0) {
				return 0
			}
			return y
		}
		// Stay off the singular ends.
		eps := 1e-9
		return quad(g, max(ta, -1+eps), min(tb, 1-eps))
	}
	fa, fm, fb := f(a), f((a+b)/2), f(b)
	whole := (b - a) / 6 * (fa + 4*fm + fb)
	return simpson(f, a, b, fa, fm, fb, whole, 1e-10, 50)
}

// inverseSub solves x = t / (1 - t^2) for t in (-1, 1).
func inverseSub(x float64) float64 {
	if x == 0 {
		return 0
	}
	return (-1 + math.Sqrt(1+4*x*x)) / (2 * x)
}

func simpson(f func(float64) float64, a, b, fa, fm, fb, whole, eps float64, depth int) float64 {
	m := (a + b) / 2
	lm, rm := (a+m)/2, (m+b)/2
	flm, frm := f(lm), f(rm)
	left := (m - a) / 6 * (fa + 4*flm + fm)
	right := (b - m) / 6 * (fm + 4*frm + fb)
	d := left + right - whole
	if depth <= 0 || math.Abs(d) <= 15*eps {
		return left + right + d/15
	}
	return simpson(f, a, m, fa, flm, fm, left, eps/2, depth-1) + simpson(f, m, b, fm, frm, fb, right, eps/2, depth-1)
}
