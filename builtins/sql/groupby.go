// This file runs group by: keys are evaluated once over the selection
// (date(t) on a temporal column is a division), rows get slots, and each
// select item is split into its aggregate calls, which run as typed
// accumulators (or per group through the function when no accumulator
// fits), and the rest of the item, which the VM evaluates once over the
// per-group results.

package sql

import (
	"fmt"
	"strings"
	"sync"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// groupKeys evaluates the group-by items over f.
func groupKeys(ev Evaluator, f *frame, items []*ast.SelectItem) ([]key, []string, error) {
	keys := make([]key, len(items))
	names := make([]string, len(items))
	for i, it := range items {
		v, err := keyVector(ev, f, it.Expr)
		if err != nil {
			return nil, nil, err
		}
		keys[i], names[i] = v, itemName(it)
	}
	return keys, names, nil
}

// keyVector evaluates a key; date/minute of a temporal column are
// computed here without the VM.
func keyVector(ev Evaluator, f *frame, e ast.Expr) (key, error) {
	if c, ok := e.(*ast.CallExpr); ok && len(c.Args) == 1 {
		if id, ok := c.Fun.(*ast.Ident); ok {
			if j := columnRef(f, c.Args[0].Value); j >= 0 {
				if k, ok := temporalKey(id.Name, f.col(j)); ok {
					return k, nil
				}
			}
		}
	}
	v, err := ev.EvalIn(e, f.lookup)
	if err != nil {
		return key{}, err
	}
	c, err := column(v, f.rows(), exprName(e))
	return key{v: c}, err
}

// groupSelect runs a group-by query.
func groupSelect(ev Evaluator, q *ast.SelectExpr, f *frame) (*result, error) {
	if k := intervalKey(q.GroupBy); k >= 0 {
		return intervalSelect(ev, q, f, k)
	}
	keys, keyNames, err := groupKeys(ev, f, q.GroupBy)
	if err != nil {
		return nil, err
	}
	r, _, _, err := groupQuery(ev, q, f, keys, keyNames)
	if err != nil {
		return nil, err
	}
	return finish(ev, q, r, nil)
}

// groupQuery groups f's rows by keys and computes the items and having,
// before order by and limit. keyOf gives, for each result column, the
// key it holds, or -1.
func groupQuery(ev Evaluator, q *ast.SelectExpr, f *frame, keys []key, keyNames []string) (r *result, gc *groupCtx, keyOf []int, err error) {
	// Multi-output items run per group (gc.multi); the fused pass is for
	// the others.
	var single []*ast.SelectItem
	for _, it := range q.Items {
		if !multi(it) {
			single = append(single, it)
		}
	}
	gc, err = planGroups(ev, f, keys, keyNames, q.GroupBy, append(itemExprs(single), q.Having))
	if err != nil {
		return nil, nil, nil, err
	}
	gc.g.firstSeen()
	gc.keyCols = gc.g.keyColumns()
	r = &result{}
	items := q.Items
	// Keys not selected explicitly come first.
	for k, name := range keyNames {
		if !selectsKey(items, name, q.GroupBy[k].Expr) {
			r.names = append(r.names, name)
			r.cols = append(r.cols, gc.keyCols[k])
			keyOf = append(keyOf, k)
		}
	}
	multiCols := make([][]*value.Vector, len(items))
	for i, it := range items {
		if multi(it) {
			if multiCols[i], err = gc.multi(it); err != nil {
				return nil, nil, nil, err
			}
		}
	}
	for _, oc := range outColumns(items) {
		var v *value.Vector
		if oc.part >= 0 {
			v = multiCols[oc.item][oc.part]
		} else if v, err = gc.item(items[oc.item].Expr); err != nil {
			return nil, nil, nil, err
		}
		r.names = append(r.names, oc.name)
		r.cols = append(r.cols, v)
		k := -1
		if oc.part < 0 {
			for j, kc := range gc.keyCols {
				if kc == v {
					k = j // the item is a key (gc.item returns its column)
				}
			}
		}
		keyOf = append(keyOf, k)
	}
	if err := applyHaving(gc, q.Having, r); err != nil {
		return nil, nil, nil, err
	}
	return r, gc, keyOf, nil
}

func selectsKey(items []*ast.SelectItem, name string, e ast.Expr) bool {
	for _, it := range items {
		if strings.EqualFold(itemName(it), name) {
			if _, ok := it.Expr.(*ast.Ident); ok {
				return true
			}
			if sameExpr(it.Expr, e) {
				return true
			}
		}
	}
	return false
}

func sameExpr(a, b ast.Expr) bool { return ast.Print(a) == ast.Print(b) }

// groupCtx evaluates items per group.
type groupCtx struct {
	ev       Evaluator
	f        *frame
	g        *grouping
	keyNames []string
	keyCols  []*value.Vector
	keyExprs []*ast.SelectItem
	done     map[*ast.CallExpr]func() *value.Vector // aggregates computed in the fused pass
}

func itemExprs(items []*ast.SelectItem) []ast.Expr {
	out := make([]ast.Expr, len(items))
	for i, it := range items {
		out[i] = it.Expr
	}
	return out
}

// planGroups assigns slots, then computes every aggregate of exprs that
// has a kernel (or reads the slot statistics) in one pass over the rows.
func planGroups(ev Evaluator, f *frame, keys []key, keyNames []string, keyExprs []*ast.SelectItem, exprs []ast.Expr) (*groupCtx, error) {
	g := slotsOf(keys, f.rows())
	gc := &groupCtx{ev: ev, f: f, g: g, keyNames: keyNames, keyExprs: keyExprs, done: map[*ast.CallExpr]func() *value.Vector{}}
	var ks []kernel
	var calls []*ast.CallExpr
	for _, e := range exprs {
		if e == nil {
			continue
		}
		for _, c := range extractAggs(ev, e).aggs {
			if _, ok := gc.done[c]; ok {
				continue
			}
			name := funcName(c.Fun)
			if name == "count" && len(c.Args) == 1 {
				if id, ok := c.Args[0].Value.(*ast.Ident); ok && id.Name == "*" {
					gc.done[c] = func() *value.Vector { return countStar(g) }
					continue
				}
			}
			vecs, ok, err := gc.vectorArgs(c)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			if name == "first" || name == "last" {
				gc.done[c] = func() *value.Vector { v, _ := statAgg(name, vecs, g); return v }
				continue
			}
			if k, ok := newKernel(name, vecs); ok {
				ks = append(ks, k)
				calls = append(calls, c)
			}
		}
	}
	parts := g.run(ks)
	for i, c := range calls {
		k, p := ks[i], parts[i]
		gc.done[c] = func() *value.Vector { return k.finish(p, g) }
	}
	return gc, nil
}

// vectorArgs evaluates an aggregate's arguments over the rows; ok is
// false when one is not a column of the row count.
func (gc *groupCtx) vectorArgs(c *ast.CallExpr) ([]*value.Vector, bool, error) {
	vecs := make([]*value.Vector, len(c.Args))
	for i, a := range c.Args {
		if a.Value == nil || a.Name != "" {
			return nil, false, nil
		}
		v, err := gc.ev.EvalIn(a.Value, gc.f.lookup)
		if err != nil {
			return nil, false, err
		}
		vec, ok := v.(*value.Vector)
		if !ok || vec.Len() != gc.f.rows() {
			return nil, false, nil
		}
		vecs[i] = vec
	}
	return vecs, true, nil
}

// item returns one value per group for e.
func (gc *groupCtx) item(e ast.Expr) (*value.Vector, error) {
	n := gc.g.ngroups()
	for k, ke := range gc.keyExprs {
		if id, ok := e.(*ast.Ident); ok && strings.EqualFold(id.Name, gc.keyNames[k]) || sameExpr(e, ke.Expr) {
			return gc.keyCols[k], nil
		}
	}
	x := extractAggs(gc.ev, e)
	if len(x.aggs) == 0 && usesColumns(gc.f, e) {
		return gc.perGroup(e)
	}
	vals := make([]*value.Vector, len(x.aggs))
	for i, a := range x.aggs {
		v, err := gc.agg(a)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	if id, ok := x.expr.(*ast.Ident); ok && len(vals) == 1 && id.Name == placeholder(0) {
		return vals[0], nil
	}
	v, err := gc.ev.EvalIn(x.expr, func(name string) (value.Value, bool) {
		if i, ok := placeholderIndex(name); ok && i < len(vals) {
			return vals[i], true
		}
		for k, kn := range gc.keyNames {
			if strings.EqualFold(kn, name) {
				return gc.keyCols[k], true
			}
		}
		return nil, false
	})
	if err != nil {
		return nil, err
	}
	return column(v, n, exprName(e))
}

// agg computes one aggregate call per group.
func (gc *groupCtx) agg(c *ast.CallExpr) (*value.Vector, error) {
	name := funcName(c.Fun)
	g := gc.g
	if f, ok := gc.done[c]; ok {
		return f(), nil
	}
	if name == "count" && len(c.Args) == 1 {
		if id, ok := c.Args[0].Value.(*ast.Ident); ok && id.Name == "*" {
			return countStar(g), nil
		}
	}
	args := make([]value.Value, len(c.Args))
	vecs := make([]*value.Vector, 0, len(c.Args))
	for i, a := range c.Args {
		v, err := gc.ev.EvalIn(a.Value, gc.f.lookup)
		if err != nil {
			return nil, err
		}
		if vec, ok := v.(*value.Vector); ok && vec.Len() == gc.f.rows() {
			vecs = append(vecs, vec)
		}
		args[i] = v
	}
	if len(vecs) == len(args) {
		if v, ok := statAgg(name, vecs, g); ok {
			return v, nil
		}
		if k, ok := newKernel(name, vecs); ok {
			return k.finish(g.run([]kernel{k})[0], g), nil
		}
	}
	fn, ok := gc.ev.LookupFunc(name)
	if !ok {
		return nil, fmt.Errorf("Cannot recognize the function name %s", name)
	}
	// An aggregate of an array vector column takes all the elements of the
	// group's rows (max(val1) in the manual's pivot by example 6).
	var flatten value.Function
	for _, a := range args {
		if v, ok := a.(*value.Vector); ok && v.Type().IsArray() && v.Len() == gc.f.rows() {
			if flatten, ok = gc.ev.LookupFunc("flatten"); !ok {
				return nil, fmt.Errorf("Cannot recognize the function name flatten")
			}
		}
	}
	g.groupRows()
	out := make([]value.Value, g.ngroups())
	call := make([]value.Value, len(args))
	for i := range out {
		idx := g.rowIdx(i)
		for k, a := range args {
			call[k] = gatherArg(a, idx, gc.f.rows())
			if v, ok := call[k].(*value.Vector); ok && flatten != nil && v.Type().IsArray() {
				fv, err := gc.ev.Call(flatten, []value.Value{v})
				if err != nil {
					return nil, err
				}
				call[k] = fv
			}
		}
		v, err := gc.ev.Call(fn, call)
		if err != nil {
			return nil, err
		}
		if v == nil || v.Form() != value.SCALAR {
			return nil, fmt.Errorf("The aggregate function %s must return a scalar per group", name)
		}
		out[i] = v
	}
	return toVector(out)
}

// multi evaluates a multi-output item on each group's rows and splits
// each result into its outputs: one column per output, one scalar per
// group in each.
func (gc *groupCtx) multi(it *ast.SelectItem) ([]*value.Vector, error) {
	g := gc.g
	g.groupRows()
	vals := make([][]value.Value, len(it.Aliases))
	for i := range g.ngroups() {
		sub := gc.f.withSel(gc.baseRows(i))
		v, err := gc.ev.EvalIn(it.Expr, sub.lookup)
		if err != nil {
			return nil, err
		}
		parts, err := outputs(v, it)
		if err != nil {
			return nil, err
		}
		for j, p := range parts {
			if p == nil || p.Form() != value.SCALAR {
				return nil, fmt.Errorf("%s must return a scalar per group for each of the column names %s", ast.Print(it.Expr), aliasList(it))
			}
			vals[j] = append(vals[j], p)
		}
	}
	out := make([]*value.Vector, len(vals))
	for j := range vals {
		v, err := toVector(vals[j])
		if err != nil {
			return nil, err
		}
		out[j] = v
	}
	return out, nil
}

// perGroup evaluates e on each group's rows; each must give a scalar.
func (gc *groupCtx) perGroup(e ast.Expr) (*value.Vector, error) {
	g := gc.g
	g.groupRows()
	out := make([]value.Value, g.ngroups())
	for i := range out {
		sub := gc.f.withSel(gc.baseRows(i))
		v, err := gc.ev.EvalIn(e, sub.lookup)
		if err != nil {
			return nil, err
		}
		if vec, ok := v.(*value.Vector); ok && vec.Len() > 0 {
			v = vec.Get(vec.Len() - 1)
		}
		out[i] = v
	}
	return toVector(out)
}

// rowIdx returns the selected rows of group i.
func (g *grouping) rowIdx(i int) []int {
	rows := g.rows[g.offs[i]:g.offs[i+1]]
	idx := make([]int, len(rows))
	for k, r := range rows {
		idx[k] = int(r)
	}
	return idx
}

// baseRows returns the base rows of group i.
func (gc *groupCtx) baseRows(i int) []int {
	idx := gc.g.rowIdx(i)
	for k, r := range idx {
		idx[k] = gc.f.base(r)
	}
	return idx
}

func toVector(vals []value.Value) (*value.Vector, error) {
	if len(vals) == 0 {
		return value.NewVector(value.DOUBLE, 0), nil
	}
	v := value.MakeVector(vals)
	vec, ok := v.(*value.Vector)
	if !ok {
		return nil, fmt.Errorf("cannot make a column of %s", value.TypeStr(v))
	}
	return vec, nil
}

// usesColumns reports whether e names a column of f.
func usesColumns(f *frame, e ast.Expr) bool {
	found := false
	walk(e, func(x ast.Expr) bool {
		if columnRef(f, x) >= 0 {
			found = true
		}
		return !found
	})
	return found
}

// extracted is an item with its aggregate calls replaced by placeholders.
type extracted struct {
	expr ast.Expr
	aggs []*ast.CallExpr
}

// extractCache keeps the split of each item node; it is emptied when it
// grows past extractMax entries (nodes of old scripts).
var extractCache = struct {
	sync.Mutex
	m map[ast.Expr]*extracted
}{m: map[ast.Expr]*extracted{}}

const extractMax = 4096

func placeholder(i int) string { return fmt.Sprintf("__agg%d", i) }

func placeholderIndex(name string) (int, bool) {
	var i int
	if _, err := fmt.Sscanf(name, "__agg%d", &i); err != nil || !strings.HasPrefix(name, "__agg") {
		return 0, false
	}
	return i, true
}

// isAggregate reports a function that reduces a vector to a scalar.
func isAggregate(ev Evaluator, c *ast.CallExpr) bool {
	id, ok := c.Fun.(*ast.Ident)
	if !ok {
		return false
	}
	if (id.Name == "max" || id.Name == "min") && len(c.Args) != 1 {
		return false
	}
	fn, ok := ev.LookupFunc(id.Name)
	if !ok {
		return false
	}
	switch f := fn.(type) {
	case *builtins.Builtin:
		return f.Decl.Kind == builtins.Aggregate
	case interface{ Aggregate() bool }:
		return f.Aggregate()
	}
	return false
}

func extractAggs(ev Evaluator, e ast.Expr) *extracted {
	extractCache.Lock()
	x, ok := extractCache.m[e]
	extractCache.Unlock()
	if ok {
		return x
	}
	x = &extracted{}
	x.expr = rewrite(e, func(n ast.Expr) (ast.Expr, bool) {
		c, ok := n.(*ast.CallExpr)
		if !ok || !isAggregate(ev, c) {
			return n, false
		}
		id := &ast.Ident{NamePos: c.Pos(), Name: placeholder(len(x.aggs))}
		x.aggs = append(x.aggs, c)
		return id, true
	})
	extractCache.Lock()
	if len(extractCache.m) >= extractMax {
		clear(extractCache.m)
	}
	extractCache.m[e] = x
	extractCache.Unlock()
	return x
}

// gatherArg restricts an argument to a group's rows: a column, or a tuple
// of columns ([price, qty]); anything else is passed whole.
func gatherArg(a value.Value, idx []int, n int) value.Value {
	vec, ok := a.(*value.Vector)
	if !ok {
		return a
	}
	if vec.Type() == value.ANY {
		elems := vec.Elems()
		out := make([]value.Value, len(elems))
		for i, e := range elems {
			out[i] = gatherArg(e, idx, n)
			if ev, ok := e.(*value.Vector); !ok || ev.Type() == value.ANY || ev.Len() != n {
				return a
			}
		}
		return value.NewTuple(out)
	}
	if vec.Len() == n {
		return vec.Gather(idx)
	}
	return a
}

// applyHaving keeps the groups (rows of r) where having holds.
func applyHaving(gc *groupCtx, having ast.Expr, r *result) error {
	if having == nil {
		return nil
	}
	keep, err := gc.item(having)
	if err != nil {
		return err
	}
	if keep.Type() != value.BOOL {
		return fmt.Errorf("The having clause must return a boolean")
	}
	var idx []int
	for i, b := range keep.Int8s() {
		if b == 1 {
			idx = append(idx, i)
		}
	}
	for i, c := range r.cols {
		r.cols[i] = c.Gather(idx)
	}
	return nil
}
