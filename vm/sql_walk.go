// This file walks and rewrites SQL expressions for EvalIn: it lists the
// names an expression uses and lowers the SQL-only nodes (CASE, BETWEEN,
// IS NULL, EXISTS, qualified columns, `in (select ...)`) to calls the
// compiler knows.

package vm

import (
	"github.com/porpoisedb/porpoise/lang/ast"
)

// walkExpr calls visit on e and every sub-expression, pre-order; visit
// returns false to skip a node's children.
func walkExpr(e ast.Expr, visit func(ast.Expr) bool) {
	if e == nil || !visit(e) {
		return
	}
	ast.MapChildren(e, func(x ast.Expr) ast.Expr { walkExpr(x, visit); return x })
	switch x := e.(type) {
	case *ast.SelectExpr:
		walkQuery(x, visit)
	case *ast.ExistsExpr:
		walkQuery(x.Query, visit)
	}
}

// walkQuery visits the expressions of a nested query, so names of the
// caller it uses are bound too.
func walkQuery(q *ast.SelectExpr, visit func(ast.Expr) bool) {
	if q == nil {
		return
	}
	for _, it := range q.Items {
		walkExpr(it.Expr, visit)
	}
	walkExpr(q.From, visit)
	for _, w := range q.Where {
		walkExpr(w, visit)
	}
	for _, it := range q.GroupBy {
		walkExpr(it.Expr, visit)
	}
	walkExpr(q.Having, visit)
}

// sqlIdents calls use for each name e reads: plain identifiers, and
// "a.b" (qualified) for each a.b selector.
func sqlIdents(e ast.Expr, use func(name string, qualified bool)) {
	walkExpr(e, func(x ast.Expr) bool {
		switch x := x.(type) {
		case *ast.Ident:
			if x.Name != "*" {
				use(x.Name, false)
			}
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok {
				use(id.Name+"."+x.Sel.Name, true)
			}
		case *ast.MetaCode:
			return false
		}
		return true
	})
}

// sqlMacros calls fn for each macro variable (_$name, _$$names).
func sqlMacros(e ast.Expr, fn func(*ast.MacroVar)) {
	walkExpr(e, func(x ast.Expr) bool {
		switch x := x.(type) {
		case *ast.MacroVar:
			fn(x)
		case *ast.MetaCode:
			return false
		}
		return true
	})
}

// fixCalls calls fn for each identifier in call position.
func fixCalls(e ast.Expr, fn func(*ast.Ident)) {
	walkExpr(e, func(x ast.Expr) bool {
		var f ast.Expr
		switch x := x.(type) {
		case *ast.CallExpr:
			f = x.Fun
		case *ast.PartialExpr:
			f = x.Fun
		case *ast.BinaryExpr:
			f = x.Fun
		case *ast.MetaCode, *ast.SelectExpr:
			return false
		}
		if id, ok := f.(*ast.Ident); ok {
			fn(id)
		}
		return true
	})
}

func sqlIdent(pos ast.Expr, name string) *ast.Ident {
	return &ast.Ident{NamePos: pos.Pos(), Name: name}
}

func sqlCall(pos ast.Expr, name string, args ...ast.Expr) *ast.CallExpr {
	c := &ast.CallExpr{Fun: sqlIdent(pos, name), Lparen: pos.Pos()}
	for _, a := range args {
		c.Args = append(c.Args, ast.Arg{Value: a})
	}
	return c
}

// sqlRewrite lowers SQL-only nodes; isCol names the qualified columns
// bound as parameters.
func sqlRewrite(e ast.Expr, isCol map[string]bool, macros map[string][]string) ast.Expr {
	if e == nil {
		return nil
	}
	switch x := e.(type) {
	case *ast.MacroVar:
		// _$$names in a function or an expression is one tuple of the
		// columns (the manual's rowSum(_$$cols)), not one argument each.
		if cols := macros[x.Name]; len(cols) > 0 {
			if !x.Many && len(cols) == 1 {
				return &ast.Ident{NamePos: x.DollarPos, Name: cols[0]}
			}
			elems := make([]ast.Expr, len(cols))
			for i, c := range cols {
				elems[i] = &ast.Ident{NamePos: x.DollarPos, Name: c}
			}
			if x.Many {
				return &ast.TupleLit{Lparen: x.DollarPos, Elems: elems}
			}
			return &ast.ArrayLit{Lbrack: x.DollarPos, Elems: elems}
		}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && isCol[id.Name+"."+x.Sel.Name] {
			return &ast.Ident{NamePos: id.NamePos, Name: id.Name + "." + x.Sel.Name}
		}
	case *ast.MetaCode, *ast.SelectExpr:
		return e
	case *ast.ExistsExpr:
		return &ast.BinaryExpr{X: sqlCall(x, "rows", x.Query), Op: ">", Y: &ast.Literal{ValuePos: x.Pos(), Kind: ast.LitNumber, Type: 4, Text: "0", Raw: "0"}}
	}
	e = ast.MapChildren(e, func(c ast.Expr) ast.Expr { return sqlRewrite(c, isCol, macros) })
	switch x := e.(type) {
	case *ast.CaseExpr:
		var r ast.Expr = x.Else
		if r == nil {
			r = &ast.Literal{ValuePos: x.Pos(), Kind: ast.LitNull, Text: "NULL", Raw: "NULL"}
		}
		for i := len(x.Whens) - 1; i >= 0; i-- {
			cond := x.Whens[i]
			if x.X != nil {
				cond = &ast.BinaryExpr{X: x.X, Op: "==", Y: cond}
			}
			r = sqlCall(x, "iif", cond, x.Thens[i], r)
		}
		return r
	case *ast.BetweenExpr:
		r := ast.Expr(&ast.BinaryExpr{X: x.X, Op: "between", Y: &ast.BinaryExpr{X: x.Lo, Op: ":", Y: x.Hi}})
		if x.Not {
			r = &ast.UnaryExpr{OpPos: x.Pos(), Op: "!", X: r}
		}
		return r
	case *ast.IsNullExpr:
		if x.Not {
			return sqlCall(x, "isValid", x.X)
		}
		return sqlCall(x, "isNull", x.X)
	case *ast.BinaryExpr:
		// A one-column query is a vector after in, a one-row one a scalar
		// next to a comparison: run them as exec.
		switch x.Op {
		case "in", "not in", "=", "==", "!=", "<>", "<", "<=", ">", ">=":
			if y, ok := asExec(x.Y); ok {
				r := *x
				r.Y = y
				x = &r
			}
			if y, ok := asExec(x.X); ok && x.Op != "in" && x.Op != "not in" {
				r := *x
				r.X = y
				x = &r
			}
			return x
		}
	}
	return e
}

// asExec returns an exec copy of a (parenthesised) select.
func asExec(e ast.Expr) (ast.Expr, bool) {
	if p, ok := e.(*ast.ParenExpr); ok {
		e = p.X
	}
	q, ok := e.(*ast.SelectExpr)
	if !ok || q.Exec {
		return nil, false
	}
	c := *q
	c.Exec = true
	return &c, true
}
