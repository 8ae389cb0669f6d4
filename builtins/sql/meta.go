// This file builds queries and statements as metacode: sql, sqlCol,
// sqlColAlias, sqlUpdate and sqlDelete return CODE values whose nodes the
// engine runs when they are evaluated; makeCall builds the metacode of a
// call. meta_funcs.go declares these functions and defines the builders
// of expressions (expr, binaryExpr ...); meta_text.go gives every CODE
// value made here the text DolphinDB shows for it.

package sql

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/vm/value"
)

// queryExprs reads metacode or a tuple of it as expressions of a query's
// clause (queryExpr).
func queryExprs(v value.Value) ([]ast.Expr, error) {
	es, err := codeList(v)
	if err != nil {
		return nil, err
	}
	out := make([]ast.Expr, len(es))
	for i, e := range es {
		out[i] = queryExpr(e)
	}
	return out, nil
}

// queryExpr is metacode as part of a query: f(*) written outside a query
// (<count(*)>), where the parser reads * as the multiplication function,
// is the f(*) of a query (all rows), as DolphinDB takes it. The metacode
// itself is left as it is.
func queryExpr(e ast.Expr) ast.Expr {
	if c, ok := e.(*ast.CallExpr); ok && len(c.Args) == 1 && c.Args[0].Name == "" {
		if op, ok := c.Args[0].Value.(*ast.OpFunc); ok && op.Op == "*" {
			cp := *c
			cp.Args = []ast.Arg{{Value: &ast.Ident{Name: "*", NamePos: op.OpPos}}}
			return &cp
		}
	}
	if _, ok := e.(*ast.SelectExpr); ok {
		return e // a query's own f(*) is already the query's
	}
	return ast.MapChildren(e, queryExpr)
}

// itemsOf reads select items: metacode, a tuple of metacode, or column
// names.
func itemsOf(v value.Value) ([]*ast.SelectItem, error) {
	if vec, ok := v.(*value.Vector); ok && (vec.Type() == value.STRING || vec.Type() == value.SYMBOL) {
		var out []*ast.SelectItem
		for _, n := range stringList(vec) {
			out = append(out, &ast.SelectItem{Expr: &ast.Ident{Name: n}})
		}
		return out, nil
	}
	if s, ok := v.(value.String); ok {
		return []*ast.SelectItem{{Expr: &ast.Ident{Name: string(s)}}}, nil
	}
	es, err := queryExprs(v)
	if err != nil {
		return nil, err
	}
	out := make([]*ast.SelectItem, len(es))
	for i, e := range es {
		out[i] = &ast.SelectItem{Expr: e}
		if al, ok := e.(*ast.AliasedExpr); ok {
			out[i] = &ast.SelectItem{Expr: al.X, Aliases: []string{al.Alias}}
		}
	}
	return out, nil
}

func given(a []value.Value, i int) bool { return i < len(a) && a[i] != nil }

// The positions of sql()'s parameters.
const (
	sqlSelect = iota
	sqlFrom
	sqlWhere
	sqlGroupBy
	sqlGroupFlag
	sqlCsort
	sqlAscSort
	sqlHaving
	sqlOrderBy
	sqlAscOrder
	sqlLimit
	sqlHint
	sqlExec
	sqlMap
	sqlCGroupBy
)

// hintMap is the flag DolphinDB shows among the hints of a query run with
// map (sql(map=true) prints select [256] ... map).
const hintMap = ast.MetaHintMap

// fnSQL is sql(select, from, [where], [groupBy], [groupFlag], [csort],
// [ascSort], [having], [orderBy], [ascOrder], [limit], [hint], [exec],
// [map], [cgroupBy]).
func fnSQL(env value.Env, a []value.Value) (value.Value, error) {
	return buildSQL(env, a, nil)
}

// fnSQLNamed is sql() called with positional arguments: the variable a
// table was passed in is the name the query shows for it.
func fnSQLNamed(env value.Env, a []value.Value, names []string) (value.Value, error) {
	return buildSQL(env, a, names)
}

func buildSQL(env value.Env, a []value.Value, names []string) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	q := &ast.SelectExpr{}
	if !given(a, sqlSelect) || !given(a, sqlFrom) {
		return nil, fmt.Errorf("The function [sql] expects the arguments select and from")
	}
	if q.Items, err = itemsOf(a[sqlSelect]); err != nil {
		return nil, fmt.Errorf("sql: select must be metacode of columns (sqlCol or sqlColAlias): %v", err)
	}
	var fromText string
	if q.From, fromText, err = fromExpr(a[sqlFrom], callerName(names, sqlFrom)); err != nil {
		return nil, err
	}
	if given(a, sqlWhere) {
		if q.Where, err = queryExprs(a[sqlWhere]); err != nil {
			return nil, fmt.Errorf("sql: where must be metacode or a tuple of metacode")
		}
	}
	if given(a, sqlGroupBy) {
		if q.GroupBy, err = itemsOf(a[sqlGroupBy]); err != nil {
			return nil, fmt.Errorf("sql: groupBy must be metacode of columns: %v", err)
		}
		q.Group = ast.GroupBy
	}
	if given(a, sqlGroupFlag) {
		flag, ok := value.ToInt64(a[sqlGroupFlag])
		if !ok || a[sqlGroupFlag].Form() != value.SCALAR || flag < 0 || flag > 2 {
			return nil, fmt.Errorf("sql: groupFlag must be 0 (context by), 1 (group by) or 2 (pivot by)")
		}
		if q.Group != ast.GroupNone {
			q.Group = [...]ast.GroupKind{ast.ContextBy, ast.GroupBy, ast.PivotBy}[flag]
		}
	}
	if given(a, sqlCsort) {
		if q.Group != ast.ContextBy {
			return nil, fmt.Errorf("sql: csort can only be given with context by (groupBy with groupFlag=0)")
		}
		if q.Csort, err = orderItems(a[sqlCsort], argOrNil(a, sqlAscSort), "ascSort"); err != nil {
			return nil, err
		}
	} else if given(a, sqlAscSort) {
		return nil, fmt.Errorf("sql: ascSort needs csort")
	}
	if given(a, sqlHaving) {
		conds, err := queryExprs(a[sqlHaving])
		if err != nil {
			return nil, fmt.Errorf("sql: having must be metacode or a tuple of metacode")
		}
		q.Having = andAll(conds)
	}
	if given(a, sqlOrderBy) {
		if q.OrderBy, err = orderItems(a[sqlOrderBy], argOrNil(a, sqlAscOrder), "ascOrder"); err != nil {
			return nil, err
		}
	} else if given(a, sqlAscOrder) {
		return nil, fmt.Errorf("sql: ascOrder needs orderBy")
	}
	if given(a, sqlLimit) {
		if err := setLimit(q, a[sqlLimit]); err != nil {
			return nil, err
		}
	}
	hint := 0
	if given(a, sqlHint) {
		h, ok := value.ToInt64(a[sqlHint])
		if !ok || a[sqlHint].Form() != value.SCALAR || h < 0 {
			return nil, fmt.Errorf("sql: hint must be a HINT_* constant")
		}
		hint = int(h)
		q.Hint = hint // the engine honours it (HINT_KEEPORDER)
	}
	if q.Exec, err = flagArg(a, sqlExec, "exec"); err != nil {
		return nil, err
	}
	if q.Map, err = flagArg(a, sqlMap, "map"); err != nil {
		return nil, err
	}
	if given(a, sqlCGroupBy) {
		if err := setCGroupBy(q, a[sqlCGroupBy]); err != nil {
			return nil, err
		}
	}
	var b strings.Builder
	metaSelect(&b, q, hint, fromText)
	return ev.NewCode(q, b.String()), nil
}

// fromExpr is the from clause of sql(): metacode as it is, a table by
// value bound to a fresh name that shows as the caller's variable, any
// other table (a DFS handle) spliced in, and a table's name as that name,
// looked up when the query runs, which DolphinDB shows as the call
// objByName("name") (text, when not "", is how the clause shows).
func fromExpr(v value.Value, name string) (from ast.Expr, text string, err error) {
	switch x := v.(type) {
	case codeValue:
		e, ok := x.SQLNode().(ast.Expr)
		if !ok {
			return nil, "", fmt.Errorf("sql: from must be a table, metacode or a table name")
		}
		return e, "", nil
	case value.String:
		return &ast.Ident{Name: string(x)}, "objByName(" + strconv.Quote(string(x)) + ")", nil
	case value.Symbol:
		return &ast.Ident{Name: string(x)}, "objByName(" + strconv.Quote(string(x)) + ")", nil
	case *value.Table:
		return bindTableNamed(x, name), "", nil
	}
	if v.Form() == value.TABLE {
		return embedNamed(v, name), "", nil
	}
	return nil, "", fmt.Errorf("sql: from must be a table, metacode or a table name, not %s", value.TypeStr(v))
}

// orderItems reads csort or orderBy metacode with its ascSort/ascOrder
// flags: a scalar for every item or one flag an item (1 ascending, 0
// descending).
func orderItems(keys, asc value.Value, param string) ([]*ast.OrderItem, error) {
	es, err := queryExprs(keys)
	if err != nil {
		return nil, err
	}
	flags := make([]bool, len(es))
	for i := range flags {
		flags[i] = true
	}
	switch x := asc.(type) {
	case nil:
	case *value.Vector:
		if x.Len() != len(es) {
			return nil, fmt.Errorf("sql: %s must have one flag for each of the %d columns", param, len(es))
		}
		for i := range flags {
			n, ok := value.ToInt64(x.Get(i))
			if !ok {
				return nil, fmt.Errorf("sql: %s must be 1 (ascending) or 0 (descending)", param)
			}
			flags[i] = n != 0
		}
	default:
		n, ok := value.ToInt64(asc)
		if !ok || asc.Form() != value.SCALAR {
			return nil, fmt.Errorf("sql: %s must be 1 (ascending) or 0 (descending)", param)
		}
		for i := range flags {
			flags[i] = n != 0
		}
	}
	out := make([]*ast.OrderItem, len(es))
	for i, e := range es {
		out[i] = &ast.OrderItem{Expr: e, Desc: !flags[i], Asc: flags[i]}
	}
	return out, nil
}

// andAll joins conditions with and (sql(having=[c1, c2])).
func andAll(conds []ast.Expr) ast.Expr {
	var out ast.Expr
	for _, c := range conds {
		if out == nil {
			out = c
		} else {
			out = &ast.BinaryExpr{X: out, Op: "and", Y: c}
		}
	}
	return out
}

// setLimit applies sql(limit=...): n rows (top n, per group with context
// by), the rows [a, b) of a pair, or the last -n rows of a negative count,
// which DolphinDB writes as limit -n.
func setLimit(q *ast.SelectExpr, v value.Value) error {
	if p, ok := v.(*value.Pair); ok {
		lo, ok1 := value.ToInt64(p.First())
		hi, ok2 := value.ToInt64(p.Second())
		if !ok1 || !ok2 || !isIntegral(p.First().Type()) || !isIntegral(p.Second().Type()) {
			return fmt.Errorf("sql: limit must be an integer or a pair of integers")
		}
		if q.Group == ast.ContextBy {
			return fmt.Errorf("sql: limit can't be a range with context by")
		}
		q.Top = &ast.BinaryExpr{X: intLiteral(lo), Op: ":", Y: intLiteral(hi)}
		return nil
	}
	n, ok := value.ToInt64(v)
	if !ok || v.Form() != value.SCALAR || !isIntegral(v.Type()) {
		return fmt.Errorf("sql: limit must be an integer or a pair of integers")
	}
	if n < 0 {
		q.Limit = intLiteral(n)
	} else {
		q.Top = intLiteral(n)
	}
	return nil
}

// flagArg reads the boolean parameter i (exec, map); false when omitted.
func flagArg(a []value.Value, i int, param string) (bool, error) {
	if !given(a, i) {
		return false, nil
	}
	n, ok := value.ToInt64(a[i])
	if !ok || a[i].Form() != value.SCALAR {
		return false, fmt.Errorf("sql: %s must be a boolean", param)
	}
	return n != 0, nil
}

// setCGroupBy applies sql(cgroupBy=...): metacode of the cgroup by keys
// (the groupBy keys then group within them), or n, the last n groupBy
// keys.
func setCGroupBy(q *ast.SelectExpr, v value.Value) error {
	if q.Group == ast.ContextBy || q.Group == ast.PivotBy {
		return fmt.Errorf("sql: cgroupBy can't be given with context by or pivot by (groupFlag 0 or 2)")
	}
	if len(q.OrderBy) == 0 {
		return fmt.Errorf("sql: cgroupBy needs orderBy")
	}
	if n, ok := value.ToInt64(v); ok && v.Form() == value.SCALAR && isIntegral(v.Type()) {
		if n <= 0 || int(n) > len(q.GroupBy) {
			return fmt.Errorf("sql: cgroupBy=%d must count 1 to %d of the groupBy keys", n, len(q.GroupBy))
		}
		k := len(q.GroupBy) - int(n)
		q.CGroupWithin, q.GroupBy = q.GroupBy[:k], q.GroupBy[k:]
		q.Group = ast.CGroupBy
		return nil
	}
	keys, err := itemsOf(v)
	if err != nil {
		return fmt.Errorf("sql: cgroupBy must be metacode of columns or an integer")
	}
	q.CGroupWithin, q.GroupBy = q.GroupBy, keys
	q.Group = ast.CGroupBy
	return nil
}

func intLiteral(x int64) ast.Expr {
	if x < 0 {
		return &ast.UnaryExpr{Op: "-", X: intLiteral(-x)}
	}
	s := strconv.FormatInt(x, 10)
	return &ast.Literal{Kind: ast.LitNumber, Type: uint8(value.INT), Text: s, Raw: s}
}

// fnSQLCol is sqlCol(colName, [func], [alias], [qualifier]): a column
// name (or "*"), optionally qualified by a table, passed to a unary
// function and aliased; a vector of names gives a tuple of metacode, one
// an element (with one alias an element).
func fnSQLCol(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	if !given(a, 0) || !isStrings(a[0]) {
		return nil, fmt.Errorf("sqlCol: colName must be a string scalar or vector")
	}
	names := stringList(a[0])
	var aliases []string
	if given(a, 2) {
		if !isStrings(a[2]) {
			return nil, fmt.Errorf("sqlCol: alias must be a string scalar or vector")
		}
		aliases = stringList(a[2])
		if len(aliases) != len(names) {
			return nil, fmt.Errorf("sqlCol: alias must have one name for each of the %d columns", len(names))
		}
	}
	var fn ast.Expr
	if given(a, 1) {
		f, ok := a[1].(value.Function)
		if !ok {
			return nil, fmt.Errorf("sqlCol: func must be a unary function")
		}
		fn = funcExpr(ev, f)
	}
	qualifier := ""
	if given(a, 3) {
		s, ok := a[3].(value.String)
		if !ok {
			if sym, isSym := a[3].(value.Symbol); isSym {
				s, ok = value.String(sym), true
			}
		}
		if !ok {
			return nil, fmt.Errorf("sqlCol: qualifier must be a string scalar")
		}
		qualifier = string(s)
	}
	out := make([]value.Value, len(names))
	for i, n := range names {
		var e ast.Expr = &ast.Ident{Name: n}
		if qualifier != "" {
			e = &ast.SelectorExpr{X: &ast.Ident{Name: qualifier}, Sel: &ast.Ident{Name: n}}
		}
		if fn != nil {
			e = &ast.CallExpr{Fun: fn, Args: []ast.Arg{{Value: e}}}
		}
		if aliases != nil {
			e = &ast.AliasedExpr{X: e, Alias: aliases[i]}
		}
		out[i] = newCode(ev, e)
	}
	if a[0].Form() == value.SCALAR {
		return out[0], nil
	}
	return value.NewTuple(out), nil
}

func isStrings(v value.Value) bool {
	t := v.Type()
	return (t == value.STRING || t == value.SYMBOL) && (v.Form() == value.SCALAR || v.Form() == value.VECTOR)
}

// newCode is a CODE value of e with the text DolphinDB shows for it.
func newCode(ev Evaluator, e ast.Node) value.Value {
	return ev.NewCode(e, metaText(e))
}

// fnSQLColAlias is sqlColAlias(colDefs, [colNames]): metacode (or a tuple
// of it) named by colNames; without names each gets the name a query
// gives it (avg(PRC) as avg_PRC, price1 + price2 as price1_add).
func fnSQLColAlias(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	es, err := codeList(a[0])
	if err != nil {
		return nil, fmt.Errorf("sqlColAlias: colDefs must be metacode or a tuple of metacode")
	}
	var names []string
	if given(a, 1) {
		if !isStrings(a[1]) {
			return nil, fmt.Errorf("sqlColAlias: colNames must be a string scalar or vector")
		}
		names = stringList(a[1])
		if len(names) != len(es) {
			return nil, fmt.Errorf("sqlColAlias: colNames must have one name for each of the %d columns", len(es))
		}
	}
	out := make([]value.Value, len(es))
	for i, e := range es {
		if al, ok := e.(*ast.AliasedExpr); ok {
			e = al.X // a new alias replaces the old
		}
		alias := aliasName(e)
		if names != nil {
			alias = names[i]
		}
		out[i] = newCode(ev, &ast.AliasedExpr{X: e, Alias: alias})
	}
	if a[0].Form() == value.SCALAR && len(out) == 1 {
		return out[0], nil
	}
	return value.NewTuple(out), nil
}

// aliasName is the name sqlColAlias gives a column without one: a
// query's name of it, but an operator expression takes its leftmost
// column and the operator's function (price1 + price2 -> price1_add), as
// the manual's unifiedExpr example shows.
func aliasName(e ast.Expr) string {
	if p, ok := e.(*ast.ParenExpr); ok {
		return aliasName(p.X)
	}
	if b, ok := e.(*ast.BinaryExpr); ok && b.Fun == nil {
		left := b.X
		for {
			if l, ok := left.(*ast.BinaryExpr); ok && l.Fun == nil {
				left = l.X
			} else if p, ok := left.(*ast.ParenExpr); ok {
				left = p.X
			} else {
				break
			}
		}
		return aliasName(left) + "_" + compile.OperatorName(b.Op)
	}
	return exprName(e)
}

// fnSQLUpdate is sqlUpdate(table, updates, [from], [where], [contextBy],
// [csort], [ascSort], [having]).
func fnSQLUpdate(env value.Env, a []value.Value) (value.Value, error) {
	return buildUpdate(env, a, nil)
}

// fnSQLUpdateNamed is sqlUpdate() called with positional arguments: the
// variable the table was passed in is the name the statement shows.
func fnSQLUpdateNamed(env value.Env, a []value.Value, names []string) (value.Value, error) {
	return buildUpdate(env, a, names)
}

func buildUpdate(env value.Env, a []value.Value, names []string) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	s := &ast.UpdateStmt{}
	if s.Table, err = tableRef(a[0], "sqlUpdate", callerName(names, 0)); err != nil {
		return nil, err
	}
	ups, err := queryExprs(a[1])
	if err != nil {
		return nil, fmt.Errorf("sqlUpdate: updates must be metacode or a tuple of metacode")
	}
	for _, u := range ups {
		al, ok := u.(*ast.AliasedExpr)
		if !ok {
			return nil, fmt.Errorf("sqlUpdate: each update must name the column it sets (<expr as col>)")
		}
		s.Sets = append(s.Sets, &ast.SetClause{Col: &ast.Ident{Name: al.Alias}, Value: al.X})
	}
	if given(a, 2) {
		if s.From, err = tableRef(a[2], "sqlUpdate", callerName(names, 2)); err != nil {
			return nil, err
		}
	}
	if given(a, 3) {
		if s.Where, err = queryExprs(a[3]); err != nil {
			return nil, fmt.Errorf("sqlUpdate: where must be metacode or a tuple of metacode")
		}
	}
	if given(a, 4) {
		if s.ContextBy, err = itemsOf(a[4]); err != nil {
			return nil, fmt.Errorf("sqlUpdate: contextBy must be metacode of columns")
		}
	}
	if (given(a, 5) || given(a, 6) || given(a, 7)) && s.ContextBy == nil {
		return nil, fmt.Errorf("sqlUpdate: csort, ascSort and having can only be given with contextBy")
	}
	if given(a, 5) {
		if s.Csort, err = orderItems(a[5], argOrNil(a, 6), "ascSort"); err != nil {
			return nil, err
		}
	} else if given(a, 6) {
		return nil, fmt.Errorf("sqlUpdate: ascSort needs csort")
	}
	if given(a, 7) {
		conds, err := queryExprs(a[7])
		if err != nil {
			return nil, fmt.Errorf("sqlUpdate: having must be metacode or a tuple of metacode")
		}
		s.Having = andAll(conds)
	}
	return ev.NewCode(s, updateText(s)), nil
}

// updateText is an update statement as DolphinDB shows it.
func updateText(s *ast.UpdateStmt) string {
	var b strings.Builder
	b.WriteString("update ")
	metaExpr(&b, s.Table, 0)
	b.WriteString(" set ")
	for i, set := range s.Sets {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(set.Col.Name + " = ")
		metaExpr(&b, set.Value, 0)
	}
	if s.From != nil {
		b.WriteString(" from ")
		metaExpr(&b, s.From, 0)
	}
	writeWhere(&b, s.Where)
	if len(s.ContextBy) > 0 {
		b.WriteString(" context by ")
		metaItems(&b, s.ContextBy)
	}
	if len(s.Csort) > 0 {
		b.WriteString(" csort ")
		for i, o := range s.Csort {
			if i > 0 {
				b.WriteString(",")
			}
			metaExpr(&b, o.Expr, 0)
			if o.Desc {
				b.WriteString(" desc")
			} else {
				b.WriteString(" asc")
			}
		}
	}
	if s.Having != nil {
		b.WriteString(" having ")
		metaExpr(&b, s.Having, 0)
	}
	return b.String()
}

func writeWhere(b *strings.Builder, where []ast.Expr) {
	for i, w := range where {
		if i == 0 {
			b.WriteString(" where ")
		} else {
			b.WriteString(",")
		}
		metaExpr(b, w, 0)
	}
}

// fnSQLDelete is sqlDelete(table, [where], [from]).
func fnSQLDelete(env value.Env, a []value.Value) (value.Value, error) {
	return buildDelete(env, a, nil)
}

// fnSQLDeleteNamed is sqlDelete() called with positional arguments.
func fnSQLDeleteNamed(env value.Env, a []value.Value, names []string) (value.Value, error) {
	return buildDelete(env, a, names)
}

func buildDelete(env value.Env, a []value.Value, names []string) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	s := &ast.DeleteStmt{}
	if s.Table, err = tableRef(a[0], "sqlDelete", callerName(names, 0)); err != nil {
		return nil, err
	}
	if given(a, 1) {
		if s.Where, err = queryExprs(a[1]); err != nil {
			return nil, fmt.Errorf("sqlDelete: where must be metacode or a tuple of metacode")
		}
	}
	if given(a, 2) {
		if s.From, err = tableRef(a[2], "sqlDelete", callerName(names, 2)); err != nil {
			return nil, err
		}
	}
	var b strings.Builder
	if s.From != nil {
		// delete t from ej(t, s, `id): the rows of t the join keeps.
		b.WriteString("delete ")
		metaExpr(&b, s.Table, 0)
		b.WriteString(" from ")
		metaExpr(&b, s.From, 0)
	} else {
		b.WriteString("delete from ")
		metaExpr(&b, s.Table, 0)
	}
	writeWhere(&b, s.Where)
	return ev.NewCode(s, b.String()), nil
}

// callerName is the caller's spelling of argument i, "" when unknown.
func callerName(names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return ""
}

// tableRef is the target of sqlUpdate/sqlDelete: a table by value (bound
// to a fresh name, shown as name), a table's name, metacode, or a DFS
// table's handle.
func tableRef(v value.Value, fn, name string) (ast.Expr, error) {
	switch x := v.(type) {
	case *value.Table:
		return bindTableNamed(x, name), nil
	case codeValue:
		if e, ok := x.SQLNode().(ast.Expr); ok {
			return e, nil
		}
	case value.String:
		return &ast.Ident{Name: string(x)}, nil
	case value.Symbol:
		return &ast.Ident{Name: string(x)}, nil
	}
	if v != nil && v.Form() == value.TABLE {
		return embedNamed(v, name), nil
	}
	return nil, fmt.Errorf("%s: table must be a table, its name or metacode, not %s", fn, value.TypeStr(v))
}

// boundTables holds the tables passed by value to sql(from=t): the query's
// FROM is an identifier with a fresh name that maps to the table until the
// identifier (and so the metacode) is collected.
var (
	boundTables sync.Map // name -> *value.Table
	boundSeq    atomic.Int64
)

func bindTable(t *value.Table) *ast.Ident {
	return bindTableNamed(t, "")
}

// bindTableNamed binds t and shows it as display in metacode (the bound
// name when display is "").
func bindTableNamed(t *value.Table, display string) *ast.Ident {
	name := fmt.Sprintf("__table%d", boundSeq.Add(1))
	id := &ast.Ident{Name: name}
	boundTables.Store(name, t)
	if display != "" {
		boundNames.Store(name, display)
	}
	runtime.AddCleanup(id, func(k string) {
		boundTables.Delete(k)
		boundNames.Delete(k)
	}, name)
	return id
}

// fnMakeCall is makeCall(F, args...): the metacode of F called with args,
// not run. A metacode argument is spliced in as its expression; any other
// argument as the literal of its value, as DolphinDB shows
// makeCall(add, 1, 2) as < add(1, 2) >.
func fnMakeCall(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	fn, ok := a[0].(value.Function)
	if !ok {
		return nil, fmt.Errorf("The first argument of makeCall must be a function")
	}
	call := &ast.CallExpr{Fun: funcExpr(ev, fn)}
	for _, x := range a[1:] {
		call.Args = append(call.Args, ast.Arg{Value: valueExpr(ev, x)})
	}
	return newCode(ev, call), nil
}

// funcExpr is syntax for a function value: its name when the name finds
// this very function (a built-in, a named user function), otherwise the
// function itself spliced in (a lambda; a partial application, whose
// name is the function it fixes arguments of).
func funcExpr(ev Evaluator, f value.Function) ast.Expr {
	if n := f.Name(); n != "" {
		if g, ok := ev.LookupFunc(n); ok && sameFunc(f, g) {
			return &ast.Ident{Name: n}
		}
	}
	return embedValue(f)
}

// sameFunc reports whether two function values are the same object.
func sameFunc(f, g value.Function) (same bool) {
	defer func() {
		if recover() != nil { // a function value of an uncomparable type
			same = false
		}
	}()
	return f == g
}

// valueExpr is syntax that evaluates to v: metacode's own expression, a
// function's name, the literal of a scalar, vector or tuple, or else v
// itself spliced in.
func valueExpr(ev Evaluator, v value.Value) ast.Expr {
	switch x := v.(type) {
	case codeValue:
		if e, ok := x.SQLNode().(ast.Expr); ok {
			return e
		}
	case value.Function:
		return funcExpr(ev, x)
	case *value.Vector:
		if e, ok := vectorExpr(ev, x); ok {
			return e
		}
	case *value.Pair:
		return &ast.BinaryExpr{X: valueExpr(ev, x.First()), Op: ":", Y: valueExpr(ev, x.Second())}
	}
	if v != nil && v.Form() == value.SCALAR {
		if l, ok := scalarLiteral(v); ok {
			return l
		}
	}
	return embedValue(v)
}

// vectorExpr writes a vector as [e0, e1, ...], converted to its type when
// the elements alone would give another (all nulls, SYMBOL ...); a tuple as
// (e0, e1, ...). ok is false for vectors that have no literal (array
// vectors, elements without literals).
func vectorExpr(ev Evaluator, x *value.Vector) (ast.Expr, bool) {
	t := x.Type()
	if t.IsArray() {
		return nil, false
	}
	elems := make([]ast.Expr, x.Len())
	vals := make([]value.Value, x.Len())
	for i := range elems {
		vals[i] = x.Get(i)
		if t == value.ANY {
			elems[i] = valueExpr(ev, vals[i])
			continue
		}
		l, ok := scalarLiteral(vals[i])
		if !ok {
			return nil, false
		}
		elems[i] = l
	}
	if t == value.ANY {
		return &ast.TupleLit{Elems: elems}, true
	}
	var e ast.Expr = &ast.ArrayLit{Elems: elems}
	if len(vals) == 0 || value.MakeVector(vals).Type() != t {
		e = &ast.CallExpr{Fun: &ast.Ident{Name: "cast"}, Args: []ast.Arg{{Value: e}, {Value: &ast.Ident{Name: t.String()}}}}
	}
	return e, true
}

// scalarLiteral is the literal of a scalar of a type with literal syntax.
func scalarLiteral(v value.Value) (*ast.Literal, bool) {
	t := v.Type()
	l := &ast.Literal{Type: uint8(t)}
	if t == value.VOID || value.IsNull(v) {
		l.Kind = ast.LitNull
		return l, true
	}
	switch {
	case t == value.BOOL:
		n, _ := value.ToInt64(v)
		l.Kind, l.Text = ast.LitBool, strconv.FormatBool(n != 0)
	case t == value.CHAR:
		n, _ := value.ToInt64(v)
		if n >= ' ' && n <= '~' && n != '\'' && n != '\\' {
			l.Kind, l.Text = ast.LitChar, string(rune(n))
		} else {
			l.Kind, l.Text = ast.LitNumber, strconv.FormatInt(n, 10)
			l.Raw = l.Text + "c" // a CHAR, not an INT, when read back
		}
	case t == value.SHORT || t == value.INT || t == value.LONG:
		n, _ := value.ToInt64(v)
		l.Kind, l.Text = ast.LitNumber, strconv.FormatInt(n, 10)
	case t == value.FLOAT || t == value.DOUBLE:
		f, _ := value.ToFloat64(v)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, false
		}
		bits := 64
		if t == value.FLOAT {
			bits = 32
		}
		l.Kind, l.Text = ast.LitNumber, strconv.FormatFloat(f, 'g', -1, bits)
		if !strings.ContainsAny(l.Text, ".eE") {
			l.Text += ".0" // stays a floating literal when printed and read back
		}
	case t == value.STRING || t == value.SYMBOL || t == value.BLOB || t == value.UUID || t == value.IPADDR || t == value.INT128:
		l.Kind, l.Text = ast.LitString, v.String()
	case t == value.DURATION:
		l.Kind, l.Text = ast.LitDuration, v.String()
	case t.IsDecimal():
		l.Kind, l.Text = ast.LitDecimal, v.String()
	case t.IsTemporal():
		l.Kind, l.Text = ast.LitTemporal, v.String()
	default:
		return nil, false
	}
	return l, true
}
