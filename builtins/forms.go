// This file lifts scalar/vector kernels to the other data forms: tuples
// element by element, pairs and matrices through their storage vector,
// dictionaries per value and tables per column.

package builtins

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

func isTuple(v value.Value) bool {
	vec, ok := v.(*value.Vector)
	return ok && vec.Type() == value.ANY
}

// sizeMismatch is DolphinDB's error for V∘V of different lengths.
func sizeMismatch(na, nb int) error {
	return fmt.Errorf("The size of the first operand (%d) doesn't match the size of the second operand (%d).", na, nb)
}

// mapForms1 applies f to x when x is a tuple, pair, matrix, dictionary or
// table; ok is false for scalars and regular vectors.
func mapForms1(x value.Value, f func(value.Value) (value.Value, error)) (value.Value, bool, error) {
	switch v := x.(type) {
	case *value.Vector:
		if v.Type() != value.ANY {
			return nil, false, nil
		}
		elems := v.Elems()
		out := make([]value.Value, len(elems))
		for i, e := range elems {
			r, err := f(e)
			if err != nil {
				return nil, true, err
			}
			out[i] = r
		}
		return value.NewTuple(out), true, nil
	case *value.Pair:
		r, err := f(v.Vector())
		if err != nil {
			return nil, true, err
		}
		return rewrapPair(r), true, nil
	case *value.Matrix:
		r, err := f(v.Data())
		if err != nil {
			return nil, true, err
		}
		m, err := rewrapMatrix(r, v)
		return m, true, err
	case *value.Dict:
		r, err := mapDict(v, f)
		return r, true, err
	case *value.Table:
		names := v.Names()
		cols := make([]value.Value, len(names))
		for i := range names {
			r, err := f(v.Column(i))
			if err != nil {
				return nil, true, err
			}
			cols[i] = r
		}
		t, err := value.NewTable(names, cols)
		return t, true, err
	}
	return nil, false, nil
}

// mapForms2 is mapForms1 for binary operators; y may be of any form
// compatible with x (same length, same dimensions, or a scalar).
func mapForms2(x, y value.Value, f func(a, b value.Value) (value.Value, error)) (value.Value, bool, error) {
	xf, yf := x.Form(), y.Form()
	if (xf == value.SCALAR || xf == value.VECTOR) && (yf == value.SCALAR || yf == value.VECTOR) && !isTuple(x) && !isTuple(y) {
		return nil, false, nil
	}
	switch {
	case xf == value.TABLE || yf == value.TABLE:
		r, err := mapTable2(x, y, f)
		return r, true, err
	case xf == value.DICT || yf == value.DICT:
		if d, ok := x.(*value.Dict); ok && yf != value.DICT {
			if es, ok := dictAligned(d, y); ok {
				r, err := mapDictIdx(d, func(i int, v value.Value) (value.Value, error) { return f(v, es[i]) })
				return r, true, err
			}
			r, err := mapDict(d, func(v value.Value) (value.Value, error) { return f(v, y) })
			return r, true, err
		}
		if d, ok := y.(*value.Dict); ok && xf != value.DICT {
			if es, ok := dictAligned(d, x); ok {
				r, err := mapDictIdx(d, func(i int, v value.Value) (value.Value, error) { return f(es[i], v) })
				return r, true, err
			}
			r, err := mapDict(d, func(v value.Value) (value.Value, error) { return f(x, v) })
			return r, true, err
		}
		return nil, true, fmt.Errorf("Binary operations between two dictionaries are not supported.")
	case xf == value.MATRIX || yf == value.MATRIX:
		r, err := mapMatrix2(x, y, f)
		return r, true, err
	case isTuple(x) || isTuple(y):
		r, err := mapTuple2(x, y, f)
		return r, true, err
	case xf == value.PAIR || yf == value.PAIR:
		r, err := f(pairVec(x), pairVec(y))
		if err != nil {
			return nil, true, err
		}
		return rewrapPair(r), true, nil
	}
	return nil, true, fmt.Errorf("The operation is not supported for %s and %s.", value.TypeStr(x), value.TypeStr(y))
}

func pairVec(v value.Value) value.Value {
	if p, ok := v.(*value.Pair); ok {
		return p.Vector()
	}
	return v
}

func rewrapPair(r value.Value) value.Value {
	if vec, ok := r.(*value.Vector); ok && vec.Len() == 2 && vec.Type() != value.ANY {
		return value.PairOf(vec)
	}
	return r
}

func rewrapMatrix(r value.Value, like *value.Matrix) (value.Value, error) {
	vec, ok := r.(*value.Vector)
	if !ok {
		return r, nil
	}
	m, err := value.FromVector(vec, like.Rows(), like.Cols())
	if err != nil {
		return nil, err
	}
	if l := like.RowLabels(); l != nil {
		_ = m.SetRowLabels(l)
	}
	if l := like.ColLabels(); l != nil {
		_ = m.SetColLabels(l)
	}
	return m, nil
}

// elemOf returns element i of a tuple-compatible operand: tuple and vector
// elements, or the scalar itself.
func elemOf(v value.Value, i int) value.Value {
	if vec, ok := v.(*value.Vector); ok {
		return vec.Get(i)
	}
	return v
}

func mapTuple2(x, y value.Value, f func(a, b value.Value) (value.Value, error)) (value.Value, error) {
	n := -1
	for _, v := range []value.Value{x, y} {
		if vec, ok := v.(*value.Vector); ok {
			if n >= 0 && vec.Len() != n {
				return nil, sizeMismatch(n, vec.Len())
			}
			n = vec.Len()
		}
	}
	out := make([]value.Value, n)
	for i := range out {
		r, err := f(elemOf(x, i), elemOf(y, i))
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return value.NewTuple(out), nil
}

func mapMatrix2(x, y value.Value, f func(a, b value.Value) (value.Value, error)) (value.Value, error) {
	mx, xok := x.(*value.Matrix)
	my, yok := y.(*value.Matrix)
	like := mx
	if !xok {
		like = my
	}
	if xok && yok && (mx.Rows() != my.Rows() || mx.Cols() != my.Cols()) {
		return nil, fmt.Errorf("The dimensions of the two matrices (%d:%d and %d:%d) don't match.", mx.Rows(), mx.Cols(), my.Rows(), my.Cols())
	}
	flat := func(v value.Value) (value.Value, error) {
		switch m := v.(type) {
		case *value.Matrix:
			return m.Data(), nil
		case *value.Vector:
			// A vector as long as a column applies to every column.
			if m.Len() == like.Rows() && like.Cols() != 1 {
				idx := make([]int, like.Rows()*like.Cols())
				for i := range idx {
					idx[i] = i % like.Rows()
				}
				return m.Gather(idx), nil
			}
		case *value.Pair:
			return nil, fmt.Errorf("The operation is not supported for a matrix and a pair.")
		}
		return v, nil
	}
	a, err := flat(x)
	if err != nil {
		return nil, err
	}
	b, err := flat(y)
	if err != nil {
		return nil, err
	}
	r, err := f(a, b)
	if err != nil {
		return nil, err
	}
	return rewrapMatrix(r, like)
}

// dictAligned reports whether o is a vector as long as d whose values are
// all scalars: dict + vector then works element-wise over the values
// (z1 + 1 1 1 1 adds 1 to each value), and returns o's elements.
func dictAligned(d *value.Dict, o value.Value) ([]value.Value, bool) {
	v, ok := o.(*value.Vector)
	if !ok || isTuple(o) || v.Len() != d.Len() {
		return nil, false
	}
	for i := range d.Len() {
		if d.ValueAt(i).Form() != value.SCALAR {
			return nil, false
		}
	}
	return elems(v), true
}

func mapDict(d *value.Dict, f func(value.Value) (value.Value, error)) (value.Value, error) {
	return mapDictIdx(d, func(_ int, v value.Value) (value.Value, error) { return f(v) })
}

func mapDictIdx(d *value.Dict, f func(int, value.Value) (value.Value, error)) (value.Value, error) {
	n := d.Len()
	vals := make([]value.Value, n)
	t := value.VOID
	for i := range n {
		r, err := f(i, d.ValueAt(i))
		if err != nil {
			return nil, err
		}
		vals[i] = r
		if r.Form() != value.SCALAR {
			t = value.ANY
		} else if t != value.ANY {
			t = value.CommonType(t, r.Type())
		}
	}
	if t == value.VOID {
		t = d.ValueType()
	}
	out := value.NewDict(d.KeyType(), t, d.Ordered())
	for i := range n {
		if err := out.Set(d.KeyAt(i), vals[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func mapTable2(x, y value.Value, f func(a, b value.Value) (value.Value, error)) (value.Value, error) {
	tx, xok := x.(*value.Table)
	ty, yok := y.(*value.Table)
	like := tx
	if !xok {
		like = ty
	}
	if xok && yok && tx.NumCols() != ty.NumCols() {
		return nil, fmt.Errorf("The two tables must have the same number of columns.")
	}
	names := like.Names()
	cols := make([]value.Value, len(names))
	for i := range names {
		a, b := x, y
		if xok {
			a = tx.Column(i)
		}
		if yok {
			b = ty.Column(i)
		}
		r, err := f(a, b)
		if err != nil {
			return nil, err
		}
		cols[i] = r
	}
	return value.NewTable(names, cols)
}
