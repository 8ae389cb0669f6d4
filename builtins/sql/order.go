// This file sorts rows (order by, csort), takes top/limit ranges and
// removes duplicate rows (distinct).

package sql

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// comparer compares elements i and j of one vector; nulls sort first.
func comparer(v *value.Vector) func(i, j int) int {
	switch v.Type() {
	case value.DOUBLE:
		xs := v.Doubles()
		return func(i, j int) int { return cmp.Compare(xs[i], xs[j]) }
	case value.FLOAT:
		xs := v.Floats()
		return func(i, j int) int { return cmp.Compare(xs[i], xs[j]) }
	case value.STRING, value.BLOB:
		xs := v.Strings()
		return func(i, j int) int { return strings.Compare(xs[i], xs[j]) }
	case value.SYMBOL:
		xs, syms := v.Ints(), v.Symbols().Syms
		return func(i, j int) int { return strings.Compare(syms[xs[i]], syms[xs[j]]) }
	case value.BOOL, value.CHAR:
		xs := v.Int8s()
		return func(i, j int) int { return cmp.Compare(xs[i], xs[j]) }
	case value.SHORT:
		xs := v.Shorts()
		return func(i, j int) int { return cmp.Compare(xs[i], xs[j]) }
	}
	switch {
	case v.Type().Width() == 4 && v.Type() != value.SYMBOL:
		xs := v.Ints()
		return func(i, j int) int { return cmp.Compare(xs[i], xs[j]) }
	case v.Type().Width() == 8:
		xs := v.Longs()
		return func(i, j int) int { return cmp.Compare(xs[i], xs[j]) }
	}
	return func(i, j int) int { return strings.Compare(v.Get(i).String(), v.Get(j).String()) }
}

// sortRows returns the indices of idx (rows of the vectors) stably sorted
// by the keys; nulls sort as the smallest value.
func sortRows(idx []int, keys []*value.Vector, desc []bool) []int {
	return sortRowsNulls(idx, keys, desc, nil)
}

// sortRowsNulls is sortRows where nulls[k] places the nulls of key k:
// 0 as the smallest value (first ascending, last descending), 1 first
// and -1 last whatever the direction (order by ... nulls first|last).
func sortRowsNulls(idx []int, keys []*value.Vector, desc []bool, nulls []int8) []int {
	cmps := make([]func(i, j int) int, len(keys))
	for k, v := range keys {
		cmps[k] = comparer(v)
	}
	out := slices.Clone(idx)
	slices.SortStableFunc(out, func(a, b int) int {
		for k, c := range cmps {
			if k < len(nulls) && nulls[k] != 0 {
				na, nb := keys[k].IsNullAt(a), keys[k].IsNullAt(b)
				switch {
				case na && nb:
					continue
				case na:
					return -int(nulls[k])
				case nb:
					return int(nulls[k])
				}
			}
			if r := c(a, b); r != 0 {
				if desc[k] {
					return -r
				}
				return r
			}
		}
		return 0
	})
	return out
}

func seqIdx(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// orderTable sorts t by the order-by items, evaluated with t's columns
// (then extra's) bound.
func orderTable(ev Evaluator, t *value.Table, items []*ast.OrderItem, extra func(string) (value.Value, bool)) (*value.Table, error) {
	if len(items) == 0 || t.Rows() <= 1 {
		return t, nil
	}
	keys, desc, nulls, err := orderKeys(ev, items, t.Rows(), func(name string) (value.Value, bool) {
		if c := t.Col(name); c != nil {
			return c, true
		}
		if extra != nil {
			return extra(name)
		}
		return nil, false
	})
	if err != nil {
		return nil, err
	}
	return t.Gather(sortRowsNulls(seqIdx(t.Rows()), keys, desc, nulls)), nil
}

func orderKeys(ev Evaluator, items []*ast.OrderItem, n int, lookup func(string) (value.Value, bool)) ([]*value.Vector, []bool, []int8, error) {
	var keys []*value.Vector
	var desc []bool
	var nulls []int8
	for _, o := range items {
		v, err := ev.EvalIn(o.Expr, lookup)
		if err != nil {
			return nil, nil, nil, err
		}
		vec, ok := v.(*value.Vector)
		if !ok || vec.Len() != n {
			continue // a constant does not order
		}
		keys = append(keys, vec)
		desc = append(desc, o.Desc)
		nulls = append(nulls, o.NullsFirst)
	}
	return keys, desc, nulls, nil
}

// rowRange evaluates top/limit into [lo, hi) over n rows.
func rowRange(ev Evaluator, q *ast.SelectExpr, n int) (int, int, bool, error) {
	if q.Top == nil && q.Limit == nil {
		return 0, n, false, nil
	}
	lo, hi := 0, n
	if q.Top != nil {
		if b, ok := unparen(q.Top).(*ast.BinaryExpr); ok && b.Op == ":" {
			a, err := evalInt(ev, b.X)
			if err != nil {
				return 0, 0, false, err
			}
			z, err := evalInt(ev, b.Y)
			if err != nil {
				return 0, 0, false, err
			}
			lo, hi = a, z
		} else {
			k, err := evalInt(ev, q.Top)
			if err != nil {
				return 0, 0, false, err
			}
			hi = k
		}
	} else {
		k, err := evalInt(ev, q.Limit)
		if err != nil {
			return 0, 0, false, err
		}
		if q.Offset != nil {
			off, err := evalInt(ev, q.Offset)
			if err != nil {
				return 0, 0, false, err
			}
			lo, hi = off, off+k
		} else if k < 0 {
			lo, hi = n+k, n
		} else {
			hi = k
		}
	}
	lo, hi = max(0, min(lo, n)), max(0, min(hi, n))
	if hi < lo {
		hi = lo
	}
	return lo, hi, true, nil
}

func evalInt(ev Evaluator, e ast.Expr) (int, error) {
	v, err := ev.EvalIn(e, nil)
	if err != nil {
		return 0, err
	}
	x, ok := value.ToInt64(v)
	if !ok || v.Form() != value.SCALAR {
		return 0, fmt.Errorf("top/limit must be an integer")
	}
	return int(x), nil
}

// distinctRows keeps the first of each set of equal rows.
func distinctRows(t *value.Table) *value.Table {
	if t.Rows() <= 1 {
		return t
	}
	g := newGrouping(vecKeys(t.Columns()), t.Rows())
	g.firstSeen()
	idx := make([]int, len(g.slots))
	for i, s := range g.slots {
		idx[i] = int(g.first[s])
	}
	return t.Gather(idx)
}

// firstSeen orders the present slots by their first row.
func (g *grouping) firstSeen() {
	slices.SortFunc(g.slots, func(a, b int32) int { return cmp.Compare(g.first[a], g.first[b]) })
}
