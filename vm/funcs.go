// This file defines the session-level built-ins that need the VM: eval,
// parseExpr, defined, undef, objs, funcByName, runScript and call. The
// session adds them to its universe.

package vm

import (
	"errors"
	"sort"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/lang/parser"
	"github.com/porpoisedb/porpoise/lang/resolve"
	"github.com/porpoisedb/porpoise/lang/token"
	"github.com/porpoisedb/porpoise/vm/value"
)

// sessFunc is a built-in bound to a session.
type sessFunc struct {
	name   string
	params []string
	min    int
	sess   *Session
	impl   func(t *Thread, args []value.Value) (value.Value, error)
}

func (f *sessFunc) Type() value.Type     { return value.FUNCTIONDEF }
func (f *sessFunc) Form() value.Form     { return value.SCALAR }
func (f *sessFunc) String() string       { return f.name }
func (f *sessFunc) Name() string         { return f.name }
func (f *sessFunc) ParamNames() []string { return f.params }
func (f *sessFunc) variadic() bool       { return len(f.params) > 0 && f.params[len(f.params)-1] == "args" }
func (f *sessFunc) arityError(n int) error {
	return errorf("The function [%s] expects %d~%d argument(s), but the actual number of arguments is: %d", f.name, f.min, len(f.params), n)
}

func (f *sessFunc) Call(env value.Env, args []value.Value) (value.Value, error) {
	if len(args) < f.min || len(args) > len(f.params) && !f.variadic() {
		return nil, f.arityError(len(args))
	}
	t, ok := env.(*Thread)
	if !ok || t.sess != f.sess {
		t = f.sess.newThread()
	}
	return f.impl(t, args)
}

func sessionFunctions(s *Session) map[string]value.Function {
	fs := []*sessFunc{
		{name: "eval", params: []string{"expr"}, min: 1, impl: fnEval},
		{name: "parseExpr", params: []string{"text", "varDict"}, min: 1, impl: fnParseExpr},
		{name: "defined", params: []string{"names", "type"}, min: 1, impl: fnDefined},
		{name: "undef", params: []string{"obj", "objType"}, min: 1, impl: fnUndef},
		{name: "objs", params: []string{"shared"}, min: 0, impl: fnObjs},
		{name: "funcByName", params: []string{"name"}, min: 1, impl: fnFuncByName},
		{name: "runScript", params: []string{"script"}, min: 1, impl: fnRunScript},
		{name: "call", params: []string{"func", "args"}, min: 1, impl: fnCall},
	}
	m := make(map[string]value.Function, len(fs))
	for _, f := range fs {
		f.sess = s
		m[f.name] = f
	}
	return m
}

// eval runs metacode in the caller's session.
func fnEval(t *Thread, args []value.Value) (value.Value, error) {
	c, ok := args[0].(*Code)
	if !ok && (args[0] == nil || args[0].Type() == value.VOID && args[0].Form() == value.SCALAR) {
		// eval(NULL) is NULL: the metaprogramming tutorial's bundleQuery
		// evaluates a list of queries whose unused entries are NULL.
		return args[0], nil
	}
	if !ok {
		return nil, errorf("eval: the argument must be metacode.")
	}
	e, ok := c.Node.(ast.Expr)
	var r value.Value
	var err error
	switch {
	case !ok:
		r, err = t.sql(c)
	case c.Vars != nil:
		r, err = t.EvalIn(e, func(name string) (value.Value, bool) { return dictVar(c.Vars, name) })
	default:
		r, err = t.evalExpr(e, c.Src)
	}
	return r, unknownObject(err)
}

// unknownObject words an unknown name in evaluated metacode as DolphinDB
// does: the names are looked up when the code runs, so the parseExpr page's
// query of a function's local table fails with "Can't find the object with
// name t3", not with a syntax error.
func unknownObject(err error) error {
	var re *resolve.Error
	if err == nil || !errors.As(err, &re) {
		return err
	}
	if name, ok := strings.CutPrefix(re.Msg, "Cannot recognize the token "); ok {
		return errorf("Can't find the object with name %s", name)
	}
	return err
}

// dictVar looks name up among the string keys of parseExpr's varDict.
func dictVar(d *value.Dict, name string) (value.Value, bool) {
	for i := 0; i < d.Len(); i++ {
		if d.KeyAt(i).String() == name {
			return d.ValueAt(i), true
		}
	}
	return nil, false
}

func (t *Thread) evalExpr(e ast.Expr, src string) (value.Value, error) {
	file := token.NewFile("eval", []byte(src))
	res, err := resolve.Expr(file, e, t.sess)
	if err != nil {
		return nil, err
	}
	prog, err := compile.Expr(file, e, res)
	if err != nil {
		return nil, err
	}
	return t.runProgram(prog)
}

func fnParseExpr(t *Thread, args []value.Value) (value.Value, error) {
	s, ok := args[0].(value.String)
	if !ok {
		return nil, errorf("parseExpr: the argument must be a string.")
	}
	e, err := parser.ParseExpr(string(s))
	if err != nil {
		return nil, err
	}
	c := &Code{Node: e, Src: string(s)}
	if len(args) > 1 && args[1] != nil {
		d, ok := args[1].(*value.Dict)
		if !ok || d.KeyType() != value.STRING && d.KeyType() != value.SYMBOL {
			return nil, errorf("parseExpr: varDict must be a dictionary whose keys are strings.")
		}
		c.Vars = d
	}
	return c, nil
}

// names returns the STRING scalar or vector argument as a list.
func names(v value.Value) ([]string, bool, error) {
	switch x := v.(type) {
	case value.String:
		return []string{string(x)}, true, nil
	case value.Symbol:
		return []string{string(x)}, true, nil
	case *value.Vector:
		out := make([]string, x.Len())
		for i := range out {
			out[i] = x.Get(i).String()
		}
		return out, false, nil
	}
	return nil, false, errorf("The object names must be strings.")
}

func objKind(args []value.Value) int {
	if len(args) > 1 && args[1] != nil {
		if n, ok := toInt(args[1]); ok {
			return n
		}
	}
	return 0
}

func fnDefined(t *Thread, args []value.Value) (value.Value, error) {
	list, scalar, err := names(args[0])
	if err != nil {
		return nil, err
	}
	kind := objKind(args)
	out := make([]int8, len(list))
	for i, n := range list {
		var ok bool
		switch kind {
		case 1:
			_, ok = t.sess.shared.Get(n)
		case 2:
			_, ok = t.sess.lookupFunc(n)
		default:
			_, ok = t.Var(n)
		}
		if ok {
			out[i] = 1
		}
	}
	if scalar {
		return value.Bool(out[0]), nil
	}
	return value.NewBoolVector(out), nil
}

func fnUndef(t *Thread, args []value.Value) (value.Value, error) {
	list, _, err := names(args[0])
	if err != nil {
		return nil, err
	}
	s := t.sess
	for _, n := range list {
		switch objKind(args) {
		case 1:
			s.shared.Delete(n)
		case 2:
			delete(s.funcs, n)
		default:
			if i, ok := s.globalIdx[n]; ok {
				s.globals[i] = nil
			}
		}
	}
	return nil, nil
}

func fnObjs(t *Thread, args []value.Value) (value.Value, error) {
	s := t.sess
	type obj struct {
		name   string
		v      value.Value
		shared bool
	}
	var list []obj
	for i, v := range s.globals {
		if v != nil {
			list = append(list, obj{s.globalNm[i], v, false})
		}
	}
	if len(args) > 0 && args[0] != nil {
		if b, _ := truthy(args[0]); b {
			for _, n := range s.shared.Names() {
				v, _ := s.shared.Get(n)
				list = append(list, obj{n, v, true})
			}
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].name < list[j].name })
	nm := make([]string, len(list))
	ty := make([]string, len(list))
	fm := make([]string, len(list))
	sh := make([]int8, len(list))
	for i, o := range list {
		nm[i], ty[i], fm[i] = o.name, o.v.Type().String(), o.v.Form().String()
		if o.shared {
			sh[i] = 1
		}
	}
	return value.NewTable([]string{"name", "type", "form", "shared"},
		[]value.Value{value.NewStringVector(nm), value.NewStringVector(ty), value.NewStringVector(fm), value.NewBoolVector(sh)})
}

func fnFuncByName(t *Thread, args []value.Value) (value.Value, error) {
	n, ok := args[0].(value.String)
	if !ok {
		return nil, errorf("funcByName: the argument must be a string.")
	}
	if f, ok := t.sess.lookupFunc(string(n)); ok {
		return f, nil
	}
	// An operator by its symbol is its function (the funcByName page's
	// f("+", 1 2 3, 4 5 6)).
	if op := compile.OperatorName(string(n)); op != string(n) {
		if f, ok := t.sess.lookupFunc(op); ok {
			return f, nil
		}
	}
	return nil, errorf("Can't find function %s", string(n))
}

func fnRunScript(t *Thread, args []value.Value) (value.Value, error) {
	src, ok := args[0].(value.String)
	if !ok {
		return nil, errorf("runScript: the argument must be a string.")
	}
	script, err := parser.Parse("runScript", []byte(src))
	if err != nil {
		return nil, err
	}
	file := script.File
	if file == nil {
		file = token.NewFile("runScript", []byte(src))
	}
	var result value.Value
	for _, chunk := range script.Chunks {
		v, err := t.runChunk(file, chunk)
		if err != nil {
			return nil, err
		}
		result = v
	}
	return result, nil
}

func fnCall(t *Thread, args []value.Value) (value.Value, error) {
	return t.call(args[0], args[1:], nil, nil)
}
