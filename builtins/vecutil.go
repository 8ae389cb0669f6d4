// This file defines helpers the vector families share: numeric views of a
// vector as []float64 / []int64 with DolphinDB nulls, ordering keys for
// sorting, result construction, and argument checks in DolphinDB's words.

package builtins

import (
	"fmt"
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

const nullF = value.NullDouble

// isNumLike reports whether t computes as a number: logical, integral,
// floating, temporal or decimal.
func isNumLike(t value.Type) bool {
	switch kindOf(t) {
	case kI8, kI16, kI32, kI64, kF32, kF64:
		return true
	}
	return t == value.VOID
}

// f64s returns a numeric vector (or scalar) as []float64, nulls mapped to
// NullDouble. A DOUBLE vector is returned without a copy: read-only.
func f64s(fn string, x value.Value) ([]float64, error) {
	o := newOperand(x)
	if o.t.IsDecimal() {
		d, err := decimalToDouble(&o)
		if err != nil {
			return nil, err
		}
		o = newOperand(d)
	}
	if !isNumLike(o.t) {
		return nil, fmt.Errorf("The function [%s] expects numeric arguments, but the actual type is %s", fn, o.t)
	}
	return as[float64](&o, false), nil
}

// i64s returns an integral or temporal operand as []int64 with NullLong.
func i64s(x value.Value) []int64 {
	o := newOperand(x)
	return as[int64](&o, false)
}

// newDoubles allocates a DOUBLE vector of n elements and returns its storage.
func newDoubles(n int) (*value.Vector, []float64) {
	v := value.NewVector(value.DOUBLE, n)
	return v, v.Doubles()[:n]
}

// doublesVec wraps a computed []float64 as a DOUBLE vector (copying).
func doublesVec(s []float64) *value.Vector {
	v, out := newDoubles(len(s))
	copy(out, s)
	return v
}

// doubleScalar boxes f, NaN and NullDouble as a DOUBLE null.
func doubleScalar(f float64) value.Value {
	if math.IsNaN(f) || f == nullF {
		return value.Double(nullF)
	}
	return value.Double(f)
}

// nanToNull replaces NaN by NullDouble in place.
func nanToNull(s []float64) {
	for i, x := range s {
		if x != x {
			s[i] = nullF
		}
	}
}

// fromF64 converts a DOUBLE vector back to integral/temporal type t,
// keeping nulls; floating and other types return v.
func fromF64(v *value.Vector, t value.Type) value.Value {
	if t == value.DOUBLE || !isNumLike(t) || t == value.VOID {
		return v
	}
	r, err := value.Cast(v, t)
	if err != nil {
		return v
	}
	return r
}

// vecOf returns x as a vector (scalars as one element) and whether x was
// a scalar.
func vecOf(x value.Value) (*value.Vector, bool) {
	if v, ok := x.(*value.Vector); ok {
		return v, false
	}
	return toVector(x), x.Form() == value.SCALAR
}

// intArg decodes an optional integral scalar argument; def when skipped.
func intArg(fn string, a []value.Value, i int, def int64) (int64, error) {
	if i >= len(a) || a[i] == nil || a[i].Type() == value.VOID {
		return def, nil
	}
	if a[i].Form() != value.SCALAR || !isIntegral(a[i].Type()) && a[i].Type() != value.DOUBLE && a[i].Type() != value.FLOAT {
		return 0, fmt.Errorf("Usage: %s. The argument must be an integer scalar.", fn)
	}
	x, _ := value.ToInt64(a[i])
	return x, nil
}

// floatArg decodes an optional numeric scalar argument.
func floatArg(fn string, a []value.Value, i int, def float64) (float64, error) {
	if i >= len(a) || a[i] == nil || a[i].Type() == value.VOID {
		return def, nil
	}
	x, ok := value.ToFloat64(a[i])
	if !ok || a[i].Form() != value.SCALAR {
		return 0, fmt.Errorf("Usage: %s. The argument must be a numeric scalar.", fn)
	}
	return x, nil
}

// strArg decodes an optional literal scalar argument.
func strArg(a []value.Value, i int, def string) string {
	if i >= len(a) || a[i] == nil || a[i].Type() == value.VOID {
		return def
	}
	return a[i].String()
}

// ordKeys is a vector's elements in one of three comparable
// representations; nulls are each representation's minimum, so ordering
// puts them first as DolphinDB does.
type ordKeys struct {
	i []int64
	f []float64
	s []string
}

func keysOfVec(v *value.Vector) ordKeys {
	switch kindOf(v.Type()) {
	case kF32, kF64:
		o := operand{t: v.Type(), vec: v}
		return ordKeys{f: as[float64](&o, false)}
	case kStr:
		return ordKeys{s: vecStrings(v)}
	case kI8, kI16, kI32, kI64:
		o := operand{t: v.Type(), vec: v}
		return ordKeys{i: as[int64](&o, false)}
	}
	out := make([]string, v.Len())
	for i := range out {
		out[i] = v.Get(i).String()
	}
	return ordKeys{s: out}
}

func (k ordKeys) len() int {
	switch {
	case k.i != nil:
		return len(k.i)
	case k.f != nil:
		return len(k.f)
	}
	return len(k.s)
}

// isNullAt reports whether element i is null.
func (k ordKeys) isNullAt(i int) bool {
	switch {
	case k.i != nil:
		return k.i[i] == value.NullLong
	case k.f != nil:
		return k.f[i] == nullF
	}
	return k.s[i] == ""
}

// less compares elements i and j.
func (k ordKeys) less(i, j int) bool {
	switch {
	case k.i != nil:
		return k.i[i] < k.i[j]
	case k.f != nil:
		return k.f[i] < k.f[j]
	}
	return k.s[i] < k.s[j]
}

func (k ordKeys) eq(i, j int) bool {
	switch {
	case k.i != nil:
		return k.i[i] == k.i[j]
	case k.f != nil:
		return k.f[i] == k.f[j]
	}
	return k.s[i] == k.s[j]
}

// hashKey returns element i as a map key.
func (k ordKeys) hashKey(i int) any {
	switch {
	case k.i != nil:
		return k.i[i]
	case k.f != nil:
		return k.f[i]
	}
	return k.s[i]
}

// tupleKeys returns the keys of a tuple of equal-length vectors (a
// columnar tuple such as [id, val]): the elements at one position form
// one key. ok is false when x is not such a tuple.
func tupleKeys(fn string, x value.Value) (k ordKeys, ok bool, err error) {
	t, isVec := x.(*value.Vector)
	if !isVec || t.Type() != value.ANY || t.Len() == 0 {
		return ordKeys{}, false, nil
	}
	cols := make([]ordKeys, t.Len())
	n := -1
	for i, e := range t.Elems() {
		v, isVec := e.(*value.Vector)
		if !isVec || v.Type() == value.ANY {
			return ordKeys{}, false, nil
		}
		if n >= 0 && v.Len() != n {
			return ordKeys{}, true, fmt.Errorf("The function [%s] expects a tuple of vectors of the same length", fn)
		}
		n = v.Len()
		cols[i] = keysOfVec(v)
	}
	keys := make([]string, n)
	var b []byte
	for r := range keys {
		b = b[:0]
		for _, c := range cols {
			b = fmt.Append(b, c.hashKey(r))
			b = append(b, 0)
		}
		keys[r] = string(b)
	}
	return ordKeys{s: keys}, true, nil
}

// vecArg returns x as a vector or DolphinDB's usage error.
func vecArg(fn string, x value.Value) (*value.Vector, error) {
	switch v := x.(type) {
	case *value.Vector:
		return v, nil
	case *value.Pair:
		return v.Vector(), nil
	}
	return nil, fmt.Errorf("The function [%s] expects a vector argument, but the actual argument is %s", fn, value.TypeStr(x))
}

// perColumn applies a vector function to each column of a matrix (keeping
// its shape) or a table (same names), else to the vector itself.
func perColumn(x value.Value, f func(v *value.Vector) (value.Value, error)) (value.Value, error) {
	switch m := x.(type) {
	case *value.Matrix:
		cols := make([]value.Value, m.Cols())
		for c := range cols {
			r, err := f(m.Column(c))
			if err != nil {
				return nil, err
			}
			cols[c] = r
		}
		out := assemble(cols)
		if mm, ok := out.(*value.Matrix); ok {
			if l := m.RowLabels(); l != nil && mm.Rows() == m.Rows() {
				_ = mm.SetRowLabels(l)
			}
			if l := m.ColLabels(); l != nil {
				_ = mm.SetColLabels(l)
			}
			if mm.Rows() == m.Rows() {
				_ = mm.SetIndexed(m.Indexed())
			}
		}
		return out, nil
	case *value.Table:
		cols := make([]value.Value, m.NumCols())
		for c := range cols {
			r, err := f(m.Column(c))
			if err != nil {
				return nil, err
			}
			cols[c] = r
		}
		return value.NewTable(append([]string{}, m.Names()...), cols)
	case *value.Vector:
		if m.Type() == value.ANY {
			es := m.Elems()
			out := make([]value.Value, len(es))
			for i, e := range es {
				r, err := perColumn(e, f)
				if err != nil {
					return nil, err
				}
				out[i] = r
			}
			return value.NewTuple(out), nil
		}
		return f(m)
	}
	v, scalar := vecOf(x)
	r, err := f(v)
	if err != nil || !scalar {
		return r, err
	}
	if rv, ok := r.(*value.Vector); ok && rv.Len() == 1 {
		return rv.Get(0), nil
	}
	return r, nil
}

// idxVec makes an INT vector of indices.
func idxVec(idx []int) *value.Vector {
	v := value.NewVector(value.INT, len(idx))
	out := v.Ints()
	for i, x := range idx {
		out[i] = int32(x)
	}
	return v
}

// boolVec makes a BOOL vector.
func boolVec(b []int8) *value.Vector { return value.NewBoolVector(b) }
