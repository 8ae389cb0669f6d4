// This file defines DECIMAL arithmetic: DECIMAL with DECIMAL or integral
// operands computes on unscaled int64 values (scale max(sa, sb) for + and -,
// sa+sb for *); with floating operands, and for / \ %, it computes in DOUBLE.

package builtins

import (
	"github.com/porpoisedb/porpoise/vm/value"
)

var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return
}()

func decimalArith(op *arithOp, a, b *operand, n int) (value.Value, error) {
	floating := func(t value.Type) bool { return t == value.FLOAT || t == value.DOUBLE }
	if floating(a.t) || floating(b.t) || (op != opAdd && op != opSub && op != opMul) {
		x, err := decimalToDouble(a)
		if err != nil {
			return nil, err
		}
		y, err := decimalToDouble(b)
		if err != nil {
			return nil, err
		}
		return arith(op, x, y)
	}
	rt := value.DECIMAL32
	for _, o := range []*operand{a, b} {
		if o.t == value.DECIMAL64 || o.t == value.LONG || o.t == value.DECIMAL128 {
			rt = value.DECIMAL64
		}
	}
	sa, sb := decScale(a), decScale(b)
	scale := max(sa, sb)
	av, bv := as[int64](a, false), as[int64](b, false)
	if op == opMul {
		scale = sa + sb
	} else {
		av, bv = rescale(av, scale-sa), rescale(bv, scale-sb)
	}
	out := make([]int64, n)
	ma, mb := masks(len(av), len(bv))
	op.i64(av, bv, out, ma, mb, value.NullLong)
	if a.scalar && b.scalar {
		if rt == value.DECIMAL32 {
			if out[0] == value.NullLong {
				return nullScalar(rt, scale), nil
			}
			return value.Decimal32{V: int32(out[0]), Scale: scale}, nil
		}
		return value.Decimal64{V: out[0], Scale: scale}, nil
	}
	v := value.NewDecimalVector(rt, scale, n)
	if rt == value.DECIMAL32 {
		dst := v.Ints()
		for i, x := range out {
			if x == value.NullLong {
				dst[i] = value.NullInt
			} else {
				dst[i] = int32(x)
			}
		}
	} else {
		copy(v.Longs(), out)
	}
	return v, nil
}

func decScale(o *operand) int32 {
	if o.t.IsDecimal() {
		return o.scale
	}
	return 0
}

// rescale multiplies unscaled values by 10^d (copying).
func rescale(s []int64, d int32) []int64 {
	if d <= 0 {
		return s
	}
	out := make([]int64, len(s))
	m := pow10[d]
	for i, x := range s {
		if x == value.NullLong {
			out[i] = x
		} else {
			out[i] = x * m
		}
	}
	return out
}

// decimalToDouble converts a DECIMAL operand to a DOUBLE value; other
// operands are returned as values unchanged.
func decimalToDouble(o *operand) (value.Value, error) {
	if !o.t.IsDecimal() {
		if o.scalar {
			return operandValue(o), nil
		}
		return o.vec, nil
	}
	if o.scalar {
		if o.r.null {
			return value.Double(value.NullDouble), nil
		}
		return value.Double(float64(o.r.i) / float64(pow10[o.scale])), nil
	}
	return value.Cast(o.vec, value.DOUBLE)
}

// operandValue re-boxes a scalar operand.
func operandValue(o *operand) value.Value {
	switch {
	case isLiteral(o.t):
		return boxString(o.t, o.r.s)
	case o.t == value.FLOAT || o.t == value.DOUBLE:
		return boxFloat(o.t, o.r.f, o.r.null)
	}
	return boxInt(o.t, o.r.i, o.r.null, o.scale)
}
