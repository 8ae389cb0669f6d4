// This file compiles expressions.

package compile

import (
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/resolve"
	"github.com/porpoisedb/porpoise/lang/token"
)

// binaryOps maps operator symbols and words to built-in function names.
var binaryOps = map[string]string{
	"+": "add", "-": "sub", "*": "mul", "/": "div", "\\": "ratio", "%": "mod",
	"**": "dot", "$": "cast", "<-": "join", ":": "pair", "..": "seq",
	"==": "eq", "!=": "ne", "<>": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge",
	"&": "bitAnd", "|": "bitOr", "^": "bitXor", "<<": "lshift", ">>": "rshift",
	"&&": "and", "||": "or", "and": "and", "or": "or", "in": "in", "like": "like",
	"ilike": "ilike", "between": "between", "mod": "mod", "div": "div", "xor": "xor",
	"@": "at", "=": "eq",
}

var fastKinds = map[string]int32{
	"add": FastAdd, "sub": FastSub, "mul": FastMul, "lt": FastLT, "le": FastLE,
	"gt": FastGT, "ge": FastGE, "eq": FastEQ, "ne": FastNE,
}

// adverbs maps adverb letters to the higher-order built-ins.
var adverbs = map[byte]string{
	'E': "each", 'L': "eachLeft", 'R': "eachRight", 'P': "eachPre", 'O': "eachPost",
	'A': "accumulate", 'T': "reduce", 'G': "groupby", 'C': "cross", 'X': "contextby",
	'H': "byRow", 'V': "byColumn",
}

// OperatorName returns the built-in function implementing a binary
// operator symbol or word ("+" -> "add").
func OperatorName(op string) string {
	if n, ok := binaryOps[op]; ok {
		return n
	}
	return op
}

// isConst reports an expression folded into one constant: a literal, a
// negated number, or a vector/array literal of those.
func isConst(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Literal:
		return true
	case *ast.UnaryExpr:
		l, ok := e.X.(*ast.Literal)
		return ok && e.Op == "-" && (l.Kind == ast.LitNumber || l.Kind == ast.LitDecimal)
	case *ast.VectorLit:
		for _, x := range e.Elems {
			if !isConst(x) {
				return false
			}
		}
		return true
	case *ast.ArrayLit:
		for _, x := range e.Elems {
			if !isConst(x) {
				return false
			}
		}
		return true
	}
	return false
}

// constExpr returns the constant index of a parameter default.
func (f *fcomp) constExpr(e ast.Expr) int32 {
	if isConst(e) {
		return f.c.constant(Const{Kind: ConstLiteral, Expr: e})
	}
	if p, ok := e.(*ast.ParenExpr); ok {
		return f.constExpr(p.X)
	}
	if id, ok := e.(*ast.Ident); ok {
		if b := f.c.res.Idents[id]; b != nil && b.Scope == resolve.Const {
			return f.c.constName(id.Name)
		}
	}
	f.c.errorf(e.Pos(), "The default value of a parameter must be a constant.")
	return 0
}

func (f *fcomp) load(id *ast.Ident) {
	b := f.c.res.Idents[id]
	if b == nil {
		f.c.errorf(id.Pos(), "Cannot recognize the token %s", id.Name)
	}
	switch b.Scope {
	case resolve.Local:
		f.emit(LOCAL, int32(b.Index), 0)
	case resolve.Free:
		f.emit(FREE, int32(b.Index), 0)
	case resolve.Global:
		f.setPos(id.Pos())
		f.emit(GLOBAL, int32(b.Index), f.c.name(id.Name))
	case resolve.Func:
		f.setPos(id.Pos())
		f.emit(FUNC, f.c.name(b.Name), 0)
	case resolve.Builtin:
		f.setPos(id.Pos())
		f.emit(BUILTIN, f.c.name(b.Name), 0)
	case resolve.Const:
		f.emit(CONST, f.c.constName(b.Name), 0)
	case resolve.Shared:
		f.setPos(id.Pos())
		f.emit(SHARED, f.c.name(b.Name), 0)
	default:
		f.setPos(id.Pos())
		f.emit(DYNAMIC, f.c.name(b.Name), 0)
	}
}

func (f *fcomp) store(id *ast.Ident) {
	b := f.c.res.Idents[id]
	if b == nil {
		f.c.errorf(id.Pos(), "Cannot recognize the token %s", id.Name)
	}
	switch b.Scope {
	case resolve.Local:
		f.emit(SETLOCAL, int32(b.Index), 0)
	case resolve.Global:
		f.emit(SETGLOBAL, int32(b.Index), f.c.name(id.Name))
	default:
		f.c.errorf(id.Pos(), "Can't assign to %s", id.Name)
	}
}

func (f *fcomp) binop(name string) {
	f.emit(BINOP, f.c.name(name), fastKinds[name])
}

func (f *fcomp) expr(e ast.Expr) {
	if isConst(e) {
		f.emit(CONST, f.c.constant(Const{Kind: ConstLiteral, Expr: e}), 0)
		return
	}
	switch e := e.(type) {
	case *ast.Ident:
		f.load(e)
	case *ast.VectorLit:
		f.exprs(e.Elems)
		f.setPos(e.Pos())
		f.emit(VECTOR, int32(len(e.Elems)), 0)
	case *ast.ArrayLit:
		f.exprs(e.Elems)
		f.setPos(e.Pos())
		f.emit(VECTOR, int32(len(e.Elems)), 0)
	case *ast.TupleLit:
		f.exprs(e.Elems)
		f.emit(TUPLE, int32(len(e.Elems)), 0)
	case *ast.DictLit:
		for i, k := range e.Keys {
			if id, ok := k.(*ast.Ident); ok {
				f.emit(CONST, f.c.str(id.Name), 0)
			} else {
				f.expr(k)
			}
			f.expr(e.Values[i])
		}
		f.setPos(e.Pos())
		f.emit(DICT, int32(len(e.Keys)), 0)
	case *ast.OpFunc:
		f.emit(BUILTIN, f.c.name(OperatorName(e.Op)), 0)
	case *ast.ParenExpr:
		f.expr(e.X)
	case *ast.UnaryExpr:
		f.expr(e.X)
		f.setPos(e.OpPos)
		name := "not"
		if e.Op == "-" {
			name = "neg"
		}
		f.emit(UNOP, f.c.name(name), 0)
	case *ast.BinaryExpr:
		f.binary(e)
	case *ast.TernaryExpr:
		f.ternary(e)
	case *ast.CallExpr:
		f.call(e)
	case *ast.PartialExpr:
		f.callee(e.Fun)
		f.callArgs(e.Args, e.Pos(), PARTIAL, PARTIALKW)
	case *ast.IndexExpr:
		f.index(e)
	case *ast.SliceExpr:
		f.c.errorf(e.Pos(), "A slice can only be used as an index.")
	case *ast.SelectorExpr:
		f.expr(e.X)
		f.setPos(e.Sel.Pos())
		f.emit(MEMBER, f.c.name(e.Sel.Name), 0)
	case *ast.AdverbExpr:
		f.emit(BUILTIN, f.c.name(adverbs[e.Kind]), 0)
		f.callee(e.Fun)
		f.setPos(e.ColonPos)
		f.emit(PARTIAL, 0, 1)
	case *ast.FuncLit:
		f.lambda(e)
	case *ast.AliasedExpr: // the alias only names the argument (argNames)
		f.expr(e.X)
	case *ast.RefExpr:
		f.load(e.X)
	case *ast.MetaCode:
		k := f.c.constant(Const{Kind: ConstCode, Node: e.X, Str: "metacode"})
		captured := f.c.res.MetaCaptures[e]
		if len(captured) == 0 {
			f.emit(CONST, k, 0)
			break
		}
		for _, id := range captured {
			f.emit(CONST, f.c.str(id.Name), 0)
			if b := f.c.res.Idents[id]; b != nil && b.Scope == resolve.Local {
				// B=1: a variable not assigned yet leaves its name alone.
				f.emit(LOCAL, int32(b.Index), 1)
				continue
			}
			f.load(id)
		}
		f.setPos(e.Pos())
		f.emit(METACODE, k, int32(len(captured)))
	case *ast.SelectExpr:
		f.setPos(e.Pos())
		f.emit(SQL, f.c.constant(Const{Kind: ConstCode, Node: e}), 0)
	case *ast.MacroVar:
		f.c.errorf(e.Pos(), "Macro variables can only be used in SQL statements.")
	default:
		f.c.errorf(e.Pos(), "This expression can only be used in SQL statements.")
	}
}

func (f *fcomp) exprs(list []ast.Expr) {
	for _, e := range list {
		f.expr(e)
	}
}

// comparisons are the operators that chain: X < Y <= Z is X<Y && Y<=Z.
var comparisons = map[string]bool{"<": true, "<=": true, ">": true, ">=": true, "==": true, "!=": true, "<>": true}

// chain returns the operands and operators of a comparison chain ending in
// e, or nil when e does not continue a chain. A parenthesized comparison
// is an operand, not a link.
func chain(e *ast.BinaryExpr) (operands []ast.Expr, ops []*ast.BinaryExpr) {
	if e.Fun != nil || !comparisons[e.Op] {
		return nil, nil
	}
	x, ok := e.X.(*ast.BinaryExpr)
	if !ok || x.Fun != nil || !comparisons[x.Op] {
		return nil, nil
	}
	operands, ops = chain(x)
	if operands == nil {
		operands, ops = []ast.Expr{x.X, x.Y}, []*ast.BinaryExpr{x}
	}
	return append(operands, e.Y), append(ops, e)
}

// comparisonChain compiles X op1 Y op2 Z ... as (X op1 Y) and (Y op2 Z)
// and ..., evaluating each operand once (the shared ones via a temporary).
func (f *fcomp) comparisonChain(operands []ast.Expr, ops []*ast.BinaryExpr) {
	tmp := int32(f.rf.AddTemp())
	f.expr(operands[0])
	for i, op := range ops {
		if i > 0 {
			f.emit(LOCAL, tmp, 0)
		}
		f.expr(operands[i+1])
		if i < len(ops)-1 {
			f.emit(DUP, 0, 0)
			f.emit(SETLOCAL, tmp, 0)
		}
		f.setPos(op.OpPos)
		f.binop(OperatorName(op.Op))
		if i > 0 {
			f.binop("and")
		}
	}
}

// reversedAdverbs are the adverbs whose optional initial value is written
// first: init <op>:A X and func:A(init, X) are accumulate(func, X, init).
var reversedAdverbs = map[byte]bool{'A': true, 'T': true, 'P': true}

func (f *fcomp) binary(e *ast.BinaryExpr) {
	if e.Fun != nil {
		if adv, ok := e.Fun.(*ast.AdverbExpr); ok && reversedAdverbs[adv.Kind] {
			f.emit(BUILTIN, f.c.name(adverbs[adv.Kind]), 0)
			f.callee(adv.Fun)
			f.expr(e.Y)
			f.expr(e.X)
			f.setPos(e.OpPos)
			f.emit(CALL, 0, 3)
			return
		}
		f.callee(e.Fun)
		f.expr(e.X)
		f.expr(e.Y)
		f.setPos(e.OpPos)
		f.emit(CALL, 0, 2)
		return
	}
	if operands, ops := chain(e); operands != nil {
		f.comparisonChain(operands, ops)
		return
	}
	f.expr(e.X)
	f.expr(e.Y)
	f.setPos(e.OpPos)
	switch e.Op {
	case "not in", "not like", "not ilike", "not between":
		f.binop(OperatorName(e.Op[4:]))
		f.emit(UNOP, f.c.name("not"), 0)
	case "is":
		f.binop("eq")
	case "is not":
		f.binop("ne")
	default:
		f.binop(OperatorName(e.Op))
	}
}

// ternary: a scalar condition evaluates one branch; a vector condition
// evaluates both and selects element-wise with iif.
func (f *fcomp) ternary(e *ast.TernaryExpr) {
	f.expr(e.Cond)
	f.setPos(e.Cond.Pos())
	t := f.emit(TERNARY, 0, 0)
	f.expr(e.Then)
	j := f.emit(JMP, 0, 0)
	f.patch(t)
	f.depth--
	f.expr(e.Else)
	j2 := f.emit(JMP, 0, 0)
	f.fn.Code[t].B = f.here()
	f.depth++ // the vector condition stays on the stack
	f.expr(e.Then)
	f.expr(e.Else)
	f.setPos(e.Cond.Pos())
	f.emit(CALLFN, f.c.name("iif"), 3)
	f.patch(j)
	f.patch(j2)
}

// callee compiles a function position.
func (f *fcomp) callee(fun ast.Expr) {
	f.expr(fun)
}

func (f *fcomp) call(e *ast.CallExpr) {
	if adv, ok := e.Fun.(*ast.AdverbExpr); ok {
		// f:E(x) is each(f, x): no partial application is built.
		f.emit(BUILTIN, f.c.name(adverbs[adv.Kind]), 0)
		f.callee(adv.Fun)
		args := append([]ast.Arg{{Value: nil}}, e.Args...)
		if reversedAdverbs[adv.Kind] && len(e.Args) == 2 && !hasKeywords(e.Args) {
			args[1], args[2] = args[2], args[1]
		}
		f.callArgsSkip(args, e.Pos(), 1)
		return
	}
	if id, ok := e.Fun.(*ast.Ident); ok && !hasKeywords(e.Args) {
		if b := f.c.res.Idents[id]; b != nil && b.Scope == resolve.Func {
			for _, a := range e.Args {
				f.optExpr(a.Value)
			}
			f.setPos(e.Pos())
			if names := argNames(e.Args); names != nil {
				f.emit(ARGNAMES, f.c.kwnames(names), 0)
			}
			f.emit(CALLFN, f.c.name(b.Name), int32(len(e.Args)))
			f.writeBack(e.Args)
			return
		}
	}
	f.callee(e.Fun)
	f.callArgs(e.Args, e.Pos(), CALL, CALLKW)
	if !hasKeywords(e.Args) {
		f.writeBack(e.Args)
	}
}

// writeBack emits WRITEBACK after a positional call when some arguments are
// plain variables, which a mutable parameter of the callee may update.
func (f *fcomp) writeBack(args []ast.Arg) {
	var refs []ArgRef
	for i, a := range args {
		id, ok := a.Value.(*ast.Ident)
		if !ok {
			continue
		}
		b := f.c.res.Idents[id]
		if b == nil {
			continue
		}
		switch b.Scope {
		case resolve.Local:
			refs = append(refs, ArgRef{Arg: i, Slot: b.Index})
		case resolve.Global:
			refs = append(refs, ArgRef{Arg: i, Global: true, Slot: b.Index})
		}
	}
	if refs == nil {
		return
	}
	f.c.prog.ArgRefs = append(f.c.prog.ArgRefs, refs)
	f.emit(WRITEBACK, int32(len(f.c.prog.ArgRefs)-1), 0)
}

// argNames returns the spelling of each argument that is a plain variable
// ("" for others), or nil when there is none: built-ins such as table use
// them to name columns.
func argNames(args []ast.Arg) []string {
	var names []string
	for i, a := range args {
		name := ""
		switch x := a.Value.(type) {
		case *ast.Ident:
			name = x.Name
		case *ast.AliasedExpr:
			name = x.Alias
		}
		if name != "" {
			if names == nil {
				names = make([]string, len(args))
			}
			names[i] = name
		}
	}
	return names
}

func hasKeywords(args []ast.Arg) bool {
	for _, a := range args {
		if a.Name != "" {
			return true
		}
	}
	return false
}

// callArgs compiles arguments and the call (or partial application).
func (f *fcomp) callArgs(args []ast.Arg, pos token.Pos, op, kwop Opcode) {
	var kw []string
	for _, a := range args {
		if a.Name != "" {
			kw = append(kw, a.Name)
		} else if len(kw) > 0 {
			f.c.errorf(pos, "Positional arguments must precede keyword arguments.")
		}
		if a.Value == nil {
			f.emit(NIL, 0, 0)
		} else {
			f.expr(a.Value)
		}
	}
	f.setPos(pos)
	if kw != nil {
		f.emit(kwop, f.c.kwnames(kw), int32(len(args)))
		return
	}
	f.emit(op, 0, int32(len(args)))
}

// callArgsSkip is callArgs for an adverb call whose first n arguments (the
// function) are already on the stack.
func (f *fcomp) callArgsSkip(args []ast.Arg, pos token.Pos, n int) {
	var kw []string
	for _, a := range args[n:] {
		if a.Name != "" {
			kw = append(kw, a.Name)
		}
		if a.Value == nil {
			f.emit(NIL, 0, 0)
		} else {
			f.expr(a.Value)
		}
	}
	f.setPos(pos)
	if kw != nil {
		f.emit(CALLKW, f.c.kwnames(kw), int32(len(args)))
		return
	}
	f.emit(CALL, 0, int32(len(args)))
}

func (f *fcomp) index(e *ast.IndexExpr) {
	f.expr(e.X)
	if len(e.Indices) == 1 {
		if s, ok := e.Indices[0].(*ast.SliceExpr); ok {
			f.optExpr(s.Lo)
			f.optExpr(s.Hi)
			f.setPos(e.Lbrack)
			f.emit(SLICE, 0, 0)
			return
		}
	}
	for _, i := range e.Indices {
		f.optExpr(i)
	}
	f.setPos(e.Lbrack)
	f.emit(INDEX, int32(len(e.Indices)), 0)
}

func (f *fcomp) optExpr(e ast.Expr) {
	if e == nil {
		f.emit(NIL, 0, 0)
		return
	}
	if s, ok := e.(*ast.SliceExpr); ok {
		f.optExpr(s.Lo)
		f.optExpr(s.Hi)
		f.emit(RANGE, 0, 0)
		return
	}
	f.expr(e)
}

// lambda compiles a FuncLit and the closure creation capturing its free
// variables by value.
func (f *fcomp) lambda(e *ast.FuncLit) {
	fn := f.c.function(e, "", e.Params, e.Body, e.Expr, e.Aggregate)
	rf := f.c.res.Funcs[e]
	for i, b := range rf.Free {
		switch b.Scope {
		case resolve.Local:
			f.emit(LOCAL, int32(b.Index), 0)
		case resolve.Free:
			f.emit(FREE, int32(b.Index), 0)
		case resolve.Global:
			f.emit(GLOBAL, int32(b.Index), f.c.name(rf.FreeName[i]))
		}
	}
	f.setPos(e.Pos())
	f.emit(MAKEFUNC, int32(fn.Index), int32(len(rf.Free)))
}
