// This file reads DFS tables (loadTable handles) for a query: partitions
// pruned from where-conditions on partition columns, and only the columns
// the query names. builtins/sql does not import dfs; the handle is seen
// through dfsTable, which dfs.Table implements.

package sql

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// dfsTable is a DFS table handle (dfs.Table).
type dfsTable interface {
	value.Value
	ColumnNames() []string
	PartitionColumnNames() []string
	// LoadPruned reads cols (nil: all) of the partitions that may satisfy
	// every condition; shared promises the columns are only read.
	LoadPruned(cols []string, condCols, condOps []string, condVals [][]value.Value, shared bool) (*value.Table, error)
}

// dfsSource resolves q's from clause. When it is a DFS table, a group-by
// or aggregate query runs per partition (dfsMapReduce) and r is its
// result; any other query gets the frame f of the pruned partitions. ok
// is false when the from clause is not a name or call (nothing was
// evaluated then).
func dfsSource(ev Evaluator, q *ast.SelectExpr) (f *frame, r *result, ok bool, err error) {
	v, qual, ok, err := fromValue(ev, q)
	if !ok || err != nil {
		return nil, nil, ok, err
	}
	if d, isPart := v.(dfsPartitioned); isPart {
		r, done, err := dfsMapReduce(ev, q, d, qual)
		if done {
			return nil, r, true, err
		}
	}
	f, err = dfsFrame(v, q, qual, ev)
	return f, nil, true, err
}

// fromValue evaluates q's from clause when it is a call, or a name whose
// value is a DFS table; ok is false otherwise (nothing was evaluated).
func fromValue(ev Evaluator, q *ast.SelectExpr) (v value.Value, qual string, ok bool, err error) {
	from := q.From
	if a, isAlias := from.(*ast.AliasedExpr); isAlias {
		from, qual = a.X, a.Alias
	}
	switch x := from.(type) {
	case *ast.Ident:
		if _, bound := boundTables.Load(x.Name); bound {
			return nil, "", false, nil
		}
		var found bool
		if v, found = ev.Var(x.Name); !found {
			return nil, "", false, nil
		}
		if _, isDFS := v.(dfsTable); !isDFS {
			return nil, "", false, nil
		}
		if qual == "" {
			qual = x.Name
		}
	case *ast.CallExpr:
		if isJoinCall(x) {
			return nil, "", false, nil // sourceFrame keeps the sides' names
		}
		if v, err = ev.EvalIn(from, nil); err != nil {
			return nil, "", true, err
		}
	default:
		return nil, "", false, nil
	}
	return v, qual, true, nil
}

// dfsFrame is the frame of a from value: the pruned partitions of a DFS
// table read into one table, or the table a call returned.
func dfsFrame(v value.Value, q *ast.SelectExpr, qual string, ev Evaluator) (*frame, error) {
	d, isDFS := v.(dfsTable)
	if !isDFS {
		t, isTable := v.(*value.Table)
		if !isTable {
			return nil, fmt.Errorf("The from clause must be a table, not %s", value.TypeStr(v))
		}
		return newFrame(t, qual), nil
	}
	cols := queryColumns(q, d.ColumnNames())
	cc, ops, vals := pruneConds(ev, q.Where, d.PartitionColumnNames(), partitionTypes(d), d.ColumnNames())
	// A group-by query computes new columns from the source's: it may read
	// the storage's cached columns in place.
	t, err := d.LoadPruned(cols, cc, ops, vals, q.Group == ast.GroupBy)
	if err != nil {
		return nil, err
	}
	return newFrame(t, qual), nil
}

// queryColumns returns the table columns q mentions (all of them for
// select * or anything it can't see through), in table order.
func queryColumns(q *ast.SelectExpr, names []string) []string {
	lower := map[string]string{}
	for _, n := range names {
		lower[strings.ToLower(n)] = n
	}
	used := map[string]bool{}
	all := false
	for _, it := range q.Items {
		if isStar(it.Expr) {
			all = true // select *; count(*) needs no column
		}
	}
	visit := func(e ast.Expr) bool {
		switch x := e.(type) {
		case *ast.Ident:
			if n, ok := lower[strings.ToLower(x.Name)]; ok {
				used[n] = true
			}
		case *ast.SelectorExpr:
			if n, ok := lower[strings.ToLower(x.Sel.Name)]; ok {
				used[n] = true
			}
		case *ast.MacroVar, *ast.MetaCode, *ast.SelectExpr, *ast.FuncLit:
			all = true
		case *ast.Literal:
			if x.Kind == ast.LitString {
				if n, ok := lower[strings.ToLower(x.Text)]; ok {
					used[n] = true // sqlCol-style names in strings
				}
			}
		}
		return true
	}
	var exprs []ast.Expr
	for _, it := range q.Items {
		exprs = append(exprs, it.Expr)
	}
	exprs = append(exprs, q.Where...)
	for _, it := range q.GroupBy {
		exprs = append(exprs, it.Expr)
	}
	for _, it := range q.Csort {
		exprs = append(exprs, it.Expr)
	}
	for _, it := range q.OrderBy {
		exprs = append(exprs, it.Expr)
	}
	exprs = append(exprs, q.Having, q.Top, q.Limit)
	for _, e := range exprs {
		walk(e, visit)
	}
	if all {
		return nil
	}
	var out []string
	for _, n := range names {
		if used[n] {
			out = append(out, n)
		}
	}
	if len(out) == 0 && len(names) > 0 {
		out = names[:1] // count(*): any column gives the row count
	}
	return out
}

// partitionTypes is d's PartitionColumnTypes, or nil when d can't tell.
func partitionTypes(d dfsTable) []value.Type {
	if p, ok := d.(interface{ PartitionColumnTypes() []value.Type }); ok {
		return p.PartitionColumnTypes()
	}
	return nil
}

// pruneConds extracts "partition column op constant" conjuncts. A
// condition on date(col) or month(col) is one on col when the level
// (ptypes, aligned with pcols) converts col to a type that function
// determines: date(ts) = 2023.01.10 selects the partition 2023.01.10 of a
// DATE or the 2023.01M of a MONTH level, while month(ts) = 2023.01M spans
// every DATE partition of January and so prunes nothing there.
func pruneConds(ev Evaluator, where []ast.Expr, pcols []string, ptypes []value.Type, names []string) (cols, ops []string, vals [][]value.Value) {
	isColumn := func(n string) bool {
		for _, c := range names {
			if strings.EqualFold(c, n) {
				return true
			}
		}
		return false
	}
	isPart := func(e ast.Expr) (string, bool) {
		fn := ""
		if c, ok := e.(*ast.CallExpr); ok && len(c.Args) == 1 {
			if f, ok := c.Fun.(*ast.Ident); ok {
				fn, e = f.Name, c.Args[0].Value
			}
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return "", false
		}
		for lv, p := range pcols {
			if !strings.EqualFold(p, id.Name) {
				continue
			}
			t := value.VOID
			if lv < len(ptypes) {
				t = ptypes[lv]
			}
			switch {
			case fn == "",
				fn == "date" && (t == value.DATE || t == value.MONTH),
				fn == "month" && t == value.MONTH:
				return p, true
			}
		}
		return "", false
	}
	isConst := func(e ast.Expr) (value.Value, bool) {
		constant := true
		walk(e, func(x ast.Expr) bool {
			switch y := x.(type) {
			case *ast.Ident:
				_, isVar := ev.Var(y.Name)
				_, isFunc := ev.LookupFunc(y.Name)
				if isColumn(y.Name) || (!isVar && !isFunc) {
					constant = false
				}
			case *ast.SelectExpr, *ast.MacroVar:
				constant = false
			}
			return constant
		})
		if !constant {
			return nil, false
		}
		v, err := ev.EvalIn(e, nil)
		return v, err == nil
	}
	flip := map[string]string{"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "==": "=="}
	var add func(e ast.Expr)
	add = func(e ast.Expr) {
		switch x := e.(type) {
		case *ast.ParenExpr:
			add(x.X)
		case *ast.BinaryExpr:
			switch x.Op {
			case "and", "&&":
				add(x.X)
				add(x.Y)
			case "between":
				// x between lo : hi
				pr, isPair := unparen(x.Y).(*ast.BinaryExpr)
				if c, ok := isPart(x.X); ok && isPair && pr.Op == ":" && pr.Fun == nil {
					lo, ok1 := isConst(pr.X)
					hi, ok2 := isConst(pr.Y)
					if ok1 && ok2 {
						cols, ops, vals = append(cols, c), append(ops, "between"), append(vals, []value.Value{lo, hi})
					}
				}
			case "=", "==", "<", "<=", ">", ">=", "in":
				if c, ok := isPart(x.X); ok {
					if v, ok := isConst(x.Y); ok {
						cols, ops, vals = append(cols, c), append(ops, x.Op), append(vals, []value.Value{v})
					}
				} else if c, ok := isPart(x.Y); ok && x.Op != "in" {
					if v, ok := isConst(x.X); ok {
						cols, ops, vals = append(cols, c), append(ops, flip[x.Op]), append(vals, []value.Value{v})
					}
				}
			}
		case *ast.BetweenExpr:
			if c, ok := isPart(x.X); ok && !x.Not {
				lo, ok1 := isConst(x.Lo)
				hi, ok2 := isConst(x.Hi)
				if ok1 && ok2 {
					cols, ops, vals = append(cols, c), append(ops, "between"), append(vals, []value.Value{lo, hi})
				}
			}
		}
	}
	for _, w := range where {
		add(w)
	}
	return cols, ops, vals
}

// dfsRewriter is a DFS table that update and delete can rewrite
// (dfs.Table.RewritePartitions).
type dfsRewriter interface {
	dfsTable
	RewritePartitions(condCols, condOps []string, condVals [][]value.Value, fn func(*value.Table) (*value.Table, error)) (int, error)
}

// dfsDML runs update or delete when the target is a DFS table: each
// partition the where clause may touch is loaded, changed by the
// in-memory statement, and written back; all in one transaction. ok is
// false when the target is not a DFS table (nothing was done).
func dfsDML(ev Evaluator, n ast.Node) (ok bool, err error) {
	var target ast.Expr
	var where []ast.Expr
	switch s := n.(type) {
	case *ast.UpdateStmt:
		target, where = s.Table, s.Where
	case *ast.DeleteStmt:
		target, where = s.Table, s.Where
	default:
		return false, nil
	}
	var v value.Value
	switch x := target.(type) {
	case *ast.Ident:
		if _, bound := boundTables.Load(x.Name); bound {
			return false, nil
		}
		var found bool
		if v, found = ev.Var(x.Name); !found {
			return false, nil
		}
	case *ast.CallExpr:
		if v, err = ev.EvalIn(target, nil); err != nil {
			return true, err
		}
	default:
		return false, nil
	}
	d, isDFS := v.(dfsRewriter)
	if !isDFS {
		return false, nil
	}
	cc, ops, vals := pruneConds(ev, where, d.PartitionColumnNames(), partitionTypes(d), d.ColumnNames())
	_, err = d.RewritePartitions(cc, ops, vals, func(t *value.Table) (*value.Table, error) {
		id := bindTable(t)
		defer boundTables.Delete(id.Name)
		switch s := n.(type) {
		case *ast.UpdateStmt:
			u := *s
			u.Table = id
			return t, runUpdate(ev, &u)
		case *ast.DeleteStmt:
			before := t.Rows()
			del := *s
			del.Table = id
			if err := runDelete(ev, &del); err != nil || t.Rows() == before {
				return nil, err
			}
		}
		return t, nil
	})
	return true, err
}
