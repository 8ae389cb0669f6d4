// This file applies where conditions: each comma-separated condition
// narrows the selection left by the previous ones. Simple comparisons of a
// column with a constant scan the typed column directly (in two morsels
// on big inputs); anything else is evaluated by the VM over the selected
// rows.

package sql

import (
	"cmp"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

func applyWhere(ev Evaluator, f *frame, conds []ast.Expr) (*frame, error) {
	for _, c := range conds {
		sel, ok, err := existsFilter(ev, f, c)
		if err != nil {
			return nil, err
		}
		cev := ev
		if !ok {
			if c, cev, err = lowerQuantified(ev, f, c); err != nil {
				return nil, err
			}
			sel, ok, err = fastFilter(cev, f, c)
			if err != nil {
				return nil, err
			}
		}
		if !ok {
			if sel, err = slowFilter(cev, f, c); err != nil {
				return nil, err
			}
		}
		f = f.withSel(sel)
	}
	return f, nil
}

// existsFilter runs [not] exists(subquery) when the subquery names columns
// of the outer table (t1.sym): once for each outer row, with those names
// bound to the row's values, as the manual's exists page describes; a row
// is kept when its subquery returns rows. ok is false for any other
// condition, which the VM runs (an uncorrelated exists is one scalar).
func existsFilter(ev Evaluator, f *frame, c ast.Expr) (sel []int, ok bool, err error) {
	neg := false
	e := unparen(c)
	if u, isNot := e.(*ast.UnaryExpr); isNot && (u.Op == "not" || u.Op == "!") {
		neg, e = true, unparen(u.X)
	}
	x, isExists := e.(*ast.ExistsExpr)
	if !isExists || x.Query == nil {
		return nil, false, nil
	}
	outer := outerRefs(f, x.Query)
	if len(outer) == 0 {
		return nil, false, nil
	}
	for i := range f.rows() {
		if err := ev.CheckCancel(); err != nil {
			return nil, false, err
		}
		r := f.base(i)
		sc := &scoped{Evaluator: ev, vars: map[string]value.Value{}}
		for name, j := range outer {
			sc.vars[name] = f.cols[j].Get(r)
		}
		v, err := runSelect(sc, x.Query, nil)
		if err != nil {
			return nil, false, err
		}
		n := 1
		switch v := v.(type) {
		case *value.Table:
			n = v.Rows()
		case *value.Vector:
			n = v.Len()
		}
		if (n > 0) != neg {
			sel = append(sel, r)
		}
	}
	return sel, true, nil
}

// outerRefs finds the names q.col in a subquery that name a column of the
// outer frame f through its qualifier q, when q is not the subquery's own
// source; it maps each to the column.
func outerRefs(f *frame, q *ast.SelectExpr) map[string]int {
	own := sourceName(q.From)
	refs := map[string]int{}
	visit := func(e ast.Expr) {
		walk(e, func(x ast.Expr) bool {
			s, ok := x.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := s.X.(*ast.Ident)
			if !ok || strings.EqualFold(id.Name, own) {
				return true
			}
			name := id.Name + "." + s.Sel.Name
			if j := f.find(name); j >= 0 {
				refs[name] = j
			}
			return true
		})
	}
	for _, it := range q.Items {
		visit(it.Expr)
	}
	for _, w := range q.Where {
		visit(w)
	}
	for _, g := range q.GroupBy {
		visit(g.Expr)
	}
	visit(q.Having)
	return refs
}

// lowerQuantified rewrites x op any(subquery) and x op all(subquery) (the
// manual's any/all predicates; the operand may also be a constant vector)
// into comparisons with one value of the subquery's result: any(>) is >
// its minimum, all(>) > its maximum, = any is in, != all is not in. The
// values are bound in the returned evaluator.
func lowerQuantified(ev Evaluator, f *frame, c ast.Expr) (ast.Expr, Evaluator, error) {
	if !hasQuantified(c) {
		return c, ev, nil
	}
	var sc *scoped
	var err error
	out := rewrite(c, func(n ast.Expr) (ast.Expr, bool) {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || b.Fun != nil || err != nil {
			return n, false
		}
		switch b.Op {
		case "=", "==", "!=", "<>", "<", "<=", ">", ">=":
		default:
			return n, false
		}
		call, ok := unparen(b.Y).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || call.Args[0].Name != "" {
			return n, false
		}
		quant := funcName(call.Fun)
		if quant != "any" && quant != "all" {
			return n, false
		}
		arg := unparen(call.Args[0].Value)
		q, isQuery := arg.(*ast.SelectExpr)
		if !isQuery && !isConstant(f, arg) {
			return n, false // the built-in any/all of an expression
		}
		var vals value.Value
		if isQuery {
			e := *q
			e.Exec = true
			vals, err = runSelect(ev, &e, nil)
		} else {
			vals, err = ev.EvalIn(arg, nil)
		}
		if err != nil {
			return n, false
		}
		vec, ok := vals.(*value.Vector)
		if !ok {
			if vals.Form() != value.SCALAR {
				err = fmt.Errorf("The operand of %s must be a query of one column or a vector", quant)
				return n, false
			}
			vec = value.MakeVector([]value.Value{vals}).(*value.Vector)
		}
		if sc == nil {
			sc = &scoped{Evaluator: ev, vars: map[string]value.Value{}}
		}
		var r ast.Expr
		r, err = quantified(sc, b, quant, vec)
		return r, true
	})
	if err != nil {
		return nil, nil, err
	}
	if sc == nil {
		return c, ev, nil
	}
	return out, sc, nil
}

// quantCache remembers which where conditions call any or all, so the
// common condition is not walked again on every query; it is emptied when
// it grows past extractMax entries (nodes of old scripts).
var quantCache = struct {
	sync.Mutex
	m map[ast.Expr]bool
}{m: map[ast.Expr]bool{}}

func hasQuantified(c ast.Expr) bool {
	quantCache.Lock()
	has, ok := quantCache.m[c]
	quantCache.Unlock()
	if ok {
		return has
	}
	walk(c, func(x ast.Expr) bool {
		if call, ok := x.(*ast.CallExpr); ok {
			if n := funcName(call.Fun); n == "any" || n == "all" {
				has = true
			}
		}
		return !has
	})
	quantCache.Lock()
	if len(quantCache.m) >= extractMax {
		clear(quantCache.m)
	}
	quantCache.m[c] = has
	quantCache.Unlock()
	return has
}

// quantified is the comparison b of x with any/all of vals.
func quantified(sc *scoped, b *ast.BinaryExpr, quant string, vals *value.Vector) (ast.Expr, error) {
	bind := func(v value.Value) ast.Expr {
		name := fmt.Sprintf("__quant%d", len(sc.vars))
		sc.vars[name] = v
		return &ast.Ident{NamePos: b.Pos(), Name: name}
	}
	call := func(fn string, args ...ast.Expr) ast.Expr {
		c := &ast.CallExpr{Fun: &ast.Ident{NamePos: b.Pos(), Name: fn}, Lparen: b.Pos()}
		for _, a := range args {
			c.Args = append(c.Args, ast.Arg{Value: a})
		}
		return c
	}
	// every row true or false: take(v, size(x))
	constant := func(v bool) ast.Expr {
		x := value.Bool(0)
		if v {
			x = 1
		}
		return call("take", bind(x), call("size", b.X))
	}
	reduce := func(fn string) (value.Value, error) {
		f, ok := sc.LookupFunc(fn)
		if !ok {
			return nil, fmt.Errorf("Cannot recognize the function name %s", fn)
		}
		return sc.Call(f, []value.Value{vals})
	}
	cmpWith := func(fn string) (ast.Expr, error) {
		v, err := reduce(fn)
		if err != nil {
			return nil, err
		}
		return &ast.BinaryExpr{X: b.X, OpPos: b.OpPos, Op: b.Op, Y: bind(v)}, nil
	}
	if vals.Len() == 0 {
		return constant(quant == "all"), nil // nothing to compare: all holds, any fails
	}
	distinct := 0
	if b.Op != "<" && b.Op != "<=" && b.Op != ">" && b.Op != ">=" {
		d, err := reduce("nunique")
		if err != nil {
			return nil, err
		}
		n, _ := value.ToInt64(d)
		distinct = int(n)
	}
	switch {
	case quant == "any" && (b.Op == "=" || b.Op == "=="):
		return call("in", b.X, bind(vals)), nil
	case quant == "all" && (b.Op == "!=" || b.Op == "<>"):
		return call("not", call("in", b.X, bind(vals))), nil
	case b.Op == "=" || b.Op == "==" || b.Op == "!=" || b.Op == "<>":
		// = all needs every value equal to x, != any some value unequal
		if distinct > 1 {
			return constant(quant == "any"), nil
		}
		return cmpWith("first")
	case quant == "any" && (b.Op == "<" || b.Op == "<=") || quant == "all" && (b.Op == ">" || b.Op == ">="):
		return cmpWith("max")
	}
	return cmpWith("min")
}

// slowFilter evaluates c over the selected rows and keeps the true ones.
func slowFilter(ev Evaluator, f *frame, c ast.Expr) ([]int, error) {
	v, err := ev.EvalIn(c, f.lookup)
	if err != nil {
		return nil, err
	}
	n := f.rows()
	sel := make([]int, 0, n/4)
	switch b := v.(type) {
	case *value.Vector:
		if b.Type() != value.BOOL || b.Len() != n {
			return nil, fmt.Errorf("The where clause must return a boolean vector of the table's row count")
		}
		for i, x := range b.Int8s() {
			if x == 1 {
				sel = append(sel, f.base(i))
			}
		}
	default:
		t, err := value.Truthy(v)
		if err != nil {
			return nil, err
		}
		if t {
			for i := range n {
				sel = append(sel, f.base(i))
			}
		}
	}
	return sel, nil
}

// fastFilter handles `col op constant` and `col in constants` on typed
// columns; ok is false when the condition has another shape.
func fastFilter(ev Evaluator, f *frame, c ast.Expr) (sel []int, ok bool, err error) {
	b, isBin := unparen(c).(*ast.BinaryExpr)
	if !isBin || b.Fun != nil {
		return nil, false, nil
	}
	op := b.Op
	switch op {
	case "=", "==", "!=", "<>", "<", "<=", ">", ">=", "in":
	default:
		return nil, false, nil
	}
	j := columnRef(f, b.X)
	if j < 0 || !isConstant(f, b.Y) {
		return nil, false, nil
	}
	k, err := ev.EvalIn(b.Y, nil)
	if err != nil {
		return nil, false, nil
	}
	col := f.cols[j]
	if op == "in" {
		return filterIn(f, col, k)
	}
	if k.Form() != value.SCALAR {
		return nil, false, nil
	}
	switch col.Type() {
	case value.SYMBOL:
		s, isStr := k.(value.String)
		if !isStr {
			if sy, isSym := k.(value.Symbol); isSym {
				s, isStr = value.String(sy), true
			}
		}
		if !isStr || (op != "=" && op != "==" && op != "!=" && op != "<>") {
			return nil, false, nil
		}
		code, found := col.Symbols().Lookup(string(s))
		if !found {
			code = -1
		}
		return scanOp(f, col.Ints(), op, code), true, nil
	case value.STRING:
		s, isStr := k.(value.String)
		if !isStr {
			return nil, false, nil
		}
		if op == "=" || op == "==" || op == "!=" || op == "<>" {
			if idx := stringIndex(f, col); idx != nil {
				code, found := idx.Base.Lookup(string(s))
				if !found {
					code = -1
				}
				return scanOp(f, idx.Codes, op, code), true, nil
			}
		}
		if (op == "=" || op == "==") && len(s) > 0 && f.all {
			return scanStringEq(f, col.Strings(), string(s)), true, nil
		}
		return scanOp(f, col.Strings(), op, string(s)), true, nil
	case value.DOUBLE:
		x, isNum := value.ToFloat64(k)
		if !isNum || value.IsNull(k) || k.Type() != value.DOUBLE && !isIntegral(k.Type()) || op == "=" || op == "==" || op == "!=" || op == "<>" {
			return nil, false, nil // equality of doubles is the built-in's (tolerance)
		}
		return scanOp(f, col.Doubles(), op, x), true, nil
	case value.INT, value.LONG, value.SHORT:
		if !isIntegral(k.Type()) || value.IsNull(k) {
			return nil, false, nil
		}
		x, _ := value.ToInt64(k)
		switch col.Type() {
		case value.INT:
			if x != int64(int32(x)) {
				return nil, false, nil
			}
			return scanOp(f, col.Ints(), op, int32(x)), true, nil
		case value.SHORT:
			if x != int64(int16(x)) {
				return nil, false, nil
			}
			return scanOp(f, col.Shorts(), op, int16(x)), true, nil
		}
		return scanOp(f, col.Longs(), op, x), true, nil
	}
	if col.Type() == k.Type() && col.Type().IsTemporal() && !value.IsNull(k) {
		x, _ := value.ToInt64(k)
		if col.Type().Width() == 4 {
			return scanOp(f, col.Ints(), op, int32(x)), true, nil
		}
		return scanOp(f, col.Longs(), op, x), true, nil
	}
	return nil, false, nil
}

// stringIndex returns the dictionary encoding of a STRING column when the
// filter reads the whole column (a narrowed selection is cheaper to scan
// directly than to encode).
func stringIndex(f *frame, col *value.Vector) *value.StringIndex {
	if !f.all {
		return nil
	}
	return col.StringIndex()
}

func isIntegral(t value.Type) bool {
	switch t {
	case value.CHAR, value.SHORT, value.INT, value.LONG:
		return true
	}
	return false
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// columnRef returns the frame column e names, or -1.
func columnRef(f *frame, e ast.Expr) int {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		if x.Name == "*" {
			return -1
		}
		return f.find(x.Name)
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return f.find(id.Name + "." + x.Sel.Name)
		}
	}
	return -1
}

// isConstant reports an expression that uses no column of f and no call.
func isConstant(f *frame, e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.Literal, *ast.VectorLit:
		return true
	case *ast.Ident:
		return f.find(x.Name) < 0
	case *ast.UnaryExpr:
		return x.Op == "-" && isConstant(f, x.X)
	case *ast.ArrayLit:
		for _, el := range x.Elems {
			if !isConstant(f, el) {
				return false
			}
		}
		return true
	}
	return false
}

func filterIn(f *frame, col *value.Vector, k value.Value) ([]int, bool, error) {
	if t, ok := k.(*value.Table); ok && t.NumCols() == 1 && len(t.Keys()) == 0 {
		k = t.Column(0) // a one-column subquery: its values
	}
	kv, ok := k.(*value.Vector)
	if !ok {
		return nil, false, nil
	}
	switch {
	case col.Type() == value.SYMBOL && (kv.Type() == value.STRING || kv.Type() == value.SYMBOL):
		syms := col.Symbols()
		want := make([]bool, len(syms.Syms))
		for i := range kv.Len() {
			if c, ok := syms.Lookup(kv.Get(i).String()); ok {
				want[c] = true
			}
		}
		codes := col.Ints()
		return scanPred(f, len(codes), func(r int) bool { return want[codes[r]] }), true, nil
	case col.Type() == value.STRING && kv.Type() == value.STRING && stringIndex(f, col) != nil:
		idx := stringIndex(f, col)
		want := make([]bool, len(idx.Base.Syms))
		for _, s := range kv.Strings() {
			if c, ok := idx.Base.Lookup(s); ok {
				want[c] = true
			}
		}
		codes := idx.Codes
		return scanPred(f, len(codes), func(r int) bool { return want[codes[r]] }), true, nil
	case col.Type() == value.STRING && kv.Type() == value.STRING:
		set := map[string]bool{}
		for _, s := range kv.Strings() {
			set[s] = true
		}
		strs := col.Strings()
		return scanPred(f, len(strs), func(r int) bool { return set[strs[r]] }), true, nil
	case (col.Type() == value.INT || col.Type() == value.LONG || col.Type() == kv.Type() && col.Type().IsTemporal()) && (isIntegral(kv.Type()) || kv.Type() == col.Type()):
		set := map[int64]bool{}
		for i := range kv.Len() {
			if x, ok := value.ToInt64(kv.Get(i)); ok && !kv.IsNullAt(i) {
				set[x] = true
			}
		}
		if col.Type().Width() == 4 {
			xs := col.Ints()
			return scanPred(f, len(xs), func(r int) bool { return set[int64(xs[r])] }), true, nil
		}
		xs := col.Longs()
		return scanPred(f, len(xs), func(r int) bool { return set[xs[r]] }), true, nil
	}
	return nil, false, nil
}

// minMorsel is the row count below which scans stay on one goroutine.
const minMorsel = 1 << 16

// morsels splits [0, n) into up to GOMAXPROCS ranges and runs fn on each
// concurrently, returning when all are done.
func morsels(n int, fn func(part, lo, hi int)) int {
	p := runtime.GOMAXPROCS(0)
	if n < 2*minMorsel || p < 2 {
		fn(0, 0, n)
		return 1
	}
	if p > 8 {
		p = 8
	}
	var wg sync.WaitGroup
	for k := range p {
		lo, hi := n*k/p, n*(k+1)/p
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(k, lo, hi)
		}()
	}
	wg.Wait()
	return p
}

// scanPred returns the base rows of f whose base row r satisfies pred.
func scanPred(f *frame, n int, pred func(r int) bool) []int {
	if !f.all {
		out := make([]int, 0, len(f.sel)/4)
		for _, r := range f.sel {
			if pred(r) {
				out = append(out, r)
			}
		}
		return out
	}
	parts := make([][]int, 8)
	np := morsels(n, func(k, lo, hi int) {
		var out []int
		for r := lo; r < hi; r++ {
			if pred(r) {
				out = append(out, r)
			}
		}
		parts[k] = out
	})
	return concat(parts[:np])
}

func concat(parts [][]int) []int {
	if len(parts) == 1 {
		return parts[0]
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]int, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// scanOp returns the selected base rows r with xs[r] op k.
func scanOp[T cmp.Ordered](f *frame, xs []T, op string, k T) []int {
	if !f.all {
		out := make([]int, 0, len(f.sel)/4)
		for _, r := range f.sel {
			if compare(xs[r], op, k) {
				out = append(out, r)
			}
		}
		return out
	}
	parts := make([][]int, 8)
	np := morsels(len(xs), func(p, lo, hi int) {
		parts[p] = scanRange(xs, lo, hi, op, k)
	})
	return concat(parts[:np])
}

func compare[T cmp.Ordered](x T, op string, k T) bool {
	switch op {
	case "=", "==":
		return x == k
	case "!=", "<>":
		return x != k
	case "<":
		return x < k
	case "<=":
		return x <= k
	case ">":
		return x > k
	}
	return x >= k
}

// scanRange has one loop per operator so each is a tight typed loop.
func scanRange[T cmp.Ordered](xs []T, lo, hi int, op string, k T) []int {
	var out []int
	xs = xs[:hi]
	switch op {
	case "=", "==":
		for r := lo; r < hi; r++ {
			if xs[r] == k {
				out = append(out, r)
			}
		}
	case "!=", "<>":
		for r := lo; r < hi; r++ {
			if xs[r] != k {
				out = append(out, r)
			}
		}
	case "<":
		for r := lo; r < hi; r++ {
			if xs[r] < k {
				out = append(out, r)
			}
		}
	case "<=":
		for r := lo; r < hi; r++ {
			if xs[r] <= k {
				out = append(out, r)
			}
		}
	case ">":
		for r := lo; r < hi; r++ {
			if xs[r] > k {
				out = append(out, r)
			}
		}
	default:
		for r := lo; r < hi; r++ {
			if xs[r] >= k {
				out = append(out, r)
			}
		}
	}
	return out
}

// scanStringEq finds k in a STRING column, testing length and last byte
// inline before comparing whole strings.
func scanStringEq(f *frame, xs []string, k string) []int {
	parts := make([][]int, 8)
	last, n := k[len(k)-1], len(k)
	np := morsels(len(xs), func(p, lo, hi int) {
		var out []int
		for r, s := range xs[lo:hi] {
			if len(s) == n && s[n-1] == last && s == k {
				out = append(out, lo+r)
			}
		}
		parts[p] = out
	})
	return concat(parts[:np])
}
