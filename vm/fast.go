// This file holds the VM's inline fast paths for scalar INT, LONG and
// DOUBLE operators. Each produces exactly what the built-in would (INT op
// INT stays INT and wraps; LONG with INT computes in LONG and DOUBLE with
// either in DOUBLE; a null operand gives null; comparisons treat null as
// the minimum, which the sentinels already are); anything else falls back
// to the built-in.
//
// Results are boxed by the thread's boxer, which carves the interface data
// of INT, LONG and DOUBLE scalars out of slabs instead of allocating each
// one: a scalar loop (s += i) then costs no allocation per iteration.

package vm

import (
	"unsafe"

	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/vm/value"
)

func boolOf(b bool) value.Value {
	if b {
		return value.Bool(1)
	}
	return value.Bool(0)
}

// iface is the runtime layout of a non-empty interface value.
type iface struct {
	tab  unsafe.Pointer
	data unsafe.Pointer
}

func itabOf(v value.Value) unsafe.Pointer { return (*iface)(unsafe.Pointer(&v)).tab }

var (
	intTab    = itabOf(value.Int(0))
	longTab   = itabOf(value.Long(0))
	doubleTab = itabOf(value.Double(0))
)

const slabSize = 256

// boxer boxes scalars into slabs. A slab stays alive while any value boxed
// in it does; values are immutable once boxed, so they may be shared
// across threads like any other value.
type boxer struct {
	ints    []value.Int
	longs   []value.Long
	doubles []value.Double
}

func (b *boxer) int(x int32) value.Value {
	if len(b.ints) == 0 {
		b.ints = make([]value.Int, slabSize)
	}
	p := &b.ints[0]
	b.ints = b.ints[1:]
	*p = value.Int(x)
	var v value.Value
	*(*iface)(unsafe.Pointer(&v)) = iface{tab: intTab, data: unsafe.Pointer(p)}
	return v
}

func (b *boxer) long(x int64) value.Value {
	if len(b.longs) == 0 {
		b.longs = make([]value.Long, slabSize)
	}
	p := &b.longs[0]
	b.longs = b.longs[1:]
	*p = value.Long(x)
	var v value.Value
	*(*iface)(unsafe.Pointer(&v)) = iface{tab: longTab, data: unsafe.Pointer(p)}
	return v
}

func (b *boxer) double(x float64) value.Value {
	if len(b.doubles) == 0 {
		b.doubles = make([]value.Double, slabSize)
	}
	p := &b.doubles[0]
	b.doubles = b.doubles[1:]
	*p = value.Double(x)
	var v value.Value
	*(*iface)(unsafe.Pointer(&v)) = iface{tab: doubleTab, data: unsafe.Pointer(p)}
	return v
}

// numKind classifies a fast-path operand.
const (
	kNone = iota
	kInt
	kLong
	kDouble
)

// operand returns x's kind and its value as int64 (INT, LONG) or float64
// (DOUBLE), with null flagged.
func operand(x value.Value) (kind int, i int64, f float64, null bool) {
	switch a := x.(type) {
	case value.Int:
		return kInt, int64(a), 0, int32(a) == value.NullInt
	case value.Long:
		return kLong, int64(a), 0, int64(a) == value.NullLong
	case value.Double:
		return kDouble, 0, float64(a), float64(a) == value.NullDouble
	}
	return kNone, 0, 0, false
}

func (b *boxer) fastBinop(kind int32, x, y value.Value) (value.Value, bool) {
	ka, ia, fa, na := operand(x)
	if ka == kNone {
		return nil, false
	}
	kb, ib, fb, nb := operand(y)
	if kb == kNone {
		return nil, false
	}
	k := max(ka, kb)
	arith := kind <= compile.FastMul
	switch k {
	case kInt:
		if arith {
			if na || nb {
				return b.int(value.NullInt), true
			}
			a, c := int32(ia), int32(ib)
			switch kind {
			case compile.FastAdd:
				return b.int(a + c), true
			case compile.FastSub:
				return b.int(a - c), true
			}
			return b.int(a * c), true
		}
		return compareInts(kind, ia, ib), true
	case kLong:
		// An INT null widens to the LONG null.
		if na {
			ia = value.NullLong
		}
		if nb {
			ib = value.NullLong
		}
		if arith {
			if na || nb {
				return b.long(value.NullLong), true
			}
			switch kind {
			case compile.FastAdd:
				return b.long(ia + ib), true
			case compile.FastSub:
				return b.long(ia - ib), true
			}
			return b.long(ia * ib), true
		}
		return compareInts(kind, ia, ib), true
	}
	// DOUBLE with DOUBLE, INT or LONG.
	if ka != kDouble {
		fa = float64(ia)
		if na {
			fa = value.NullDouble
		}
	}
	if kb != kDouble {
		fb = float64(ib)
		if nb {
			fb = value.NullDouble
		}
	}
	if fa != fa || fb != fb { // leave NaN to the built-in
		return nil, false
	}
	if arith {
		if na || nb {
			return b.double(value.NullDouble), true
		}
		var r float64
		switch kind {
		case compile.FastAdd:
			r = fa + fb
		case compile.FastSub:
			r = fa - fb
		case compile.FastMul:
			r = fa * fb
		}
		if r != r || r == value.NullDouble || r > 1.7976931348623157e308 || r < -1.7976931348623157e308 {
			return nil, false // NaN/inf/sentinel results: let the built-in decide
		}
		return b.double(r), true
	}
	if ka != kb {
		return nil, false // mixed DOUBLE comparisons are left to the built-in
	}
	switch kind {
	case compile.FastLT:
		return boolOf(fa < fb), true
	case compile.FastLE:
		return boolOf(fa <= fb), true
	case compile.FastGT:
		return boolOf(fa > fb), true
	case compile.FastGE:
		return boolOf(fa >= fb), true
	}
	// == and != on doubles are left to the built-in (tolerance rules).
	return nil, false
}

func compareInts(kind int32, a, b int64) value.Value {
	switch kind {
	case compile.FastLT:
		return boolOf(a < b)
	case compile.FastLE:
		return boolOf(a <= b)
	case compile.FastGT:
		return boolOf(a > b)
	case compile.FastGE:
		return boolOf(a >= b)
	case compile.FastEQ:
		return boolOf(a == b)
	}
	return boolOf(a != b)
}
