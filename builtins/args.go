// This file defines argument decoding helpers shared by the families.

package builtins

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

// argInt returns an integral scalar argument.
func argInt(fn string, v value.Value) (int64, error) {
	if v == nil || v.Form() != value.SCALAR {
		return 0, fmt.Errorf("%s: the argument must be an integral scalar", fn)
	}
	x, ok := value.ToInt64(v)
	if !ok || (!isIntegral(v.Type()) && v.Type() != value.VOID) {
		return 0, fmt.Errorf("%s: the argument must be an integral scalar", fn)
	}
	return x, nil
}

// argBool returns a scalar argument's truth, def when skipped.
func argBool(v value.Value, def bool) bool {
	if v == nil || value.IsNull(v) {
		return def
	}
	x, ok := value.ToFloat64(v)
	return ok && x != 0
}

// toVector returns v as a vector: vectors themselves, scalars as a
// one-element vector, pairs as their storage.
func toVector(v value.Value) *value.Vector {
	switch x := v.(type) {
	case *value.Vector:
		return x
	case *value.Pair:
		return x.Vector()
	case *value.Matrix:
		return x.Data()
	case *value.Set:
		return x.Keys()
	}
	if vec, ok := value.MakeVector([]value.Value{v}).(*value.Vector); ok {
		return vec
	}
	return value.NewTuple([]value.Value{v})
}

// castVec converts a vector to type t (a no-op when it already is).
func castVec(v *value.Vector, t value.Type) (*value.Vector, error) {
	if v.Type() == t {
		return v, nil
	}
	r, err := value.Cast(v, t)
	if err != nil {
		return nil, err
	}
	out, ok := r.(*value.Vector)
	if !ok {
		return nil, fmt.Errorf("cannot convert %s to %s", value.TypeStr(v), t)
	}
	return out, nil
}

// sizeOf is size(x): elements of a vector, 2 for a pair, rows*cols of a
// matrix, entries of a set/dict, rows of a table, 1 for a scalar.
func sizeOf(x value.Value) int {
	switch v := x.(type) {
	case *value.Vector:
		return v.Len()
	case *value.Pair:
		return 2
	case *value.Matrix:
		return v.Rows() * v.Cols()
	case *value.Set:
		return v.Len()
	case *value.Dict:
		return v.Len()
	case *value.Table:
		return v.Rows()
	}
	return 1
}

// elems returns the elements the higher-order functions iterate: vector
// elements, matrix columns, table rows (as dicts), dict values, pair
// elements; a scalar is one element.
func elems(x value.Value) []value.Value {
	switch v := x.(type) {
	case *value.Vector:
		if v.Type() == value.ANY {
			return v.Elems()
		}
		out := make([]value.Value, v.Len())
		for i := range out {
			out[i] = v.Get(i)
		}
		return out
	case *value.Pair:
		return []value.Value{v.First(), v.Second()}
	case *value.Matrix:
		out := make([]value.Value, v.Cols())
		for i := range out {
			out[i] = v.Column(i)
		}
		return out
	case *value.Table:
		out := make([]value.Value, v.Rows())
		for i := range out {
			out[i] = v.Row(i)
		}
		return out
	case *value.Dict:
		out := make([]value.Value, v.Len())
		for i := range out {
			out[i] = v.ValueAt(i)
		}
		return out
	case *value.Set:
		return elems(v.Keys())
	}
	return []value.Value{x}
}

// assemble applies DolphinDB's default result assembly rule (language.md
// §2.4): all scalars make a vector, equal-length vectors a matrix (one
// column each), dictionaries a table, anything else a tuple.
func assemble(rs []value.Value) value.Value {
	if len(rs) == 0 {
		return value.NewTuple(nil)
	}
	allScalar, allVec, allDict := true, true, true
	n := -1
	for _, r := range rs {
		switch r.Form() {
		case value.SCALAR:
			allVec, allDict = false, false
			if _, isFn := r.(value.Function); isFn {
				allScalar = false
			}
		case value.VECTOR:
			allScalar, allDict = false, false
			l := r.(*value.Vector).Len()
			if isTuple(r) || (n >= 0 && l != n) {
				allVec = false
			}
			n = l
		case value.DICT:
			allScalar, allVec = false, false
		default:
			return value.NewTuple(rs)
		}
	}
	switch {
	case allScalar:
		return value.MakeVector(rs)
	case allVec && len(rs) > 0:
		t := rs[0].Type()
		for _, r := range rs[1:] {
			t = value.CommonType(t, r.Type())
		}
		if t == value.ANY || t == value.VOID {
			return value.NewTuple(rs)
		}
		data := value.NewVectorCap(t, 0, n*len(rs))
		for _, r := range rs {
			c, err := castVec(r.(*value.Vector), t)
			if err != nil {
				return value.NewTuple(rs)
			}
			if err := data.AppendVector(c); err != nil {
				return value.NewTuple(rs)
			}
		}
		m, err := value.FromVector(data, n, len(rs))
		if err != nil {
			return value.NewTuple(rs)
		}
		return m
	case allDict:
		if t, err := dictsToTable(rs); err == nil {
			return t
		}
	}
	return value.NewTuple(rs)
}

// dictsToTable makes a table from dictionaries with the same keys.
func dictsToTable(rs []value.Value) (value.Value, error) {
	first := rs[0].(*value.Dict)
	names := make([]string, first.Len())
	for i := range names {
		names[i] = first.KeyAt(i).String()
	}
	cols := make([]value.Value, len(names))
	for c := range names {
		col := make([]value.Value, len(rs))
		for r, d := range rs {
			v, ok := d.(*value.Dict).Get(first.KeyAt(c))
			if !ok {
				return nil, fmt.Errorf("dictionaries differ")
			}
			col[r] = v
		}
		cols[c] = value.MakeVector(col)
	}
	return value.NewTable(names, cols)
}
