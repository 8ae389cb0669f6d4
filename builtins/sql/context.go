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
// row keys; a cell holds the item for its (row, column) group (the last
// value when the item is not an aggregate).
func pivotSelect(ev Evaluator, q *ast.SelectExpr, f *frame) (*result, error) {
	if len(q.GroupBy) < 2 || len(q.Items) != 1 {
		return nil, fmt.Errorf("pivot by needs at least two keys and one select item")
	}
	if multi(q.Items[0]) {
		return nil, fmt.Errorf("The select item of a pivot by query must have one column name, not %s", aliasList(q.Items[0]))
	}
	keys, keyNames, err := groupKeys(ev, f, q.GroupBy)
	if err != nil {
		return nil, err
	}
	item := q.Items[0].Expr
	gc, err := planGroups(ev, f, keys, keyNames, q.GroupBy, []ast.Expr{item})
	if err != nil {
		return nil, err
	}
	g := gc.g
	gc.keyCols = g.keyColumns()
	var cells *value.Vector
	if len(extractAggs(ev, item).aggs) > 0 {
		cells, err = gc.item(item)
	} else {
		cells, err = gc.agg(&ast.CallExpr{Fun: &ast.Ident{Name: "last"}, Args: []ast.Arg{{Value: item}}})
	}
	if err != nil {
		return nil, err
	}
	nk := len(keys)
	rowG := newGrouping(vecKeys(gc.keyCols[:nk-1]), g.ngroups())
	rowG.sortGroupsByKey()
	colG := newGrouping(vecKeys(gc.keyCols[nk-1:]), g.ngroups())
	colG.sortGroupsByKey()
	rowOf := slotIndex(rowG)
	colOf := slotIndex(colG)
	nr, nc := rowG.ngroups(), colG.ngroups()
	idx := make([]int, nr*nc)
	for i := range idx {
		idx[i] = -1
	}
	for i := range g.ngroups() {
		r, c := rowOf[rowG.allIDs()[i]], colOf[colG.allIDs()[i]]
		idx[c*nr+r] = i
	}
	data := cells.Gather(idx)
	rowKeys := rowG.keyColumns()
	colKeys := colG.keyColumns()[0]
	if q.Exec {
		m, err := value.FromVector(data, nr, nc)
		if err != nil {
			return nil, err
		}
		if err := m.SetRowLabels(rowKeys[0]); err != nil {
			return nil, err
		}
		if err := m.SetColLabels(colKeys); err != nil {
			return nil, err
		}
		return &result{mat: m}, nil
	}
	r := &result{names: keyNames[:nk-1], cols: rowKeys}
	for c := range nc {
		name := colKeys.Get(c).String()
		if name == "" {
			name = "NULL"
		}
		r.names = append(r.names, name)
		r.cols = append(r.cols, data.Slice(c*nr, (c+1)*nr))
	}
	return finish(ev, q, r, nil)
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
