// This file evaluates joins inside FROM: the SQL forms (a [inner|left|
// right|full|cross|left semi|asof] join b on ...) and the join functions
// called there (select ... from ej(t1, t2, `id)). Both keep each column's
// table name or alias, so that t2.x and a.time name the right column, and
// the hidden key columns of joinResult.
//
// An ON clause is a conjunction: an equality between a column of the left
// side and one of the right side is a matching pair; any other condition
// refers to the columns of one side and restricts the rows of that side
// that may match (an outer join still returns the others, unmatched).

package sql

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// joinFrame evaluates a SQL join of FROM.
func joinFrame(ev Evaluator, j *ast.JoinExpr) (*frame, error) {
	l, err := sideFrame(ev, j.Left)
	if err != nil {
		return nil, err
	}
	r, err := sideFrame(ev, j.Right)
	if err != nil {
		return nil, err
	}
	var kind joinKind
	switch j.Kind {
	case ast.JoinInner:
		kind = joinInner
	case ast.JoinLeft:
		kind = joinLeft
	case ast.JoinLeftSemi:
		kind = joinLeftSemi
	case ast.JoinFull:
		kind = joinFull
	case ast.JoinRight:
		kind = joinRight
	case ast.JoinCross:
		if j.On != nil {
			return nil, fmt.Errorf("A cross join takes no on clause")
		}
		return cjFrame(l, r)
	case ast.JoinAsof:
		js, err := onClause(ev, j.On, l, r)
		if err != nil {
			return nil, err
		}
		if js.lmask != nil || js.rmask != nil {
			return nil, fmt.Errorf("The on clause of an asof join takes only matching columns")
		}
		return asofFrame(l, r, js.lk, js.rk)
	default:
		return nil, fmt.Errorf("A window join can't be written in the from clause; use wj or pwj")
	}
	js, err := onClause(ev, j.On, l, r)
	if err != nil {
		return nil, err
	}
	js.kind = kind
	return js.run(l, r)
}

// sideFrame evaluates one side of a SQL join: a table (its variable name
// or alias qualifies its columns), a DFS table (read whole), a subquery,
// a join function or a nested join.
func sideFrame(ev Evaluator, e ast.Expr) (joinSide, error) {
	name := ""
	x := e
	for {
		if p, ok := x.(*ast.ParenExpr); ok {
			x = p.X
			continue
		}
		if a, ok := x.(*ast.AliasedExpr); ok {
			name, x = a.Alias, a.X
			continue
		}
		break
	}
	var f *frame
	switch y := x.(type) {
	case *ast.JoinExpr:
		jf, err := joinFrame(ev, y)
		if err != nil {
			return joinSide{}, err
		}
		f = jf
	case *ast.SelectExpr:
		sf, err := sourceFrame(ev, y)
		if err != nil {
			return joinSide{}, err
		}
		f = sf
	case *ast.CallExpr:
		if isJoinCall(y) {
			jf, err := joinCallFrame(ev, y)
			if err != nil {
				return joinSide{}, err
			}
			f = jf
		}
	case *ast.Ident:
		if name == "" {
			name = y.Name
		}
		if _, bound := boundTables.Load(y.Name); bound {
			sf, err := sourceFrame(ev, y)
			if err != nil {
				return joinSide{}, err
			}
			f = sf
		}
	}
	if f == nil {
		// A table expression: a variable, a call such as loadTable(...)
		// (a DFS table is read whole).
		v, err := ev.EvalIn(x, nil)
		if err != nil {
			return joinSide{}, err
		}
		t, err := asTable(v, "")
		if err != nil {
			return joinSide{}, err
		}
		return tableSide(t, name), nil
	}
	if f.sel != nil {
		g := &frame{all: true, n: f.rows(), names: f.names, quals: f.quals, origs: f.origs, hidden: f.hidden}
		for j := range f.cols {
			g.cols = append(g.cols, f.col(j))
		}
		f = g
	}
	if name != "" {
		// An alias (or a plain table's name) qualifies every column.
		quals := make([]string, len(f.quals))
		for i := range quals {
			quals[i] = name
		}
		g := *f
		g.quals = quals
		f = &g
	}
	return joinSide{f: f, name: name}, nil
}

// onClause reads the matching column pairs and the side filters of an ON
// condition.
func onClause(ev Evaluator, on ast.Expr, l, r joinSide) (*joinSpec, error) {
	js := &joinSpec{}
	if on == nil {
		return nil, fmt.Errorf("A join needs an on clause")
	}
	for _, c := range conjuncts(on) {
		if b, ok := unparen(c).(*ast.BinaryExpr); ok && (b.Op == "=" || b.Op == "==") {
			if x, y, ok := keyPair(b, l, r); ok {
				js.lk, js.rk = append(js.lk, x), append(js.rk, y)
				continue
			}
		}
		side, err := conditionSide(c, l, r)
		if err != nil {
			return nil, err
		}
		s := l
		if side == 1 {
			s = r
		}
		v, err := ev.EvalIn(c, s.f.lookup)
		if err != nil {
			return nil, err
		}
		which := "left"
		if side == 1 {
			which = "right"
		}
		m, err := boolMask(v, s.rows(), which)
		if err != nil {
			return nil, err
		}
		mask := &js.lmask
		if side == 1 {
			mask = &js.rmask
		}
		if *mask == nil {
			*mask = m
		} else {
			for i := range m {
				(*mask)[i] = (*mask)[i] && m[i]
			}
		}
	}
	if len(js.lk) == 0 {
		return nil, fmt.Errorf("The join condition %s must compare a column of each table with =", ast.Print(on))
	}
	return js, nil
}

// keyPair returns the columns an equality joins: one side's column on
// either hand.
func keyPair(b *ast.BinaryExpr, l, r joinSide) (int, int, bool) {
	xn, yn := refName(b.X), refName(b.Y)
	if x, y := l.f.find(xn), r.f.find(yn); x >= 0 && y >= 0 {
		return x, y, true
	}
	if x, y := l.f.find(yn), r.f.find(xn); x >= 0 && y >= 0 {
		return x, y, true
	}
	return 0, 0, false
}

// conditionSide returns 0 when the condition refers to columns of the
// left side only, 1 for the right side only.
func conditionSide(c ast.Expr, l, r joinSide) (int, error) {
	inL, inR := false, false
	var bad string
	for _, n := range columnRefs(c) {
		lq, rq := l.f.find(n) >= 0, r.f.find(n) >= 0
		if strings.IndexByte(n, '.') < 0 && lq && rq {
			lq, rq = true, false // a bare name is the left table's first
		}
		inL, inR = inL || lq, inR || rq
		if !lq && !rq && strings.IndexByte(n, '.') > 0 {
			bad = n
		}
	}
	switch {
	case bad != "":
		return 0, fmt.Errorf("Can't find the column [%s] of the join condition %s", bad, ast.Print(c))
	case inL && inR:
		return 0, fmt.Errorf("The join condition %s must be an equality of two columns, or refer to the columns of one table", ast.Print(c))
	case inR:
		return 1, nil
	case inL:
		return 0, nil
	}
	return 0, fmt.Errorf("The join condition %s refers to no column of the joined tables", ast.Print(c))
}

// columnRefs lists the names an expression may read as columns: bare
// identifiers and a.b.
func columnRefs(e ast.Expr) []string {
	var out []string
	var walk func(x ast.Expr) ast.Expr
	walk = func(x ast.Expr) ast.Expr {
		switch y := x.(type) {
		case *ast.Ident:
			out = append(out, y.Name)
			return x
		case *ast.SelectorExpr:
			if id, ok := y.X.(*ast.Ident); ok {
				out = append(out, id.Name+"."+y.Sel.Name)
				return x
			}
		case *ast.CallExpr:
			for _, a := range y.Args {
				if a.Value != nil {
					walk(a.Value)
				}
			}
			return x
		}
		return ast.MapChildren(x, walk)
	}
	walk(e)
	return out
}

// refName is the frame lookup name of a column reference.
func refName(e ast.Expr) string {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.Name + "." + x.Sel.Name
		}
	}
	return "\x00"
}

func conjuncts(e ast.Expr) []ast.Expr {
	e = unparen(e)
	if b, ok := e.(*ast.BinaryExpr); ok && (b.Op == "and" || b.Op == "&&") {
		return append(conjuncts(b.X), conjuncts(b.Y)...)
	}
	return []ast.Expr{e}
}

// joinFuncs are the join functions a FROM clause evaluates itself, to
// keep the names of their tables.
var joinFuncs = map[string]joinKind{
	"ej": joinInner, "sej": joinInner, "lj": joinLeft, "lsj": joinLeftSemi,
	"fj": joinFull, "cj": joinCross, "aj": joinInner,
}

// isJoinCall reports whether a FROM call is a join function with plain
// positional arguments.
func isJoinCall(c *ast.CallExpr) bool {
	id, ok := c.Fun.(*ast.Ident)
	if !ok {
		return false
	}
	if _, ok := joinFuncs[id.Name]; !ok {
		return false
	}
	for _, a := range c.Args {
		if a.Name != "" {
			return false
		}
	}
	return len(c.Args) >= 2
}

// joinCallFrame evaluates a join function called in FROM: the tables are
// read as join sides (keeping names and aliases: ej(t as a, t as b, `id)),
// the filters over the columns of their side (t1.value > 1 where t1 may
// be an alias), the other arguments as usual.
func joinCallFrame(ev Evaluator, c *ast.CallExpr) (*frame, error) {
	name := c.Fun.(*ast.Ident).Name
	l, err := sideFrame(ev, c.Args[0].Value)
	if err != nil {
		return nil, err
	}
	r, err := sideFrame(ev, c.Args[1].Value)
	if err != nil {
		return nil, err
	}
	a := make([]value.Value, len(c.Args))
	for i := 2; i < len(c.Args); i++ {
		x := c.Args[i].Value
		if x == nil {
			continue
		}
		var lookup func(string) (value.Value, bool)
		switch i {
		case 4:
			lookup = l.f.lookup
		case 5:
			lookup = r.f.lookup
		}
		if a[i], err = ev.EvalIn(x, lookup); err != nil {
			return nil, err
		}
	}
	switch name {
	case "cj":
		if len(c.Args) != 2 {
			return nil, fmt.Errorf("The function [cj] expects 2 argument(s), but the actual number of arguments is: %d", len(c.Args))
		}
		return cjFrame(l, r)
	case "aj":
		if len(c.Args) > 4 {
			return nil, fmt.Errorf("The function [aj] expects 3~4 argument(s), but the actual number of arguments is: %d", len(c.Args))
		}
		return ajFrame(l, r, a)
	}
	if len(c.Args) > 6 {
		return nil, fmt.Errorf("The function [%s] expects 3~6 argument(s), but the actual number of arguments is: %d", name, len(c.Args))
	}
	if name == "fj" && len(c.Args) > 4 {
		return nil, fmt.Errorf("The function [fj] expects 3~4 argument(s), but the actual number of arguments is: %d", len(c.Args))
	}
	return equiJoinFrame(joinFuncs[name], name == "sej", l, r, a)
}
