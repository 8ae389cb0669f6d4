// This file defines the generic loops that kernels instantiate. Each is
// small enough to be inlined into a per-operation wrapper such as addK, so
// the element function is inlined into the loop body: one wrapper per
// operation and compute type, no indirect call per element.

package builtins

// ordered is what comparison loops accept.
type ordered interface {
	num | ~string
}

// binary computes out[i] = f(a[i&ma], b[i&mb]); a null input or a false
// ok gives the null nc.
func binary[C num](a, b, out []C, ma, mb int, nc C, f func(C, C) (C, bool)) {
	for i := range out {
		x, y := a[i&ma], b[i&mb]
		r, ok := f(x, y)
		if !ok || x == nc || y == nc {
			r = nc
		}
		out[i] = r
	}
}

// binVS is binary with a scalar right operand.
func binVS[C num](a []C, y C, out []C, nc C, f func(C, C) (C, bool)) {
	out = out[:len(a)]
	for i, x := range a {
		r, ok := f(x, y)
		if !ok || x == nc || y == nc {
			r = nc
		}
		out[i] = r
	}
}

// binSV is binary with a scalar left operand.
func binSV[C num](x C, b []C, out []C, nc C, f func(C, C) (C, bool)) {
	out = out[:len(b)]
	for i, y := range b {
		r, ok := f(x, y)
		if !ok || x == nc || y == nc {
			r = nc
		}
		out[i] = r
	}
}

// compare computes out[i] = f(a[i&ma], b[i&mb]) as BOOL 0/1. Nulls need no
// care: every sentinel is its type's minimum, DolphinDB's null ordering.
func compare[C ordered](a, b []C, out []int8, ma, mb int, f func(C, C) bool) {
	for i := range out {
		var r int8
		if f(a[i&ma], b[i&mb]) {
			r = 1
		}
		out[i] = r
	}
}

// unary computes out[i] = f(a[i]); null in, or a false ok, gives nr.
func unary[A, R num](a []A, out []R, na A, nr R, f func(A) (R, bool)) {
	for i, x := range a {
		r, ok := f(x)
		if !ok || x == na {
			r = nr
		}
		out[i] = r
	}
}
