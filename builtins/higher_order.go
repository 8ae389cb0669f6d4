// This file declares the higher-order functions each eachLeft eachRight
// eachPre eachPost accumulate reduce call iif, assembling results by
// DolphinDB's default rule (assemble).

package builtins

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

var higherOrderFuncs = []*Func{
	{Name: "each", Params: []string{"func", "X", "[Y...]"}, Kind: System, Doc: "Applies func to each element (column, row) of the arguments.", Impl: eachImpl},
	{Name: "eachLeft", Params: []string{"func", "X", "Y"}, Kind: System, Doc: "func(X[i], Y) for each i.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return eachSide(env, a, true) }},
	{Name: "eachRight", Params: []string{"func", "X", "Y"}, Kind: System, Doc: "func(X, Y[i]) for each i.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return eachSide(env, a, false) }},
	{Name: "eachPre", Params: []string{"func", "X", "[pre]"}, Kind: System, Doc: "func(X[i], X[i-1]); X[-1] is pre or NULL.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return eachAdj(env, a, true) }},
	{Name: "eachPost", Params: []string{"func", "X", "[post]"}, Kind: System, Doc: "func(X[i], X[i+1]); X[n] is post or NULL.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return eachAdj(env, a, false) }},
	{Name: "accumulate", Params: []string{"func", "X", "[init]"}, Kind: System, Doc: "Running reduction, every intermediate result.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return fold(env, a, true) }},
	{Name: "reduce", Params: []string{"func", "X", "[init]"}, Kind: System, Doc: "Reduction, final result.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return fold(env, a, false) }},
	{Name: "call", Params: []string{"func", "[args...]"}, Kind: System, Doc: "func(args...).", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		f, err := argFunc("call", a[0])
		if err != nil {
			return nil, err
		}
		return env.Call(f, a[1:])
	}},
	{Name: "iif", Params: []string{"cond", "trueResult", "falseResult"}, Kind: Operator, Doc: "Element-wise cond ? trueResult : falseResult.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return iif(a[0], a[1], a[2], false) }},
}

func registerHigherOrder(r *Registry) { r.Register(higherOrderFuncs...) }

func argFunc(name string, v value.Value) (value.Function, error) {
	f, ok := v.(value.Function)
	if !ok {
		return nil, fmt.Errorf("%s: the first argument must be a function", name)
	}
	return f, nil
}

func eachImpl(env value.Env, a []value.Value) (value.Value, error) {
	f, err := argFunc("each", a[0])
	if err != nil {
		return nil, err
	}
	lists := make([][]value.Value, len(a)-1)
	n := -1
	for i, x := range a[1:] {
		if x.Form() == value.SCALAR {
			continue
		}
		lists[i] = elems(x)
		if n >= 0 && len(lists[i]) != n {
			return nil, sizeMismatch(n, len(lists[i]))
		}
		n = len(lists[i])
	}
	if n < 0 {
		n = 1
	}
	rs := make([]value.Value, n)
	for k := range rs {
		args := make([]value.Value, len(lists))
		for i := range lists {
			if lists[i] == nil {
				args[i] = a[i+1]
			} else {
				args[i] = lists[i][k]
			}
		}
		r, err := env.Call(f, args)
		if err != nil {
			return nil, err
		}
		rs[k] = r
	}
	return assemble(rs), nil
}

func eachSide(env value.Env, a []value.Value, left bool) (value.Value, error) {
	f, err := argFunc("eachLeft", a[0])
	if err != nil {
		return nil, err
	}
	side := a[2]
	if left {
		side = a[1]
	}
	es := elems(side)
	rs := make([]value.Value, len(es))
	for i, e := range es {
		args := []value.Value{a[1], e}
		if left {
			args = []value.Value{e, a[2]}
		}
		if rs[i], err = env.Call(f, args); err != nil {
			return nil, err
		}
	}
	if d, ok := side.(*value.Dict); ok {
		return dictLike(d, rs)
	}
	return assemble(rs), nil
}

// dictLike returns a dictionary with d's keys mapped to vals: the value
// type is the scalars' common type, else ANY.
func dictLike(d *value.Dict, vals []value.Value) (*value.Dict, error) {
	vt := value.ANY
	for i, v := range vals {
		if v == nil || v.Form() != value.SCALAR || (i > 0 && v.Type() != vt) {
			vt = value.ANY
			break
		}
		vt = v.Type()
	}
	out := value.NewDict(d.KeyType(), vt, d.Ordered())
	for i, v := range vals {
		if err := out.Set(d.KeyAt(i), v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func eachAdj(env value.Env, a []value.Value, pre bool) (value.Value, error) {
	f, err := argFunc("eachPre", a[0])
	if err != nil {
		return nil, err
	}
	es := elems(a[1])
	var edge value.Value = value.Void{}
	if len(a) > 2 && a[2] != nil {
		edge = a[2]
	}
	rs := make([]value.Value, len(es))
	for i, e := range es {
		other := edge
		if pre && i > 0 {
			other = es[i-1]
		} else if !pre && i < len(es)-1 {
			other = es[i+1]
		}
		if rs[i], err = env.Call(f, []value.Value{e, other}); err != nil {
			return nil, err
		}
	}
	return assemble(rs), nil
}

func fold(env value.Env, a []value.Value, all bool) (value.Value, error) {
	f, err := argFunc("reduce", a[0])
	if err != nil {
		return nil, err
	}
	if unaryFunc(f) && len(a) > 2 && a[2] != nil {
		return iterate(env, f, a[1], a[2], all)
	}
	es := elems(a[1])
	var acc value.Value
	var rs []value.Value
	start := 0
	if len(a) > 2 && a[2] != nil {
		acc = a[2]
	} else if len(es) > 0 {
		acc, start = es[0], 1
		rs = append(rs, acc)
	}
	for _, e := range es[start:] {
		if acc, err = env.Call(f, []value.Value{acc, e}); err != nil {
			return nil, err
		}
		rs = append(rs, acc)
	}
	if !all {
		if acc == nil {
			return value.Void{}, nil
		}
		return acc, nil
	}
	return assemble(rs), nil
}

// unaryFunc reports whether f takes exactly one argument.
func unaryFunc(f value.Function) bool {
	if b, ok := f.(*Builtin); ok {
		return b.Decl.MaxArgs == 1
	}
	if p, ok := f.(value.ParamNamer); ok {
		return len(p.ParamNames()) == 1
	}
	return false
}

// iterate applies unary f to init repeatedly: count times (an integer X)
// or while the condition function X holds.
func iterate(env value.Env, f value.Function, x, init value.Value, all bool) (value.Value, error) {
	acc := init
	rs := []value.Value{acc}
	cond, isCond := x.(value.Function)
	n, _ := value.ToInt64(x)
	for i := int64(0); ; i++ {
		if isCond {
			c, err := env.Call(cond, []value.Value{acc})
			if err != nil {
				return nil, err
			}
			if !argBool(c, false) {
				break
			}
		} else if i >= n {
			break
		}
		if err := env.CheckCancel(); err != nil {
			return nil, err
		}
		r, err := env.Call(f, []value.Value{acc})
		if err != nil {
			return nil, err
		}
		acc = r
		rs = append(rs, acc)
	}
	if all {
		return assemble(rs), nil
	}
	return acc, nil
}
