// This file is the direct path of grouping: when every key is a SYMBOL or
// an integer/temporal column (possibly divided, as date(DateTime)) and the
// product of their ranges is small, a row's slot is computed arithmetically
// (slot = slot*card + code) in one pass per key over morsels, with no hash
// table and no intermediate code arrays.

package sql

import (
	"math"
	"math/bits"
	"sync/atomic"

	"github.com/porpoisedb/porpoise/vm/value"
)

type denseKey struct {
	k     key
	lo    int64
	card  int64 // codes 0..card-1; null takes card-1 for integers
	sym   bool
	codes []int32 // precomputed codes (hashed keys such as strings)
	// guess marks a range estimated from a sample (derived keys): fold
	// then reports values outside it in bad, and run redoes the pass
	// with the exact range.
	guess bool
	bad   *atomic.Bool
}

// denseKeys returns the direct encoding of keys and its slot count, or
// false when a key has no small range.
func denseKeys(keys []key, n int) ([]denseKey, int, bool) {
	dks := make([]denseKey, len(keys))
	prod := int64(1)
	for i, k := range keys {
		d, ok := denseOf(k)
		if !ok {
			// A hashed key joins the others as precomputed codes.
			kc := encodeKey(k.values(), n)
			d = denseKey{k: k, card: int64(kc.card), codes: kc.codes}
		}
		dks[i] = d
		prod *= d.card
		if prod > int64(maxDense(n)) {
			return nil, 0, false
		}
	}
	return dks, int(prod), true
}

// chunk is the number of rows whose slots are computed at a time: small
// enough to stay in cache between the key pass and the aggregate pass.
const chunk = 1 << 13

// fill computes the slots of rows [lo, hi) into buf.
func (g *grouping) fill(buf []int32, lo, hi int) []int32 {
	buf = buf[:hi-lo]
	for i, d := range g.dense {
		d.fold(buf, lo, hi, i == 0)
	}
	return buf
}

// each calls fn on consecutive pieces of rows [lo, hi) with their slots;
// a is the first row of the piece.
func (g *grouping) each(lo, hi int, fn func(ids []int32, a int)) {
	if g.ids != nil {
		fn(g.ids[lo:hi], lo)
		return
	}
	buf := make([]int32, chunk)
	for a := lo; a < hi; a += chunk {
		b := min(a+chunk, hi)
		fn(g.fill(buf, a, b), a)
	}
}

// allIDs materialises the slot of every row.
func (g *grouping) allIDs() []int32 {
	if g.ids == nil {
		ids := make([]int32, g.n)
		morsels(g.n, func(_, lo, hi int) { g.fill(ids[lo:hi], lo, hi) })
		g.ids = ids
	}
	return g.ids
}

// denseOf finds a key's code range, or reports that it has none.
func denseOf(k key) (denseKey, bool) {
	v := k.v
	switch t := v.Type(); {
	case t == value.SYMBOL && k.div == 0:
		return denseKey{k: k, card: int64(len(v.Symbols().Syms)), sym: true}, true
	case t.IsDecimal() || t == value.FLOAT || t == value.DOUBLE || t == value.SYMBOL:
		return denseKey{}, false
	case t.Width() == 4 && t != value.STRING && k.div > 0:
		// A division has few distinct values: estimate the range from a
		// sample instead of a pass, and check it while folding.
		lo, hi, ok := sampleMinMax(v.Ints(), value.NullInt)
		d, fits := rangeKey(k, lo, hi, ok)
		d.guess, d.bad = true, new(atomic.Bool)
		return d, fits
	case t.Width() == 4 && t != value.STRING:
		lo, hi, ok := minMaxInts(v.Ints(), value.NullInt)
		return rangeKey(k, lo, hi, ok)
	case t.Width() == 8:
		lo, hi, ok := minMaxInts(v.Longs(), value.NullLong)
		return rangeKey(k, lo, hi, ok)
	}
	return denseKey{}, false
}

func rangeKey(k key, lo, hi int64, any bool) (denseKey, bool) {
	if !any {
		return denseKey{k: k, card: 1}, true
	}
	if k.div > 0 {
		lo, hi = floorDiv64(lo, math.MinInt64, k.div), floorDiv64(hi, math.MinInt64, k.div)
	}
	if hi-lo > 1<<30 {
		return denseKey{}, false
	}
	return denseKey{k: k, lo: lo, card: hi - lo + 2}, true
}

// sampleMinMax estimates the least and greatest non-null values from
// every 1024th element and the last.
func sampleMinMax[T int32 | int64](xs []T, null T) (int64, int64, bool) {
	const stride = 1024
	var lo, hi T
	ok := false
	for i := 0; i < len(xs); i += stride {
		x := xs[i]
		if i+stride >= len(xs) {
			x = xs[len(xs)-1]
		}
		if x == null {
			continue
		}
		if !ok {
			lo, hi, ok = x, x, true
		}
		lo, hi = min(lo, x), max(hi, x)
	}
	return int64(lo), int64(hi), ok
}

// exact replaces an estimated range by the scanned one.
func (d *denseKey) exact() {
	v := d.k.v
	lo, hi, ok := minMaxInts(v.Ints(), value.NullInt)
	e, _ := rangeKey(d.k, lo, hi, ok)
	d.lo, d.card, d.guess = e.lo, e.card, false
}

// minMaxInts scans for the least and greatest non-null values.
func minMaxInts[T int32 | int64](xs []T, null T) (int64, int64, bool) {
	type mm struct {
		lo, hi T
		ok     bool
	}
	parts := make([]mm, 8)
	np := morsels(len(xs), func(p, a, b int) {
		var m mm
		for _, x := range xs[a:b] {
			if x == null {
				continue
			}
			if !m.ok {
				m = mm{x, x, true}
			} else if x < m.lo {
				m.lo = x
			} else if x > m.hi {
				m.hi = x
			}
		}
		parts[p] = m
	})
	r := parts[0]
	for _, m := range parts[1:np] {
		if !m.ok {
			continue
		}
		if !r.ok {
			r = m
			continue
		}
		r.lo, r.hi = min(r.lo, m.lo), max(r.hi, m.hi)
	}
	return int64(r.lo), int64(r.hi), r.ok
}

// fold sets ids[i] = ids[i]*card + code(i) over [lo, hi).
func (d denseKey) fold(ids []int32, lo, hi int, first bool) {
	card := int32(d.card)
	if first {
		card = 0
	}
	v := d.k.v
	if d.codes != nil || d.sym {
		xs := d.codes
		if xs == nil {
			xs = v.Ints()
		}
		xs = xs[lo:hi]
		for i, x := range xs {
			ids[i] = ids[i]*card + x
		}
		return
	}
	null := int32(d.card - 1)
	if v.Type().Width() == 4 {
		xs := v.Ints()[lo:hi]
		base, div := int32(d.lo), int32(d.k.div)
		switch {
		case div > 0:
			// floor(x/div) by a multiply-high with a 64-bit reciprocal
			// (exact for 32-bit numerators, Lemire's fastdiv); negatives
			// take the division.
			m := ^uint64(0)/uint64(div) + 1
			out := false
			for i, x := range xs {
				c := null
				if x >= 0 {
					q, _ := bits.Mul64(m, uint64(x))
					c = int32(q) - base
				} else if x != value.NullInt {
					q := x / div
					if x%div < 0 {
						q--
					}
					c = q - base
				}
				if uint32(c) > uint32(null) { // outside an estimated range
					c, out = null, true
				}
				ids[i] = ids[i]*card + c
			}
			if out && d.guess {
				d.bad.Store(true)
			}
		default:
			for i, x := range xs {
				c := null
				if x != value.NullInt {
					c = x - base
				}
				ids[i] = ids[i]*card + c
			}
		}
		return
	}
	xs := v.Longs()[lo:hi]
	for i, x := range xs {
		c := null
		if x != value.NullLong {
			c = int32(floorDiv64(x, value.NullLong, max(d.k.div, 1)) - d.lo)
		}
		ids[i] = ids[i]*card + c
	}
}
