// This file builds queries as metacode: sql, sqlCol, sqlColAlias,
// sqlUpdate and sqlDelete return CODE values whose nodes the engine runs
// when they are evaluated; makeCall builds the metacode of a call.

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
	"github.com/porpoisedb/porpoise/vm/value"
)

func exprOf(v value.Value) (ast.Expr, error) {
	es, err := codeList(v)
	if err != nil {
		return nil, err
	}
	if len(es) != 1 {
		return nil, fmt.Errorf("expected one expression")
	}
	return es[0], nil
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
	es, err := codeList(v)
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

// fnSQL is sql(select, from, [where], [groupBy], [groupFlag], [csort],
// [ascSort], [having], [orderBy], [ascOrder], [limit], [hint], [exec]).
func fnSQL(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	q := &ast.SelectExpr{}
	if q.Items, err = itemsOf(a[0]); err != nil {
		return nil, err
	}
	switch from := a[1].(type) {
	case codeValue:
		q.From, _ = from.SQLNode().(ast.Expr)
	case value.String:
		q.From = &ast.Ident{Name: string(from)}
	case *value.Table:
		q.From = bindTable(from)
	default:
		return nil, fmt.Errorf("sql: from must be a table, metacode or a table name")
	}
	if given(a, 2) {
		if q.Where, err = codeList(a[2]); err != nil {
			return nil, err
		}
	}
	if given(a, 3) {
		if q.GroupBy, err = itemsOf(a[3]); err != nil {
			return nil, err
		}
		q.Group = ast.GroupBy
		if given(a, 4) {
			if flag, ok := value.ToInt64(a[4]); ok {
				switch flag {
				case 0:
					q.Group = ast.ContextBy
				case 2:
					q.Group = ast.PivotBy
				}
			}
		}
	}
	if given(a, 5) {
		es, err := codeList(a[5])
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			q.Csort = append(q.Csort, &ast.OrderItem{Expr: e})
		}
	}
	if given(a, 7) {
		if q.Having, err = exprOf(a[7]); err != nil {
			return nil, err
		}
	}
	if given(a, 8) {
		es, err := codeList(a[8])
		if err != nil {
			return nil, err
		}
		asc := boolList(argOrNil(a, 9), len(es))
		for i, e := range es {
			q.OrderBy = append(q.OrderBy, &ast.OrderItem{Expr: e, Desc: !asc[i]})
		}
	}
	if given(a, 10) {
		q.Limit = literalOf(a[10])
	}
	if given(a, 12) {
		if b, ok := value.ToInt64(a[12]); ok && b != 0 {
			q.Exec = true
		}
	}
	return ev.NewCode(q, ast.Print(q)), nil
}

func boolList(v value.Value, n int) []bool {
	out := make([]bool, n)
	for i := range out {
		out[i] = true
	}
	switch x := v.(type) {
	case value.Bool:
		for i := range out {
			out[i] = x == 1
		}
	case *value.Vector:
		for i := 0; i < n && i < x.Len(); i++ {
			b, _ := value.ToInt64(x.Get(i))
			out[i] = b != 0
		}
	}
	return out
}

// literalOf turns an integer value (or pair) back into syntax.
func literalOf(v value.Value) ast.Expr {
	if p, ok := v.(*value.Pair); ok {
		return &ast.BinaryExpr{X: literalOf(p.First()), Op: ":", Y: literalOf(p.Second())}
	}
	x, _ := value.ToInt64(v)
	if x < 0 {
		return &ast.UnaryExpr{Op: "-", X: &ast.Literal{Kind: ast.LitNumber, Type: uint8(value.INT), Text: fmt.Sprint(-x), Raw: fmt.Sprint(-x)}}
	}
	return &ast.Literal{Kind: ast.LitNumber, Type: uint8(value.INT), Text: fmt.Sprint(x), Raw: fmt.Sprint(x)}
}

// fnSQLCol is sqlCol(colName, [func], [alias], [qualifier]).
func fnSQLCol(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	names := stringList(a[0])
	aliases := stringList(argOrNil(a, 2))
	var out []value.Value
	for i, n := range names {
		var e ast.Expr = &ast.Ident{Name: n}
		if given(a, 3) {
			e = &ast.SelectorExpr{X: &ast.Ident{Name: a[3].String()}, Sel: &ast.Ident{Name: n}}
		}
		if given(a, 1) {
			fn, ok := a[1].(value.Function)
			if !ok {
				return nil, fmt.Errorf("sqlCol: func must be a function")
			}
			e = &ast.CallExpr{Fun: &ast.Ident{Name: fn.Name()}, Args: []ast.Arg{{Value: e}}}
		}
		if i < len(aliases) {
			e = &ast.AliasedExpr{X: e, Alias: aliases[i]}
		}
		out = append(out, ev.NewCode(e, ast.Print(e)))
	}
	if _, scalar := a[0].(*value.Vector); !scalar && len(out) == 1 {
		return out[0], nil
	}
	return value.NewTuple(out), nil
}

// fnSQLColAlias is sqlColAlias(colDefs, [colNames]).
func fnSQLColAlias(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	es, err := codeList(a[0])
	if err != nil {
		return nil, err
	}
	names := stringList(argOrNil(a, 1))
	var out []value.Value
	for i, e := range es {
		alias := exprName(e)
		if i < len(names) {
			alias = names[i]
		}
		x := &ast.AliasedExpr{X: e, Alias: alias}
		out = append(out, ev.NewCode(x, ast.Print(x)))
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return value.NewTuple(out), nil
}

// fnSQLUpdate is sqlUpdate(table, updates, [from], [where], [contextBy]).
func fnSQLUpdate(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	s := &ast.UpdateStmt{Table: tableRef(a[0])}
	ups, err := codeList(a[1])
	if err != nil {
		return nil, err
	}
	for _, u := range ups {
		al, ok := u.(*ast.AliasedExpr)
		if !ok {
			return nil, fmt.Errorf("sqlUpdate: updates must be metacode with aliases (sqlColAlias)")
		}
		s.Sets = append(s.Sets, &ast.SetClause{Col: &ast.Ident{Name: al.Alias}, Value: al.X})
	}
	if given(a, 2) {
		s.From = tableRef(a[2])
	}
	if given(a, 3) {
		if s.Where, err = codeList(a[3]); err != nil {
			return nil, err
		}
	}
	if given(a, 4) {
		if s.ContextBy, err = itemsOf(a[4]); err != nil {
			return nil, err
		}
	}
	return ev.NewCode(s, ""), nil
}

// fnSQLDelete is sqlDelete(table, [where]).
func fnSQLDelete(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	s := &ast.DeleteStmt{Table: tableRef(a[0])}
	if given(a, 1) {
		if s.Where, err = codeList(a[1]); err != nil {
			return nil, err
		}
	}
	return ev.NewCode(s, ""), nil
}

func tableRef(v value.Value) ast.Expr {
	if t, ok := v.(*value.Table); ok {
		return bindTable(t)
	}
	if c, ok := v.(codeValue); ok {
		if e, ok := c.SQLNode().(ast.Expr); ok {
			return e
		}
	}
	return &ast.Ident{Name: v.String()}
}

// boundTables holds the tables passed by value to sql(from=t): the query's
// FROM is an identifier with a fresh name that maps to the table until the
// identifier (and so the metacode) is collected.
var (
	boundTables sync.Map // name -> *value.Table
	boundSeq    atomic.Int64
)

func bindTable(t *value.Table) *ast.Ident {
	name := fmt.Sprintf("__table%d", boundSeq.Add(1))
	id := &ast.Ident{Name: name}
	boundTables.Store(name, t)
	runtime.AddCleanup(id, func(k string) { boundTables.Delete(k) }, name)
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
	fe, err := valueExpr(fn)
	if err != nil {
		return nil, err
	}
	call := &ast.CallExpr{Fun: fe}
	for _, x := range a[1:] {
		e, err := valueExpr(x)
		if err != nil {
			return nil, err
		}
		call.Args = append(call.Args, ast.Arg{Value: e})
	}
	return ev.NewCode(call, ast.Print(call)), nil
}

// valueExpr is syntax that evaluates to v: metacode's own expression, a
// named function's name, or the literal of a scalar, vector or tuple.
func valueExpr(v value.Value) (ast.Expr, error) {
	switch x := v.(type) {
	case codeValue:
		if e, ok := x.SQLNode().(ast.Expr); ok {
			return e, nil
		}
	case value.Function:
		if n := x.Name(); n != "" {
			return &ast.Ident{Name: n}, nil
		}
	case *value.Vector:
		return vectorExpr(x)
	}
	if v != nil && v.Form() == value.SCALAR {
		if l, ok := scalarLiteral(v); ok {
			return l, nil
		}
	}
	return nil, fmt.Errorf("makeCall: a %s argument can't be written into metacode", value.TypeStr(v))
}

// vectorExpr writes a vector as [e0, e1, ...], converted to its type when
// the elements alone would give another (all nulls, SYMBOL ...); a tuple as
// (e0, e1, ...).
func vectorExpr(x *value.Vector) (ast.Expr, error) {
	t := x.Type()
	if t.IsArray() {
		return nil, fmt.Errorf("makeCall: a %s argument can't be written into metacode", value.TypeStr(x))
	}
	elems := make([]ast.Expr, x.Len())
	vals := make([]value.Value, x.Len())
	for i := range elems {
		vals[i] = x.Get(i)
		e, err := valueExpr(vals[i])
		if err != nil {
			return nil, err
		}
		elems[i] = e
	}
	if t == value.ANY {
		return &ast.TupleLit{Elems: elems}, nil
	}
	var e ast.Expr = &ast.ArrayLit{Elems: elems}
	if len(vals) == 0 || value.MakeVector(vals).Type() != t {
		e = &ast.CallExpr{Fun: &ast.Ident{Name: "cast"}, Args: []ast.Arg{{Value: e}, {Value: &ast.Ident{Name: t.String()}}}}
	}
	return e, nil
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
	case t == value.CHAR || t == value.SHORT || t == value.INT || t == value.LONG:
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
