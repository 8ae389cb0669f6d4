// This file runs update, delete, insert, create table and alter table on
// in-memory tables, in place.

package sql

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// targetTable evaluates the table an update/delete/insert names.
func targetTable(ev Evaluator, e ast.Expr) (*value.Table, error) {
	if l, ok := e.(*ast.Literal); ok && l.Kind == ast.LitString {
		e = &ast.Ident{NamePos: l.ValuePos, Name: l.Text}
	}
	if id, ok := e.(*ast.Ident); ok {
		if t, ok := boundTables.Load(id.Name); ok {
			return t.(*value.Table), nil
		}
	}
	v, err := ev.EvalIn(e, nil)
	if err != nil {
		return nil, err
	}
	t, ok := v.(*value.Table)
	if !ok {
		return nil, fmt.Errorf("The target of the statement must be a table")
	}
	return t, nil
}

func runUpdate(ev Evaluator, s *ast.UpdateStmt) error {
	t, err := targetTable(ev, s.Table)
	if err != nil {
		return err
	}
	src := newFrame(t, sourceName(s.Table))
	if s.From != nil {
		return fmt.Errorf("update ... from is not supported yet")
	}
	f, err := applyWhere(ev, src, s.Where)
	if err != nil {
		return err
	}
	vals := make([]*value.Vector, len(s.Sets))
	if len(s.ContextBy) > 0 {
		q := &ast.SelectExpr{Group: ast.ContextBy, GroupBy: s.ContextBy, Having: s.Having}
		for _, c := range s.Sets {
			q.Items = append(q.Items, &ast.SelectItem{Expr: c.Value})
		}
		// Evaluate per group, then scatter back to the frame's row order.
		keys, _, err := groupKeys(ev, f, s.ContextBy)
		if err != nil {
			return err
		}
		g := newGrouping(keys, f.rows())
		g.groupRows()
		parts := make([][]value.Value, len(s.Sets))
		for i := range parts {
			parts[i] = make([]value.Value, 0)
		}
		scat := make([][]*value.Vector, len(s.Sets))
		var pos []int
		for gi := range g.ngroups() {
			rows := g.rowIdx(gi)
			base := make([]int, len(rows))
			for k, r := range rows {
				base[k] = f.base(r)
			}
			sub := f.withSel(base)
			for i, c := range s.Sets {
				v, err := ev.EvalIn(c.Value, sub.lookup)
				if err != nil {
					return err
				}
				col, err := column(v, len(base), c.Col.Name)
				if err != nil {
					return err
				}
				scat[i] = append(scat[i], col)
			}
			pos = append(pos, rows...)
		}
		inv := make([]int, len(pos))
		for k, p := range pos {
			inv[p] = k
		}
		for i := range s.Sets {
			all, err := concatVectors(scat[i])
			if err != nil {
				return err
			}
			if all == nil {
				all = value.NewVector(value.DOUBLE, 0)
			}
			vals[i] = all.Gather(inv)
		}
	} else {
		for i, c := range s.Sets {
			v, err := ev.EvalIn(c.Value, f.lookup)
			if err != nil {
				return err
			}
			if vals[i], err = column(v, f.rows(), c.Col.Name); err != nil {
				return err
			}
		}
	}
	for i, c := range s.Sets {
		if err := assignColumn(t, c.Col.Name, vals[i], f); err != nil {
			return err
		}
	}
	return nil
}

// assignColumn stores v (aligned with f's selection) into column name of
// t, adding the column when it is new.
func assignColumn(t *value.Table, name string, v *value.Vector, f *frame) error {
	j := t.ColIndex(name)
	if f.all {
		if j < 0 {
			return t.AddColumn(name, v)
		}
		old := t.Column(j)
		if old.Type() != v.Type() && old.Type() != value.SYMBOL {
			return t.SetColumn(j, v)
		}
		cv, err := value.Cast(v, old.Type())
		if err != nil {
			return err
		}
		return t.SetColumn(j, cv.(*value.Vector))
	}
	if j < 0 {
		if err := t.AddColumn(name, value.NewNullVector(v.Type(), t.Rows())); err != nil {
			return err
		}
		j = t.ColIndex(name)
	}
	col := t.Column(j)
	if col.Type() != v.Type() {
		cv, err := value.Cast(v, col.Type())
		if err != nil {
			return err
		}
		v = cv.(*value.Vector)
	}
	for i, r := range f.sel {
		if err := col.Set(r, v.Get(i)); err != nil {
			return err
		}
	}
	return nil
}

func runDelete(ev Evaluator, s *ast.DeleteStmt) error {
	t, err := targetTable(ev, s.Table)
	if err != nil {
		return err
	}
	return deleteWhere(ev, t, sourceName(s.Table), s.Where)
}

// deleteWhere deletes the rows of t (named name in the conditions) that
// the where conditions select.
func deleteWhere(ev Evaluator, t *value.Table, name string, where []ast.Expr) error {
	f, err := applyWhere(ev, newFrame(t, name), where)
	if err != nil {
		return err
	}
	drop := make([]bool, t.Rows())
	if f.all {
		for i := range drop {
			drop[i] = true
		}
	}
	for _, r := range f.sel {
		drop[r] = true
	}
	deleteRows(t, drop)
	return nil
}

// deleteRows compacts every column of t in place, keeping rows not marked.
func deleteRows(t *value.Table, drop []bool) {
	keep := 0
	for _, d := range drop {
		if !d {
			keep++
		}
	}
	for _, c := range t.Columns() {
		compact(c, drop)
		c.Truncate(keep)
	}
}

func compact(c *value.Vector, drop []bool) {
	switch {
	case c.Type() == value.STRING || c.Type() == value.BLOB:
		compactSlice(c.Strings(), drop)
	case c.Type() == value.ANY:
		compactSlice(c.Elems(), drop)
	case c.Type().IsArray():
		// Rebuild through gather; array vectors are rare in DML.
		var idx []int
		for i, d := range drop {
			if !d {
				idx = append(idx, i)
			}
		}
		g := c.Gather(idx)
		c.Truncate(0)
		_ = c.AppendVector(g)
	default:
		w := c.Type().Width()
		raw := c.Raw()
		k := 0
		for i, d := range drop {
			if !d {
				copy(raw[k*w:(k+1)*w], raw[i*w:(i+1)*w])
				k++
			}
		}
	}
}

func compactSlice[T any](xs []T, drop []bool) {
	k := 0
	for i, d := range drop {
		if !d {
			xs[k] = xs[i]
			k++
		}
	}
}

func runInsert(ev Evaluator, s *ast.InsertStmt) error {
	t, err := targetTable(ev, s.Table)
	if err != nil {
		return err
	}
	if s.Query != nil {
		v, err := runSelect(ev, s.Query, nil)
		if err != nil {
			return err
		}
		src, ok := v.(*value.Table)
		if !ok {
			return fmt.Errorf("insert into ... select needs a table")
		}
		return builtins.AppendRows(t, src)
	}
	for _, row := range s.Rows {
		vals := make([]value.Value, len(row))
		for i, e := range row {
			v, err := ev.EvalIn(e, nil)
			if err != nil {
				return err
			}
			vals[i] = v
		}
		if err := insertValues(t, s.Cols, vals); err != nil {
			return err
		}
	}
	return nil
}

// insertValues appends one row (scalars) or many (vectors) to t; cols
// names the columns given (all columns in order when empty).
func insertValues(t *value.Table, cols []string, vals []value.Value) error {
	if len(cols) == 0 {
		if len(vals) != t.NumCols() {
			return fmt.Errorf("The number of values (%d) doesn't match the number of columns (%d)", len(vals), t.NumCols())
		}
		cols = t.Names()
	}
	if len(cols) != len(vals) {
		return fmt.Errorf("The number of columns doesn't match the number of values")
	}
	n := 1
	for _, v := range vals {
		if vec, ok := v.(*value.Vector); ok {
			n = vec.Len()
		}
	}
	names := t.Names()
	newCols := make([]value.Value, t.NumCols())
	for j, name := range names {
		newCols[j] = value.NewNullVector(t.Column(j).Type(), n)
		for i, c := range cols {
			if strings.EqualFold(c, name) {
				v, err := column(vals[i], n, c)
				if err != nil {
					return err
				}
				newCols[j] = v
			}
		}
	}
	for _, c := range cols {
		if t.ColIndex(c) < 0 {
			return fmt.Errorf("The column [%s] doesn't exist in the table", c)
		}
	}
	src, err := value.NewTable(uniqueNames(names), newCols)
	if err != nil {
		return err
	}
	return builtins.AppendRows(t, src)
}

func runCreate(ev Evaluator, s *ast.CreateTableStmt) error {
	if s.DB != nil {
		return fmt.Errorf("create table in a database is not supported yet")
	}
	sv, ok := ev.(varSetter)
	if !ok {
		return fmt.Errorf("create table needs the VM")
	}
	name := sourceName(s.Name)
	if l, ok := s.Name.(*ast.Literal); ok {
		name = l.Text
	}
	if s.Query != nil {
		v, err := runSelect(ev, s.Query, nil)
		if err != nil {
			return err
		}
		sv.SetVar(name, v)
		return nil
	}
	names := make([]string, len(s.Cols))
	types := make([]value.Type, len(s.Cols))
	for i, c := range s.Cols {
		names[i] = c.Name
		t, err := typeOf(c.Type)
		if err != nil {
			return err
		}
		types[i] = t
	}
	t, err := value.NewEmptyTable(names, types, 0)
	if err != nil {
		return err
	}
	sv.SetVar(name, t)
	return nil
}

func typeOf(e ast.Expr) (value.Type, error) {
	name := ast.Print(e)
	if t, ok := value.TypeByName(strings.ToUpper(name)); ok {
		return t, nil
	}
	return 0, fmt.Errorf("Unknown data type %s", name)
}

func runAlter(ev Evaluator, s *ast.AlterStmt) error {
	t, err := targetTable(ev, s.Table)
	if err != nil {
		return err
	}
	j := t.ColIndex(s.Col)
	switch s.Action {
	case "add":
		if j >= 0 {
			return fmt.Errorf("The column [%s] already exists", s.Col)
		}
		typ, err := typeOf(s.Type)
		if err != nil {
			return err
		}
		return t.AddColumn(s.Col, value.NewNullVector(typ, t.Rows()))
	case "drop":
		if j < 0 {
			return fmt.Errorf("The column [%s] doesn't exist", s.Col)
		}
		t.DropColumn(j)
		return nil
	case "rename":
		if j < 0 {
			return fmt.Errorf("The column [%s] doesn't exist", s.Col)
		}
		return t.Rename(j, s.NewCol)
	}
	return fmt.Errorf("alter table %s is not supported", s.Action)
}
