// This file implements the VM's object operations: truthiness, copying,
// literals of containers, indexing and indexed assignment, destructuring,
// exceptions and assert.

package vm

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

// truthy is the condition of if, while, do-while and a scalar ternary: a
// non-zero, non-null scalar. A null condition is false.
func truthy(v value.Value) (bool, error) {
	switch x := v.(type) {
	case value.Bool:
		return x == 1, nil
	case value.Int:
		return x != 0 && x != value.Int(value.NullInt), nil
	case value.Long:
		return x != 0 && x != value.Long(value.NullLong), nil
	case nil, value.Void:
		return false, nil
	}
	if v.Form() != value.SCALAR {
		return false, errorf("A scalar condition is expected, but got %s.", value.TypeStr(v))
	}
	if value.IsNull(v) {
		return false, nil
	}
	if f, ok := value.ToFloat64(v); ok {
		return f != 0, nil
	}
	if n, ok := value.ToInt64(v); ok {
		return n != 0, nil
	}
	return false, errorf("A %s can't be used as a condition.", value.TypeStr(v))
}

// copyValue gives `y = x` its value semantics for mutable containers.
func copyValue(v value.Value) value.Value {
	switch x := v.(type) {
	case *value.Vector:
		return x.Clone()
	case *value.Dict:
		return x.Clone()
	case *value.Set:
		return x.Clone()
	case *value.Matrix:
		return x.Clone()
	case *value.Table:
		return x.Clone()
	}
	return v
}

// inPlace completes a compound assignment: when the new value has the old
// vector's type and length, it is written into the old vector so that
// references (&x, mutable parameters) see the change.
func inPlace(old, nw value.Value) value.Value {
	o, ok1 := old.(*value.Vector)
	n, ok2 := nw.(*value.Vector)
	if !ok1 || !ok2 || o == n || o.Type() != n.Type() || o.Len() != n.Len() || o.Scale() != n.Scale() {
		return nw
	}
	switch {
	case o.Type() == value.STRING || o.Type() == value.BLOB:
		copy(o.Strings(), n.Strings())
		o.Modified()
	case o.Type() == value.ANY:
		copy(o.Elems(), n.Elems())
	case o.Type() == value.SYMBOL || o.Type().IsArray():
		return nw
	default:
		copy(o.Raw(), n.Raw())
	}
	return o
}

func makeVector(elems []value.Value) value.Value {
	for i, e := range elems {
		if e == nil {
			elems[i] = value.Void{}
		}
	}
	return value.MakeVector(elems)
}

// makeDict builds the JSON-like literal {k: v, ...}: an ordered ANY
// dictionary.
func makeDict(kv []value.Value) (value.Value, error) {
	kt := value.STRING
	if len(kv) > 0 && kv[0] != nil {
		kt = kv[0].Type()
	}
	d := value.NewDict(kt, value.ANY, true)
	for i := 0; i+1 < len(kv); i += 2 {
		if err := d.Set(kv[i], kv[i+1]); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func toInt(v value.Value) (int, bool) {
	if v == nil || v.Form() != value.SCALAR {
		return 0, false
	}
	switch v.Type().Category() {
	case value.INTEGRAL, value.LOGICAL:
		n, ok := value.ToInt64(v)
		return int(n), ok
	}
	return 0, false
}

// index evaluates x[i] / x[r, c].
func (t *Thread) index(x value.Value, idx []value.Value) (value.Value, error) {
	if f, ok := x.(value.Function); ok {
		return t.call(f, idx, nil, nil)
	}
	idx, err := t.resolveIndex(x, idx)
	if err != nil {
		return nil, err
	}
	if len(idx) > 1 {
		switch c := x.(type) {
		case *value.Vector, *value.Dict:
			return t.indexNested(x, idx)
		case *value.Table:
			return t.indexTable2(c, idx)
		}
	}
	if len(idx) == 1 {
		switch c := x.(type) {
		case *value.Vector:
			if i, ok := toInt(idx[0]); ok {
				if i < 0 || i >= c.Len() {
					if c.Type() == value.ANY {
						return value.Void{}, nil
					}
					return value.NullOf(c.Type()), nil
				}
				return c.Get(i), nil
			}
		case *value.Dict:
			if idx[0] != nil && idx[0].Form() == value.SCALAR {
				if v, ok := c.Get(idx[0]); ok {
					return v, nil
				}
				return value.NullOf(c.ValueType()), nil
			}
		case *value.Table:
			if s, ok := idx[0].(value.String); ok {
				if col := c.Col(string(s)); col != nil {
					return col, nil
				}
				return nil, errorf("Unrecognized column name %s", string(s))
			}
		}
	}
	if at, ok := t.sess.universe["at"]; ok {
		args := append([]value.Value{x}, idx...)
		return t.callBuiltin(at, args, nil, nil)
	}
	return indexFallback(x, idx)
}

// indexNested is x[i, j, ...] on a tuple (or vector, dictionary): i selects
// elements of x (an empty i all of them), and the remaining indexes apply
// to each selected element; several selected elements give a tuple. A
// scalar reached before the indexes run out is its own element.
func (t *Thread) indexNested(x value.Value, idx []value.Value) (value.Value, error) {
	rest := idx[1:]
	sel := x
	if idx[0] != nil {
		var err error
		if sel, err = t.index(x, idx[:1]); err != nil {
			return nil, err
		}
		if idx[0].Form() == value.SCALAR {
			return t.indexRest(sel, rest)
		}
	}
	var elems []value.Value
	switch c := sel.(type) {
	case *value.Vector:
		elems = make([]value.Value, c.Len())
		for i := range elems {
			elems[i] = c.Get(i)
		}
	default:
		return t.indexRest(sel, rest)
	}
	for i, e := range elems {
		r, err := t.indexRest(e, rest)
		if err != nil {
			return nil, err
		}
		elems[i] = r
	}
	return value.NewTuple(elems), nil
}

func (t *Thread) indexRest(x value.Value, rest []value.Value) (value.Value, error) {
	if len(rest) == 0 || x == nil || x.Form() == value.SCALAR {
		return x, nil
	}
	return t.index(x, rest)
}

// indexTable2 is t[rows, cols]: the columns named or numbered by cols (all
// when empty), then the rows (all when empty) as a table.
func (t *Thread) indexTable2(tb *value.Table, idx []value.Value) (value.Value, error) {
	if len(idx) != 2 {
		return nil, errorf("A table supports at most two indexes.")
	}
	sub := tb
	if c := idx[1]; c != nil {
		var cols []int
		switch {
		case c.Type() == value.STRING || c.Type() == value.SYMBOL:
			list, _, err := names(c)
			if err != nil {
				return nil, err
			}
			for _, n := range list {
				i := tb.ColIndex(n)
				if i < 0 {
					return nil, errorf("Unrecognized column name %s", n)
				}
				cols = append(cols, i)
			}
		default:
			pos, err := positions(c, tb.NumCols())
			if err != nil {
				return nil, err
			}
			cols = pos
		}
		nm := make([]string, len(cols))
		cv := make([]value.Value, len(cols))
		for k, i := range cols {
			if i < 0 || i >= tb.NumCols() {
				return nil, errorf("The column index %d is out of range.", i)
			}
			nm[k], cv[k] = tb.Names()[i], tb.Column(i)
		}
		var err error
		if sub, err = value.NewTable(nm, cv); err != nil {
			return nil, err
		}
	}
	if idx[0] == nil {
		if sub == tb {
			return tb.Clone(), nil
		}
		return sub, nil
	}
	return t.index(sub, idx[:1])
}

// positions resolves an index against a dimension of length n: an integer
// or integer vector, a pair a:b (b exclusive), or a BOOL filter.
func positions(ix value.Value, n int) ([]int, error) {
	switch c := ix.(type) {
	case *value.Pair:
		lo, ok1 := toInt(c.First())
		hi, ok2 := toInt(c.Second())
		if !ok1 || !ok2 {
			return nil, errorf("Invalid range index.")
		}
		var out []int
		if lo <= hi {
			for i := lo; i < hi; i++ {
				out = append(out, i)
			}
		} else {
			for i := lo - 1; i >= hi; i-- {
				out = append(out, i)
			}
		}
		return out, nil
	case *value.Vector:
		var out []int
		if c.Type() == value.BOOL {
			for i, b := range c.Int8s()[:c.Len()] {
				if b == 1 {
					out = append(out, i)
				}
			}
			return out, nil
		}
		for j := 0; j < c.Len(); j++ {
			k, ok := toInt(c.Get(j))
			if !ok {
				return nil, errorf("The index must be integral, boolean or a pair")
			}
			out = append(out, k)
		}
		return out, nil
	}
	if k, ok := toInt(ix); ok {
		return []int{k}, nil
	}
	return nil, errorf("The index must be integral, boolean or a pair")
}

// indexFallback covers the common index forms when no `at` built-in is
// installed.
func indexFallback(x value.Value, idx []value.Value) (value.Value, error) {
	switch c := x.(type) {
	case *value.Pair:
		if i, ok := toInt(idx[0]); ok && len(idx) == 1 {
			if i < 0 || i > 1 {
				return value.NullOf(c.Type()), nil
			}
			return c.Get(i), nil
		}
	case *value.Vector:
		if len(idx) != 1 {
			break
		}
		switch ix := idx[0].(type) {
		case *value.Pair:
			lo, ok1 := toInt(ix.First())
			hi, ok2 := toInt(ix.Second())
			if ok1 && ok2 {
				return c.Slice(lo, hi), nil
			}
		case *value.Vector:
			if ix.Type() == value.BOOL {
				var pos []int
				for i, b := range ix.Int8s() {
					if b == 1 {
						pos = append(pos, i)
					}
				}
				return c.Gather(pos), nil
			}
			pos := make([]int, ix.Len())
			for i := range pos {
				n, ok := toInt(ix.Get(i))
				if !ok {
					n = -1
				}
				pos[i] = n
			}
			return c.Gather(pos), nil
		}
	case *value.Matrix:
		if len(idx) == 2 {
			r, ok1 := toInt(idx[0])
			col, ok2 := toInt(idx[1])
			switch {
			case ok1 && ok2:
				return c.At(r, col), nil
			case idx[0] == nil && ok2:
				return c.Column(col), nil
			case ok1 && idx[1] == nil:
				return c.Row(r), nil
			}
		} else if col, ok := toInt(idx[0]); ok {
			return c.Column(col), nil
		}
	case *value.Table:
		if i, ok := toInt(idx[0]); ok && len(idx) == 1 {
			return c.Row(i), nil
		}
	}
	return nil, errorf("Unsupported index of a %s.", value.TypeStr(x))
}

// slice evaluates x[lo:], x[:hi] (nil = open end).
func (t *Thread) slice(x, lo, hi value.Value) (value.Value, error) {
	n := 0
	switch c := x.(type) {
	case *value.Vector:
		n = c.Len()
	case *value.Table:
		n = c.Rows()
	case *value.Matrix:
		n = c.Rows()
	default:
		return nil, errorf("Unsupported slice of a %s.", value.TypeStr(x))
	}
	a, b := 0, n
	if lo != nil {
		i, ok := toInt(lo)
		if !ok {
			return nil, errorf("A slice bound must be an integer.")
		}
		if i < 0 {
			i += n
		}
		a = i
	}
	if hi != nil {
		i, ok := toInt(hi)
		if !ok {
			return nil, errorf("A slice bound must be an integer.")
		}
		if i < 0 {
			i += n
		}
		b = i
	}
	switch c := x.(type) {
	case *value.Vector:
		return c.Slice(a, b), nil
	case *value.Table:
		return c.Slice(a, b), nil
	}
	p, err := value.NewPair(value.Int(a), value.Int(b))
	if err != nil {
		return nil, err
	}
	return t.index(x, []value.Value{p})
}

// member evaluates x.name: a table column, a dictionary key, or a method
// call without arguments.
func (t *Thread) member(x value.Value, name string) (value.Value, error) {
	switch c := x.(type) {
	case *value.Table:
		if col := c.Col(name); col != nil {
			return col, nil
		}
	case *value.Dict:
		if v, ok := c.Get(value.String(name)); ok {
			return v, nil
		}
		if k, err := value.ParseLiteral(c.KeyType(), name); err == nil {
			if v, ok := c.Get(k); ok {
				return v, nil
			}
		}
		if v, ok := c.Get(value.Symbol(name)); ok {
			return v, nil
		}
	}
	if f, ok := t.sess.lookupFunc(name); ok {
		return t.call(f, []value.Value{x}, nil, nil)
	}
	// System objects (a DFS table handle) answer member access in their
	// own words.
	if m, ok := x.(interface {
		Member(name string) (value.Value, error)
	}); ok {
		return m.Member(name)
	}
	return nil, errorf("Unrecognized column name or member %s", name)
}

func setMember(x value.Value, name string, v value.Value) (value.Value, error) {
	switch c := x.(type) {
	case *value.Table:
		return setIndexTable(c, []value.Value{value.String(name)}, v)
	case *value.Dict:
		return c, c.Set(value.String(name), v)
	}
	return nil, errorf("Can't assign a member of a %s.", value.TypeStr(x))
}

// elemAt returns v itself for a scalar, else its j-th element.
func elemAt(v value.Value, j int) value.Value {
	if vec, ok := v.(*value.Vector); ok {
		return vec.Get(j)
	}
	return v
}

// setIndex performs x[idx] = v in place and returns the updated object.
func (t *Thread) setIndex(x value.Value, idx []value.Value, v value.Value) (value.Value, error) {
	if v == nil {
		v = value.Void{}
	}
	if tbl, ok := x.(*value.Table); ok && (isCode(v) || len(idx) == 2 && isCode(idx[1])) {
		return t.updateByCode(tbl, idx, v)
	}
	idx, err := t.resolveIndex(x, idx)
	if err != nil {
		return nil, err
	}
	switch c := x.(type) {
	case *value.Vector:
		return setIndexVector(c, idx, v)
	case *value.Dict:
		if len(idx) != 1 {
			break
		}
		if kv, ok := idx[0].(*value.Vector); ok {
			for j := 0; j < kv.Len(); j++ {
				if err := c.Set(kv.Get(j), elemAt(v, j)); err != nil {
					return nil, err
				}
			}
			return c, nil
		}
		return c, c.Set(idx[0], v)
	case *value.Table:
		return setIndexTable(c, idx, v)
	case *value.Pair:
		if _, err := setIndexVector(c.Vector(), idx, v); err != nil {
			return nil, err
		}
		return c, nil
	case *value.Matrix:
		if len(idx) == 1 {
			if col, ok := toInt(idx[0]); ok {
				for i := 0; i < c.Rows(); i++ {
					if err := c.SetAt(i, col, elemAt(v, i)); err != nil {
						return nil, err
					}
				}
				return c, nil
			}
			if m, ok := idx[0].(*value.Matrix); ok {
				idx = []value.Value{m.Data()}
			}
			if vm, ok := v.(*value.Matrix); ok {
				v = vm.Data()
			}
			if _, err := setIndexVector(c.Data(), idx, v); err != nil {
				return nil, err
			}
			return c, nil
		}
		if len(idx) != 2 {
			break
		}
		return setMatrixCells(c, idx[0], idx[1], v)
	}
	return nil, errorf("Unsupported indexed assignment to a %s.", value.TypeStr(x))
}

// setMatrixCells is m[rows, cols] = v: an empty index is the whole
// dimension; v is a scalar, a matrix of the selection's shape, or a vector
// of its cells in column order.
func setMatrixCells(m *value.Matrix, ri, ci value.Value, v value.Value) (value.Value, error) {
	all := func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	rows, cols := all(m.Rows()), all(m.Cols())
	var err error
	if ri != nil {
		if rows, err = positions(ri, m.Rows()); err != nil {
			return nil, err
		}
	}
	if ci != nil {
		if cols, err = positions(ci, m.Cols()); err != nil {
			return nil, err
		}
	}
	src, _ := v.(*value.Matrix)
	k := 0
	for j, c := range cols {
		for i, r := range rows {
			if r < 0 || r >= m.Rows() || c < 0 || c >= m.Cols() {
				return nil, errorf("The matrix index is out of range.")
			}
			x := v
			if src != nil {
				x = src.At(i, j)
			} else {
				x = elemAt(v, k)
			}
			if err := m.SetAt(r, c, x); err != nil {
				return nil, err
			}
			k++
		}
	}
	return m, nil
}

func setIndexVector(c *value.Vector, idx []value.Value, v value.Value) (value.Value, error) {
	if len(idx) != 1 {
		return nil, errorf("A vector takes one index.")
	}
	if i, ok := toInt(idx[0]); ok {
		if i == c.Len() {
			return c, c.Append(v)
		}
		return c, c.Set(i, v)
	}
	var pos []int
	switch ix := idx[0].(type) {
	case *value.Pair:
		lo, ok1 := toInt(ix.First())
		hi, ok2 := toInt(ix.Second())
		if !ok1 || !ok2 {
			return nil, errorf("Invalid range index.")
		}
		for i := lo; i < hi; i++ {
			pos = append(pos, i)
		}
	case *value.Vector:
		if ix.Type() == value.BOOL {
			if vv, ok := v.(*value.Vector); ok && vv.Len() == c.Len() && vv.Len() == ix.Len() {
				for i, b := range ix.Int8s() {
					if b == 1 {
						if err := c.Set(i, vv.Get(i)); err != nil {
							return nil, err
						}
					}
				}
				return c, nil
			}
			for i, b := range ix.Int8s() {
				if b == 1 {
					pos = append(pos, i)
				}
			}
		} else {
			for j := 0; j < ix.Len(); j++ {
				n, ok := toInt(ix.Get(j))
				if !ok {
					return nil, errorf("Invalid index.")
				}
				pos = append(pos, n)
			}
		}
	default:
		return nil, errorf("Invalid index of a vector.")
	}
	for j, i := range pos {
		if err := c.Set(i, elemAt(v, j)); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func isCode(v value.Value) bool {
	_, ok := v.(*Code)
	return ok
}

// updateByCode is t[col] = <expr> and t[col, <cond>] = value or <expr>:
// update t set col = expr where cond, as the metaprogramming tutorial
// writes it (trades[`qty, <sym=`IBM>] = <qty+100>), run by update!.
func (t *Thread) updateByCode(tbl *value.Table, idx []value.Value, v value.Value) (value.Value, error) {
	if len(idx) > 2 {
		return nil, errorf("A table column with metacode takes a column name and at most one condition.")
	}
	switch n := idx[0].(type) {
	case value.String, value.Symbol:
	case *value.Vector:
		if n.Type() != value.STRING && n.Type() != value.SYMBOL {
			return nil, errorf("A table column must be named by a string.")
		}
	default:
		return nil, errorf("A table column must be named by a string.")
	}
	f, ok := t.sess.universe["update!"]
	if !ok {
		return nil, errorf("update! is not in this build")
	}
	args := []value.Value{tbl, idx[0], v}
	if len(idx) == 2 {
		if !isCode(idx[1]) {
			return nil, errorf("The condition of a table column assignment must be metacode.")
		}
		args = append(args, idx[1])
	}
	if _, err := t.call(f, args, nil, nil); err != nil {
		return nil, err
	}
	return tbl, nil
}

func setIndexTable(c *value.Table, idx []value.Value, v value.Value) (value.Value, error) {
	if nv, ok := idx[0].(*value.Vector); ok && len(idx) == 1 && (nv.Type() == value.STRING || nv.Type() == value.SYMBOL) {
		// t[`a`b] = (col1, col2): add or replace several columns.
		for j := 0; j < nv.Len(); j++ {
			x := v
			if vv, ok := v.(*value.Vector); ok && vv.Type() == value.ANY {
				x = vv.Get(j)
			}
			if _, err := setIndexTable(c, []value.Value{value.String(nv.Get(j).String())}, x); err != nil {
				return nil, err
			}
		}
		return c, nil
	}
	if sym, ok := idx[0].(value.Symbol); ok {
		idx = append([]value.Value{value.String(sym)}, idx[1:]...)
	}
	name, ok := idx[0].(value.String)
	if !ok {
		return nil, errorf("A table column must be named by a string.")
	}
	i := c.ColIndex(string(name))
	if len(idx) == 2 {
		if i < 0 {
			return nil, errorf("Unrecognized column name %s", string(name))
		}
		if _, err := setIndexVector(c.Column(i), idx[1:], v); err != nil {
			return nil, err
		}
		return c, nil
	}
	col, isVec := v.(*value.Vector)
	if !isVec {
		if v.Form() != value.SCALAR {
			return nil, errorf("A table column must be a vector.")
		}
		col = value.NewVector(v.Type(), c.Rows())
		for r := 0; r < c.Rows(); r++ {
			if err := col.Set(r, v); err != nil {
				return nil, err
			}
		}
	}
	if i >= 0 {
		return c, c.SetColumn(i, col)
	}
	return c, c.AddColumn(string(name), col)
}

// unpack splits x for x1, ..., xn = x.
func unpack(x value.Value, n int) ([]value.Value, error) {
	out := make([]value.Value, n)
	mismatch := func(m int) error {
		return errorf("The number of variables (%d) doesn't match the number of values (%d).", n, m)
	}
	switch c := x.(type) {
	case *value.Vector:
		if c.Len() != n {
			return nil, mismatch(c.Len())
		}
		for i := range out {
			out[i] = c.Get(i)
		}
	case *value.Pair:
		if n != 2 {
			return nil, mismatch(2)
		}
		out[0], out[1] = c.First(), c.Second()
	case *value.Table:
		if c.Rows() != n {
			return nil, mismatch(c.Rows())
		}
		for i := range out {
			out[i] = c.Row(i)
		}
	case *value.Matrix:
		if c.Cols() != n {
			return nil, mismatch(c.Cols())
		}
		for i := range out {
			out[i] = c.Column(i)
		}
	default:
		for i := range out {
			out[i] = x
		}
	}
	return out, nil
}

// thrown is the error of `throw x`.
func thrown(x value.Value) *EvalError {
	msg := ""
	if x != nil {
		msg = x.String()
	}
	return &EvalError{Msg: msg, Code: "USER", Value: x}
}

// exceptionValue is what catch (ex) receives: errorCode : message.
func exceptionValue(e *EvalError) value.Value {
	code := e.Code
	if code == "" {
		code = "SYSTEM"
	}
	p, err := value.NewPair(value.String(code), value.String(e.Msg))
	if err != nil {
		return value.String(e.Msg)
	}
	return p
}

// assert fails unless x is true: a true scalar or an all-true BOOL vector.
func (t *Thread) assert(sub, x value.Value) error {
	ok := false
	switch c := x.(type) {
	case *value.Vector:
		if c.Type() == value.BOOL {
			ok = true
			for _, b := range c.Int8s() {
				if b != 1 {
					ok = false
					break
				}
			}
		}
	default:
		if x != nil && x.Form() == value.SCALAR {
			ok, _ = truthy(x)
		}
	}
	if ok {
		return nil
	}
	name := "adhocTesting"
	if sub != nil {
		name = sub.String()
	} else if t.sess.caseName != "" {
		name = t.sess.caseName
	}
	return &EvalError{Msg: fmt.Sprintf("Testing case %s failed", name), Code: "SYSTEM"}
}
