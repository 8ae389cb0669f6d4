// This file implements the equi joins (ej, sej, lj, lsj, fj), the cross
// join cj, and the join forms of FROM. Keys of both tables are encoded
// into shared integer codes; null keys never match. A join yields row
// index pairs (-1 for the missing side), and the result gathers columns by
// them: left columns, then right non-key columns, a right column whose
// name clashes renamed <rightTable>_<name>.

package sql

import (
	"fmt"
	"math"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

type joinKind uint8

const (
	joinInner joinKind = iota
	joinLeft
	joinLeftSemi
	joinFull
)

// joinCodes encodes the key rows of both sides into shared codes; a row
// with a null key, or a left key absent on the right, gets -1.
func joinCodes(lk, rk []*value.Vector) (lc, rc []int32, card int) {
	for k := range lk {
		l, r, c := pairCodes(lk[k], rk[k])
		if k == 0 {
			lc, rc, card = l, r, c
			continue
		}
		m := map[int64]int32{}
		enc := func(a, b []int32, insert bool) []int32 {
			out := make([]int32, len(a))
			for i := range a {
				if a[i] < 0 || b[i] < 0 {
					out[i] = -1
					continue
				}
				key := int64(a[i])*int64(c) + int64(b[i])
				code, ok := m[key]
				if !ok {
					if !insert {
						out[i] = -1
						continue
					}
					code = int32(len(m))
					m[key] = code
				}
				out[i] = code
			}
			return out
		}
		rc = enc(rc, r, true)
		lc = enc(lc, l, false)
		card = len(m)
	}
	return lc, rc, card
}

// pairCodes encodes one key column of each side.
func pairCodes(l, r *value.Vector) (lc, rc []int32, card int) {
	lkeys, lnull := elemKeys(l)
	rkeys, rnull := elemKeys(r)
	m := map[any]int32{}
	rc = make([]int32, r.Len())
	for i := range rc {
		if rnull(i) {
			rc[i] = -1
			continue
		}
		k := rkeys(i)
		c, ok := m[k]
		if !ok {
			c = int32(len(m))
			m[k] = c
		}
		rc[i] = c
	}
	lc = make([]int32, l.Len())
	for i := range lc {
		if lnull(i) {
			lc[i] = -1
			continue
		}
		c, ok := m[lkeys(i)]
		if !ok {
			c = -1
		}
		lc[i] = c
	}
	return lc, rc, len(m)
}

// elemKeys returns a comparable key per element (numbers as int64 or
// float64, strings and symbols as strings) and a null test.
func elemKeys(v *value.Vector) (func(int) any, func(int) bool) {
	switch t := v.Type(); {
	case t == value.STRING || t == value.SYMBOL || t == value.BLOB:
		return func(i int) any { return v.Get(i).String() }, func(i int) bool { return v.Get(i).String() == "" }
	case t == value.DOUBLE || t == value.FLOAT:
		return func(i int) any {
				f, _ := value.ToFloat64(v.Get(i))
				if f == math.Trunc(f) && math.Abs(f) < 1<<62 {
					return int64(f)
				}
				return f
			}, func(i int) bool {
				return v.IsNullAt(i)
			}
	case t.Category() == value.Type(value.INT).Category() || t.IsTemporal() || t == value.BOOL || t == value.CHAR:
		return func(i int) any { x, _ := value.ToInt64(v.Get(i)); return x }, v.IsNullAt
	}
	return func(i int) any { return v.Get(i).String() }, v.IsNullAt
}

// equiJoin returns the matching row pairs.
func equiJoin(kind joinKind, lk, rk []*value.Vector, nl, nr int) (li, ri []int) {
	lc, rc, card := joinCodes(lk, rk)
	head := make([]int32, card)
	for i := range head {
		head[i] = -1
	}
	next := make([]int32, nr)
	for i := nr - 1; i >= 0; i-- {
		if c := rc[i]; c >= 0 {
			next[i] = head[c]
			head[c] = int32(i)
		}
	}
	matched := make([]bool, nr)
	for i := 0; i < nl; i++ {
		c := lc[i]
		found := false
		if c >= 0 {
			for j := head[c]; j >= 0; j = next[j] {
				li, ri = append(li, i), append(ri, int(j))
				matched[j], found = true, true
				if kind == joinLeftSemi {
					break
				}
			}
		}
		if !found && kind != joinInner {
			li, ri = append(li, i), append(ri, -1)
		}
	}
	if kind == joinFull {
		for j := range nr {
			if !matched[j] {
				li, ri = append(li, -1), append(ri, j)
			}
		}
	}
	return li, ri
}

// side is one input of a join: a table and the name its clashing
// columns are prefixed with.
type side struct {
	t    *value.Table
	name string
	qual []string // per column qualifier (FROM joins)
}

// joined gathers the result columns of a join into a frame.
func joined(l, r side, li, ri []int, lkeys, rkeys []string, coalesce bool) *frame {
	f := &frame{all: true, n: len(li)}
	isRKey := map[string]bool{}
	for _, k := range rkeys {
		isRKey[strings.ToLower(k)] = true
	}
	for j, name := range l.t.Names() {
		col := l.t.Column(j).Gather(li)
		if coalesce {
			for k, lk := range lkeys {
				if strings.EqualFold(lk, name) {
					rcol := r.t.Col(rkeys[k]).Gather(ri)
					col = coalesceCols(col, rcol, li)
				}
			}
		}
		f.add(name, qualOf(l, j), name, col)
	}
	prefix := r.name
	if prefix == "" {
		prefix = "rhs"
	}
	for j, name := range r.t.Names() {
		if isRKey[strings.ToLower(name)] {
			continue
		}
		out := name
		if f.find(name) >= 0 {
			out = prefix + "_" + name
		}
		f.add(out, qualOf(r, j), name, r.t.Column(j).Gather(ri))
	}
	return f
}

func qualOf(s side, j int) string {
	if s.qual != nil {
		return s.qual[j]
	}
	return s.name
}

func (f *frame) add(name, qual, orig string, col *value.Vector) {
	f.names = append(f.names, name)
	f.quals = append(f.quals, qual)
	f.origs = append(f.origs, orig)
	f.cols = append(f.cols, col)
}

// coalesceCols takes b's value where the left row is missing.
func coalesceCols(a, b *value.Vector, li []int) *value.Vector {
	idx := make([]int, len(li))
	useB := false
	for i, l := range li {
		idx[i] = i
		if l < 0 {
			useB = true
		}
	}
	if !useB {
		return a
	}
	out := a.Clone()
	for i, l := range li {
		if l < 0 {
			_ = out.Set(i, b.Get(i))
		}
	}
	return out
}

// joinArgs reads the matching column arguments.
func joinArgs(a []value.Value) (l, r *value.Table, lk, rk []string, err error) {
	var ok bool
	if l, ok = a[0].(*value.Table); !ok {
		return nil, nil, nil, nil, fmt.Errorf("The left table of a join must be a table")
	}
	if r, ok = a[1].(*value.Table); !ok {
		return nil, nil, nil, nil, fmt.Errorf("The right table of a join must be a table")
	}
	lk = stringList(a[2])
	rk = lk
	if len(a) > 3 && a[3] != nil {
		rk = stringList(a[3])
	}
	if len(lk) != len(rk) || len(lk) == 0 {
		return nil, nil, nil, nil, fmt.Errorf("The matching columns of both tables must have the same count")
	}
	for i := range lk {
		if l.Col(lk[i]) == nil || r.Col(rk[i]) == nil {
			return nil, nil, nil, nil, fmt.Errorf("The matching column [%s] doesn't exist", lk[i])
		}
	}
	return l, r, lk, rk, nil
}

func keyCols(t *value.Table, names []string) []*value.Vector {
	out := make([]*value.Vector, len(names))
	for i, n := range names {
		out[i] = t.Col(n)
	}
	return out
}

func joinTables(kind joinKind, sorted bool, a []value.Value, names []string) (value.Value, error) {
	l, r, lk, rk, err := joinArgs(a)
	if err != nil {
		return nil, err
	}
	li, ri := equiJoin(kind, keyCols(l, lk), keyCols(r, rk), l.Rows(), r.Rows())
	f := joined(side{t: l, name: argName2(names, 0)}, side{t: r, name: argName2(names, 1)}, li, ri, lk, rk, kind == joinFull)
	t, err := f.table()
	if err != nil || !sorted {
		return t, err
	}
	return t.Gather(sortRows(seqIdx(t.Rows()), keyCols(t, lk), make([]bool, len(lk)))), nil
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

func cjTables(a []value.Value, names []string) (value.Value, error) {
	l, ok1 := a[0].(*value.Table)
	r, ok2 := a[1].(*value.Table)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("cj: the arguments must be tables")
	}
	nl, nr := l.Rows(), r.Rows()
	li, ri := make([]int, nl*nr), make([]int, nl*nr)
	for i := range nl {
		for j := range nr {
			li[i*nr+j], ri[i*nr+j] = i, j
		}
	}
	return joined(side{t: l, name: argName2(names, 0)}, side{t: r, name: argName2(names, 1)}, li, ri, nil, nil, false).table()
}

func cjImpl(_ value.Env, a []value.Value) (value.Value, error) { return cjTables(a, nil) }

func cjNamed(_ value.Env, a []value.Value, names []string) (value.Value, error) {
	return cjTables(a, names)
}

// joinFrame evaluates a FROM join: a [inner|left|right|full|cross|left
// semi] join b on a.k = b.k [and ...].
func joinFrame(ev Evaluator, j *ast.JoinExpr) (*frame, error) {
	lf, err := sourceFrame(ev, j.Left)
	if err != nil {
		return nil, err
	}
	rf, err := sourceFrame(ev, j.Right)
	if err != nil {
		return nil, err
	}
	lt, err := lf.table()
	if err != nil {
		return nil, err
	}
	rt, err := rf.table()
	if err != nil {
		return nil, err
	}
	l := side{t: lt, name: sideName(j.Left), qual: lf.quals}
	r := side{t: rt, name: sideName(j.Right), qual: rf.quals}
	if j.Kind == ast.JoinCross || j.On == nil {
		v, err := cjTables([]value.Value{lt, rt}, []string{l.name, r.name})
		if err != nil {
			return nil, err
		}
		f := newFrame(v.(*value.Table), "")
		copy(f.quals, append(append([]string(nil), lf.quals...), rf.quals...))
		return f, nil
	}
	var lk, rk []string
	for _, c := range conjuncts(j.On) {
		b, ok := c.(*ast.BinaryExpr)
		if !ok || (b.Op != "=" && b.Op != "==") {
			return nil, fmt.Errorf("A join condition must be equalities of columns joined by and")
		}
		x, y := lf.find(refName(b.X)), rf.find(refName(b.Y))
		if x < 0 || y < 0 {
			x, y = lf.find(refName(b.Y)), rf.find(refName(b.X))
		}
		if x < 0 || y < 0 {
			return nil, fmt.Errorf("Cannot resolve the join condition %s", ast.Print(c))
		}
		lk, rk = append(lk, lt.Names()[x]), append(rk, rt.Names()[y])
	}
	var li, ri []int
	switch j.Kind {
	case ast.JoinInner:
		li, ri = equiJoin(joinInner, keyCols(lt, lk), keyCols(rt, rk), lt.Rows(), rt.Rows())
	case ast.JoinLeft:
		li, ri = equiJoin(joinLeft, keyCols(lt, lk), keyCols(rt, rk), lt.Rows(), rt.Rows())
	case ast.JoinLeftSemi:
		li, ri = equiJoin(joinLeftSemi, keyCols(lt, lk), keyCols(rt, rk), lt.Rows(), rt.Rows())
	case ast.JoinFull:
		li, ri = equiJoin(joinFull, keyCols(lt, lk), keyCols(rt, rk), lt.Rows(), rt.Rows())
	case ast.JoinRight:
		ri, li = equiJoin(joinLeft, keyCols(rt, rk), keyCols(lt, lk), rt.Rows(), lt.Rows())
	default:
		return nil, fmt.Errorf("This join form is not supported in from")
	}
	return joined(l, r, li, ri, lk, rk, j.Kind == ast.JoinFull || j.Kind == ast.JoinRight), nil
}

func sideName(e ast.Expr) string { return sourceName(e) }

// refName is the frame lookup name of a column reference.
func refName(e ast.Expr) string {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.Name + "." + x.Sel.Name
		}
	}
	return "\x00"
}

func conjuncts(e ast.Expr) []ast.Expr {
	e = unparen(e)
	if b, ok := e.(*ast.BinaryExpr); ok && (b.Op == "and" || b.Op == "&&") {
		return append(conjuncts(b.X), conjuncts(b.Y)...)
	}
	return []ast.Expr{e}
}
