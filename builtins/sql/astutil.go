// This file holds the engine's small syntax-tree helpers: walking,
// rewriting, and building nodes for metaprogramming.

package sql

import "github.com/porpoisedb/porpoise/lang/ast"

func mapChildren(e ast.Expr, f func(ast.Expr) ast.Expr) ast.Expr {
	changed := false
	m := func(x ast.Expr) ast.Expr {
		if x == nil {
			return nil
		}
		y := f(x)
		if y != x {
			changed = true
		}
		return y
	}
	list := func(xs []ast.Expr) []ast.Expr {
		out := make([]ast.Expr, len(xs))
		for i, x := range xs {
			out[i] = m(x)
		}
		return out
	}
	args := func(as []ast.Arg) []ast.Arg {
		out := make([]ast.Arg, len(as))
		for i, a := range as {
			out[i] = ast.Arg{Name: a.Name, Value: m(a.Value)}
		}
		return out
	}
	var r ast.Expr
	switch x := e.(type) {
	case *ast.ParenExpr:
		c := *x
		c.X = m(x.X)
		r = &c
	case *ast.UnaryExpr:
		c := *x
		c.X = m(x.X)
		r = &c
	case *ast.BinaryExpr:
		c := *x
		c.X, c.Fun, c.Y = m(x.X), m(x.Fun), m(x.Y)
		r = &c
	case *ast.TernaryExpr:
		c := *x
		c.Cond, c.Then, c.Else = m(x.Cond), m(x.Then), m(x.Else)
		r = &c
	case *ast.CallExpr:
		c := *x
		c.Fun, c.Args = m(x.Fun), args(x.Args)
		r = &c
	case *ast.PartialExpr:
		c := *x
		c.Fun, c.Args = m(x.Fun), args(x.Args)
		r = &c
	case *ast.IndexExpr:
		c := *x
		c.X, c.Indices = m(x.X), list(x.Indices)
		r = &c
	case *ast.SliceExpr:
		c := *x
		c.Lo, c.Hi = m(x.Lo), m(x.Hi)
		r = &c
	case *ast.SelectorExpr:
		c := *x
		c.X = m(x.X)
		r = &c
	case *ast.AdverbExpr:
		c := *x
		c.Fun = m(x.Fun)
		r = &c
	case *ast.VectorLit:
		c := *x
		c.Elems = list(x.Elems)
		r = &c
	case *ast.ArrayLit:
		c := *x
		c.Elems = list(x.Elems)
		r = &c
	case *ast.TupleLit:
		c := *x
		c.Elems = list(x.Elems)
		r = &c
	case *ast.DictLit:
		c := *x
		c.Values = list(x.Values)
		r = &c
	case *ast.FuncLit:
		c := *x
		c.Expr = m(x.Expr)
		r = &c
	case *ast.CaseExpr:
		c := *x
		c.X, c.Whens, c.Thens, c.Else = m(x.X), list(x.Whens), list(x.Thens), m(x.Else)
		r = &c
	case *ast.BetweenExpr:
		c := *x
		c.X, c.Lo, c.Hi = m(x.X), m(x.Lo), m(x.Hi)
		r = &c
	case *ast.IsNullExpr:
		c := *x
		c.X = m(x.X)
		r = &c
	case *ast.AliasedExpr:
		c := *x
		c.X = m(x.X)
		r = &c
	default:
		return e
	}
	if !changed {
		return e
	}
	return r
}

// walk calls visit on e and its sub-expressions, pre-order, until visit
// returns false for a node (its children are then skipped).
func walk(e ast.Expr, visit func(ast.Expr) bool) {
	if e == nil || !visit(e) {
		return
	}
	mapChildren(e, func(x ast.Expr) ast.Expr { walk(x, visit); return x })
}

// rewrite returns e with nodes replaced by f; f's second result stops the
// descent below a replaced node. Unchanged subtrees are shared.
func rewrite(e ast.Expr, f func(ast.Expr) (ast.Expr, bool)) ast.Expr {
	if e == nil {
		return nil
	}
	if r, stop := f(e); stop {
		return r
	}
	return mapChildren(e, func(x ast.Expr) ast.Expr { return rewrite(x, f) })
}
