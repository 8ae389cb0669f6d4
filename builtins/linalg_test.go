package builtins

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randMat returns an r x c matrix with entries in [-5, 5) from a fixed seed,
// so that failures reproduce.
func randMat(rng *rand.Rand, r, c int) mat {
	m := newMat(r, c)
	for i := range m.d {
		m.d[i] = rng.Float64()*10 - 5
	}
	return m
}

func maxAbsDiff(t *testing.T, what string, a, b mat) float64 {
	t.Helper()
	if a.r != b.r || a.c != b.c {
		t.Fatalf("%s: shape %dx%d, want %dx%d", what, a.r, a.c, b.r, b.c)
	}
	d := 0.0
	for i := range a.d {
		d = math.Max(d, math.Abs(a.d[i]-b.d[i]))
	}
	return d
}

func checkClose(t *testing.T, what string, a, b mat, tol float64) {
	t.Helper()
	if d := maxAbsDiff(t, what, a, b); d > tol {
		t.Errorf("%s: max difference %g > %g", what, d, tol)
	}
}

// checkOrthonormalCols checks q'q = I.
func checkOrthonormalCols(t *testing.T, what string, q mat) {
	t.Helper()
	checkClose(t, what+" orthonormal", q.t().mul(q), identity(q.c), 1e-12)
}

var shapes = [][2]int{{1, 1}, {3, 3}, {5, 3}, {3, 5}, {6, 6}, {8, 2}, {2, 7}}

func TestHouseholderQR(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sh := range shapes {
		for _, pivot := range []bool{false, true} {
			a := randMat(rng, sh[0], sh[1])
			f := householderQR(a, pivot)
			q, r := f.q(a.r), f.r(a.r)
			checkOrthonormalCols(t, "Q", q)
			ap := newMat(a.r, a.c)
			for j, src := range f.jpvt {
				copy(ap.col(j), a.col(src))
			}
			checkClose(t, "QR = A[:, P]", q.mul(r), ap, 1e-12)
			for i := range r.r {
				for j := range min(i, r.c) {
					if r.at(i, j) != 0 {
						t.Fatalf("R not upper triangular at (%d,%d)", i, j)
					}
				}
			}
			if pivot {
				// Column pivoting makes |R| non-increasing on the diagonal.
				for i := 1; i < min(a.r, a.c); i++ {
					if math.Abs(r.at(i, i)) > math.Abs(r.at(i-1, i-1))+1e-12 {
						t.Errorf("%v: |R[%d,%d]| increases", sh, i, i)
					}
				}
			}
		}
	}
}

// The manual's qr example: R's diagonal signs and the reflector scales tau
// are LAPACK's (https://docs.dolphindb.cn/en/Functions/q/qr.html).
func TestHouseholderQRManual(t *testing.T) {
	a := mat{4, 3, []float64{2, 5, 7, 5, 5, 2, 5, 4, 8, 2, 6, 4}}
	f := householderQR(a, false)
	wantTau := []float64{1.197066, 1.790053, 1.104512}
	wantDiag := []float64{-10.148892, 3.922799, 1.071571}
	for i := range 3 {
		if math.Abs(f.tau[i]-wantTau[i]) > 1e-6 || math.Abs(f.raw.at(i, i)-wantDiag[i]) > 1e-6 {
			t.Errorf("step %d: tau %g R %g, want %g %g", i, f.tau[i], f.raw.at(i, i), wantTau[i], wantDiag[i])
		}
	}
	p := householderQR(a, true)
	if p.jpvt[0] != 2 || p.jpvt[1] != 0 || p.jpvt[2] != 1 {
		t.Errorf("pivots %v, want [2 0 1]", p.jpvt)
	}
}

func TestLUFactor(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sh := range shapes {
		a := randMat(rng, sh[0], sh[1])
		l, u, perm := luFactor(a)
		pa := newMat(a.r, a.c)
		for i, src := range perm {
			for j := range a.c {
				pa.set(i, j, a.at(src, j))
			}
		}
		checkClose(t, "LU = PA", l.mul(u), pa, 1e-12)
		for j := range l.c {
			if l.at(j, j) != 1 {
				t.Errorf("L diagonal %g", l.at(j, j))
			}
			for i := j + 1; i < l.r; i++ {
				if math.Abs(l.at(i, j)) > 1+1e-15 {
					t.Errorf("partial pivoting left a multiplier %g", l.at(i, j))
				}
			}
		}
	}
	// A singular matrix factors without dividing by zero.
	l, u, _ := luFactor(mat{2, 2, []float64{0, 0, 1, 2}})
	checkClose(t, "singular LU", l.mul(u), mat{2, 2, []float64{0, 0, 1, 2}}, 0)
}

func TestJacobiEigen(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 3, 6, 9} {
		a := randMat(rng, n, n)
		s := a.mul(a.t()) // symmetric
		vals, v := jacobiEigen(s)
		checkOrthonormalCols(t, "eigenvectors", v)
		lam := newMat(n, n)
		for i, x := range vals {
			lam.set(i, i, x)
		}
		checkClose(t, "S V = V L", s.mul(v), v.mul(lam), 1e-9)
	}
	// Only the lower triangle is read, as numpy's eigh.
	vals, _ := jacobiEigen(mat{2, 2, []float64{2, 1, 100, 2}})
	if math.Abs(vals[0]+vals[1]-4) > 1e-12 || math.Abs(vals[0]*vals[1]-3) > 1e-12 {
		t.Errorf("lower triangle eigenvalues %v, want 1 and 3", vals)
	}
}

func TestSVDFactor(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	check := func(a mat) {
		u, s, v := svdFactor(a)
		k := min(a.r, a.c)
		if len(s) != k || u.c != k || v.c != k {
			t.Fatalf("%dx%d: %d singular values, U %dx%d, V %dx%d", a.r, a.c, len(s), u.r, u.c, v.r, v.c)
		}
		for i := 1; i < k; i++ {
			if s[i] > s[i-1] {
				t.Errorf("singular values not descending: %v", s)
			}
		}
		sm := newMat(k, k)
		for i, x := range s {
			sm.set(i, i, x)
		}
		checkClose(t, "U S V' = A", u.mul(sm).mul(v.t()), a, 1e-11)
		checkOrthonormalCols(t, "V", v)
		uf := completeBasis(u)
		checkOrthonormalCols(t, "full U", uf)
		checkOrthonormalCols(t, "full V", completeBasis(v))
		checkClose(t, "completion keeps U", uf.sub(u.r, u.c).mul(sm), u.mul(sm), 1e-12)
	}
	for _, sh := range shapes {
		check(randMat(rng, sh[0], sh[1]))
	}
	// Rank deficient: column 2 = column 0 + column 1.
	a := randMat(rng, 5, 3)
	for i := range 5 {
		a.set(i, 2, a.at(i, 0)+a.at(i, 1))
	}
	check(a)
	_, s, _ := svdFactor(a)
	if s[2] > 1e-12*s[0] {
		t.Errorf("rank-2 matrix has third singular value %g", s[2])
	}
	check(newMat(3, 2)) // all zero
}

func TestPseudoInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, sh := range shapes {
		a := randMat(rng, sh[0], sh[1])
		if sh[0] > 2 && sh[1] > 2 {
			for i := range a.r {
				a.set(i, 1, 2*a.at(i, 0))
			}
		}
		p := pseudoInverse(a)
		// The Moore-Penrose conditions.
		checkClose(t, "A P A = A", a.mul(p).mul(a), a, 1e-10)
		checkClose(t, "P A P = P", p.mul(a).mul(p), p, 1e-10)
		ap, pa := a.mul(p), p.mul(a)
		checkClose(t, "AP symmetric", ap, ap.t(), 1e-10)
		checkClose(t, "PA symmetric", pa, pa.t(), 1e-10)
	}
}

func TestSchurFactor(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 300 {
		n := 1 + trial%10
		a := randMat(rng, n, n)
		if trial%3 == 0 {
			// Small integers: repeated and zero eigenvalues, exact zeros.
			for i := range a.d {
				a.d[i] = math.Round(a.d[i] / 2)
			}
		}
		tm, z, err := schurFactor(a)
		if err != nil {
			t.Fatal(err)
		}
		checkOrthonormalCols(t, "Z", z)
		checkClose(t, "Z T Z' = A", z.mul(tm).mul(z.t()), a, 1e-10)
		checkQuasiTriangular(t, tm)
		for _, sel := range []func(re, im float64) bool{
			func(re, _ float64) bool { return re < 0 },
			func(re, im float64) bool { return math.Hypot(re, im) > 4 },
		} {
			t2, z2 := tm.clone(), z.clone()
			count, err := sortSchur(t2, z2, sel)
			if err != nil {
				t.Fatal(err)
			}
			checkOrthonormalCols(t, "sorted Z", z2)
			checkClose(t, "sorted Z T Z' = A", z2.mul(t2).mul(z2.t()), a, 1e-9)
			checkQuasiTriangular(t, t2)
			for k := 0; k < n; {
				re, im, size := schurEigen(t2, k)
				if (k < count) != sel(re, im) {
					t.Errorf("n=%d: eigenvalue %g%+gi at %d, %d selected", n, re, im, k, count)
				}
				k += size
			}
		}
	}
}

// checkQuasiTriangular checks that t is upper triangular but for 2x2 blocks
// in LAPACK's standard form (equal diagonal, b*c < 0).
func checkQuasiTriangular(t *testing.T, tm mat) {
	t.Helper()
	n := tm.r
	for j := range n {
		for i := j + 2; i < n; i++ {
			if tm.at(i, j) != 0 {
				t.Fatalf("T[%d,%d] = %g below the subdiagonal", i, j, tm.at(i, j))
			}
		}
	}
	for k := 0; k+1 < n; k++ {
		if tm.at(k+1, k) == 0 {
			continue
		}
		if k+2 < n && tm.at(k+2, k+1) != 0 {
			t.Fatalf("overlapping 2x2 blocks at %d", k)
		}
		if tm.at(k, k) != tm.at(k+1, k+1) || tm.at(k, k+1)*tm.at(k+1, k) >= 0 {
			t.Errorf("block at %d not standard: %g %g %g %g", k, tm.at(k, k), tm.at(k, k+1), tm.at(k+1, k), tm.at(k+1, k+1))
		}
		k++
	}
}

func TestDistributions(t *testing.T) {
	cases := []struct {
		name      string
		got, want float64
	}{
		// Cauchy (df=1): P(|T| > 1) = 1/2.
		{"t df1", tTwoSided(1, 1), 0.5},
		// df=2 has the closed form P(|T| > t) = 1 - t/sqrt(2+t^2).
		{"t df2", tTwoSided(1.5, 2), 1 - 1.5/math.Sqrt(2+1.5*1.5)},
		{"t df2 large", tTwoSided(-40, 2), 1 - 40/math.Sqrt(2+1600)},
		// With d1=2 the upper tail is (d2/(d2+2f))^(d2/2).
		{"F d1=2", fUpper(3.5, 2, 7), math.Pow(7/(7+7.0), 3.5)},
		{"F d1=2 small", fUpper(0.01, 2, 30), math.Pow(30/30.02, 15)},
		// The manual's ols example: t = -1.814353 with 4 df, F = 31.467739 with (2, 4).
		{"ols t", tTwoSided(-1.814353, 4), 0.143818},
		{"ols F", fUpper(31.467739, 2, 4), 0.003571},
		{"I_x(a,1)", regIncBeta(2.5, 1, 0.3), math.Pow(0.3, 2.5)},
	}
	for _, c := range cases {
		if math.Abs(c.got-c.want) > 1e-6*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s = %.12g, want %.12g", c.name, c.got, c.want)
		}
	}
	if !math.IsNaN(tTwoSided(1, 0)) || tTwoSided(math.Inf(1), 3) != 0 || fUpper(-1, 2, 3) != 1 {
		t.Error("edge cases of the distributions")
	}
}

func TestLeastSquaresMethods(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	a := randMat(rng, 20, 4)
	y := make([]float64, 20)
	for i := range y {
		y[i] = rng.Float64()
	}
	ref, err := leastSquares(a, y, "default", false) // QR
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		method  string
		usePinv bool
	}{{"default", true}, {"svd", true}, {"svd", false}} {
		sol, err := leastSquares(a, y, m.method, m.usePinv)
		if err != nil {
			t.Fatal(err)
		}
		for i := range sol.beta {
			if math.Abs(sol.beta[i]-ref.beta[i]) > 1e-10 || math.Abs(sol.covDiag[i]-ref.covDiag[i]) > 1e-10 {
				t.Errorf("%v: beta %v cov %v, QR gives %v %v", m, sol.beta, sol.covDiag, ref.beta, ref.covDiag)
				break
			}
		}
	}
	// The residual of a least squares fit is orthogonal to the columns.
	for j := range a.c {
		s := 0.0
		for i := range a.r {
			fit := 0.0
			for k := range a.c {
				fit += a.at(i, k) * ref.beta[k]
			}
			s += a.at(i, j) * (y[i] - fit)
		}
		if math.Abs(s) > 1e-10 {
			t.Errorf("residual not orthogonal to column %d: %g", j, s)
		}
	}
	// Rank deficient: the minimum-norm solution, or the error without pinv.
	d := mat{3, 3, []float64{1, 1, 1, 1, 1, 1, 2, 2, 2}}
	for _, method := range []string{"default", "svd"} {
		sol, err := leastSquares(d, []float64{1, 1, 1}, method, true)
		if err != nil {
			t.Fatal(err)
		}
		want := []float64{1.0 / 6, 1.0 / 6, 1.0 / 3}
		for i := range want {
			if math.Abs(sol.beta[i]-want[i]) > 1e-12 {
				t.Errorf("%s: minimum-norm solution %v, want %v", method, sol.beta, want)
				break
			}
		}
		if _, err := leastSquares(d, []float64{1, 1, 1}, method, false); err == nil || err.Error() != errSingular {
			t.Errorf("%s without pinv: %v", method, err)
		}
	}
}
