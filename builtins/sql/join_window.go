// This file computes the window joins' most common aggregates (the ones
// the manual lists as optimised: sum, avg, count, min, max, first, last of
// one numeric right column) straight over the column's storage, instead of
// evaluating the aggregate once per left row. The results follow the
// built-ins: nulls are skipped (first and last take the row as it is),
// sum of integers is LONG, avg DOUBLE, count INT, an empty window null
// (count 0). The case wj_direct_aggregates_match_general_path of
// tests/sql/join_wj.dos checks them against the general path.

package sql

import (
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

var fastWindowFuncs = map[string]bool{"sum": true, "avg": true, "count": true, "min": true, "max": true, "first": true, "last": true}

// fastWindowAgg returns the column of e over the windows when e is one of
// the aggregates above applied to a numeric column of rf; ok is false
// otherwise.
func fastWindowAgg(rf *frame, e ast.Expr, windows [][]int32) (*value.Vector, bool) {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Args[0].Name != "" {
		return nil, false
	}
	fn, ok := call.Fun.(*ast.Ident)
	if !ok || !fastWindowFuncs[fn.Name] {
		return nil, false
	}
	arg, ok := call.Args[0].Value.(*ast.Ident)
	if !ok {
		return nil, false
	}
	j := rf.find(arg.Name)
	if j < 0 {
		return nil, false
	}
	col := rf.cols[j]
	switch col.Type() {
	case value.DOUBLE:
		return windowAgg(fn.Name, col.Doubles()[:col.Len()], value.NullDouble, value.DOUBLE, windows), true
	case value.LONG:
		return windowAgg(fn.Name, col.Longs()[:col.Len()], value.NullLong, value.LONG, windows), true
	case value.INT:
		return windowAgg(fn.Name, col.Ints()[:col.Len()], value.NullInt, value.INT, windows), true
	}
	return nil, false
}

type windowNum interface{ ~int32 | ~int64 | ~float64 }

// windowDoubles is fin(sum, count) of the non-null values of each window
// as DOUBLE, null for a window without any.
func windowDoubles[T windowNum](xs []T, null T, windows [][]int32, fin func(s float64, c int) float64) *value.Vector {
	out := value.NewVector(value.DOUBLE, len(windows))
	ds := out.Doubles()
	for i, rows := range windows {
		s, c := 0.0, 0
		for _, j := range rows {
			if x := xs[j]; x != null {
				s += float64(x)
				c++
			}
		}
		ds[i] = value.NullDouble
		if c > 0 {
			ds[i] = fin(s, c)
		}
	}
	return out
}

// windowAgg computes fn over xs[rows] for each window; t is xs's type.
func windowAgg[T windowNum](fn string, xs []T, null T, t value.Type, windows [][]int32) *value.Vector {
	n := len(windows)
	switch fn {
	case "count":
		out := value.NewVector(value.INT, n)
		cs := out.Ints()
		for i, rows := range windows {
			c := int32(0)
			for _, j := range rows {
				if xs[j] != null {
					c++
				}
			}
			cs[i] = c
		}
		return out
	case "avg":
		return windowDoubles(xs, null, windows, func(s float64, c int) float64 { return s / float64(c) })
	case "sum":
		if t == value.DOUBLE {
			return windowDoubles(xs, null, windows, func(s float64, _ int) float64 { return s })
		}
		out := value.NewVector(value.LONG, n)
		ls := out.Longs()
		for i, rows := range windows {
			var s int64
			c := 0
			for _, j := range rows {
				if x := xs[j]; x != null {
					s += int64(x)
					c++
				}
			}
			ls[i] = value.NullLong
			if c > 0 {
				ls[i] = s
			}
		}
		return out
	}
	out := value.NewVector(t, n)
	var res []T
	switch t {
	case value.DOUBLE:
		res = any(out.Doubles()).([]T)
	case value.LONG:
		res = any(out.Longs()).([]T)
	default:
		res = any(out.Ints()).([]T)
	}
	for i, rows := range windows {
		r := null
		switch fn {
		case "first":
			if len(rows) > 0 {
				r = xs[rows[0]]
			}
		case "last":
			if len(rows) > 0 {
				r = xs[rows[len(rows)-1]]
			}
		case "min", "max":
			for _, j := range rows {
				x := xs[j]
				if x == null {
					continue
				}
				if r == null || fn == "min" && x < r || fn == "max" && x > r {
					r = x
				}
			}
		}
		res[i] = r
	}
	return out
}
