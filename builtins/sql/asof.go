// This file implements the asof join aj and the window joins wj and pwj.
// The last matching column is ordered (temporal, integral, UUID, IPADDR or
// INT128); the others are equality keys. The right rows are bucketed by
// their equality keys with a counting sort, each bucket ordered by the
// last column (the manual lets aj assume the right table sorted within a
// group; a bucket already in order is not sorted again, one that is not
// is sorted stably, so the answer does not depend on the input order),
// and each left row binary-searches its bucket. Results keep the left
// table's row order.

package sql

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// asofIndex holds the right rows grouped by the equality keys: group g is
// rows[start[g]:start[g+1]] with its times in times[start[g]:start[g+1]],
// ascending. groupOf gives each left row its group (-1 none) and ltimes
// its time (NullLong when null).
type asofIndex struct {
	start   []int32
	rows    []int32
	times   []int64
	groupOf []int32
	ltimes  []int64
}

// newAsofIndex indexes the right side on the key columns lk/rk, the last
// one ordered.
func newAsofIndex(l, r joinSide, lk, rk []int) (*asofIndex, error) {
	n := len(lk)
	lkv, rkv := l.keyVectors(lk), r.keyVectors(rk)
	for k := 0; k < n-1; k++ {
		if err := checkKeyTypes(l.f.names[lk[k]], r.f.names[rk[k]], lkv[k], rkv[k]); err != nil {
			return nil, err
		}
	}
	lts, rts, err := orderedValues(l.f.names[lk[n-1]], lkv[n-1], rkv[n-1])
	if err != nil {
		return nil, err
	}
	var lc, rc []int32
	card := 1
	if n > 1 {
		lc, rc, card = joinCodes(lkv[:n-1], rkv[:n-1])
	} else {
		lc, rc = make([]int32, len(lts)), make([]int32, len(rts))
	}
	ix := &asofIndex{start: make([]int32, card+1), groupOf: lc, ltimes: lts}
	for j, c := range rc {
		if c >= 0 && rts[j] != value.NullLong {
			ix.start[c+1]++
		}
	}
	for g := range card {
		ix.start[g+1] += ix.start[g]
	}
	total := ix.start[card]
	ix.rows, ix.times = make([]int32, total), make([]int64, total)
	fill := append([]int32(nil), ix.start[:card]...)
	for j, c := range rc {
		if c >= 0 && rts[j] != value.NullLong {
			ix.rows[fill[c]] = int32(j)
			ix.times[fill[c]] = rts[j]
			fill[c]++
		}
	}
	for g := range card {
		lo, hi := ix.start[g], ix.start[g+1]
		if !slices.IsSorted(ix.times[lo:hi]) {
			sortGroup(ix.rows[lo:hi], ix.times[lo:hi])
		}
	}
	return ix, nil
}

// sortGroup sorts one group's rows by time, stably.
func sortGroup(rows []int32, times []int64) {
	type rt struct {
		row  int32
		time int64
	}
	tmp := make([]rt, len(rows))
	for i := range rows {
		tmp[i] = rt{rows[i], times[i]}
	}
	slices.SortStableFunc(tmp, func(a, b rt) int {
		switch {
		case a.time < b.time:
			return -1
		case a.time > b.time:
			return 1
		}
		return 0
	})
	for i, x := range tmp {
		rows[i], times[i] = x.row, x.time
	}
}

// orderedValues reads the last matching column of both sides as int64s in
// the same order (NullLong for null): integral and temporal columns by
// value, a right temporal column of another type converted to the left's,
// UUID, IPADDR and INT128 by rank.
func orderedValues(name string, l, r *value.Vector) (lt, rt []int64, err error) {
	lc, rc := classOf(l.Type()), classOf(r.Type())
	switch {
	case lc == keyInt && rc == keyInt:
		if l.Type() != r.Type() && l.Type().IsTemporal() && r.Type().IsTemporal() {
			c, err := value.Cast(r, l.Type())
			if err != nil {
				return nil, nil, err
			}
			cv, ok := c.(*value.Vector)
			if !ok {
				return nil, nil, fmt.Errorf("Can't convert the matching column [%s] to %s", name, l.Type())
			}
			r = cv
		}
		return int64s(l), int64s(r), nil
	case lc == keyBytes16 && rc == keyBytes16:
		lt, rt = rank16(l.Bytes16()[:l.Len()], r.Bytes16()[:r.Len()])
		return lt, rt, nil
	}
	return nil, nil, fmt.Errorf("The last matching column [%s] must be of a temporal, integral, UUID or IPADDR type", name)
}

// rank16 maps 16-byte values of both sides to their ranks in byte order
// (the order of their text), zero (null) to NullLong.
func rank16(l, r [][16]byte) (lt, rt []int64) {
	all := make([][16]byte, 0, len(l)+len(r))
	all = append(all, l...)
	all = append(all, r...)
	slices.SortFunc(all, func(a, b [16]byte) int { return bytes.Compare(a[:], b[:]) })
	all = slices.Compact(all)
	rank := func(xs [][16]byte) []int64 {
		out := make([]int64, len(xs))
		for i, x := range xs {
			if x == ([16]byte{}) {
				out[i] = value.NullLong
				continue
			}
			k, _ := slices.BinarySearchFunc(all, x, func(a, b [16]byte) int { return bytes.Compare(a[:], b[:]) })
			out[i] = int64(k)
		}
		return out
	}
	return rank(l), rank(r)
}

// upper returns the first index in ts with ts[i] > t.
func upper(ts []int64, t int64) int {
	lo, hi := 0, len(ts)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ts[m] <= t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// upperFrom is upper(ts, t) for a search expected to end at or after
// from: it gallops forward from there, and falls back to a full binary
// search when t is before ts[from-1].
func upperFrom(ts []int64, t int64, from int) int {
	if from > len(ts) || from > 0 && ts[from-1] > t {
		return upper(ts, t)
	}
	step := 1
	for from+step <= len(ts) && ts[from+step-1] <= t {
		from += step
		step *= 2
	}
	hi := min(from+step, len(ts))
	return from + upper(ts[from:hi], t)
}

// lower returns the first index in ts with ts[i] >= t.
func lower(ts []int64, t int64) int {
	lo, hi := 0, len(ts)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ts[m] < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// group returns the times and rows of left row i's group (nil when the
// row has no group or a null time).
func (ix *asofIndex) group(i int) ([]int64, []int32) {
	g := ix.groupOf[i]
	if g < 0 || ix.ltimes[i] == value.NullLong {
		return nil, nil
	}
	lo, hi := ix.start[g], ix.start[g+1]
	return ix.times[lo:hi], ix.rows[lo:hi]
}

// asofFrame is aj on key columns lk/rk: the left columns, then the right
// columns but the equality keys (hidden); the right time column stays,
// renamed on a clash (t2_date).
func asofFrame(l, r joinSide, lk, rk []int) (*frame, error) {
	ix, err := newAsofIndex(l, r, lk, rk)
	if err != nil {
		return nil, err
	}
	li, ri := seqIdx(l.rows()), make([]int, l.rows())
	// Left rows usually come in time order within a group: each search
	// starts where the group's previous one ended.
	cur := make([]int32, len(ix.start))
	for i := range ri {
		ri[i] = -1
		ts, rows := ix.group(i)
		if ts == nil {
			continue
		}
		g := ix.groupOf[i]
		k := upperFrom(ts, ix.ltimes[i], int(cur[g]))
		cur[g] = int32(k)
		if k > 0 {
			ri[i] = int(rows[k-1])
		}
	}
	js := &joinSpec{kind: joinInner, lk: lk[:len(lk)-1], rk: rk[:len(rk)-1]}
	return joinResult(js, l, r, li, ri), nil
}

// ajFrame runs aj on evaluated arguments (matchingCols,
// [rightMatchingCols] in a[2], a[3]).
func ajFrame(l, r joinSide, a []value.Value) (*frame, error) {
	lk, rk, err := matchingKeys(l, r, a)
	if err != nil {
		return nil, err
	}
	return asofFrame(l, r, lk, rk)
}

// matchingKeys resolves the matching columns of a join's arguments
// (matchingCols, [rightMatchingCols] in a[2], a[3]) to column indexes.
func matchingKeys(l, r joinSide, a []value.Value) (lk, rk []int, err error) {
	lnames, rnames, err := matchingNames(a)
	if err != nil {
		return nil, nil, err
	}
	if lk, err = keyIndexes(l, lnames, "left"); err != nil {
		return nil, nil, err
	}
	if rk, err = keyIndexes(r, rnames, "right"); err != nil {
		return nil, nil, err
	}
	return lk, rk, nil
}

func ajTables(a []value.Value, names []string) (value.Value, error) {
	l, r, err := joinSides(a, names)
	if err != nil {
		return nil, err
	}
	f, err := ajFrame(l, r, a)
	if err != nil {
		return nil, err
	}
	return visibleTable(f)
}

func ajImpl(_ value.Env, a []value.Value) (value.Value, error) { return ajTables(a, nil) }

func ajNamed(_ value.Env, a []value.Value, names []string) (value.Value, error) {
	return ajTables(a, names)
}

// wjImpl is wj / pwj(leftTable, rightTable, window, aggs, matchingCols,
// [rightMatchingCols]): for each left row at time t, aggs over the right
// rows of its group with times in [t+w1, t+w2]. pwj starts the window at
// the last row at or before t+w1 (the prevailing row), so it takes one
// row there, not every duplicate. wj with the window 0:0 takes the rows
// in [t0, t), t0 the time of the previous left row of the same group.
func wjImpl(prevailing bool) func(value.Env, []value.Value) (value.Value, error) {
	return func(env value.Env, a []value.Value) (value.Value, error) {
		ev, err := evaluator(env)
		if err != nil {
			return nil, err
		}
		name := "wj"
		if prevailing {
			name = "pwj"
		}
		if len(a) < 5 {
			return nil, fmt.Errorf("The function [%s] expects 5~6 argument(s), but the actual number of arguments is: %d", name, len(a))
		}
		l, r, err := joinSides(a[:2], nil)
		if err != nil {
			return nil, err
		}
		lk, rk, err := matchingKeys(l, r, []value.Value{a[0], a[1], a[4], argOrNil(a, 5)})
		if err != nil {
			return nil, err
		}
		w1, w2, err := windowBounds(a[2], l.f.cols[lk[len(lk)-1]].Type())
		if err != nil {
			return nil, err
		}
		if w1 > w2 {
			return nil, fmt.Errorf("The window of %s must be w1:w2 with w1 <= w2", name)
		}
		aggs, err := codeList(a[3])
		if err != nil {
			return nil, fmt.Errorf("The aggs of %s must be metacode or a tuple of metacode", name)
		}
		ix, err := newAsofIndex(l, r, lk, rk)
		if err != nil {
			return nil, err
		}
		windows := windowRows(ix, l.rows(), w1, w2, prevailing)
		lt, err := visibleTable(l.f)
		if err != nil {
			return nil, err
		}
		out := lt.Clone()
		names := append([]string(nil), out.Names()...)
		for _, e := range aggs {
			colName := exprName(e)
			if al, ok := e.(*ast.AliasedExpr); ok {
				e, colName = al.X, al.Alias
			}
			col, err := windowColumn(ev, r.f, e, windows)
			if err != nil {
				return nil, err
			}
			names = append(names, colName)
			colName = uniqueNames(names)[len(names)-1]
			if err := out.AddColumn(colName, col); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
}

// windowRows returns, per left row, the right rows of its window in time
// order (rows[i] is nil for an empty window).
func windowRows(ix *asofIndex, n int, w1, w2 int64, prevailing bool) [][]int32 {
	out := make([][]int32, n)
	special := w1 == 0 && w2 == 0 && !prevailing
	var prev map[int32]int64 // special window: previous left time per group
	if special {
		prev = map[int32]int64{}
	}
	for i := range n {
		ts, rows := ix.group(i)
		if ts == nil {
			continue
		}
		t := ix.ltimes[i]
		var lo, hi int
		switch {
		case special:
			g := ix.groupOf[i]
			if t0, ok := prev[g]; ok {
				lo = lower(ts, t0)
			}
			hi = lower(ts, t)
			prev[g] = t
		case prevailing:
			lo = max(upper(ts, t+w1)-1, 0)
			hi = upper(ts, t+w2)
		default:
			lo, hi = lower(ts, t+w1), upper(ts, t+w2)
		}
		if lo < hi {
			out[i] = rows[lo:hi]
		}
	}
	return out
}

// windowColumn evaluates one aggregate over every window: a scalar per
// window makes a column, a vector per window (a plain column such as bid)
// an array vector.
func windowColumn(ev Evaluator, rf *frame, e ast.Expr, windows [][]int32) (*value.Vector, error) {
	if col, ok := fastWindowAgg(rf, e, windows); ok {
		return col, nil
	}
	vals := make([]value.Value, len(windows))
	sel := make([]int, 0, 16)
	anyVector := false
	for i, rows := range windows {
		// The window's frame only lives for this evaluation, and what it
		// returns is gathered, so one selection buffer serves every row.
		sel = sel[:0]
		for _, j := range rows {
			sel = append(sel, int(j))
		}
		v, err := ev.EvalIn(e, rf.withSel(sel).lookup)
		if err != nil {
			return nil, err
		}
		if v == nil {
			v = value.Double(value.NullDouble)
		}
		if v.Form() == value.VECTOR {
			anyVector = true
		} else if v.Form() != value.SCALAR {
			return nil, fmt.Errorf("The aggregate %s must return a scalar or a vector per window", ast.Print(e))
		}
		vals[i] = v
	}
	if !anyVector {
		return toVector(vals)
	}
	var inner *value.Vector
	offs := make([]int32, 1, len(vals)+1)
	for _, v := range vals {
		x, ok := v.(*value.Vector)
		if !ok {
			return nil, fmt.Errorf("The aggregate %s must return a vector for every window", ast.Print(e))
		}
		if inner == nil {
			inner = x.Slice(0, x.Len())
		} else if err := inner.AppendVector(x); err != nil {
			return nil, err
		}
		offs = append(offs, int32(inner.Len()))
	}
	return value.NewArrayVector(offs, inner), nil
}

// windowBounds reads the window w1:w2: integers in the unit of the time
// column, or durations (-5s:0s) converted to it.
func windowBounds(w value.Value, t value.Type) (int64, int64, error) {
	p, ok := w.(*value.Pair)
	if !ok {
		return 0, 0, fmt.Errorf("The window must be a pair w1:w2 of integers or durations")
	}
	var out [2]int64
	for i, x := range []value.Value{p.First(), p.Second()} {
		if d, ok := x.(value.Duration); ok {
			n, err := durationTicks(d, t)
			if err != nil {
				return 0, 0, err
			}
			out[i] = n
			continue
		}
		if classOf(x.Type()) != keyInt || x.Type().IsTemporal() || value.IsNull(x) {
			return 0, 0, fmt.Errorf("The window must be a pair w1:w2 of integers or durations")
		}
		out[i], _ = value.ToInt64(x)
	}
	return out[0], out[1], nil
}

// nanos per unit of a duration, and per tick of a temporal column.
var durationNanos = map[string]int64{
	"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "H": 3600e9, "d": 86400e9, "w": 7 * 86400e9,
}

var tickNanos = map[value.Type]int64{
	value.NANOTIME: 1, value.NANOTIMESTAMP: 1, value.TIME: 1e6, value.TIMESTAMP: 1e6,
	value.SECOND: 1e9, value.DATETIME: 1e9, value.MINUTE: 60e9, value.DATEHOUR: 3600e9, value.DATE: 86400e9,
}

// durationTicks converts a duration to ticks of a column type.
func durationTicks(d value.Duration, t value.Type) (int64, error) {
	if t == value.MONTH {
		switch d.Unit {
		case "M":
			return d.N, nil
		case "y":
			return 12 * d.N, nil
		}
		return 0, fmt.Errorf("The window of a MONTH column must be in months or years, not %d%s", d.N, d.Unit)
	}
	tick, ok := tickNanos[t]
	if !ok {
		return 0, fmt.Errorf("A duration window needs a temporal matching column, not %s", t)
	}
	unit, ok := durationNanos[d.Unit]
	if !ok {
		return 0, fmt.Errorf("The duration unit %s can't be used with a %s column", d.Unit, t)
	}
	if (d.N*unit)%tick != 0 {
		return 0, fmt.Errorf("The window %d%s is finer than the unit of the %s column", d.N, d.Unit, t)
	}
	return d.N * unit / tick, nil
}
