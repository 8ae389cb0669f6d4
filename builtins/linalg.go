// This file declares the linear-algebra and regression family: the
// decompositions lu, qr, svd, eig and schur, pinverse, and the
// least-squares functions ols, wls, residual and mmse.
//
// The kernels are written here rather than taken from gonum: they are a few
// hundred lines, the module has no numeric dependency, and DolphinDB's
// results follow LAPACK's conventions (Householder signs, dgetf2's row
// swaps, dgeqp3's pivots, the raw QR layout, dgees's Schur iteration),
// which the kernels below reproduce step by step. The SVD is the
// exception: it is one-sided Jacobi, so a singular vector may come out
// with the opposite sign of LAPACK's (both are correct; see svdFactor).
// Matrices are column-major []float64, the layout value.Matrix stores.

package builtins

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

var linalgFuncs = []*Func{
	{Name: "ols", Params: []string{"Y", "X", "[intercept]", "[mode]", "[method]", "[usePinv]"}, Kind: Aggregate, Doc: "Ordinary least squares regression of Y on X: coefficients (mode 0), a coefficient table (mode 1) or a dictionary with ANOVA, RegressionStat, Coefficient and Residual (mode 2). Nulls count as 0.",
		Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return olsImpl(a, nil) },
		Named: func(_ value.Env, a []value.Value, names []string) (value.Value, error) {
			return olsImpl(a, names)
		}},
	{Name: "wls", Params: []string{"Y", "X", "W", "[intercept]", "[mode]"}, Kind: System, Doc: "Weighted least squares regression of Y on X with weights W; mode as in ols.",
		Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return wlsImpl(a, nil) },
		Named: func(_ value.Env, a []value.Value, names []string) (value.Value, error) {
			return wlsImpl(a, names)
		}},
	{Name: "residual", Params: []string{"Y", "X", "params", "[intercept]"}, Kind: System, Doc: "Residuals Y - X*params of a least squares regression.", Impl: residualImpl},
	{Name: "lu", Params: []string{"obj", "[permute]"}, Kind: System, Doc: "Pivoted LU decomposition: P, L, U with P*obj = L*U, or L, U with obj = L*U when permute is true.", Impl: luImpl},
	{Name: "qr", Params: []string{"obj", "[mode]", "[pivoting]"}, Kind: System, Doc: "Householder QR decomposition; mode 'full', 'economic', 'raw' or 'r'; pivoting adds the column permutation.", Impl: qrImpl},
	{Name: "svd", Params: []string{"obj", "[fullMatrices]", "[computeUV]"}, Kind: System, Doc: "Singular value decomposition: U, s, V with obj = U*diag(s)*V, s descending.", Impl: svdImpl},
	{Name: "eig", Params: []string{"A"}, Kind: System, Doc: "Eigenvalues and eigenvectors of a real symmetric matrix (its lower triangle), as a dictionary with keys values and vectors.", Impl: eigImpl},
	{Name: "schur", Params: []string{"obj", "[sort]"}, Kind: System, Doc: "Real Schur decomposition T, Z with obj = Z*T*Z'; sort ('lhp', 'rhp', 'iuc', 'ouc') moves the selected eigenvalues first and adds their count.", Impl: schurImpl},
	{Name: "pinverse", Params: []string{"X"}, Kind: System, Doc: "Moore-Penrose pseudo-inverse of a matrix.", Impl: pinverseImpl},
	{Name: "mmse", Params: []string{"Y", "X", "window", "[minPeriods]"}, Kind: Vector, Doc: "Moving regression of Y on X: a tuple of the slope and the mean squared error of each window.", Impl: mmseImpl},
}

func registerLinalg(r *Registry) {
	r.Register(linalgFuncs...)
	r.Alias("pinv", "pinverse")
}

// ---------------------------------------------------------------------------
// dense column-major matrices

type mat struct {
	r, c int
	d    []float64
}

func newMat(r, c int) mat { return mat{r, c, make([]float64, r*c)} }

func identity(n int) mat {
	m := newMat(n, n)
	for i := range n {
		m.d[i*n+i] = 1
	}
	return m
}

func (m mat) at(i, j int) float64     { return m.d[j*m.r+i] }
func (m mat) set(i, j int, v float64) { m.d[j*m.r+i] = v }
func (m mat) col(j int) []float64     { return m.d[j*m.r : (j+1)*m.r] }
func (m mat) clone() mat              { return mat{m.r, m.c, slices.Clone(m.d)} }

func (m mat) t() mat {
	o := newMat(m.c, m.r)
	for j := range m.c {
		for i := range m.r {
			o.set(j, i, m.at(i, j))
		}
	}
	return o
}

func (m mat) mul(b mat) mat {
	o := newMat(m.r, b.c)
	for j := range b.c {
		oc := o.col(j)
		for k := range m.c {
			x := b.at(k, j)
			if x == 0 {
				continue
			}
			for i, a := range m.col(k) {
				oc[i] += a * x
			}
		}
	}
	return o
}

// sub returns rows [0,r) and columns [0,c) as a new matrix.
func (m mat) sub(r, c int) mat {
	o := newMat(r, c)
	for j := range c {
		copy(o.col(j), m.col(j)[:r])
	}
	return o
}

func (m mat) value() (value.Value, error) { return denseMatrix(m.d, m.r, m.c, value.DOUBLE) }

// matArg returns a numeric matrix argument (a vector counts as one column
// when vecOK) as a float64 copy; nulls are rejected since no
// decomposition has a meaning for them.
func matArg(usage string, x value.Value, vecOK bool) (mat, error) {
	var data value.Value
	var r, c int
	switch v := x.(type) {
	case *value.Matrix:
		data, r, c = v.Data(), v.Rows(), v.Cols()
	case *value.Vector:
		if !vecOK || v.Type() == value.ANY {
			return mat{}, fmt.Errorf("Usage: %s. obj must be a matrix.", usage)
		}
		data, r, c = v, v.Len(), 1
	default:
		return mat{}, fmt.Errorf("Usage: %s. obj must be a matrix.", usage)
	}
	fn, _, _ := strings.Cut(usage, "(")
	xs, err := f64s(fn, data)
	if err != nil {
		return mat{}, err
	}
	for _, x := range xs {
		if x == nullF {
			return mat{}, fmt.Errorf("Usage: %s. obj must not contain null values.", usage)
		}
	}
	return mat{r, c, slices.Clone(xs)}, nil
}

// ---------------------------------------------------------------------------
// Householder QR (LAPACK dgeqrf / dgeqp3 / dorgqr conventions)

// householder turns x into beta*e1 with H = I - tau*v*v', v[0] = 1, as
// LAPACK's dlarfg: beta = -sign(x[0])*||x||, so R's diagonal has the sign
// LAPACK (and so DolphinDB) prints. x[1:] is overwritten with v[1:].
func householder(x []float64) (beta, tau float64) {
	alpha := x[0]
	xnorm := 0.0
	for _, v := range x[1:] {
		xnorm = math.Hypot(xnorm, v)
	}
	if xnorm == 0 {
		return alpha, 0
	}
	beta = -math.Copysign(math.Hypot(alpha, xnorm), alpha)
	tau = (beta - alpha) / beta
	s := 1 / (alpha - beta)
	for i := range x[1:] {
		x[i+1] *= s
	}
	return beta, tau
}

// applyReflector applies H = I - tau*v*v' (v = [1, vtail...] starting at
// row k) from the left to column y.
func applyReflector(vtail []float64, tau float64, y []float64, k int) {
	if tau == 0 {
		return
	}
	s := y[k]
	for i, v := range vtail {
		s += v * y[k+1+i]
	}
	s *= tau
	y[k] -= s
	for i, v := range vtail {
		y[k+1+i] -= s * v
	}
}

// qrFact is a QR factorisation in LAPACK's raw layout: R on and above
// the diagonal of raw, the reflectors' tails below it, their scales in tau;
// jpvt[j] is the original column now at position j.
type qrFact struct {
	raw  mat
	tau  []float64
	jpvt []int
}

// householderQR factors a (m x n). With pivot, each step brings forward
// the remaining column of largest norm (first one on ties, as idamax), the
// column pivoting of dgeqp3; norms are recomputed rather than downdated,
// which only costs time.
func householderQR(a mat, pivot bool) qrFact {
	m, n := a.r, a.c
	k := min(m, n)
	f := qrFact{raw: a.clone(), tau: make([]float64, k), jpvt: make([]int, n)}
	for j := range n {
		f.jpvt[j] = j
	}
	raw := f.raw
	for j := range k {
		if pivot {
			best, bestNorm := j, -1.0
			for c := j; c < n; c++ {
				s := 0.0
				for _, v := range raw.col(c)[j:] {
					s = math.Hypot(s, v)
				}
				if s > bestNorm {
					best, bestNorm = c, s
				}
			}
			if best != j {
				cj, cb := raw.col(j), raw.col(best)
				for i := range cj {
					cj[i], cb[i] = cb[i], cj[i]
				}
				f.jpvt[j], f.jpvt[best] = f.jpvt[best], f.jpvt[j]
			}
		}
		cj := raw.col(j)
		beta, tau := householder(cj[j:])
		f.tau[j] = tau
		cj[j] = beta
		for c := j + 1; c < n; c++ {
			applyReflector(cj[j+1:], tau, raw.col(c), j)
		}
	}
	return f
}

// q returns the first cols columns of Q = H1*H2*...*Hk (dorgqr).
func (f qrFact) q(cols int) mat {
	m := f.raw.r
	q := newMat(m, cols)
	for i := range min(m, cols) {
		q.set(i, i, 1)
	}
	for j := len(f.tau) - 1; j >= 0; j-- {
		v := f.raw.col(j)[j+1:]
		for c := range cols {
			applyReflector(v, f.tau[j], q.col(c), j)
		}
	}
	return q
}

// r returns the upper triangle of the first rows rows of raw.
func (f qrFact) r(rows int) mat {
	o := newMat(rows, f.raw.c)
	for j := range f.raw.c {
		for i := 0; i <= j && i < rows; i++ {
			o.set(i, j, f.raw.at(i, j))
		}
	}
	return o
}

// qtApply overwrites y with Q'*y.
func (f qrFact) qtApply(y []float64) {
	for j := range f.tau {
		applyReflector(f.raw.col(j)[j+1:], f.tau[j], y, j)
	}
}

// ---------------------------------------------------------------------------
// LU with partial pivoting (dgetrf)

// luFactor returns L (m x k, unit lower), U (k x n) and perm, where row i of
// P*A is row perm[i] of A. Rows are swapped as dgetf2 does, which fixes
// the order of rows that tie on the pivot.
func luFactor(a mat) (l, u mat, perm []int) {
	m, n := a.r, a.c
	k := min(m, n)
	w := a.clone()
	perm = make([]int, m)
	for i := range perm {
		perm[i] = i
	}
	for j := range k {
		p := j
		for i := j + 1; i < m; i++ {
			if math.Abs(w.at(i, j)) > math.Abs(w.at(p, j)) {
				p = i
			}
		}
		if p != j {
			for c := range n {
				x, y := w.at(j, c), w.at(p, c)
				w.set(j, c, y)
				w.set(p, c, x)
			}
			perm[j], perm[p] = perm[p], perm[j]
		}
		piv := w.at(j, j)
		if piv == 0 {
			// A singular column: dgetf2 records it and goes on, leaving
			// the multipliers zero.
			continue
		}
		for i := j + 1; i < m; i++ {
			w.set(i, j, w.at(i, j)/piv)
		}
		for c := j + 1; c < n; c++ {
			f := w.at(j, c)
			if f == 0 {
				continue
			}
			for i := j + 1; i < m; i++ {
				w.set(i, c, w.at(i, c)-w.at(i, j)*f)
			}
		}
	}
	l, u = newMat(m, k), newMat(k, n)
	for j := range k {
		l.set(j, j, 1)
		for i := j + 1; i < m; i++ {
			l.set(i, j, w.at(i, j))
		}
	}
	for j := range n {
		for i := 0; i <= j && i < k; i++ {
			u.set(i, j, w.at(i, j))
		}
	}
	return l, u, perm
}

// ---------------------------------------------------------------------------
// symmetric eigenproblem: cyclic Jacobi

// jacobiEigen diagonalises the symmetric matrix built from a's lower
// triangle. Eigenvalues stay on the diagonal position they converge to
// (no sorting), the order DolphinDB returns; vectors are unit columns.
func jacobiEigen(a mat) (vals []float64, vecs mat) {
	n := a.r
	s := newMat(n, n)
	for j := range n {
		for i := j; i < n; i++ {
			s.set(i, j, a.at(i, j))
			s.set(j, i, a.at(i, j))
		}
	}
	v := identity(n)
	for sweep := 0; sweep < 100; sweep++ {
		off, diag := 0.0, 0.0
		for j := range n {
			diag += s.at(j, j) * s.at(j, j)
			for i := range j {
				off += s.at(i, j) * s.at(i, j)
			}
		}
		if off == 0 || off <= 1e-30*diag {
			break
		}
		for p := 0; p < n-1; p++ {
			for q := p + 1; q < n; q++ {
				apq := s.at(p, q)
				if apq == 0 {
					continue
				}
				app, aqq := s.at(p, p), s.at(q, q)
				theta := (aqq - app) / (2 * apq)
				// The smaller root keeps the rotation angle within pi/4.
				t := 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				if theta < 0 {
					t = -t
				}
				c := 1 / math.Sqrt(t*t+1)
				sn := t * c
				for k := range n {
					skp, skq := s.at(k, p), s.at(k, q)
					s.set(k, p, c*skp-sn*skq)
					s.set(k, q, sn*skp+c*skq)
				}
				for k := range n {
					spk, sqk := s.at(p, k), s.at(q, k)
					s.set(p, k, c*spk-sn*sqk)
					s.set(q, k, sn*spk+c*sqk)
				}
				s.set(p, q, 0)
				s.set(q, p, 0)
				for k := range n {
					vkp, vkq := v.at(k, p), v.at(k, q)
					v.set(k, p, c*vkp-sn*vkq)
					v.set(k, q, sn*vkp+c*vkq)
				}
			}
		}
	}
	vals = make([]float64, n)
	for i := range n {
		vals[i] = s.at(i, i)
	}
	return vals, v
}

// ---------------------------------------------------------------------------
// SVD: one-sided Jacobi (Hestenes)

// svdFactor returns U (m x k), s (k, descending) and V (n x k) with
// a = U*diag(s)*V', k = min(m, n). One-sided Jacobi orthogonalises the
// columns directly and is accurate to the last bits for small singular
// values, which the pseudo-inverse and rank decisions rely on. Each pair
// (u_i, v_i) is unique only up to a common sign, and the sign LAPACK's
// dgesdd picks falls out of its bidiagonal QR sweeps; matching it would
// mean porting dgebrd/dbdsqr, so U and V may differ from DolphinDB's by
// the sign of a column (the product U*S*V is the same). Columns of U for
// zero singular values are left zero; completeBasis fills them.
func svdFactor(a mat) (u mat, s []float64, v mat) {
	if a.r < a.c {
		vt, st, ut := svdFactor(a.t())
		return ut, st, vt
	}
	m, n := a.r, a.c
	u = a.clone()
	v = identity(n)
	for sweep := 0; sweep < 75; sweep++ {
		rotated := false
		for p := 0; p < n-1; p++ {
			for q := p + 1; q < n; q++ {
				up, uq := u.col(p), u.col(q)
				alpha, beta, gamma := 0.0, 0.0, 0.0
				for i := range m {
					alpha += up[i] * up[i]
					beta += uq[i] * uq[i]
					gamma += up[i] * uq[i]
				}
				if gamma == 0 || math.Abs(gamma) <= 1e-15*math.Sqrt(alpha*beta) {
					continue
				}
				rotated = true
				zeta := (beta - alpha) / (2 * gamma)
				t := 1 / (math.Abs(zeta) + math.Sqrt(1+zeta*zeta))
				if zeta < 0 {
					t = -t
				}
				c := 1 / math.Sqrt(1+t*t)
				sn := c * t
				for i := range m {
					x, y := up[i], uq[i]
					up[i], uq[i] = c*x-sn*y, sn*x+c*y
				}
				vp, vq := v.col(p), v.col(q)
				for i := range n {
					x, y := vp[i], vq[i]
					vp[i], vq[i] = c*x-sn*y, sn*x+c*y
				}
			}
		}
		if !rotated {
			break
		}
	}
	s = make([]float64, n)
	for j := range n {
		nrm := 0.0
		for _, x := range u.col(j) {
			nrm = math.Hypot(nrm, x)
		}
		s[j] = nrm
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		switch {
		case s[i] > s[j]:
			return -1
		case s[i] < s[j]:
			return 1
		}
		return 0
	})
	smax := 0.0
	if n > 0 {
		smax = s[order[0]]
	}
	tiny := smax * float64(max(m, n)) * 2.220446049250313e-16
	uo, vo, so := newMat(m, n), newMat(n, n), make([]float64, n)
	for k, j := range order {
		so[k] = s[j]
		copy(vo.col(k), v.col(j))
		if s[j] > tiny && s[j] > 0 {
			for i, x := range u.col(j) {
				uo.set(i, k, x/s[j])
			}
		}
	}
	return uo, so, vo
}

// completeBasis fills the zero columns of q (m x c, the others orthonormal)
// and appends columns up to m x m, all orthonormal: each new column is the
// unit vector e_i with the largest component left after projecting out the
// columns already there (modified Gram-Schmidt, done twice for accuracy).
func completeBasis(q mat) mat {
	m := q.r
	out := newMat(m, m)
	have := make([]bool, m)
	for j := range q.c {
		for _, x := range q.col(j) {
			if x != 0 {
				have[j] = true
				break
			}
		}
		if have[j] {
			copy(out.col(j), q.col(j))
		}
	}
	for j := range m {
		if have[j] {
			continue
		}
		best, bestNorm := []float64(nil), -1.0
		for e := range m {
			w := make([]float64, m)
			w[e] = 1
			for range 2 {
				for k := range m {
					if !have[k] {
						continue
					}
					ck := out.col(k)
					d := 0.0
					for i := range m {
						d += ck[i] * w[i]
					}
					for i := range m {
						w[i] -= d * ck[i]
					}
				}
			}
			nrm := 0.0
			for _, x := range w {
				nrm = math.Hypot(nrm, x)
			}
			if nrm > bestNorm+1e-12 {
				best, bestNorm = w, nrm
			}
		}
		for i := range m {
			out.set(i, j, best[i]/bestNorm)
		}
		have[j] = true
	}
	return out
}

// pseudoInverse is V*diag(1/s)*U' over the singular values above
// max(m,n)*eps*s[0], the cut numpy's matrix_rank uses.
func pseudoInverse(a mat) mat {
	u, s, v := svdFactor(a)
	out := newMat(a.c, a.r)
	if len(s) == 0 {
		return out
	}
	tol := float64(max(a.r, a.c)) * 2.220446049250313e-16 * s[0]
	for k, sk := range s {
		if sk <= tol {
			continue
		}
		for j := range a.r {
			x := u.at(j, k) / sk
			if x == 0 {
				continue
			}
			for i := range a.c {
				out.d[j*a.c+i] += v.at(i, k) * x
			}
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// real Schur form: Hessenberg reduction and Francis double-shift QR

// hessenberg reduces a to upper Hessenberg form h = q'*a*q with
// Householder reflectors (dgehrd + dorghr).
func hessenberg(a mat) (h, q mat) {
	n := a.r
	h = a.clone()
	q = identity(n)
	for k := 0; k < n-2; k++ {
		x := make([]float64, n-k-1)
		for i := range x {
			x[i] = h.at(k+1+i, k)
		}
		beta, tau := householder(x)
		if tau == 0 {
			continue
		}
		v := x[1:]
		// H = I - tau*w*w', w = [0..0, 1, v] starting at row k+1.
		for c := range n {
			applyReflector(v, tau, h.col(c), k+1)
		}
		// Right multiplication: each row of h times H.
		row := make([]float64, n)
		for r := range n {
			for c := range n {
				row[c] = h.at(r, c)
			}
			applyReflector(v, tau, row, k+1)
			for c := range n {
				h.set(r, c, row[c])
			}
		}
		for r := range n {
			for c := range n {
				row[c] = q.at(r, c)
			}
			applyReflector(v, tau, row, k+1)
			for c := range n {
				q.set(r, c, row[c])
			}
		}
		h.set(k+1, k, beta)
		for i := k + 2; i < n; i++ {
			h.set(i, k, 0)
		}
	}
	return h, q
}

// rotRows applies the plane rotation [c s; -s c] to rows p and q of t over
// columns [lo, n), as LAPACK's drot on rows.
func rotRows(t mat, p, q, lo int, c, s float64) {
	for j := lo; j < t.c; j++ {
		x, y := t.at(p, j), t.at(q, j)
		t.set(p, j, c*x+s*y)
		t.set(q, j, -s*x+c*y)
	}
}

// rotCols applies the same rotation to columns p and q of t over rows
// [0, hi): x' = c*x + s*y, y' = c*y - s*x.
func rotCols(t mat, p, q, hi int, c, s float64) {
	for i := range hi {
		x, y := t.at(i, p), t.at(i, q)
		t.set(i, p, c*x+s*y)
		t.set(i, q, -s*x+c*y)
	}
}

// schurFactor computes the real Schur form t = z'*a*z as LAPACK's dgees
// does without balancing: Householder reduction to Hessenberg form, then
// dlahqr's Francis double-shift QR (its deflation test, shifts and
// exceptional shifts), with 2x2 blocks standardised by dlanv2. Following
// dlahqr step by step matters beyond speed: a complex pair's Schur
// vectors are only defined up to a rotation of their plane, and the one
// DolphinDB prints is the one this iteration arrives at.
func schurFactor(a mat) (t, z mat, err error) {
	n := a.r
	t, z = hessenberg(a)
	if n <= 1 {
		return t, z, nil
	}
	const (
		ulp    = 2.220446049250313e-16
		safmin = 2.2250738585072014e-308
		kexsh  = 10
		dat1   = 0.75
		dat2   = -0.4375
	)
	for j := 0; j+3 < n; j++ {
		t.set(j+2, j, 0)
		t.set(j+3, j, 0)
	}
	if n >= 3 {
		t.set(n-1, n-3, 0)
	}
	smlnum := safmin * (float64(n) / ulp)
	itmax := 30 * max(10, n)
	abs := math.Abs
	kdefl := 0
	for i := n - 1; i >= 0; {
		l := 0
		converged := false
		for its := 0; its <= itmax; its++ {
			// Look for a single small subdiagonal element (with Ahues and
			// Tisseur's conservative criterion).
			k := i
			for ; k > l; k-- {
				hkk1 := abs(t.at(k, k-1))
				if hkk1 <= smlnum {
					break
				}
				tst := abs(t.at(k-1, k-1)) + abs(t.at(k, k))
				if tst == 0 {
					if k-2 >= 0 {
						tst += abs(t.at(k-1, k-2))
					}
					if k+1 < n {
						tst += abs(t.at(k+1, k))
					}
				}
				if hkk1 <= ulp*tst {
					ab := math.Max(hkk1, abs(t.at(k-1, k)))
					ba := math.Min(hkk1, abs(t.at(k-1, k)))
					aa := math.Max(abs(t.at(k, k)), abs(t.at(k-1, k-1)-t.at(k, k)))
					bb := math.Min(abs(t.at(k, k)), abs(t.at(k-1, k-1)-t.at(k, k)))
					s := aa + ab
					if ba*(ab/s) <= math.Max(smlnum, ulp*(bb*(aa/s))) {
						break
					}
				}
			}
			l = k
			if l > 0 {
				t.set(l, l-1, 0)
			}
			if l >= i-1 {
				converged = true
				break
			}
			kdefl++
			var h11, h12, h21, h22 float64
			switch {
			case kdefl%(2*kexsh) == 0:
				s := abs(t.at(i, i-1)) + abs(t.at(i-1, i-2))
				h11 = dat1*s + t.at(i, i)
				h12, h21, h22 = dat2*s, s, h11
			case kdefl%kexsh == 0:
				s := abs(t.at(l+1, l)) + abs(t.at(l+2, l+1))
				h11 = dat1*s + t.at(l, l)
				h12, h21, h22 = dat2*s, s, h11
			default:
				h11, h21 = t.at(i-1, i-1), t.at(i, i-1)
				h12, h22 = t.at(i-1, i), t.at(i, i)
			}
			var rt1r, rt1i, rt2r, rt2i float64
			if s := abs(h11) + abs(h12) + abs(h21) + abs(h22); s != 0 {
				h11, h21, h12, h22 = h11/s, h21/s, h12/s, h22/s
				tr := (h11 + h22) / 2
				det := (h11-tr)*(h22-tr) - h12*h21
				rtdisc := math.Sqrt(abs(det))
				if det >= 0 {
					// A complex conjugate pair of shifts.
					rt1r, rt2r = tr*s, tr*s
					rt1i, rt2i = rtdisc*s, -rtdisc*s
				} else {
					// Real shifts: use the one closer to h22 twice.
					rt1r, rt2r = tr+rtdisc, tr-rtdisc
					if abs(rt1r-h22) <= abs(rt2r-h22) {
						rt1r *= s
						rt2r = rt1r
					} else {
						rt2r *= s
						rt1r = rt2r
					}
				}
			}
			// Look for two consecutive small subdiagonal elements.
			var v [3]float64
			m := i - 2
			for ; m >= l; m-- {
				h21s := t.at(m+1, m)
				s := abs(t.at(m, m)-rt2r) + abs(rt2i) + abs(h21s)
				h21s = t.at(m+1, m) / s
				v[0] = h21s*t.at(m, m+1) + (t.at(m, m)-rt1r)*((t.at(m, m)-rt2r)/s) - rt1i*(rt2i/s)
				v[1] = h21s * (t.at(m, m) + t.at(m+1, m+1) - rt1r - rt2r)
				v[2] = h21s * t.at(m+2, m+1)
				s = abs(v[0]) + abs(v[1]) + abs(v[2])
				v[0], v[1], v[2] = v[0]/s, v[1]/s, v[2]/s
				if m == l {
					break
				}
				h00 := abs(t.at(m, m-1)) * (abs(v[1]) + abs(v[2]))
				h01 := abs(v[0]) * (abs(t.at(m-1, m-1)) + abs(t.at(m, m)) + abs(t.at(m+1, m+1)))
				if h00 <= ulp*h01 {
					break
				}
			}
			// The double-shift QR step, chasing the bulge down.
			for k := m; k <= i-1; k++ {
				nr := min(3, i-k+1)
				if k > m {
					for r := range nr {
						v[r] = t.at(k+r, k-1)
					}
				}
				beta, t1 := householder(v[:nr])
				v[0] = beta
				if k > m {
					t.set(k, k-1, v[0])
					t.set(k+1, k-1, 0)
					if k < i-1 {
						t.set(k+2, k-1, 0)
					}
				} else if m > l {
					t.set(k, k-1, t.at(k, k-1)*(1-t1))
				}
				v2, t2 := v[1], t1*v[1]
				if nr == 3 {
					v3, t3 := v[2], t1*v[2]
					for j := k; j < n; j++ {
						sum := t.at(k, j) + v2*t.at(k+1, j) + v3*t.at(k+2, j)
						t.set(k, j, t.at(k, j)-sum*t1)
						t.set(k+1, j, t.at(k+1, j)-sum*t2)
						t.set(k+2, j, t.at(k+2, j)-sum*t3)
					}
					for j := 0; j <= min(k+3, i); j++ {
						sum := t.at(j, k) + v2*t.at(j, k+1) + v3*t.at(j, k+2)
						t.set(j, k, t.at(j, k)-sum*t1)
						t.set(j, k+1, t.at(j, k+1)-sum*t2)
						t.set(j, k+2, t.at(j, k+2)-sum*t3)
					}
					for j := range n {
						sum := z.at(j, k) + v2*z.at(j, k+1) + v3*z.at(j, k+2)
						z.set(j, k, z.at(j, k)-sum*t1)
						z.set(j, k+1, z.at(j, k+1)-sum*t2)
						z.set(j, k+2, z.at(j, k+2)-sum*t3)
					}
				} else {
					for j := k; j < n; j++ {
						sum := t.at(k, j) + v2*t.at(k+1, j)
						t.set(k, j, t.at(k, j)-sum*t1)
						t.set(k+1, j, t.at(k+1, j)-sum*t2)
					}
					for j := 0; j <= i; j++ {
						sum := t.at(j, k) + v2*t.at(j, k+1)
						t.set(j, k, t.at(j, k)-sum*t1)
						t.set(j, k+1, t.at(j, k+1)-sum*t2)
					}
					for j := range n {
						sum := z.at(j, k) + v2*z.at(j, k+1)
						z.set(j, k, z.at(j, k)-sum*t1)
						z.set(j, k+1, z.at(j, k+1)-sum*t2)
					}
				}
			}
		}
		if !converged {
			return t, z, fmt.Errorf("schur: the QR iteration did not converge.")
		}
		if l == i-1 {
			standardize2x2(t, z, i-1)
		}
		kdefl = 0
		i = l - 1
	}
	for j := range n {
		for i := j + 2; i < n; i++ {
			t.set(i, j, 0)
		}
	}
	return t, z, nil
}

// standardize2x2 brings the 2x2 block at (k, k) to LAPACK's standard form
// (dlanv2): upper triangular when its eigenvalues are real, otherwise
// equal diagonal entries with b*c < 0. The rotation is applied to the rest
// of t and to z, and the block gets dlanv2's values.
func standardize2x2(t, z mat, k int) {
	a, b, c, d, cs, sn := lanv2(t.at(k, k), t.at(k, k+1), t.at(k+1, k), t.at(k+1, k+1))
	if cs != 1 || sn != 0 {
		// Rows below the block are zero in its columns (or hold stale
		// bulge entries the final clean-up removes): leave them alone.
		rotRows(t, k, k+1, k, cs, sn)
		rotCols(t, k, k+1, k+2, cs, sn)
		rotCols(z, k, k+1, z.r, cs, sn)
	}
	t.set(k, k, a)
	t.set(k, k+1, b)
	t.set(k+1, k, c)
	t.set(k+1, k+1, d)
}

// lanv2 is LAPACK's dlanv2 without its rescaling loop: the standardised
// block [a b; c d] and the rotation (cs, sn) with
// old = [cs -sn; sn cs] * new * [cs sn; -sn cs].
func lanv2(a, b, c, d float64) (aa, bb, cc, dd, cs, sn float64) {
	const eps = 2.220446049250313e-16
	sign := func(x, y float64) float64 { return math.Copysign(math.Abs(x), y) }
	switch {
	case c == 0:
		return a, b, c, d, 1, 0
	case b == 0:
		// Swap rows and columns.
		return d, -c, 0, a, 0, 1
	case a-d == 0 && math.Signbit(b) != math.Signbit(c):
		return a, b, c, d, 1, 0
	}
	temp := a - d
	p := 0.5 * temp
	bcmax := math.Max(math.Abs(b), math.Abs(c))
	bcmis := math.Min(math.Abs(b), math.Abs(c)) * sign(1, b) * sign(1, c)
	scale := math.Max(math.Abs(p), bcmax)
	z := p/scale*p + bcmax/scale*bcmis
	if z >= 4*eps {
		// Real eigenvalues: make the block upper triangular.
		z = p + sign(math.Sqrt(scale)*math.Sqrt(z), p)
		a = d + z
		d -= bcmax / z * bcmis
		tau := math.Hypot(c, z)
		cs, sn = z/tau, c/tau
		return a, b - c, 0, d, cs, sn
	}
	// Complex or nearly equal real eigenvalues: equalise the diagonal.
	sigma := b + c
	tau := math.Hypot(sigma, temp)
	cs = math.Sqrt(0.5 * (1 + math.Abs(sigma)/tau))
	sn = -(p / (tau * cs)) * sign(1, sigma)
	a1, b1 := a*cs+b*sn, -a*sn+b*cs
	c1, d1 := c*cs+d*sn, -c*sn+d*cs
	a, b = a1*cs+c1*sn, b1*cs+d1*sn
	c, d = -a1*sn+c1*cs, -b1*sn+d1*cs
	temp = 0.5 * (a + d)
	a, d = temp, temp
	if c != 0 {
		if b != 0 {
			if math.Signbit(b) == math.Signbit(c) {
				// Real eigenvalues after all: one more rotation.
				sab, sac := math.Sqrt(math.Abs(b)), math.Sqrt(math.Abs(c))
				p = sign(sab*sac, c)
				tau = 1 / math.Sqrt(math.Abs(b+c))
				a, d = temp+p, temp-p
				b -= c
				c = 0
				cs1, sn1 := sab*tau, sac*tau
				cs, sn = cs*cs1-sn*sn1, cs*sn1+sn*cs1
			}
		} else {
			b, c = -c, 0
			cs, sn = -sn, cs
		}
	}
	return a, b, c, d, cs, sn
}

// schurEigen returns the eigenvalue(s) of the block starting at k and its
// size (1 or 2).
func schurEigen(t mat, k int) (re, im float64, size int) {
	if k+1 < t.r && t.at(k+1, k) != 0 {
		a, b, c := t.at(k, k), t.at(k, k+1), t.at(k+1, k)
		return a, math.Sqrt(math.Abs(b * c)), 2
	}
	return t.at(k, k), 0, 1
}

// reflectLeft applies H = I - tau*v*v' from the left to rows r0..r0+len(v)-1
// of m over columns [c0, c1) (LAPACK's dlarfx 'L').
func reflectLeft(m mat, v []float64, tau float64, r0, c0, c1 int) {
	for c := c0; c < c1; c++ {
		sum := 0.0
		for i, x := range v {
			sum += x * m.at(r0+i, c)
		}
		sum *= tau
		for i, x := range v {
			m.set(r0+i, c, m.at(r0+i, c)-sum*x)
		}
	}
}

// reflectRight applies H from the right to columns c0..c0+len(v)-1 of m
// over rows [0, r1) (dlarfx 'R').
func reflectRight(m mat, v []float64, tau float64, c0, r1 int) {
	for r := range r1 {
		sum := 0.0
		for j, x := range v {
			sum += x * m.at(r, c0+j)
		}
		sum *= tau
		for j, x := range v {
			m.set(r, c0+j, m.at(r, c0+j)-sum*x)
		}
	}
}

// givens is LAPACK 3.10's dlartg: c >= 0 and r carries f's sign.
func givens(f, g float64) (c, s float64) {
	switch {
	case g == 0:
		return 1, 0
	case f == 0:
		return 0, math.Copysign(1, g)
	}
	d := math.Hypot(f, g)
	r := math.Copysign(d, f)
	return math.Abs(f) / d, g / r
}

var errSchurSwap = fmt.Errorf("schur: the eigenvalues are too close to reorder.")

// swapSchurBlocks swaps the adjacent blocks of t at j1 (order n1) and
// j1+n1 (order n2) by an orthogonal similarity, accumulated into z; a port
// of LAPACK's dlaexc. The Sylvester equation T11*X - X*T22 = T12 (dlasy2)
// is solved by its small Kronecker system.
func swapSchurBlocks(t, z mat, j1, n1, n2 int) error {
	n := t.r
	j2, j3, j4 := j1+1, j1+2, j1+3
	if n1 == 1 && n2 == 1 {
		t11, t22 := t.at(j1, j1), t.at(j2, j2)
		cs, sn := givens(t.at(j1, j2), t22-t11)
		if j3 < n {
			rotRows(t, j1, j2, j3, cs, sn)
		}
		rotCols(t, j1, j2, j1, cs, sn)
		t.set(j1, j1, t22)
		t.set(j2, j2, t11)
		rotCols(z, j1, j2, n, cs, sn)
		return nil
	}
	nd := n1 + n2
	d := newMat(nd, nd)
	dnorm := 0.0
	for c := range nd {
		for r := range nd {
			d.set(r, c, t.at(j1+r, j1+c))
			dnorm = math.Max(dnorm, math.Abs(d.at(r, c)))
		}
	}
	const eps = 2.220446049250313e-16
	thresh := math.Max(10*eps*dnorm, 2.2250738585072014e-308/eps)
	// X is n1 x n2, column-major.
	dim := n1 * n2
	sys := newMat(dim, dim)
	rhs := make([]float64, dim)
	for j := range n2 {
		for i := range n1 {
			row := j*n1 + i
			rhs[row] = d.at(i, n1+j)
			for k := range n1 {
				sys.set(row, j*n1+k, sys.at(row, j*n1+k)+d.at(i, k))
			}
			for k := range n2 {
				sys.set(row, k*n1+i, sys.at(row, k*n1+i)-d.at(n1+k, n1+j))
			}
		}
	}
	inv, ok := invert(slices.Clone(sys.d), dim)
	if !ok {
		return errSchurSwap
	}
	xs := make([]float64, dim)
	for i := range dim {
		for j := range dim {
			xs[i] += inv[j*dim+i] * rhs[j]
		}
	}
	x := func(i, j int) float64 { return xs[j*n1+i] }
	const scale = 1.0
	switch {
	case n1 == 1 && n2 == 2:
		// H with (scale, X11, X12) H = (0, 0, *): the reflector's 1 is last.
		u := []float64{scale, x(0, 0), x(0, 1)}
		w := []float64{u[2], u[0], u[1]}
		_, tau := householder(w)
		u = []float64{w[1], w[2], 1}
		t11 := t.at(j1, j1)
		reflectLeft(d, u, tau, 0, 0, 3)
		reflectRight(d, u, tau, 0, 3)
		if math.Max(math.Max(math.Abs(d.at(2, 0)), math.Abs(d.at(2, 1))), math.Abs(d.at(2, 2)-t11)) > thresh {
			return errSchurSwap
		}
		reflectLeft(t, u, tau, j1, j1, n)
		reflectRight(t, u, tau, j1, j2+1)
		t.set(j3, j1, 0)
		t.set(j3, j2, 0)
		t.set(j3, j3, t11)
		reflectRight(z, u, tau, j1, n)
	case n1 == 2 && n2 == 1:
		// H with H (-X11, -X21, scale)' = (*, 0, 0)'.
		u := []float64{-x(0, 0), -x(1, 0), scale}
		_, tau := householder(u)
		u[0] = 1
		t33 := t.at(j3, j3)
		reflectLeft(d, u, tau, 0, 0, 3)
		reflectRight(d, u, tau, 0, 3)
		if math.Max(math.Max(math.Abs(d.at(1, 0)), math.Abs(d.at(2, 0))), math.Abs(d.at(0, 0)-t33)) > thresh {
			return errSchurSwap
		}
		reflectRight(t, u, tau, j1, j3+1)
		reflectLeft(t, u, tau, j1, j2, n)
		t.set(j1, j1, t33)
		t.set(j2, j1, 0)
		t.set(j3, j1, 0)
		reflectRight(z, u, tau, j1, n)
	default:
		// Two reflectors triangularise (-X; scale*I).
		u1 := []float64{-x(0, 0), -x(1, 0), scale}
		_, tau1 := householder(u1)
		u1[0] = 1
		temp := -tau1 * (x(0, 1) + u1[1]*x(1, 1))
		u2 := []float64{-temp*u1[1] - x(1, 1), -temp * u1[2], scale}
		_, tau2 := householder(u2)
		u2[0] = 1
		reflectLeft(d, u1, tau1, 0, 0, 4)
		reflectRight(d, u1, tau1, 0, 4)
		reflectLeft(d, u2, tau2, 1, 0, 4)
		reflectRight(d, u2, tau2, 1, 4)
		if math.Max(math.Max(math.Abs(d.at(2, 0)), math.Abs(d.at(2, 1))), math.Max(math.Abs(d.at(3, 0)), math.Abs(d.at(3, 1)))) > thresh {
			return errSchurSwap
		}
		reflectLeft(t, u1, tau1, j1, j1, n)
		reflectRight(t, u1, tau1, j1, j4+1)
		reflectLeft(t, u2, tau2, j2, j1, n)
		reflectRight(t, u2, tau2, j2, j4+1)
		t.set(j3, j1, 0)
		t.set(j3, j2, 0)
		t.set(j4, j1, 0)
		t.set(j4, j2, 0)
		reflectRight(z, u1, tau1, j1, n)
		reflectRight(z, u2, tau2, j2, n)
	}
	if n2 == 2 {
		standardize2x2(t, z, j1)
	}
	if n1 == 2 {
		standardize2x2(t, z, j1+n2)
	}
	return nil
}

// moveSchurBlockUp moves the block starting at row ifst up to start at
// ilst < ifst by adjacent swaps (the upward half of LAPACK's dtrexc),
// following a 2x2 block that splits into two real eigenvalues.
func moveSchurBlockUp(t, z mat, ifst, ilst int) error {
	n := t.r
	nbf := 1
	if ifst+1 < n && t.at(ifst+1, ifst) != 0 {
		nbf = 2
	}
	here := ifst
	for here > ilst {
		nbnext := 1
		if here >= 2 && t.at(here-1, here-2) != 0 {
			nbnext = 2
		}
		if nbf == 1 || nbf == 2 {
			if err := swapSchurBlocks(t, z, here-nbnext, nbnext, nbf); err != nil {
				return err
			}
			here -= nbnext
			if nbf == 2 && t.at(here+1, here) == 0 {
				nbf = 3
			}
			continue
		}
		// Two 1x1 blocks that came from a split 2x2 move one at a time.
		if err := swapSchurBlocks(t, z, here-nbnext, nbnext, 1); err != nil {
			return err
		}
		if nbnext == 1 {
			if err := swapSchurBlocks(t, z, here, 1, 1); err != nil {
				return err
			}
			here--
			continue
		}
		if t.at(here, here-1) == 0 {
			nbnext = 1
		}
		if nbnext == 2 {
			if err := swapSchurBlocks(t, z, here-1, 2, 1); err != nil {
				return err
			}
		} else {
			if err := swapSchurBlocks(t, z, here, 1, 1); err != nil {
				return err
			}
			if err := swapSchurBlocks(t, z, here-1, 1, 1); err != nil {
				return err
			}
		}
		here -= 2
	}
	return nil
}

// sortSchur moves the blocks whose eigenvalues satisfy sel to the top
// left, keeping their order (LAPACK's dtrsen as dgees calls it), and
// returns the number of selected eigenvalues, a complex pair counting 2.
func sortSchur(t, z mat, sel func(re, im float64) bool) (int, error) {
	n := t.r
	// Select by the eigenvalues before any swap, as dgees does.
	selected := make([]bool, n)
	for k := 0; k < n; {
		re, im, size := schurEigen(t, k)
		for i := range size {
			selected[k+i] = sel(re, im)
		}
		k += size
	}
	ks := 0
	for k := 0; k < n; k++ {
		pair := k+1 < n && t.at(k+1, k) != 0
		if selected[k] || pair && selected[k+1] {
			if k != ks {
				if err := moveSchurBlockUp(t, z, k, ks); err != nil {
					return 0, err
				}
			}
			ks++
			if pair {
				ks++
			}
		}
		if pair {
			k++
		}
	}
	count := 0
	for k := 0; k < n; {
		re, im, size := schurEigen(t, k)
		if sel(re, im) {
			count += size
		}
		k += size
	}
	return count, nil
}

// ---------------------------------------------------------------------------
// Student t and F distributions through the regularized incomplete beta

// regIncBeta is I_x(a, b), evaluated by the continued fraction of
// Numerical Recipes (modified Lentz), using the symmetry
// I_x(a,b) = 1 - I_{1-x}(b,a) where the fraction converges slowly.
func regIncBeta(a, b, x float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsNaN(a) || math.IsNaN(b):
		return math.NaN()
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a + b)
	lb, _ := math.Lgamma(a)
	lc, _ := math.Lgamma(b)
	front := math.Exp(la - lb - lc + a*math.Log(x) + b*math.Log1p(-x))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(a, b, x) / a
	}
	return 1 - front*betaCF(b, a, 1-x)/b
}

func betaCF(a, b, x float64) float64 {
	const tiny = 1e-300
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1-qab*x/qap
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 1000; m++ {
		fm := float64(m)
		m2 := 2 * fm
		aa := fm * (b - fm) * x / ((qam + m2) * (a + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-16 {
			break
		}
	}
	return h
}

// tTwoSided is P(|T| > |t|) for Student's t with df degrees of freedom.
func tTwoSided(t, df float64) float64 {
	if math.IsNaN(t) || df <= 0 {
		return math.NaN()
	}
	if math.IsInf(t, 0) {
		return 0
	}
	return regIncBeta(df/2, 0.5, df/(df+t*t))
}

// fUpper is P(F > f) for the F distribution with (d1, d2) degrees of freedom.
func fUpper(f, d1, d2 float64) float64 {
	if math.IsNaN(f) || d1 <= 0 || d2 <= 0 {
		return math.NaN()
	}
	if f <= 0 {
		return 1
	}
	if math.IsInf(f, 1) {
		return 0
	}
	return regIncBeta(d2/2, d1/2, d2/(d2+d1*f))
}

// ---------------------------------------------------------------------------
// least squares

const errSingular = "The input matrix is singular and cannot be inverted."

// lsSolution is a least squares fit: coefficients, the diagonal of
// (X'X)^-1 (its pseudo-inverse when X is rank deficient) for standard
// errors.
type lsSolution struct {
	beta    []float64
	covDiag []float64
}

// leastSquares solves min ||a*b - y|| the way DolphinDB's options ask:
//
//   - method "default" with usePinv (the default) forms the normal
//     equations and applies the pseudo-inverse of a'a, as the manual
//     describes. This is what DolphinDB computes: on the manual's
//     ill-conditioned example it truncates a'a's smallest eigenvalue and
//     prints [2.968166,13.023638,-2.016390,0.076485], which this
//     reproduces; a QR solve would print the exact least squares answer
//     instead, which is what method "svd" is for.
//   - method "svd" takes the minimum-norm solution from the SVD of a
//     itself, accurate for ill-conditioned a.
//   - usePinv=false asks for a true inverse: Householder QR with column
//     pivoting (no squared condition number), and a rank-deficient a is
//     the error DolphinDB reports.
//
// covDiag is the diagonal of (a'a)^-1, or its pseudo-inverse, for the
// coefficients' standard errors.
func leastSquares(a mat, y []float64, method string, usePinv bool) (lsSolution, error) {
	n, p := a.r, a.c
	sol := lsSolution{beta: make([]float64, p), covDiag: make([]float64, p)}
	if p == 0 {
		return sol, nil
	}
	switch {
	case method == "svd":
		u, s, v := svdFactor(a)
		tol := float64(max(n, p)) * 2.220446049250313e-16 * s[0]
		if !usePinv && (len(s) < p || s[p-1] <= tol) {
			return sol, fmt.Errorf(errSingular)
		}
		for k, sk := range s {
			if sk <= tol {
				continue
			}
			uy := 0.0
			for i := range n {
				uy += u.at(i, k) * y[i]
			}
			for i := range p {
				vik := v.at(i, k)
				sol.beta[i] += vik * uy / sk
				sol.covDiag[i] += vik * vik / (sk * sk)
			}
		}
	case usePinv:
		at := a.t()
		inv := pseudoInverse(at.mul(a))
		sol.beta = inv.mul(at.mul(mat{n, 1, y})).d
		for i := range p {
			sol.covDiag[i] = inv.at(i, i)
		}
	default:
		if n < p {
			return sol, fmt.Errorf(errSingular)
		}
		f := householderQR(a, true)
		tol := float64(max(n, p)) * 2.220446049250313e-16 * math.Abs(f.raw.at(0, 0))
		for i := range p {
			if math.Abs(f.raw.at(i, i)) <= tol {
				return sol, fmt.Errorf(errSingular)
			}
		}
		qy := slices.Clone(y)
		f.qtApply(qy)
		z := make([]float64, p)
		for i := p - 1; i >= 0; i-- {
			s := qy[i]
			for j := i + 1; j < p; j++ {
				s -= f.raw.at(i, j) * z[j]
			}
			z[i] = s / f.raw.at(i, i)
		}
		// (a'a)^-1 = P R^-1 R^-T P': the squared row norms of R^-1.
		rinv := newMat(p, p)
		for j := range p {
			for i := j; i >= 0; i-- {
				s := 0.0
				if i == j {
					s = 1
				}
				for k := i + 1; k <= j; k++ {
					s -= f.raw.at(i, k) * rinv.at(k, j)
				}
				rinv.set(i, j, s/f.raw.at(i, i))
			}
		}
		for i := range p {
			s := 0.0
			for j := i; j < p; j++ {
				s += rinv.at(i, j) * rinv.at(i, j)
			}
			sol.beta[f.jpvt[i]] = z[i]
			sol.covDiag[f.jpvt[i]] = s
		}
	}
	return sol, nil
}

// regressionData is the design of ols/wls/residual: y, the factor columns
// (without the intercept) and their names.
type regressionData struct {
	y       []float64
	x       mat
	names   []string
	fromMat bool // an unlabeled matrix: coefficients are named beta0, beta1 ...
}

// zeroNulls copies xs with nulls replaced by 0, as ols documents.
func zeroNulls(xs []float64) []float64 {
	out := slices.Clone(xs)
	for i, x := range out {
		if x == nullF || x != x {
			out[i] = 0
		}
	}
	return out
}

// regressionArgs decodes Y and X. X may be a vector, a matrix (columns are
// factors when its rows match Y, rows when only its columns do), a table
// or a tuple of vectors; xName is the caller's spelling of a vector X.
func regressionArgs(fn, usage string, yv, xv value.Value, xName string) (regressionData, error) {
	var rd regressionData
	yvec, ok := yv.(*value.Vector)
	if !ok || yvec.Type() == value.ANY {
		return rd, fmt.Errorf("Usage: %s. Y must be a numeric vector.", usage)
	}
	ys, err := f64s(fn, yvec)
	if err != nil {
		return rd, err
	}
	rd.y = zeroNulls(ys)
	n := len(rd.y)
	var cols [][]float64
	addCol := func(v value.Value, name string) error {
		if v.Form() != value.VECTOR || isTuple(v) {
			return fmt.Errorf("Usage: %s. X must be a vector, matrix, table or tuple of vectors.", usage)
		}
		xs, err := f64s(fn, v)
		if err != nil {
			return err
		}
		if len(xs) != n {
			return fmt.Errorf("Usage: %s. The length of each factor in X (%d) must equal the length of Y (%d).", usage, len(xs), n)
		}
		cols = append(cols, zeroNulls(xs))
		rd.names = append(rd.names, name)
		return nil
	}
	switch x := xv.(type) {
	case *value.Matrix:
		m, err := f64s(fn, x.Data())
		if err != nil {
			return rd, err
		}
		labels := x.ColLabels()
		switch {
		case x.Rows() == n:
			for j := range x.Cols() {
				cols = append(cols, zeroNulls(m[j*x.Rows():(j+1)*x.Rows()]))
			}
		case x.Cols() == n:
			labels = x.RowLabels()
			for i := range x.Rows() {
				c := make([]float64, n)
				for j := range n {
					c[j] = m[j*x.Rows()+i]
				}
				cols = append(cols, zeroNulls(c))
			}
		default:
			return rd, fmt.Errorf("Usage: %s. The number of rows or columns of the matrix X must equal the length of Y.", usage)
		}
		rd.fromMat = labels == nil
		for j := range cols {
			if labels != nil {
				rd.names = append(rd.names, labels.Get(j).String())
			}
		}
	case *value.Table:
		for i := range x.NumCols() {
			if err := addCol(x.Column(i), x.Names()[i]); err != nil {
				return rd, err
			}
		}
	case *value.Vector:
		if x.Type() == value.ANY {
			// Elements of a tuple carry no names here; statsmodels' x1, x2 ...
			for i, e := range x.Elems() {
				if err := addCol(e, fmt.Sprintf("x%d", i+1)); err != nil {
					return rd, err
				}
			}
		} else {
			if xName == "" {
				xName = "x1"
			}
			if err := addCol(x, xName); err != nil {
				return rd, err
			}
		}
	default:
		return rd, fmt.Errorf("Usage: %s. X must be a vector, matrix, table or tuple of vectors.", usage)
	}
	rd.x = newMat(n, len(cols))
	for j, c := range cols {
		copy(rd.x.col(j), c)
	}
	return rd, nil
}

// design returns the regression matrix: a column of ones first when
// intercept, then the factors.
func (rd regressionData) design(intercept bool) mat {
	n := len(rd.y)
	off := 0
	if intercept {
		off = 1
	}
	a := newMat(n, rd.x.c+off)
	if intercept {
		for i := range n {
			a.d[i] = 1
		}
	}
	copy(a.d[off*n:], rd.x.d)
	return a
}

func (rd regressionData) coefNames(intercept bool) []string {
	var out []string
	if rd.fromMat {
		for i := range rd.x.c + boolInt(intercept) {
			out = append(out, fmt.Sprintf("beta%d", i))
		}
		return out
	}
	if intercept {
		out = append(out, "intercept")
	}
	return append(out, rd.names...)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// regressionOptions decodes intercept and mode (at indices i and i+1).
func regressionOptions(usage string, a []value.Value, i int) (intercept bool, mode int64, err error) {
	intercept = true
	if i < len(a) && a[i] != nil && !value.IsNull(a[i]) {
		if a[i].Form() != value.SCALAR || !isNumLike(a[i].Type()) {
			return false, 0, fmt.Errorf("Usage: %s. intercept must be a Boolean scalar.", usage)
		}
		intercept = argBool(a[i], true)
	}
	if i+1 < len(a) && a[i+1] != nil && !value.IsNull(a[i+1]) {
		if mode, err = argInt(usage, a[i+1]); err != nil || mode < 0 || mode > 2 {
			return false, 0, fmt.Errorf("Usage: %s. mode must be 0, 1 or 2.", usage)
		}
	}
	return intercept, mode, nil
}

func argName(names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return ""
}

const (
	olsUsage = "ols(Y, X, [intercept=true], [mode=0], [method='default'], [usePinv=true])"
	wlsUsage = "wls(Y, X, W, [intercept=true], [mode=0])"
)

func olsImpl(a []value.Value, names []string) (value.Value, error) {
	rd, err := regressionArgs("ols", olsUsage, a[0], a[1], argName(names, 1))
	if err != nil {
		return nil, err
	}
	intercept, mode, err := regressionOptions(olsUsage, a, 2)
	if err != nil {
		return nil, err
	}
	method := strings.ToLower(strArg(a, 4, "default"))
	if method != "default" && method != "svd" {
		return nil, fmt.Errorf("Usage: %s. method must be 'default' or 'svd'.", olsUsage)
	}
	usePinv := len(a) < 6 || argBool(a[5], true)
	return regress(rd, nil, intercept, mode, method, usePinv)
}

func wlsImpl(a []value.Value, names []string) (value.Value, error) {
	rd, err := regressionArgs("wls", wlsUsage, a[0], a[1], argName(names, 1))
	if err != nil {
		return nil, err
	}
	wv, ok := a[2].(*value.Vector)
	if !ok || wv.Type() == value.ANY {
		return nil, fmt.Errorf("Usage: %s. W must be a numeric vector.", wlsUsage)
	}
	ws, err := f64s("wls", wv)
	if err != nil {
		return nil, err
	}
	if len(ws) != len(rd.y) {
		return nil, fmt.Errorf("Usage: %s. The length of W (%d) must equal the length of Y (%d).", wlsUsage, len(ws), len(rd.y))
	}
	ws = zeroNulls(ws)
	for _, w := range ws {
		if w < 0 {
			return nil, fmt.Errorf("Usage: %s. The weights W must be non-negative.", wlsUsage)
		}
	}
	intercept, mode, err := regressionOptions(wlsUsage, a, 3)
	if err != nil {
		return nil, err
	}
	return regress(rd, ws, intercept, mode, "default", true)
}

// regress fits y on the design (weighted when w is not nil, by scaling
// each row with sqrt(w)) and builds the result mode asks for.
//
// The statistics follow the manual's ANOVA table: with an intercept the
// total sum of squares is centred (on the weighted mean) and has n-1
// degrees of freedom; without one it is the raw sum of squares with n
// degrees of freedom, as R and statsmodels report.
func regress(rd regressionData, w []float64, intercept bool, mode int64, method string, usePinv bool) (value.Value, error) {
	a := rd.design(intercept)
	n, p := a.r, a.c
	y := rd.y
	aw, yw := a, y
	if w != nil {
		aw, yw = a.clone(), slices.Clone(y)
		for i, wi := range w {
			s := math.Sqrt(wi)
			yw[i] *= s
			for j := range p {
				aw.d[j*n+i] *= s
			}
		}
	}
	sol, err := leastSquares(aw, yw, method, usePinv)
	if err != nil {
		return nil, err
	}
	if mode == 0 {
		return doublesVec(sol.beta), nil
	}
	weight := func(i int) float64 {
		if w == nil {
			return 1
		}
		return w[i]
	}
	resid := make([]float64, n)
	sse, sw, swy := 0.0, 0.0, 0.0
	for i := range n {
		fit := 0.0
		for j := range p {
			fit += a.d[j*n+i] * sol.beta[j]
		}
		resid[i] = y[i] - fit
		sse += weight(i) * resid[i] * resid[i]
		sw += weight(i)
		swy += weight(i) * y[i]
	}
	sst := 0.0
	dfReg, dfRes, dfTot := p, n-p, n
	if intercept {
		mean := swy / sw
		for i := range n {
			d := y[i] - mean
			sst += weight(i) * d * d
		}
		dfReg, dfTot = p-1, n-1
	} else {
		for i := range n {
			sst += weight(i) * y[i] * y[i]
		}
	}
	ssr := sst - sse
	mse := sse / float64(dfRes)
	msr := ssr / float64(dfReg)
	if dfRes <= 0 {
		mse = math.NaN()
	}
	if dfReg <= 0 {
		msr = math.NaN()
	}
	fstat := msr / mse
	coef := func() (value.Value, error) {
		k := len(sol.beta)
		se, ts, ps := make([]float64, k), make([]float64, k), make([]float64, k)
		for i := range k {
			se[i] = math.Sqrt(mse * sol.covDiag[i])
			ts[i] = sol.beta[i] / se[i]
			ps[i] = tTwoSided(ts[i], float64(dfRes))
		}
		finiteOrNull(se, ts, ps)
		return value.NewTable([]string{"factor", "beta", "stdError", "tstat", "pvalue"},
			[]value.Value{strVector(rd.coefNames(intercept)), doublesVec(sol.beta), doublesVec(se), doublesVec(ts), doublesVec(ps)})
	}
	if mode == 1 {
		return coef()
	}
	ct, err := coef()
	if err != nil {
		return nil, err
	}
	r2 := 1 - sse/sst
	adj := 1 - (1-r2)*float64(dfTot)/float64(dfRes)
	stats := []float64{r2, adj, math.Sqrt(mse), float64(n)}
	finiteOrNull(stats)
	rs, err := value.NewTable([]string{"item", "statistics"},
		[]value.Value{strVector([]string{"R2", "AdjustedR2", "StdError", "Observations"}), doublesVec(stats)})
	if err != nil {
		return nil, err
	}
	df := value.NewVector(value.INT, 3)
	for i, v := range []int{dfReg, dfRes, dfTot} {
		_ = df.Set(i, value.Int(v))
	}
	ms := []float64{msr, mse, nullF}
	fs := []float64{fstat, nullF, nullF}
	sig := []float64{fUpper(fstat, float64(dfReg), float64(dfRes)), nullF, nullF}
	finiteOrNull(ms, fs, sig)
	anova, err := value.NewTable([]string{"Breakdown", "DF", "SS", "MS", "F", "Significance"},
		[]value.Value{strVector([]string{"Regression", "Residual", "Total"}), df, doublesVec([]float64{ssr, sse, sst}), doublesVec(ms), doublesVec(fs), doublesVec(sig)})
	if err != nil {
		return nil, err
	}
	d := value.NewDict(value.STRING, value.ANY, false)
	// The order DolphinDB prints them in.
	_ = d.Set(value.String("Coefficient"), ct)
	_ = d.Set(value.String("Residual"), doublesVec(resid))
	_ = d.Set(value.String("RegressionStat"), rs)
	_ = d.Set(value.String("ANOVA"), anova)
	return d, nil
}

// finiteOrNull turns NaN and infinities (0/0 and x/0 of degenerate fits)
// into nulls, as DolphinDB's division by zero gives null.
func finiteOrNull(ss ...[]float64) {
	for _, s := range ss {
		for i, x := range s {
			if x != x || math.IsInf(x, 0) {
				s[i] = nullF
			}
		}
	}
}

func residualImpl(_ value.Env, a []value.Value) (value.Value, error) {
	const usage = "residual(Y, X, params, [intercept=true])"
	rd, err := regressionArgs("residual", usage, a[0], a[1], "")
	if err != nil {
		return nil, err
	}
	intercept, _, err := regressionOptions(usage, a[:min(len(a), 4)], 3)
	if err != nil {
		return nil, err
	}
	if a[2].Form() != value.VECTOR || isTuple(a[2]) {
		return nil, fmt.Errorf("Usage: %s. params must be a numeric vector.", usage)
	}
	params, err := f64s("residual", a[2])
	if err != nil {
		return nil, err
	}
	x := rd.design(intercept)
	if len(params) != x.c {
		return nil, fmt.Errorf("Usage: %s. The length of params (%d) must equal the number of coefficients (%d).", usage, len(params), x.c)
	}
	n := len(rd.y)
	out := make([]float64, n)
	for i := range n {
		fit := 0.0
		for j, b := range params {
			fit += x.d[j*n+i] * b
		}
		out[i] = rd.y[i] - fit
	}
	nanToNull(out)
	return doublesVec(out), nil
}

func mmseImpl(env value.Env, a []value.Value) (value.Value, error) {
	// mov2 keeps the first argument (Y) as x in pairSums, so beta() is the
	// slope of Y on X and the residual sum of squares is Syy - beta*Sxy in
	// Y's terms; mse divides it by the window's count (the manual's
	// example: 0.000055 for the first full window).
	if w := a[2]; w == nil || w.Form() != value.SCALAR || !isIntegral(w.Type()) || value.IsNull(w) {
		return nil, fmt.Errorf("Usage: mmse(Y, X, window, [minPeriods]). window must be a positive integer.")
	} else if x, _ := value.ToInt64(w); x <= 0 {
		return nil, fmt.Errorf("Usage: mmse(Y, X, window, [minPeriods]). window must be a positive integer.")
	}
	b, err := mov2("mmse", "", func(s *pairSums) float64 { return s.beta() }).Impl(env, a)
	if err != nil {
		return nil, err
	}
	e, err := mov2("mmse", "", func(s *pairSums) float64 {
		n := float64(s.n)
		beta := s.beta()
		if beta == nullF {
			return nullF
		}
		sse := (s.sxx - s.sx*s.sx/n) - beta*(s.sxy-s.sx*s.sy/n)
		return math.Max(sse, 0) / n
	}).Impl(env, a)
	if err != nil {
		return nil, err
	}
	return value.NewTuple([]value.Value{b, e}), nil
}

// ---------------------------------------------------------------------------
// decompositions

func luImpl(_ value.Env, a []value.Value) (value.Value, error) {
	m, err := matArg("lu(obj, [permute=false])", a[0], false)
	if err != nil {
		return nil, err
	}
	l, u, perm := luFactor(m)
	uv, err := u.value()
	if err != nil {
		return nil, err
	}
	if len(a) > 1 && argBool(a[1], false) {
		// P'*L: row perm[i] of the result is row i of L.
		pl := newMat(l.r, l.c)
		for i, src := range perm {
			for j := range l.c {
				pl.set(src, j, l.at(i, j))
			}
		}
		lv, err := pl.value()
		if err != nil {
			return nil, err
		}
		return value.NewTuple([]value.Value{lv, uv}), nil
	}
	p := newMat(m.r, m.r)
	for i, src := range perm {
		p.set(i, src, 1)
	}
	pv, err := p.value()
	if err != nil {
		return nil, err
	}
	lv, err := l.value()
	if err != nil {
		return nil, err
	}
	return value.NewTuple([]value.Value{pv, lv, uv}), nil
}

func qrImpl(_ value.Env, a []value.Value) (value.Value, error) {
	const usage = "qr(obj, [mode='full'], [pivoting=false])"
	m, err := matArg(usage, a[0], false)
	if err != nil {
		return nil, err
	}
	mode := strArg(a, 1, "full")
	switch mode {
	case "full", "economic", "raw", "r":
	default:
		return nil, fmt.Errorf("Usage: %s. mode must be 'full', 'economic', 'raw' or 'r'.", usage)
	}
	pivot := len(a) > 2 && argBool(a[2], false)
	f := householderQR(m, pivot)
	k := min(m.r, m.c)
	var out []value.Value
	add := func(x mat) error {
		v, err := x.value()
		out = append(out, v)
		return err
	}
	var errs []error
	switch mode {
	case "full":
		errs = append(errs, add(f.q(m.r)), add(f.r(m.r)))
	case "economic":
		errs = append(errs, add(f.q(k)), add(f.r(k)))
	case "raw":
		errs = append(errs, add(f.raw))
		out = append(out, doublesVec(f.tau))
		errs = append(errs, add(f.r(k)))
	case "r":
		errs = append(errs, add(f.r(m.r)))
	}
	for _, e := range errs {
		if e != nil {
			return nil, e
		}
	}
	if pivot {
		pv := value.NewVector(value.INT, len(f.jpvt))
		for i, j := range f.jpvt {
			_ = pv.Set(i, value.Int(j))
		}
		out = append(out, pv)
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return value.NewTuple(out), nil
}

func svdImpl(_ value.Env, a []value.Value) (value.Value, error) {
	m, err := matArg("svd(obj, [fullMatrices=true], [computeUV=true])", a[0], false)
	if err != nil {
		return nil, err
	}
	full := len(a) < 2 || argBool(a[1], true)
	computeUV := len(a) < 3 || argBool(a[2], true)
	u, s, v := svdFactor(m)
	if !computeUV {
		return doublesVec(s), nil
	}
	if full {
		u, v = completeBasis(u), completeBasis(v)
	} else {
		// Zero singular values leave zero columns; give them a basis too.
		uc := completeBasis(u)
		u = uc.sub(u.r, u.c)
	}
	uv, err := u.value()
	if err != nil {
		return nil, err
	}
	// DolphinDB returns V with the right singular vectors as rows.
	vv, err := v.t().value()
	if err != nil {
		return nil, err
	}
	return value.NewTuple([]value.Value{uv, doublesVec(s), vv}), nil
}

func eigImpl(_ value.Env, a []value.Value) (value.Value, error) {
	m, err := matArg("eig(A)", a[0], false)
	if err != nil {
		return nil, err
	}
	if m.r != m.c {
		return nil, fmt.Errorf("Usage: eig(A). A must be a square matrix.")
	}
	vals, vecs := jacobiEigen(m)
	vv, err := vecs.value()
	if err != nil {
		return nil, err
	}
	d := value.NewDict(value.STRING, value.ANY, false)
	_ = d.Set(value.String("vectors"), vv)
	_ = d.Set(value.String("values"), doublesVec(vals))
	return d, nil
}

func schurImpl(_ value.Env, a []value.Value) (value.Value, error) {
	const usage = "schur(obj, [sort])"
	m, err := matArg(usage, a[0], false)
	if err != nil {
		return nil, err
	}
	if m.r != m.c {
		return nil, fmt.Errorf("Usage: %s. obj must be a square matrix.", usage)
	}
	var sel func(re, im float64) bool
	if len(a) > 1 && a[1] != nil && a[1].Type() != value.VOID {
		switch strings.ToLower(a[1].String()) {
		case "lhp":
			sel = func(re, _ float64) bool { return re < 0 }
		case "rhp":
			sel = func(re, _ float64) bool { return re > 0 }
		case "iuc":
			sel = func(re, im float64) bool { return math.Hypot(re, im) <= 1 }
		case "ouc":
			sel = func(re, im float64) bool { return math.Hypot(re, im) > 1 }
		default:
			return nil, fmt.Errorf("Usage: %s. sort must be 'lhp', 'rhp', 'iuc' or 'ouc'.", usage)
		}
	}
	t, z, err := schurFactor(m)
	if err != nil {
		return nil, err
	}
	count := 0
	if sel != nil {
		if count, err = sortSchur(t, z, sel); err != nil {
			return nil, err
		}
	}
	tv, err := t.value()
	if err != nil {
		return nil, err
	}
	zv, err := z.value()
	if err != nil {
		return nil, err
	}
	if sel == nil {
		return value.NewTuple([]value.Value{tv, zv}), nil
	}
	return value.NewTuple([]value.Value{tv, zv, value.Int(count)}), nil
}

func pinverseImpl(_ value.Env, a []value.Value) (value.Value, error) {
	m, err := matArg("pinverse(X)", a[0], true)
	if err != nil {
		return nil, err
	}
	return pseudoInverse(m).value()
}
