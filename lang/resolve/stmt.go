// This file resolves statements and expressions node by node.

package resolve

import "github.com/porpoisedb/porpoise/lang/ast"

func (r *resolver) stmts(list []ast.Stmt) {
	for _, s := range list {
		r.stmt(s)
	}
}

func (r *resolver) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case nil, *ast.EmptyStmt, *ast.Annotation, *ast.GoStmt, *ast.ModuleStmt:
	case *ast.UseStmt:
		r.useModule(s)
	case *ast.ExprStmt:
		r.expr(s.X)
	case *ast.AssignStmt:
		r.assign(s)
	case *ast.BlockStmt:
		r.stmts(s.List)
	case *ast.FuncDecl:
		if !r.fn.Top {
			r.errorf(s.Pos(), s.Name.Name, "Function definitions must be at the top level: "+s.Name.Name)
		}
		r.res.Decls = append(r.res.Decls, s)
		if s.Body == nil && s.Expr == nil {
			return
		}
		r.function(s, s.Name.Name, s.Params, s.Body, s.Expr, nil)
	case *ast.IfStmt:
		r.expr(s.Cond)
		r.stmt(s.Then)
		r.stmt(s.Else)
	case *ast.ForStmt:
		r.expr(s.X)
		for _, v := range s.Vars {
			r.define(v, false)
		}
		r.loop(s.Body)
	case *ast.WhileStmt:
		r.expr(s.Cond)
		r.loop(s.Body)
	case *ast.DoWhileStmt:
		r.loop(s.Body)
		r.expr(s.Cond)
	case *ast.BranchStmt:
		if r.loops == 0 {
			r.errorf(s.Pos(), s.Tok, s.Tok+" must be used inside a loop.")
		}
	case *ast.ReturnStmt:
		r.exprs(s.Results)
	case *ast.TryStmt:
		r.stmt(s.Body)
		if s.CatchVar != nil {
			r.define(s.CatchVar, false)
		}
		if s.Catch != nil {
			r.stmt(s.Catch)
		}
	case *ast.ThrowStmt:
		r.expr(s.X)
	case *ast.ShareStmt:
		r.expr(s.X)
	case *ast.UndefStmt:
		r.sql++ // `undef x` names need not resolve
		r.exprs(s.Args)
		r.sql--
	case *ast.AssertStmt:
		r.expr(s.Sub)
		r.expr(s.X)
	case *ast.TimerStmt:
		r.expr(s.Count)
		r.stmt(s.Body)
	case *ast.TransactionStmt:
		r.stmt(s.Body)
	case *ast.MaprStmt:
		r.mapr(s)
	case *ast.UpdateStmt, *ast.DeleteStmt, *ast.InsertStmt, *ast.CreateTableStmt,
		*ast.CreateDatabaseStmt, *ast.AlterStmt, *ast.DropStmt:
		r.sqlStmt(s)
	default:
		r.errorf(s.Pos(), "", "unsupported statement")
	}
}

func (r *resolver) loop(body ast.Stmt) {
	r.loops++
	r.stmt(body)
	r.loops--
}

func (r *resolver) assign(s *ast.AssignStmt) {
	r.exprs(s.Rhs)
	compound := s.Op != "=" && s.Op != ""
	for _, l := range s.Lhs {
		switch l := l.(type) {
		case *ast.Ident:
			r.assigned(l)
			r.define(l, compound)
			if s.Const {
				r.declareConst(l)
			}
		case *ast.RefExpr:
			r.assigned(l.X)
			r.define(l.X, false)
		case *ast.IndexExpr:
			r.target(l.X)
			for _, i := range l.Indices {
				r.expr(i)
			}
		case *ast.SelectorExpr:
			r.target(l.X)
		case *ast.ParenExpr:
			r.assign(&ast.AssignStmt{Lhs: []ast.Expr{l.X}, Op: s.Op})
		default:
			r.errorf(l.Pos(), "", "Invalid assignment target.")
		}
	}
}

// target resolves the container of an indexed assignment: it must be a
// variable, and a parameter only when mutable.
func (r *resolver) target(x ast.Expr) {
	switch x := x.(type) {
	case *ast.Ident:
		r.assigned(x)
		r.define(x, true)
	case *ast.IndexExpr:
		r.target(x.X)
		for _, i := range x.Indices {
			r.expr(i)
		}
	case *ast.SelectorExpr:
		r.target(x.X)
	case *ast.ParenExpr:
		r.target(x.X)
	default:
		r.expr(x)
	}
}

// function resolves a FuncDecl or FuncLit body in a new scope.
func (r *resolver) function(node ast.Node, name string, params []*ast.Param, body *ast.BlockStmt, x ast.Expr, parent *Function) {
	fn := newFunction(node, name, nil, parent)
	saved, savedLoops := r.fn, r.loops
	r.fn, r.loops = fn, 0
	for _, p := range params { // defaults see no variables
		r.expr(p.Default)
	}
	for _, p := range params {
		if fn.params[p.Name.Name] {
			r.errorf(p.Name.Pos(), p.Name.Name, "Duplicate parameter name "+p.Name.Name)
		}
		fn.addLocal(p.Name.Name)
		fn.params[p.Name.Name] = true
		fn.mutable[p.Name.Name] = p.Mutable
		r.bind(p.Name, &Binding{Scope: Local, Index: fn.locals[p.Name.Name], Name: p.Name.Name})
	}
	fn.Params = params
	if body != nil {
		r.stmts(body.List)
	}
	if x != nil {
		r.expr(x)
	}
	r.fn, r.loops = saved, savedLoops
	r.res.Funcs[node] = fn
}

func (r *resolver) exprs(list []ast.Expr) {
	for _, e := range list {
		r.expr(e)
	}
}

func (r *resolver) args(list []ast.Arg) {
	for _, a := range list {
		r.expr(a.Value)
	}
}

// callee resolves a function position: an identifier prefers functions.
func (r *resolver) callee(f ast.Expr) {
	if id, ok := f.(*ast.Ident); ok {
		r.use(id, true)
		return
	}
	r.expr(f)
}

func (r *resolver) expr(e ast.Expr) {
	switch e := e.(type) {
	case nil, *ast.Literal, *ast.OpFunc, *ast.MacroVar:
	case *ast.MetaCode:
		r.metaCode(e)
	case *ast.ColumnRange:
		// Only names of columns, which the SQL engine looks up at run time.
	case *ast.Ident:
		r.use(e, false)
	case *ast.VectorLit:
		r.exprs(e.Elems)
	case *ast.ArrayLit:
		r.exprs(e.Elems)
	case *ast.TupleLit:
		r.exprs(e.Elems)
	case *ast.DictLit:
		for _, k := range e.Keys {
			if _, ok := k.(*ast.Ident); !ok {
				r.expr(k)
			}
		}
		r.exprs(e.Values)
	case *ast.ParenExpr:
		r.expr(e.X)
	case *ast.UnaryExpr:
		r.expr(e.X)
	case *ast.BinaryExpr:
		r.expr(e.X)
		if e.Fun != nil {
			r.callee(e.Fun)
		}
		r.expr(e.Y)
	case *ast.TernaryExpr:
		r.expr(e.Cond)
		r.expr(e.Then)
		r.expr(e.Else)
	case *ast.CallExpr:
		r.callee(e.Fun)
		r.args(e.Args)
	case *ast.PartialExpr:
		r.callee(e.Fun)
		r.args(e.Args)
	case *ast.IndexExpr:
		r.expr(e.X)
		r.exprs(e.Indices)
	case *ast.SliceExpr:
		r.expr(e.Lo)
		r.expr(e.Hi)
	case *ast.SelectorExpr:
		r.expr(e.X)
	case *ast.AdverbExpr:
		r.callee(e.Fun)
	case *ast.FuncLit:
		r.function(e, "", e.Params, e.Body, e.Expr, r.fn)
	case *ast.AliasedExpr: // `expr as name` in a call: table(x as a)
		r.expr(e.X)
	case *ast.RefExpr:
		if q, ok := r.funcName(e.X); ok {
			r.bind(e.X, &Binding{Scope: Func, Name: q})
		} else {
			r.use(e.X, false)
		}
	case *ast.CaseExpr, *ast.BetweenExpr, *ast.IsNullExpr, *ast.ExistsExpr,
		*ast.JoinExpr, *ast.SelectExpr, *ast.WindowExpr:
		r.sqlNode(e)
	default:
		r.errorf(e.Pos(), "", "unsupported expression")
	}
}

// mapr resolves the function names of a mapr statement; each must name a
// function (the statement binds functions, not values). The arguments of
// the map calls are the signature's parameters, which the parser checked:
// they name the query's arguments at run time and bind nothing here.
func (r *resolver) mapr(s *ast.MaprStmt) {
	if !r.fn.Top {
		r.errorf(s.Pos(), "mapr", "The mapr statement can only be used at the top level")
	}
	names := []*ast.Ident{s.Name}
	for _, m := range s.Maps {
		names = append(names, m.Fun.(*ast.Ident))
	}
	names = append(names, s.Reduce)
	names = append(names, s.Cums...)
	if s.Running != nil {
		names = append(names, s.Running)
	}
	for _, id := range names {
		q, ok := r.funcName(id)
		if !ok {
			r.errorf(id.Pos(), id.Name, "Cannot recognize the function name "+id.Name)
		}
		r.bind(id, &Binding{Scope: Func, Name: q})
	}
}
