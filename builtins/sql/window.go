// This file runs analytic (window) functions, f(args) over ([partition by
// ...] [order by ...] [rows|range between ... and ...]): each call becomes
// a hidden column of the frame, computed partition by partition in the
// over clause's order and stored back at each row's own position, so the
// query keeps its row order (as DolphinDB's manual shows) and the rest of
// the select list sees an ordinary column.

package sql

import (
	"fmt"
	"math"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// hasWindow reports a window function anywhere in items.
func hasWindow(items []*ast.SelectItem) bool {
	found := false
	for _, it := range items {
		walk(it.Expr, func(e ast.Expr) bool {
			if _, ok := e.(*ast.WindowExpr); ok {
				found = true
			}
			return !found
		})
	}
	return found
}

// windowOutsideSelect reports a window function in a clause other than
// the select list, where it has no rows to number.
func windowOutsideSelect(q *ast.SelectExpr) error {
	var es []ast.Expr
	es = append(es, q.Where...)
	for _, it := range q.GroupBy {
		es = append(es, it.Expr)
	}
	for _, o := range q.OrderBy {
		es = append(es, o.Expr)
	}
	es = append(es, q.Having)
	for _, e := range es {
		found := false
		walk(e, func(x ast.Expr) bool {
			if _, ok := x.(*ast.WindowExpr); ok {
				found = true
			}
			return !found
		})
		if found {
			return fmt.Errorf("Analytic functions (over clause) can only be used in the select list: %s", ast.Print(e))
		}
	}
	return nil
}

// windowPass computes the window functions of q's select list over f and
// returns q with each replaced by a reference to its hidden column of the
// returned frame. Items keep the names they would have had.
func windowPass(ev Evaluator, q *ast.SelectExpr, f *frame) (*ast.SelectExpr, *frame, error) {
	switch q.Group {
	case ast.GroupBy, ast.PivotBy, ast.CGroupBy:
		return nil, nil, fmt.Errorf("Analytic functions (over clause) can't be used together with %s", groupClause(q.Group))
	}
	var names []string
	var cols []*value.Vector
	out := *q
	out.Items = make([]*ast.SelectItem, len(q.Items))
	var failed error
	for i, it := range q.Items {
		e := rewrite(it.Expr, func(e ast.Expr) (ast.Expr, bool) {
			w, ok := e.(*ast.WindowExpr)
			if !ok || failed != nil {
				return e, false
			}
			v, err := analyticColumn(ev, w, f)
			if err != nil {
				failed = err
				return e, true
			}
			name := fmt.Sprintf("__window%d", len(cols))
			names, cols = append(names, name), append(cols, v)
			return &ast.Ident{NamePos: w.Pos(), Name: name}, true
		})
		if failed != nil {
			return nil, nil, failed
		}
		c := *it
		c.Expr = e
		if len(it.Aliases) == 0 && it.AliasMacro == nil && e != it.Expr {
			c.Aliases = []string{exprName(it.Expr)}
		}
		out.Items[i] = &c
	}
	return &out, f.withColumns(names, cols), nil
}

func groupClause(g ast.GroupKind) string {
	switch g {
	case ast.PivotBy:
		return "pivot by"
	case ast.CGroupBy:
		return "cgroup by"
	}
	return "group by"
}

// withColumns returns f with hidden columns added; cols are aligned with
// f's selected rows, so a frame with a selection is materialised first.
func (f *frame) withColumns(names []string, cols []*value.Vector) *frame {
	g := *f
	g.cache = nil
	if !f.all {
		g.cols = make([]*value.Vector, len(f.cols))
		for j := range f.cols {
			g.cols[j] = f.col(j)
		}
		g.sel, g.all, g.n = nil, true, f.rows()
	}
	g.names = append(append([]string(nil), f.names...), names...)
	g.quals = append(append([]string(nil), f.quals...), make([]string, len(names))...)
	g.origs = append(append([]string(nil), f.origs...), names...)
	g.cols = append(append([]*value.Vector(nil), g.cols...), cols...)
	g.hidden = make([]bool, len(g.names))
	copy(g.hidden, f.hidden)
	for j := len(f.names); j < len(g.names); j++ {
		g.hidden[j] = true
	}
	return &g
}

// partition is the rows of one partition in the over clause's order, and
// the peer group (rows equal on the order-by keys) of each.
type partition struct {
	rows []int // selected rows of f, sorted
	peer []int // peer group number of rows[i]
	pLo  []int // first position of each peer group
	pHi  []int // one past its last position
}

// analyticColumn computes w for every selected row of f.
func analyticColumn(ev Evaluator, w *ast.WindowExpr, f *frame) (*value.Vector, error) {
	n := f.rows()
	var pkeys []*value.Vector
	for _, e := range w.Partition {
		v, err := ev.EvalIn(e, f.lookup)
		if err != nil {
			return nil, err
		}
		if vec, ok := v.(*value.Vector); ok && vec.Len() == n {
			pkeys = append(pkeys, vec)
		}
	}
	okeys, desc, nulls, err := orderKeys(ev, w.OrderBy, n, f.lookup)
	if err != nil {
		return nil, err
	}
	var groups [][]int
	if len(pkeys) == 0 {
		groups = [][]int{seqIdx(n)}
	} else {
		g := newGrouping(vecKeys(pkeys), n)
		g.groupRows()
		for gi := range g.ngroups() {
			groups = append(groups, g.rowIdx(gi))
		}
	}
	cmps := make([]func(i, j int) int, len(okeys))
	for k, v := range okeys {
		cmps[k] = comparer(v)
	}
	parts := make([]partition, len(groups))
	for gi, rows := range groups {
		if len(okeys) > 0 {
			rows = sortRowsNulls(rows, okeys, desc, nulls)
		}
		p := partition{rows: rows, peer: make([]int, len(rows))}
		for i := range rows {
			if i == 0 || !samePeer(cmps, rows[i-1], rows[i]) {
				if i > 0 {
					p.pHi = append(p.pHi, i)
				}
				p.pLo = append(p.pLo, i)
			}
			p.peer[i] = len(p.pLo) - 1
		}
		if len(rows) > 0 {
			p.pHi = append(p.pHi, len(rows))
		}
		parts[gi] = p
	}
	name := strings.ToLower(funcName(w.Call.Fun))
	args := make([]value.Value, len(w.Call.Args))
	for i, a := range w.Call.Args {
		if id, ok := a.Value.(*ast.Ident); ok && id.Name == "*" {
			args[i] = nil // count(*)
			continue
		}
		v, err := ev.EvalIn(a.Value, f.lookup)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	argc := func(lo, hi int) error {
		if len(args) < lo || len(args) > hi {
			return fmt.Errorf("The analytic function %s takes %d to %d arguments, not %d", name, lo, hi, len(args))
		}
		return nil
	}
	switch name {
	case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist":
		if err := argc(0, 0); err != nil {
			return nil, err
		}
		return rankColumn(name, parts, n), nil
	case "ntile":
		if err := argc(1, 1); err != nil {
			return nil, err
		}
		k, ok := intScalar(args[0])
		if !ok || k <= 0 {
			return nil, fmt.Errorf("The argument of ntile must be a positive integer")
		}
		return ntileColumn(parts, n, k), nil
	case "lag", "lead":
		if err := argc(1, 3); err != nil {
			return nil, err
		}
		return lagColumn(name == "lead", args, parts, n)
	}
	var fn value.Function
	switch name {
	case "first_value", "last_value", "nth_value":
	default:
		var ok bool
		if fn, ok = ev.LookupFunc(funcName(w.Call.Fun)); !ok {
			return nil, fmt.Errorf("Can't recognize function name %s", funcName(w.Call.Fun))
		}
	}
	return frameColumn(ev, w, name, fn, args, parts, n, okeys)
}

func samePeer(cmps []func(i, j int) int, a, b int) bool {
	for _, c := range cmps {
		if c(a, b) != 0 {
			return false
		}
	}
	return true
}

func intScalar(v value.Value) (int, bool) {
	if v == nil || v.Form() != value.SCALAR {
		return 0, false
	}
	switch v.Type() {
	case value.CHAR, value.SHORT, value.INT, value.LONG:
	default:
		return 0, false
	}
	x := value.NewVector(value.LONG, 1)
	if x.Set(0, v) != nil || x.IsNullAt(0) {
		return 0, false
	}
	return int(x.Longs()[0]), true
}

// rankColumn numbers rows within their partitions.
func rankColumn(name string, parts []partition, n int) *value.Vector {
	if name == "percent_rank" || name == "cume_dist" {
		out := make([]float64, n)
		for _, p := range parts {
			m := len(p.rows)
			for i, r := range p.rows {
				if name == "cume_dist" {
					out[r] = float64(p.pHi[p.peer[i]]) / float64(m)
				} else if m > 1 {
					out[r] = float64(p.pLo[p.peer[i]]) / float64(m-1)
				}
			}
		}
		return value.NewDoubleVector(out)
	}
	out := make([]int32, n)
	for _, p := range parts {
		for i, r := range p.rows {
			switch name {
			case "row_number":
				out[r] = int32(i + 1)
			case "rank":
				out[r] = int32(p.pLo[p.peer[i]] + 1)
			case "dense_rank":
				out[r] = int32(p.peer[i] + 1)
			}
		}
	}
	return value.NewInt32Vector(value.INT, out)
}

// ntileColumn splits each partition into k buckets as evenly as possible,
// the larger buckets first.
func ntileColumn(parts []partition, n, k int) *value.Vector {
	out := make([]int32, n)
	for _, p := range parts {
		m := len(p.rows)
		size, extra := m/k, m%k
		b, left := 0, 0
		for _, r := range p.rows {
			if left == 0 {
				b++
				left = size
				if b <= extra {
					left++
				}
			}
			out[r] = int32(b)
			left--
		}
	}
	return value.NewInt32Vector(value.INT, out)
}

// lagColumn is lag(x [, offset [, default]]) or lead: the value offset
// rows before (after) in the partition's order, default when there is
// none.
func lagColumn(lead bool, args []value.Value, parts []partition, n int) (*value.Vector, error) {
	x, err := rowValues(args[0], n, "lag")
	if err != nil {
		return nil, err
	}
	off := 1
	if len(args) > 1 {
		k, ok := intScalar(args[1])
		if !ok || k < 0 {
			return nil, fmt.Errorf("The offset of lag and lead must be a non-negative integer")
		}
		off = k
	}
	if lead {
		off = -off
	}
	idx := make([]int, n)
	var missing []int
	for _, p := range parts {
		for i, r := range p.rows {
			if j := i - off; j >= 0 && j < len(p.rows) {
				idx[r] = p.rows[j]
			} else {
				idx[r] = -1
				missing = append(missing, r)
			}
		}
	}
	out := x.Gather(idx)
	if len(args) > 2 && args[2] != nil && len(missing) > 0 {
		for _, r := range missing {
			if err := out.Set(r, args[2]); err != nil {
				return nil, fmt.Errorf("The default value of lag and lead must have the type of its column: %v", err)
			}
		}
	}
	return out, nil
}

// rowValues makes an argument a column of n rows.
func rowValues(v value.Value, n int, fn string) (*value.Vector, error) {
	if v == nil {
		return nil, fmt.Errorf("The argument of %s must be a column or an expression on columns", fn)
	}
	return column(v, n, fn)
}

// bounds is the frame of row i of a partition: positions [lo, hi).
type bounds func(p *partition, i int) (int, int)

// frameBounds turns the over clause's frame into positions. Without a
// frame the frame is the whole partition, or with order by every row up
// to the current row's last peer (SQL's default RANGE BETWEEN UNBOUNDED
// PRECEDING AND CURRENT ROW).
func frameBounds(ev Evaluator, w *ast.WindowExpr, okeys []*value.Vector) (bounds, error) {
	fr := w.Frame
	if fr == nil {
		if len(w.OrderBy) == 0 {
			return func(p *partition, _ int) (int, int) { return 0, len(p.rows) }, nil
		}
		return func(p *partition, i int) (int, int) { return 0, p.pHi[p.peer[i]] }, nil
	}
	offset := func(b ast.FrameBound) (value.Value, error) {
		if b.Offset == nil {
			return nil, nil
		}
		return ev.EvalIn(b.Offset, nil)
	}
	lo, err := offset(fr.Lo)
	if err != nil {
		return nil, err
	}
	hi, err := offset(fr.Hi)
	if err != nil {
		return nil, err
	}
	if !fr.Range {
		nlo, err := rowsOffset(lo)
		if err != nil {
			return nil, err
		}
		nhi, err := rowsOffset(hi)
		if err != nil {
			return nil, err
		}
		return func(p *partition, i int) (int, int) {
			m := len(p.rows)
			return clamp(rowsBound(fr.Lo.Kind, nlo, i, m), m), clamp(rowsBound(fr.Hi.Kind, nhi, i, m)+1, m)
		}, nil
	}
	if (fr.Lo.Offset != nil || fr.Hi.Offset != nil) && len(okeys) != 1 {
		return nil, fmt.Errorf("A RANGE window frame with an offset needs exactly one order by column")
	}
	var key []float64
	desc := false
	if len(okeys) == 1 {
		k := okeys[0]
		if fr.Lo.Offset != nil || fr.Hi.Offset != nil {
			if !k.Type().IsNumeric() && !k.Type().IsTemporal() {
				return nil, fmt.Errorf("A RANGE window frame with an offset needs a numeric or temporal order by column, not %s", value.TypeStr(k))
			}
			key = toFloats(k)
		}
		desc = w.OrderBy[0].Desc
	}
	flo, err := rangeOffset(lo)
	if err != nil {
		return nil, err
	}
	fhi, err := rangeOffset(hi)
	if err != nil {
		return nil, err
	}
	return func(p *partition, i int) (int, int) {
		return rangeBound(p, i, fr.Lo, flo, key, desc, false), rangeBound(p, i, fr.Hi, fhi, key, desc, true)
	}, nil
}

func clamp(x, m int) int { return max(0, min(x, m)) }

// rowsBound is the position a rows bound names (inclusive).
func rowsBound(k ast.BoundKind, off, i, m int) int {
	switch k {
	case ast.UnboundedPreceding:
		return 0
	case ast.Preceding:
		return i - off
	case ast.Following:
		return i + off
	case ast.UnboundedFollowing:
		return m - 1
	}
	return i
}

func rowsOffset(v value.Value) (int, error) {
	if v == nil {
		return 0, nil
	}
	k, ok := intScalar(v)
	if !ok || k < 0 {
		return 0, fmt.Errorf("The offset of a ROWS window frame must be a non-negative integer")
	}
	return k, nil
}

func rangeOffset(v value.Value) (float64, error) {
	if v == nil {
		return 0, nil
	}
	if v.Form() != value.SCALAR || !v.Type().IsNumeric() {
		return 0, fmt.Errorf("The offset of a RANGE window frame must be a non-negative number")
	}
	x := value.NewVector(value.DOUBLE, 1)
	if err := x.Set(0, v); err != nil || x.IsNullAt(0) || x.Doubles()[0] < 0 {
		return 0, fmt.Errorf("The offset of a RANGE window frame must be a non-negative number")
	}
	return x.Doubles()[0], nil
}

// rangeBound is a range bound's position: the first row of the frame
// (upper false) or one past its last (upper true). Offsets compare the
// order-by value: rows within off before (preceding) or after
// (following) the current row's value in the sort direction.
func rangeBound(p *partition, i int, b ast.FrameBound, off float64, key []float64, desc bool, upper bool) int {
	m := len(p.rows)
	switch b.Kind {
	case ast.UnboundedPreceding:
		return 0
	case ast.UnboundedFollowing:
		return m
	case ast.CurrentRow:
		if upper {
			return p.pHi[p.peer[i]]
		}
		return p.pLo[p.peer[i]]
	}
	cur := key[p.rows[i]]
	target := cur - off
	if b.Kind == ast.Following {
		target = cur + off
	}
	if desc {
		target = 2*cur - target
	}
	// before reports whether the row at position j sorts before target.
	before := func(j int) bool {
		v := key[p.rows[j]]
		if desc {
			return v > target
		}
		return v < target
	}
	atOrBefore := func(j int) bool {
		v := key[p.rows[j]]
		if desc {
			return v >= target
		}
		return v <= target
	}
	lo, hi := 0, m
	for lo < hi {
		mid := (lo + hi) / 2
		if upper && atOrBefore(mid) || !upper && before(mid) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// toFloats reads a numeric or temporal vector as float64 (a temporal
// value as its count of units, so offsets are in the type's unit); nulls
// read as the smallest value, where they sort.
func toFloats(v *value.Vector) []float64 {
	n := v.Len()
	out := make([]float64, n)
	switch t := v.Type(); {
	case t == value.DOUBLE:
		copy(out, v.Doubles())
	case t == value.FLOAT:
		for i, x := range v.Floats() {
			out[i] = float64(x)
		}
	case t == value.BOOL || t == value.CHAR:
		for i, x := range v.Int8s() {
			out[i] = float64(x)
		}
	case t == value.SHORT:
		for i, x := range v.Shorts() {
			out[i] = float64(x)
		}
	case t.Width() == 4:
		for i, x := range v.Ints() {
			out[i] = float64(x)
		}
	case t.Width() == 8:
		for i, x := range v.Longs() {
			out[i] = float64(x)
		}
	}
	for i := range out {
		if v.IsNullAt(i) {
			out[i] = -math.MaxFloat64
		}
	}
	return out
}

// frameColumn evaluates an aggregate or first_value/last_value/nth_value
// over each row's frame. Rows whose frame equals the previous row's reuse
// its value, so whole-partition frames aggregate once per partition.
func frameColumn(ev Evaluator, w *ast.WindowExpr, name string, fn value.Function, args []value.Value, parts []partition, n int, okeys []*value.Vector) (*value.Vector, error) {
	bnd, err := frameBounds(ev, w, okeys)
	if err != nil {
		return nil, err
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("The analytic function %s needs an argument", name)
	}
	cols := make([]*value.Vector, len(args))
	for i, a := range args {
		if a == nil { // count(*) counts rows
			cols[i] = value.NewVector(value.BOOL, n)
			continue
		}
		if i == 0 || a.Form() != value.SCALAR {
			if cols[i], err = rowValues(a, n, name); err != nil {
				return nil, err
			}
		}
	}
	nth := 0
	switch name {
	case "first_value", "last_value":
		if len(args) != 1 {
			return nil, fmt.Errorf("The analytic function %s takes 1 argument", name)
		}
	case "nth_value":
		k, ok := intScalar(args[len(args)-1])
		if len(args) != 2 || !ok || k <= 0 {
			return nil, fmt.Errorf("nth_value(X, n) needs a positive integer n")
		}
		nth = k
	}
	if name == "first_value" || name == "last_value" || name == "nth_value" {
		idx := make([]int, n)
		for pi := range parts {
			p := &parts[pi]
			for i, r := range p.rows {
				lo, hi := bnd(p, i)
				idx[r] = -1
				switch {
				case lo >= hi:
				case name == "first_value":
					idx[r] = p.rows[lo]
				case name == "last_value":
					idx[r] = p.rows[hi-1]
				case lo+nth-1 < hi:
					idx[r] = p.rows[lo+nth-1]
				}
			}
		}
		return cols[0].Gather(idx), nil
	}
	if v, ok := prefixColumn(name, args, cols[0], bnd, parts, n); ok {
		return v, nil
	}
	vals := make([]value.Value, n)
	var typ value.Type = value.VOID
	call := make([]value.Value, len(args))
	for pi := range parts {
		p := &parts[pi]
		plo, phi := -1, -1
		var prev value.Value
		for i, r := range p.rows {
			lo, hi := bnd(p, i)
			if lo >= hi {
				if name == "count" {
					vals[r] = value.NewVector(value.INT, 1).Get(0)
				}
				continue
			}
			if lo != plo || hi != phi {
				sel := p.rows[lo:hi]
				for k, a := range args {
					if cols[k] != nil {
						call[k] = cols[k].Gather(sel)
					} else {
						call[k] = a
					}
				}
				v, err := fn.Call(ev, call)
				if err != nil {
					return nil, err
				}
				if v.Form() != value.SCALAR {
					return nil, fmt.Errorf("The analytic function %s must return a scalar over a window frame, not %s", name, value.TypeStr(v))
				}
				prev, plo, phi = v, lo, hi
			}
			vals[r] = prev
			if typ == value.VOID && prev.Type() != value.VOID {
				typ = prev.Type()
			}
		}
	}
	out := value.NewNullVector(typ, n)
	for r, v := range vals {
		if v != nil && v.Type() != value.VOID {
			if err := out.Set(r, v); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// prefixColumn computes sum, avg and count of a plain numeric column over
// frames from prefix sums, in time linear in the partition rather than in
// the frame sizes the general path calls the function on. ok is false for
// anything else.
func prefixColumn(name string, args []value.Value, col *value.Vector, bnd bounds, parts []partition, n int) (*value.Vector, bool) {
	if len(args) != 1 {
		return nil, false
	}
	t := col.Type()
	star := args[0] == nil
	switch name {
	case "count":
	case "sum", "avg":
		if star || !t.IsNumeric() || t.IsDecimal() || t == value.BOOL {
			return nil, false
		}
	default:
		return nil, false
	}
	integral := t != value.DOUBLE && t != value.FLOAT
	xs := toFloats(col)
	var ls []int64
	if integral && name == "sum" {
		ls = make([]int64, n)
		for i := range ls {
			if !col.IsNullAt(i) {
				ls[i] = int64(xs[i])
			}
		}
	}
	fs := make([]float64, n)
	ls2 := make([]int64, n)
	cnt := make([]int64, n)
	nulls := make([]bool, n)
	for pi := range parts {
		p := &parts[pi]
		m := len(p.rows)
		sumF := make([]float64, m+1)
		sumL := make([]int64, m+1)
		sumC := make([]int64, m+1)
		for i, r := range p.rows {
			valid := star || !col.IsNullAt(r)
			sumF[i+1], sumL[i+1], sumC[i+1] = sumF[i], sumL[i], sumC[i]
			if valid {
				sumC[i+1]++
				if !star {
					sumF[i+1] += xs[r]
				}
				if ls != nil {
					sumL[i+1] += ls[r]
				}
			}
		}
		for i, r := range p.rows {
			lo, hi := bnd(p, i)
			if lo >= hi {
				nulls[r] = true
				continue
			}
			cnt[r] = sumC[hi] - sumC[lo]
			fs[r] = sumF[hi] - sumF[lo]
			ls2[r] = sumL[hi] - sumL[lo]
			nulls[r] = cnt[r] == 0
		}
	}
	switch {
	case name == "count":
		// INT, as count returns over a vector.
		out := make([]int32, n)
		for i, c := range cnt {
			out[i] = int32(c)
		}
		return value.NewIntVector(out), true
	case name == "sum" && ls != nil:
		for i, null := range nulls {
			if null {
				ls2[i] = value.NullLong
			}
		}
		return value.NewLongVector(ls2), true
	}
	for i := range fs {
		switch {
		case nulls[i]:
			fs[i] = value.NullDouble
		case name == "avg":
			fs[i] /= float64(cnt[i])
		}
	}
	return value.NewDoubleVector(fs), true
}
