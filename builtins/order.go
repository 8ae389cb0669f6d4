// This file declares ordering and sequence functions: sort sort! isort
// isort! rank denseRank distinct prev next move deltas ratios
// percentChange isSorted isDuplicated segment valueChanged topRange
// lowRange sortBy!. Orderings work on ordKeys (three comparable
// representations, nulls first) and results are built by Gather, so every
// type is handled by one code path.

package builtins

import (
	"fmt"
	"math"
	"slices"

	"github.com/porpoisedb/porpoise/vm/value"
)

var orderFuncs = []*Func{
	{Name: "sort", Params: []string{"X", "[ascending]"}, Kind: Vector, Doc: "Sorted copy; nulls first ascending.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return sortImpl(a, false) }},
	{Name: "sort!", Params: []string{"obj", "[ascending]"}, Kind: Vector, Doc: "Sorts in place.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return sortImpl(a, true) }},
	{Name: "isort", Params: []string{"X...", "[ascending]"}, MinArgs: 1, MaxArgs: -1, Kind: Vector, Doc: "Index permutation that sorts X (several vectors: lexicographic).", Impl: isortImpl},
	{Name: "isort!", Params: []string{"X", "[ascending]", "[indices]"}, Kind: Vector, Doc: "Reorders indices in place by the order that sorts X.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		p, err := isortImpl(env, a[:min(len(a), 2)])
		if err != nil || len(a) < 3 || a[2] == nil {
			return p, err
		}
		y, err := vecArg("isort!", a[2])
		if err != nil {
			return nil, err
		}
		idx := make([]int, p.(*value.Vector).Len())
		for i, x := range p.(*value.Vector).Ints()[:len(idx)] {
			idx[i] = int(x)
		}
		return y, overwrite(y, y.Gather(idx))
	}},
	{Name: "rank", Params: []string{"X", "[ascending]", "[groupNum]", "[ignoreNA]", "[tiesMethod]", "[percent]", "[precision]"}, Kind: Vector, Doc: "0-based rank.", Impl: rankImpl(false)},
	{Name: "denseRank", Params: []string{"X", "[ascending]", "[ignoreNA]", "[percent]"}, Kind: Vector, Doc: "0-based dense rank.", Impl: rankImpl(true)},
	{Name: "distinct", Params: []string{"X"}, Kind: Vector, Doc: "Distinct elements in order of first appearance.", Impl: fn1(distinct)},
	{Name: "prev", Params: []string{"X"}, Kind: Vector, Doc: "Shifts right by one; the first element is null.", Impl: fn1(func(x value.Value) (value.Value, error) { return moveBy(x, 1) })},
	{Name: "next", Params: []string{"X"}, Kind: Vector, Doc: "Shifts left by one; the last element is null.", Impl: fn1(func(x value.Value) (value.Value, error) { return moveBy(x, -1) })},
	{Name: "move", Params: []string{"X", "steps"}, Kind: Vector, Doc: "Shifts by steps (positive: right).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		k, err := argInt("move", a[1])
		if err != nil {
			return nil, err
		}
		return moveBy(a[0], int(k))
	}},
	{Name: "deltas", Params: []string{"X", "[n]"}, Kind: Vector, Doc: "X - move(X, n).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		n, err := intArg("deltas(X, [n])", a, 1, 1)
		if err != nil {
			return nil, err
		}
		p, err := moveBy(a[0], int(n))
		if err != nil {
			return nil, err
		}
		return arith(opSub, a[0], p)
	}},
	{Name: "ratios", Params: []string{"X"}, Kind: Vector, Doc: "X / prev(X) as DOUBLE.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		p, err := moveBy(a[0], 1)
		if err != nil {
			return nil, err
		}
		return arith(opRatio, a[0], p)
	}},
	{Name: "percentChange", Params: []string{"X", "[n]"}, Kind: Vector, Doc: "X / move(X, n) - 1.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		n, err := intArg("percentChange(X, [n])", a, 1, 1)
		if err != nil {
			return nil, err
		}
		p, err := moveBy(a[0], int(n))
		if err != nil {
			return nil, err
		}
		r, err := arith(opRatio, a[0], p)
		if err != nil {
			return nil, err
		}
		return arith(opSub, r, value.Double(1))
	}},
	{Name: "isSorted", Params: []string{"X", "[ascending]"}, Kind: Aggregate, Doc: "Whether X is sorted.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("isSorted", a[0])
		if err != nil {
			return nil, err
		}
		asc := len(a) < 2 || argBool(a[1], true)
		k := keysOfVec(v)
		for i := 1; i < k.len(); i++ {
			if asc && k.less(i, i-1) || !asc && k.less(i-1, i) {
				return value.Bool(0), nil
			}
		}
		return value.Bool(1), nil
	}},
	{Name: "isDuplicated", Params: []string{"X", "[keep]"}, Kind: Vector, Doc: "Marks duplicates (keep=FIRST marks all but the first; LAST all but the last; NONE all).", Impl: isDupImpl},
	{Name: "segment", Params: []string{"X", "[segmentByNull]"}, Kind: Vector, Doc: "Group ids of runs of equal consecutive values.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("segment", a[0])
		if err != nil {
			return nil, err
		}
		byStart := len(a) < 2 || argBool(a[1], true)
		k := keysOfVec(v)
		out := make([]int, k.len())
		for i := 1; i < len(out); i++ {
			out[i] = out[i-1]
			if !k.eq(i, i-1) {
				if byStart {
					out[i] = i
				} else {
					out[i]++
				}
			}
		}
		return idxVec(out), nil
	}},
	{Name: "valueChanged", Params: []string{"X", "[mode]"}, Kind: Vector, Doc: "Whether each element differs from its neighbour (mode prev|next|either|both).", Impl: valueChangedImpl},
	{Name: "topRange", Params: []string{"X"}, Kind: Vector, Doc: "For each element, how many consecutive preceding elements it exceeds.", Impl: rangeImpl(true)},
	{Name: "lowRange", Params: []string{"X"}, Kind: Vector, Doc: "For each element, how many consecutive preceding elements it is below.", Impl: rangeImpl(false)},
}

func registerOrder(r *Registry) { r.Register(orderFuncs...) }

// sortIndex returns the stable permutation sorting v.
func sortIndex(v *value.Vector, asc bool) []int {
	k := keysOfVec(v)
	idx := make([]int, k.len())
	for i := range idx {
		idx[i] = i
	}
	switch {
	case k.f != nil:
		sortIdxBy(idx, k.f, asc)
	case k.i != nil:
		sortIdxBy(idx, k.i, asc)
	default:
		sortIdxBy(idx, k.s, asc)
	}
	return idx
}

func sortIdxBy[C ordered](idx []int, s []C, asc bool) {
	if asc {
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case s[a] < s[b]:
				return -1
			case s[a] > s[b]:
				return 1
			}
			return 0
		})
		return
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case s[a] > s[b]:
			return -1
		case s[a] < s[b]:
			return 1
		}
		return 0
	})
}

func sortImpl(a []value.Value, inPlace bool) (value.Value, error) {
	asc := len(a) < 2 || argBool(a[1], true)
	if t, ok := a[0].(*value.Table); ok && inPlace {
		_ = t
		return nil, fmt.Errorf("Usage: sort!(X, [ascending]). X must be a vector. Use sortBy! for tables.")
	}
	if m, ok := a[0].(*value.Matrix); ok {
		return perColumn(m, func(v *value.Vector) (value.Value, error) { return v.Gather(sortIndex(v, asc)), nil })
	}
	v, err := vecArg("sort", a[0])
	if err != nil {
		return nil, err
	}
	r := v.Gather(sortIndex(v, asc))
	if inPlace {
		if err := overwrite(v, r); err != nil {
			return nil, err
		}
		return v, nil
	}
	return r, nil
}

// overwrite replaces v's elements with r's (same length and type).
func overwrite(v, r *value.Vector) error {
	v.Truncate(0)
	return v.AppendVector(r)
}

func isortImpl(_ value.Env, a []value.Value) (value.Value, error) {
	asc := true
	vs := a
	if len(a) >= 2 && a[len(a)-1] != nil && a[len(a)-1].Form() == value.SCALAR {
		asc = argBool(a[len(a)-1], true)
		vs = a[:len(a)-1]
	}
	if len(vs) == 1 {
		if t, ok := vs[0].(*value.Vector); ok && t.Type() == value.ANY {
			vs = t.Elems()
		}
	}
	if len(vs) == 1 {
		v, err := vecArg("isort", vs[0])
		if err != nil {
			return nil, err
		}
		return idxVec(sortIndex(v, asc)), nil
	}
	idx, err := multiSort(vs, []bool{asc})
	if err != nil {
		return nil, err
	}
	return idxVec(idx), nil
}

// multiSort returns the permutation sorting by several columns; asc has one
// flag or one per column.
func multiSort(cols []value.Value, asc []bool) ([]int, error) {
	ks := make([]ordKeys, len(cols))
	n := -1
	for i, c := range cols {
		v, err := vecArg("isort", c)
		if err != nil {
			return nil, err
		}
		if n >= 0 && v.Len() != n {
			return nil, sizeMismatch(n, v.Len())
		}
		n = v.Len()
		ks[i] = keysOfVec(v)
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		for c, k := range ks {
			up := asc[min(c, len(asc)-1)]
			if k.less(x, y) {
				if up {
					return -1
				}
				return 1
			}
			if k.less(y, x) {
				if up {
					return 1
				}
				return -1
			}
		}
		return 0
	})
	return idx, nil
}

func rankImpl(dense bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		if len(a) > 1 && a[1] != nil && (isLiteral(a[1].Type()) || a[1].Form() != value.SCALAR) {
			return nil, fmt.Errorf("Usage: rank(X, [ascending=true], [groupNum], [ignoreNA=true], [tiesMethod='min'], [percent=false]). ascending must be a boolean scalar.")
		}
		asc := len(a) < 2 || argBool(a[1], true)
		groupNum, ignoreNA, ties, percent := int64(0), true, "min", false
		if dense {
			ignoreNA = len(a) < 3 || argBool(a[2], true)
			percent = len(a) > 3 && argBool(a[3], false)
		} else {
			var err error
			if groupNum, err = intArg("rank(X, [ascending=true], [groupNum], [ignoreNA=true], [tiesMethod='min'], [percent=false])", a, 2, 0); err != nil {
				return nil, err
			}
			ignoreNA = len(a) < 4 || argBool(a[3], true)
			ties = strArg(a, 4, "min")
			percent = len(a) > 5 && argBool(a[5], false)
		}
		x := a[0]
		if d, ok := x.(*value.Dict); ok {
			x = d.Values()
		}
		prec := int64(-1)
		if !dense && len(a) > 6 && a[6] != nil {
			var err error
			if prec, err = intArg("rank(X, [ascending=true], [groupNum], [ignoreNA=true], [tiesMethod='min'], [percent=false], [precision])", a, 6, 0); err != nil {
				return nil, err
			}
			if prec < 1 || prec > 15 {
				return nil, fmt.Errorf("Usage: rank(X, [ascending=true], [groupNum], [ignoreNA=true], [tiesMethod='min'], [percent=false], [precision]). precision must be an integer in [1, 15].")
			}
		}
		return perColumn(x, func(v *value.Vector) (value.Value, error) {
			if prec > 0 && (v.Type() == value.DOUBLE || v.Type() == value.FLOAT) {
				// Values equal to precision decimal places tie.
				xs, err := f64s("rank", v)
				if err != nil {
					return nil, err
				}
				out, res := newDoubles(len(xs))
				p := math.Pow(10, float64(prec))
				for i, x := range xs {
					res[i] = x
					if x != nullF {
						res[i] = math.Round(x*p) / p
					}
				}
				v = out
			}
			return rankVec(v, asc, int(groupNum), ignoreNA, ties, percent, dense), nil
		})
	}
}

func rankVec(v *value.Vector, asc bool, groupNum int, ignoreNA bool, ties string, percent, dense bool) value.Value {
	k := keysOfVec(v)
	n := k.len()
	idx := sortIndex(v, asc)
	ranks := make([]float64, n)
	valid := 0
	for i := range n {
		if !k.isNullAt(i) {
			valid++
		}
	}
	if !ignoreNA {
		valid = n
	}
	// Nulls sort first ascending, last descending; skip them when ignored.
	pos := 0
	dr := 0
	for i := 0; i < n; {
		j := i
		for j+1 < n && k.eq(idx[j+1], idx[i]) {
			j++
		}
		null := k.isNullAt(idx[i])
		for q := i; q <= j; q++ {
			var r float64
			switch {
			case dense:
				r = float64(dr)
			case ties == "max":
				r = float64(pos + j - i)
			case ties == "first":
				r = float64(pos + q - i)
			case ties == "average":
				r = float64(pos) + float64(j-i)/2
			default:
				r = float64(pos)
			}
			if null && ignoreNA {
				r = nullF
			}
			ranks[idx[q]] = r
		}
		if !(null && ignoreNA) {
			pos += j - i + 1
			dr++
		}
		i = j + 1
	}
	if groupNum > 0 {
		q, rem := valid/groupNum, valid%groupNum
		for i, r := range ranks {
			if r == nullF {
				continue
			}
			ri := int(r)
			if q == 0 {
				ranks[i] = r
			} else if ri < rem*(q+1) {
				ranks[i] = float64(ri / (q + 1))
			} else {
				ranks[i] = float64(rem + (ri-rem*(q+1))/q)
			}
		}
	}
	out := doublesVec(ranks)
	if percent {
		div := float64(valid)
		if dense {
			div = float64(dr)
		}
		for i, r := range ranks {
			if r != nullF {
				out.Doubles()[i] = (r + 1) / div
			}
		}
		return out
	}
	if ties == "average" && !dense {
		return out
	}
	return fromF64(out, value.INT)
}

func distinct(x value.Value) (value.Value, error) {
	if t, ok := x.(*value.Table); ok {
		return distinctRows(t), nil
	}
	v, err := vecArg("distinct", x)
	if err != nil {
		return nil, err
	}
	return v.Gather(firstOccurrences(keysOfVec(v))), nil
}

func firstOccurrences(k ordKeys) []int {
	seen := map[any]struct{}{}
	var idx []int
	for i := range k.len() {
		h := k.hashKey(i)
		if _, dup := seen[h]; !dup {
			seen[h] = struct{}{}
			idx = append(idx, i)
		}
	}
	return idx
}

// rowKeys returns one string key per table row.
func rowKeys(t *value.Table) []string {
	keys := make([]string, t.Rows())
	for _, c := range t.Columns() {
		k := keysOfVec(c)
		for i := range keys {
			keys[i] += fmt.Sprint(k.hashKey(i)) + "\x00"
		}
	}
	return keys
}

func distinctRows(t *value.Table) *value.Table {
	return t.Gather(firstOccurrences(ordKeys{s: rowKeys(t)}))
}

// moveBy shifts X by k positions (k > 0: right, nulls fill the gap).
func moveBy(x value.Value, k int) (value.Value, error) {
	if x.Form() == value.SCALAR {
		if k == 0 {
			return x, nil
		}
		return value.NullOf(x.Type()), nil
	}
	return perColumn(x, func(v *value.Vector) (value.Value, error) {
		idx := make([]int, v.Len())
		for i := range idx {
			j := i - k
			if j < 0 || j >= len(idx) {
				j = -1
			}
			idx[i] = j
		}
		return v.Gather(idx), nil
	})
}

func isDupImpl(_ value.Env, a []value.Value) (value.Value, error) {
	keep := "FIRST"
	if len(a) > 1 && a[1] != nil {
		keep = a[1].String()
		if n, ok := value.ToInt64(a[1]); ok && isIntegral(a[1].Type()) {
			keep = []string{"FIRST", "LAST", "NONE"}[min(max(n, 0), 2)]
		}
	}
	k, ok, err := tupleKeys("isDuplicated", a[0])
	if err != nil {
		return nil, err
	}
	if !ok {
		v, err := vecArg("isDuplicated", a[0])
		if err != nil {
			return nil, err
		}
		k = keysOfVec(v)
	}
	counts := map[any]int{}
	for i := range k.len() {
		counts[k.hashKey(i)]++
	}
	out := make([]int8, k.len())
	seen := map[any]int{}
	for i := range out {
		h := k.hashKey(i)
		seen[h]++
		switch keep {
		case "LAST":
			out[i] = b2i(seen[h] < counts[h])
		case "NONE":
			out[i] = b2i(counts[h] > 1)
		default:
			out[i] = b2i(seen[h] > 1)
		}
	}
	return boolVec(out), nil
}

func valueChangedImpl(_ value.Env, a []value.Value) (value.Value, error) {
	mode := strArg(a, 1, "prev")
	return perColumn(a[0], func(v *value.Vector) (value.Value, error) { return valueChanged(v, mode), nil })
}

func valueChanged(v *value.Vector, mode string) value.Value {
	k := keysOfVec(v)
	n := k.len()
	out := make([]int8, n)
	for i := range out {
		p := i > 0 && !k.eq(i, i-1)
		q := i < n-1 && !k.eq(i, i+1)
		switch mode {
		case "next":
			out[i] = b2i(q)
		case "either":
			out[i] = b2i(p || q)
		case "both":
			out[i] = b2i(p && q)
		default:
			out[i] = b2i(p)
		}
	}
	return boolVec(out)
}

func rangeImpl(top bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		return perColumn(a[0], func(v *value.Vector) (value.Value, error) { return streakVec(v, top), nil })
	}
}

func streakVec(v *value.Vector, top bool) value.Value {
	{
		k := keysOfVec(v)
		out := make([]int, k.len())
		for i := range out {
			c := 0
			for j := i - 1; j >= 0; j-- {
				if top && !k.less(j, i) || !top && !k.less(i, j) || k.isNullAt(j) {
					break
				}
				c++
			}
			out[i] = c
		}
		return idxVec(out)
	}
}
