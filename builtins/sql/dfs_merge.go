// This file is the merge plan of map-reduce on DFS tables (see
// dfs_mapreduce.go): each partition's kernels leave partial states per
// group, the partials of all partitions are grouped again by their keys,
// and the states are merged into one kernel partial per merged group, so
// that the kernel's own finish computes the values.

package sql

import (
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// aggState is one aggregate's partial state over a partition's groups,
// one element per group in the partition's first-seen order.
type aggState struct {
	vec      *value.Vector // count (INT), min/max, first/last: the per-group value
	n, is    []int64       // moments: non-null values, exact integer sums
	s, ss    []float64     // moments: sums, sums of squares
	sw, swx  []float64     // wavg/wsum: sums of w and of w*x over non-null pairs
	wn       []float64     // wavg/wsum: non-null pairs
	integral bool          // moments of an integral column (is holds the sums)
	mr       *value.MapReduce
	maps     [][]value.Value // mapr: maps[j][i] is map call j of mr on group i
}

// stater is a kernel whose partials can leave the partition.
type stater interface {
	state(parts []kpart, g *grouping) aggState
}

func (k *cntKernel[T]) state(parts []kpart, g *grouping) aggState {
	return aggState{vec: k.finish(parts, g)}
}

func (k *mmKernel[T]) state(parts []kpart, g *grouping) aggState {
	return aggState{vec: k.finish(parts, g)}
}

func (k *momKernel[T]) state(parts []kpart, g *grouping) aggState {
	ng := len(g.slots)
	st := aggState{n: make([]int64, ng), s: make([]float64, ng), integral: k.integral}
	if k.integral {
		st.is = make([]int64, ng)
	}
	if k.name != "sum" && k.name != "avg" && k.name != "mean" {
		st.ss = make([]float64, ng)
	}
	// Parts are added in row order, as finish does.
	for _, pp := range parts {
		p := pp.(*momPart[T])
		for i, s := range g.slots {
			st.n[i] += p.n[s]
			st.s[i] += p.s[s]
			if p.ss != nil {
				st.ss[i] += p.ss[s]
			}
			if p.is != nil {
				st.is[i] += p.is[s]
			}
		}
	}
	return st
}

func (k *wKernel) state(parts []kpart, g *grouping) aggState {
	ng := len(g.slots)
	st := aggState{sw: make([]float64, ng), swx: make([]float64, ng), wn: make([]float64, ng)}
	for _, pp := range parts {
		p := pp.(*wPart)
		for i, s := range g.slots {
			st.sw[i] += p.sw[s]
			st.swx[i] += p.swx[s]
			st.wn[i] += p.n[s]
		}
	}
	return st
}

// partial is one partition's contribution to a merged query.
type partial struct {
	rows   int             // selected rows
	groups int             // groups (1 without group by, even over no rows)
	keys   []*value.Vector // key values per group
	states []aggState      // per aggregate call
}

// queryAggs lists the distinct aggregate calls of q's items and having.
func queryAggs(ev Evaluator, q *ast.SelectExpr) []*ast.CallExpr {
	exprs := itemExprs(q.Items)
	if q.Having != nil {
		exprs = append(exprs, q.Having)
	}
	var out []*ast.CallExpr
	seen := map[*ast.CallExpr]bool{}
	for _, e := range exprs {
		for _, c := range extractAggs(ev, e).aggs {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// mergeQuery computes partial states on each partition and merges them.
func mergeQuery(ev Evaluator, q *ast.SelectExpr, nf *frame, n, workers int, load func(Evaluator, int) (*frame, error)) (*result, error) {
	aggs := queryAggs(ev, q)
	parts := make([]*partial, n)
	err := eachPartition(ev, n, workers, func(ev Evaluator, i int) error {
		f, err := load(ev, i)
		if err != nil {
			return err
		}
		parts[i], err = mapPartial(ev, q, f, aggs)
		return err
	})
	if err != nil {
		return nil, err
	}
	return reducePartials(ev, q, nf, parts, aggs)
}

// mapPartial groups a partition's selected rows and runs the kernels of
// every aggregate in one pass, as planGroups does.
func mapPartial(ev Evaluator, q *ast.SelectExpr, f *frame, aggs []*ast.CallExpr) (*partial, error) {
	keys, _, err := groupKeys(ev, f, q.GroupBy)
	if err != nil {
		return nil, err
	}
	g := slotsOf(keys, f.rows())
	gc := &groupCtx{ev: ev, f: f}
	args := make([][]*value.Vector, len(aggs))
	var ks []kernel
	var kidx []int
	maprs := make([]*value.MapReduce, len(aggs))
	for i, c := range aggs {
		if maprs[i] = maprOf(ev, c); maprs[i] != nil {
			continue // its map calls run per group below
		}
		name := funcName(c.Fun)
		if name == "count" && isStar(c.Args[0].Value) {
			continue
		}
		vecs, ok, err := gc.vectorArgs(c)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errNoMerge // a constant argument: the function runs per group
		}
		args[i] = vecs
		if name == "first" || name == "last" {
			continue
		}
		k, ok := newKernel(name, vecs)
		if !ok {
			return nil, errNoMerge // a type no kernel takes (DECIMAL, STRING min)
		}
		if _, ok := k.(stater); !ok {
			return nil, errNoMerge
		}
		ks, kidx = append(ks, k), append(kidx, i)
	}
	kparts := g.run(ks)
	g.firstSeen()
	p := &partial{rows: f.rows(), groups: g.ngroups(), keys: g.keyColumns(), states: make([]aggState, len(aggs))}
	for j, k := range ks {
		p.states[kidx[j]] = k.(stater).state(kparts[j], g)
	}
	for i, c := range aggs {
		if mr := maprs[i]; mr != nil {
			margs, err := maprArgs(ev, c, f)
			if err != nil {
				return nil, err
			}
			maps, err := maprMap(ev, mr, margs, f.rows(), g)
			if err != nil {
				return nil, err
			}
			p.states[i] = aggState{mr: mr, maps: maps}
			continue
		}
		switch name := funcName(c.Fun); {
		case name == "count" && isStar(c.Args[0].Value):
			p.states[i] = aggState{vec: countStar(g)}
		case name == "first" || name == "last":
			v, _ := statAgg(name, args[i], g)
			p.states[i] = aggState{vec: v}
		}
	}
	return p, nil
}

// reducePartials groups the partials of all partitions by their keys
// (first-seen order over partitions in order is the concatenation's) and
// merges their states per group.
func reducePartials(ev Evaluator, q *ast.SelectExpr, nf *frame, parts []*partial, aggs []*ast.CallExpr) (*result, error) {
	// Partitions without selected rows add nothing (without group by
	// their one partial row would hold a null first/last); when no
	// partition has rows, one of them gives the empty result its types.
	var use []*partial
	for _, p := range parts {
		if p.rows > 0 {
			use = append(use, p)
		}
	}
	if len(use) == 0 {
		use = parts[:1]
	}
	total := 0
	for _, p := range use {
		total += p.groups
	}
	keys := make([]*value.Vector, len(q.GroupBy))
	for k := range keys {
		vs := make([]*value.Vector, len(use))
		for i, p := range use {
			vs[i] = p.keys[k]
		}
		v, err := concatSame(vs)
		if err != nil {
			return nil, err
		}
		keys[k] = v
	}
	states := make([]aggState, len(aggs))
	for a := range aggs {
		st, err := concatStates(use, a)
		if err != nil {
			return nil, err
		}
		states[a] = st
	}
	g := slotsOf(vecKeys(keys), total)
	// min/max merge with their own kernel over the partial values.
	var ks []kernel
	var kidx []int
	for a, c := range aggs {
		if name := funcName(c.Fun); states[a].mr == nil && (name == "min" || name == "max") {
			k, ok := newKernel(name, []*value.Vector{states[a].vec})
			if !ok {
				return nil, errNoMerge
			}
			ks, kidx = append(ks, k), append(kidx, a)
		}
	}
	kparts := g.run(ks)
	g.firstSeen()
	ids := g.allIDs()
	keyNames := make([]string, len(q.GroupBy))
	for k, it := range q.GroupBy {
		keyNames[k] = itemName(it)
	}
	gc := &groupCtx{ev: ev, f: nf, g: g, keyNames: keyNames, keyExprs: q.GroupBy, done: map[*ast.CallExpr]func() *value.Vector{}}
	gc.keyCols = g.keyColumns()
	for j, k := range ks {
		v := k.finish(kparts[j], g)
		gc.done[aggs[kidx[j]]] = func() *value.Vector { return v }
	}
	for a, c := range aggs {
		if st := states[a]; st.mr != nil {
			v, err := maprReduce(ev, st.mr, st.maps, g)
			if err != nil {
				return nil, err
			}
			gc.done[c] = func() *value.Vector { return v }
			continue
		}
		name := funcName(c.Fun)
		if name == "min" || name == "max" {
			continue
		}
		v := mergeState(name, states[a], ids, g)
		gc.done[c] = func() *value.Vector { return v }
	}
	r, err := groupResult(ev, q, gc)
	if err != nil {
		return nil, err
	}
	r.scalar = q.Group == ast.GroupNone
	return r, nil
}

// concatStates appends aggregate a's states of the partials.
func concatStates(use []*partial, a int) (aggState, error) {
	first := use[0].states[a]
	if len(use) == 1 {
		return first, nil
	}
	out := aggState{integral: first.integral, mr: first.mr}
	if first.mr != nil {
		out.maps = make([][]value.Value, len(first.maps))
	}
	var vecs []*value.Vector
	for _, p := range use {
		st := p.states[a]
		if st.integral != first.integral || (st.vec == nil) != (first.vec == nil) || (st.ss == nil) != (first.ss == nil) || st.mr != first.mr {
			return aggState{}, errNoMerge
		}
		for j, m := range st.maps {
			out.maps[j] = append(out.maps[j], m...)
		}
		if st.vec != nil {
			vecs = append(vecs, st.vec)
		}
		out.n = append(out.n, st.n...)
		out.is = append(out.is, st.is...)
		out.s = append(out.s, st.s...)
		out.ss = append(out.ss, st.ss...)
		out.sw = append(out.sw, st.sw...)
		out.swx = append(out.swx, st.swx...)
		out.wn = append(out.wn, st.wn...)
	}
	if vecs != nil {
		v, err := concatSame(vecs)
		if err != nil {
			return aggState{}, err
		}
		out.vec = v
	}
	return out, nil
}

// mergeState folds the partial rows of each merged group (ids: the merged
// slot of each partial row) into one kernel partial and finishes it.
func mergeState(name string, st aggState, ids []int32, g *grouping) *value.Vector {
	ns := g.nslots
	switch name {
	case "first", "last":
		v, _ := statAgg(name, []*value.Vector{st.vec}, g)
		return v
	case "count":
		c := make([]int64, ns)
		for r, x := range st.vec.Ints() {
			c[ids[r]] += int64(x)
		}
		k := &cntKernel[int64]{}
		return k.finish([]kpart{&cntPart[int64]{k: k, c: c}}, g)
	case "wavg", "wsum":
		k := &wKernel{avg: name == "wavg"}
		p := &wPart{k: k, sw: make([]float64, ns), swx: make([]float64, ns), n: make([]float64, ns)}
		for r, s := range ids {
			p.sw[s] += st.sw[r]
			p.swx[s] += st.swx[r]
			p.n[s] += st.wn[r]
		}
		return k.finish([]kpart{p}, g)
	}
	// sum, avg, mean, std, var, stdp, varp
	k := &momKernel[int64]{integral: st.integral, name: name}
	p := &momPart[int64]{k: k, n: make([]int64, ns), s: make([]float64, ns)}
	if st.integral {
		p.is = make([]int64, ns)
	}
	if st.ss != nil {
		p.ss = make([]float64, ns)
	}
	for r, s := range ids {
		p.n[s] += st.n[r]
		p.s[s] += st.s[r]
		if p.is != nil {
			p.is[s] += st.is[r]
		}
		if p.ss != nil {
			p.ss[s] += st.ss[r]
		}
	}
	return k.finish([]kpart{p}, g)
}

// groupResult assembles a group-by result from a grouping whose
// aggregates are computed (gc.done): the unselected keys first, the
// items, having, then order by, distinct and top/limit. It mirrors the
// tail of groupSelect, which computes its aggregates from rows instead.
func groupResult(ev Evaluator, q *ast.SelectExpr, gc *groupCtx) (*result, error) {
	r := &result{}
	for k, name := range gc.keyNames {
		if !selectsKey(q.Items, name, q.GroupBy[k].Expr) {
			r.names = append(r.names, name)
			r.cols = append(r.cols, gc.keyCols[k])
		}
	}
	for _, it := range q.Items {
		v, err := gc.item(it.Expr)
		if err != nil {
			return nil, err
		}
		r.names = append(r.names, itemName(it))
		r.cols = append(r.cols, v)
	}
	if err := applyHaving(gc, q.Having, r); err != nil {
		return nil, err
	}
	return finish(ev, q, r, nil)
}
