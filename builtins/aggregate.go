// This file declares the basic aggregates sum avg max min first last.
// Aggregates skip nulls; an all-null input gives null; a matrix
// aggregates per column, a table per column.

package builtins

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

var aggregateFuncs = []*Func{
	{Name: "sum", Params: []string{"X"}, Kind: Aggregate, Doc: "Sum ignoring nulls (integral: LONG, else DOUBLE).", Impl: aggImpl(aggSum)},
	{Name: "avg", Params: []string{"X"}, Kind: Aggregate, Doc: "Mean ignoring nulls, DOUBLE.", Impl: aggImpl(aggAvg)},
	{Name: "max", Params: []string{"X", "[Y]"}, Kind: Aggregate, Doc: "Maximum ignoring nulls; with Y, element-wise maximum.", Impl: minMaxImpl(true)},
	{Name: "min", Params: []string{"X", "[Y]"}, Kind: Aggregate, Doc: "Minimum ignoring nulls; with Y, element-wise minimum.", Impl: minMaxImpl(false)},
	{Name: "first", Params: []string{"X"}, Kind: Aggregate, Doc: "First element (null included); a table's first row.", Impl: fn1(func(x value.Value) (value.Value, error) { return endElem(x, true) })},
	{Name: "last", Params: []string{"X"}, Kind: Aggregate, Doc: "Last element (null included); a table's last row.", Impl: fn1(func(x value.Value) (value.Value, error) { return endElem(x, false) })},
}

func registerAggregate(r *Registry) {
	r.Register(aggregateFuncs...)
	r.Alias("mean", "avg")
}

// aggImpl lifts a vector aggregate to scalars, matrices (per column) and
// tables (per column, as a one-row... dictionary-like tuple).
func aggImpl(f func(v *value.Vector) (value.Value, error)) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) { return aggregate(a[0], f) }
}

func aggregate(x value.Value, f func(v *value.Vector) (value.Value, error)) (value.Value, error) {
	switch v := x.(type) {
	case *value.Matrix:
		rs := make([]value.Value, v.Cols())
		for c := range rs {
			r, err := f(v.Column(c))
			if err != nil {
				return nil, err
			}
			rs[c] = r
		}
		return value.MakeVector(rs), nil
	case *value.Table:
		rs := make([]value.Value, v.NumCols())
		for c := range rs {
			r, err := f(v.Column(c))
			if err != nil {
				return nil, err
			}
			rs[c] = r
		}
		return value.NewTable(v.Names(), []value.Value(func() []value.Value {
			out := make([]value.Value, len(rs))
			for i, r := range rs {
				out[i] = toVector(r)
			}
			return out
		}()))
	case *value.Vector:
		if v.Type() == value.ANY {
			return nil, fmt.Errorf("The aggregate function doesn't support ANY VECTOR")
		}
		return f(v)
	}
	return f(toVector(x))
}

// sumOf returns the sum and count of non-null elements of a numeric vector.
func sumOf[S num](s []S, null S) (float64, int64, int) {
	var f float64
	var i int64
	n := 0
	for _, x := range s {
		if x != null {
			f += float64(x)
			i += int64(x)
			n++
		}
	}
	return f, i, n
}

func vecSum(v *value.Vector) (f float64, i int64, n int, ok bool) {
	o := operand{t: v.Type(), vec: v}
	switch kindOf(v.Type()) {
	case kI8:
		f, i, n = sumOf(as[int8](&o, false), value.NullChar)
	case kI16:
		f, i, n = sumOf(as[int16](&o, false), value.NullShort)
	case kI32:
		f, i, n = sumOf(as[int32](&o, false), value.NullInt)
	case kI64:
		f, i, n = sumOf(as[int64](&o, false), value.NullLong)
	case kF32:
		f, i, n = sumOf(as[float32](&o, false), value.NullFloat)
	case kF64:
		f, i, n = sumOf(as[float64](&o, false), value.NullDouble)
	default:
		if v.Type() == value.VOID {
			return 0, 0, 0, true
		}
		return 0, 0, 0, false
	}
	return f, i, n, true
}

func aggSum(v *value.Vector) (value.Value, error) {
	f, i, n, ok := vecSum(v)
	if !ok || v.Type().IsTemporal() {
		return nil, fmt.Errorf("sum: the argument must be numeric, not %s", v.Type())
	}
	if isIntegral(v.Type()) || v.Type() == value.VOID {
		if n == 0 {
			return value.Long(value.NullLong), nil
		}
		return value.Long(i), nil
	}
	if n == 0 {
		return value.Double(value.NullDouble), nil
	}
	return value.Double(f), nil
}

func aggAvg(v *value.Vector) (value.Value, error) {
	f, _, n, ok := vecSum(v)
	if !ok {
		return nil, fmt.Errorf("avg: the argument must be numeric, not %s", v.Type())
	}
	if n == 0 {
		return value.Double(value.NullDouble), nil
	}
	return value.Double(f / float64(n)), nil
}

func minMaxImpl(isMax bool) Impl {
	op := opLt
	if isMax {
		op = opGt
	}
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		if len(a) == 2 && a[1] != nil {
			// Element-wise: pick X where X op Y (nulls lose), else Y.
			c, err := compareValues(op, a[0], a[1])
			if err != nil {
				return nil, err
			}
			return iif(c, a[0], a[1], true)
		}
		return aggregate(a[0], func(v *value.Vector) (value.Value, error) {
			var best value.Value
			for i := range v.Len() {
				if v.IsNullAt(i) {
					continue
				}
				e := v.Get(i)
				if best == nil {
					best = e
					continue
				}
				c, err := compareValues(op, e, best)
				if err != nil {
					return nil, err
				}
				if argBool(c, false) {
					best = e
				}
			}
			if best == nil {
				return value.NullOf(v.Type()), nil
			}
			return best, nil
		})
	}
}

// iif selects X where cond is true, else Y, element-wise. With
// skipNull, a null X or Y loses to the other (max/min).
func iif(cond, x, y value.Value, skipNull bool) (value.Value, error) {
	if cond.Form() == value.SCALAR {
		if skipNull && value.IsNull(y) {
			return x, nil
		}
		if skipNull && value.IsNull(x) {
			return y, nil
		}
		if argBool(cond, false) {
			return x, nil
		}
		return y, nil
	}
	cv := toVector(cond)
	rs := make([]value.Value, cv.Len())
	for i := range rs {
		r, err := iif(cv.Get(i), elemOf(x, i), elemOf(y, i), skipNull)
		if err != nil {
			return nil, err
		}
		rs[i] = r
	}
	return value.MakeVector(rs), nil
}

func endElem(x value.Value, first bool) (value.Value, error) {
	n := sizeOf(x)
	i := 0
	if !first {
		i = n - 1
	}
	switch v := x.(type) {
	case *value.Vector:
		if n == 0 {
			return value.NullOf(v.Type()), nil
		}
		return v.Get(i), nil
	case *value.Table:
		if n == 0 {
			return value.Void{}, nil
		}
		return v.Row(i), nil
	case *value.Matrix:
		return v.Row(map[bool]int{true: 0, false: v.Rows() - 1}[first]), nil
	case *value.Pair:
		return v.Get(i), nil
	}
	return x, nil
}
