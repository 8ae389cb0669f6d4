// This file declares the arithmetic operators: add sub mul div ratio mod
// neg and the bit operators, with DolphinDB's promotion rules (language.md
// §5.3) and temporal arithmetic (§5.5).

package builtins

import (
	"fmt"
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

var arithFuncs = []*Func{
	{Name: "add", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X + Y element-wise; strings concatenate.", Impl: binImpl(opAdd)},
	{Name: "sub", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X - Y element-wise.", Impl: binImpl(opSub)},
	{Name: "mul", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X * Y element-wise.", Impl: binImpl(opMul)},
	{Name: "div", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X / Y; floor division when both are integral; by zero gives NULL.", Impl: binImpl(opDiv)},
	{Name: "ratio", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X \\ Y as DOUBLE.", Impl: binImpl(opRatio)},
	{Name: "mod", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X % Y; the result takes the sign of Y.", Impl: binImpl(opMod)},
	{Name: "bitAnd", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Bitwise and (X & Y).", Impl: binImpl(opBitAnd)},
	{Name: "bitOr", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Bitwise or (X | Y).", Impl: binImpl(opBitOr)},
	{Name: "bitXor", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Bitwise xor (X ^ Y).", Impl: binImpl(opBitXor)},
	{Name: "lshift", Params: []string{"X", "bits"}, Kind: Operator, Doc: "X << bits.", Impl: binImpl(opLshift)},
	{Name: "rshift", Params: []string{"X", "bits"}, Kind: Operator, Doc: "X >> bits (arithmetic).", Impl: binImpl(opRshift)},
	{Name: "neg", Params: []string{"X"}, Kind: Operator, Doc: "-X.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return neg(a[0]) }},
	{Name: "bitNot", Params: []string{"X"}, Kind: Operator, Doc: "Bitwise not (~X).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return bitNot(a[0]) }},
}

func registerArith(r *Registry) { r.Register(arithFuncs...) }

// arithOp is one binary arithmetic operator: a kernel per compute type and
// its typing flags.
type arithOp struct {
	name     string
	i32      func(a, b, out []int32, ma, mb int, nc int32)
	i64      func(a, b, out []int64, ma, mb int, nc int64)
	f32      func(a, b, out []float32, ma, mb int, nc float32)
	f64      func(a, b, out []float64, ma, mb int, nc float64)
	float    bool // result always DOUBLE (ratio)
	integral bool // integral operands only (bit operators)
	keepLeft bool // result has X's type (shifts)
}

var (
	opAdd    = &arithOp{name: "add", i32: addK[int32], i64: addK[int64], f32: addK[float32], f64: addK[float64]}
	opSub    = &arithOp{name: "sub", i32: subK[int32], i64: subK[int64], f32: subK[float32], f64: subK[float64]}
	opMul    = &arithOp{name: "mul", i32: mulK[int32], i64: mulK[int64], f32: mulK[float32], f64: mulK[float64]}
	opDiv    = &arithOp{name: "div", i32: divIK[int32], i64: divIK[int64], f32: divFK[float32], f64: divFK[float64]}
	opRatio  = &arithOp{name: "ratio", f64: divFK[float64], float: true}
	opMod    = &arithOp{name: "mod", i32: modIK[int32], i64: modIK[int64], f32: modFK[float32], f64: modFK[float64]}
	opBitAnd = &arithOp{name: "bitAnd", i32: andK[int32], i64: andK[int64], integral: true}
	opBitOr  = &arithOp{name: "bitOr", i32: orK[int32], i64: orK[int64], integral: true}
	opBitXor = &arithOp{name: "bitXor", i32: xorK[int32], i64: xorK[int64], integral: true}
	opLshift = &arithOp{name: "lshift", i32: shlK[int32], i64: shlK[int64], integral: true, keepLeft: true}
	opRshift = &arithOp{name: "rshift", i32: shrK[int32], i64: shrK[int64], integral: true, keepLeft: true}
)

// Element operations.

func addE[C num](a, b C) (C, bool) { return a + b, true }
func subE[C num](a, b C) (C, bool) { return a - b, true }
func mulE[C num](a, b C) (C, bool) { return a * b, true }

func divIE[C integer](a, b C) (C, bool) {
	if b == 0 {
		return 0, false
	}
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q, true
}

func divFE[C ~float32 | ~float64](a, b C) (C, bool) {
	if b == 0 {
		return 0, false
	}
	return a / b, true
}

func modIE[C integer](a, b C) (C, bool) {
	if b == 0 {
		return 0, false
	}
	r := a % b
	if r != 0 && (r < 0) != (b < 0) {
		r += b
	}
	return r, true
}

func modFE[C ~float32 | ~float64](a, b C) (C, bool) {
	if b == 0 {
		return 0, false
	}
	r := C(math.Mod(float64(a), float64(b)))
	if r != 0 && (r < 0) != (b < 0) {
		r += b
	}
	return r, true
}

func andE[C integer](a, b C) (C, bool) { return a & b, true }
func orE[C integer](a, b C) (C, bool)  { return a | b, true }
func xorE[C integer](a, b C) (C, bool) { return a ^ b, true }
func shlE[C integer](a, b C) (C, bool) { return a << uint64(b&63), b >= 0 }
func shrE[C integer](a, b C) (C, bool) { return a >> uint64(b&63), b >= 0 }

// Kernels: the switch picks the broadcast shape once; each loop helper
// inlines here with its element op, so the loop has no indirect call.

func addK[C num](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, addE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, addE[C])
	default:
		binary(a, b, out, ma, mb, nc, addE[C])
	}
}

func subK[C num](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, subE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, subE[C])
	default:
		binary(a, b, out, ma, mb, nc, subE[C])
	}
}

func mulK[C num](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, mulE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, mulE[C])
	default:
		binary(a, b, out, ma, mb, nc, mulE[C])
	}
}

func divIK[C integer](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, divIE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, divIE[C])
	default:
		binary(a, b, out, ma, mb, nc, divIE[C])
	}
}

func divFK[C ~float32 | ~float64](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, divFE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, divFE[C])
	default:
		binary(a, b, out, ma, mb, nc, divFE[C])
	}
}

func modIK[C integer](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, modIE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, modIE[C])
	default:
		binary(a, b, out, ma, mb, nc, modIE[C])
	}
}

func modFK[C ~float32 | ~float64](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, modFE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, modFE[C])
	default:
		binary(a, b, out, ma, mb, nc, modFE[C])
	}
}

func andK[C integer](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, andE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, andE[C])
	default:
		binary(a, b, out, ma, mb, nc, andE[C])
	}
}

func orK[C integer](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, orE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, orE[C])
	default:
		binary(a, b, out, ma, mb, nc, orE[C])
	}
}

func xorK[C integer](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, xorE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, xorE[C])
	default:
		binary(a, b, out, ma, mb, nc, xorE[C])
	}
}

func shlK[C integer](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, shlE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, shlE[C])
	default:
		binary(a, b, out, ma, mb, nc, shlE[C])
	}
}

func shrK[C integer](a, b, out []C, ma, mb int, nc C) {
	switch {
	case ma != 0 && mb == 0:
		binVS(a, b[0], out, nc, shrE[C])
	case ma == 0 && mb != 0:
		binSV(a[0], b, out, nc, shrE[C])
	default:
		binary(a, b, out, ma, mb, nc, shrE[C])
	}
}

func binImpl(op *arithOp) Impl {
	return func(_ value.Env, args []value.Value) (value.Value, error) {
		return arith(op, args[0], args[1])
	}
}

// numRank orders the numeric types for promotion.
func numRank(t value.Type) int {
	switch t {
	case value.BOOL:
		return 1
	case value.CHAR:
		return 2
	case value.SHORT:
		return 3
	case value.INT:
		return 4
	case value.LONG:
		return 5
	case value.FLOAT:
		return 6
	case value.DOUBLE:
		return 7
	}
	return 0
}

func isIntegral(t value.Type) bool { r := numRank(t); return r > 0 && r < 6 }
func isLiteral(t value.Type) bool  { return kindOf(t) == kStr }

// dayUnits is the length of one day in a time-of-day type's unit, 0 for
// other types.
func dayUnits(t value.Type) int64 {
	switch t {
	case value.TIME:
		return 86400000
	case value.MINUTE:
		return 1440
	case value.SECOND:
		return 86400
	case value.NANOTIME:
		return 86400000000000
	}
	return 0
}

// storageInt is INT or LONG: the integral type with t's storage.
func storageInt(t value.Type) value.Type {
	if kindOf(t) == kI64 {
		return value.LONG
	}
	return value.INT
}

// arithTypes returns the compute and result types of op on ta, tb.
func arithTypes(op *arithOp, ta, tb value.Type) (ct, rt value.Type, err error) {
	if ta == value.VOID {
		ta = tb
	}
	if tb == value.VOID {
		tb = ta
	}
	if ta == value.VOID {
		ta, tb = value.DOUBLE, value.DOUBLE
	}
	if isLiteral(ta) || isLiteral(tb) {
		return 0, 0, fmt.Errorf("Arguments for %s method can not be string.", op.name)
	}
	ra, rb := numRank(ta), numRank(tb)
	switch {
	case ra > 0 && rb > 0:
		t := ta
		if rb > ra {
			t = tb
		}
		if numRank(t) < numRank(value.INT) {
			t = value.INT
		}
		if op.keepLeft && isIntegral(ta) {
			t = ta
			if numRank(t) < numRank(value.INT) {
				t = value.INT
			}
		}
		if op.float {
			t = value.DOUBLE
		}
		if op.integral && !isIntegral(t) {
			return 0, 0, fmt.Errorf("The arguments of %s must be integral.", op.name)
		}
		return t, t, nil
	case ta.IsTemporal() || tb.IsTemporal():
		return temporalTypes(op, ta, tb)
	}
	return 0, 0, fmt.Errorf("The %s operation is not supported for %s and %s.", op.name, ta, tb)
}

// temporalTypes types temporal arithmetic: temporal ± integer keeps the
// temporal type, temporal - temporal counts units, other operators treat a
// temporal as its integer.
func temporalTypes(op *arithOp, ta, tb value.Type) (ct, rt value.Type, err error) {
	switch {
	case ta.IsTemporal() && isIntegral(tb) && (op == opAdd || op == opSub):
		return storageInt(ta), ta, nil
	case tb.IsTemporal() && isIntegral(ta) && op == opAdd:
		return storageInt(tb), tb, nil
	case ta == tb && op == opSub:
		return storageInt(ta), storageInt(ta), nil
	case ta.IsTemporal() && tb.IsTemporal() && op == opSub:
		return 0, 0, fmt.Errorf("The sub operation between %s and %s is not supported.", ta, tb)
	}
	if op == opAdd && ta.IsTemporal() && tb.IsTemporal() {
		return 0, 0, fmt.Errorf("The add operation between %s and %s is not supported.", ta, tb)
	}
	// mod/div/mul/bit ops on temporals: their integer counts.
	a, b := ta, tb
	if a.IsTemporal() {
		a = storageInt(a)
	}
	if b.IsTemporal() {
		b = storageInt(b)
	}
	if numRank(a) == 0 || numRank(b) == 0 {
		return 0, 0, fmt.Errorf("The %s operation is not supported for %s and %s.", op.name, ta, tb)
	}
	return arithTypes(op, a, b)
}

// arith applies a binary arithmetic operator to any pair of values.
func arith(op *arithOp, x, y value.Value) (value.Value, error) {
	if x.Form() == value.SET || y.Form() == value.SET {
		return setArith(op, x, y)
	}
	if r, ok, err := mapForms2(x, y, func(a, b value.Value) (value.Value, error) { return arith(op, a, b) }); ok {
		return r, err
	}
	a, b := newOperand(x), newOperand(y)
	n, err := bcastLen(&a, &b)
	if err != nil {
		return nil, err
	}
	if op == opAdd && (isLiteral(a.t) || isLiteral(b.t)) {
		return concatStrings(&a, &b, n)
	}
	if a.t.IsDecimal() || b.t.IsDecimal() {
		return decimalArith(op, &a, &b, n)
	}
	if x.Type() == value.VOID && y.Type() == value.VOID && a.scalar && b.scalar {
		return value.Void{}, nil
	}
	ct, rt, err := arithTypes(op, a.t, b.t)
	if err != nil {
		return nil, err
	}
	scalar := a.scalar && b.scalar
	var out value.Value
	switch ct {
	case value.INT:
		out = runArith(op.i32, &a, &b, n, rt, scalar)
	case value.LONG:
		out = runArith(op.i64, &a, &b, n, rt, scalar)
	case value.FLOAT:
		out = runArith(op.f32, &a, &b, n, rt, scalar)
	default:
		out = runArith(op.f64, &a, &b, n, rt, scalar)
	}
	if d := dayUnits(rt); d != 0 {
		out = wrapDay(out, d)
	}
	return out, nil
}

func runArith[C num](k func(a, b, out []C, ma, mb int, nc C), a, b *operand, n int, rt value.Type, scalar bool) value.Value {
	av, bv := as[C](a, false), as[C](b, false)
	res := newResult[C](rt, 0, n, scalar)
	ma, mb := masks(len(av), len(bv))
	k(av, bv, res.out, ma, mb, nullOf[C]())
	return res.value()
}

// wrapDay reduces a time-of-day result modulo one day.
func wrapDay(v value.Value, day int64) value.Value {
	if vec, ok := v.(*value.Vector); ok {
		if kindOf(vec.Type()) == kI64 {
			wrapLoop(vec.Longs(), day, value.NullLong)
		} else {
			wrapLoop(vec.Ints(), int32(day), value.NullInt)
		}
		return vec
	}
	r := scalarRaw(v)
	if r.null {
		return v
	}
	return boxInt(v.Type(), ((r.i%day)+day)%day, false, 0)
}

func wrapLoop[C integer](s []C, day, null C) {
	for i, x := range s {
		if x != null {
			s[i] = ((x % day) + day) % day
		}
	}
}

// concatStrings implements STRING + X: X is converted to its display text.
func concatStrings(a, b *operand, n int) (value.Value, error) {
	as, bs := operandTexts(a), operandTexts(b)
	if a.scalar && b.scalar {
		return value.String(as[0] + bs[0]), nil
	}
	out := value.NewVector(value.STRING, n)
	dst := out.Strings()
	ma, mb := masks(len(as), len(bs))
	for i := range dst {
		dst[i] = as[i&ma] + bs[i&mb]
	}
	return out, nil
}

// operandTexts renders an operand's elements as strings (nulls as "").
func operandTexts(o *operand) []string {
	if isLiteral(o.t) {
		return o.strs()
	}
	if o.scalar {
		if o.r.null {
			return []string{""}
		}
		return []string{scalarText(o)}
	}
	n := o.vec.Len()
	out := make([]string, n)
	for i := range out {
		e := o.vec.Get(i)
		if !value.IsNull(e) {
			out[i] = e.String()
		}
	}
	return out
}

func scalarText(o *operand) string {
	switch o.t {
	case value.FLOAT, value.DOUBLE:
		return boxFloat(o.t, o.r.f, false).String()
	}
	return boxInt(o.t, o.r.i, false, o.scale).String()
}

// neg is unary minus: 0 - X in X's arithmetic type.
func neg(x value.Value) (value.Value, error) {
	if r, ok, err := mapForms1(x, neg); ok {
		return r, err
	}
	if d, ok := x.(value.Duration); ok {
		return value.Duration{N: -d.N, Unit: d.Unit}, nil
	}
	switch t := x.Type(); {
	case t == value.VOID:
		return x, nil
	case t == value.LONG:
		return arith(opSub, value.Long(0), x)
	case t == value.FLOAT:
		return arith(opSub, value.Float(0), x)
	case t == value.DOUBLE:
		return arith(opSub, value.Double(0), x)
	case isLiteral(t):
		return nil, fmt.Errorf("Arguments for neg method can not be string.")
	}
	return arith(opSub, value.Int(0), x)
}

func bitNot(x value.Value) (value.Value, error) {
	if r, ok, err := mapForms1(x, bitNot); ok {
		return r, err
	}
	return arith(opBitXor, x, value.Int(-1))
}
