// This file declares the matrix family: dot (**), eye diag transpose/flip
// inverse det solve trace concatMatrix, and the row-wise aggregates row*
// (rowSum rowAvg rowMax ...) over matrices, tables, tuples and several
// vector arguments. Dense algebra works on column-major []float64.

package builtins

import (
	"fmt"
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

var matrixFuncs = []*Func{
	{Name: "dot", Params: []string{"X", "Y"}, Kind: System, Doc: "Inner product of vectors; matrix product (**).", Impl: dotImpl},
	{Name: "eye", Params: []string{"n"}, Kind: System, Doc: "n x n identity DOUBLE matrix.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		n, err := argInt("eye", a[0])
		if err != nil {
			return nil, err
		}
		d := make([]float64, n*n)
		for i := range n {
			d[i*n+i] = 1
		}
		return denseMatrix(d, int(n), int(n), value.DOUBLE)
	}},
	{Name: "diag", Params: []string{"X"}, Kind: System, Doc: "Diagonal matrix of a vector, or the diagonal of a square matrix.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		if m, ok := a[0].(*value.Matrix); ok {
			n := min(m.Rows(), m.Cols())
			out := make([]value.Value, n)
			for i := range out {
				out[i] = m.At(i, i)
			}
			return value.MakeVector(out), nil
		}
		xs, err := f64s("diag", a[0])
		if err != nil {
			return nil, err
		}
		n := len(xs)
		d := make([]float64, n*n)
		for i, x := range xs {
			d[i*n+i] = x
		}
		return denseMatrix(d, n, n, value.CommonType(a[0].Type(), value.INT))
	}},
	{Name: "transpose", Params: []string{"X"}, Kind: System, Doc: "Transposed matrix; a dictionary or table of columns becomes a table/matrix.", Impl: fn1(transposeImpl)},
	{Name: "inverse", Params: []string{"X"}, Kind: System, Doc: "Inverse of a square matrix.", Impl: fn1(func(x value.Value) (value.Value, error) {
		a, n, err := squareArg("inverse", x)
		if err != nil {
			return nil, err
		}
		inv, ok := invert(a, n)
		if !ok {
			return nil, fmt.Errorf("The matrix is singular.")
		}
		return denseMatrix(inv, n, n, value.DOUBLE)
	})},
	{Name: "det", Params: []string{"X"}, Kind: System, Doc: "Determinant of a square matrix.", Impl: fn1(func(x value.Value) (value.Value, error) {
		a, n, err := squareArg("det", x)
		if err != nil {
			return nil, err
		}
		return value.Double(determinant(a, n)), nil
	})},
	{Name: "solve", Params: []string{"X", "Y"}, Kind: System, Doc: "Solves X * b = Y.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		m, n, err := squareArg("solve", a[0])
		if err != nil {
			return nil, err
		}
		y, err := f64s("solve", a[1])
		if err != nil {
			return nil, err
		}
		if len(y) != n {
			return nil, fmt.Errorf("Usage: solve(X, Y). The size of Y must equal the rows of X.")
		}
		inv, ok := invert(m, n)
		if !ok {
			return nil, fmt.Errorf("The matrix is singular.")
		}
		out := make([]float64, n)
		for i := range n {
			for k := range n {
				out[i] += inv[k*n+i] * y[k]
			}
		}
		return doublesVec(out), nil
	}},
	{Name: "trace", Params: []string{"X"}, Kind: System, Doc: "Sum of the diagonal.", Impl: fn1(func(x value.Value) (value.Value, error) {
		a, n, err := squareArg("trace", x)
		if err != nil {
			return nil, err
		}
		s := 0.0
		for i := range n {
			s += a[i*n+i]
		}
		return value.Double(s), nil
	})},
	{Name: "concatMatrix", Params: []string{"X", "[horizontal]"}, Kind: System, Doc: "Concatenates matrices horizontally (default) or vertically.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		ms := elems(a[0])
		horiz := len(a) < 2 || argBool(a[1], true)
		var cols []value.Value
		if horiz {
			for _, m := range ms {
				mm, ok := m.(*value.Matrix)
				if !ok {
					return nil, fmt.Errorf("Usage: concatMatrix(X, [horizontal=true]). X must be a tuple of matrices.")
				}
				for c := range mm.Cols() {
					cols = append(cols, mm.Column(c))
				}
			}
			return matrixImpl(nil, cols)
		}
		first, ok := ms[0].(*value.Matrix)
		if !ok {
			return nil, fmt.Errorf("Usage: concatMatrix(X, [horizontal=true]). X must be a tuple of matrices.")
		}
		for c := range first.Cols() {
			var col value.Value = first.Column(c)
			for _, m := range ms[1:] {
				mm := m.(*value.Matrix)
				if mm.Cols() != first.Cols() {
					return nil, fmt.Errorf("concatMatrix: the matrices must have the same number of columns.")
				}
				var err error
				if col, err = join(col, mm.Column(c), false); err != nil {
					return nil, err
				}
			}
			cols = append(cols, col)
		}
		return matrixImpl(nil, cols)
	}},
	rowF("rowSum", "Row-wise sum.", sumType, func(v []float64) float64 { return sliceSumNull(v) }),
	rowF("rowAvg", "Row-wise average.", doubleType, func(v []float64) float64 { m, _ := meanOf(v); return m }),
	rowF("rowMax", "Row-wise maximum.", keepType, func(v []float64) float64 { return maxOf(v, nullF) }),
	rowF("rowMin", "Row-wise minimum.", keepType, func(v []float64) float64 { return minOf(v, nullF) }),
	rowF("rowCount", "Row-wise count of non-null values.", intType, func(v []float64) float64 { return float64(len(valid(v))) }),
	rowF("rowSize", "Row-wise number of elements.", intType, func(v []float64) float64 { return float64(len(v)) }),
	rowF("rowStd", "Row-wise sample standard deviation.", doubleType, func(v []float64) float64 { return nullSqrt(variance(v, true)) }),
	rowF("rowStdp", "Row-wise population standard deviation.", doubleType, func(v []float64) float64 { return nullSqrt(variance(v, false)) }),
	rowF("rowVar", "Row-wise sample variance.", doubleType, func(v []float64) float64 { return variance(v, true) }),
	rowF("rowVarp", "Row-wise population variance.", doubleType, func(v []float64) float64 { return variance(v, false) }),
	rowF("rowSum2", "Row-wise sum of squares.", doubleType, func(v []float64) float64 { return powSum(v, 2) }),
	rowF("rowMed", "Row-wise median.", doubleType, func(v []float64) float64 { return quantileOf(valid(v), 0.5, "linear") }),
	rowF("rowSkew", "Row-wise skewness.", doubleType, func(v []float64) float64 { return skewOf(valid(v), true) }),
	rowF("rowKurtosis", "Row-wise kurtosis.", doubleType, func(v []float64) float64 { return kurtOf(valid(v), true) }),
	rowF("rowProd", "Row-wise product.", sumType, func(v []float64) float64 {
		p, n := 1.0, 0
		for _, x := range v {
			if x != nullF {
				p *= x
				n++
			}
		}
		if n == 0 {
			return nullF
		}
		return p
	}),
	rowF("rowImax", "Row-wise index of the maximum.", intType, func(v []float64) float64 { return float64(iext(doublesVec(v), true, false)) }),
	rowF("rowImin", "Row-wise index of the minimum.", intType, func(v []float64) float64 { return float64(iext(doublesVec(v), false, false)) }),
	rowF("rowAnd", "Row-wise logical and.", boolType, func(v []float64) float64 {
		for _, x := range v {
			if x == 0 {
				return 0
			}
		}
		return 1
	}),
	rowF("rowOr", "Row-wise logical or.", boolType, func(v []float64) float64 {
		for _, x := range v {
			if x != 0 && x != nullF {
				return 1
			}
		}
		return 0
	}),
	rowF("rowXor", "Row-wise logical exclusive or.", boolType, func(v []float64) float64 {
		r := 0.0
		for _, x := range v {
			if x != 0 && x != nullF {
				r = 1 - r
			}
		}
		return r
	}),
}

var boolType = func(value.Type) value.Type { return value.BOOL }

func registerMatrix(r *Registry) {
	r.Register(matrixFuncs...)
	r.Alias("flip", "transpose")
}

func sliceSumNull(v []float64) float64 {
	s, n := sumFloat(v, nullF)
	if n == 0 {
		return nullF
	}
	return s
}

// denseMatrix builds a rows x cols matrix of type t from column-major data.
func denseMatrix(d []float64, rows, cols int, t value.Type) (value.Value, error) {
	v := fromF64(doublesVec(d), t)
	return value.FromVector(v.(*value.Vector), rows, cols)
}

func squareArg(name string, x value.Value) ([]float64, int, error) {
	m, ok := x.(*value.Matrix)
	if !ok || m.Rows() != m.Cols() {
		return nil, 0, fmt.Errorf("Usage: %s(X). X must be a square matrix.", name)
	}
	d, err := f64s(name, m.Data())
	if err != nil {
		return nil, 0, err
	}
	return append([]float64{}, d...), m.Rows(), nil
}

// invert returns the inverse of column-major a (n x n) by Gauss-Jordan
// elimination with partial pivoting.
func invert(a []float64, n int) ([]float64, bool) {
	at := func(m []float64, r, c int) *float64 { return &m[c*n+r] }
	inv := make([]float64, n*n)
	for i := range n {
		inv[i*n+i] = 1
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(*at(a, r, c)) > math.Abs(*at(a, p, c)) {
				p = r
			}
		}
		if math.Abs(*at(a, p, c)) < 1e-14 {
			return nil, false
		}
		for k := range n {
			*at(a, c, k), *at(a, p, k) = *at(a, p, k), *at(a, c, k)
			*at(inv, c, k), *at(inv, p, k) = *at(inv, p, k), *at(inv, c, k)
		}
		piv := *at(a, c, c)
		for k := range n {
			*at(a, c, k) /= piv
			*at(inv, c, k) /= piv
		}
		for r := range n {
			if r == c {
				continue
			}
			f := *at(a, r, c)
			if f == 0 {
				continue
			}
			for k := range n {
				*at(a, r, k) -= f * *at(a, c, k)
				*at(inv, r, k) -= f * *at(inv, c, k)
			}
		}
	}
	return inv, true
}

func determinant(a []float64, n int) float64 {
	at := func(r, c int) *float64 { return &a[c*n+r] }
	d := 1.0
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(*at(r, c)) > math.Abs(*at(p, c)) {
				p = r
			}
		}
		if *at(p, c) == 0 {
			return 0
		}
		if p != c {
			d = -d
			for k := range n {
				*at(c, k), *at(p, k) = *at(p, k), *at(c, k)
			}
		}
		d *= *at(c, c)
		for r := c + 1; r < n; r++ {
			f := *at(r, c) / *at(c, c)
			for k := c; k < n; k++ {
				*at(r, k) -= f * *at(c, k)
			}
		}
	}
	return d
}

func transposeMatrix(m *value.Matrix) *value.Matrix {
	r, c := m.Rows(), m.Cols()
	idx := make([]int, r*c)
	for i := range r {
		for j := range c {
			idx[i*c+j] = j*r + i
		}
	}
	out, _ := value.FromVector(m.Data().Gather(idx), c, r)
	if l := m.ColLabels(); l != nil {
		_ = out.SetRowLabels(l)
	}
	if l := m.RowLabels(); l != nil {
		_ = out.SetColLabels(l)
	}
	return out
}

func transposeImpl(x value.Value) (value.Value, error) {
	switch v := x.(type) {
	case *value.Matrix:
		return transposeMatrix(v), nil
	case *value.Dict:
		names := make([]string, v.Len())
		cols := make([]value.Value, v.Len())
		for i := range names {
			names[i] = v.KeyAt(i).String()
			cols[i] = v.ValueAt(i)
		}
		return value.NewTable(names, cols)
	case *value.Table:
		cols := make([]value.Value, v.NumCols())
		for i := range cols {
			cols[i] = v.Column(i)
		}
		m, err := matrixImpl(nil, cols)
		if err != nil {
			return nil, err
		}
		return transposeMatrix(m.(*value.Matrix)), nil
	case *value.Vector:
		if v.Type() == value.ANY {
			m, err := matrixImpl(nil, v.Elems())
			if err != nil {
				return nil, err
			}
			return transposeMatrix(m.(*value.Matrix)), nil
		}
	}
	return nil, fmt.Errorf("Usage: transpose(X). X must be a matrix, table, dictionary or tuple.")
}

// asMatrix views a vector as a column (or row) matrix.
func asMatrix(x value.Value, row bool) (*value.Matrix, bool) {
	switch v := x.(type) {
	case *value.Matrix:
		return v, true
	case *value.Vector:
		if row {
			m, err := value.FromVector(v, 1, v.Len())
			return m, err == nil
		}
		m, err := value.FromVector(v, v.Len(), 1)
		return m, err == nil
	}
	return nil, false
}

func dotImpl(_ value.Env, a []value.Value) (value.Value, error) {
	x, y := a[0], a[1]
	if x.Form() == value.SCALAR || y.Form() == value.SCALAR {
		if x.Form() == value.MATRIX || y.Form() == value.MATRIX {
			return nil, fmt.Errorf("Use * rather than ** for scalar and matrix multiplication.")
		}
		return arith(opMul, x, y)
	}
	rt := value.DOUBLE
	if isIntegral(x.Type()) && isIntegral(y.Type()) {
		rt = value.CommonType(value.CommonType(x.Type(), y.Type()), value.INT)
	}
	if x.Form() != value.MATRIX && y.Form() != value.MATRIX {
		xs, err := f64s("dot", x)
		if err != nil {
			return nil, err
		}
		ys, err := f64s("dot", y)
		if err != nil {
			return nil, err
		}
		if len(xs) != len(ys) {
			return nil, sizeMismatch(len(xs), len(ys))
		}
		s := 0.0
		for i := range xs {
			if xs[i] != nullF && ys[i] != nullF {
				s += xs[i] * ys[i]
			}
		}
		if rt == value.DOUBLE {
			return value.Double(s), nil
		}
		return value.Cast(value.Long(int64(s)), rt)
	}
	mx, ok1 := asMatrix(x, true)
	my, ok2 := asMatrix(y, x.Form() == value.MATRIX)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("Usage: dot(X, Y). X and Y must be vectors or matrices.")
	}
	if x.Form() == value.MATRIX && y.Form() == value.VECTOR {
		my, _ = asMatrix(y, false)
	}
	if mx.Cols() != my.Rows() {
		return nil, fmt.Errorf("The number of columns of the first matrix (%d) must equal the number of rows of the second matrix (%d).", mx.Cols(), my.Rows())
	}
	ax, err := f64s("dot", mx.Data())
	if err != nil {
		return nil, err
	}
	by, err := f64s("dot", my.Data())
	if err != nil {
		return nil, err
	}
	r, k, c := mx.Rows(), mx.Cols(), my.Cols()
	out := make([]float64, r*c)
	for j := range c {
		for p := range k {
			b := by[j*k+p]
			if b == nullF {
				continue
			}
			for i := range r {
				if av := ax[p*r+i]; av != nullF {
					out[j*r+i] += av * b
				}
			}
		}
	}
	return denseMatrix(out, r, c, rt)
}

// rowColumns returns the columns a row-wise function runs across.
func rowColumns(a []value.Value) ([]value.Value, int, value.Type, error) {
	cols := a
	if len(a) == 1 {
		switch v := a[0].(type) {
		case *value.Matrix:
			cols = make([]value.Value, v.Cols())
			for i := range cols {
				cols[i] = v.Column(i)
			}
		case *value.Table:
			cols = make([]value.Value, v.NumCols())
			for i := range cols {
				cols[i] = v.Column(i)
			}
		case *value.Vector:
			if v.Type() == value.ANY {
				cols = v.Elems()
			}
		}
	}
	n, t := -1, value.VOID
	for _, c := range cols {
		if c.Form() != value.SCALAR {
			if l := sizeOf(c); n >= 0 && l != n {
				return nil, 0, 0, sizeMismatch(n, l)
			} else {
				n = l
			}
		}
		t = value.CommonType(t, c.Type())
	}
	if n < 0 {
		n = 1
	}
	return cols, n, t, nil
}

func rowF(name, doc string, rt func(value.Type) value.Type, f func(row []float64) float64) *Func {
	return &Func{Name: name, Params: []string{"args..."}, Kind: Vector, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		if len(a) == 1 {
			if v, ok := a[0].(*value.Vector); ok && v.Type().IsArray() {
				offs := v.Offsets()
				xs, err := f64s(name, v.Inner())
				if err != nil {
					return nil, err
				}
				out, res := newDoubles(v.Len())
				for i := range res {
					res[i] = f(xs[offs[i]:offs[i+1]])
				}
				nanToNull(res)
				return fromF64(out, rt(v.Inner().Type())), nil
			}
		}
		cols, n, t, err := rowColumns(a)
		if err != nil {
			return nil, err
		}
		data := make([][]float64, len(cols))
		for i, c := range cols {
			if data[i], err = f64s(name, c); err != nil {
				return nil, err
			}
		}
		out, res := newDoubles(n)
		row := make([]float64, len(cols))
		for i := range res {
			for j, d := range data {
				row[j] = d[i%len(d)]
			}
			res[i] = f(row)
		}
		nanToNull(res)
		return fromF64(out, rt(t)), nil
	}}
}
