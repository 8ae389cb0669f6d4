// This file defines Vector, DolphinDB's typed column, and its storage.
//
// Fixed-width types live in one little-endian byte buffer (64-byte aligned,
// so it can be handed to Arrow and to the wire encoder without a copy); the
// typed accessors (Ints, Longs, Doubles ...) reinterpret it. A null slot
// holds the type's sentinel. STRING and BLOB keep a []string, SYMBOL keeps
// int32 codes into a SymbolBase, a tuple (ANY VECTOR) keeps []Value, and an
// array vector keeps row offsets over a flat inner Vector.

package value

import (
	"maps"
	"runtime"
	"slices"
	"unsafe"
)

// Vector is a typed, 0-based column of n elements.
type Vector struct {
	typ   Type
	scale int32 // DECIMAL scale
	n     int

	data []byte // fixed-width storage, len == cap(n)*width rounded; see grow

	strs []string // STRING, BLOB
	// strIdx is the *StringIndex of a big STRING vector, built by the
	// first query that wants it and dropped by every write (strindex.go).
	strIdx unsafe.Pointer
	syms   *SymbolBase // SYMBOL: data holds int32 codes into syms
	elems  []Value     // ANY: a tuple

	// Array vector (typ >= ArrayVectorBase): row i is inner[offs[i]:offs[i+1]].
	offs  []int32
	inner *Vector
}

// SymbolBase is the dictionary of a SYMBOL vector: code 0 is the empty
// (null) symbol. A base may be shared by several vectors; it only grows.
type SymbolBase struct {
	Syms  []string
	index map[string]int32
}

// NewSymbolBase returns a base holding only the null symbol.
func NewSymbolBase() *SymbolBase {
	return &SymbolBase{Syms: []string{""}, index: map[string]int32{"": 0}}
}

// Clone returns a base with the same symbols and codes, which may then
// grow on its own.
func (b *SymbolBase) Clone() *SymbolBase {
	return &SymbolBase{Syms: slices.Clone(b.Syms), index: maps.Clone(b.index)}
}

// Code returns s's code, adding s to the base if new.
func (b *SymbolBase) Code(s string) int32 {
	if c, ok := b.index[s]; ok {
		return c
	}
	c := int32(len(b.Syms))
	b.Syms = append(b.Syms, s)
	b.index[s] = c
	return c
}

// Lookup returns s's code without adding it.
func (b *SymbolBase) Lookup(s string) (int32, bool) {
	c, ok := b.index[s]
	return c, ok
}

func (v *Vector) Type() Type { return v.typ }
func (v *Vector) Form() Form { return VECTOR }

// Len is the number of elements (rows for an array vector).
func (v *Vector) Len() int { return v.n }

// Scale is the scale of a DECIMAL vector.
func (v *Vector) Scale() int32 { return v.scale }

// NewVector allocates a fixed-width, STRING, BLOB, SYMBOL or ANY vector of n
// zero elements (not nulls). It panics with *OutOfMemoryError when the
// memory account refuses the allocation; the VM turns that into an error.
func NewVector(t Type, n int) *Vector {
	return NewVectorCap(t, n, n)
}

// NewVectorCap is NewVector with room for capacity elements.
func NewVectorCap(t Type, n, capacity int) *Vector {
	if capacity < n {
		capacity = n
	}
	v := &Vector{typ: t, n: n}
	switch {
	case t == STRING || t == BLOB:
		Reserve(int64(capacity) * 16)
		v.strs = make([]string, n, capacity)
	case t == ANY:
		Reserve(int64(capacity) * 16)
		v.elems = make([]Value, n, capacity)
	case t.IsArray():
		v.offs = make([]int32, n+1, capacity+1)
		v.inner = NewVectorCap(t.Elem(), 0, 0)
	default:
		if t == SYMBOL {
			v.syms = NewSymbolBase()
		}
		v.data = allocBytes(capacity * t.Width())[:n*t.Width()]
	}
	return v
}

// NewDecimalVector allocates a DECIMAL32/64/128 vector with the given scale.
func NewDecimalVector(t Type, scale int32, n int) *Vector {
	v := NewVector(t, n)
	v.scale = scale
	return v
}

// allocBytes returns a 64-byte aligned zeroed buffer of n bytes, charged to
// the memory account.
func allocBytes(n int) []byte {
	if n == 0 {
		return nil
	}
	Reserve(int64(n))
	// Over-allocate 8 words and slide to a 64-byte boundary, as Arrow's Go
	// allocator does.
	raw := make([]byte, n+64)
	if n >= 64<<10 {
		runtime.AddCleanup(&raw[0], release, int64(n))
	}
	off := int(uintptr(64-uintptr(unsafe.Pointer(&raw[0]))%64) % 64)
	return raw[off : off+n : off+n]
}

// Raw returns the fixed-width storage bytes of the first Len elements.
func (v *Vector) Raw() []byte { return v.data }

// Symbols returns the symbol base of a SYMBOL vector.
func (v *Vector) Symbols() *SymbolBase { return v.syms }

// Strings returns the elements of a STRING or BLOB vector.
func (v *Vector) Strings() []string { return v.strs }

// Elems returns the elements of a tuple (ANY VECTOR).
func (v *Vector) Elems() []Value { return v.elems }

// Offsets returns the row offsets (Len+1 entries) of an array vector.
func (v *Vector) Offsets() []int32 { return v.offs }

// Inner returns the flat element vector of an array vector.
func (v *Vector) Inner() *Vector { return v.inner }

func castSlice[T any](b []byte) []T {
	if len(b) == 0 {
		return nil
	}
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/int(unsafe.Sizeof(z)))
}

// Typed views of fixed-width storage. Each view aliases the vector: writes
// through it change the vector.

// Int8s views BOOL and CHAR vectors (BOOL: 0, 1, NullBool).
func (v *Vector) Int8s() []int8 { return castSlice[int8](v.data) }

// Shorts views SHORT vectors.
func (v *Vector) Shorts() []int16 { return castSlice[int16](v.data) }

// Ints views INT, DATE, MONTH, TIME, MINUTE, SECOND, DATETIME, DATEHOUR,
// DECIMAL32 vectors and the codes of SYMBOL vectors.
func (v *Vector) Ints() []int32 { return castSlice[int32](v.data) }

// Longs views LONG, TIMESTAMP, NANOTIME, NANOTIMESTAMP and DECIMAL64 vectors.
func (v *Vector) Longs() []int64 { return castSlice[int64](v.data) }

// Floats views FLOAT vectors.
func (v *Vector) Floats() []float32 { return castSlice[float32](v.data) }

// Doubles views DOUBLE vectors.
func (v *Vector) Doubles() []float64 { return castSlice[float64](v.data) }

// Bytes16 views UUID, IPADDR, INT128, DECIMAL128, COMPLEX and POINT vectors.
func (v *Vector) Bytes16() [][16]byte { return castSlice[[16]byte](v.data) }
