// This file encodes the matching columns of a join into dense integer
// codes: equal keys of the two tables get the same code, a null key or a
// left key the right table does not hold gets -1. Each column pair is read
// through its typed storage (no per-row boxing): integers and temporal
// values as int64 (an INT column matches a LONG one by value), floats as
// float64, STRING and SYMBOL as strings (a SYMBOL column matches a STRING
// one by text), UUID, IPADDR and INT128 as 16 bytes. Several columns
// combine their per-column codes pairwise.

package sql

import (
	"fmt"
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

// keyClass is how the values of a matching column compare.
type keyClass uint8

const (
	keyNone keyClass = iota
	keyInt
	keyFloat
	keyString
	keyBytes16
)

func classOf(t value.Type) keyClass {
	switch t {
	case value.BOOL, value.CHAR, value.SHORT, value.INT, value.LONG:
		return keyInt
	case value.FLOAT, value.DOUBLE, value.DECIMAL32, value.DECIMAL64, value.DECIMAL128:
		return keyFloat
	case value.STRING, value.SYMBOL:
		return keyString
	case value.UUID, value.IPADDR, value.INT128:
		return keyBytes16
	}
	if t.IsTemporal() {
		return keyInt
	}
	return keyNone
}

// checkKeyTypes reports a pair of matching columns that cannot be
// compared: a BLOB, tuple or array vector column (the manual excludes
// them), or two columns of unrelated kinds (a number and a string).
func checkKeyTypes(lname, rname string, l, r *value.Vector) error {
	lc, rc := classOf(l.Type()), classOf(r.Type())
	if lc == keyNone {
		return fmt.Errorf("The column [%s] of type %s can't be used as a matching column", lname, l.Type().String())
	}
	if rc == keyNone {
		return fmt.Errorf("The column [%s] of type %s can't be used as a matching column", rname, r.Type().String())
	}
	if lc == rc || lc == keyInt && rc == keyFloat || lc == keyFloat && rc == keyInt {
		return nil
	}
	return fmt.Errorf("The data type of the matching column [%s] (%s) is incompatible with that of [%s] (%s)",
		lname, l.Type().String(), rname, r.Type().String())
}

// joinCodes encodes the key rows of both sides into shared codes; a row
// with a null key, or a left key absent on the right, gets -1. card is the
// number of distinct right keys.
func joinCodes(lk, rk []*value.Vector) (lc, rc []int32, card int) {
	for k := range lk {
		l, r, c := pairCodes(lk[k], rk[k])
		if k == 0 {
			lc, rc, card = l, r, c
			continue
		}
		lc, rc, card = combineCodes(lc, rc, l, r, c)
	}
	return lc, rc, card
}

// combineCodes merges the codes of the columns so far (a) with those of
// one more column (b, with cb distinct values) into codes of the pair; the
// pair's value a*cb+b fits an int64 as both are below 2^31.
func combineCodes(la, ra []int32, lb, rb []int32, cb int) (lc, rc []int32, card int) {
	m := make(map[int64]int32, len(ra)/4+1)
	rc = make([]int32, len(ra))
	for i := range ra {
		if ra[i] < 0 || rb[i] < 0 {
			rc[i] = -1
			continue
		}
		key := int64(ra[i])*int64(cb) + int64(rb[i])
		code, ok := m[key]
		if !ok {
			code = int32(len(m))
			m[key] = code
		}
		rc[i] = code
	}
	lc = make([]int32, len(la))
	for i := range la {
		if la[i] < 0 || lb[i] < 0 {
			lc[i] = -1
			continue
		}
		code, ok := m[int64(la[i])*int64(cb)+int64(lb[i])]
		if !ok {
			code = -1
		}
		lc[i] = code
	}
	return lc, rc, len(m)
}

// pairCodes encodes one key column of each side.
func pairCodes(l, r *value.Vector) (lc, rc []int32, card int) {
	lcl, rcl := classOf(l.Type()), classOf(r.Type())
	switch {
	case lcl == keyInt && rcl == keyInt:
		return intCodes(int64s(l), int64s(r))
	case lcl == keyString && rcl == keyString:
		if l.Type() == value.SYMBOL && r.Type() == value.SYMBOL {
			return symbolCodes(l, r)
		}
		return joinHashCodes(stringsOf(l), stringsOf(r), "")
	case lcl == keyBytes16 && rcl == keyBytes16:
		return joinHashCodes(l.Bytes16(), r.Bytes16(), [16]byte{})
	}
	return joinHashCodes(float64s(l), float64s(r), value.NullDouble)
}

// int64s widens an integral or temporal column to int64, nulls to
// NullLong.
func int64s(v *value.Vector) []int64 {
	n := v.Len()
	switch v.Type().Width() {
	case 8:
		return v.Longs()[:n]
	case 4:
		return widen(v.Ints()[:n], value.NullInt)
	case 2:
		return widen(v.Shorts()[:n], value.NullShort)
	case 1:
		return widen(v.Int8s()[:n], value.NullChar)
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = value.NullLong
	}
	return out
}

func widen[T int8 | int16 | int32](xs []T, null T) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		if x == null {
			out[i] = value.NullLong
		} else {
			out[i] = int64(x)
		}
	}
	return out
}

// float64s reads a numeric column as float64, nulls as NullDouble; -0
// becomes 0 so that it matches 0.
func float64s(v *value.Vector) []float64 {
	n := v.Len()
	out := make([]float64, n)
	switch v.Type() {
	case value.DOUBLE:
		copy(out, v.Doubles()[:n])
	case value.FLOAT:
		for i, x := range v.Floats()[:n] {
			if x == value.NullFloat {
				out[i] = value.NullDouble
			} else {
				out[i] = float64(x)
			}
		}
	default:
		if classOf(v.Type()) == keyInt {
			for i, x := range int64s(v) {
				if x == value.NullLong {
					out[i] = value.NullDouble
				} else {
					out[i] = float64(x)
				}
			}
			return out
		}
		// DECIMAL: rare as a key, read through scalars.
		for i := range out {
			if v.IsNullAt(i) {
				out[i] = value.NullDouble
				continue
			}
			out[i], _ = value.ToFloat64(v.Get(i))
		}
		return out
	}
	for i, x := range out {
		switch {
		case x == 0:
			out[i] = 0
		case math.IsNaN(x):
			out[i] = value.NullDouble
		}
	}
	return out
}

// stringsOf reads a STRING or SYMBOL column as strings.
func stringsOf(v *value.Vector) []string {
	n := v.Len()
	if v.Type() != value.SYMBOL {
		return v.Strings()[:n]
	}
	syms := v.Symbols().Syms
	out := make([]string, n)
	for i, c := range v.Ints()[:n] {
		out[i] = syms[c]
	}
	return out
}

// joinHashCodes encodes any comparable key through a map of the right keys.
func joinHashCodes[K comparable](l, r []K, null K) (lc, rc []int32, card int) {
	m := make(map[K]int32)
	rc = make([]int32, len(r))
	for i, k := range r {
		if k == null {
			rc[i] = -1
			continue
		}
		c, ok := m[k]
		if !ok {
			c = int32(len(m))
			m[k] = c
		}
		rc[i] = c
	}
	lc = make([]int32, len(l))
	for i, k := range l {
		c, ok := m[k]
		if !ok || k == null {
			c = -1
		}
		lc[i] = c
	}
	return lc, rc, len(m)
}

// denseSpan bounds the value range of integer keys that are encoded
// through a slice indexed by value instead of a map: a few slots per right
// row, so that ids, dates and small codes take the fast path and sparse
// keys do not allocate a huge table.
func denseSpan(n int) int64 { return int64(4*n) + 1024 }

// intCodes encodes integer keys, through a slice when the right keys span
// a small range and through a map otherwise.
func intCodes(l, r []int64) (lc, rc []int32, card int) {
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, x := range r {
		if x == value.NullLong {
			continue
		}
		lo, hi = min(lo, x), max(hi, x)
	}
	if lo > hi || hi-lo >= denseSpan(len(r)) || hi-lo < 0 {
		return joinHashCodes(l, r, value.NullLong)
	}
	slot := make([]int32, hi-lo+1)
	for i := range slot {
		slot[i] = -1
	}
	rc = make([]int32, len(r))
	for i, x := range r {
		if x == value.NullLong {
			rc[i] = -1
			continue
		}
		c := slot[x-lo]
		if c < 0 {
			c = int32(card)
			card++
			slot[x-lo] = c
		}
		rc[i] = c
	}
	lc = make([]int32, len(l))
	for i, x := range l {
		lc[i] = -1
		if x != value.NullLong && x >= lo && x <= hi {
			lc[i] = slot[x-lo]
		}
	}
	return lc, rc, card
}

// symbolCodes encodes two SYMBOL columns through their symbol bases: each
// distinct symbol is looked up once, rows are then translated by code.
func symbolCodes(l, r *value.Vector) (lc, rc []int32, card int) {
	rbase, lbase := r.Symbols(), l.Symbols()
	rslot := make([]int32, len(rbase.Syms))
	for i := range rslot {
		rslot[i] = -1
	}
	rcodes := r.Ints()[:r.Len()]
	rc = make([]int32, len(rcodes))
	for i, s := range rcodes {
		if s == 0 {
			rc[i] = -1
			continue
		}
		c := rslot[s]
		if c < 0 {
			c = int32(card)
			card++
			rslot[s] = c
		}
		rc[i] = c
	}
	// Translate the left base to right codes once per symbol.
	lslot := rslot
	if lbase != rbase {
		lslot = make([]int32, len(lbase.Syms))
		for i, s := range lbase.Syms {
			lslot[i] = -1
			if j, ok := rbase.Lookup(s); ok && i != 0 && int(j) < len(rslot) {
				lslot[i] = rslot[j]
			}
		}
	}
	lcodes := l.Ints()[:l.Len()]
	lc = make([]int32, len(lcodes))
	for i, s := range lcodes {
		lc[i] = lslot[s]
	}
	return lc, rc, card
}
