// This file defines type promotion (CommonType), the vector literal rule
// (MakeVector) and ranges (Seq).

package value

import "fmt"

var numRank = map[Type]int{BOOL: 1, CHAR: 2, SHORT: 3, INT: 4, LONG: 5, FLOAT: 6, DOUBLE: 7}

// CommonType returns the type both a and b convert to for arithmetic and
// concatenation: the wider of two numeric types (BOOL < CHAR < SHORT < INT
// < LONG < FLOAT < DOUBLE), the other type when one is VOID, STRING for
// STRING/SYMBOL mixes, the wider DECIMAL (DOUBLE when mixed with floats),
// and ANY when there is none.
func CommonType(a, b Type) Type {
	switch {
	case a == b:
		return a
	case a == VOID:
		return b
	case b == VOID:
		return a
	}
	ra, oka := numRank[a]
	rb, okb := numRank[b]
	if oka && okb {
		if ra >= rb {
			return a
		}
		return b
	}
	if a.IsDecimal() || b.IsDecimal() {
		switch {
		case a.IsDecimal() && b.IsDecimal():
			if a > b {
				return a
			}
			return b
		case isFloatType(a) || isFloatType(b):
			return DOUBLE
		case a.IsDecimal() && okb, b.IsDecimal() && oka:
			if a.IsDecimal() {
				return a
			}
			return b
		}
		return ANY
	}
	if a.Category() == LITERAL && b.Category() == LITERAL {
		if a == BLOB || b == BLOB {
			return BLOB
		}
		return STRING
	}
	return ANY
}

// MakeVector applies the vector literal rule ([...] and space-separated
// constants): scalars that share a common type (numeric widening; NULL
// takes the common type) make a typed vector, anything else a tuple.
// All-NULL input makes a VOID vector.
// TupleOnly marks a scalar whose meaning a typed vector can't hold, as
// DECIMAL32(2) (a type with its scale): a list holding one stays a tuple.
type TupleOnly interface {
	Value
	KeepInTuple()
}

func MakeVector(elems []Value) Value {
	if len(elems) == 0 {
		return NewTuple(nil)
	}
	t := VOID
	var scale int32
	for i, e := range elems {
		if e == nil || e.Form() != SCALAR {
			return NewTuple(elems)
		}
		et := e.Type()
		if et == DURATION || et.Category() == SYSTEM {
			return NewTuple(elems)
		}
		if _, boxed := e.(TupleOnly); boxed {
			return NewTuple(elems)
		}
		if i > 0 && t != VOID && et != VOID && et != t {
			// Only numbers widen ([1, 2.5] is DOUBLE); a CHAR among other
			// types ([1, 'A']) or DECIMALs of different types make a tuple.
			if et == CHAR && t != BOOL || t == CHAR && et != BOOL || et.IsDecimal() || t.IsDecimal() {
				return NewTuple(elems)
			}
		}
		if t.IsDecimal() && et == t && scaleOf(e) != scale {
			return NewTuple(elems) // [1.23$DECIMAL32(4), 3.14$DECIMAL32(3)]
		}
		t = CommonType(t, et)
		if t == ANY {
			return NewTuple(elems)
		}
		if s := scaleOf(e); s > scale {
			scale = s
		}
	}
	v := NewVector(t, len(elems))
	v.scale = scale
	if t == VOID {
		return v
	}
	for i, e := range elems {
		if e.Type() != t || t.IsDecimal() {
			c, err := castTo(e, t, scale)
			if err != nil {
				return NewTuple(elems)
			}
			e = c
		}
		v.store(i, e)
	}
	return v
}

// Seq returns a..b: every value from a to b inclusive (descending when
// a > b) of a's and b's type; integral and temporal types only.
func Seq(a, b Value) (Value, error) {
	if a.Form() != SCALAR || b.Form() != SCALAR {
		return nil, fmt.Errorf("The operands of the range operator .. must be scalars")
	}
	t := CommonType(a.Type(), b.Type())
	c := t.Category()
	if c != INTEGRAL && c != TEMPORAL && c != LOGICAL {
		return nil, fmt.Errorf("The data type of the operands of .. must be integral or temporal")
	}
	if IsNull(a) || IsNull(b) {
		return nil, fmt.Errorf("The operands of the range operator .. can't be NULL")
	}
	if a.Type() != t {
		ca, err := Cast(a, t)
		if err != nil {
			return nil, err
		}
		a = ca
	}
	if b.Type() != t {
		cb, err := Cast(b, t)
		if err != nil {
			return nil, err
		}
		b = cb
	}
	x, _ := ToInt64(a)
	y, _ := ToInt64(b)
	step := int64(1)
	n := y - x + 1
	if x > y {
		step = -1
		n = x - y + 1
	}
	v := NewVector(t, int(n))
	switch t.Width() {
	case 1:
		s := v.Int8s()
		for i := range s {
			s[i] = int8(x + int64(i)*step)
		}
	case 2:
		s := v.Shorts()
		for i := range s {
			s[i] = int16(x + int64(i)*step)
		}
	case 4:
		s := v.Ints()
		for i := range s {
			s[i] = int32(x + int64(i)*step)
		}
	default:
		s := v.Longs()
		for i := range s {
			s[i] = x + int64(i)*step
		}
	}
	return v, nil
}
