// This file defines Equal (eqObj's deep equality) and Truthy (if/while
// conditions).

package value

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
)

// Equal reports whether a and b have the same form, type and values: NULL
// equals NULL, floats compare exactly, tuples, dicts, sets and tables
// compare deeply. DECIMALs of different scales compare by value.
func Equal(a, b Value) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if a.Form() != b.Form() || a.Type() != b.Type() {
		return false
	}
	switch x := a.(type) {
	case *Vector:
		return vectorsEqual(x, b.(*Vector))
	case *Pair:
		return vectorsEqual(x.v, b.(*Pair).v)
	case *Matrix:
		y := b.(*Matrix)
		return x.rows == y.rows && x.cols == y.cols && vectorsEqual(x.data, y.data)
	case *Set:
		y := b.(*Set)
		if x.Len() != y.Len() {
			return false
		}
		for _, k := range x.keys {
			if !y.Contains(k) {
				return false
			}
		}
		return true
	case *Dict:
		y := b.(*Dict)
		if x.keyType != y.keyType || x.Len() != y.Len() {
			return false
		}
		for i, k := range x.keys {
			w, ok := y.Get(k)
			if !ok || !Equal(x.vals[i], w) {
				return false
			}
		}
		return true
	case *Table:
		y := b.(*Table)
		if len(x.cols) != len(y.cols) || x.Rows() != y.Rows() {
			return false
		}
		for i := range x.cols {
			if x.names[i] != y.names[i] || !vectorsEqual(x.cols[i], y.cols[i]) {
				return false
			}
		}
		return true
	}
	if a.Form() == SCALAR {
		return scalarsEqual(a, b)
	}
	return a == b
}

func scalarsEqual(a, b Value) bool {
	na, nb := IsNull(a), IsNull(b)
	if na || nb {
		return na && nb
	}
	switch x := a.(type) {
	case Decimal32, Decimal64, Decimal128:
		return decimalCmp(x, b) == 0
	case Double:
		y := b.(Double)
		return x == y || math.IsNaN(float64(x)) && math.IsNaN(float64(y))
	case Float:
		y := b.(Float)
		return x == y || math.IsNaN(float64(x)) && math.IsNaN(float64(y))
	}
	return a == b
}

// decimalCmp compares two DECIMAL scalars by value.
func decimalCmp(a, b Value) int {
	big := func(v Value) (*big.Int, int32) {
		switch d := v.(type) {
		case Decimal32:
			return new(big.Int).SetInt64(int64(d.V)), d.Scale
		case Decimal64:
			return new(big.Int).SetInt64(d.V), d.Scale
		case Decimal128:
			return bigOf128(d), d.Scale
		}
		return new(big.Int), 0
	}
	x, sx := big(a)
	y, sy := big(b)
	s := max(sx, sy)
	return bigRescale(x, sx, s).Cmp(bigRescale(y, sy, s))
}

func vectorsEqual(x, y *Vector) bool {
	if x.typ != y.typ || x.n != y.n {
		return false
	}
	switch {
	case x.typ == STRING || x.typ == BLOB:
		for i, s := range x.strs {
			if y.strs[i] != s {
				return false
			}
		}
		return true
	case x.typ == SYMBOL:
		for i := 0; i < x.n; i++ {
			if x.syms.Syms[x.Ints()[i]] != y.syms.Syms[y.Ints()[i]] {
				return false
			}
		}
		return true
	case x.typ == ANY:
		for i, e := range x.elems {
			if !Equal(e, y.elems[i]) {
				return false
			}
		}
		return true
	case x.typ.IsArray():
		for i := range x.offs {
			if x.offs[i]-x.offs[0] != y.offs[i]-y.offs[0] {
				return false
			}
		}
		return vectorsEqual(x.inner, y.inner)
	case x.typ.IsDecimal() && x.scale != y.scale,
		x.typ == FLOAT, x.typ == DOUBLE, x.typ == COMPLEX, x.typ == POINT:
		for i := 0; i < x.n; i++ {
			if !scalarsEqual(x.Get(i), y.Get(i)) {
				return false
			}
		}
		return true
	}
	return bytes.Equal(x.data, y.data)
}

// Truthy is the value of an if/while condition: a null scalar is false, a
// number or temporal is true when non-zero; non-scalars and other types
// are errors.
func Truthy(v Value) (bool, error) {
	if v == nil || v.Form() != SCALAR {
		return false, fmt.Errorf("The condition must be a scalar, but it is %s", formName(v))
	}
	if IsNull(v) {
		return false, nil
	}
	switch x := v.(type) {
	case Float, Double:
		f, _ := ToFloat64(x)
		return f != 0, nil
	case Decimal32:
		return x.V != 0, nil
	case Decimal64:
		return x.V != 0, nil
	case Decimal128:
		return x.Lo != 0 || x.Hi != 0, nil
	}
	if isIntLike(v.Type()) {
		n, _ := ToInt64(v)
		return n != 0, nil
	}
	return false, fmt.Errorf("The condition must be a logical or numeric scalar, but it is %s", v.Type())
}

func formName(v Value) string {
	if v == nil {
		return "NULL"
	}
	return "a " + v.Form().String()
}
