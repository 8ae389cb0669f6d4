// This file declares the remaining higher-order functions: cross pcross
// groupby contextby segmentby byRow byColumn peach loop ploop pcall
// unifiedCall moving window rolling tmoving twindow withNullFill
// nullCompare partial, and the parallel worker pool (localExecutors).

package builtins

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/porpoisedb/porpoise/vm/value"
)

var localExecutors atomic.Int64

func init() { localExecutors.Store(int64(runtime.NumCPU())) }

// SetLocalExecutors sets the number of workers peach/ploop use (the
// localExecutors configuration parameter); n <= 0 means runtime.NumCPU().
func SetLocalExecutors(n int) {
	if n <= 0 {
		n = runtime.NumCPU()
	}
	localExecutors.Store(int64(n))
}

// Forker is implemented by an Env that can hand out an independent Env
// for another goroutine (the VM's thread forks a worker thread).
type Forker interface {
	Fork() value.Env
}

// parallel runs f(env, i) for i in [0, n) on localExecutors workers when
// env can fork, else sequentially on env.
func parallel(env value.Env, n int, f func(env value.Env, i int) (value.Value, error)) ([]value.Value, error) {
	out := make([]value.Value, n)
	fk, ok := env.(Forker)
	workers := int(min(localExecutors.Load(), int64(n)))
	if !ok || workers <= 1 {
		for i := range out {
			r, err := f(env, i)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range workers {
		wenv := fk.Fork()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				mu.Lock()
				stop := firstErr != nil
				mu.Unlock()
				if stop {
					return
				}
				r, err := f(wenv, i)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				out[i] = r
			}
		}()
	}
	wg.Wait()
	return out, firstErr
}

// eachArgs splits the arguments of each-like calls: non-scalars are
// iterated, scalars broadcast; returns the per-call argument lists.
func eachArgs(args []value.Value) ([][]value.Value, error) {
	lists := make([][]value.Value, len(args))
	n := -1
	for i, x := range args {
		if x.Form() == value.SCALAR {
			continue
		}
		lists[i] = elems(x)
		if n >= 0 && len(lists[i]) != n {
			return nil, sizeMismatch(n, len(lists[i]))
		}
		n = len(lists[i])
	}
	if n < 0 {
		n = 1
	}
	out := make([][]value.Value, n)
	for k := range out {
		out[k] = make([]value.Value, len(args))
		for i := range args {
			if lists[i] == nil {
				out[k][i] = args[i]
			} else {
				out[k][i] = lists[i][k]
			}
		}
	}
	return out, nil
}

func parEach(env value.Env, a []value.Value, par, tuple bool) (value.Value, error) {
	f, err := argFunc("peach", a[0])
	if err != nil {
		return nil, err
	}
	calls, err := eachArgs(a[1:])
	if err != nil {
		return nil, err
	}
	run := func(env value.Env, i int) (value.Value, error) { return env.Call(f, calls[i]) }
	var rs []value.Value
	if par {
		rs, err = parallel(env, len(calls), run)
	} else {
		rs, err = parallel(nil, len(calls), func(_ value.Env, i int) (value.Value, error) { return run(env, i) })
	}
	if err != nil {
		return nil, err
	}
	if tuple {
		return value.NewTuple(rs), nil
	}
	return assemble(rs), nil
}

var higherOrder2Funcs = []*Func{
	{Name: "peach", Params: []string{"func", "X", "[Y...]"}, Kind: System, Doc: "each on localExecutors parallel workers.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return parEach(env, a, true, false) }},
	{Name: "loop", Params: []string{"func", "X", "[Y...]"}, Kind: System, Doc: "each, always returning a tuple.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return parEach(env, a, false, true) }},
	{Name: "ploop", Params: []string{"func", "X", "[Y...]"}, Kind: System, Doc: "loop on parallel workers.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return parEach(env, a, true, true) }},
	{Name: "pcall", Params: []string{"func", "args..."}, Kind: System, Doc: "Calls func (vector arguments may be split across workers).", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		f, err := argFunc("pcall", a[0])
		if err != nil {
			return nil, err
		}
		return env.Call(f, a[1:])
	}},
	{Name: "unifiedCall", Params: []string{"func", "args"}, Kind: System, Doc: "func called with the elements of the tuple args.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		f, err := argFunc("unifiedCall", a[0])
		if err != nil {
			return nil, err
		}
		return env.Call(f, elems(a[1]))
	}},
	{Name: "cross", Params: []string{"func", "X", "[Y]"}, Kind: System, Doc: "func(X[i], Y[j]) for all pairs: a matrix when results are scalars.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return crossImpl(env, a, false) }},
	{Name: "pcross", Params: []string{"func", "X", "[Y]"}, Kind: System, Doc: "cross on parallel workers.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return crossImpl(env, a, true) }},
	{Name: "byRow", Params: []string{"func", "X"}, Kind: System, Doc: "func applied to each row of a matrix or table.", Impl: byRowImpl},
	{Name: "byColumn", Params: []string{"func", "X"}, Kind: System, Doc: "func applied to each column.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		f, err := argFunc("byColumn", a[0])
		if err != nil {
			return nil, err
		}
		if _, ok := a[1].(*value.Vector); ok {
			return env.Call(f, a[1:2])
		}
		return perColumn(a[1], func(v *value.Vector) (value.Value, error) { return env.Call(f, []value.Value{v}) })
	}},
	{Name: "groupby", Params: []string{"func", "funcArgs", "groupingCol"}, Kind: System, Doc: "A table of func over each group, groups ascending.", Impl: func(env value.Env, a []value.Value) (value.Value, error) { return groupbyImpl(env, a, nil) }, Named: groupbyImpl},
	{Name: "contextby", Params: []string{"func", "funcArgs", "groupingCol", "[sortingCol]", "[semanticFilter]"}, Kind: System, Doc: "func within each group, aligned with the input.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		g, err := vecArg("contextby", a[2])
		if err != nil {
			return nil, err
		}
		return groupApply(env, a[0], a[1], groupIndex(keysOfVec(g), false))
	}},
	{Name: "segmentby", Params: []string{"func", "funcArgs", "segment"}, Kind: System, Doc: "func within each run of equal consecutive segment values, aligned with the input.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		g, err := vecArg("segmentby", a[2])
		if err != nil {
			return nil, err
		}
		return groupApply(env, a[0], a[1], groupIndex(keysOfVec(g), true))
	}},
	{Name: "moving", Params: []string{"func", "funcArgs", "window", "[minPeriods]"}, Kind: System, Doc: "func over each sliding window of count window.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		w, mp, err := windowArgs("moving", a[2], a, 3)
		if err != nil {
			return nil, err
		}
		return windowApply(env, a[0], a[1], func(i, n int) (int, int, bool) {
			lo := max(0, i-w+1)
			return lo, i + 1, mp == 0 && i+1 >= w || mp > 0 && i+1 >= mp
		}, -1)
	}},
	{Name: "window", Params: []string{"func", "funcArgs", "range"}, Kind: System, Doc: "func over X[i+a .. i+b] for each i.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		p, ok := a[2].(*value.Pair)
		if !ok {
			return nil, fmt.Errorf("Usage: window(func, funcArgs, range). range must be a pair.")
		}
		lo, _ := value.ToInt64(p.First())
		hi, _ := value.ToInt64(p.Second())
		return windowApply(env, a[0], a[1], func(i, n int) (int, int, bool) {
			l, h := max(0, i+int(lo)), min(n, i+int(hi)+1)
			return l, h, l < h
		}, -1)
	}},
	{Name: "rolling", Params: []string{"func", "funcArgs", "window", "[step]", "[fill]"}, Kind: System, Doc: "func over complete windows of size window every step elements.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		w, err := argInt("rolling", a[2])
		if err != nil {
			return nil, err
		}
		step, err := intArg("rolling(func, funcArgs, window, [step=1])", a, 3, 1)
		if err != nil {
			return nil, err
		}
		return windowApply(env, a[0], a[1], func(i, n int) (int, int, bool) {
			return i, i + int(w), i+int(w) <= n
		}, int(step))
	}},
	{Name: "tmoving", Params: []string{"func", "T", "funcArgs", "window"}, Kind: System, Doc: "func over the window (T[i]-window, T[i]].", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		lo, err := timeWindows("tmoving", a[1], a[3], false)
		if err != nil {
			return nil, err
		}
		return windowApply(env, a[0], a[2], func(i, n int) (int, int, bool) { return lo[i], i + 1, true }, -1)
	}},
	{Name: "twindow", Params: []string{"func", "funcArgs", "T", "range", "[prevailing]"}, Kind: System, Doc: "func over elements whose T lies in [T[i]+a, T[i]+b].", Impl: twindowImpl},
	{Name: "withNullFill", Params: []string{"func", "x", "y", "fillValue"}, Kind: System, Doc: "Calls func after filling a null on one side (where the other is valid) with fillValue.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		f, err := argFunc("withNullFill", a[0])
		if err != nil {
			return nil, err
		}
		xn, _ := nullTest(a[1], true)
		yn, _ := nullTest(a[2], true)
		yv, _ := not(yn)
		xv, _ := not(xn)
		fx, err := logic(andB, xn, yv)
		if err != nil {
			return nil, err
		}
		fy, _ := logic(andB, yn, xv)
		x, err := iif(fx, a[3], a[1], false)
		if err != nil {
			return nil, err
		}
		y, err := iif(fy, a[3], a[2], false)
		if err != nil {
			return nil, err
		}
		return env.Call(f, []value.Value{x, y})
	}},
	{Name: "nullCompare", Params: []string{"func", "X", "Y"}, Kind: System, Doc: "func(X, Y) with a null BOOL where either side is null.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		f, err := argFunc("nullCompare", a[0])
		if err != nil {
			return nil, err
		}
		r, err := env.Call(f, a[1:3])
		if err != nil {
			return nil, err
		}
		xn, _ := nullTest(a[1], true)
		yn, _ := nullTest(a[2], true)
		either, err := logic(orB, xn, yn)
		if err != nil {
			return nil, err
		}
		return iif(either, value.Bool(nb), r, false)
	}},
	{Name: "partial", Params: []string{"func", "args..."}, Kind: System, Doc: "func with its first arguments fixed (f{a, b}).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		f, err := argFunc("partial", a[0])
		if err != nil {
			return nil, err
		}
		return &partialFn{f: f, fixed: append([]value.Value{}, a[1:]...)}, nil
	}},
}

func registerHigherOrder2(r *Registry) { r.Register(higherOrder2Funcs...) }

// partialFn is a function with leading arguments fixed.
type partialFn struct {
	f     value.Function
	fixed []value.Value
}

func (p *partialFn) Type() value.Type { return value.FUNCTIONDEF }
func (p *partialFn) Form() value.Form { return value.SCALAR }
func (p *partialFn) String() string   { return p.f.Name() + "{...}" }
func (p *partialFn) Name() string     { return "" }
func (p *partialFn) Call(env value.Env, args []value.Value) (value.Value, error) {
	return env.Call(p.f, append(append([]value.Value{}, p.fixed...), args...))
}

func crossImpl(env value.Env, a []value.Value, par bool) (value.Value, error) {
	f, err := argFunc("cross", a[0])
	if err != nil {
		return nil, err
	}
	x, y := a[1], a[1]
	if len(a) > 2 && a[2] != nil {
		y = a[2]
	}
	xs, ys := elems(x), elems(y)
	nx, ny := len(xs), len(ys)
	run := func(env value.Env, k int) (value.Value, error) {
		i, j := k%nx, k/nx
		return env.Call(f, []value.Value{xs[i], ys[j]})
	}
	var rs []value.Value
	if par {
		rs, err = parallel(env, nx*ny, run)
	} else {
		rs, err = parallel(nil, nx*ny, func(_ value.Env, k int) (value.Value, error) { return run(env, k) })
	}
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if r.Form() != value.SCALAR {
			return value.NewTuple(rs), nil
		}
	}
	data, ok := value.MakeVector(rs).(*value.Vector)
	if !ok || data.Type() == value.ANY {
		return value.NewTuple(rs), nil
	}
	m, err := value.FromVector(data, nx, ny)
	if err != nil {
		return nil, err
	}
	if xv, ok := x.(*value.Vector); ok && xv.Type() != value.ANY {
		_ = m.SetRowLabels(xv)
	}
	if yv, ok := y.(*value.Vector); ok && yv.Type() != value.ANY {
		_ = m.SetColLabels(yv)
	}
	return m, nil
}

func byRowImpl(env value.Env, a []value.Value) (value.Value, error) {
	f, err := argFunc("byRow", a[0])
	if err != nil {
		return nil, err
	}
	var rows []value.Value
	switch x := a[1].(type) {
	case *value.Matrix:
		for r := range x.Rows() {
			rows = append(rows, x.Row(r))
		}
	case *value.Table:
		for r := range x.Rows() {
			row := make([]value.Value, x.NumCols())
			for c := range row {
				row[c] = x.Column(c).Get(r)
			}
			rows = append(rows, value.MakeVector(row))
		}
	case *value.Vector:
		if x.Type().IsArray() || x.Type() == value.ANY {
			rows = elems(x)
			if x.Type().IsArray() {
				rows = make([]value.Value, x.Len())
				offs := x.Offsets()
				for i := range rows {
					rows[i] = x.Inner().Slice(int(offs[i]), int(offs[i+1]))
				}
			}
		} else {
			return env.Call(f, a[1:2])
		}
	default:
		return env.Call(f, a[1:2])
	}
	rs := make([]value.Value, len(rows))
	for i, r := range rows {
		if rs[i], err = env.Call(f, []value.Value{r}); err != nil {
			return nil, err
		}
	}
	out := assemble(rs)
	if m, ok := out.(*value.Matrix); ok {
		return transposeMatrix(m), nil
	}
	return out, nil
}

// groupIndex assigns each element a group: by value (groups in ascending
// key order) or, for runs, by consecutive equal values.
func groupIndex(k ordKeys, runs bool) [][]int {
	if runs {
		var gs [][]int
		for i := range k.len() {
			if i == 0 || !k.eq(i, i-1) {
				gs = append(gs, nil)
			}
			gs[len(gs)-1] = append(gs[len(gs)-1], i)
		}
		return gs
	}
	pos := map[any]int{}
	var gs [][]int
	var first []int
	for i := range k.len() {
		h := k.hashKey(i)
		g, ok := pos[h]
		if !ok {
			g = len(gs)
			pos[h] = g
			gs = append(gs, nil)
			first = append(first, i)
		}
		gs[g] = append(gs[g], i)
	}
	order := make([]int, len(gs))
	for i := range order {
		order[i] = i
	}
	sortStable(order, func(x, y int) bool { return k.less(first[x], first[y]) })
	out := make([][]int, len(gs))
	for i, g := range order {
		out[i] = gs[g]
	}
	return out
}

// gatherArgs gathers rows idx of every non-scalar argument.
func gatherArgs(args value.Value, idx []int) []value.Value {
	list := []value.Value{args}
	if isTuple(args) {
		list = args.(*value.Vector).Elems()
	}
	out := make([]value.Value, len(list))
	for i, x := range list {
		switch v := x.(type) {
		case *value.Vector:
			out[i] = v.Gather(idx)
		case *value.Table:
			out[i] = v.Gather(idx)
		default:
			out[i] = x
		}
	}
	return out
}

func groupbyImpl(env value.Env, a []value.Value, names []string) (value.Value, error) {
	f, err := argFunc("groupby", a[0])
	if err != nil {
		return nil, err
	}
	g, err := vecArg("groupby", a[2])
	if err != nil {
		return nil, err
	}
	groups := groupIndex(keysOfVec(g), false)
	keys := make([]int, len(groups))
	rs := make([]value.Value, len(groups))
	for i, idx := range groups {
		keys[i] = idx[0]
		if rs[i], err = env.Call(f, gatherArgs(a[1], idx)); err != nil {
			return nil, err
		}
	}
	kname, vname := "key", f.Name()
	if len(names) > 2 && names[2] != "" {
		kname = names[2]
	}
	if len(names) > 1 && names[1] != "" {
		vname = f.Name() + "_" + names[1]
	}
	return value.NewTable([]string{kname, vname}, []value.Value{g.Gather(keys), value.MakeVector(rs)})
}

// groupApply runs func per group and scatters results back to positions.
func groupApply(env value.Env, fv, args value.Value, groups [][]int) (value.Value, error) {
	f, err := argFunc("contextby", fv)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	out := make([]value.Value, n)
	for _, idx := range groups {
		r, err := env.Call(f, gatherArgs(args, idx))
		if err != nil {
			return nil, err
		}
		for j, i := range idx {
			if r.Form() == value.SCALAR {
				out[i] = r
			} else {
				out[i] = elemOf(r, j)
			}
		}
	}
	return value.MakeVector(out), nil
}

// windowApply calls func on slices [lo, hi) of every argument for each
// position (step < 0) or every step-th start (rolling).
func windowApply(env value.Env, fv, args value.Value, win func(i, n int) (int, int, bool), step int) (value.Value, error) {
	f, err := argFunc("moving", fv)
	if err != nil {
		return nil, err
	}
	list := []value.Value{args}
	if isTuple(args) {
		list = args.(*value.Vector).Elems()
	}
	n := -1
	for _, x := range list {
		if x.Form() != value.SCALAR {
			n = rowCount(x)
		}
	}
	var rs []value.Value
	inc := 1
	if step > 0 {
		inc = step
	}
	for i := 0; i < n; i += inc {
		lo, hi, ok := win(i, n)
		if !ok {
			if step > 0 {
				break
			}
			rs = append(rs, value.Void{})
			continue
		}
		call := make([]value.Value, len(list))
		for j, x := range list {
			if x.Form() == value.SCALAR {
				call[j] = x
			} else {
				call[j] = sliceRows(x, lo, hi)
			}
		}
		r, err := env.Call(f, call)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return value.MakeVector(rs), nil
}

func twindowImpl(env value.Env, a []value.Value) (value.Value, error) {
	p, ok := a[3].(*value.Pair)
	if !ok {
		return nil, fmt.Errorf("Usage: twindow(func, funcArgs, T, range). range must be a pair.")
	}
	ts := i64s(a[2])
	lo, err := durationUnits(p.First(), a[2].Type())
	if err != nil {
		return nil, err
	}
	hi, err := durationUnits(p.Second(), a[2].Type())
	if err != nil {
		return nil, err
	}
	return windowApply(env, a[0], a[1], func(i, n int) (int, int, bool) {
		l := searchInt(ts, ts[i]+lo)
		h := searchInt(ts, ts[i]+hi+1)
		return l, h, l < h
	}, -1)
}

// searchInt is the first index with ts[j] >= x (ts ascending).
func searchInt(ts []int64, x int64) int {
	lo, hi := 0, len(ts)
	for lo < hi {
		m := (lo + hi) / 2
		if ts[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func sortStable(idx []int, less func(a, b int) bool) {
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
}
