// This file defines Matrix: a column-major 2-D block of one type on a
// Vector, with optional row and column labels.

package value

import "fmt"

// Matrix is rows x cols elements stored column by column in data.
type Matrix struct {
	data       *Vector
	rows, cols int
	rowLabels  *Vector // nil: none
	colLabels  *Vector // nil: none
	indexed    Indexing
}

// Indexing marks a labelled matrix as an indexed matrix or indexed series
// (setIndexedMatrix!, indexedSeries): its row labels are then an ascending
// index that aligns binary operations and drives time-based windows.
type Indexing uint8

const (
	NotIndexed Indexing = iota
	IndexedMatrix
	IndexedSeries
)

// Indexed returns how the matrix is indexed.
func (m *Matrix) Indexed() Indexing { return m.indexed }

// SetIndexed marks the matrix as an indexed matrix or series; it needs row
// labels (and, for a series, one column).
func (m *Matrix) SetIndexed(k Indexing) error {
	if k != NotIndexed && m.rowLabels == nil {
		return fmt.Errorf("The matrix must have row labels to be indexed")
	}
	if k == IndexedSeries && m.cols != 1 {
		return fmt.Errorf("An indexed series must have exactly one column")
	}
	m.indexed = k
	return nil
}

// NewMatrix allocates a rows x cols matrix of type t filled with zeros.
func NewMatrix(t Type, rows, cols int) *Matrix {
	return &Matrix{data: NewVector(t, rows*cols), rows: rows, cols: cols}
}

// FromVector shapes v (not copied) as a rows x cols matrix, column-major.
func FromVector(v *Vector, rows, cols int) (*Matrix, error) {
	if rows < 0 || cols < 0 || rows*cols != v.n {
		return nil, fmt.Errorf("The size of the vector (%d) doesn't match the matrix dimension %d:%d", v.n, rows, cols)
	}
	if v.typ == ANY || v.typ.IsArray() {
		return nil, fmt.Errorf("A matrix can't be created from %s", TypeStr(v))
	}
	return &Matrix{data: v, rows: rows, cols: cols}, nil
}

func (m *Matrix) Type() Type { return m.data.typ }
func (m *Matrix) Form() Form { return MATRIX }

// Rows is the number of rows.
func (m *Matrix) Rows() int { return m.rows }

// Cols is the number of columns.
func (m *Matrix) Cols() int { return m.cols }

// Data returns the column-major storage (shared).
func (m *Matrix) Data() *Vector { return m.data }

// At returns the element at row r, column c.
func (m *Matrix) At(r, c int) Value { return m.data.Get(c*m.rows + r) }

// SetAt stores x at row r, column c.
func (m *Matrix) SetAt(r, c int, x Value) error { return m.data.Set(c*m.rows+r, x) }

// Column returns a copy of column c.
func (m *Matrix) Column(c int) *Vector { return m.data.Slice(c*m.rows, (c+1)*m.rows) }

// Row returns a copy of row r.
func (m *Matrix) Row(r int) *Vector {
	idx := make([]int, m.cols)
	for c := range idx {
		idx[c] = c*m.rows + r
	}
	return m.data.Gather(idx)
}

// RowLabels returns the row labels or nil.
func (m *Matrix) RowLabels() *Vector { return m.rowLabels }

// ColLabels returns the column labels or nil.
func (m *Matrix) ColLabels() *Vector { return m.colLabels }

// SetRowLabels sets (or with nil clears) the row labels.
func (m *Matrix) SetRowLabels(l *Vector) error {
	if l != nil && l.n != m.rows {
		return fmt.Errorf("The length of the row labels must equal the number of rows")
	}
	m.rowLabels = l
	return nil
}

// SetColLabels sets (or with nil clears) the column labels.
func (m *Matrix) SetColLabels(l *Vector) error {
	if l != nil && l.n != m.cols {
		return fmt.Errorf("The length of the column labels must equal the number of columns")
	}
	m.colLabels = l
	return nil
}

// Clone copies the matrix storage.
func (m *Matrix) Clone() *Matrix {
	r := *m
	r.data = m.data.Clone()
	return &r
}

// AppendColumns is append!(m, x): x, a vector whose length is a multiple of
// the row count or a matrix of as many rows, adds columns in place.
func (m *Matrix) AppendColumns(x Value) error {
	var o *Vector
	switch c := x.(type) {
	case *Vector:
		o = c
	case *Matrix:
		if c.rows != m.rows {
			return fmt.Errorf("The number of rows of the matrix to append (%d) doesn't match the matrix's (%d)", c.rows, m.rows)
		}
		o = c.data
	default:
		if x.Form() != SCALAR || m.rows != 1 {
			return fmt.Errorf("append!: the data to append to a matrix must be a vector or a matrix")
		}
		o = NewVector(x.Type(), 1)
		o.scale = scaleOf(x)
		o.store(0, x)
	}
	if m.rows == 0 || o.n%m.rows != 0 {
		return fmt.Errorf("The size of the vector to append (%d) must be a multiple of the number of rows (%d)", o.n, m.rows)
	}
	if m.colLabels != nil {
		return fmt.Errorf("append!: can't append columns to a matrix with column labels")
	}
	if err := m.data.AppendVector(o); err != nil {
		return err
	}
	m.cols += o.n / m.rows
	return nil
}
