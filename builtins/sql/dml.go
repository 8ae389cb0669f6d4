// This file runs update, delete, insert, create table and alter table on
// in-memory tables, in place.

package sql

import (
	"fmt"
	"slices"
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
	if s.From != nil {
		return updateFrom(ev, s, t)
	}
	f, err := applyWhere(ev, newFrame(t, sourceName(s.Table)), s.Where)
	if err != nil {
		return err
	}
	vals, rows, err := setValues(ev, s, f)
	if err != nil {
		return err
	}
	if rows != nil { // having kept some context-by groups only
		sel := make([]int, len(rows))
		for i, r := range rows {
			sel[i] = f.base(r)
		}
		f = f.withSel(sel)
	}
	for i, c := range s.Sets {
		if err := assignColumn(t, c.Col.Name, vals[i], f); err != nil {
			return err
		}
	}
	return nil
}

// setValues evaluates the set clauses over f's rows, per context-by group
// when there is one. It returns one vector per clause and the rows of f
// they go to: nil for all rows in order, or the rows of the groups (or
// the rows) that having keeps.
func setValues(ev Evaluator, s *ast.UpdateStmt, f *frame) ([]*value.Vector, []int, error) {
	vals := make([]*value.Vector, len(s.Sets))
	if len(s.ContextBy) == 0 {
		if s.Having != nil {
			return nil, nil, fmt.Errorf("The having clause of an update statement must follow a context by clause")
		}
		for i, c := range s.Sets {
			v, err := ev.EvalIn(c.Value, f.lookup)
			if err != nil {
				return nil, nil, err
			}
			if vals[i], err = column(v, f.rows(), c.Col.Name); err != nil {
				return nil, nil, err
			}
		}
		return vals, nil, nil
	}
	// Evaluate per group, then put the values back in the frame's row
	// order.
	keys, _, err := groupKeys(ev, f, s.ContextBy)
	if err != nil {
		return nil, nil, err
	}
	g := newGrouping(keys, f.rows())
	g.groupRows()
	// csort orders each group's rows before the set clauses see them
	// (cumsum in csort order); the values still go to the rows they were
	// computed for.
	var csortKeys []*value.Vector
	var csortDesc []bool
	if len(s.Csort) > 0 {
		if csortKeys, csortDesc, _, err = orderKeys(ev, s.Csort, f.rows(), f.lookup); err != nil {
			return nil, nil, err
		}
	}
	scat := make([][]*value.Vector, len(s.Sets))
	var pos []int // rows of f in the order of the values
	for gi := range g.ngroups() {
		rows := g.rowIdx(gi)
		if csortKeys != nil {
			rows = sortRows(rows, csortKeys, csortDesc)
		}
		base := make([]int, len(rows))
		for k, r := range rows {
			base[k] = f.base(r)
		}
		sub := f.withSel(base)
		keep := seqIdx(len(rows))
		if s.Having != nil {
			v, err := ev.EvalIn(s.Having, sub.lookup)
			if err != nil {
				return nil, nil, err
			}
			if keep, err = havingRows(v, len(rows)); err != nil {
				return nil, nil, err
			}
			if len(keep) == 0 {
				continue
			}
		}
		for i, c := range s.Sets {
			v, err := ev.EvalIn(c.Value, sub.lookup)
			if err != nil {
				return nil, nil, err
			}
			col, err := column(v, len(base), c.Col.Name)
			if err != nil {
				return nil, nil, err
			}
			scat[i] = append(scat[i], col.Gather(keep))
		}
		for _, k := range keep {
			pos = append(pos, rows[k])
		}
	}
	// order[k] is the position in the values of the k-th updated row of f
	// in row order.
	order := seqIdx(len(pos))
	slices.SortFunc(order, func(a, b int) int { return pos[a] - pos[b] })
	rows := make([]int, len(pos))
	for k, o := range order {
		rows[k] = pos[o]
	}
	for i := range s.Sets {
		all, err := concatVectors(scat[i])
		if err != nil {
			return nil, nil, err
		}
		if all == nil {
			all = value.NewVector(value.DOUBLE, 0)
		}
		vals[i] = all.Gather(order)
	}
	if len(rows) == f.rows() {
		rows = nil
	}
	return vals, rows, nil
}

// rowIDColumn is the column of target row numbers that update ... from
// adds to the table it updates before joining it; its odd name keeps it
// apart from the columns of the tables joined.
const rowIDColumn = "__porpoise_update_row__"

// updateFrom runs update t set ... from <join of t and others>: the set
// clauses, where and context by see the joined rows (the columns of every
// table joined), and each joined row updates the row of t it came from.
// Rows of t the join does not return (ej) are left as they are; a row it
// returns several times gets the value of its last joined row.
func updateFrom(ev Evaluator, s *ast.UpdateStmt, t *value.Table) error {
	f, j, err := joinedFrame(ev, s.Table, s.From, t, "an update statement", "updated")
	if err != nil {
		return err
	}
	if f, err = applyWhere(ev, f, s.Where); err != nil {
		return err
	}
	vals, rows, err := setValues(ev, s, f)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = seqIdx(f.rows())
	}
	// Joined rows without a row of t (the right-only rows of a full
	// join) update nothing.
	idsOf := f.col(j)
	if idsOf.Type() != value.LONG {
		return fmt.Errorf("The from clause of an update statement must keep the rows of the table being updated")
	}
	var sel, keep []int
	for k, r := range rows {
		if idsOf.IsNullAt(r) {
			continue
		}
		id := idsOf.Longs()[r]
		if id < 0 || id >= int64(t.Rows()) {
			return fmt.Errorf("The from clause of an update statement must keep the rows of the table being updated")
		}
		sel, keep = append(sel, int(id)), append(keep, k)
	}
	target := newFrame(t, "").withSel(sel)
	for i, c := range s.Sets {
		if err := assignColumn(t, c.Col.Name, vals[i].Gather(keep), target); err != nil {
			return err
		}
	}
	return nil
}

// deleteFrom runs delete t from <join of t and others> [where ...]: the
// where conditions see the joined rows, and the rows of t the selected
// joined rows came from are deleted (with ej, rows of t without a match
// stay).
func deleteFrom(ev Evaluator, s *ast.DeleteStmt, t *value.Table) error {
	f, j, err := joinedFrame(ev, s.Table, s.From, t, "a delete statement", "deleted from")
	if err != nil {
		return err
	}
	if f, err = applyWhere(ev, f, s.Where); err != nil {
		return err
	}
	idsOf := f.col(j)
	if idsOf.Type() != value.LONG {
		return fmt.Errorf("The from clause of a delete statement must keep the rows of the table being deleted from")
	}
	drop := make([]bool, t.Rows())
	for r := range f.rows() {
		if idsOf.IsNullAt(r) {
			continue // a right-only row of a full join
		}
		id := idsOf.Longs()[r]
		if id < 0 || id >= int64(t.Rows()) {
			return fmt.Errorf("The from clause of a delete statement must keep the rows of the table being deleted from")
		}
		drop[id] = true
	}
	deleteRows(t, drop)
	return nil
}

// joinedFrame evaluates the from clause of stmt (update or delete) ... from
// <join>, with t, the target named by table, standing in the join with
// an extra column of its row numbers. It returns the joined frame and the
// index of that column in it.
func joinedFrame(ev Evaluator, table, from ast.Expr, t *value.Table, stmt, target string) (*frame, int, error) {
	ids := make([]int64, t.Rows())
	for i := range ids {
		ids[i] = int64(i)
	}
	tagged, err := value.NewTable(append(slices.Clone(t.Names()), rowIDColumn), append(tableCols(t), value.NewLongVector(ids)))
	if err != nil {
		return nil, 0, err
	}
	tev := &rowTagged{Evaluator: ev, names: map[string]bool{}, target: t, tagged: tagged}
	if n := sourceName(table); n != "" {
		tev.names[n] = true
	}
	if id, ok := table.(*ast.Ident); ok {
		if _, bound := boundTables.Load(id.Name); bound {
			// A DFS table is updated one partition at a time, bound under
			// a fresh name: the DFS table named in from stands for the
			// partition.
			fromIdents(from, func(x *ast.Ident) {
				if v, ok := ev.Var(x.Name); ok {
					if _, isDFS := v.(dfsRewriter); isDFS {
						tev.names[x.Name] = true
					}
				}
			})
		}
	}
	f, err := sourceFrame(tev, from)
	if err != nil {
		return nil, 0, err
	}
	qualifyJoin(f, from)
	j := f.find(rowIDColumn)
	if j < 0 {
		return nil, 0, fmt.Errorf("The from clause of %s must join the table being %s", stmt, target)
	}
	return f, j, nil
}

func tableCols(t *value.Table) []value.Value {
	out := make([]value.Value, t.NumCols())
	for i, c := range t.Columns() {
		out[i] = c
	}
	return out
}

// qualifyJoin lets t2.x name the columns of a join function's result in
// update ... from ej(t1, t2, ...): the function puts the left table's
// columns first (the row numbers last among them), then the right
// table's, a clashing one renamed t2_x.
func qualifyJoin(f *frame, from ast.Expr) {
	call, ok := unparen(from).(*ast.CallExpr)
	if !ok || len(call.Args) < 2 {
		return
	}
	l, ok1 := call.Args[0].Value.(*ast.Ident)
	r, ok2 := call.Args[1].Value.(*ast.Ident)
	j := f.find(rowIDColumn)
	if !ok1 || !ok2 || j < 0 {
		return
	}
	for k := range f.names {
		if k <= j {
			f.quals[k] = l.Name
			continue
		}
		f.quals[k] = r.Name
		if orig, ok := strings.CutPrefix(f.names[k], r.Name+"_"); ok && f.find(orig) >= 0 && f.find(orig) <= j {
			f.origs[k] = orig
		}
	}
}

// fromIdents calls fn for each identifier of a from clause, through
// joins, aliases and calls.
func fromIdents(e ast.Expr, fn func(*ast.Ident)) {
	switch x := e.(type) {
	case *ast.JoinExpr:
		fromIdents(x.Left, fn)
		fromIdents(x.Right, fn)
	case *ast.AliasedExpr:
		fromIdents(x.X, fn)
	default:
		walk(e, func(y ast.Expr) bool {
			if id, ok := y.(*ast.Ident); ok {
				fn(id)
			}
			return true
		})
	}
}

// rowTagged is the evaluator of update's from clause: the target table,
// named by one of names or by any variable holding it, is the table with
// the row-number column.
type rowTagged struct {
	Evaluator
	names  map[string]bool
	target *value.Table
	tagged *value.Table
}

func (r *rowTagged) EvalIn(e ast.Expr, cols func(string) (value.Value, bool)) (value.Value, error) {
	return r.Evaluator.EvalIn(e, func(name string) (value.Value, bool) {
		if cols != nil {
			if v, ok := cols(name); ok {
				return v, true
			}
		}
		if r.names[name] {
			return r.tagged, true
		}
		if v, ok := r.Evaluator.Var(name); ok {
			if t, ok := v.(*value.Table); ok && t == r.target {
				return r.tagged, true
			}
		}
		return nil, false
	})
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
	if s.From != nil {
		return deleteFrom(ev, s, t)
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
		return runCreateDFSTable(ev, s)
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
		if v, verr := ev.EvalIn(s.Table, nil); verr == nil && v.Form() == value.TABLE {
			return alterByFunction(ev, s, v) // a DFS or dimension table
		}
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
