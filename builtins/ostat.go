// This file holds the sliding-window kernels that avoid rescanning each
// window: rankTree (a Fenwick tree over the sorted distinct values) gives
// the k-th smallest value and the rank of a value in O(log n), which
// mmed, mpercentile, mrank and tmmed use as their windows slide; the tm*
// sum/avg/count/sum2 family slides running sums, tmmax/tmmin keep
// monotonic deques, and tmfirst/tmlast jump to the nearest valid value.

package builtins

import (
	"math"
	"math/bits"
	"slices"
)

// rankTree counts a multiset of values drawn from a fixed universe.
type rankTree struct {
	vals []float64 // sorted distinct universe
	bit  []int32   // Fenwick tree over vals, 1-based
	n    int       // number of values held
}

// newRankTree returns an empty tree over the valid values of xs.
func newRankTree(xs []float64) *rankTree {
	vals := make([]float64, 0, len(xs))
	for _, x := range xs {
		if x != nullF {
			vals = append(vals, x)
		}
	}
	slices.Sort(vals)
	vals = slices.Compact(vals)
	return &rankTree{vals: vals, bit: make([]int32, len(vals)+1)}
}

func (t *rankTree) pos(x float64) int {
	i, _ := slices.BinarySearch(t.vals, x)
	return i
}

// addAt adds d copies of the universe value at index p.
func (t *rankTree) addAt(p int, d int32) {
	t.n += int(d)
	for i := p + 1; i < len(t.bit); i += i & -i {
		t.bit[i] += d
	}
}

// positions returns the universe index of each valid x (-1 for nulls).
func (t *rankTree) positions(xs []float64) []int32 {
	ps := make([]int32, len(xs))
	for i, x := range xs {
		ps[i] = -1
		if x != nullF {
			ps[i] = int32(t.pos(x))
		}
	}
	return ps
}

// countBelow returns how many held values have universe index < i.
func (t *rankTree) countBelow(i int) int {
	c := int32(0)
	for ; i > 0; i -= i & -i {
		c += t.bit[i]
	}
	return int(c)
}

// kth returns the k-th smallest held value (0-based, k < n).
func (t *rankTree) kth(k int) float64 {
	pos := 0
	rem := int32(k + 1)
	for step := 1 << (bits.Len(uint(len(t.bit))) - 1); step > 0; step >>= 1 {
		if next := pos + step; next < len(t.bit) && t.bit[next] < rem {
			pos = next
			rem -= t.bit[next]
		}
	}
	return t.vals[pos]
}

// quantile is quantileOf over the held values.
func (t *rankTree) quantile(q float64, method string) float64 {
	if t.n == 0 {
		return nullF
	}
	pos := q * float64(t.n-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, t.n-1)
	frac := pos - float64(lo)
	vlo := t.kth(lo)
	if frac == 0 {
		return vlo
	}
	switch method {
	case "lower":
		return vlo
	case "higher":
		return t.kth(hi)
	case "nearest":
		if frac > 0.5 {
			return t.kth(hi)
		}
		return vlo
	case "midpoint":
		return (vlo + t.kth(hi)) / 2
	}
	vhi := t.kth(hi)
	return vlo + (vhi-vlo)*frac
}

// orderK is a moving kernel that slides xs through a rankTree and asks f
// for each ready window.
func orderK(f func(t *rankTree) float64) movKernel {
	return func(xs, out []float64, w, mp int) {
		t := newRankTree(xs)
		ps := t.positions(xs)
		for i, p := range ps {
			if p >= 0 {
				t.addAt(int(p), 1)
			}
			if i >= w {
				if q := ps[i-w]; q >= 0 {
					t.addAt(int(q), -1)
				}
			}
			if !ready(t.n, i, w, mp) {
				out[i] = nullF
				continue
			}
			r := f(t)
			if r != r {
				r = nullF
			}
			out[i] = r
		}
	}
}

// mrankTreeK is mrank with ignoreNA=true: the rank of xs[i] among the
// valid values of its window.
func mrankTreeK(asc bool, ties string, percent bool) movKernel {
	return func(xs, out []float64, w, mp int) {
		t := newRankTree(xs)
		ps := t.positions(xs)
		for i, p := range ps {
			if p >= 0 {
				t.addAt(int(p), 1)
			}
			if i >= w {
				if q := ps[i-w]; q >= 0 {
					t.addAt(int(q), -1)
				}
			}
			ok := ready(t.n, i, w, mp) || mp == 0 && i >= w-1
			if !ok || p < 0 {
				out[i] = nullF
				continue
			}
			lt, le := t.countBelow(int(p)), t.countBelow(int(p)+1)
			less, eq := lt, le-lt
			if !asc {
				less = t.n - le
			}
			r := float64(less)
			switch ties {
			case "max":
				r = float64(less + eq - 1)
			case "average":
				r = float64(less) + float64(eq-1)/2
			}
			if percent {
				r = (r + 1) / float64(t.n)
			}
			out[i] = r
		}
	}
}

// tmKernel computes a time-window result for each i from xs and the
// first index lo[i] of its window (lo is non-decreasing).
type tmKernel func(xs []float64, lo []int, out []float64)

// tmSumsK slides the sum and count (and sum of squares) of the valid
// values; f maps them to the result, or reports none.
func tmSumsK(f func(s, s2 float64, c int) (float64, bool)) tmKernel {
	return func(xs []float64, lo []int, out []float64) {
		s, s2, c, j := 0.0, 0.0, 0, 0
		for i, x := range xs {
			if x != nullF {
				s += x
				s2 += x * x
				c++
			}
			for ; j < lo[i]; j++ {
				if y := xs[j]; y != nullF {
					s -= y
					s2 -= y * y
					c--
				}
			}
			if c == 0 {
				// Reset drift once the window holds no value.
				s, s2 = 0, 0
			}
			r, ok := f(s, s2, c)
			if !ok || r != r {
				r = nullF
			}
			out[i] = r
		}
	}
}

// tmExtremeK keeps a monotonic deque of window indexes whose values
// decrease (max) or increase (min) from the front.
func tmExtremeK(isMax bool) tmKernel {
	return func(xs []float64, lo []int, out []float64) {
		dq := make([]int, 0, 16)
		head := 0
		for i, x := range xs {
			if x != nullF {
				for len(dq) > head {
					y := xs[dq[len(dq)-1]]
					if isMax && y > x || !isMax && y < x {
						break
					}
					dq = dq[:len(dq)-1]
				}
				dq = append(dq, i)
			}
			for head < len(dq) && dq[head] < lo[i] {
				head++
			}
			if head == len(dq) {
				out[i] = nullF
			} else {
				out[i] = xs[dq[head]]
			}
			if head > 1024 && head*2 > len(dq) {
				dq = append(dq[:0], dq[head:]...)
				head = 0
			}
		}
	}
}

// tmEdgeK returns the first (or last) valid value of each window.
func tmEdgeK(last bool) tmKernel {
	return func(xs []float64, lo []int, out []float64) {
		n := len(xs)
		if last {
			prev := -1
			for i, x := range xs {
				if x != nullF {
					prev = i
				}
				if prev >= lo[i] {
					out[i] = xs[prev]
				} else {
					out[i] = nullF
				}
			}
			return
		}
		next := make([]int, n+1)
		next[n] = n
		for i := n - 1; i >= 0; i-- {
			next[i] = next[i+1]
			if xs[i] != nullF {
				next[i] = i
			}
		}
		for i := range xs {
			if k := next[lo[i]]; k <= i {
				out[i] = xs[k]
			} else {
				out[i] = nullF
			}
		}
	}
}

// tmOrderK slides a rankTree over the time windows.
func tmOrderK(f func(t *rankTree) float64) tmKernel {
	return func(xs []float64, lo []int, out []float64) {
		t := newRankTree(xs)
		ps := t.positions(xs)
		j := 0
		for i, p := range ps {
			if p >= 0 {
				t.addAt(int(p), 1)
			}
			for ; j < lo[i]; j++ {
				if q := ps[j]; q >= 0 {
					t.addAt(int(q), -1)
				}
			}
			r := nullF
			if t.n > 0 {
				r = f(t)
			}
			if r != r {
				r = nullF
			}
			out[i] = r
		}
	}
}
