// This file defines MapChildren, the one-level rewrite of expressions that
// the SQL engine and the VM's column binding both build their walks on.

package ast

// MapChildren returns e with each direct sub-expression replaced by
// f(sub); e itself when nothing changed (the node is copied otherwise, so
// the original tree is never modified). Statement bodies of lambdas and
// nested queries are not entered.
func MapChildren(e Expr, f func(Expr) Expr) Expr {
	changed := false
	m := func(x Expr) Expr {
		if x == nil {
			return nil
		}
		y := f(x)
		if y != x {
			changed = true
		}
		return y
	}
	list := func(xs []Expr) []Expr {
		out := make([]Expr, len(xs))
		for i, x := range xs {
			out[i] = m(x)
		}
		return out
	}
	args := func(as []Arg) []Arg {
		out := make([]Arg, len(as))
		for i, a := range as {
			out[i] = Arg{Name: a.Name, Value: m(a.Value)}
		}
		return out
	}
	var r Expr
	switch x := e.(type) {
	case *ParenExpr:
		c := *x
		c.X = m(x.X)
		r = &c
	case *UnaryExpr:
		c := *x
		c.X = m(x.X)
		r = &c
	case *BinaryExpr:
		c := *x
		c.X, c.Fun, c.Y = m(x.X), m(x.Fun), m(x.Y)
		r = &c
	case *TernaryExpr:
		c := *x
		c.Cond, c.Then, c.Else = m(x.Cond), m(x.Then), m(x.Else)
		r = &c
	case *CallExpr:
		c := *x
		c.Fun, c.Args = m(x.Fun), args(x.Args)
		r = &c
	case *PartialExpr:
		c := *x
		c.Fun, c.Args = m(x.Fun), args(x.Args)
		r = &c
	case *IndexExpr:
		c := *x
		c.X, c.Indices = m(x.X), list(x.Indices)
		r = &c
	case *SliceExpr:
		c := *x
		c.Lo, c.Hi = m(x.Lo), m(x.Hi)
		r = &c
	case *SelectorExpr:
		c := *x
		c.X = m(x.X)
		r = &c
	case *AdverbExpr:
		c := *x
		c.Fun = m(x.Fun)
		r = &c
	case *VectorLit:
		c := *x
		c.Elems = list(x.Elems)
		r = &c
	case *ArrayLit:
		c := *x
		c.Elems = list(x.Elems)
		r = &c
	case *TupleLit:
		c := *x
		c.Elems = list(x.Elems)
		r = &c
	case *DictLit:
		c := *x
		c.Values = list(x.Values)
		r = &c
	case *FuncLit:
		c := *x
		c.Expr = m(x.Expr)
		r = &c
	case *CaseExpr:
		c := *x
		c.X, c.Whens, c.Thens, c.Else = m(x.X), list(x.Whens), list(x.Thens), m(x.Else)
		r = &c
	case *BetweenExpr:
		c := *x
		c.X, c.Lo, c.Hi = m(x.X), m(x.Lo), m(x.Hi)
		r = &c
	case *IsNullExpr:
		c := *x
		c.X = m(x.X)
		r = &c
	case *AliasedExpr:
		c := *x
		c.X = m(x.X)
		r = &c
	case *WindowExpr:
		c := *x
		call, _ := m(x.Call).(*CallExpr)
		if call == nil {
			// The call was replaced by something else: keep the original
			// (a window is always over a call).
			call = x.Call
		}
		c.Call, c.Partition = call, list(x.Partition)
		c.OrderBy = make([]*OrderItem, len(x.OrderBy))
		for i, o := range x.OrderBy {
			oc := *o
			oc.Expr = m(o.Expr)
			c.OrderBy[i] = &oc
		}
		if x.Frame != nil {
			fc := *x.Frame
			fc.Lo.Offset, fc.Hi.Offset = m(x.Frame.Lo.Offset), m(x.Frame.Hi.Offset)
			c.Frame = &fc
		}
		r = &c
	default: // leaves: literals, identifiers, column ranges, queries ...
		return e
	}
	if !changed {
		return e
	}
	return r
}
