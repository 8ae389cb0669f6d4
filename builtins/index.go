// This file declares at (x[i]): indexing, filtering and slicing of every
// form, and calling a function value ((sum)[1..10]).

package builtins

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

var indexFuncs = []*Func{
	{Name: "at", Params: []string{"X", "[index]", "[col]"}, MinArgs: 1, MaxArgs: 3, Kind: System, Doc: "X[index]: element, gather, BOOL filter, pair slice [a,b); calls X when it is a function.", Impl: atImpl},
}

func registerIndex(r *Registry) { r.Register(indexFuncs...) }

func atImpl(env value.Env, args []value.Value) (value.Value, error) {
	if len(args) == 1 {
		if v, ok := args[0].(*value.Vector); ok && v.Type() == value.BOOL {
			var idx []int
			for i, b := range v.Int8s()[:v.Len()] {
				if b == 1 {
					idx = append(idx, i)
				}
			}
			if idx == nil {
				idx = []int{}
			}
			return idxVec(idx), nil
		}
		if v, ok := args[0].(*value.Vector); ok && isIntegral(v.Type()) {
			var idx []int
			for i, c := range i64s(v) {
				for range max(c, 0) {
					idx = append(idx, i)
				}
			}
			if idx == nil {
				idx = []int{}
			}
			return idxVec(idx), nil
		}
		return args[0], nil
	}
	x, i := args[0], args[1]
	if len(args) == 3 {
		return atMatrix2(x, i, args[2])
	}
	return at(env, x, i)
}

func at(env value.Env, x, i value.Value) (value.Value, error) {
	if i == nil {
		return x, nil
	}
	switch v := x.(type) {
	case value.Function:
		if isTuple(i) {
			return env.Call(v, i.(*value.Vector).Elems())
		}
		return env.Call(v, []value.Value{i})
	case *value.Vector:
		if isTuple(i) {
			return atNested(env, v, i.(*value.Vector).Elems())
		}
		return atVector(v, i)
	case *value.Pair:
		return atVector(v.Vector(), i)
	case *value.Matrix:
		if tp, ok := i.(*value.Vector); ok && isTuple(i) && tp.Len() == 2 {
			// m at (r, c) is m[r, c].
			return atMatrix2(v, tp.Get(0), tp.Get(1))
		}
		return atMatrix(v, i)
	case *value.Dict:
		return atDict(v, i)
	case *value.Table:
		return atTable(v, i)
	}
	if x.Form() == value.SCALAR {
		return atVector(toVector(x), i)
	}
	return nil, fmt.Errorf("%s doesn't support indexing", value.TypeStr(x))
}

// sliceBounds resolves a pair index a:b against length n: open ends
// (VOID) run to the ends, negative bounds count from the end.
func sliceBounds(p *value.Pair, n int) (lo, hi int, err error) {
	lo, hi = 0, n
	a, b := p.First(), p.Second()
	if !value.IsNull(a) {
		x, ok := value.ToInt64(a)
		if !ok {
			return 0, 0, fmt.Errorf("A slice index must be integral")
		}
		lo = int(x)
		if lo < 0 {
			lo += n
		}
	}
	if !value.IsNull(b) {
		x, ok := value.ToInt64(b)
		if !ok {
			return 0, 0, fmt.Errorf("A slice index must be integral")
		}
		hi = int(x)
		if hi < 0 {
			hi += n
		}
	}
	return lo, hi, nil
}

// indexList resolves an index value against length n: integer positions
// (out of range stays out of range, gathering null), a BOOL filter, or a
// pair slice. scalar reports a single integer index.
func indexList(i value.Value, n int) (idx []int, scalar bool, err error) {
	switch iv := i.(type) {
	case *value.Pair:
		lo, hi, err := sliceBounds(iv, n)
		if err != nil {
			return nil, false, err
		}
		if hi < lo {
			for k := lo - 1; k >= hi; k-- {
				idx = append(idx, k)
			}
			return idx, false, nil
		}
		for k := lo; k < hi; k++ {
			idx = append(idx, k)
		}
		return idx, false, nil
	case *value.Vector:
		if iv.Type() == value.BOOL {
			if iv.Len() != n {
				return nil, false, sizeMismatch(n, iv.Len())
			}
			for k, b := range iv.Int8s()[:iv.Len()] {
				if b == 1 {
					idx = append(idx, k)
				}
			}
			return idx, false, nil
		}
		if !isIntegral(iv.Type()) && iv.Type() != value.VOID {
			return nil, false, fmt.Errorf("The index must be integral, boolean or a pair")
		}
		idx = make([]int, iv.Len())
		for k := range idx {
			x, ok := value.ToInt64(iv.Get(k))
			if !ok || value.IsNull(iv.Get(k)) {
				x = -1
			}
			idx[k] = int(x)
		}
		return idx, false, nil
	}
	if i.Form() == value.SCALAR && (isIntegral(i.Type()) || i.Type() == value.VOID) {
		x, ok := value.ToInt64(i)
		if !ok || value.IsNull(i) {
			x = -1
		}
		return []int{int(x)}, true, nil
	}
	return nil, false, fmt.Errorf("The index must be integral, boolean or a pair")
}

func atVector(v *value.Vector, i value.Value) (value.Value, error) {
	idx, scalar, err := indexList(i, v.Len())
	if err != nil {
		return nil, err
	}
	if scalar {
		if idx[0] < 0 || idx[0] >= v.Len() {
			if v.Type() == value.ANY {
				return value.Void{}, nil
			}
			return value.NullOf(v.Type()), nil
		}
		return v.Get(idx[0]), nil
	}
	return v.Gather(idx), nil
}

func atMatrix(m *value.Matrix, i value.Value) (value.Value, error) {
	idx, scalar, err := indexList(i, m.Cols())
	if err != nil {
		return nil, err
	}
	if scalar {
		if idx[0] < 0 || idx[0] >= m.Cols() {
			return nil, fmt.Errorf("Index out of range: %d", idx[0])
		}
		return m.Column(idx[0]), nil
	}
	return subMatrix(m, nil, idx)
}

// atMatrix2 is m[r, c]; a nil r or c selects all.
func atMatrix2(x, r, c value.Value) (value.Value, error) {
	m, ok := x.(*value.Matrix)
	if !ok {
		return nil, fmt.Errorf("Only a matrix supports two indexes")
	}
	var ri, ci []int
	rs, cs := false, false
	var err error
	if r != nil {
		if ri, rs, err = indexList(r, m.Rows()); err != nil {
			return nil, err
		}
	}
	if c != nil {
		if ci, cs, err = indexList(c, m.Cols()); err != nil {
			return nil, err
		}
	}
	switch {
	case rs && cs:
		if ri[0] < 0 || ri[0] >= m.Rows() || ci[0] < 0 || ci[0] >= m.Cols() {
			return value.NullOf(m.Type()), nil
		}
		return m.At(ri[0], ci[0]), nil
	case rs && c == nil:
		// m[0,] keeps the row as a 1 x n matrix (m[0] is column 0).
		return subMatrix(m, ri, nil)
	case cs && r == nil:
		return subMatrix(m, nil, ci)
	}
	return subMatrix(m, ri, ci)
}

func subMatrix(m *value.Matrix, rows, cols []int) (value.Value, error) {
	if rows == nil {
		for k := range m.Rows() {
			rows = append(rows, k)
		}
	}
	if cols == nil {
		for k := range m.Cols() {
			cols = append(cols, k)
		}
	}
	idx := make([]int, 0, len(rows)*len(cols))
	for _, c := range cols {
		for _, r := range rows {
			if r < 0 || r >= m.Rows() || c < 0 || c >= m.Cols() {
				idx = append(idx, -1)
			} else {
				idx = append(idx, c*m.Rows()+r)
			}
		}
	}
	return value.FromVector(m.Data().Gather(idx), len(rows), len(cols))
}

func atDict(d *value.Dict, i value.Value) (value.Value, error) {
	if i.Form() == value.SCALAR {
		if v, ok := d.Get(i); ok {
			return v, nil
		}
		if d.ValueType() == value.ANY {
			return value.Void{}, nil
		}
		return value.NullOf(d.ValueType()), nil
	}
	ks := elems(i)
	out := make([]value.Value, len(ks))
	for k, key := range ks {
		v, err := atDict(d, key)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return value.MakeVector(out), nil
}

func atTable(t *value.Table, i value.Value) (value.Value, error) {
	if isLiteral(i.Type()) {
		if i.Form() == value.SCALAR {
			c := t.Col(i.String())
			if c == nil {
				return nil, fmt.Errorf("Column '%s' doesn't exist in the table", i.String())
			}
			return c, nil
		}
		names := vecStrings(toVector(i))
		cols := make([]value.Value, len(names))
		for k, n := range names {
			c := t.Col(n)
			if c == nil {
				return nil, fmt.Errorf("Column '%s' doesn't exist in the table", n)
			}
			cols[k] = c
		}
		return value.NewTable(names, cols)
	}
	idx, scalar, err := indexList(i, t.Rows())
	if err != nil {
		return nil, err
	}
	if scalar {
		if idx[0] < 0 || idx[0] >= t.Rows() {
			return nil, fmt.Errorf("Index out of range: %d", idx[0])
		}
		return t.Row(idx[0]), nil
	}
	return t.Gather(idx), nil
}

// atNested is x at (i, j, ...) on a vector or tuple: like x[i, j, ...], i
// selects elements of x and the remaining indexes apply to each selected
// element (several selected elements give a tuple). A scalar reached before
// the indexes run out is its own element.
func atNested(env value.Env, x *value.Vector, idx []value.Value) (value.Value, error) {
	if len(idx) == 0 {
		return x, nil
	}
	rest := idx[1:]
	sel, err := at(env, x, idx[0])
	if err != nil {
		return nil, err
	}
	if len(rest) == 0 || idx[0].Form() == value.SCALAR {
		return atRest(env, sel, rest)
	}
	sv, ok := sel.(*value.Vector)
	if !ok {
		return atRest(env, sel, rest)
	}
	out := make([]value.Value, sv.Len())
	for k := range out {
		if out[k], err = atRest(env, sv.Get(k), rest); err != nil {
			return nil, err
		}
	}
	return value.NewTuple(out), nil
}

func atRest(env value.Env, x value.Value, rest []value.Value) (value.Value, error) {
	if len(rest) == 0 || x == nil || x.Form() == value.SCALAR {
		return x, nil
	}
	if v, ok := x.(*value.Vector); ok {
		return atNested(env, v, rest)
	}
	if len(rest) == 1 {
		return at(env, x, rest[0])
	}
	if len(rest) == 2 {
		return atMatrix2(x, rest[0], rest[1])
	}
	return nil, fmt.Errorf("%s doesn't support %d indexes", value.TypeStr(x), len(rest))
}
