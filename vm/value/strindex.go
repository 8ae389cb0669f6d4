// This file gives big STRING vectors a lazily built dictionary encoding.
//
// A STRING column keeps one Go string header (16 bytes) per row, and an
// equality filter or a group-by on it must read every header and chase
// every pointer. Queries on the same column repeat all day (the tutorial's
// in-memory table keys SecurityID as STRING), so the first query that asks
// builds codes like a SYMBOL column's, 4 bytes a row, and later queries
// scan those. The encoding is dropped by every write to the vector, so it
// never describes stale data.

package value

import (
	"sync/atomic"
	"unsafe"
)

// minIndexedStrings is the smallest vector worth encoding: below it a
// direct scan costs about as much as one lookup in the encoding.
const minIndexedStrings = 1 << 15

// StringIndex is the dictionary encoding of a STRING vector: row i holds
// Base.Syms[Codes[i]]; code 0 is the empty (null) string.
type StringIndex struct {
	Codes []int32
	Base  *SymbolBase
}

// noIndex marks a vector found not worth encoding (too many distinct
// strings), so the next query does not try again.
var noIndex = &StringIndex{}

// StringIndex returns v's encoding, building it on first use; nil when v
// is not a STRING vector, is small, or holds mostly distinct strings.
// Safe for concurrent readers; writers must not run concurrently with
// readers of the same vector (as for the data itself).
func (v *Vector) StringIndex() *StringIndex {
	if v.typ != STRING || v.n < minIndexedStrings {
		return nil
	}
	if p := (*StringIndex)(atomic.LoadPointer(&v.strIdx)); p != nil {
		if p == noIndex {
			return nil
		}
		return p
	}
	x := buildStringIndex(v.strs[:v.n])
	if x == nil {
		atomic.StorePointer(&v.strIdx, unsafe.Pointer(noIndex))
		return nil
	}
	// Two readers may build at once; the first stored encoding wins so
	// that every caller sees the same codes.
	if !atomic.CompareAndSwapPointer(&v.strIdx, nil, unsafe.Pointer(x)) {
		if p := (*StringIndex)(atomic.LoadPointer(&v.strIdx)); p != nil && p != noIndex {
			return p
		}
	}
	return x
}

// buildStringIndex encodes strs, or returns nil once the distinct strings
// pass a quarter of the rows (an encoding would save little and cost a
// large map).
func buildStringIndex(strs []string) *StringIndex {
	limit := len(strs)/4 + 1024
	codes := castSlice[int32](allocBytes(len(strs) * 4))
	base := NewSymbolBase()
	// Rows repeat their predecessor often (sorted or clustered keys):
	// reuse its code without a map lookup.
	prev, prevCode := "", int32(0)
	for i, s := range strs {
		if s == prev {
			codes[i] = prevCode
			continue
		}
		c, ok := base.index[s]
		if !ok {
			if len(base.Syms) >= limit {
				return nil
			}
			c = int32(len(base.Syms))
			base.Syms = append(base.Syms, s)
			base.index[s] = c
		}
		codes[i], prev, prevCode = c, s, c
	}
	return &StringIndex{Codes: codes, Base: base}
}

// Modified drops derived state (the string encoding) after a caller wrote
// into the slices returned by Strings; the vector's own methods call it
// themselves.
func (v *Vector) Modified() {
	if atomic.LoadPointer(&v.strIdx) != nil {
		atomic.StorePointer(&v.strIdx, nil)
	}
}
