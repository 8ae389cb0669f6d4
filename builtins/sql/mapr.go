// This file runs user-defined aggregate functions through their mapr
// definitions (value.MapReduce, declared by the mapr statement):
//
//   - on DFS tables (the merge plan of dfs_mapreduce.go), each partition
//     computes the map calls on each group's rows; per group, the map
//     results of the partitions, in partition order, are one vector per
//     map call, and the reduce function of those vectors is the group's
//     value;
//   - in cgroup by, the map calls run on each group's rows, each cumulative
//     function runs over its map call's results in the groups' order
//     (restarting for each group-by group), and the running reduce
//     function of those gives one value per group.
//
// The map, reduce and running functions are called through the evaluator
// one group at a time, as the in-memory group by calls a defg function.

package sql

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// maprOf returns the mapr definition of an aggregate call, or nil when
// the function has none or the call doesn't fit it (named or skipped
// arguments, another argument count).
func maprOf(ev Evaluator, c *ast.CallExpr) *value.MapReduce {
	id, ok := c.Fun.(*ast.Ident)
	if !ok {
		return nil
	}
	fn, ok := ev.LookupFunc(id.Name)
	if !ok {
		return nil
	}
	m, ok := fn.(value.MapReducer)
	if !ok {
		return nil
	}
	def := m.MapReduce()
	if def == nil || len(c.Args) != len(def.Params) {
		return nil
	}
	for _, a := range c.Args {
		if a.Name != "" || a.Value == nil {
			return nil
		}
	}
	return def
}

// maprArgs evaluates the arguments of an aggregate call over f's rows.
func maprArgs(ev Evaluator, c *ast.CallExpr, f *frame) ([]value.Value, error) {
	args := make([]value.Value, len(c.Args))
	for i, a := range c.Args {
		v, err := ev.EvalIn(a.Value, f.lookup)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	return args, nil
}

// maprMap runs the map calls of def on the rows of each group of g (in
// g's group order; g has run): out[j][i] is map call j on group i. args
// are the aggregate's arguments over the n selected rows.
func maprMap(ev Evaluator, def *value.MapReduce, args []value.Value, n int, g *grouping) ([][]value.Value, error) {
	g.groupRows()
	out := make([][]value.Value, len(def.Maps))
	for j := range out {
		out[j] = make([]value.Value, g.ngroups())
	}
	rows := make([]value.Value, len(args))
	for i := range g.ngroups() {
		idx := g.rowIdx(i)
		for k, a := range args {
			rows[k] = gatherArg(a, idx, n)
		}
		for j, m := range def.Maps {
			v, err := ev.Call(m.Fn, m.Bind(rows))
			if err != nil {
				return nil, err
			}
			out[j][i] = v
		}
	}
	return out, nil
}

// maprVector makes the argument vector of a reduce or cumulative function
// from map results.
func maprVector(vals []value.Value) value.Value {
	if len(vals) == 0 {
		return value.NewVector(value.DOUBLE, 0)
	}
	return value.MakeVector(vals)
}

// maprReduce applies def's reduce function per group of g to the map
// results of the partial rows (maps[j][r]: map call j of partial row r)
// that g groups.
func maprReduce(ev Evaluator, def *value.MapReduce, maps [][]value.Value, g *grouping) (*value.Vector, error) {
	g.groupRows()
	out := make([]value.Value, g.ngroups())
	call := make([]value.Value, len(maps))
	for i := range out {
		idx := g.rowIdx(i)
		for j, m := range maps {
			vals := make([]value.Value, len(idx))
			for k, r := range idx {
				vals[k] = m[r]
			}
			call[j] = maprVector(vals)
		}
		v, err := ev.Call(def.Reduce, call)
		if err != nil {
			return nil, err
		}
		if v == nil || v.Form() != value.SCALAR {
			return nil, fmt.Errorf("The reduce function %s of the aggregate function %s must return a scalar per group", def.Reduce.Name(), def.Name)
		}
		out[i] = v
	}
	return toVector(out)
}

// maprCum is the cgroup by value of the mapr calls of a select list: each
// call is replaced by a placeholder bound, for the k-th group in
// accumulation order, to vals[call][k].
type maprCum struct {
	items []*ast.SelectItem
	vals  [][]value.Value
}

func maprPlaceholder(i int) string { return fmt.Sprintf("__mapr%d", i) }

// maprCGroup computes the aggregate calls of items whose function has the
// cgroup by part of a mapr definition. order lists the groups of g (which
// has its rows grouped) in accumulation order; within gives each group's
// group-by group, in which the accumulation restarts. It returns nil when
// no item has such a call: the items then run on the accumulated rows.
func maprCGroup(ev Evaluator, items []*ast.SelectItem, f *frame, g *grouping, order []int, within []int32) (*maprCum, error) {
	var calls []*ast.CallExpr
	var defs []*value.MapReduce
	index := map[*ast.CallExpr]int{}
	for _, it := range items {
		for _, c := range extractAggs(ev, it.Expr).aggs {
			if _, ok := index[c]; ok {
				continue
			}
			if def := maprOf(ev, c); def != nil && def.Cums != nil {
				index[c] = len(calls)
				calls, defs = append(calls, c), append(defs, def)
			}
		}
	}
	if len(calls) == 0 {
		return nil, nil
	}
	// The positions of each group-by group's groups, in order.
	var runs [][]int
	run := map[int32]int{}
	for k, gi := range order {
		r, ok := run[within[gi]]
		if !ok {
			r = len(runs)
			run[within[gi]] = r
			runs = append(runs, nil)
		}
		runs[r] = append(runs[r], k)
	}
	mc := &maprCum{vals: make([][]value.Value, len(calls))}
	for ci, c := range calls {
		def := defs[ci]
		args, err := maprArgs(ev, c, f)
		if err != nil {
			return nil, err
		}
		maps, err := maprMap(ev, def, args, f.rows(), g)
		if err != nil {
			return nil, err
		}
		vals := make([]value.Value, len(order))
		for _, pos := range runs {
			cums := make([]value.Value, len(maps))
			for j, m := range maps {
				seq := make([]value.Value, len(pos))
				for k, p := range pos {
					seq[k] = m[order[p]]
				}
				if cums[j], err = ev.Call(def.Cums[j], []value.Value{maprVector(seq)}); err != nil {
					return nil, err
				}
			}
			res, err := ev.Call(def.Running, cums)
			if err != nil {
				return nil, err
			}
			vec, ok := res.(*value.Vector)
			switch {
			case ok && vec.Len() == len(pos):
				for k, p := range pos {
					vals[p] = vec.Get(k)
				}
			case res != nil && res.Form() == value.SCALAR && len(pos) == 1:
				vals[pos[0]] = res
			default:
				return nil, fmt.Errorf("The running reduce function %s of the aggregate function %s must return a vector with one value per group (%d)", def.Running.Name(), def.Name, len(pos))
			}
		}
		mc.vals[ci] = vals
	}
	mc.items = make([]*ast.SelectItem, len(items))
	for i, it := range items {
		c := *it
		c.Expr = rewrite(it.Expr, func(e ast.Expr) (ast.Expr, bool) {
			if call, ok := e.(*ast.CallExpr); ok {
				if ci, ok := index[call]; ok {
					return &ast.Ident{NamePos: call.Pos(), Name: maprPlaceholder(ci)}, true
				}
			}
			return e, false
		})
		mc.items[i] = &c
	}
	return mc, nil
}

// selectItems returns the items to evaluate for the k-th group: the
// rewritten ones, or items itself without mapr calls.
func (mc *maprCum) selectItems(items []*ast.SelectItem) []*ast.SelectItem {
	if mc == nil {
		return items
	}
	return mc.items
}

// lookup binds the placeholders to the k-th group's values, and the rest
// as cols does.
func (mc *maprCum) lookup(k int, cols func(string) (value.Value, bool)) func(string) (value.Value, bool) {
	if mc == nil {
		return cols
	}
	return func(name string) (value.Value, bool) {
		if strings.HasPrefix(name, "__mapr") {
			var i int
			if _, err := fmt.Sscanf(name, "__mapr%d", &i); err == nil && i < len(mc.vals) {
				return mc.vals[i][k], true
			}
		}
		return cols(name)
	}
}
