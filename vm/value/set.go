// This file defines Set, a hash set of scalars of one type.

package value

import (
	"fmt"
	"strings"
)

// Set holds distinct scalars of one type (a null is one element). Keys
// iterate in insertion order.
type Set struct {
	typ   Type
	scale int32
	index map[Value]int
	keys  []Value
}

// NewSet returns an empty set of type t.
func NewSet(t Type) *Set {
	return &Set{typ: t, index: map[Value]int{}}
}

func (s *Set) Type() Type { return s.typ }
func (s *Set) Form() Form { return SET }

// Len is the number of elements.
func (s *Set) Len() int { return len(s.keys) }

// normKey converts x to the set's type; float keys normalise -0 to 0.
func normKey(t Type, scale int32, x Value) (Value, error) {
	if x.Form() != SCALAR {
		return nil, fmt.Errorf("A set/dictionary key must be a scalar")
	}
	if x.Type() != t || t.IsDecimal() && scaleOf(x) != scale {
		if t == ANY {
			return x, nil
		}
		if !assignable(x.Type(), t) {
			return nil, fmt.Errorf("Incompatible type. Expected: %s, Actual: %s", t, x.Type())
		}
		c, err := castTo(x, t, scale)
		if err != nil {
			return nil, err
		}
		x = c
	}
	switch k := x.(type) {
	case Double:
		if k == 0 {
			return Double(0), nil
		}
	case Float:
		if k == 0 {
			return Float(0), nil
		}
	}
	return x, nil
}

// Add inserts x (a scalar, or each element of a vector).
func (s *Set) Add(x Value) error {
	if v, ok := x.(*Vector); ok {
		for i := 0; i < v.n; i++ {
			if err := s.Add(v.Get(i)); err != nil {
				return err
			}
		}
		return nil
	}
	if s.typ == VOID {
		s.typ = x.Type()
		s.scale = scaleOf(x)
	}
	k, err := normKey(s.typ, s.scale, x)
	if err != nil {
		return err
	}
	if _, ok := s.index[k]; !ok {
		s.index[k] = len(s.keys)
		s.keys = append(s.keys, k)
	}
	return nil
}

// Contains reports whether x is in the set.
func (s *Set) Contains(x Value) bool {
	k, err := normKey(s.typ, s.scale, x)
	if err != nil {
		return false
	}
	_, ok := s.index[k]
	return ok
}

// Remove deletes x, reporting whether it was present.
func (s *Set) Remove(x Value) bool {
	k, err := normKey(s.typ, s.scale, x)
	if err != nil {
		return false
	}
	i, ok := s.index[k]
	if !ok {
		return false
	}
	delete(s.index, k)
	copy(s.keys[i:], s.keys[i+1:])
	s.keys = s.keys[:len(s.keys)-1]
	for j := i; j < len(s.keys); j++ {
		s.index[s.keys[j]] = j
	}
	return true
}

// Clear removes every element.
func (s *Set) Clear() {
	s.index = map[Value]int{}
	s.keys = nil
}

// Keys returns the elements as a typed vector.
func (s *Set) Keys() *Vector {
	return vectorOf(s.typ, s.scale, s.keys)
}

// Clone copies the set.
func (s *Set) Clone() *Set {
	r := NewSet(s.typ)
	r.scale = s.scale
	for _, k := range s.keys {
		r.index[k] = len(r.keys)
		r.keys = append(r.keys, k)
	}
	return r
}

// vectorOf stores scalars already of type t into a new vector (a tuple for
// ANY).
func vectorOf(t Type, scale int32, xs []Value) *Vector {
	if t == ANY {
		return NewTuple(append([]Value(nil), xs...))
	}
	v := NewVector(t, len(xs))
	v.scale = scale
	for i, x := range xs {
		v.store(i, x)
	}
	return v
}

// String is set(e1,e2,...) with elements in script form.
func (s *Set) String() string {
	var b strings.Builder
	b.WriteString("set(")
	for i, k := range s.keys {
		if i == DisplayRows {
			b.WriteString("...")
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(scriptWithNull(k))
	}
	b.WriteByte(')')
	return b.String()
}
