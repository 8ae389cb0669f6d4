// This file runs interval(X, duration, fill, [step], [explicitOffset],
// [closed], [label], [origin]) in group by: rows are grouped into windows
// of duration over a continuous range (from the where clause's bounds on
// X, or the data's), each window starting step after the previous one;
// windows without data are added and the results' nulls filled by fill
// ('prev', 'post', 'linear', 'null', 'none' or a number), as the manual's
// interval page describes.

package sql

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// intervalKey returns the index of the group-by item that calls interval,
// or -1.
func intervalKey(items []*ast.SelectItem) int {
	for i, it := range items {
		if c, ok := it.Expr.(*ast.CallExpr); ok && funcName(c.Fun) == "interval" {
			return i
		}
	}
	return -1
}

// intervalSpec is the evaluated arguments of an interval call.
type intervalSpec struct {
	x              ast.Expr
	xs             *value.Vector // X over the frame's rows
	dur, step      int64         // in units of X
	fill           value.Value   // a string or a number
	explicitOffset bool
	closedRight    bool
	labelRight     bool
	origin         value.Value // nil: start_day
}

var intervalParams = []string{"X", "duration", "fill", "step", "explicitOffset", "closed", "label", "origin"}

func parseInterval(ev Evaluator, f *frame, c *ast.CallExpr) (*intervalSpec, error) {
	args := map[string]ast.Expr{}
	for i, a := range c.Args {
		name := a.Name
		if b, ok := a.Value.(*ast.BinaryExpr); ok && name == "" && b.Fun == nil && b.Op == "=" {
			// Inside SQL the parser reads X=tradeTime as a comparison; for
			// interval a parameter's name on the left is a named argument.
			if id, ok := b.X.(*ast.Ident); ok {
				for _, p := range intervalParams {
					if strings.EqualFold(p, id.Name) {
						name, a.Value = p, b.Y
					}
				}
			}
		}
		if name == "" {
			if i >= len(intervalParams) {
				return nil, fmt.Errorf("interval takes at most %d arguments", len(intervalParams))
			}
			name = intervalParams[i]
		}
		known := false
		for _, p := range intervalParams {
			if strings.EqualFold(p, name) {
				name, known = p, true
			}
		}
		if !known {
			return nil, fmt.Errorf("interval has no argument %s", name)
		}
		args[name] = a.Value
	}
	if args["X"] == nil || args["duration"] == nil || args["fill"] == nil {
		return nil, fmt.Errorf("Usage: interval(X, duration, fill, [step], [explicitOffset=false], [closed], [label], [origin])")
	}
	s := &intervalSpec{x: args["X"]}
	xv, err := ev.EvalIn(s.x, f.lookup)
	if err != nil {
		return nil, err
	}
	if s.xs, err = column(xv, f.rows(), exprName(s.x)); err != nil {
		return nil, err
	}
	t := s.xs.Type()
	if !t.IsTemporal() && !isIntegral(t) {
		return nil, fmt.Errorf("interval: X must be an integral or temporal vector, not %s", value.TypeStr(s.xs))
	}
	constArg := func(name string) (value.Value, error) {
		if args[name] == nil {
			return nil, nil
		}
		return ev.EvalIn(args[name], nil)
	}
	d, err := constArg("duration")
	if err != nil {
		return nil, err
	}
	if s.dur, err = builtins.DurationUnits(d, t); err != nil {
		return nil, err
	}
	s.step = s.dur
	if st, err := constArg("step"); err != nil {
		return nil, err
	} else if st != nil {
		if s.step, err = builtins.DurationUnits(st, t); err != nil {
			return nil, err
		}
	}
	if s.dur <= 0 || s.step <= 0 || s.dur%s.step != 0 {
		return nil, fmt.Errorf("interval: duration must be positive and a multiple of step")
	}
	if s.fill, err = constArg("fill"); err != nil {
		return nil, err
	}
	if s.fill.Form() != value.SCALAR {
		return nil, fmt.Errorf("interval: fill must be 'prev', 'post', 'linear', 'null', 'none' or a number")
	}
	if isStringType(s.fill.Type()) {
		switch s.fill.String() {
		case "prev", "post", "linear", "null", "none":
		default:
			return nil, fmt.Errorf("interval: fill must be 'prev', 'post', 'linear', 'null', 'none' or a number")
		}
	}
	if v, err := constArg("explicitOffset"); err != nil {
		return nil, err
	} else if v != nil {
		if s.explicitOffset, err = value.Truthy(v); err != nil {
			return nil, err
		}
	}
	for _, p := range []struct {
		name string
		dst  *bool
	}{{"closed", &s.closedRight}, {"label", &s.labelRight}} {
		v, err := constArg(p.name)
		if err != nil {
			return nil, err
		}
		if v == nil {
			continue
		}
		switch v.String() {
		case "left":
		case "right":
			*p.dst = true
		default:
			return nil, fmt.Errorf("interval: %s must be 'left' or 'right'", p.name)
		}
	}
	if s.origin, err = constArg("origin"); err != nil {
		return nil, err
	}
	if s.explicitOffset && s.origin != nil {
		return nil, fmt.Errorf("interval: origin can't be set when explicitOffset is true")
	}
	return s, nil
}

func isStringType(t value.Type) bool { return t == value.STRING || t == value.SYMBOL }

// ticks returns the integer values of an integral or temporal vector, and
// which are null.
func ticks(v *value.Vector) ([]int64, []bool) {
	n := v.Len()
	out, null := make([]int64, n), make([]bool, n)
	for i := range n {
		null[i] = v.IsNullAt(i)
		if !null[i] {
			out[i], _ = value.ToInt64(v.Get(i))
		}
	}
	return out, null
}

// fromTicks makes a vector of type t from integer values.
func fromTicks(xs []int64, t value.Type) *value.Vector {
	if t.Width() == 8 {
		return value.NewInt64Vector(t, xs)
	}
	if t.Width() == 4 {
		out := make([]int32, len(xs))
		for i, x := range xs {
			out[i] = int32(x)
		}
		return value.NewInt32Vector(t, out)
	}
	vals := make([]value.Value, len(xs))
	for i, x := range xs {
		c, _ := value.Cast(value.Long(x), t)
		vals[i] = c
	}
	return value.MakeVector(vals).(*value.Vector)
}

// whereBounds finds bounds the where clause puts on X (X between a and b,
// X between a:b, X >= a, X <= b ...), in units of X.
func whereBounds(ev Evaluator, conds []ast.Expr, x ast.Expr, t value.Type) (lo, hi int64, hasLo, hasHi bool, err error) {
	conv := func(e ast.Expr) (int64, bool) {
		v, err2 := ev.EvalIn(e, nil)
		if err2 != nil || v.Form() != value.SCALAR || value.IsNull(v) {
			return 0, false
		}
		if v.Type() != t {
			if v, err2 = value.Cast(v, t); err2 != nil {
				return 0, false
			}
		}
		n, ok := value.ToInt64(v)
		return n, ok
	}
	var visit func(e ast.Expr)
	visit = func(e ast.Expr) {
		switch c := unparen(e).(type) {
		case *ast.BetweenExpr:
			if !c.Not && sameExpr(c.X, x) {
				lo, hasLo = conv(c.Lo)
				hi, hasHi = conv(c.Hi)
			}
		case *ast.BinaryExpr:
			switch {
			case c.Op == "and" || c.Op == "&&":
				visit(c.X)
				visit(c.Y)
			case c.Op == "between" && sameExpr(c.X, x):
				if p, ok := unparen(c.Y).(*ast.BinaryExpr); ok && p.Op == ":" {
					lo, hasLo = conv(p.X)
					hi, hasHi = conv(p.Y)
				}
			case (c.Op == ">=" || c.Op == ">") && sameExpr(c.X, x):
				lo, hasLo = conv(c.Y)
			case (c.Op == "<=" || c.Op == "<") && sameExpr(c.X, x):
				hi, hasHi = conv(c.Y)
			}
		}
	}
	for _, c := range conds {
		visit(c)
	}
	return lo, hi, hasLo, hasHi, nil
}

// dayTicks is the length of a day in units of t, 0 for types without a
// date.
func dayTicks(t value.Type) int64 {
	day, _ := builtins.DurationUnits(value.Duration{N: 1, Unit: "d"}, t)
	switch t {
	case value.DATE, value.DATETIME, value.TIMESTAMP, value.NANOTIMESTAMP, value.DATEHOUR:
		return day
	}
	return 0
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// intervalSelect runs a group by whose item ik is an interval call.
func intervalSelect(ev Evaluator, q *ast.SelectExpr, f *frame, ik int) (*result, error) {
	s, err := parseInterval(ev, f, q.GroupBy[ik].Expr.(*ast.CallExpr))
	if err != nil {
		return nil, err
	}
	t := s.xs.Type()
	xs, null := ticks(s.xs)
	lo, hi, hasLo, hasHi, err := whereBounds(ev, q.Where, s.x, t)
	if err != nil {
		return nil, err
	}
	seen := false
	for i, x := range xs {
		if null[i] {
			continue
		}
		if !hasLo && (!seen || x < lo) {
			lo = x
		}
		if !hasHi && (!seen || x > hi) {
			hi = x
		}
		seen = true
	}
	if !seen && !(hasLo && hasHi) {
		lo, hi = 1, 0 // no rows and no range: no windows
	}
	// The first window starts at lo (explicitOffset) or at the step grid
	// anchored at origin (default start_day: midnight of lo's day, or 0 for
	// a type without a date) at or before lo.
	first := lo
	if !s.explicitOffset {
		anchor := int64(0)
		switch o := s.origin; {
		case o == nil || isStringType(o.Type()) && o.String() == "start_day":
			if d := dayTicks(t); d > 0 {
				anchor = floorDiv(lo, d) * d
			}
		case isStringType(o.Type()):
			switch o.String() {
			case "epoch":
			case "start":
				anchor = lo
			case "end":
				anchor = hi
			case "end_day":
				if d := dayTicks(t); d > 0 {
					anchor = (floorDiv(hi, d) + 1) * d
				}
			default:
				return nil, fmt.Errorf("interval: origin must be 'epoch', 'start', 'start_day', 'end', 'end_day' or a %s", t)
			}
		default:
			n, ok := value.ToInt64(o)
			if !ok {
				return nil, fmt.Errorf("interval: origin must be 'epoch', 'start', 'start_day', 'end', 'end_day' or a %s", t)
			}
			anchor = n
		}
		if s.closedRight {
			first = anchor + (floorDiv(lo-anchor+s.step-1, s.step)-1)*s.step
		} else {
			first = anchor + floorDiv(lo-anchor, s.step)*s.step
		}
	}
	nw := 0 // windows: starts first + k*step up to hi
	if hi >= first {
		nw = int(floorDiv(hi-first, s.step)) + 1
		if s.closedRight && first+int64(nw-1)*s.step == hi {
			nw-- // (hi, hi+dur] holds nothing up to hi
		}
	}
	per := int(s.dur / s.step) // windows each row falls in
	var rows []int
	var win []int64
	for i, x := range xs {
		if null[i] {
			continue
		}
		var top int64 // last window starting at or before x (before, closed right)
		if s.closedRight {
			top = floorDiv(x-first+s.step-1, s.step) - 1
		} else {
			top = floorDiv(x-first, s.step)
		}
		for k := top - int64(per) + 1; k <= top; k++ {
			if k >= 0 && k < int64(nw) {
				rows = append(rows, f.base(i))
				win = append(win, k)
			}
		}
	}
	labelOf := func(k int64) int64 {
		l := first + k*s.step
		if s.labelRight {
			l += s.dur
		}
		return l
	}
	f2 := f.withSel(rows)
	keys := make([]key, len(q.GroupBy))
	keyNames := make([]string, len(q.GroupBy))
	for i, it := range q.GroupBy {
		keyNames[i] = itemName(it)
		if i == ik {
			labels := make([]int64, len(win))
			for j, k := range win {
				labels[j] = labelOf(k)
			}
			keys[i] = key{v: fromTicks(labels, t)}
			continue
		}
		if keys[i], err = keyVector(ev, f2, it.Expr); err != nil {
			return nil, err
		}
	}
	r, _, keyOf, err := groupQuery(ev, q, f2, keys, keyNames)
	if err != nil {
		return nil, err
	}
	if err := fillWindows(r, keyOf, ik, nw, s, labelOf, t); err != nil {
		return nil, err
	}
	return finish(ev, q, r, nil)
}

// fillWindows turns r (one row per group with data) into one row per
// window for each combination of the other keys, in key then window
// order, and fills the items' nulls.
func fillWindows(r *result, keyOf []int, ik, nw int, s *intervalSpec, labelOf func(int64) int64, t value.Type) error {
	wcol := -1
	var others []*value.Vector
	for j, k := range keyOf {
		if k == ik {
			wcol = j
		} else if k >= 0 {
			others = append(others, r.cols[j])
		}
	}
	if wcol < 0 {
		return fmt.Errorf("interval: the window key is missing from the result")
	}
	nrows := r.cols[wcol].Len()
	labels, _ := ticks(r.cols[wcol])
	base := labelOf(0)
	// segments: the groups of the other keys, in key order
	seg := make([]int32, nrows)
	nseg := 1
	var rep []int // a result row of each segment
	if len(others) > 0 {
		g := newGrouping(vecKeys(others), nrows)
		g.sortGroupsByKey()
		pos := slotIndex(g)
		ids := g.allIDs()
		for i := range seg {
			seg[i] = int32(pos[ids[i]])
		}
		nseg = g.ngroups()
	} else if nrows == 0 {
		nseg = 0
	}
	rep = make([]int, nseg)
	cell := make([]int, nseg*nw) // segment x window -> result row, -1 when empty
	for i := range cell {
		cell[i] = -1
	}
	for i := range nrows {
		k := int((labels[i] - base) / s.step)
		cell[int(seg[i])*nw+k] = i
		rep[seg[i]] = i
	}
	none := isStringType(s.fill.Type()) && s.fill.String() == "none"
	var idx, segOf []int
	var win []int64
	for sgi := range nseg {
		for k := range nw {
			i := cell[sgi*nw+k]
			if i < 0 && none {
				continue
			}
			idx = append(idx, i)
			segOf = append(segOf, sgi)
			win = append(win, int64(k))
		}
	}
	for j, k := range keyOf {
		switch {
		case k == ik:
			ls := make([]int64, len(win))
			for i, w := range win {
				ls[i] = labelOf(w)
			}
			r.cols[j] = fromTicks(ls, t)
		case k >= 0:
			ri := make([]int, len(segOf))
			for i, sg := range segOf {
				ri[i] = rep[sg]
			}
			r.cols[j] = r.cols[j].Gather(ri)
		default:
			c := r.cols[j].Gather(idx)
			if !none {
				if err := fillNulls(c, segOf, s.fill); err != nil {
					return err
				}
			}
			r.cols[j] = c
		}
	}
	return nil
}

// fillNulls fills the nulls of c within each run of equal seg by fill.
func fillNulls(c *value.Vector, seg []int, fill value.Value) error {
	n := c.Len()
	if !isStringType(fill.Type()) {
		v := fill
		if v.Type() != c.Type() {
			cv, err := value.Cast(fill, c.Type())
			if err != nil {
				return err
			}
			v = cv
		}
		for i := range n {
			if c.IsNullAt(i) {
				if err := c.Set(i, v); err != nil {
					return err
				}
			}
		}
		return nil
	}
	mode := fill.String()
	if mode == "null" {
		return nil
	}
	if mode == "linear" && !c.Type().IsNumeric() {
		mode = "prev" // the manual: linear fills other types as prev
	}
	orig := c.Clone()
	for i := range n {
		if !orig.IsNullAt(i) {
			continue
		}
		prev, next := -1, -1
		for p := i - 1; p >= 0 && seg[p] == seg[i]; p-- {
			if !orig.IsNullAt(p) {
				prev = p
				break
			}
		}
		for p := i + 1; p < n && seg[p] == seg[i]; p++ {
			if !orig.IsNullAt(p) {
				next = p
				break
			}
		}
		var v value.Value
		switch mode {
		case "prev":
			if prev >= 0 {
				v = orig.Get(prev)
			}
		case "post":
			if next >= 0 {
				v = orig.Get(next)
			}
		case "linear":
			if prev >= 0 && next >= 0 {
				a, _ := value.ToFloat64(orig.Get(prev))
				b, _ := value.ToFloat64(orig.Get(next))
				x := a + (b-a)*float64(i-prev)/float64(next-prev)
				cv, err := value.Cast(value.Double(x), c.Type())
				if err != nil {
					return err
				}
				v = cv
			}
		}
		if v != nil {
			if err := c.Set(i, v); err != nil {
				return err
			}
		}
	}
	return nil
}
