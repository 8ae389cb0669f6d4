// This file declares the logical operators and, or, not: numbers act as
// booleans (non-zero is true); && with a null gives null, || ignores a
// single null (language.md §5.4).

package builtins

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

var logicFuncs = []*Func{
	{Name: "and", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X && Y; a null operand gives null.", Impl: logicImpl(andB)},
	{Name: "or", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X || Y; a single null operand is ignored.", Impl: logicImpl(orB)},
	{Name: "not", Params: []string{"X"}, Kind: Operator, Doc: "!X; null stays null.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return not(a[0]) }},
	// The SQL predicates notIn, notLike and notBetween (x notIn y) are these
	// functions used as infix operators.
	{Name: "notIn", Params: []string{"X", "Y"}, Kind: Operator, Doc: "not in(X, Y).", Impl: negated(inImpl)},
	{Name: "notLike", Params: []string{"X", "pattern"}, Kind: Operator, Doc: "not like(X, pattern).", Impl: negated(likeImpl(false))},
	{Name: "notBetween", Params: []string{"X", "Y"}, Kind: Operator, Doc: "not between(X, Y).", Impl: negated(betweenImpl)},
}

// negated is f's result negated.
func negated(f Impl) Impl {
	return func(env value.Env, a []value.Value) (value.Value, error) {
		v, err := f(env, a)
		if err != nil {
			return nil, err
		}
		return not(v)
	}
}

func registerLogic(r *Registry) { r.Register(logicFuncs...) }

const nb = value.NullBool

func andB(a, b int8) int8 {
	if a == nb || b == nb {
		return nb
	}
	return a & b
}

func orB(a, b int8) int8 {
	switch {
	case a == nb:
		return b
	case b == nb:
		return a
	}
	return a | b
}

// bools returns an operand as BOOL storage: 1, 0 or NullBool.
func bools(o *operand) ([]int8, error) {
	switch kindOf(o.t) {
	case kI8:
		return toBools(as[int8](o, false), value.NullChar), nil
	case kI16:
		return toBools(as[int16](o, false), value.NullShort), nil
	case kI32:
		return toBools(as[int32](o, false), value.NullInt), nil
	case kI64:
		return toBools(as[int64](o, false), value.NullLong), nil
	case kF32:
		return toBools(as[float32](o, false), value.NullFloat), nil
	case kF64:
		return toBools(as[float64](o, false), value.NullDouble), nil
	}
	if o.t == value.VOID {
		if o.scalar {
			return []int8{nb}, nil
		}
		out := make([]int8, o.len())
		for i := range out {
			out[i] = nb
		}
		return out, nil
	}
	return nil, fmt.Errorf("The argument of a logical operation must be numeric, not %s.", o.t)
}

func toBools[S num](s []S, null S) []int8 {
	out := make([]int8, len(s))
	for i, x := range s {
		switch {
		case x == null:
			out[i] = nb
		case x != 0:
			out[i] = 1
		}
	}
	return out
}

func logicImpl(f func(a, b int8) int8) Impl {
	return func(_ value.Env, args []value.Value) (value.Value, error) {
		return logic(f, args[0], args[1])
	}
}

func logic(f func(a, b int8) int8, x, y value.Value) (value.Value, error) {
	if r, ok, err := mapForms2(x, y, func(a, b value.Value) (value.Value, error) { return logic(f, a, b) }); ok {
		return r, err
	}
	a, b := newOperand(x), newOperand(y)
	n, err := bcastLen(&a, &b)
	if err != nil {
		return nil, err
	}
	av, err := bools(&a)
	if err != nil {
		return nil, err
	}
	bv, err := bools(&b)
	if err != nil {
		return nil, err
	}
	res := newResult[int8](value.BOOL, 0, n, a.scalar && b.scalar)
	ma, mb := masks(len(av), len(bv))
	for i := range res.out {
		res.out[i] = f(av[i&ma], bv[i&mb])
	}
	return res.value(), nil
}

func not(x value.Value) (value.Value, error) {
	if r, ok, err := mapForms1(x, not); ok {
		return r, err
	}
	a := newOperand(x)
	av, err := bools(&a)
	if err != nil {
		return nil, err
	}
	res := newResult[int8](value.BOOL, 0, len(av), a.scalar)
	for i, v := range av {
		if v == nb {
			res.out[i] = nb
		} else {
			res.out[i] = 1 - v
		}
	}
	return res.value(), nil
}
