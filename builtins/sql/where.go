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
	"sync"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

func applyWhere(ev Evaluator, f *frame, conds []ast.Expr) (*frame, error) {
	for _, c := range conds {
		sel, ok, err := fastFilter(ev, f, c)
		if err != nil {
			return nil, err
		}
		if !ok {
			if sel, err = slowFilter(ev, f, c); err != nil {
				return nil, err
			}
		}
		f = f.withSel(sel)
	}
	return f, nil
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
