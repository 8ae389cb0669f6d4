// This file holds the engine's small syntax-tree helpers: walking,
// rewriting, and building nodes for metaprogramming.

package sql

import "github.com/porpoisedb/porpoise/lang/ast"

// walk calls visit on e and its sub-expressions, pre-order, until visit
// returns false for a node (its children are then skipped).
func walk(e ast.Expr, visit func(ast.Expr) bool) {
	if e == nil || !visit(e) {
		return
	}
	ast.MapChildren(e, func(x ast.Expr) ast.Expr { walk(x, visit); return x })
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
	return ast.MapChildren(e, func(x ast.Expr) ast.Expr { return rewrite(x, f) })
}
