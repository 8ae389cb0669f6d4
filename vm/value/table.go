// This file defines Table: named columns of equal length.

package value

import (
	"fmt"
	"strings"
)

// Table is an ordered collection of named, equal-length column vectors.
type Table struct {
	names []string
	cols  []*Vector
	index map[string]int // lower-cased name -> column
	keys  []string       // key columns of a keyed or indexed table
}

// Keys returns the key column names of a keyed/indexed table (nil for a
// plain table).
func (t *Table) Keys() []string { return t.keys }

// SetKeys makes t keyed on the named columns; the keys must exist and be
// unique across rows.
func (t *Table) SetKeys(names []string) error {
	if len(names) == 0 {
		t.keys = nil
		return nil
	}
	idx := make([]int, len(names))
	for k, n := range names {
		if idx[k] = t.ColIndex(n); idx[k] < 0 {
			return fmt.Errorf("The key column %s doesn't exist in the table", n)
		}
	}
	seen := make(map[string]bool, t.Rows())
	for r := range t.Rows() {
		k := t.KeyOf(idx, r)
		if seen[k] {
			return fmt.Errorf("The key columns of a keyed table must be unique; row %d repeats a key", r)
		}
		seen[k] = true
	}
	t.keys = append([]string(nil), names...)
	return nil
}

// KeyOf returns a string identifying the values of columns cols in row r.
func (t *Table) KeyOf(cols []int, r int) string {
	var b strings.Builder
	for k, c := range cols {
		if k > 0 {
			b.WriteByte(0)
		}
		b.WriteString(t.cols[c].Get(r).String())
	}
	return b.String()
}

// NewTable builds a table from column names and vectors (not copied).
func NewTable(names []string, cols []Value) (*Table, error) {
	if len(names) != len(cols) {
		return nil, fmt.Errorf("The number of column names (%d) doesn't match the number of columns (%d)", len(names), len(cols))
	}
	t := &Table{index: map[string]int{}}
	for i, c := range cols {
		if err := t.AddColumn(names[i], c); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// NewEmptyTable is table(capacity:size, names, types): size rows of
// default values (0 for numbers, false for BOOL, null for every other type).
func NewEmptyTable(names []string, types []Type, size int) (*Table, error) {
	return NewEmptyTableScaled(names, types, nil, size)
}

// NewEmptyTableScaled is NewEmptyTable with the scales of DECIMAL columns
// (scales may be nil: scale 0).
func NewEmptyTableScaled(names []string, types []Type, scales []int32, size int) (*Table, error) {
	if len(names) != len(types) {
		return nil, fmt.Errorf("The length of column names must be equal to the length of column types")
	}
	cols := make([]Value, len(names))
	for i, t := range types {
		switch {
		case t == VOID || t.Category() == SYSTEM || t == DICTIONARY || t == COMPRESSED:
			return nil, fmt.Errorf("Invalid data type for column %s: %s", names[i], t)
		case t.IsDecimal() && scales != nil:
			cols[i] = NewDecimalVector(t, scales[i], size)
		case t.IsNumeric() && t != COMPRESSED, t.IsDecimal():
			cols[i] = NewVector(t, size)
		default:
			cols[i] = NewNullVector(t, size)
		}
	}
	return NewTable(names, cols)
}

func (t *Table) Type() Type { return ANY }
func (t *Table) Form() Form { return TABLE }

// Rows is the number of rows.
func (t *Table) Rows() int {
	if len(t.cols) == 0 {
		return 0
	}
	return t.cols[0].n
}

// NumCols is the number of columns.
func (t *Table) NumCols() int { return len(t.cols) }

// Names returns the column names (shared; do not modify).
func (t *Table) Names() []string { return t.names }

// Columns returns the column vectors (shared).
func (t *Table) Columns() []*Vector { return t.cols }

// Column returns column i.
func (t *Table) Column(i int) *Vector { return t.cols[i] }

// ColIndex returns the position of the column named name (case-insensitive)
// or -1.
func (t *Table) ColIndex(name string) int {
	if i, ok := t.index[strings.ToLower(name)]; ok {
		return i
	}
	return -1
}

// Col returns the column named name (case-insensitive), nil if absent.
func (t *Table) Col(name string) *Vector {
	if i := t.ColIndex(name); i >= 0 {
		return t.cols[i]
	}
	return nil
}

// AddColumn appends a column; a scalar is repeated to the row count.
func (t *Table) AddColumn(name string, col Value) error {
	if _, dup := t.index[strings.ToLower(name)]; dup {
		return fmt.Errorf("Duplicate column name: %s", name)
	}
	var v *Vector
	switch c := col.(type) {
	case *Vector:
		v = c
	case *Pair:
		v = c.v
	default:
		if col.Form() != SCALAR {
			return fmt.Errorf("A table column must be a vector: %s", name)
		}
		n := t.Rows()
		if len(t.cols) == 0 {
			n = 1
		}
		v = NewVector(col.Type(), n)
		v.scale = scaleOf(col)
		for i := range n {
			v.store(i, col)
		}
	}
	if len(t.cols) > 0 && v.n != t.Rows() {
		return fmt.Errorf("The length of column %s (%d) doesn't match the table's row count (%d)", name, v.n, t.Rows())
	}
	t.index[strings.ToLower(name)] = len(t.cols)
	t.names = append(t.names, name)
	t.cols = append(t.cols, v)
	return nil
}

// SetColumn replaces column i (same length).
func (t *Table) SetColumn(i int, v *Vector) error {
	if v.n != t.Rows() {
		return fmt.Errorf("The length of the new column doesn't match the table's row count")
	}
	t.cols[i] = v
	return nil
}

// Rename changes the name of column i.
func (t *Table) Rename(i int, name string) error {
	if j, dup := t.index[strings.ToLower(name)]; dup && j != i {
		return fmt.Errorf("Duplicate column name: %s", name)
	}
	delete(t.index, strings.ToLower(t.names[i]))
	t.names[i] = name
	t.index[strings.ToLower(name)] = i
	return nil
}

// DropColumn removes column i.
func (t *Table) DropColumn(i int) {
	t.names = append(t.names[:i:i], t.names[i+1:]...)
	t.cols = append(t.cols[:i:i], t.cols[i+1:]...)
	t.index = map[string]int{}
	for j, n := range t.names {
		t.index[strings.ToLower(n)] = j
	}
}

// Row returns row i as an ordered STRING->ANY dictionary.
func (t *Table) Row(i int) *Dict {
	d := NewDict(STRING, ANY, true)
	for j, c := range t.cols {
		_ = d.Set(String(t.names[j]), c.Get(i))
	}
	return d
}

// AppendTable appends the rows of o by column position, converting types.
func (t *Table) AppendTable(o *Table) error {
	if len(o.cols) != len(t.cols) {
		return fmt.Errorf("The number of columns of the table to insert must be the same as that of the original table")
	}
	for i, c := range t.cols {
		if err := c.AppendVector(o.cols[i]); err != nil {
			for j := 0; j < i; j++ {
				t.cols[j].Truncate(t.cols[j].n - o.Rows())
			}
			return err
		}
	}
	return nil
}

// Gather returns the rows at idx as a new table.
func (t *Table) Gather(idx []int) *Table {
	r := t.shell()
	for i, c := range t.cols {
		r.cols[i] = c.Gather(idx)
	}
	return r
}

// Slice returns rows [lo, hi) as a new table.
func (t *Table) Slice(lo, hi int) *Table {
	r := t.shell()
	for i, c := range t.cols {
		r.cols[i] = c.Slice(lo, hi)
	}
	return r
}

// Clone copies the table's columns.
func (t *Table) Clone() *Table { return t.Slice(0, t.Rows()) }

// shell returns a table with t's names and room for its columns.
func (t *Table) shell() *Table {
	r := &Table{names: append([]string(nil), t.names...), index: make(map[string]int, len(t.index)), cols: make([]*Vector, len(t.cols))}
	for k, v := range t.index {
		r.index[k] = v
	}
	return r
}
