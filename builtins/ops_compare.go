// This file declares the comparison operators eq ne lt le gt ge. Nulls
// compare as the minimum of their type and results are never null
// (language.md §5.4); STRING and SYMBOL compare lexicographically.

package builtins

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

var compareFuncs = []*Func{
	{Name: "eq", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X == Y element-wise.", Impl: cmpImpl(opEq)},
	{Name: "ne", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X != Y element-wise.", Impl: cmpImpl(opNe)},
	{Name: "lt", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X < Y element-wise.", Impl: cmpImpl(opLt)},
	{Name: "le", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X <= Y element-wise.", Impl: cmpImpl(opLe)},
	{Name: "gt", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X > Y element-wise.", Impl: cmpImpl(opGt)},
	{Name: "ge", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X >= Y element-wise.", Impl: cmpImpl(opGe)},
}

func registerCompare(r *Registry) { r.Register(compareFuncs...) }

// cmpOp holds a comparison's kernel per compute type.
type cmpOp struct {
	name string
	i8   func(a, b []int8, out []int8, ma, mb int)
	i16  func(a, b []int16, out []int8, ma, mb int)
	i32  func(a, b []int32, out []int8, ma, mb int)
	i64  func(a, b []int64, out []int8, ma, mb int)
	f32  func(a, b []float32, out []int8, ma, mb int)
	f64  func(a, b []float64, out []int8, ma, mb int)
	str  func(a, b []string, out []int8, ma, mb int)
}

var (
	opEq = &cmpOp{name: "eq", i8: eqK[int8], i16: eqK[int16], i32: eqK[int32], i64: eqK[int64], f32: eqK[float32], f64: eqK[float64], str: eqK[string]}
	opNe = &cmpOp{name: "ne", i8: neK[int8], i16: neK[int16], i32: neK[int32], i64: neK[int64], f32: neK[float32], f64: neK[float64], str: neK[string]}
	opLt = &cmpOp{name: "lt", i8: ltK[int8], i16: ltK[int16], i32: ltK[int32], i64: ltK[int64], f32: ltK[float32], f64: ltK[float64], str: ltK[string]}
	opLe = &cmpOp{name: "le", i8: leK[int8], i16: leK[int16], i32: leK[int32], i64: leK[int64], f32: leK[float32], f64: leK[float64], str: leK[string]}
	opGt = &cmpOp{name: "gt", i8: gtK[int8], i16: gtK[int16], i32: gtK[int32], i64: gtK[int64], f32: gtK[float32], f64: gtK[float64], str: gtK[string]}
	opGe = &cmpOp{name: "ge", i8: geK[int8], i16: geK[int16], i32: geK[int32], i64: geK[int64], f32: geK[float32], f64: geK[float64], str: geK[string]}
)

func eqE[C ordered](a, b C) bool { return a == b }
func neE[C ordered](a, b C) bool { return a != b }
func ltE[C ordered](a, b C) bool { return a < b }
func leE[C ordered](a, b C) bool { return a <= b }
func gtE[C ordered](a, b C) bool { return a > b }
func geE[C ordered](a, b C) bool { return a >= b }

func eqK[C ordered](a, b []C, out []int8, ma, mb int) { compare(a, b, out, ma, mb, eqE[C]) }
func neK[C ordered](a, b []C, out []int8, ma, mb int) { compare(a, b, out, ma, mb, neE[C]) }
func ltK[C ordered](a, b []C, out []int8, ma, mb int) { compare(a, b, out, ma, mb, ltE[C]) }
func leK[C ordered](a, b []C, out []int8, ma, mb int) { compare(a, b, out, ma, mb, leE[C]) }
func gtK[C ordered](a, b []C, out []int8, ma, mb int) { compare(a, b, out, ma, mb, gtE[C]) }
func geK[C ordered](a, b []C, out []int8, ma, mb int) { compare(a, b, out, ma, mb, geE[C]) }

func cmpImpl(op *cmpOp) Impl {
	return func(_ value.Env, args []value.Value) (value.Value, error) {
		return compareValues(op, args[0], args[1])
	}
}

// temporalFamily and temporalFine order temporal types by resolution
// within the date-bearing family (1) and the time-of-day family (2).
func temporalFine(t value.Type) (family, fine int) {
	switch t {
	case value.MONTH:
		return 1, 0
	case value.DATE:
		return 1, 1
	case value.DATEHOUR:
		return 1, 2
	case value.DATETIME:
		return 1, 3
	case value.TIMESTAMP:
		return 1, 4
	case value.NANOTIMESTAMP:
		return 1, 5
	case value.MINUTE:
		return 2, 1
	case value.SECOND:
		return 2, 2
	case value.TIME:
		return 2, 3
	case value.NANOTIME:
		return 2, 4
	}
	return 0, 0
}

// alignTemporal casts the coarser of two temporal operands of one family
// to the finer type.
func alignTemporal(x, y value.Value) (value.Value, value.Value, error) {
	fx, rx := temporalFine(x.Type())
	fy, ry := temporalFine(y.Type())
	if fx == 0 || fx != fy || rx == ry {
		return x, y, nil
	}
	var err error
	if rx < ry {
		x, err = value.Cast(x, y.Type())
	} else {
		y, err = value.Cast(y, x.Type())
	}
	return x, y, err
}

func compareValues(op *cmpOp, x, y value.Value) (value.Value, error) {
	if x.Form() == value.SET && y.Form() == value.SET {
		return setCompare(op, x.(*value.Set), y.(*value.Set))
	}
	if r, ok, err := mapForms2(x, y, func(a, b value.Value) (value.Value, error) { return compareValues(op, a, b) }); ok {
		return r, err
	}
	if x.Type().IsTemporal() && y.Type().IsTemporal() && x.Type() != y.Type() {
		var err error
		if x, y, err = alignTemporal(x, y); err != nil {
			return nil, err
		}
	}
	a, b := newOperand(x), newOperand(y)
	n, err := bcastLen(&a, &b)
	if err != nil {
		return nil, err
	}
	if a.t.IsDecimal() || b.t.IsDecimal() {
		dx, err := decimalToDouble(&a)
		if err != nil {
			return nil, err
		}
		dy, err := decimalToDouble(&b)
		if err != nil {
			return nil, err
		}
		return compareValues(op, dx, dy)
	}
	ta, tb := a.t, b.t
	if ta == value.VOID {
		ta = tb
	}
	if tb == value.VOID {
		tb = ta
	}
	scalar := a.scalar && b.scalar
	res := newResult[int8](value.BOOL, 0, n, scalar)
	switch {
	case isLiteral(ta) && isLiteral(tb):
		as, bs := a.strs(), b.strs()
		if a.t == value.VOID {
			as = []string{""}
		}
		if b.t == value.VOID {
			bs = []string{""}
		}
		ma, mb := masks(len(as), len(bs))
		op.str(as, bs, res.out, ma, mb)
		return res.value(), nil
	case isLiteral(ta) || isLiteral(tb):
		return nil, fmt.Errorf("The %s operation is not supported between %s and %s.", op.name, ta, tb)
	}
	ct := cmpType(ta, tb)
	switch kindOf(ct) {
	case kI8:
		runCmp(op.i8, &a, &b, res.out)
	case kI16:
		runCmp(op.i16, &a, &b, res.out)
	case kI32:
		runCmp(op.i32, &a, &b, res.out)
	case kI64:
		runCmp(op.i64, &a, &b, res.out)
	case kF32:
		runCmp(op.f32, &a, &b, res.out)
	case kF64:
		runCmp(op.f64, &a, &b, res.out)
	default:
		return nil, fmt.Errorf("The %s operation is not supported between %s and %s.", op.name, ta, tb)
	}
	return res.value(), nil
}

// cmpType is the compute type of a comparison: the wider numeric type,
// temporals as their integer storage.
func cmpType(ta, tb value.Type) value.Type {
	norm := func(t value.Type) value.Type {
		if t.IsTemporal() {
			return storageInt(t)
		}
		if t == value.VOID {
			return value.BOOL
		}
		return t
	}
	ta, tb = norm(ta), norm(tb)
	if numRank(tb) > numRank(ta) {
		return tb
	}
	return ta
}

func runCmp[C num](k func(a, b []C, out []int8, ma, mb int), a, b *operand, out []int8) {
	av, bv := as[C](a, false), as[C](b, false)
	ma, mb := masks(len(av), len(bv))
	k(av, bv, out, ma, mb)
}
