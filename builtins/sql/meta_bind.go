// This file gives metacode written in a function body the values of the
// function's variables it names: DolphinDB takes them when the metacode is
// made, so def f(t, s){ return <select * from t where sym = s> } returns a
// query that runs anywhere, after f has returned.

package sql

import (
	"fmt"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// metaBindFunc is the VM's hook (vm.MetaBindHook) for metacode made in a
// function body.
const metaBindFunc = "__metaBind"

func init() {
	declare(&builtins.Func{Name: metaBindFunc, Params: []string{"code", "args..."}, MinArgs: 1, MaxArgs: -1, Kind: builtins.System,
		Doc: "Metacode with the values of the variables it names (metaprogramming's own).", Impl: fnMetaBind})
}

// fnMetaBind is __metaBind(code, name1, value1, ...): code with each name
// replaced by the syntax of its value.
func fnMetaBind(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	c, ok := a[0].(codeValue)
	if !ok {
		return nil, fmt.Errorf("%s: the first argument must be metacode", metaBindFunc)
	}
	e, ok := c.SQLNode().(ast.Expr)
	if !ok || len(a)%2 != 1 {
		return a[0], nil
	}
	vals := make(map[string]value.Value, len(a)/2)
	for i := 1; i+1 < len(a); i += 2 {
		vals[a[i].String()] = a[i+1]
	}
	b := &binder{ev: ev, vals: vals, exprs: map[string]ast.Expr{}}
	return newCode(ev, b.expr(e)), nil
}

// binder replaces names by the syntax of their values, made once per name
// so a value spliced in is shared by its uses.
type binder struct {
	ev    Evaluator
	vals  map[string]value.Value
	exprs map[string]ast.Expr
}

func (b *binder) name(id *ast.Ident) ast.Expr {
	if id.Quoted {
		return id
	}
	v, ok := b.vals[id.Name]
	if !ok {
		return id
	}
	if e, ok := b.exprs[id.Name]; ok {
		return e
	}
	var e ast.Expr
	if t, ok := v.(*value.Table); ok {
		e = bindTableNamed(t, id.Name) // shown by the variable's name
	} else {
		e = valueExpr(b.ev, v)
	}
	b.exprs[id.Name] = e
	return e
}

// expr is e with the names replaced; lambdas (their own parameters) and
// nested metacode are left alone, as are a dictionary literal's keys.
func (b *binder) expr(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case nil:
		return nil
	case *ast.FuncLit, *ast.MetaCode:
		return e
	case *ast.Ident:
		return b.name(x)
	case *ast.MacroVar:
		cols, ok := b.macro(x)
		if !ok {
			return x
		}
		elems := make([]ast.Expr, len(cols))
		for i, c := range cols {
			elems[i] = &ast.Ident{NamePos: x.DollarPos, Name: c}
		}
		switch {
		case !x.Many && len(cols) == 1:
			return elems[0]
		case x.Many: // one tuple of the columns, as in a function's arguments
			return &ast.TupleLit{Lparen: x.DollarPos, Elems: elems}
		}
		return &ast.ArrayLit{Lbrack: x.DollarPos, Elems: elems}
	case *ast.SelectorExpr:
		c := *x
		c.X = b.expr(x.X)
		return &c
	case *ast.DictLit:
		c := *x
		c.Keys = make([]ast.Expr, len(x.Keys))
		for i, k := range x.Keys {
			if _, ok := k.(*ast.Ident); ok {
				c.Keys[i] = k
			} else {
				c.Keys[i] = b.expr(k)
			}
		}
		c.Values = b.list(x.Values)
		return &c
	case *ast.ExistsExpr:
		c := *x
		c.Query = b.query(x.Query)
		return &c
	case *ast.JoinExpr:
		c := *x
		c.Left, c.Right, c.On = b.expr(x.Left), b.expr(x.Right), b.expr(x.On)
		return &c
	case *ast.SelectExpr:
		return b.query(x)
	}
	return ast.MapChildren(e, b.expr)
}

func (b *binder) list(xs []ast.Expr) []ast.Expr {
	if xs == nil {
		return nil
	}
	out := make([]ast.Expr, len(xs))
	for i, x := range xs {
		out[i] = b.expr(x)
	}
	return out
}

// macro is the column names a macro variable of the function holds; ok
// is false for other macro variables (the session's, read when the query
// runs) and for values that are not names.
func (b *binder) macro(m *ast.MacroVar) ([]string, bool) {
	v, ok := b.vals[m.Name]
	if !ok || v == nil || v.Type() != value.STRING && v.Type() != value.SYMBOL {
		return nil, false
	}
	return stringList(v), true
}

func (b *binder) items(xs []*ast.SelectItem) []*ast.SelectItem {
	if xs == nil {
		return nil
	}
	out := make([]*ast.SelectItem, 0, len(xs))
	for _, it := range xs {
		c := *it
		if m := it.AliasMacro; m != nil {
			if names, ok := b.macro(m); ok {
				c.Aliases, c.AliasMacro = names, nil
			}
		}
		if m, ok := it.Expr.(*ast.MacroVar); ok {
			// select _$$names: one column each, as the engine expands a
			// macro variable it reads when the query runs.
			if cols, ok := b.macro(m); ok {
				for i, col := range cols {
					item := &ast.SelectItem{Expr: &ast.Ident{NamePos: m.DollarPos, Name: col}}
					if i < len(c.Aliases) {
						item.Aliases = []string{c.Aliases[i]}
					}
					out = append(out, item)
				}
				continue
			}
		}
		if id, ok := it.Expr.(*ast.Ident); !ok || id.Name != "*" {
			c.Expr = b.expr(it.Expr)
		}
		out = append(out, &c)
	}
	return out
}

func (b *binder) orders(xs []*ast.OrderItem) []*ast.OrderItem {
	if xs == nil {
		return nil
	}
	out := make([]*ast.OrderItem, len(xs))
	for i, o := range xs {
		c := *o
		c.Expr = b.expr(o.Expr)
		out[i] = &c
	}
	return out
}

func (b *binder) query(q *ast.SelectExpr) *ast.SelectExpr {
	if q == nil {
		return nil
	}
	c := *q
	if q.With != nil {
		c.With = make([]*ast.CTE, len(q.With))
		for i, w := range q.With {
			cw := *w
			cw.Query = b.query(w.Query)
			c.With[i] = &cw
		}
	}
	c.Top = b.expr(q.Top)
	c.Items = b.items(q.Items)
	c.From = b.expr(q.From)
	c.Where = b.list(q.Where)
	c.GroupBy = b.items(q.GroupBy)
	c.CGroupWithin = b.items(q.CGroupWithin)
	c.Csort = b.orders(q.Csort)
	c.Having = b.expr(q.Having)
	c.OrderBy = b.orders(q.OrderBy)
	c.Limit = b.expr(q.Limit)
	c.Offset = b.expr(q.Offset)
	c.Union = b.query(q.Union)
	return &c
}
