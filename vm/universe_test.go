// This file builds a small test universe of operator functions, so the VM
// tests do not depend on package builtins.

package vm

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

type testFunc struct {
	name   string
	params []string
	fn     func(env value.Env, args []value.Value) (value.Value, error)
}

func (f *testFunc) Type() value.Type     { return value.FUNCTIONDEF }
func (f *testFunc) Form() value.Form     { return value.SCALAR }
func (f *testFunc) String() string       { return f.name }
func (f *testFunc) Name() string         { return f.name }
func (f *testFunc) ParamNames() []string { return f.params }
func (f *testFunc) Call(env value.Env, args []value.Value) (value.Value, error) {
	return f.fn(env, args)
}

func arith(name string, op func(a, b float64) float64, iop func(a, b int64) int64, cmp bool) *testFunc {
	return &testFunc{name: name, params: []string{"X", "Y"}, fn: func(env value.Env, args []value.Value) (value.Value, error) {
		x, y := args[0], args[1]
		if xv, ok := x.(*value.Vector); ok {
			if iop != nil && xv.Type() == value.INT && y.Type() == value.INT && y.Form() == value.SCALAR {
				b := int32(y.(value.Int))
				src := xv.Ints()
				out := value.NewVector(value.INT, len(src))
				dst := out.Ints()
				for i, a := range src {
					dst[i] = int32(iop(int64(a), int64(b)))
				}
				return out, nil
			}
			res := make([]value.Value, xv.Len())
			for i := range res {
				var yi value.Value = y
				if yv, ok := y.(*value.Vector); ok {
					yi = yv.Get(i)
				}
				r, err := arith(name, op, iop, cmp).fn(env, []value.Value{xv.Get(i), yi})
				if err != nil {
					return nil, err
				}
				res[i] = r
			}
			return value.MakeVector(res), nil
		}
		if x.Form() != value.SCALAR || y.Form() != value.SCALAR {
			return nil, fmt.Errorf("%s: unsupported operands", name)
		}
		if x.Type() == value.STRING || y.Type() == value.STRING {
			if name == "add" {
				return value.String(x.String() + y.String()), nil
			}
			if name == "eq" {
				return boolOf(x.String() == y.String()), nil
			}
			return nil, fmt.Errorf("Arguments for %s method can not be string.", name)
		}
		if cmp {
			a, _ := value.ToFloat64(x)
			b, _ := value.ToFloat64(y)
			return boolOf(op(a, b) != 0), nil
		}
		if x.Type() == value.DOUBLE || y.Type() == value.DOUBLE {
			a, _ := value.ToFloat64(x)
			b, _ := value.ToFloat64(y)
			return value.Double(op(a, b)), nil
		}
		a, _ := value.ToInt64(x)
		b, _ := value.ToInt64(y)
		if x.Type() == value.LONG || y.Type() == value.LONG {
			return value.Long(iop(a, b)), nil
		}
		return value.Int(int32(iop(a, b))), nil
	}}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// namedFunc reports the spelling of its arguments, as table() uses it.
type namedFunc struct{ testFunc }

func (f *namedFunc) CallNamed(env value.Env, args []value.Value, argNames []string) (value.Value, error) {
	return value.String(fmt.Sprint(argNames)), nil
}

func testUniverse() map[string]value.Function {
	fs := []*testFunc{
		arith("add", func(a, b float64) float64 { return a + b }, func(a, b int64) int64 { return a + b }, false),
		arith("sub", func(a, b float64) float64 { return a - b }, func(a, b int64) int64 { return a - b }, false),
		arith("mul", func(a, b float64) float64 { return a * b }, func(a, b int64) int64 { return a * b }, false),
		arith("div", func(a, b float64) float64 { return a / b }, func(a, b int64) int64 { return a / b }, false),
		arith("mod", func(a, b float64) float64 { return a - b }, func(a, b int64) int64 { return a % b }, false),
		arith("lt", func(a, b float64) float64 { return b2f(a < b) }, nil, true),
		arith("le", func(a, b float64) float64 { return b2f(a <= b) }, nil, true),
		arith("gt", func(a, b float64) float64 { return b2f(a > b) }, nil, true),
		arith("ge", func(a, b float64) float64 { return b2f(a >= b) }, nil, true),
		arith("eq", func(a, b float64) float64 { return b2f(a == b) }, nil, true),
		arith("ne", func(a, b float64) float64 { return b2f(a != b) }, nil, true),
		arith("and", func(a, b float64) float64 { return b2f(a != 0 && b != 0) }, nil, true),
		arith("or", func(a, b float64) float64 { return b2f(a != 0 || b != 0) }, nil, true),
		{name: "neg", params: []string{"X"}, fn: func(env value.Env, args []value.Value) (value.Value, error) {
			return arith("sub", nil, func(a, b int64) int64 { return a - b }, false).fn(env, []value.Value{value.Int(0), args[0]})
		}},
		{name: "not", params: []string{"X"}, fn: func(env value.Env, args []value.Value) (value.Value, error) {
			b, err := truthy(args[0])
			return boolOf(!b), err
		}},
		{name: "pair", params: []string{"X", "Y"}, fn: func(env value.Env, args []value.Value) (value.Value, error) {
			return value.NewPair(args[0], args[1])
		}},
		{name: "seq", params: []string{"X", "Y"}, fn: func(env value.Env, args []value.Value) (value.Value, error) {
			return value.Seq(args[0], args[1])
		}},
		{name: "print", params: []string{"X"}, fn: func(env value.Env, args []value.Value) (value.Value, error) {
			for _, a := range args {
				fmt.Fprintln(env.Out(), a.String())
			}
			return nil, nil
		}},
		{name: "size", params: []string{"X"}, fn: func(env value.Env, args []value.Value) (value.Value, error) {
			if v, ok := args[0].(*value.Vector); ok {
				return value.Int(v.Len()), nil
			}
			return value.Int(1), nil
		}},
		{name: "iif", params: []string{"cond", "trueResult", "falseResult"}, fn: func(env value.Env, args []value.Value) (value.Value, error) {
			c := args[0].(*value.Vector)
			out := make([]value.Value, c.Len())
			for i := range out {
				if c.Int8s()[i] == 1 {
					out[i] = elemAt(args[1], i)
				} else {
					out[i] = elemAt(args[2], i)
				}
			}
			return value.MakeVector(out), nil
		}},
		{name: "each", params: []string{"func", "X"}, fn: func(env value.Env, args []value.Value) (value.Value, error) {
			f := args[0].(value.Function)
			x := args[1].(*value.Vector)
			out := make([]value.Value, x.Len())
			for i := range out {
				var err error
				if out[i], err = env.Call(f, []value.Value{x.Get(i)}); err != nil {
					return nil, err
				}
			}
			return value.MakeVector(out), nil
		}},
		{name: "range", params: []string{"start", "step", "count"}, fn: func(env value.Env, args []value.Value) (value.Value, error) {
			parts := []string{}
			for _, a := range args {
				if a == nil {
					parts = append(parts, "nil")
				} else {
					parts = append(parts, a.String())
				}
			}
			return value.String(fmt.Sprint(parts)), nil
		}},
		{name: "boom", fn: func(env value.Env, args []value.Value) (value.Value, error) {
			panic("kaboom")
		}},
		{name: "alloc", params: []string{"n"}, fn: func(env value.Env, args []value.Value) (value.Value, error) {
			n, _ := value.ToInt64(args[0])
			return value.NewVector(value.LONG, int(n)), nil
		}},
	}
	m := map[string]value.Function{"names": &namedFunc{testFunc{name: "names"}}}
	for _, f := range fs {
		m[f.name] = f
	}
	return m
}
