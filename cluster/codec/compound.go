// This file encodes and decodes the compound forms: PAIR, MATRIX, SET,
// DICTIONARY and TABLE (protocol.md §4.2).

package codec

import (
	"fmt"
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

func (e *encoder) compound(dst []byte, v value.Value) ([]byte, error) {
	switch x := v.(type) {
	case *value.Pair:
		return e.vector(dst, x.Vector(), value.PAIR)
	case *value.Matrix:
		return e.matrix(dst, x)
	case *value.Set:
		return e.vector(e.header(dst, x.Type(), value.SET), x.Keys(), value.VECTOR)
	case *value.Dict:
		dst = e.header(dst, x.ValueType(), value.DICT)
		dst, err := e.vector(dst, x.Keys(), value.VECTOR)
		if err != nil {
			return nil, err
		}
		return e.vector(dst, x.Values(), value.VECTOR)
	case *value.Table:
		return e.table(dst, x)
	}
	return nil, fmt.Errorf("codec: cannot serialize a %s %s (%T)", v.Type(), v.Form(), v)
}

func (e *encoder) matrix(dst []byte, m *value.Matrix) ([]byte, error) {
	data := m.Data()
	t := data.Type()
	if !fixedType(t) && t != value.STRING && t != value.VOID {
		return nil, fmt.Errorf("codec: cannot serialize a %s matrix", t)
	}
	dst = e.header(dst, t, value.MATRIX)
	var flags byte
	if m.RowLabels() != nil {
		flags |= 1
	}
	if m.ColLabels() != nil {
		flags |= 2
	}
	dst = append(dst, flags)
	var err error
	for _, l := range []*value.Vector{m.RowLabels(), m.ColLabels()} {
		if l != nil {
			if dst, err = e.vector(dst, l, value.VECTOR); err != nil {
				return nil, err
			}
		}
	}
	dst = e.header(dst, t, value.MATRIX)
	dst = e.i32(e.i32(dst, int32(m.Rows())), int32(m.Cols()))
	switch {
	case t == value.VOID:
		return dst, nil
	case t == value.STRING:
		for _, s := range data.Strings() {
			dst = cstring(dst, s)
		}
		return dst, nil
	case t.IsDecimal():
		dst = e.i32(dst, data.Scale())
	}
	return e.raw(dst, data.Raw(), t), nil
}

func (e *encoder) table(dst []byte, t *value.Table) ([]byte, error) {
	dst = e.header(dst, 0, value.TABLE)
	dst = e.i32(e.i32(dst, int32(t.Rows())), int32(t.NumCols()))
	dst = cstring(dst, "")
	for _, n := range t.Names() {
		dst = cstring(dst, n)
	}
	outer := e.syms
	e.syms = map[*value.SymbolBase]uint32{}
	defer func() { e.syms = outer }()
	var err error
	for _, c := range t.Columns() {
		if dst, err = e.vector(dst, c, value.VECTOR); err != nil {
			return nil, err
		}
	}
	return dst, nil
}

// pair reads a PAIR body: a vector of two elements.
func (d *Decoder) pair(t value.Type) (value.Value, error) {
	v, err := d.vector(t)
	if err != nil {
		return nil, err
	}
	vec, ok := v.(*value.Vector)
	if !ok || vec.Len() != 2 {
		return nil, invalid("a pair must have 2 elements")
	}
	return value.PairOf(vec), nil
}

// subVector reads a complete object that must be a vector.
func (d *Decoder) subVector(what string) (*value.Vector, error) {
	o, err := d.object()
	if err != nil {
		return nil, err
	}
	v, ok := o.(*value.Vector)
	if !ok || o.Form() != value.VECTOR {
		return nil, invalid("%s must be a vector, not a %s", what, o.Form())
	}
	return v, nil
}

func (d *Decoder) matrix(value.Type) (value.Value, error) {
	flags, err := d.src.byte()
	if err != nil {
		return nil, err
	}
	var labels [2]*value.Vector
	for i, what := range []string{"row labels", "column labels"} {
		if flags&(1<<i) != 0 {
			if labels[i], err = d.subVector(what); err != nil {
				return nil, err
			}
		}
	}
	t, _, err := d.header()
	if err != nil {
		return nil, err
	}
	rows, cols, err := d.dims()
	if err != nil {
		return nil, err
	}
	n := int64(rows) * int64(cols)
	if n > math.MaxInt32 {
		return nil, invalid("matrix of %d x %d", rows, cols)
	}
	if t == value.ANY || t.IsArray() || t == symbolExt {
		return nil, invalid("matrix of type %d", t)
	}
	data, err := d.elements(t, int(n))
	if err != nil {
		return nil, err
	}
	m, err := value.FromVector(data, int(rows), int(cols))
	if err != nil {
		return nil, invalid("%v", err)
	}
	if err := m.SetRowLabels(labels[0]); err != nil {
		return nil, invalid("%v", err)
	}
	if err := m.SetColLabels(labels[1]); err != nil {
		return nil, invalid("%v", err)
	}
	return m, nil
}

func (d *Decoder) set() (value.Value, error) {
	keys, err := d.subVector("a set's keys")
	if err != nil {
		return nil, err
	}
	s := value.NewSet(keys.Type())
	if err := s.Add(keys); err != nil {
		return nil, invalid("%v", err)
	}
	return s, nil
}

func (d *Decoder) dict() (value.Value, error) {
	keys, err := d.subVector("a dictionary's keys")
	if err != nil {
		return nil, err
	}
	vals, err := d.subVector("a dictionary's values")
	if err != nil {
		return nil, err
	}
	if keys.Len() != vals.Len() {
		return nil, invalid("dictionary with %d keys and %d values", keys.Len(), vals.Len())
	}
	if keys.Type() == value.ANY || keys.Type().IsArray() {
		return nil, invalid("dictionary keys of type %s", keys.Type())
	}
	vt := vals.Type()
	if vt.IsArray() {
		vt = value.ANY
	}
	m := value.NewDict(keys.Type(), vt, false)
	for i := range keys.Len() {
		if err := m.Set(keys.Get(i), vals.Get(i)); err != nil {
			return nil, invalid("%v", err)
		}
	}
	return m, nil
}

func (d *Decoder) table() (value.Value, error) {
	rows, cols, err := d.dims()
	if err != nil {
		return nil, err
	}
	if err := d.src.check(int64(cols) * 3); err != nil { // name, header, dims
		return nil, err
	}
	if _, err := d.src.cstring(); err != nil { // table name
		return nil, err
	}
	names := make([]string, 0, min(cols, 1024))
	for range cols {
		s, err := d.src.cstring()
		if err != nil {
			return nil, err
		}
		names = append(names, s)
	}
	outer := d.syms
	d.syms = nil
	defer func() { d.syms = outer }()
	columns := make([]value.Value, 0, len(names))
	for _, name := range names {
		c, err := d.subVector("column " + name)
		if err != nil {
			return nil, err
		}
		if c.Len() != int(rows) {
			return nil, invalid("column %s has %d rows, the table %d", name, c.Len(), rows)
		}
		columns = append(columns, c)
	}
	t, err := value.NewTable(names, columns)
	if err != nil {
		return nil, invalid("%v", err)
	}
	return t, nil
}
