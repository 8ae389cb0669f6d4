// This file declares the metaprogramming functions and defines the ones
// that build expressions rather than queries: expr, binaryExpr,
// unifiedExpr, makeUnifiedCall, sqlTuple and objByName. It also splices
// values that have no literal (a lambda, a partial application, a matrix,
// a DFS table's handle) into metacode, as a call of __metaValue with the
// value's number.

package sql

import (
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// metaFuncs are the metaprogramming functions. They are declared here,
// next to their implementations, and replace any declaration of the same
// name in funcs (engine.go), so that one table holds each signature.
var metaFuncs = []*builtins.Func{
	{Name: "sql", Params: []string{"select", "from", "[where]", "[groupBy]", "[groupFlag]", "[csort]", "[ascSort]", "[having]", "[orderBy]", "[ascOrder]", "[limit]", "[hint]", "[exec]", "[map]", "[cgroupBy]"}, Kind: builtins.System, Doc: "Builds a select query as metacode.", Impl: fnSQL, Named: fnSQLNamed},
	{Name: "sqlCol", Params: []string{"colName", "[func]", "[alias]", "[qualifier]"}, Kind: builtins.System, Doc: "Metacode of a column, optionally wrapped in a function and aliased.", Impl: fnSQLCol},
	{Name: "sqlColAlias", Params: []string{"colDefs", "[colNames]"}, Kind: builtins.System, Doc: "Metacode of a column expression with an alias.", Impl: fnSQLColAlias},
	{Name: "sqlTuple", Params: []string{"colNames"}, Kind: builtins.System, Doc: "Metacode of a tuple of columns.", Impl: fnSQLTuple},
	{Name: "sqlUpdate", Params: []string{"table", "updates", "[from]", "[where]", "[contextBy]", "[csort]", "[ascSort]", "[having]"}, Kind: builtins.System, Doc: "Builds an update statement as metacode.", Impl: fnSQLUpdate, Named: fnSQLUpdateNamed},
	{Name: "sqlDelete", Params: []string{"table", "[where]", "[from]"}, Kind: builtins.System, Doc: "Builds a delete statement as metacode.", Impl: fnSQLDelete, Named: fnSQLDeleteNamed},
	{Name: "makeCall", Params: []string{"F", "args..."}, MinArgs: 1, MaxArgs: -1, Kind: builtins.System, Doc: "Metacode of a call of F with args, not run.", Impl: fnMakeCall},
	{Name: "makeUnifiedCall", Params: []string{"func", "args"}, Kind: builtins.System, Doc: "Metacode of a call of func with the elements of the tuple args, not run.", Impl: fnMakeUnifiedCall},
	{Name: "expr", Params: []string{"args..."}, MinArgs: 2, MaxArgs: -1, Kind: builtins.System, Doc: "Metacode of objects, operators and metacode written in a row.", Impl: fnExpr},
	{Name: "binaryExpr", Params: []string{"X", "Y", "optr"}, Kind: builtins.System, Doc: "Metacode of X optr Y.", Impl: fnBinaryExpr},
	{Name: "unifiedExpr", Params: []string{"objs", "optrs"}, Kind: builtins.System, Doc: "Metacode of the objects joined by the binary operators.", Impl: fnUnifiedExpr},
	{Name: "objByName", Params: []string{"name", "[sharedVar]"}, Kind: builtins.System, Doc: "The object a variable name refers to, looked up when called.", Impl: fnObjByName},
	{Name: metaValueFunc, Params: []string{"id"}, Kind: builtins.System, Doc: "A value spliced into metacode (metaprogramming's own).", Impl: fnMetaValue},
}

func init() {
	for _, f := range metaFuncs {
		declare(f)
	}
}

// declare puts f in funcs, in place of a declaration of the same name.
func declare(f *builtins.Func) {
	for i, g := range funcs {
		if g.Name == f.Name {
			funcs[i] = f
			return
		}
	}
	funcs = append(funcs, f)
}

// metaValueFunc is the function metacode calls for a spliced value.
const metaValueFunc = "__metaValue"

// metaValues holds the spliced values by number until the literal holding
// the number (and so the metacode) is collected.
var (
	metaValues sync.Map // int64 -> spliced
	metaSeq    atomic.Int64
)

// spliced is a value spliced into metacode and the name it shows as (""
// for the value's own text).
type spliced struct {
	v    value.Value
	name string
}

// embedValue is syntax that evaluates to v itself: __metaValue(n).
func embedValue(v value.Value) ast.Expr {
	return embedNamed(v, "")
}

// embedNamed splices v in, shown as name; a table without a name shows
// as a bound table does (its rows would not fit on a line).
func embedNamed(v value.Value, name string) ast.Expr {
	id := metaSeq.Add(1)
	s := strconv.FormatInt(id, 10)
	if name == "" && v != nil && v.Form() == value.TABLE {
		name = "__table" + s
	}
	lit := &ast.Literal{Kind: ast.LitNumber, Type: uint8(value.LONG), Text: s, Raw: s + "l"}
	metaValues.Store(id, spliced{v, name})
	runtime.AddCleanup(lit, func(k int64) { metaValues.Delete(k) }, id)
	return &ast.CallExpr{Fun: &ast.Ident{Name: metaValueFunc}, Args: []ast.Arg{{Value: lit}}}
}

// embedded is the value a __metaValue call splices in.
func embedded(c *ast.CallExpr) (spliced, bool) {
	if len(c.Args) != 1 {
		return spliced{}, false
	}
	lit, ok := c.Args[0].Value.(*ast.Literal)
	if !ok {
		return spliced{}, false
	}
	id, err := strconv.ParseInt(lit.Text, 10, 64)
	if err != nil {
		return spliced{}, false
	}
	v, ok := metaValues.Load(id)
	if !ok {
		return spliced{}, false
	}
	return v.(spliced), true
}

// embeddedText shows a spliced value by its name, or as DolphinDB shows
// the object.
func embeddedText(c *ast.CallExpr) string {
	sp, ok := embedded(c)
	switch {
	case !ok:
		return ast.Print(c)
	case sp.name != "":
		return sp.name
	}
	return valueText(sp.v)
}

func fnMetaValue(_ value.Env, a []value.Value) (value.Value, error) {
	if !given(a, 0) {
		return nil, fmt.Errorf("%s: the number of a spliced value is missing", metaValueFunc)
	}
	id, ok := value.ToInt64(a[0])
	if ok {
		if sp, found := metaValues.Load(id); found {
			return sp.(spliced).v, nil
		}
	}
	return nil, fmt.Errorf("%s: no value was spliced into metacode as %s", metaValueFunc, a[0].String())
}

// fnMakeUnifiedCall is makeUnifiedCall(func, args): the metacode of func
// called with the elements of the tuple args (their values, written as
// literals, or their metacode), or with the elements of metacode of a
// tuple (the expressions: makeUnifiedCall(add, <(x, y)>) is < add(x, y) >);
// any other args is the one argument.
func fnMakeUnifiedCall(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	fn, ok := a[0].(value.Function)
	if !ok {
		return nil, fmt.Errorf("makeUnifiedCall: func must be a function")
	}
	if !given(a, 1) {
		return nil, fmt.Errorf("makeUnifiedCall: args must be a tuple or metacode")
	}
	call := &ast.CallExpr{Fun: funcExpr(ev, fn)}
	switch x := a[1].(type) {
	case codeValue:
		e, ok := x.SQLNode().(ast.Expr)
		if !ok {
			return nil, fmt.Errorf("makeUnifiedCall: args must be a tuple or metacode")
		}
		if t, isTuple := unparen(e).(*ast.TupleLit); isTuple {
			for _, el := range t.Elems {
				call.Args = append(call.Args, ast.Arg{Value: el})
			}
		} else {
			// Metacode of one expression is the one argument, as the
			// manual's makeUnifiedCall(cumsum, sqlCol("price")) is
			// < cumsum(price) >.
			call.Args = []ast.Arg{{Value: e}}
		}
	case *value.Vector:
		if x.Type() != value.ANY {
			call.Args = []ast.Arg{{Value: valueExpr(ev, x)}}
			break
		}
		for _, el := range x.Elems() {
			call.Args = append(call.Args, ast.Arg{Value: valueExpr(ev, el)})
		}
	default:
		call.Args = []ast.Arg{{Value: valueExpr(ev, x)}}
	}
	return newCode(ev, call), nil
}

// fnSQLTuple is sqlTuple(colNames): metacode of the tuple of the columns.
func fnSQLTuple(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	if !isStrings(a[0]) {
		return nil, fmt.Errorf("sqlTuple: colNames must be a string scalar or vector")
	}
	t := &ast.TupleLit{}
	for _, n := range stringList(a[0]) {
		t.Elems = append(t.Elems, &ast.Ident{Name: n})
	}
	return newCode(ev, t), nil
}

// fnObjByName is objByName(name, [sharedVar]): the object a name refers to
// when the call runs: a variable of the calling function or the session,
// else a shared object.
func fnObjByName(env value.Env, a []value.Value) (value.Value, error) {
	var name string
	switch x := a[0].(type) {
	case value.String:
		name = string(x)
	case value.Symbol:
		name = string(x)
	default:
		return nil, fmt.Errorf("objByName: name must be a string scalar")
	}
	if given(a, 1) {
		// Env looks local variables and shared objects up as one; which of
		// the two a name found is not known here.
		return nil, fmt.Errorf("objByName: sharedVar is not supported yet")
	}
	v, ok := env.Var(name)
	if !ok {
		return nil, fmt.Errorf("Can't find the object with name %s", name)
	}
	return v, nil
}

// operator symbols of the built-ins that have one, for metacode built from
// function values (expr(6, <, 8) is < 6 < 8 >).
var operatorSymbols = map[string]string{
	"add": "+", "sub": "-", "mul": "*", "div": "/", "ratio": "\\", "mod": "%",
	"cast": "$", "join": "<-", "pair": ":", "seq": "..",
	"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">=",
	"bitAnd": "&", "bitOr": "|", "bitXor": "^", "lshift": "<<", "rshift": ">>",
	"and": "and", "or": "or", "in": "in", "like": "like", "between": "between",
}

// binaryOf is x f y: an operator expression when f is an operator's
// built-in, else the call f(x, y) written infix.
func binaryOf(ev Evaluator, x ast.Expr, f value.Function, y ast.Expr) ast.Expr {
	if sym, ok := operatorSymbols[f.Name()]; ok && sameBuiltin(ev, f) {
		return &ast.BinaryExpr{X: x, Op: sym, Y: y}
	}
	return &ast.CallExpr{Fun: funcExpr(ev, f), Args: []ast.Arg{{Value: x}, {Value: y}}}
}

// sameBuiltin reports whether f is the function its name finds.
func sameBuiltin(ev Evaluator, f value.Function) bool {
	g, ok := ev.LookupFunc(f.Name())
	return ok && sameFunc(f, g)
}

// opPrec is the precedence of f used as a binary operator.
func opPrec(ev Evaluator, f value.Function) int {
	if sym, ok := operatorSymbols[f.Name()]; ok && sameBuiltin(ev, f) {
		if p, ok := ast.MetaOpPrec(sym); ok {
			return p
		}
	}
	return ast.MetaPrecMul
}

// infixChain joins operands with binary operators as the parser would
// read them written in a row: by precedence, left to right within one
// level (unifiedExpr((a, b, c), [+, *]) is a + b * c).
func infixChain(ev Evaluator, operands []ast.Expr, ops []value.Function) ast.Expr {
	out := []ast.Expr{operands[0]}
	var stack []value.Function
	reduce := func() {
		n := len(out)
		out = append(out[:n-2], binaryOf(ev, out[n-2], stack[len(stack)-1], out[n-1]))
		stack = stack[:len(stack)-1]
	}
	for i, op := range ops {
		for len(stack) > 0 && opPrec(ev, stack[len(stack)-1]) >= opPrec(ev, op) {
			reduce()
		}
		stack = append(stack, op)
		out = append(out, operands[i+1])
	}
	for len(stack) > 0 {
		reduce()
	}
	return out[0]
}

// fnExpr is expr(args...): objects (written as literals), metacode and
// operators in a row, as metacode: expr(a, +, 1) is < 6 + 1 > when a is
// 6; a function and one operand is the function applied to it
// (expr(sum, 1 2 3) is < sum [1,2,3] >, expr(not, <a>) is < ! a >).
func fnExpr(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	for i, x := range a {
		if x == nil {
			return nil, fmt.Errorf("expr: argument %d is missing", i+1)
		}
	}
	if f, ok := a[0].(value.Function); ok && len(a) == 2 {
		x := valueExpr(ev, a[1])
		var e ast.Expr
		switch {
		case f.Name() == "not" && sameBuiltin(ev, f):
			e = &ast.UnaryExpr{Op: "!", X: x}
		case f.Name() == "neg" && sameBuiltin(ev, f):
			e = &ast.UnaryExpr{Op: "-", X: x}
		default:
			e = &ast.CallExpr{Fun: funcExpr(ev, f), Args: []ast.Arg{{Value: x}}, Style: ast.CallJuxta}
		}
		return newCode(ev, e), nil
	}
	if len(a)%2 == 0 {
		return nil, fmt.Errorf("expr: the arguments must be objects (or metacode) with a binary operator between each two")
	}
	operands := make([]ast.Expr, 0, len(a)/2+1)
	ops := make([]value.Function, 0, len(a)/2)
	for i, x := range a {
		if i%2 == 1 {
			f, ok := x.(value.Function)
			if !ok {
				return nil, fmt.Errorf("expr: argument %d must be a binary operator", i+1)
			}
			ops = append(ops, f)
			continue
		}
		operands = append(operands, valueExpr(ev, x))
	}
	return newCode(ev, infixChain(ev, operands, ops)), nil
}

// fnBinaryExpr is binaryExpr(X, Y, optr): metacode of X optr Y; a tuple X
// (of metacode or values) gives a tuple of metacode, element by element
// with a tuple Y of the same length or with Y itself.
func fnBinaryExpr(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	op, ok := a[2].(value.Function)
	if !ok {
		return nil, fmt.Errorf("binaryExpr: optr must be a binary operator")
	}
	if !given(a, 0) || !given(a, 1) {
		return nil, fmt.Errorf("binaryExpr: X and Y must be given")
	}
	xs, xTuple := a[0].(*value.Vector)
	if !xTuple || xs.Type() != value.ANY {
		return newCode(ev, binaryOf(ev, valueExpr(ev, a[0]), op, valueExpr(ev, a[1]))), nil
	}
	ys, yTuple := a[1].(*value.Vector)
	yTuple = yTuple && ys.Type() == value.ANY
	if yTuple && ys.Len() != xs.Len() {
		return nil, fmt.Errorf("binaryExpr: X and Y must have the same length")
	}
	out := make([]value.Value, xs.Len())
	for i := range out {
		y := a[1]
		if yTuple {
			y = ys.Get(i)
		}
		out[i] = newCode(ev, binaryOf(ev, valueExpr(ev, xs.Get(i)), op, valueExpr(ev, y)))
	}
	return value.NewTuple(out), nil
}

// fnUnifiedExpr is unifiedExpr(objs, optrs): metacode of the 2 to 1024
// elements of the tuple objs joined by the size(objs)-1 binary operators
// optrs (one operator for two objects).
func fnUnifiedExpr(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	objs, ok := a[0].(*value.Vector)
	if !ok || objs.Type() != value.ANY || objs.Len() < 2 || objs.Len() > 1024 {
		return nil, fmt.Errorf("unifiedExpr: objs must be a tuple of 2 to 1024 elements")
	}
	var ops []value.Function
	switch x := a[1].(type) {
	case value.Function:
		ops = []value.Function{x}
	case *value.Vector:
		for _, el := range x.Elems() {
			f, ok := el.(value.Function)
			if !ok {
				return nil, fmt.Errorf("unifiedExpr: optrs must be binary operators")
			}
			ops = append(ops, f)
		}
	default:
		return nil, fmt.Errorf("unifiedExpr: optrs must be binary operators")
	}
	if len(ops) != objs.Len()-1 {
		return nil, fmt.Errorf("unifiedExpr: optrs must have size(objs)-1 = %d operators", objs.Len()-1)
	}
	operands := make([]ast.Expr, objs.Len())
	for i := range operands {
		operands[i] = valueExpr(ev, objs.Get(i))
	}
	return newCode(ev, infixChain(ev, operands, ops)), nil
}
