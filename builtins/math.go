// This file declares the element-wise math family: exponentials, logs,
// trigonometry, rounding, abs/signum, pow, clip, gcd/lcm and friends.
// Each function is an element operation on float64 (or on the storage type
// for the type-preserving ones) lifted by floatUnary / floatBinary /
// keepUnary, which handle every form, broadcasting and nulls.

package builtins

import (
	"fmt"
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

func f1(name, doc string, f func(float64) float64) *Func {
	return &Func{Name: name, Params: []string{"X"}, Kind: Operator, Doc: doc, Impl: floatUnary(name, f)}
}

func f2(name, doc string, p []string, f func(a, b float64) float64) *Func {
	return &Func{Name: name, Params: p, Kind: Operator, Doc: doc, Impl: floatBinary(name, f)}
}

var mathFuncs = []*Func{
	f1("sqrt", "Square root, DOUBLE.", math.Sqrt),
	f1("cbrt", "Cube root, DOUBLE.", math.Cbrt),
	f1("exp", "e^X, DOUBLE.", math.Exp),
	f1("exp2", "2^X, DOUBLE.", math.Exp2),
	f1("expm1", "e^X - 1, DOUBLE.", math.Expm1),
	f1("log2", "Base-2 logarithm.", math.Log2),
	f1("log10", "Base-10 logarithm.", math.Log10),
	f1("log1p", "log(1+X).", math.Log1p),
	f1("sin", "Sine.", math.Sin),
	f1("cos", "Cosine.", math.Cos),
	f1("tan", "Tangent.", math.Tan),
	f1("asin", "Arc sine.", math.Asin),
	f1("acos", "Arc cosine.", math.Acos),
	f1("atan", "Arc tangent.", math.Atan),
	f1("sinh", "Hyperbolic sine.", math.Sinh),
	f1("cosh", "Hyperbolic cosine.", math.Cosh),
	f1("tanh", "Hyperbolic tangent.", math.Tanh),
	f1("asinh", "Inverse hyperbolic sine.", math.Asinh),
	f1("acosh", "Inverse hyperbolic cosine.", math.Acosh),
	f1("atanh", "Inverse hyperbolic tangent.", math.Atanh),
	f1("deg2rad", "Degrees to radians.", func(x float64) float64 { return x * math.Pi / 180 }),
	f1("rad2deg", "Radians to degrees.", func(x float64) float64 { return x * 180 / math.Pi }),
	f1("reciprocal", "1/X as DOUBLE.", func(x float64) float64 { return 1 / x }),
	f1("square", "X*X as DOUBLE.", func(x float64) float64 { return x * x }),
	f1("sigmoid", "1/(1+e^-X).", func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }),
	f2("pow", "X^Y as DOUBLE.", []string{"base", "X"}, math.Pow),
	f2("atan2", "Angle of (X, Y): atan2(Y, X).", []string{"Y", "X"}, math.Atan2),
	{Name: "log", Params: []string{"X", "[Y]"}, Kind: Operator, Doc: "Natural logarithm; log(X, Y) is log base Y.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		if len(a) > 1 && a[1] != nil {
			return floatBinary("log", func(x, b float64) float64 { return math.Log(x) / math.Log(b) })(env, a)
		}
		return floatUnary("log", math.Log)(env, a)
	}},
	{Name: "abs", Params: []string{"X"}, Kind: Operator, Doc: "Absolute value, keeping X's type.", Impl: keepUnary("abs", func(x int64) int64 {
		if x < 0 {
			return -x
		}
		return x
	}, math.Abs)},
	{Name: "signum", Params: []string{"X"}, Kind: Operator, Doc: "-1, 0 or 1 as INT.", Impl: intUnary("signum", func(x float64) float64 {
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return 0
	})},
	{Name: "floor", Params: []string{"X"}, Kind: Operator, Doc: "Largest integer <= X.", Impl: roundLike("floor", math.Floor)},
	{Name: "ceil", Params: []string{"X"}, Kind: Operator, Doc: "Smallest integer >= X.", Impl: roundLike("ceil", math.Ceil)},
	{Name: "round", Params: []string{"X", "[scale]"}, Kind: Operator, Doc: "Rounds half away from zero to scale decimals.", Impl: roundImpl},
	{Name: "clip", Params: []string{"X", "Y", "Z"}, Kind: Operator, Doc: "Limits X to [Y, Z].", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		r, err := clipSide(a[0], a[1], true)
		if err != nil {
			return nil, err
		}
		return clipSide(r, a[2], false)
	}},
	{Name: "gcd", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Greatest common divisor.", Impl: intBinary("gcd", gcd)},
	{Name: "lcm", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Least common multiple.", Impl: intBinary("lcm", func(a, b int64) int64 {
		if a == 0 || b == 0 {
			return 0
		}
		g := gcd(a, b)
		r := a / g * b
		if r < 0 {
			return -r
		}
		return r
	})},
	{Name: "isNanInf", Params: []string{"X", "[includeNull]"}, Kind: Operator, Doc: "Whether each element is NaN or infinite.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		inclNull := len(a) > 1 && argBool(a[1], false)
		return predUnary("isNanInf", a[0], func(x float64) bool {
			return math.IsNaN(x) || math.IsInf(x, 0) || inclNull && x == nullF
		})
	}},
	{Name: "nanInfFill", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Replaces NaN and infinities by Y.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		y, ok := value.ToFloat64(a[1])
		if !ok {
			return nil, fmt.Errorf("Usage: nanInfFill(X, Y). Y must be a numeric scalar.")
		}
		return floatUnary("nanInfFill", func(x float64) float64 {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return y
			}
			return x
		})(env, a[:1])
	}},
	{Name: "eqFloat", Params: []string{"X", "Y", "[precision]"}, Kind: Operator, Doc: "Equality of floats within 10^-precision (default 1e-9).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		p, err := intArg("eqFloat(X, Y, [precision])", a, 2, 9)
		if err != nil {
			return nil, err
		}
		eps := math.Pow(10, -float64(p))
		d, err := floatBinary("eqFloat", func(x, y float64) float64 {
			if math.Abs(x-y) <= eps*math.Max(1, math.Max(math.Abs(x), math.Abs(y))) {
				return 1
			}
			return 0
		})(nil, a[:2])
		if err != nil {
			return nil, err
		}
		return value.Cast(d, value.BOOL)
	}},
	{Name: "between", Params: []string{"X", "Y"}, Kind: Operator, Doc: "X between a:b, inclusive; a null bound is open.", Impl: betweenImpl},
	{Name: "xor", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Logical exclusive or; a null operand gives null.", Impl: logicImpl(func(a, b int8) int8 {
		if a == nb || b == nb {
			return nb
		}
		return a ^ b
	})},
}

func registerMath(r *Registry) {
	r.Register(mathFuncs...)
	r.Alias("sign", "signum")
}

// floatUnary lifts f to any form; the result is DOUBLE, NaN becomes null.
func floatUnary(name string, f func(float64) float64) Impl {
	var g func(x value.Value) (value.Value, error)
	g = func(x value.Value) (value.Value, error) {
		if r, ok, err := mapForms1(x, g); ok {
			return r, err
		}
		a, err := f64s(name, x)
		if err != nil {
			return nil, err
		}
		o := newOperand(x)
		res := newResult[float64](value.DOUBLE, 0, len(a), o.scalar)
		unary(a, res.out, nullF, nullF, func(x float64) (float64, bool) {
			r := f(x)
			return r, r == r
		})
		return res.value(), nil
	}
	return func(_ value.Env, a []value.Value) (value.Value, error) { return g(a[0]) }
}

// floatBinary lifts f to any pair of forms with broadcasting; DOUBLE.
func floatBinary(name string, f func(a, b float64) float64) Impl {
	var g func(x, y value.Value) (value.Value, error)
	g = func(x, y value.Value) (value.Value, error) {
		if r, ok, err := mapForms2(x, y, g); ok {
			return r, err
		}
		av, err := f64s(name, x)
		if err != nil {
			return nil, err
		}
		bv, err := f64s(name, y)
		if err != nil {
			return nil, err
		}
		a, b := newOperand(x), newOperand(y)
		n, err := bcastLen(&a, &b)
		if err != nil {
			return nil, err
		}
		res := newResult[float64](value.DOUBLE, 0, n, a.scalar && b.scalar)
		ma, mb := masks(len(av), len(bv))
		binary(av, bv, res.out, ma, mb, nullF, func(x, y float64) (float64, bool) {
			r := f(x, y)
			return r, r == r
		})
		return res.value(), nil
	}
	return func(_ value.Env, a []value.Value) (value.Value, error) { return g(a[0], a[1]) }
}

// keepUnary applies fi to integral X (in int64, then cast back to X's
// type) and ff to floating X.
func keepUnary(name string, fi func(int64) int64, ff func(float64) float64) Impl {
	var g func(x value.Value) (value.Value, error)
	g = func(x value.Value) (value.Value, error) {
		if r, ok, err := mapForms1(x, g); ok {
			return r, err
		}
		t := x.Type()
		switch {
		case t == value.FLOAT || t == value.DOUBLE || t.IsDecimal():
			r, err := floatUnary(name, ff)(nil, []value.Value{x})
			if err != nil || t == value.DOUBLE {
				return r, err
			}
			return value.Cast(r, t)
		case isIntegral(t) || t == value.VOID:
			o := newOperand(x)
			a := as[int64](&o, false)
			res := newResult[int64](value.LONG, 0, len(a), o.scalar)
			unary(a, res.out, value.NullLong, value.NullLong, func(x int64) (int64, bool) { return fi(x), true })
			if t == value.LONG || t == value.VOID {
				return res.value(), nil
			}
			rt := t
			if numRank(rt) < numRank(value.INT) && name != "abs" {
				rt = value.INT
			}
			return value.Cast(res.value(), rt)
		}
		return nil, fmt.Errorf("The function [%s] expects numeric arguments, but the actual type is %s", name, t)
	}
	return func(_ value.Env, a []value.Value) (value.Value, error) { return g(a[0]) }
}

// intUnary computes in float64 and returns INT.
func intUnary(name string, f func(float64) float64) Impl {
	return func(env value.Env, a []value.Value) (value.Value, error) {
		r, err := floatUnary(name, f)(env, a)
		if err != nil {
			return nil, err
		}
		return value.Cast(r, value.INT)
	}
}

// roundLike is floor/ceil: integral X is returned as is, floating X gives
// an INT (LONG when out of INT range).
func roundLike(name string, f func(float64) float64) Impl {
	return func(env value.Env, a []value.Value) (value.Value, error) {
		t := a[0].Type()
		if isIntegral(t) {
			return a[0], nil
		}
		r, err := floatUnary(name, f)(env, a)
		if err != nil {
			return nil, err
		}
		return value.Cast(r, value.INT)
	}
}

func roundImpl(env value.Env, a []value.Value) (value.Value, error) {
	t := a[0].Type()
	if len(a) < 2 || a[1] == nil {
		if isIntegral(t) {
			return a[0], nil
		}
		return floatUnary("round", roundHalfAway)(env, a[:1])
	}
	d, err := intArg("round(X, [scale])", a, 1, 0)
	if err != nil {
		return nil, err
	}
	if isIntegral(t) && d >= 0 {
		return a[0], nil
	}
	p := math.Pow(10, float64(d))
	return floatUnary("round", func(x float64) float64 {
		r := roundHalfAway(x*p) / p
		if math.IsInf(r, 0) || math.IsNaN(r) {
			return x
		}
		return r
	})(env, a[:1])
}

// roundHalfAway rounds half away from zero, correcting binary
// representation error (2.675 rounds to 2.68 as DolphinDB does).
func roundHalfAway(x float64) float64 {
	r := math.Round(x)
	if d := math.Abs(x - math.Trunc(x)); d != 0.5 && math.Abs(d-0.5) < 8*math.Abs(x)*0x1p-52 {
		if x > 0 {
			return math.Trunc(x) + 1
		}
		return math.Trunc(x) - 1
	}
	return r
}

func gcd(a, b int64) int64 {
	if a < 0 {
		a = -a
	}
	if b < 0 {
		b = -b
	}
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// intBinary lifts an int64 operation with broadcasting; LONG result cast to
// the wider operand type.
func intBinary(name string, f func(a, b int64) int64) Impl {
	var g func(x, y value.Value) (value.Value, error)
	g = func(x, y value.Value) (value.Value, error) {
		if r, ok, err := mapForms2(x, y, g); ok {
			return r, err
		}
		if !isIntegral(x.Type()) || !isIntegral(y.Type()) {
			return nil, fmt.Errorf("The function [%s] expects integral arguments.", name)
		}
		a, b := newOperand(x), newOperand(y)
		n, err := bcastLen(&a, &b)
		if err != nil {
			return nil, err
		}
		av, bv := as[int64](&a, false), as[int64](&b, false)
		res := newResult[int64](value.LONG, 0, n, a.scalar && b.scalar)
		ma, mb := masks(len(av), len(bv))
		binary(av, bv, res.out, ma, mb, value.NullLong, func(x, y int64) (int64, bool) { return f(x, y), true })
		return value.Cast(res.value(), value.CommonType(value.CommonType(x.Type(), y.Type()), value.INT))
	}
	return func(_ value.Env, a []value.Value) (value.Value, error) { return g(a[0], a[1]) }
}

// predUnary evaluates a float predicate element-wise into BOOL.
func predUnary(name string, x value.Value, p func(float64) bool) (value.Value, error) {
	if r, ok, err := mapForms1(x, func(v value.Value) (value.Value, error) { return predUnary(name, v, p) }); ok {
		return r, err
	}
	a, err := f64s(name, x)
	if err != nil {
		return nil, err
	}
	o := newOperand(x)
	res := newResult[int8](value.BOOL, 0, len(a), o.scalar)
	for i, v := range a {
		res.out[i] = b2i(p(v))
	}
	return res.value(), nil
}

// clipSide bounds X from below (lower) or above by Y; a null bound leaves X.
func clipSide(x, y value.Value, lower bool) (value.Value, error) {
	op := opLt
	if !lower {
		op = opGt
	}
	c, err := compareValues(op, x, y)
	if err != nil {
		return nil, err
	}
	yn, err := nullTest(y, true)
	if err != nil {
		return nil, err
	}
	xn, err := nullTest(x, true)
	if err != nil {
		return nil, err
	}
	keep, err := logic(orB, yn, xn)
	if err != nil {
		return nil, err
	}
	notKeep, err := not(keep)
	if err != nil {
		return nil, err
	}
	sel, err := logic(andB, c, notKeep)
	if err != nil {
		return nil, err
	}
	r, err := iif(sel, y, x, false)
	if err != nil {
		return nil, err
	}
	if x.Form() == value.VECTOR && r.Type() != x.Type() {
		return value.Cast(r, x.Type())
	}
	return r, nil
}

func betweenImpl(_ value.Env, a []value.Value) (value.Value, error) {
	var lo, hi value.Value
	switch r := a[1].(type) {
	case *value.Pair:
		lo, hi = r.First(), r.Second()
	case *value.Vector:
		if r.Len() != 2 {
			return nil, fmt.Errorf("Usage: between(X, Y). Y must be a pair or a vector of 2 elements.")
		}
		lo, hi = r.Get(0), r.Get(1)
	default:
		return nil, fmt.Errorf("Usage: between(X, Y). Y must be a pair.")
	}
	ge, err := compareValues(opGe, a[0], lo)
	if err != nil {
		return nil, err
	}
	le, err := compareValues(opLe, a[0], hi)
	if err != nil {
		return nil, err
	}
	if value.IsNull(lo) {
		ge = value.Bool(1)
	}
	if value.IsNull(hi) {
		le = value.Bool(1)
	}
	return logic(andB, ge, le)
}
