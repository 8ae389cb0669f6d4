// This file runs context by (items evaluated within each group, one row
// per input row, groups contiguous in key order, csort inside groups,
// top/limit per group), pivot by and cgroup by.

package sql

import (
	"fmt"
	"slices"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// sortGroupsByKey orders the present slots by key values.
func (g *grouping) sortGroupsByKey() {
	cols := g.keyColumns()
	perm := sortRows(seqIdx(len(g.slots)), cols, make([]bool, len(cols)))
	slots := make([]int32, len(perm))
	for i, p := range perm {
		slots[i] = g.slots[p]
	}
	g.slots = slots
	g.offs = nil
}

func contextSelect(ev Evaluator, q *ast.SelectExpr, f *frame) (*result, error) {
	keys, _, err := groupKeys(ev, f, q.GroupBy)
	if err != nil {
		return nil, err
	}
	g := newGrouping(keys, f.rows())
	g.sortGroupsByKey()
	g.groupRows()
	var csortKeys []*value.Vector
	var csortDesc []bool
	if len(q.Csort) > 0 {
		if csortKeys, csortDesc, _, err = orderKeys(ev, q.Csort, f.rows(), f.lookup); err != nil {
			return nil, err
		}
	}
	perGroupN := -1 // rows kept per group: top N / limit N
	fromEnd := false
	if q.Top != nil || q.Limit != nil {
		lim := q.Top
		if lim == nil {
			lim = q.Limit
		}
		k, err := evalInt(ev, lim)
		if err != nil {
			return nil, err
		}
		perGroupN, fromEnd = k, k < 0
		if k < 0 {
			perGroupN = -k
		}
	}
	items := expandItems(ev, q.Items, f)
	outs := outColumns(items)
	cols := make([][]*value.Vector, len(outs))
	var order []int // base rows in output order
	for gi := range g.ngroups() {
		rows := g.rowIdx(gi)
		if csortKeys != nil {
			rows = sortRows(rows, csortKeys, csortDesc)
		}
		base := make([]int, len(rows))
		for i, r := range rows {
			base[i] = f.base(r)
		}
		sub := f.withSel(base)
		keep := seqIdx(len(base))
		if q.Having != nil {
			v, err := ev.EvalIn(q.Having, sub.lookup)
			if err != nil {
				return nil, err
			}
			if keep, err = havingRows(v, len(base)); err != nil {
				return nil, err
			}
		}
		if perGroupN >= 0 && len(keep) > perGroupN {
			if fromEnd {
				keep = keep[len(keep)-perGroupN:]
			} else {
				keep = keep[:perGroupN]
			}
		}
		if len(keep) == 0 {
			continue
		}
		vals, parts, err := evalItems(ev, items, sub.lookup)
		if err != nil {
			return nil, err
		}
		for i, oc := range outs {
			c, err := column(oc.pick(vals, parts), len(base), oc.name)
			if err != nil {
				return nil, err
			}
			cols[i] = append(cols[i], c.Gather(keep))
		}
		for _, k := range keep {
			order = append(order, base[k])
		}
	}
	// limit (not top) without csort keeps each group's first or last rows
	// in table order: the manual prints `context by sym limit 2` that way,
	// while top and csort give the rows grouped.
	// HINT_KEEPORDER keeps the input order whatever the clauses.
	var perm []int
	if q.Hint&ast.HintKeepOrder != 0 || q.Limit != nil && q.Top == nil && len(q.Csort) == 0 {
		perm = seqIdx(len(order))
		slices.SortStableFunc(perm, func(a, b int) int { return order[a] - order[b] })
		sorted := make([]int, len(order))
		for i, p := range perm {
			sorted[i] = order[p]
		}
		order = sorted
	}
	r := &result{}
	for i, oc := range outs {
		r.names = append(r.names, oc.name)
		c, err := concatVectors(cols[i])
		if err != nil {
			return nil, err
		}
		if c == nil {
			c = value.NewVector(value.DOUBLE, 0)
		}
		if perm != nil {
			c = c.Gather(perm)
		}
		r.cols = append(r.cols, c)
	}
	return finish(ev, q, r, f.withSel(order))
}

func havingRows(v value.Value, n int) ([]int, error) {
	if vec, ok := v.(*value.Vector); ok && vec.Type() == value.BOOL && vec.Len() == n {
		var keep []int
		for i, b := range vec.Int8s() {
			if b == 1 {
				keep = append(keep, i)
			}
		}
		return keep, nil
	}
	t, err := value.Truthy(v)
	if err != nil {
		return nil, err
	}
	if t {
		return seqIdx(n), nil
	}
	return nil, nil
}

func concatVectors(parts []*value.Vector) (*value.Vector, error) {
	if len(parts) == 0 {
		return nil, nil
	}
	out := parts[0].Clone()
	for _, p := range parts[1:] {
		if err := out.AppendVector(p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pivotSelect: the last pivot key spreads into columns, the others are
// row keys. Each select item is evaluated on the pivoted data: its
// aggregates are computed per (row, column) cell, a column it names
// outside an aggregate takes the cell's last value, and the rest of the
// item runs on those rows x columns matrices, so rowSum(ffill(price))
// gives one column and price > 0 one column per column key. With several
// items the columns are named item_key (factorValue_1), as the manual
// prints them since 1.20.4.
func pivotSelect(ev Evaluator, q *ast.SelectExpr, f *frame) (*result, error) {
	if len(q.GroupBy) < 2 || len(q.Items) == 0 {
		return nil, fmt.Errorf("pivot by needs at least two keys and a select item")
	}
	for _, it := range q.Items {
		if multi(it) {
			return nil, fmt.Errorf("The select item of a pivot by query must have one column name, not %s", aliasList(it))
		}
	}
	keys, keyNames, err := groupKeys(ev, f, q.GroupBy)
	if err != nil {
		return nil, err
	}
	items := expandItems(ev, q.Items, f)
	plans := make([]pivotItem, len(items))
	exprs := make([]ast.Expr, 0, len(items))
	for i, it := range items {
		plans[i] = planPivotItem(ev, f, it.Expr)
		for _, c := range plans[i].cells {
			exprs = append(exprs, c)
		}
	}
	gc, err := planGroups(ev, f, keys, keyNames, q.GroupBy, exprs)
	if err != nil {
		return nil, err
	}
	g := gc.g
	gc.keyCols = g.keyColumns()
	nk := len(keys)
	rowG := newGrouping(vecKeys(gc.keyCols[:nk-1]), g.ngroups())
	rowG.sortGroupsByKey()
	colG := newGrouping(vecKeys(gc.keyCols[nk-1:]), g.ngroups())
	colG.sortGroupsByKey()
	rowOf := slotIndex(rowG)
	colOf := slotIndex(colG)
	nr, nc := rowG.ngroups(), colG.ngroups()
	idx := make([]int, nr*nc) // cell (column-major) -> group, -1 when empty
	for i := range idx {
		idx[i] = -1
	}
	for i := range g.ngroups() {
		r, c := rowOf[rowG.allIDs()[i]], colOf[colG.allIDs()[i]]
		idx[c*nr+r] = i
	}
	rowKeys := rowG.keyColumns()
	colKeys := colG.keyColumns()[0]
	colNames := make([]string, nc)
	for c := range nc {
		if colNames[c] = colKeys.Get(c).String(); colNames[c] == "" {
			colNames[c] = "NULL"
		}
	}
	r := &result{names: append([]string(nil), keyNames[:nk-1]...), cols: rowKeys}
	for i, it := range items {
		v, lone, err := plans[i].eval(ev, gc, idx, nr, nc)
		if err != nil {
			return nil, err
		}
		if d, ok := v.(*value.Vector); ok && lone {
			if q.Exec && len(items) == 1 {
				if v, err = value.FromVector(d, nr, nc); err != nil {
					return nil, err
				}
			} else {
				spread(r, d, colNames, itemName(it), len(items) > 1, nr)
				continue
			}
		}
		if q.Exec && len(items) == 1 {
			if m, ok := v.(*value.Matrix); ok {
				if err := m.SetRowLabels(rowKeys[0]); err != nil {
					return nil, err
				}
				if err := m.SetColLabels(colKeys); err != nil {
					return nil, err
				}
				return &result{mat: m}, nil
			}
		}
		switch x := v.(type) {
		case *value.Matrix:
			if x.Rows() != nr || x.Cols() != nc {
				return nil, fmt.Errorf("The pivot by item %s must give %d rows and %d columns, not %d and %d", ast.Print(it.Expr), nr, nc, x.Rows(), x.Cols())
			}
			spread(r, x.Data(), colNames, itemName(it), len(items) > 1, nr)
		default:
			c, err := column(v, nr, itemName(it))
			if err != nil {
				return nil, err
			}
			r.names = append(r.names, itemName(it))
			r.cols = append(r.cols, c)
		}
	}
	return finish(ev, q, r, nil)
}

// spread adds the columns of column-major data to r, named by the column
// keys, or item_key when the query has several items.
func spread(r *result, data *value.Vector, colNames []string, item string, prefix bool, nr int) {
	for c, name := range colNames {
		if prefix {
			name = item + "_" + name
		}
		r.names = append(r.names, name)
		r.cols = append(r.cols, data.Slice(c*nr, (c+1)*nr))
	}
}

// pivotItem is a pivot by select item split into its cells (the
// aggregates, and last(col) for each column named outside one) and the
// expression over them, whose placeholders name the cells in order.
type pivotItem struct {
	expr  ast.Expr
	cells []*ast.CallExpr
}

func planPivotItem(ev Evaluator, f *frame, e ast.Expr) pivotItem {
	x := extractAggs(ev, e)
	p := pivotItem{cells: append([]*ast.CallExpr(nil), x.aggs...)}
	seen := map[int]string{}
	p.expr = rewrite(x.expr, func(n ast.Expr) (ast.Expr, bool) {
		j := columnRef(f, n)
		if j < 0 {
			return n, false
		}
		name, ok := seen[j]
		if !ok {
			name = placeholder(len(p.cells))
			seen[j] = name
			p.cells = append(p.cells, &ast.CallExpr{Fun: &ast.Ident{NamePos: n.Pos(), Name: "last"}, Args: []ast.Arg{{Value: n}}})
		}
		return &ast.Ident{NamePos: n.Pos(), Name: name}, true
	})
	return p
}

// eval computes the item's cells as rows x columns matrices (empty cells
// null) and evaluates the item over them. A lone cell is returned as its
// column-major data (cell vector), which also holds array vectors, that
// no matrix can.
func (p pivotItem) eval(ev Evaluator, gc *groupCtx, idx []int, nr, nc int) (v value.Value, lone bool, err error) {
	data := make([]*value.Vector, len(p.cells))
	for i, c := range p.cells {
		cells, err := gc.agg(c)
		if err != nil {
			return nil, false, err
		}
		data[i] = cells.Gather(idx)
	}
	if id, ok := p.expr.(*ast.Ident); ok && len(data) == 1 && id.Name == placeholder(0) {
		return data[0], true, nil
	}
	mats := make([]value.Value, len(data))
	for i, d := range data {
		m, err := value.FromVector(d, nr, nc)
		if err != nil {
			return nil, false, err
		}
		mats[i] = m
	}
	v, err = ev.EvalIn(p.expr, func(name string) (value.Value, bool) {
		if i, ok := placeholderIndex(name); ok && i < len(mats) {
			return mats[i], true
		}
		return nil, false
	})
	return v, false, err
}

// slotIndex maps each slot of g to its group's position.
func slotIndex(g *grouping) []int {
	out := make([]int, g.nslots)
	for i, s := range g.slots {
		out[s] = i
	}
	return out
}

// cgroupSelect: cumulative groups in order-by order; each output row
// aggregates the rows of its group and of all groups before it. After
// group by (group by sym cgroup by minute(time)) the cumulation restarts
// for each group-by group.
func cgroupSelect(ev Evaluator, q *ast.SelectExpr, f *frame) (*result, error) {
	if len(q.OrderBy) == 0 {
		return nil, fmt.Errorf("cgroup by must be used with order by")
	}
	nw := len(q.CGroupWithin)
	keys, keyNames, err := groupKeys(ev, f, append(slices.Clone(q.CGroupWithin), q.GroupBy...))
	if err != nil {
		return nil, err
	}
	g := newGrouping(keys, f.rows())
	g.sortGroupsByKey()
	g.groupRows()
	keyCols := g.keyColumns()
	ng := g.ngroups()
	// The groups accumulate in the order the order-by clause gives them,
	// evaluated on the keys (ties keep key order).
	okeys, desc, nulls, err := orderKeys(ev, q.OrderBy, ng, func(name string) (value.Value, bool) {
		for k, n := range keyNames {
			if strings.EqualFold(n, name) {
				return keyCols[k], true
			}
		}
		return nil, false
	})
	if err != nil {
		return nil, err
	}
	order := sortRowsNulls(seqIdx(ng), okeys, desc, nulls)
	within := make([]int32, ng) // the group-by group of each group
	if nw > 0 {
		within = newGrouping(vecKeys(keyCols[:nw]), ng).allIDs()
	}
	r := &result{names: append([]string(nil), keyNames...)}
	for _, c := range keyCols {
		r.cols = append(r.cols, c.Gather(order))
	}
	outs := outColumns(q.Items)
	cells := make([][]value.Value, len(outs))
	// A defg function with a mapr cgroup by part runs cumulatively
	// (mapr.go) instead of on the accumulated rows.
	mc, err := maprCGroup(ev, q.Items, f, g, order, within)
	if err != nil {
		return nil, err
	}
	acc := map[int32][]int{}
	for k, gi := range order {
		w := within[gi]
		for _, row := range g.rowIdx(gi) {
			acc[w] = append(acc[w], f.base(row))
		}
		sub := f.withSel(slices.Clone(acc[w]))
		vals, parts, err := evalItems(ev, mc.selectItems(q.Items), mc.lookup(k, sub.lookup))
		if err != nil {
			return nil, err
		}
		for i, oc := range outs {
			cells[i] = append(cells[i], oc.pick(vals, parts))
		}
	}
	for i, oc := range outs {
		v, err := toVector(cells[i])
		if err != nil {
			return nil, err
		}
		r.names = append(r.names, oc.name)
		r.cols = append(r.cols, v)
	}
	return finish(ev, q, r, nil)
}
