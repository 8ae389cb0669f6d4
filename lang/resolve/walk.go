// This file walks statements and expressions, declaring and using names.

package resolve

import (
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

type resolver struct {
	file       *token.File
	env        Env
	res        *Result
	fn         *Function
	chunkVars  map[string]bool // top-level variables assigned so far in this chunk
	chunkFuncs map[string]bool // functions defined in this chunk
	module     string          // the module this chunk defines (module a::b), or ""
	sql        int             // depth inside SQL clauses
	loops      int             // depth of loops in the current function
}

// Chunk resolves the statements of one chunk (the text between two `go`
// statements) against env.
func Chunk(file *token.File, stmts []ast.Stmt, env Env) (res *Result, err error) {
	r := newResolver(file, env)
	r.module = moduleOf(stmts)
	for _, s := range stmts {
		if d, ok := s.(*ast.FuncDecl); ok {
			if r.module != "" && !strings.Contains(d.Name.Name, "::") {
				// The functions of a module are named a::b::f.
				d.Name.Name = r.module + "::" + d.Name.Name
			}
			r.chunkFuncs[d.Name.Name] = true
		}
	}
	defer r.recover(&err)
	r.stmts(stmts)
	return r.res, nil
}

// Expr resolves a stand-alone expression evaluated at the top level of a
// session, as eval and parseExpr do.
func Expr(file *token.File, e ast.Expr, env Env) (res *Result, err error) {
	r := newResolver(file, env)
	defer r.recover(&err)
	r.expr(e)
	return r.res, nil
}

func newResolver(file *token.File, env Env) *resolver {
	top := newFunction(nil, "", nil, nil)
	top.Top = true
	return &resolver{
		file: file,
		env:  env,
		res: &Result{
			Idents: map[*ast.Ident]*Binding{},
			Funcs:  map[ast.Node]*Function{},
			Top:    top,
		},
		fn:         top,
		chunkVars:  map[string]bool{},
		chunkFuncs: map[string]bool{},
	}
}

func newFunction(node ast.Node, name string, params []*ast.Param, parent *Function) *Function {
	f := &Function{Node: node, Name: name, Params: params, parent: parent,
		locals: map[string]int{}, free: map[string]int{}, mutable: map[string]bool{}, params: map[string]bool{},
		consts: map[string]bool{}}
	for _, p := range params {
		f.addLocal(p.Name.Name)
		f.params[p.Name.Name] = true
		f.mutable[p.Name.Name] = p.Mutable
	}
	return f
}

func (f *Function) addLocal(name string) int {
	if i, ok := f.locals[name]; ok {
		return i
	}
	i := len(f.Locals)
	f.Locals = append(f.Locals, name)
	f.locals[name] = i
	return i
}

// AddTemp allocates an unnamed local slot (used by the compiler).
func (f *Function) AddTemp() int {
	i := len(f.Locals)
	f.Locals = append(f.Locals, "")
	return i
}

type bailout struct{ err *Error }

func (r *resolver) recover(err *error) {
	if p := recover(); p != nil {
		b, ok := p.(bailout)
		if !ok {
			panic(p)
		}
		*err = b.err
	}
}

func (r *resolver) errorf(pos token.Pos, name, msg string) {
	panic(bailout{&Error{Pos: r.file.Position(pos), Msg: msg, Name: name}})
}

func (r *resolver) bind(id *ast.Ident, b *Binding) { r.res.Idents[id] = b }

// lookupVar finds a variable visible from f, capturing it into lambdas.
func (r *resolver) lookupVar(f *Function, name string) *Binding {
	if f.Top {
		if r.chunkVars[name] {
			return &Binding{Scope: Global, Index: r.env.NewGlobal(name), Name: name}
		}
		if slot, ok := r.env.Global(name); ok {
			return &Binding{Scope: Global, Index: slot, Name: name}
		}
		return nil
	}
	if i, ok := f.locals[name]; ok {
		return &Binding{Scope: Local, Index: i, Name: name}
	}
	if i, ok := f.free[name]; ok {
		return &Binding{Scope: Free, Index: i, Name: name}
	}
	if _, lambda := f.Node.(*ast.FuncLit); !lambda || f.parent == nil {
		return nil
	}
	outer := r.lookupVar(f.parent, name)
	if outer == nil {
		return nil
	}
	i := len(f.Free)
	f.Free = append(f.Free, outer)
	f.FreeName = append(f.FreeName, name)
	f.free[name] = i
	return &Binding{Scope: Free, Index: i, Name: name}
}

func (r *resolver) isFunc(name string) bool {
	return r.chunkFuncs[name] || r.env.IsFunc(name) || r.env.IsBuiltin(name)
}

// use resolves a name read as a value (call: in call position, where
// functions win over session variables).
func (r *resolver) use(id *ast.Ident, call bool) {
	name := id.Name
	if id.Quoted {
		r.bind(id, &Binding{Scope: Dynamic, Name: name})
		return
	}
	if strings.HasPrefix(name, "::") {
		if r.env.IsBuiltin(name[2:]) {
			r.bind(id, &Binding{Scope: Builtin, Name: name[2:]})
			return
		}
		r.errorf(id.Pos(), name, "Cannot recognize the token "+name)
	}
	if call && !r.fn.Top {
		if b := r.lookupVar(r.fn, name); b != nil {
			r.bind(id, b)
			return
		}
	}
	if call {
		if q, ok := r.funcName(id); ok {
			r.bind(id, &Binding{Scope: Func, Name: q})
			return
		}
	}
	if b := r.lookupVar(r.fn, name); b != nil {
		r.bind(id, b)
		return
	}
	if q, ok := r.funcName(id); ok {
		r.bind(id, &Binding{Scope: Func, Name: q})
		return
	}
	switch {
	case r.env.IsConst(name):
		r.bind(id, &Binding{Scope: Const, Name: name})
	case r.env.IsShared(name):
		r.bind(id, &Binding{Scope: Shared, Name: name})
	case r.sql > 0:
		r.bind(id, &Binding{Scope: Dynamic, Name: name})
	default:
		r.errorf(id.Pos(), name, "Cannot recognize the token "+name)
	}
}

// assigned checks the variable of an assignment: pi, e, INT ... are
// reserved, so `e = 1` can only be a misspelt comparison.
func (r *resolver) assigned(id *ast.Ident) {
	if r.env.IsConst(id.Name) {
		r.errorf(id.Pos(), id.Name, "Please use '==' rather than '=' as equal operator in non-sql expression.")
	}
}

// isConstVar reports a variable of f declared with const x = e.
func (r *resolver) isConstVar(f *Function, name string) bool {
	if f.consts[name] {
		return true
	}
	if f.Top {
		if cv, ok := r.env.(ConstVarEnv); ok && cv.IsConstVar(name) {
			return true
		}
	}
	return false
}

// declareConst marks the variable id, just defined by const id = e, as a
// constant of the current function (and of the session at the top level).
func (r *resolver) declareConst(id *ast.Ident) {
	r.fn.consts[id.Name] = true
	if r.fn.Top {
		if cv, ok := r.env.(ConstVarEnv); ok {
			cv.DeclareConstVar(id.Name)
		}
	}
}

// define binds an assigned name, declaring it if new. compound is set for
// modifications (x += 1, x[i] = v) as opposed to rebinding.
func (r *resolver) define(id *ast.Ident, compound bool) {
	name := id.Name
	f := r.fn
	if f.params[name] && !f.mutable[name] {
		// A parameter without `mutable` can be neither modified nor rebound
		// in the body (https://docs.dolphindb.cn/zh/progr/named_func.html).
		r.errorf(id.Pos(), name, "Constant variable ["+name+"] can't be modified.")
	}
	if r.isConstVar(f, name) {
		r.errorf(id.Pos(), name, "Constant variable ["+name+"] can't be modified.")
	}
	if compound {
		b := r.lookupVar(f, name)
		if b == nil {
			r.errorf(id.Pos(), name, "Cannot recognize the token "+name)
		}
		r.bind(id, b)
		return
	}
	if f.Top {
		r.chunkVars[name] = true
		r.bind(id, &Binding{Scope: Global, Index: r.env.NewGlobal(name), Name: name})
		return
	}
	r.bind(id, &Binding{Scope: Local, Index: f.addLocal(name), Name: name})
}
