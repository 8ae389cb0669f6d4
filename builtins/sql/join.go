// This file implements the equi joins (ej, sej, lj, lsj, fj), the cross
// join cj, and the shape of every join result. A join yields row index
// pairs (-1 for a missing side) from the key codes of join_keys.go, and
// the result gathers columns by them, as DolphinDB lays them out:
//
//   - ej, lj, lsj (inner, left, left semi join): the left columns, then
//     the right non-key columns; the right key columns are kept hidden, so
//     that t2.id still names them in a query but select * leaves them out;
//   - fj (full join): the left columns, then every right column, the right
//     key columns included (the manual prints id, value, t2_id, qty);
//   - right join: the left non-key columns, then every right column; the
//     left key columns are hidden but come first, so that a bare id is the
//     left table's (the manual prints it null on unmatched rows);
//   - cj: the left columns, then the right columns.
//
// A right column whose name clashes with a shown column is renamed
// <right table name>_<name> (t2_x), the alias when the table has one.

package sql

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

type joinKind uint8

const (
	joinInner joinKind = iota
	joinLeft
	joinLeftSemi
	joinFull
	joinRight
	joinCross
)

// joinSide is one input of a join: a frame over all its rows and the name
// its clashing columns are prefixed with (the variable name or alias).
type joinSide struct {
	f    *frame
	name string
}

func tableSide(t *value.Table, name string) joinSide {
	return joinSide{f: newFrame(t, name), name: name}
}

func (s joinSide) rows() int { return s.f.n }

// prefix is what a clashing column of this side is prefixed with; a side
// without a name (an expression) uses "right".
func (s joinSide) prefix(j int) string {
	if s.name != "" {
		return s.name
	}
	if q := s.f.quals[j]; q != "" {
		return q
	}
	return "right"
}

func (s joinSide) isHidden(j int) bool { return s.f.hidden != nil && s.f.hidden[j] }

// keyVectors returns the key columns of a side.
func (s joinSide) keyVectors(idx []int) []*value.Vector {
	out := make([]*value.Vector, len(idx))
	for i, j := range idx {
		out[i] = s.f.cols[j]
	}
	return out
}

// joinSpec is a join to run: its kind, the key column indices of both
// sides, and the rows allowed to match (nil: every row); a row a filter
// excludes is unmatched, so an outer join still returns it.
type joinSpec struct {
	kind         joinKind
	lk, rk       []int
	lmask, rmask []bool
}

// run returns the result frame of the join.
func (js *joinSpec) run(l, r joinSide) (*frame, error) {
	if js.kind == joinCross {
		li, ri := crossPairs(l.rows(), r.rows())
		return joinResult(js, l, r, li, ri), nil
	}
	lkv, rkv := l.keyVectors(js.lk), r.keyVectors(js.rk)
	for k := range lkv {
		if err := checkKeyTypes(l.f.names[js.lk[k]], r.f.names[js.rk[k]], lkv[k], rkv[k]); err != nil {
			return nil, err
		}
	}
	lc, rc, card := joinCodes(lkv, rkv)
	applyMask(lc, js.lmask)
	applyMask(rc, js.rmask)
	var li, ri []int
	if js.kind == joinRight {
		ri, li = equiPairs(joinLeft, rc, lc, card)
	} else {
		li, ri = equiPairs(js.kind, lc, rc, card)
	}
	return joinResult(js, l, r, li, ri), nil
}

func applyMask(codes []int32, mask []bool) {
	if mask == nil {
		return
	}
	for i, ok := range mask {
		if !ok {
			codes[i] = -1
		}
	}
}

// equiPairs returns the matching row pairs: left rows in order, each with
// its matching right rows in right order (lsj: the first only); an outer
// join adds unmatched left rows in place (ri -1) and fj the unmatched
// right rows at the end (li -1).
func equiPairs(kind joinKind, lc, rc []int32, card int) (li, ri []int) {
	head := make([]int32, card)
	for i := range head {
		head[i] = -1
	}
	next := make([]int32, len(rc))
	for j := len(rc) - 1; j >= 0; j-- {
		if c := rc[j]; c >= 0 {
			next[j] = head[c]
			head[c] = int32(j)
		}
	}
	size := len(lc)
	if kind == joinInner {
		size = 0
		for _, c := range lc {
			if c >= 0 {
				for j := head[c]; j >= 0; j = next[j] {
					size++
				}
			}
		}
	}
	li, ri = make([]int, 0, size), make([]int, 0, size)
	var matched []bool
	if kind == joinFull {
		matched = make([]bool, len(rc))
	}
	for i, c := range lc {
		found := false
		if c >= 0 {
			for j := head[c]; j >= 0; j = next[j] {
				li, ri = append(li, i), append(ri, int(j))
				found = true
				if matched != nil {
					matched[j] = true
				}
				if kind == joinLeftSemi {
					break
				}
			}
		}
		if !found && kind != joinInner {
			li, ri = append(li, i), append(ri, -1)
		}
	}
	for j, m := range matched {
		if !m {
			li, ri = append(li, -1), append(ri, j)
		}
	}
	return li, ri
}

func crossPairs(nl, nr int) (li, ri []int) {
	li, ri = make([]int, nl*nr), make([]int, nl*nr)
	for i := range nl {
		for j := range nr {
			li[i*nr+j], ri[i*nr+j] = i, j
		}
	}
	return li, ri
}

// joinResult gathers the result columns in the layout of the join kind
// (see the file comment).
func joinResult(js *joinSpec, l, r joinSide, li, ri []int) *frame {
	out := &frame{all: true, n: len(li)}
	shown := map[string]bool{}
	lkey, rkey := indexSet(js.lk), indexSet(js.rk)
	add := func(s joinSide, j int, idx []int, name string, hidden bool) {
		out.add(name, s.f.quals[j], s.f.origs[j], s.f.cols[j].Gather(idx))
		out.hidden = append(out.hidden, hidden)
		if !hidden {
			shown[strings.ToLower(name)] = true
		}
	}
	if js.kind == joinRight {
		for _, j := range js.lk {
			add(l, j, li, l.f.names[j], true)
		}
	}
	for j, name := range l.f.names {
		if js.kind == joinRight && lkey[j] {
			continue
		}
		add(l, j, li, name, l.isHidden(j))
	}
	showRightKeys := js.kind == joinFull || js.kind == joinRight || js.kind == joinCross
	var hiddenKeys []int
	for j, name := range r.f.names {
		if r.isHidden(j) {
			add(r, j, ri, name, true)
			continue
		}
		if rkey[j] && !showRightKeys {
			hiddenKeys = append(hiddenKeys, j)
			continue
		}
		if shown[strings.ToLower(name)] {
			name = r.prefix(j) + "_" + name
		}
		add(r, j, ri, name, false)
	}
	// The hidden right keys go last, so that a bare name finds the left
	// column of the same name first.
	for _, j := range hiddenKeys {
		add(r, j, ri, r.f.names[j], true)
	}
	return out
}

func indexSet(idx []int) map[int]bool {
	m := make(map[int]bool, len(idx))
	for _, j := range idx {
		m[j] = true
	}
	return m
}

func (f *frame) add(name, qual, orig string, col *value.Vector) {
	f.names = append(f.names, name)
	f.quals = append(f.quals, qual)
	f.origs = append(f.origs, orig)
	f.cols = append(f.cols, col)
}

// visibleTable materialises the shown columns of a join frame.
func visibleTable(f *frame) (*value.Table, error) {
	var names []string
	var cols []value.Value
	for j := range f.cols {
		if f.hidden != nil && f.hidden[j] {
			continue
		}
		names = append(names, f.names[j])
		cols = append(cols, f.col(j))
	}
	return value.NewTable(uniqueNames(names), cols)
}

// asTable reads a join argument: a table, or a DFS table handle loaded
// whole.
func asTable(v value.Value, which string) (*value.Table, error) {
	switch x := v.(type) {
	case *value.Table:
		return x, nil
	case dfsTable:
		return x.LoadPruned(nil, nil, nil, nil, true)
	}
	if which == "" {
		return nil, fmt.Errorf("A table to join must be a table, not %s", value.TypeStr(v))
	}
	return nil, fmt.Errorf("The %s table of a join must be a table, not %s", which, value.TypeStr(v))
}

// keyIndexes finds the matching columns of a side by name.
func keyIndexes(s joinSide, names []string, which string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		j := -1
		for k, name := range s.f.names {
			if !s.isHidden(k) && strings.EqualFold(name, n) {
				j = k
				break
			}
		}
		if j < 0 {
			return nil, fmt.Errorf("The matching column [%s] doesn't exist in the %s table", n, which)
		}
		out[i] = j
	}
	return out, nil
}

// matchingNames reads matchingCols and rightMatchingCols.
func matchingNames(a []value.Value) (lk, rk []string, err error) {
	lk = nameList(argOrNil(a, 2))
	rk = lk
	if r := argOrNil(a, 3); r != nil {
		rk = nameList(r)
	}
	if len(lk) == 0 {
		return nil, nil, fmt.Errorf("The matching columns must be a string scalar or vector")
	}
	if len(lk) != len(rk) {
		return nil, nil, fmt.Errorf("The left table and the right table must have the same number of matching columns")
	}
	return lk, rk, nil
}

// nameList reads a STRING or SYMBOL scalar or vector; anything else is no
// names.
func nameList(v value.Value) []string {
	if v == nil {
		return nil
	}
	if t := v.Type(); t != value.STRING && t != value.SYMBOL {
		return nil
	}
	return stringList(v)
}

func argOrNil(a []value.Value, i int) value.Value {
	if i < len(a) {
		return a[i]
	}
	return nil
}

// filterMask turns a leftFilter/rightFilter argument into the rows of the
// side it lets match: a BOOL vector of the side's length or a BOOL scalar,
// as the argument arrives evaluated (t1.value > 1).
func filterMask(v value.Value, s joinSide, which string) ([]bool, error) {
	if v == nil {
		return nil, nil
	}
	return boolMask(v, s.rows(), which)
}

func boolMask(v value.Value, n int, which string) ([]bool, error) {
	if v.Type() != value.BOOL {
		return nil, fmt.Errorf("The %s filter must be a boolean condition", which)
	}
	mask := make([]bool, n)
	switch x := v.(type) {
	case *value.Vector:
		if x.Len() != n {
			return nil, fmt.Errorf("The %s filter has %d rows but the %s table has %d", which, x.Len(), which, n)
		}
		for i, b := range x.Int8s()[:n] {
			mask[i] = b == 1
		}
	case value.Bool:
		for i := range mask {
			mask[i] = x == 1
		}
	default:
		return nil, fmt.Errorf("The %s filter must be a boolean condition", which)
	}
	return mask, nil
}

// equiJoinFrame runs ej, sej, lj, lsj or fj on evaluated arguments: the
// two sides, then matchingCols, [rightMatchingCols], [leftFilter],
// [rightFilter].
func equiJoinFrame(kind joinKind, sorted bool, l, r joinSide, a []value.Value) (*frame, error) {
	js := &joinSpec{kind: kind}
	var err error
	if js.lk, js.rk, err = matchingKeys(l, r, a); err != nil {
		return nil, err
	}
	if js.lmask, err = filterMask(argOrNil(a, 4), l, "left"); err != nil {
		return nil, err
	}
	if js.rmask, err = filterMask(argOrNil(a, 5), r, "right"); err != nil {
		return nil, err
	}
	f, err := js.run(l, r)
	if err != nil || !sorted {
		return f, err
	}
	// The left key columns keep their positions in the result.
	keys := make([]*value.Vector, len(js.lk))
	for i, j := range js.lk {
		keys[i] = f.cols[j]
	}
	return f.withSel(sortRows(seqIdx(f.n), keys, make([]bool, len(keys)))), nil
}

// joinSides reads the two table arguments and their names.
func joinSides(a []value.Value, names []string) (l, r joinSide, err error) {
	if len(a) < 2 {
		return l, r, fmt.Errorf("A join needs a left table and a right table")
	}
	lt, err := asTable(a[0], "left")
	if err != nil {
		return l, r, err
	}
	rt, err := asTable(a[1], "right")
	if err != nil {
		return l, r, err
	}
	return tableSide(lt, argName2(names, 0)), tableSide(rt, argName2(names, 1)), nil
}

func joinTables(kind joinKind, sorted bool, a []value.Value, names []string) (value.Value, error) {
	l, r, err := joinSides(a, names)
	if err != nil {
		return nil, err
	}
	f, err := equiJoinFrame(kind, sorted, l, r, a)
	if err != nil {
		return nil, err
	}
	return visibleTable(f)
}

func argName2(names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return ""
}

func joinImpl(kind joinKind, sorted bool) func(value.Env, []value.Value) (value.Value, error) {
	return func(_ value.Env, a []value.Value) (value.Value, error) { return joinTables(kind, sorted, a, nil) }
}

func joinNamed(kind joinKind, sorted bool) func(value.Env, []value.Value, []string) (value.Value, error) {
	return func(_ value.Env, a []value.Value, names []string) (value.Value, error) {
		return joinTables(kind, sorted, a, names)
	}
}

func cjFrame(l, r joinSide) (*frame, error) {
	return (&joinSpec{kind: joinCross}).run(l, r)
}

func cjTables(a []value.Value, names []string) (value.Value, error) {
	l, r, err := joinSides(a, names)
	if err != nil {
		return nil, err
	}
	f, err := cjFrame(l, r)
	if err != nil {
		return nil, err
	}
	return visibleTable(f)
}

func cjImpl(_ value.Env, a []value.Value) (value.Value, error) { return cjTables(a, nil) }

func cjNamed(_ value.Env, a []value.Value, names []string) (value.Value, error) {
	return cjTables(a, names)
}
