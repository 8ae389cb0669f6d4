// This file defines mr and imr, DolphinDB's map-reduce over data sources
// (dfs_datasource.go). The map calls run on the node's localExecutors
// workers: each worker has its own thread (a fork of the caller's, as
// peach uses) for the user's functions, while the queries that
// materialise the sources evaluate their expressions on the caller's
// thread, shared under a lock as the per-partition SQL plans share it
// (dfs_mapreduce.go), so a where clause sees the caller's variables. The
// reduce calls run on the caller's thread in data-source order, so a
// reduce function need not be commutative.
//
// Sources: https://docs.dolphindb.cn/en/Functions/m/mr.html,
// https://docs.dolphindb.cn/en/Functions/i/imr.html.

package sql

import (
	"fmt"
	"runtime"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/vm/value"
)

// dsItems are mr's data sources: each is one data source, an in-memory
// table or other object (used as it is), or a tuple of them whose
// materialised values are the map function's arguments.
type dsItem []value.Value

func dsItems(name string, v value.Value) ([]dsItem, error) {
	x, ok := v.(*value.Vector)
	if !ok || x.Type() != value.ANY {
		if ds, isDS := v.(*dataSource); isDS {
			return []dsItem{{ds}}, nil
		}
		return nil, fmt.Errorf("%s: the argument ds must be a tuple of data sources", name)
	}
	out := make([]dsItem, x.Len())
	for i := range out {
		e := x.Get(i)
		if sub, isTuple := e.(*value.Vector); isTuple && sub.Type() == value.ANY {
			out[i] = make(dsItem, sub.Len())
			for j := range out[i] {
				out[i][j] = sub.Get(j)
			}
			continue
		}
		out[i] = dsItem{e}
	}
	return out, nil
}

// workersFor is how many workers materialise items: the localExecutors
// of the DFS tables they read (the node's setting), else the processors.
func workersFor(items []dsItem) int {
	n := 0
	for _, it := range items {
		for _, v := range it {
			if ds, ok := v.(*dataSource); ok && ds.part != nil {
				n = max(n, ds.part.workers)
			}
		}
	}
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return n
}

// materialiseItem is item's values: data sources run, anything else as it is.
func materialiseItem(ev Evaluator, tenv value.Env, it dsItem) ([]value.Value, error) {
	out := make([]value.Value, len(it))
	for j, v := range it {
		ds, ok := v.(*dataSource)
		if !ok {
			out[j] = v
			continue
		}
		m, err := ds.materialise(ev, tenv)
		if err != nil {
			return nil, err
		}
		out[j] = m
	}
	return out, nil
}

// runItems calls fn(ev, tenv, i) for i in [0, n): ev evaluates queries,
// tenv runs user functions. With parallel and a caller that can fork, up
// to workers goroutines run them; the first error in item order wins and
// no new item starts after an error.
func runItems(env value.Env, n, workers int, parallel bool, fn func(ev Evaluator, tenv value.Env, i int) error) error {
	ev, err := evaluator(env)
	if err != nil {
		return err
	}
	fk, canFork := env.(builtins.Forker)
	workers = min(workers, n)
	if !parallel || !canFork || workers <= 1 {
		for i := range n {
			if err := env.CheckCancel(); err != nil {
				return err
			}
			if err := fn(ev, env, i); err != nil {
				return err
			}
		}
		return nil
	}
	lev := &lockedEval{ev: ev}
	tenvs := make([]value.Env, workers)
	for w := range tenvs {
		tenvs[w] = fk.Fork()
	}
	return parallelFor(n, workers, lev.CheckCancel, func(w, i int) error { return fn(lev, tenvs[w], i) })
}

// optFunc is optional argument i as a function (nil when skipped).
func optFunc(name, param string, a []value.Value, i int) (value.Function, error) {
	if !given(a, i) || value.IsNull(a[i]) && a[i].Form() == value.SCALAR && a[i].Type() == value.VOID {
		return nil, nil
	}
	f, ok := a[i].(value.Function)
	if !ok {
		return nil, fmt.Errorf("%s: the argument %s must be a function", name, param)
	}
	return f, nil
}

// optBool is optional argument i as a boolean (def when skipped).
func optBool(name, param string, a []value.Value, i int, def bool) (bool, error) {
	if !given(a, i) {
		return def, nil
	}
	b, ok := value.ToInt64(a[i])
	if !ok || a[i].Form() != value.SCALAR {
		return false, fmt.Errorf("%s: the argument %s must be a boolean scalar", name, param)
	}
	return b != 0, nil
}

// reduceAll folds rs with reduce in order; without reduce the results are
// one tuple.
func reduceAll(env value.Env, name string, reduce value.Function, rs []value.Value) (value.Value, error) {
	if reduce == nil {
		return value.NewTuple(rs), nil
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("%s: there is no data source to reduce", name)
	}
	acc := rs[0]
	for _, r := range rs[1:] {
		var err error
		if acc, err = env.Call(reduce, []value.Value{acc, r}); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

// fnMR is mr(ds, mapFunc, [reduceFunc], [finalFunc], [parallel=true]).
func fnMR(env value.Env, a []value.Value) (value.Value, error) {
	items, err := dsItems("mr", a[0])
	if err != nil {
		return nil, err
	}
	mapF, err := optFunc("mr", "mapFunc", a, 1)
	if err == nil && mapF == nil {
		err = fmt.Errorf("mr: the argument mapFunc must be a function")
	}
	if err != nil {
		return nil, err
	}
	reduce, err := optFunc("mr", "reduceFunc", a, 2)
	if err != nil {
		return nil, err
	}
	final, err := optFunc("mr", "finalFunc", a, 3)
	if err != nil {
		return nil, err
	}
	par, err := optBool("mr", "parallel", a, 4, true)
	if err != nil {
		return nil, err
	}
	rs := make([]value.Value, len(items))
	err = runItems(env, len(items), workersFor(items), par, func(ev Evaluator, tenv value.Env, i int) error {
		args, err := materialiseItem(ev, tenv, items[i])
		if err != nil {
			return err
		}
		rs[i], err = tenv.Call(mapF, args)
		return err
	})
	if err != nil {
		return nil, err
	}
	r, err := reduceAll(env, "mr", reduce, rs)
	if err != nil || final == nil {
		return r, err
	}
	return env.Call(final, []value.Value{r})
}

// fnIMR is imr(ds, initValue, mapFunc, [reduceFunc], [finalFunc],
// terminateFunc, [carryover=false]). The sources are materialised once
// (DolphinDB caches them for the iterations); each iteration maps with
// the previous final value, reduces, and finalFunc(previous, reduced)
// gives the new value (the reduced value itself without finalFunc).
// terminateFunc(previous, new) ends the iterations when true; an integer
// instead runs that many iterations.
func fnIMR(env value.Env, a []value.Value) (value.Value, error) {
	items, err := dsItems("imr", a[0])
	if err != nil {
		return nil, err
	}
	mapF, err := optFunc("imr", "mapFunc", a, 2)
	if err == nil && mapF == nil {
		err = fmt.Errorf("imr: the argument mapFunc must be a function")
	}
	if err != nil {
		return nil, err
	}
	reduce, err := optFunc("imr", "reduceFunc", a, 3)
	if err != nil {
		return nil, err
	}
	final, err := optFunc("imr", "finalFunc", a, 4)
	if err != nil {
		return nil, err
	}
	var term value.Function
	maxIter := int64(-1)
	switch {
	case !given(a, 5):
		return nil, fmt.Errorf("imr: the argument terminateFunc must be a function or a positive integer")
	case a[5].Form() == value.SCALAR && a[5].Type().Category() == value.INTEGRAL:
		maxIter, _ = value.ToInt64(a[5])
		if maxIter <= 0 {
			return nil, fmt.Errorf("imr: the argument terminateFunc must be a function or a positive integer")
		}
	default:
		f, ok := a[5].(value.Function)
		if !ok {
			return nil, fmt.Errorf("imr: the argument terminateFunc must be a function or a positive integer")
		}
		term = f
	}
	carry, err := optBool("imr", "carryover", a, 6, false)
	if err != nil {
		return nil, err
	}
	workers := workersFor(items)
	data := make([][]value.Value, len(items))
	err = runItems(env, len(items), workers, true, func(ev Evaluator, tenv value.Env, i int) error {
		var err error
		data[i], err = materialiseItem(ev, tenv, items[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	carried := make([]value.Value, len(items))
	for i := range carried {
		carried[i] = value.Void{}
	}
	if !given(a, 1) {
		return nil, fmt.Errorf("imr: the argument initValue must be specified")
	}
	cur := a[1]
	for iter := int64(1); ; iter++ {
		prev := cur
		rs := make([]value.Value, len(items))
		err := runItems(env, len(items), workers, true, func(_ Evaluator, tenv value.Env, i int) error {
			args := append(append([]value.Value{}, data[i]...), prev)
			if carry {
				args = append(args, carried[i])
			}
			r, err := tenv.Call(mapF, args)
			if err != nil || !carry {
				rs[i] = r
				return err
			}
			rs[i], carried[i], err = splitCarry(r)
			return err
		})
		if err != nil {
			return nil, err
		}
		red, err := reduceAll(env, "imr", reduce, rs)
		if err != nil {
			return nil, err
		}
		cur = red
		if final != nil {
			if cur, err = env.Call(final, []value.Value{prev, red}); err != nil {
				return nil, err
			}
		}
		if maxIter > 0 {
			if iter >= maxIter {
				return cur, nil
			}
			continue
		}
		stop, err := env.Call(term, []value.Value{prev, cur})
		if err != nil {
			return nil, err
		}
		b, ok := value.ToInt64(stop)
		if !ok || stop.Form() != value.SCALAR {
			return nil, fmt.Errorf("imr: terminateFunc must return a boolean scalar, not %s", value.TypeStr(stop))
		}
		if b != 0 {
			return cur, nil
		}
		if err := env.CheckCancel(); err != nil {
			return nil, err
		}
	}
}

// splitCarry splits a carryover map result: a tuple whose last element is
// the carried object; the rest is the map result (one element unwrapped).
func splitCarry(r value.Value) (res, carried value.Value, err error) {
	t, ok := r.(*value.Vector)
	if !ok || t.Type() != value.ANY || t.Len() < 2 {
		return nil, nil, fmt.Errorf("imr: with carryover, the map function must return a tuple whose last element is the carryover object")
	}
	n := t.Len()
	carried = t.Get(n - 1)
	if n == 2 {
		return t.Get(0), carried, nil
	}
	rest := make([]value.Value, n-1)
	for i := range rest {
		rest[i] = t.Get(i)
	}
	return value.NewTuple(rest), carried, nil
}
