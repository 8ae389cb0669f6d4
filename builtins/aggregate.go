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

// sumFloat sums the non-null elements with four accumulators.
func sumFloat[C ~float32 | ~float64](s []C, null C) (float64, int) {
	var s0, s1, s2, s3 float64
	var n0, n1, n2, n3 int
	i := 0
	for ; i+4 <= len(s); i += 4 {
		x0, x1, x2, x3 := s[i], s[i+1], s[i+2], s[i+3]
		if x0 != null {
			s0 += float64(x0)
			n0++
		}
		if x1 != null {
			s1 += float64(x1)
			n1++
		}
		if x2 != null {
			s2 += float64(x2)
			n2++
		}
		if x3 != null {
			s3 += float64(x3)
			n3++
		}
	}
	for ; i < len(s); i++ {
		if s[i] != null {
			s0 += float64(s[i])
			n0++
		}
	}
	return (s0 + s1) + (s2 + s3), n0 + n1 + n2 + n3
}

// sumInt sums the non-null elements of an integral slice in int64.
func sumInt[C integer](s []C, null C) (int64, int) {
	var s0, s1 int64
	var n0, n1 int
	i := 0
	for ; i+2 <= len(s); i += 2 {
		x0, x1 := s[i], s[i+1]
		if x0 != null {
			s0 += int64(x0)
			n0++
		}
		if x1 != null {
			s1 += int64(x1)
			n1++
		}
	}
	for ; i < len(s); i++ {
		if s[i] != null {
			s0 += int64(s[i])
			n0++
		}
	}
	return s0 + s1, n0 + n1
}

func vecSum(v *value.Vector) (f float64, i int64, n int, ok bool) {
	switch kindOf(v.Type()) {
	case kI8:
		i, n = sumInt(view[int8](v), value.NullChar)
	case kI16:
		i, n = sumInt(view[int16](v), value.NullShort)
	case kI32:
		i, n = sumInt(view[int32](v), value.NullInt)
	case kI64:
		i, n = sumInt(view[int64](v), value.NullLong)
	case kF32:
		f, n = sumFloat(view[float32](v), value.NullFloat)
		return f, 0, n, true
	case kF64:
		f, n = sumFloat(view[float64](v), value.NullDouble)
		return f, 0, n, true
	default:
		if v.Type() == value.VOID {
			return 0, 0, 0, true
		}
		return 0, 0, 0, false
	}
	return float64(i), i, n, true
}

func aggSum(v *value.Vector) (value.Value, error) {
	if v.Type().IsDecimal() {
		d, err := decimalToDouble(&operand{t: v.Type(), scale: v.Scale(), vec: v})
		if err != nil {
			return nil, err
		}
		return aggSum(toVector(d))
	}
	f, i, n, ok := vecSum(v)
	if !ok || v.Type().IsTemporal() {
		return nil, fmt.Errorf("The function [sum] expects numeric arguments, but the actual type is %s", v.Type())
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
	if v.Type().IsDecimal() {
		d, err := decimalToDouble(&operand{t: v.Type(), scale: v.Scale(), vec: v})
		if err != nil {
			return nil, err
		}
		return aggAvg(toVector(d))
	}
	f, _, n, ok := vecSum(v)
	if !ok {
		return nil, fmt.Errorf("The function [avg] expects numeric arguments, but the actual type is %s", v.Type())
	}
	if n == 0 {
		return value.Double(value.NullDouble), nil
	}
	return value.Double(f / float64(n)), nil
}

// maxOf returns the maximum; null is every type's minimum sentinel, so an
// all-null input yields null with no test in the loop.
func maxOf[C ordered](s []C, null C) C {
	m0, m1, m2, m3 := null, null, null, null
	i := 0
	for ; i+4 <= len(s); i += 4 {
		if x := s[i]; x > m0 {
			m0 = x
		}
		if x := s[i+1]; x > m1 {
			m1 = x
		}
		if x := s[i+2]; x > m2 {
			m2 = x
		}
		if x := s[i+3]; x > m3 {
			m3 = x
		}
	}
	for ; i < len(s); i++ {
		if s[i] > m0 {
			m0 = s[i]
		}
	}
	if m1 > m0 {
		m0 = m1
	}
	if m2 > m0 {
		m0 = m2
	}
	if m3 > m0 {
		m0 = m3
	}
	return m0
}

// minOf returns the minimum non-null element, or null.
func minOf[C ordered](s []C, null C) C {
	m, found := null, false
	for _, x := range s {
		if x != null && (!found || x < m) {
			m, found = x, true
		}
	}
	return m
}

// extreme is max/min over one vector, keeping its type.
func extreme(v *value.Vector, isMax bool) (value.Value, error) {
	t, sc := v.Type(), v.Scale()
	switch kindOf(t) {
	case kI8:
		return pickExt(t, sc, view[int8](v), value.NullChar, isMax), nil
	case kI16:
		return pickExt(t, sc, view[int16](v), value.NullShort, isMax), nil
	case kI32:
		if t == value.SYMBOL {
			break
		}
		return pickExt(t, sc, view[int32](v), value.NullInt, isMax), nil
	case kI64:
		return pickExt(t, sc, view[int64](v), value.NullLong, isMax), nil
	case kF32:
		return pickExt(t, sc, view[float32](v), value.NullFloat, isMax), nil
	case kF64:
		return pickExt(t, sc, view[float64](v), value.NullDouble, isMax), nil
	}
	if kindOf(t) == kStr {
		s := vecStrings(v)
		var r string
		if isMax {
			r = maxOf(s, "")
		} else {
			r = minOf(s, "")
		}
		return boxString(t, r), nil
	}
	if t == value.VOID {
		return value.Void{}, nil
	}
	return nil, fmt.Errorf("The function [max] doesn't support %s", value.TypeStr(v))
}

func pickExt[C num](t value.Type, scale int32, s []C, null C, isMax bool) value.Value {
	var r C
	if isMax {
		r = maxOf(s, null)
	} else {
		r = minOf(s, null)
	}
	return box(t, r, scale)
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
		if isTuple(a[0]) {
			es := elems(a[0])
			if len(es) == 0 {
				return value.Void{}, nil
			}
			acc := es[0]
			for _, e := range es[1:] {
				c, err := compareValues(op, e, acc)
				if err != nil {
					return nil, err
				}
				if acc, err = iif(c, e, acc, true); err != nil {
					return nil, err
				}
			}
			return acc, nil
		}
		return aggregate(a[0], func(v *value.Vector) (value.Value, error) { return extreme(v, isMax) })
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
