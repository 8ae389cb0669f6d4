// This file holds the VM's inline fast paths for scalar INT, LONG and
// DOUBLE operators. Each produces exactly what the built-in would (INT op
// INT stays INT and wraps; a null operand gives null; comparisons treat
// null as the minimum, which the sentinels already are); anything else
// falls back to the built-in.

package vm

import (
	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/vm/value"
)

func boolOf(b bool) value.Value {
	if b {
		return value.Bool(1)
	}
	return value.Bool(0)
}

func fastBinop(kind int32, x, y value.Value) (value.Value, bool) {
	switch a := x.(type) {
	case value.Int:
		b, ok := y.(value.Int)
		if !ok {
			return nil, false
		}
		if kind <= compile.FastMul {
			if a == value.Int(value.NullInt) || b == value.Int(value.NullInt) {
				return value.Int(value.NullInt), true
			}
			switch kind {
			case compile.FastAdd:
				return a + b, true
			case compile.FastSub:
				return a - b, true
			case compile.FastMul:
				return a * b, true
			}
		}
		return compareInts(kind, int64(a), int64(b)), true
	case value.Long:
		b, ok := y.(value.Long)
		if !ok {
			return nil, false
		}
		if kind <= compile.FastMul {
			if a == value.Long(value.NullLong) || b == value.Long(value.NullLong) {
				return value.Long(value.NullLong), true
			}
			switch kind {
			case compile.FastAdd:
				return a + b, true
			case compile.FastSub:
				return a - b, true
			case compile.FastMul:
				return a * b, true
			}
		}
		return compareInts(kind, int64(a), int64(b)), true
	case value.Double:
		b, ok := y.(value.Double)
		if !ok || a != a || b != b { // leave NaN to the built-in
			return nil, false
		}
		if kind <= compile.FastMul {
			if a == value.Double(value.NullDouble) || b == value.Double(value.NullDouble) {
				return value.Double(value.NullDouble), true
			}
			var r value.Double
			switch kind {
			case compile.FastAdd:
				r = a + b
			case compile.FastSub:
				r = a - b
			case compile.FastMul:
				r = a * b
			}
			if r != r || r == value.Double(value.NullDouble) || r > 1.7976931348623157e308 || r < -1.7976931348623157e308 {
				return nil, false // NaN/inf/sentinel results: let the built-in decide
			}
			return r, true
		}
		switch kind {
		case compile.FastLT:
			return boolOf(a < b), true
		case compile.FastLE:
			return boolOf(a <= b), true
		case compile.FastGT:
			return boolOf(a > b), true
		case compile.FastGE:
			return boolOf(a >= b), true
		}
		// == and != on doubles are left to the built-in (tolerance rules).
	}
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
