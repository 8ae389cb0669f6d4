// This file defines Pair, the a:b form: two scalars of one type.

package value

import "fmt"

// Pair holds two scalars of one type in a 2-element vector.
type Pair struct {
	v *Vector
	// dur marks a pair of durations (-5s:0s, a window join's window): no
	// DURATION vector exists, so they are kept in a tuple.
	dur bool
}

// NewPair builds a:b. Numeric operands of different types widen to the
// common type; VOID takes the other operand's type.
func NewPair(a, b Value) (*Pair, error) {
	if a.Form() != SCALAR || b.Form() != SCALAR {
		return nil, fmt.Errorf("The operands of a pair must be scalars")
	}
	if a.Type() == DURATION && b.Type() == DURATION {
		return &Pair{v: NewTuple([]Value{a, b}), dur: true}, nil
	}
	v, ok := MakeVector([]Value{a, b}).(*Vector)
	if !ok || v.typ == ANY {
		if a.Type() == VOID && b.Type() == VOID {
			return &Pair{v: NewTuple([]Value{a, b})}, nil
		}
		return nil, fmt.Errorf("The two operands of a pair must have the same data type")
	}
	return &Pair{v: v}, nil
}

// PairOf wraps a 2-element vector as a pair (not copied).
func PairOf(v *Vector) *Pair { return &Pair{v: v} }

func (p *Pair) Type() Type {
	if p.dur {
		return DURATION
	}
	return p.v.typ
}
func (p *Pair) Form() Form { return PAIR }

// First returns a of a:b.
func (p *Pair) First() Value { return p.v.Get(0) }

// Second returns b of a:b.
func (p *Pair) Second() Value { return p.v.Get(1) }

// Get returns element i (0 or 1).
func (p *Pair) Get(i int) Value { return p.v.Get(i) }

// Len is 2.
func (p *Pair) Len() int { return 2 }

// Vector returns the pair's 2-element storage (shared).
func (p *Pair) Vector() *Vector { return p.v }

// String is "a : b", elements in script form ("Hello" : "World", 00i : 5).
func (p *Pair) String() string {
	return scriptWithNull(p.First()) + " : " + scriptWithNull(p.Second())
}
