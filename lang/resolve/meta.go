// This file finds the variables of a function that its metacode names.
// DolphinDB takes their values when the metacode is made (inside a
// function, <sym = s> holds the value of the parameter s, not the name),
// since the metacode is usually evaluated elsewhere (by sql().eval() or a
// caller) where the function's variables no longer exist.

package resolve

import "github.com/porpoisedb/porpoise/lang/ast"

// metaCode records the function variables e names, in the order of their
// first use, as bound identifiers the compiler loads when the metacode is
// made. At the top level the names are session variables, which eval
// finds by itself, so nothing is captured there.
func (r *resolver) metaCode(m *ast.MetaCode) {
	if r.fn.Top {
		return
	}
	seen := map[string]bool{}
	var ids []*ast.Ident
	metaIdents(m.X, func(id *ast.Ident) {
		if id.Quoted || seen[id.Name] {
			return
		}
		seen[id.Name] = true
		if b := r.lookupVar(r.fn, id.Name); b != nil {
			c := &ast.Ident{NamePos: id.NamePos, Name: id.Name}
			r.bind(c, b)
			ids = append(ids, c)
		}
	})
	if len(ids) > 0 {
		if r.res.MetaCaptures == nil {
			r.res.MetaCaptures = map[*ast.MetaCode][]*ast.Ident{}
		}
		r.res.MetaCaptures[m] = ids
	}
}

// metaIdents calls fn for each identifier e reads and each macro
// variable's name, queries' clauses included. Lambdas (their own parameters) and nested metacode (made when
// it is evaluated) are not entered; the keys of a dictionary literal are
// names, not variables.
func metaIdents(e ast.Expr, fn func(*ast.Ident)) {
	switch x := e.(type) {
	case nil, *ast.FuncLit, *ast.MetaCode:
		return
	case *ast.Ident:
		fn(x)
		return
	case *ast.MacroVar:
		// _$name names a variable too: its value (column names) is taken
		// with the others.
		fn(&ast.Ident{NamePos: x.DollarPos, Name: x.Name})
		return
	case *ast.SelectorExpr:
		metaIdents(x.X, fn)
		return
	case *ast.DictLit:
		for i, k := range x.Keys {
			if _, ok := k.(*ast.Ident); !ok {
				metaIdents(k, fn)
			}
			metaIdents(x.Values[i], fn)
		}
		return
	case *ast.ExistsExpr:
		metaIdents(x.Query, fn)
		return
	case *ast.JoinExpr:
		metaIdents(x.Left, fn)
		metaIdents(x.Right, fn)
		metaIdents(x.On, fn)
		return
	case *ast.SelectExpr:
		if x == nil {
			return
		}
		for _, c := range x.With {
			metaIdents(c.Query, fn)
		}
		metaIdents(x.Top, fn)
		items := func(list []*ast.SelectItem) {
			for _, it := range list {
				metaIdents(it.Expr, fn)
				if it.AliasMacro != nil {
					metaIdents(it.AliasMacro, fn)
				}
			}
		}
		orders := func(list []*ast.OrderItem) {
			for _, o := range list {
				metaIdents(o.Expr, fn)
			}
		}
		items(x.Items)
		metaIdents(x.From, fn)
		for _, w := range x.Where {
			metaIdents(w, fn)
		}
		items(x.GroupBy)
		items(x.CGroupWithin)
		orders(x.Csort)
		metaIdents(x.Having, fn)
		orders(x.OrderBy)
		metaIdents(x.Limit, fn)
		metaIdents(x.Offset, fn)
		if x.Union != nil {
			metaIdents(x.Union, fn)
		}
		return
	}
	ast.MapChildren(e, func(c ast.Expr) ast.Expr { metaIdents(c, fn); return c })
}
