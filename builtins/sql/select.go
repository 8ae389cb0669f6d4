// This file runs select and exec: from, where, then the grouping clause,
// having, order by, top/limit, distinct, and the shape of exec results.

package sql

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// result is a query result before shaping: named columns, and whether it
// came from aggregates without grouping (one row that exec makes scalar).
type result struct {
	names  []string
	cols   []*value.Vector
	scalar bool
	mat    value.Value // pivot by exec: a matrix
}

func (r *result) table() (*value.Table, error) {
	cols := make([]value.Value, len(r.cols))
	for i, c := range r.cols {
		cols[i] = c
	}
	return value.NewTable(uniqueNames(r.names), cols)
}

func runSelect(ev Evaluator, q *ast.SelectExpr, _ *frame) (value.Value, error) {
	if len(q.With) > 0 {
		sc := &scoped{Evaluator: ev, vars: map[string]value.Value{}}
		if parent, ok := ev.(*scoped); ok {
			for k, v := range parent.vars {
				sc.vars[k] = v
			}
		}
		for _, c := range q.With {
			v, err := runSelect(sc, c.Query, nil)
			if err != nil {
				return nil, err
			}
			if len(c.Cols) > 0 {
				if v, err = renameCTE(c, v); err != nil {
					return nil, err
				}
			}
			sc.vars[c.Name] = v
		}
		body := *q
		body.With = nil
		return runSelect(sc, &body, nil)
	}
	v, err := selectOne(ev, q)
	if err != nil || q.Union == nil {
		return v, err
	}
	w, err := runSelect(ev, q.Union, nil)
	if err != nil {
		return nil, err
	}
	a, ok1 := v.(*value.Table)
	b, ok2 := w.(*value.Table)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("union needs two tables")
	}
	out := a.Clone()
	if err := out.AppendTable(b); err != nil {
		return nil, err
	}
	if !q.UnionAll {
		out = distinctRows(out)
	}
	return out, nil
}

// renameCTE gives the result of with name(a, b) as (...) the names a, b.
func renameCTE(c *ast.CTE, v value.Value) (value.Value, error) {
	t, ok := v.(*value.Table)
	if !ok {
		return nil, fmt.Errorf("The query of the WITH table %s must return a table to name its columns", c.Name)
	}
	if len(t.Columns()) != len(c.Cols) {
		return nil, fmt.Errorf("The WITH table %s names %d columns but its query returns %d", c.Name, len(c.Cols), len(t.Columns()))
	}
	cols := make([]value.Value, len(c.Cols))
	for i, col := range t.Columns() {
		cols[i] = col
	}
	return value.NewTable(c.Cols, cols)
}

func selectOne(ev Evaluator, q *ast.SelectExpr) (value.Value, error) {
	q, err := expandRanges(q)
	if err != nil {
		return nil, err
	}
	if err := windowOutsideSelect(q); err != nil {
		return nil, err
	}
	f, r, ok, err := dfsSource(ev, q)
	if !ok {
		f, err = sourceFrame(ev, q.From)
	}
	if err != nil {
		return nil, err
	}
	if r != nil {
		return shape(q, r) // a DFS query run per partition
	}
	if f, err = applyWhere(ev, f, q.Where); err != nil {
		return nil, err
	}
	if hasWindow(q.Items) {
		if q, f, err = windowPass(ev, q, f); err != nil {
			return nil, err
		}
	}
	switch q.Group {
	case ast.GroupNone:
		r, err = plainSelect(ev, q, f)
	case ast.GroupBy:
		r, err = groupSelect(ev, q, f)
	case ast.ContextBy:
		r, err = contextSelect(ev, q, f)
	case ast.PivotBy:
		r, err = pivotSelect(ev, q, f)
	case ast.CGroupBy:
		r, err = cgroupSelect(ev, q, f)
	}
	if err != nil {
		return nil, err
	}
	if r.mat != nil {
		return r.mat, nil
	}
	return shape(q, r)
}

// shape turns a result into the query's value: a table for select; for
// exec a scalar, a vector or a table.
func shape(q *ast.SelectExpr, r *result) (value.Value, error) {
	if q.Exec && len(r.cols) == 1 {
		if r.scalar && r.cols[0].Len() == 1 {
			return r.cols[0].Get(0), nil
		}
		return r.cols[0], nil
	}
	return r.table()
}

// expandRanges returns q with each column range (col1...col3) of its
// select list replaced by the columns it names; an alias list (as
// a1...a3) names them one by one. It runs before the source is read, so
// a DFS scan sees the columns the range needs.
func expandRanges(q *ast.SelectExpr) (*ast.SelectExpr, error) {
	has := false
	for _, it := range q.Items {
		walk(it.Expr, func(e ast.Expr) bool {
			if _, ok := e.(*ast.ColumnRange); ok {
				has = true
			}
			return !has
		})
	}
	if !has {
		return q, nil
	}
	out := *q
	out.Items = nil
	for _, it := range q.Items {
		r, ok := it.Expr.(*ast.ColumnRange)
		if !ok {
			e, err := nestedRanges(it.Expr)
			if err != nil {
				return nil, err
			}
			if e != it.Expr {
				c := *it
				c.Expr = e
				it = &c
			}
			out.Items = append(out.Items, it)
			continue
		}
		names, err := r.Names()
		if err != nil {
			return nil, err
		}
		if len(it.Aliases) > 0 && len(it.Aliases) != len(names) {
			return nil, fmt.Errorf("The column range %s names %d columns but %d aliases are given", ast.Print(r), len(names), len(it.Aliases))
		}
		for i, n := range names {
			item := &ast.SelectItem{Expr: &ast.Ident{NamePos: r.Start, Name: n}}
			if len(it.Aliases) > 0 && it.Aliases[i] != "" {
				item.Aliases = []string{it.Aliases[i]}
			}
			out.Items = append(out.Items, item)
		}
	}
	return &out, nil
}

// nestedRanges replaces the column ranges inside e: in a call's
// arguments a range stands for its columns as arguments
// (rowSum(price1...price3) is rowSum(price1, price2, price3)); anywhere
// else, as in (price1...price3) * (qty1...qty3), for a tuple of them.
func nestedRanges(e ast.Expr) (ast.Expr, error) {
	var failed error
	idents := func(r *ast.ColumnRange) []ast.Expr {
		names, err := r.Names()
		if err != nil {
			failed = err
			return nil
		}
		out := make([]ast.Expr, len(names))
		for i, n := range names {
			out[i] = &ast.Ident{NamePos: r.Start, Name: n}
		}
		return out
	}
	var f func(ast.Expr) ast.Expr
	f = func(e ast.Expr) ast.Expr {
		switch x := e.(type) {
		case *ast.ColumnRange:
			return &ast.TupleLit{Lparen: x.Start, Elems: idents(x)}
		case *ast.ParenExpr:
			if r, ok := x.X.(*ast.ColumnRange); ok {
				return &ast.TupleLit{Lparen: x.Lparen, Elems: idents(r)}
			}
		case *ast.CallExpr:
			spliced := false
			for _, a := range x.Args {
				if _, ok := a.Value.(*ast.ColumnRange); ok {
					spliced = true
				}
			}
			if spliced {
				c := *x
				c.Args = nil
				for _, a := range x.Args {
					if r, ok := a.Value.(*ast.ColumnRange); ok {
						for _, id := range idents(r) {
							c.Args = append(c.Args, ast.Arg{Value: id})
						}
						continue
					}
					c.Args = append(c.Args, a)
				}
				return ast.MapChildren(&c, f)
			}
		}
		return ast.MapChildren(e, f)
	}
	out := f(e)
	return out, failed
}

// multi reports an item with several names: a function with several
// outputs, one column each (ols(y, x) as `alpha`beta).
func multi(it *ast.SelectItem) bool { return len(it.Aliases) > 1 }

// outCol is one result column of a select list: output part of item
// (part -1 for an item with one output).
type outCol struct {
	item, part int
	name       string
}

// outColumns lists the result columns of items; an empty name in a
// multi-output item's list drops that output.
func outColumns(items []*ast.SelectItem) []outCol {
	var out []outCol
	for i, it := range items {
		if !multi(it) {
			out = append(out, outCol{item: i, part: -1, name: itemName(it)})
			continue
		}
		for j, a := range it.Aliases {
			if a != "" {
				out = append(out, outCol{item: i, part: j, name: a})
			}
		}
	}
	return out
}

// outputs splits the value of a multi-output item into its outputs: the
// elements of a tuple, vector or pair, or the columns of a matrix or a
// table. Their count must match the item's names.
func outputs(v value.Value, it *ast.SelectItem) ([]value.Value, error) {
	var parts []value.Value
	switch x := v.(type) {
	case *value.Pair:
		return outputs(x.Vector(), it)
	case *value.Vector:
		if x.Type() == value.ANY {
			parts = x.Elems()
		} else {
			parts = make([]value.Value, x.Len())
			for i := range parts {
				parts[i] = x.Get(i)
			}
		}
	case *value.Matrix:
		for c := range x.Cols() {
			parts = append(parts, x.Column(c))
		}
	case *value.Table:
		for _, c := range x.Columns() {
			parts = append(parts, c)
		}
	default:
		return nil, fmt.Errorf("%s returns %s, not one value for each of the column names %s", ast.Print(it.Expr), value.TypeStr(v), aliasList(it))
	}
	if len(parts) != len(it.Aliases) {
		return nil, fmt.Errorf("%s returns %d values but %d column names are given (%s)", ast.Print(it.Expr), len(parts), len(it.Aliases), aliasList(it))
	}
	return parts, nil
}

func aliasList(it *ast.SelectItem) string {
	var b strings.Builder
	for _, a := range it.Aliases {
		b.WriteString("`" + a)
	}
	return b.String()
}

// pick returns the value of output column c from the items' values (vals)
// and the split outputs of multi-output items (parts).
func (c outCol) pick(vals []value.Value, parts [][]value.Value) value.Value {
	if c.part < 0 {
		return vals[c.item]
	}
	return parts[c.item][c.part]
}

// evalItems evaluates items with lookup binding the columns, and splits
// the values of multi-output items into their outputs.
func evalItems(ev Evaluator, items []*ast.SelectItem, lookup func(string) (value.Value, bool)) ([]value.Value, [][]value.Value, error) {
	vals := make([]value.Value, len(items))
	parts := make([][]value.Value, len(items))
	for i, it := range items {
		v, err := ev.EvalIn(it.Expr, lookup)
		if err != nil {
			return nil, nil, err
		}
		vals[i] = v
		if multi(it) {
			if parts[i], err = outputs(v, it); err != nil {
				return nil, nil, err
			}
		}
	}
	return vals, parts, nil
}

// expandItems replaces * by the frame's columns and a macro variable
// (_$name, _$$names) by the columns it names.
func expandItems(ev Evaluator, items []*ast.SelectItem, f *frame) []*ast.SelectItem {
	var out []*ast.SelectItem
	for _, it := range items {
		if m, ok := it.Expr.(*ast.MacroVar); ok {
			if v, found := ev.Var(m.Name); found {
				names := stringList(v)
				for i, n := range names {
					item := &ast.SelectItem{Expr: &ast.Ident{NamePos: m.DollarPos, Name: n}}
					if i < len(it.Aliases) {
						item.Aliases = []string{it.Aliases[i]}
					}
					out = append(out, item)
				}
				continue
			}
		}
		if id, ok := it.Expr.(*ast.Ident); ok && id.Name == "*" && !id.Quoted {
			for j, n := range f.names {
				if f.hidden != nil && f.hidden[j] {
					continue
				}
				out = append(out, &ast.SelectItem{Expr: &ast.Ident{NamePos: id.NamePos, Name: qualified(f, j)}, Aliases: []string{n}})
			}
			continue
		}
		out = append(out, it)
	}
	return out
}

// qualified names column j so that find returns exactly j.
func qualified(f *frame, j int) string {
	if f.find(f.names[j]) == j {
		return f.names[j]
	}
	return f.quals[j] + "." + f.origs[j]
}

// plainSelect evaluates the items over the selected rows.
func plainSelect(ev Evaluator, q *ast.SelectExpr, f *frame) (*result, error) {
	items := expandItems(ev, q.Items, f)
	// Plain column lists take top/limit before gathering.
	if len(q.OrderBy) == 0 && !q.Distinct && allColumns(f, items) {
		lo, hi, has, err := rowRange(ev, q, f.rows())
		if err != nil {
			return nil, err
		}
		if has {
			sel := make([]int, hi-lo)
			for i := range sel {
				sel[i] = f.base(lo + i)
			}
			f = f.withSel(sel)
		}
		r := &result{}
		for _, it := range items {
			r.names = append(r.names, itemName(it))
			r.cols = append(r.cols, f.col(columnRef(f, it.Expr)))
		}
		return r, nil
	}
	if aggregateOnly(ev, f, items) {
		r, err := groupSelect(ev, q, f)
		if err != nil {
			return nil, err
		}
		r.scalar = true
		return r, nil
	}
	r := &result{}
	vals, parts, err := evalItems(ev, items, f.lookup)
	if err != nil {
		return nil, err
	}
	outs := outColumns(items)
	allScalar := true
	for _, oc := range outs {
		r.names = append(r.names, oc.name)
		if v := oc.pick(vals, parts); v == nil || v.Form() != value.SCALAR {
			allScalar = false
		}
	}
	n := f.rows()
	if allScalar {
		n, r.scalar = 1, true // aggregates or constants only: one row
	}
	for i, oc := range outs {
		c, err := column(oc.pick(vals, parts), n, r.names[i])
		if err != nil {
			return nil, err
		}
		r.cols = append(r.cols, c)
	}
	return finish(ev, q, r, f)
}

func allColumns(f *frame, items []*ast.SelectItem) bool {
	for _, it := range items {
		if multi(it) || columnRef(f, it.Expr) < 0 {
			return false
		}
	}
	return true
}

// column makes v a column of n rows: a vector as is, a scalar repeated.
func column(v value.Value, n int, name string) (*value.Vector, error) {
	switch x := v.(type) {
	case *value.Vector:
		if x.Len() != n {
			return nil, fmt.Errorf("The column [%s] has %d rows, expected %d", name, x.Len(), n)
		}
		return x, nil
	case *value.Pair:
		return column(x.Vector(), n, name)
	case nil:
		return value.NewNullVector(value.VOID, n), nil
	}
	if v.Form() != value.SCALAR {
		return nil, fmt.Errorf("The column [%s] must be a scalar or vector, not %s", name, value.TypeStr(v))
	}
	if n == 0 {
		return value.NewVector(v.Type(), 0), nil
	}
	tmp, _ := value.NewTable(nil, nil)
	if err := tmp.AddColumn("x", v); err != nil {
		return nil, err
	}
	one := tmp.Column(0)
	idx := make([]int, n)
	return one.Gather(idx), nil
}

// finish applies order by, distinct and top/limit to a result whose rows
// are aligned with f's selection (or grouped, when f is nil).
func finish(ev Evaluator, q *ast.SelectExpr, r *result, f *frame) (*result, error) {
	t, err := r.table()
	if err != nil {
		return nil, err
	}
	if q.Distinct {
		t = distinctRows(t)
		f = nil
	}
	var extra func(string) (value.Value, bool)
	if f != nil && t.Rows() == f.rows() {
		extra = f.lookup
	}
	if t, err = orderTable(ev, t, q.OrderBy, extra); err != nil {
		return nil, err
	}
	if q.Group != ast.ContextBy {
		lo, hi, has, err := rowRange(ev, q, t.Rows())
		if err != nil {
			return nil, err
		}
		if has {
			t = t.Slice(lo, hi)
		}
	}
	r.cols = t.Columns()
	return r, nil
}

// aggregateOnly reports items that all aggregate (or use no column), so
// the query is one group and runs on the typed accumulators.
func aggregateOnly(ev Evaluator, f *frame, items []*ast.SelectItem) bool {
	some := false
	for _, it := range items {
		if len(extractAggs(ev, it.Expr).aggs) > 0 {
			some = true
			if usesColumns(f, extractAggs(ev, it.Expr).expr) {
				return false
			}
		} else if usesColumns(f, it.Expr) {
			return false
		}
	}
	return some
}

// scoped is an evaluator that also binds the tables of a WITH clause.
type scoped struct {
	Evaluator
	vars map[string]value.Value
}

func (s *scoped) EvalIn(e ast.Expr, cols func(string) (value.Value, bool)) (value.Value, error) {
	return s.Evaluator.EvalIn(e, func(name string) (value.Value, bool) {
		if cols != nil {
			if v, ok := cols(name); ok {
				return v, true
			}
		}
		v, ok := s.vars[name]
		return v, ok
	})
}

func (s *scoped) SetVar(name string, v value.Value) {
	if vs, ok := s.Evaluator.(varSetter); ok {
		vs.SetVar(name, v)
	}
}
