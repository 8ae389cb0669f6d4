// This file implements the asof join aj and the window joins wj and pwj.
// Right rows are grouped by the equality keys (all matching columns but
// the last); within a group rows are in time order, and each left row
// binary-searches its time.

package sql

import (
	"fmt"
	"slices"
	"sort"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// timeGroups indexes the right rows by equality keys, each group sorted
// by time; groupOf gives each left row its group (-1 none).
type timeGroups struct {
	rows    [][]int // right rows per group, by time
	times   [][]int64
	groupOf []int32
	ltimes  []int64
	lnull   []bool
}

func asofIndex(l, r *value.Table, lk, rk []string) (*timeGroups, error) {
	n := len(lk)
	lt, rt := l.Col(lk[n-1]), r.Col(rk[n-1])
	lts, lnull, err := timeValues(lt)
	if err != nil {
		return nil, err
	}
	rts, rnull, err := timeValues(rt)
	if err != nil {
		return nil, err
	}
	tg := &timeGroups{ltimes: lts, lnull: lnull}
	var lc, rc []int32
	card := 1
	if n > 1 {
		lc, rc, card = joinCodes(keyCols(l, lk[:n-1]), keyCols(r, rk[:n-1]))
	} else {
		lc, rc = make([]int32, l.Rows()), make([]int32, r.Rows())
	}
	tg.rows = make([][]int, card)
	for j, c := range rc {
		if c >= 0 && !rnull[j] {
			tg.rows[c] = append(tg.rows[c], j)
		}
	}
	tg.times = make([][]int64, card)
	for c, rows := range tg.rows {
		slices.SortStableFunc(rows, func(a, b int) int { return compareInt(rts[a], rts[b]) })
		ts := make([]int64, len(rows))
		for i, j := range rows {
			ts[i] = rts[j]
		}
		tg.times[c] = ts
	}
	tg.groupOf = lc
	return tg, nil
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// timeValues reads an ordered column as int64 with a null mask.
func timeValues(v *value.Vector) ([]int64, []bool, error) {
	n := v.Len()
	out, null := make([]int64, n), make([]bool, n)
	for i := range n {
		if v.IsNullAt(i) {
			null[i] = true
			continue
		}
		x, ok := value.ToInt64(v.Get(i))
		if !ok {
			return nil, nil, fmt.Errorf("The last matching column must be temporal or integral")
		}
		out[i] = x
	}
	return out, null, nil
}

// lastAtOrBefore returns the last right row of group c with time <= t.
func (tg *timeGroups) lastAtOrBefore(c int32, t int64) int {
	ts := tg.times[c]
	k := sort.Search(len(ts), func(i int) bool { return ts[i] > t })
	if k == 0 {
		return -1
	}
	return tg.rows[c][k-1]
}

func ajTables(a []value.Value, names []string) (value.Value, error) {
	l, r, lk, rk, err := joinArgs(a)
	if err != nil {
		return nil, err
	}
	tg, err := asofIndex(l, r, lk, rk)
	if err != nil {
		return nil, err
	}
	li, ri := seqIdx(l.Rows()), make([]int, l.Rows())
	for i := range li {
		ri[i] = -1
		if c := tg.groupOf[i]; c >= 0 && !tg.lnull[i] {
			ri[i] = tg.lastAtOrBefore(c, tg.ltimes[i])
		}
	}
	// The right time column stays (renamed on a clash); the other
	// matching columns are the left's.
	f := joined(side{t: l, name: argName2(names, 0)}, side{t: r, name: argName2(names, 1)}, li, ri, lk, rk[:len(rk)-1], false)
	return f.table()
}

func ajImpl(_ value.Env, a []value.Value) (value.Value, error) { return ajTables(a, nil) }

func ajNamed(_ value.Env, a []value.Value, names []string) (value.Value, error) {
	return ajTables(a, names)
}

// wjImpl is wj / pwj(leftTable, rightTable, window, aggs, matchingCols,
// [rightMatchingCols]): for each left row at time t, aggs over the right
// rows of its group with time in [t+w1, t+w2]; pwj also takes the last
// row before the window when none sits at its start.
func wjImpl(prevailing bool) func(value.Env, []value.Value) (value.Value, error) {
	return func(env value.Env, a []value.Value) (value.Value, error) {
		ev, err := evaluator(env)
		if err != nil {
			return nil, err
		}
		l, r, lk, rk, err := joinArgs([]value.Value{a[0], a[1], a[4], argOrNil(a, 5)})
		if err != nil {
			return nil, err
		}
		w, ok := a[2].(*value.Pair)
		if !ok {
			return nil, fmt.Errorf("wj: the window must be a pair w1:w2")
		}
		w1, ok1 := value.ToInt64(w.First())
		w2, ok2 := value.ToInt64(w.Second())
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("wj: the window bounds must be integers")
		}
		aggs, err := codeList(a[3])
		if err != nil {
			return nil, err
		}
		tg, err := asofIndex(l, r, lk, rk)
		if err != nil {
			return nil, err
		}
		rf := newFrame(r, "")
		vals := make([][]value.Value, len(aggs))
		for i := range l.Rows() {
			var rows []int
			if c := tg.groupOf[i]; c >= 0 && !tg.lnull[i] {
				ts := tg.times[c]
				lo := sort.Search(len(ts), func(k int) bool { return ts[k] >= tg.ltimes[i]+w1 })
				hi := sort.Search(len(ts), func(k int) bool { return ts[k] > tg.ltimes[i]+w2 })
				if prevailing && lo > 0 && (lo == len(ts) || ts[lo] != tg.ltimes[i]+w1) {
					lo--
				}
				rows = tg.rows[c][lo:hi]
			}
			sub := rf.withSel(rows)
			for k, e := range aggs {
				if al, ok := e.(*ast.AliasedExpr); ok {
					e = al.X
				}
				v, err := ev.EvalIn(e, sub.lookup)
				if err != nil {
					return nil, err
				}
				if v == nil || v.Form() != value.SCALAR {
					v = value.Double(value.NullDouble)
				}
				vals[k] = append(vals[k], v)
			}
		}
		out := l.Clone()
		for k, e := range aggs {
			col, err := toVector(vals[k])
			if err != nil {
				return nil, err
			}
			name := exprName(e)
			if al, ok := e.(*ast.AliasedExpr); ok {
				name = al.Alias
			}
			if out.ColIndex(name) >= 0 {
				name = uniqueNames(append(append([]string(nil), out.Names()...), name))[out.NumCols()]
			}
			if err := out.AddColumn(name, col); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
}

func argOrNil(a []value.Value, i int) value.Value {
	if i < len(a) {
		return a[i]
	}
	return nil
}
