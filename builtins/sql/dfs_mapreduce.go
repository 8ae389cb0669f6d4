// This file runs group-by and aggregate queries on DFS tables partition by
// partition (map-reduce), as DolphinDB does: the pruned partitions are read
// one at a time, only the columns the query names, on the node's
// localExecutors workers, so a query never holds the whole table.
//
// Two plans, both giving what the same query gives on the partitions
// concatenated into one in-memory table (in partition order):
//
//   - pinned: the group keys determine the partition (the partition
//     column itself, or date(DateTime) over a VALUE scheme of dates), so
//     every group lives in one partition: the whole query runs on each
//     partition and the results are concatenated, whatever the aggregates.
//   - merge: each partition computes partial states of decomposable
//     aggregates (count, sum, avg, std/var, min/max, first/last,
//     wavg/wsum) per group with the engine's typed kernels; the partials
//     are grouped again and merged (counts and sums add, min/max compare,
//     first/last take the first/last partition's), and the same kernels'
//     finish computes the values, so types and formulas are the in-memory
//     ones. A defg function with a mapr definition is decomposable too:
//     its map calls are the partial state, its reduce function the merge
//     (mapr.go).
//
// Group order is first-seen order in both: the groups of partition 0 in
// its first-seen order, then the new groups of partition 1, ... which is
// the first-seen order of the concatenation.
//
// Per-partition work is only valid for expressions that are row-wise (a
// row's value depends on that row alone): where conditions, group keys and
// aggregate arguments must be; x > avg(x) or deltas(x) see the whole table
// in memory, so such queries, aggregates without a decomposition (med,
// percentile, defg functions without a mapr statement) and anything
// unexpected at run time (a type no kernel handles) keep the
// concatenating path.

package sql

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/vm/value"
)

// dfsPartitioned is a DFS table that can be read one partition at a time
// (dfs.Table).
type dfsPartitioned interface {
	dfsTable
	// PartitionColumnTypes is the type each level converts its column to.
	PartitionColumnTypes() []value.Type
	// PrunedPartitions returns the partitions that may hold rows
	// satisfying every condition (as LoadPruned), read one at a time.
	PrunedPartitions(condCols, condOps []string, condVals [][]value.Value) (int, func(i int, cols []string, shared bool) (*value.Table, error), error)
	// LocalExecutors is the number of workers partitions run on.
	LocalExecutors() int
}

// errNoMerge reports, from a partition, a query the per-partition plan
// can't compute exactly (an aggregate argument no kernel takes, result
// types that differ between partitions): the query then runs on the
// concatenated partitions.
var errNoMerge = errors.New("sql: no per-partition plan")

type mrMode int

const (
	mrNone   mrMode = iota
	mrPinned        // groups are partition-local: run per partition, concatenate
	mrMerge         // partial aggregates per partition, merged
)

// mrQueries counts the queries on DFS tables by the plan they ran
// (mrNone: the concatenating path), so that tests see which one ran.
var mrQueries [3]atomic.Int64

// dfsMapReduce runs q on the DFS table d per partition. ok is false when
// the query needs the concatenated table (nothing was read then, or the
// partial work was dropped).
func dfsMapReduce(ev Evaluator, q *ast.SelectExpr, d dfsPartitioned, qual string) (r *result, ok bool, err error) {
	names := d.ColumnNames()
	pcols, ptypes := d.PartitionColumnNames(), d.PartitionColumnTypes()
	nf := namesFrame(names, qual)
	mode := planMapReduce(ev, q, nf, pcols, ptypes)
	if mode == mrNone {
		mrQueries[mrNone].Add(1)
		return nil, false, nil
	}
	cols := queryColumns(q, names)
	cc, ops, vals := pruneConds(ev, q.Where, pcols, ptypes, names)
	n, read, err := d.PrunedPartitions(cc, ops, vals)
	if err != nil {
		return nil, true, err
	}
	if n == 0 {
		mrQueries[mrNone].Add(1)
		return nil, false, nil // the concatenating path types the empty table
	}
	load := func(ev Evaluator, i int) (*frame, error) {
		// The partition's columns are only read: group by computes new
		// columns, so cached columns need no copy.
		t, err := read(i, cols, true)
		if err != nil {
			return nil, err
		}
		return applyWhere(ev, newFrame(t, qual), q.Where)
	}
	switch mode {
	case mrPinned:
		r, err = pinnedQuery(ev, q, n, d.LocalExecutors(), load)
	default:
		r, err = mergeQuery(ev, q, nf, n, d.LocalExecutors(), load)
	}
	if errors.Is(err, errNoMerge) {
		mrQueries[mrNone].Add(1)
		return nil, false, nil
	}
	mrQueries[mode].Add(1)
	return r, true, err
}

// namesFrame is a frame with the table's column names and no rows, for
// the static checks that ask whether an expression names a column.
func namesFrame(names []string, qual string) *frame {
	f := &frame{all: true, names: names, origs: names, cols: make([]*value.Vector, len(names))}
	f.quals = make([]string, len(names))
	for i := range f.quals {
		f.quals[i] = qual
	}
	return f
}

// planMapReduce chooses how q runs on a partitioned table.
func planMapReduce(ev Evaluator, q *ast.SelectExpr, nf *frame, pcols []string, ptypes []value.Type) mrMode {
	if q.Map || q.Union != nil || len(q.With) > 0 || queryColumns(q, nf.names) == nil {
		return mrNone
	}
	switch q.Group {
	case ast.GroupBy:
		if len(q.GroupBy) == 0 {
			return mrNone
		}
	case ast.GroupNone:
		// Aggregates without group by: one group (plainSelect's
		// aggregateOnly case).
		if !aggregateOnly(ev, nf, q.Items) {
			return mrNone
		}
	default:
		return mrNone
	}
	for _, w := range q.Where {
		if !rowwise(ev, nf, w) {
			return mrNone
		}
	}
	for _, k := range q.GroupBy {
		if !rowwise(ev, nf, k.Expr) {
			return mrNone
		}
	}
	exprs := itemExprs(q.Items)
	if q.Having != nil {
		exprs = append(exprs, q.Having)
	}
	mergeable := true
	for _, e := range exprs {
		x := extractAggs(ev, e)
		for _, c := range x.aggs {
			// Arguments are evaluated over all the rows, then grouped.
			for _, a := range c.Args {
				if a.Value == nil || !rowwise(ev, nf, a.Value) && !isStar(a.Value) {
					return mrNone
				}
			}
			if maprOf(ev, c) == nil && !decomposable(c) {
				mergeable = false
			}
		}
	}
	for _, it := range q.Items {
		// A multi-output item (f(x) as a b) runs on each group's rows.
		if len(it.Aliases) > 1 {
			mergeable = false
		}
	}
	for _, e := range exprs {
		x := extractAggs(ev, e)
		// An item without aggregates that names columns and is not a key
		// is evaluated on each group's rows: fine per partition when
		// groups are, not after a merge.
		if len(x.aggs) == 0 && usesColumns(nf, e) && !isKeyItem(q, e) {
			mergeable = false
		}
	}
	if q.Group == ast.GroupBy && pinned(q.GroupBy, pcols, ptypes) {
		return mrPinned
	}
	if mergeable {
		return mrMerge
	}
	return mrNone
}

func isStar(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "*" && !id.Quoted
}

// isKeyItem mirrors groupCtx.item's test for a key.
func isKeyItem(q *ast.SelectExpr, e ast.Expr) bool {
	for _, k := range q.GroupBy {
		if id, ok := e.(*ast.Ident); ok && strings.EqualFold(id.Name, itemName(k)) || sameExpr(e, k.Expr) {
			return true
		}
	}
	return false
}

// pinned reports group keys that determine every partitioning level: a
// key that is the level's column, or date(col) / month(col) when the level
// converts col to DATE or MONTH (MONTH is a function of the date). Rows
// with a null partitioning value are not stored, so a key's null group
// can't span partitions either.
func pinned(keys []*ast.SelectItem, pcols []string, ptypes []value.Type) bool {
	if len(pcols) == 0 || len(ptypes) != len(pcols) {
		return false
	}
	for lv, pc := range pcols {
		found := false
		for _, k := range keys {
			switch x := unparen(k.Expr).(type) {
			case *ast.Ident:
				found = found || strings.EqualFold(x.Name, pc)
			case *ast.CallExpr:
				if len(x.Args) != 1 || x.Args[0].Name != "" {
					continue
				}
				id, ok1 := x.Fun.(*ast.Ident)
				arg, ok2 := unparen(x.Args[0].Value).(*ast.Ident)
				if !ok1 || !ok2 || !strings.EqualFold(arg.Name, pc) {
					continue
				}
				switch id.Name {
				case "date":
					found = found || ptypes[lv] == value.DATE || ptypes[lv] == value.MONTH
				case "month":
					found = found || ptypes[lv] == value.MONTH
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// decomposable reports an aggregate call whose partial states merge.
func decomposable(c *ast.CallExpr) bool {
	if _, ok := c.Fun.(*ast.Ident); !ok {
		return false
	}
	for _, a := range c.Args {
		if a.Name != "" || a.Value == nil {
			return false
		}
	}
	star := len(c.Args) == 1 && isStar(c.Args[0].Value)
	switch funcName(c.Fun) {
	case "count":
		return len(c.Args) == 1
	case "sum", "avg", "mean", "std", "var", "stdp", "varp", "min", "max", "first", "last":
		return len(c.Args) == 1 && !star
	case "wavg", "wsum":
		return len(c.Args) == 2 && !isStar(c.Args[0].Value) && !isStar(c.Args[1].Value)
	}
	return false
}

// rowwise reports an expression whose value at a row depends on that row
// only: columns, constants, scalar variables, and element-wise built-ins
// (Kind Operator) and operators over those. `in` and `between` take any
// constant right side (a set, a pair).
func rowwise(ev Evaluator, f *frame, e ast.Expr) bool {
	switch x := e.(type) {
	case nil, *ast.Literal:
		return true
	case *ast.Ident:
		if x.Name == "*" || columnRef(f, x) >= 0 {
			return x.Name != "*"
		}
		// A vector variable would be combined with the whole table's
		// rows; functions and constants (INT, pi) are fine.
		v, found := ev.Var(x.Name)
		return !found || v == nil || v.Form() == value.SCALAR
	case *ast.SelectorExpr:
		return columnRef(f, x) >= 0
	case *ast.ParenExpr:
		return rowwise(ev, f, x.X)
	case *ast.UnaryExpr:
		switch x.Op {
		case "-", "!", "not":
			return rowwise(ev, f, x.X)
		}
		return false
	case *ast.BinaryExpr:
		if x.Fun != nil {
			id, ok := x.Fun.(*ast.Ident)
			return ok && elementwise(ev, id.Name) && rowwise(ev, f, x.X) && rowwise(ev, f, x.Y)
		}
		switch x.Op {
		case "in", "not in", "between", "not between":
			return rowwise(ev, f, x.X) && constantSide(f, x.Y)
		case "not like", "not ilike":
			return rowwise(ev, f, x.X) && rowwise(ev, f, x.Y)
		}
		return elementwise(ev, compile.OperatorName(x.Op)) && rowwise(ev, f, x.X) && rowwise(ev, f, x.Y)
	case *ast.BetweenExpr:
		return rowwise(ev, f, x.X) && rowwise(ev, f, x.Lo) && rowwise(ev, f, x.Hi)
	case *ast.IsNullExpr:
		return rowwise(ev, f, x.X)
	case *ast.CaseExpr:
		for _, y := range append(append([]ast.Expr{x.X, x.Else}, x.Whens...), x.Thens...) {
			if !rowwise(ev, f, y) {
				return false
			}
		}
		return true
	case *ast.CallExpr:
		id, ok := x.Fun.(*ast.Ident)
		if !ok || !elementwise(ev, id.Name) {
			return false
		}
		for _, a := range x.Args {
			if a.Value == nil || !rowwise(ev, f, a.Value) {
				return false
			}
		}
		return true
	}
	return false
}

// constantSide reports an operand that names no column and runs no query.
func constantSide(f *frame, e ast.Expr) bool {
	ok := true
	walk(e, func(x ast.Expr) bool {
		switch x.(type) {
		case *ast.SelectExpr, *ast.MacroVar, *ast.MetaCode, *ast.FuncLit:
			ok = false
		}
		if columnRef(f, x) >= 0 {
			ok = false
		}
		return ok
	})
	return ok
}

// elementwise reports a built-in that maps each element on its own.
func elementwise(ev Evaluator, name string) bool {
	fn, ok := ev.LookupFunc(name)
	if !ok {
		return false
	}
	b, ok := fn.(*builtins.Builtin)
	return ok && (b.Decl.Kind == builtins.Operator || name == "cast")
}

// lockedEval serialises a thread's evaluator between partition workers:
// the VM's thread runs one expression at a time (and sees the calling
// function's variables, which a forked thread would not), while reading,
// grouping and the kernels run in parallel outside it.
type lockedEval struct {
	mu sync.Mutex
	ev Evaluator
}

func (l *lockedEval) EvalIn(e ast.Expr, cols func(string) (value.Value, bool)) (value.Value, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ev.EvalIn(e, cols)
}

func (l *lockedEval) LookupFunc(name string) (value.Function, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ev.LookupFunc(name)
}

func (l *lockedEval) NewCode(node ast.Node, src string) value.Value {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ev.NewCode(node, src)
}

func (l *lockedEval) Out() io.Writer {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ev.Out()
}

func (l *lockedEval) CheckCancel() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ev.CheckCancel()
}

func (l *lockedEval) Call(fn value.Function, args []value.Value) (value.Value, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ev.Call(fn, args)
}

func (l *lockedEval) Var(name string) (value.Value, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ev.Var(name)
}

// eachPartition calls fn for partitions 0..n-1 on up to workers
// goroutines; fn gets an evaluator it may use from its goroutine. The
// first error in partition order is returned; after an error no new
// partition starts.
func eachPartition(ev Evaluator, n, workers int, fn func(ev Evaluator, i int) error) error {
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			if err := ev.CheckCancel(); err != nil {
				return err
			}
			if err := fn(ev, i); err != nil {
				return err
			}
		}
		return nil
	}
	lev := &lockedEval{ev: ev}
	return parallelFor(n, workers, lev.CheckCancel, func(_, i int) error { return fn(lev, i) })
}

// parallelFor calls fn(w, i) for i in 0..n-1 on workers goroutines (w is
// the goroutine's number); the first error in index order is returned,
// and after an error (or cancellation) no new index starts.
func parallelFor(n, workers int, cancelled func() error, fn func(w, i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				err := cancelled()
				if err == nil {
					err = recovered(func() error { return fn(w, i) })
				}
				if err != nil {
					errs[i] = err
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// recovered runs fn, turning a panic into an error: a worker goroutine
// has no caller to recover it.
func recovered(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if e, ok := p.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", p)
			}
		}
	}()
	return fn()
}

// pinnedQuery runs q on each partition (groups never span partitions),
// without order by, distinct and top/limit, which then apply to the
// concatenation.
func pinnedQuery(ev Evaluator, q *ast.SelectExpr, n, workers int, load func(Evaluator, int) (*frame, error)) (*result, error) {
	per := *q
	per.OrderBy, per.Top, per.Limit, per.Offset, per.Distinct = nil, nil, nil, nil, false
	parts := make([]*result, n)
	err := eachPartition(ev, n, workers, func(ev Evaluator, i int) error {
		f, err := load(ev, i)
		if err != nil {
			return err
		}
		parts[i], err = groupSelect(ev, &per, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	var use []*result
	for _, p := range parts {
		if len(p.cols) > 0 && p.cols[0].Len() > 0 {
			use = append(use, p)
		}
	}
	if len(use) == 0 {
		use = parts[:1] // no group anywhere: one partition's empty result has the types
	}
	r := &result{names: use[0].names, cols: make([]*value.Vector, len(use[0].cols))}
	for j := range r.cols {
		vs := make([]*value.Vector, len(use))
		for i, p := range use {
			vs[i] = p.cols[j]
		}
		c, err := concatSame(vs)
		if err != nil {
			return nil, err
		}
		r.cols[j] = c
	}
	return finish(ev, q, r, nil)
}

// concatSame appends vectors of one type into a new vector; vectors of
// different types (a user function's results) give errNoMerge, as the
// in-memory query would have typed them together.
func concatSame(vs []*value.Vector) (*value.Vector, error) {
	if len(vs) == 1 {
		return vs[0], nil
	}
	t, scale, n := vs[0].Type(), vs[0].Scale(), 0
	for _, v := range vs {
		if v.Type() != t || v.Scale() != scale || t.IsArray() || t == value.ANY {
			return nil, errNoMerge
		}
		n += v.Len()
	}
	out := value.NewVectorCap(t, 0, n)
	if t.IsDecimal() {
		out = value.NewDecimalVector(t, scale, 0)
	}
	for _, v := range vs {
		if err := out.AppendVector(v); err != nil {
			return nil, errNoMerge
		}
	}
	return out, nil
}
