// This file defines the column block encodings of segment files: plain,
// dictionary (for fixed-width columns with few distinct values), strings,
// symbols and delta-of-delta, and the compression of a block with the
// column's compressMethods (lz4, the default, zstd, or delta, which is the
// delta-of-delta encoding compressed with lz4).

package dfs

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"github.com/klauspost/compress/zstd"

	"github.com/porpoisedb/porpoise/vm/value"
)

const (
	encPlain   = 0
	encDict    = 1
	encStrings = 2
	encSymbols = 3
	encDelta   = 4
)

// Codecs of a block, recorded in the segment footer. codecZstd is 0 so that
// the footers of files written before codecs were recorded (every block
// zstd) read unchanged.
const (
	codecZstd = 0
	codecLZ4  = 1
)

// Compression methods of compressMethods (createPartitionedTable).
const (
	MethodLZ4   = "lz4"
	MethodZstd  = "zstd"
	MethodDelta = "delta"
)

// DefaultCompressMethod is the method of columns compressMethods does not
// name: DolphinDB's default.
const DefaultCompressMethod = MethodLZ4

// deltaType reports whether the delta method applies to columns of type t:
// DolphinDB allows it for DECIMAL, SHORT, INT, LONG and temporal columns
// (here those of 2, 4 or 8 bytes; a DECIMAL128 is 16).
func deltaType(t value.Type) bool {
	switch t {
	case value.SHORT, value.INT, value.LONG, value.DECIMAL32, value.DECIMAL64:
		return true
	}
	w := t.Width()
	return t.IsTemporal() && (w == 2 || w == 4 || w == 8)
}

var (
	zenc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)), zstd.WithLowerEncoderMem(true))
	zdec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
)

const maxDict = 1 << 16

// dictTable is an open-addressing set of up to maxDict 64-bit values.
type dictTable struct {
	keys  []uint64
	codes []int32
	vals  []uint64
	used  []uint32 // slots to clear on reuse
}

var dictPool = sync.Pool{New: func() any {
	t := &dictTable{keys: make([]uint64, 1<<18), codes: make([]int32, 1<<18)}
	for i := range t.codes {
		t.codes[i] = -1
	}
	return t
}}

func newDictTable() *dictTable { return dictPool.Get().(*dictTable) }

func (t *dictTable) release() {
	for _, h := range t.used {
		t.codes[h] = -1
	}
	t.used, t.vals = t.used[:0], t.vals[:0]
	dictPool.Put(t)
}

// code returns x's code, adding it; -1 when the table is full.
func (t *dictTable) code(x uint64) int32 {
	mask := uint64(len(t.keys) - 1)
	h := (x * 0x9E3779B97F4A7C15) >> 46 & mask
	for {
		c := t.codes[h]
		if c < 0 {
			if len(t.vals) >= maxDict {
				return -1
			}
			c = int32(len(t.vals))
			t.keys[h], t.codes[h] = x, c
			t.vals = append(t.vals, x)
			t.used = append(t.used, uint32(h))
			return c
		}
		if t.keys[h] == x {
			return c
		}
		h = (h + 1) & mask
	}
}

func u64s(b []byte) []uint64 {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*uint64)(unsafe.Pointer(&b[0])), len(b)/8)
}

func u32s(b []byte) []uint32 {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*uint32)(unsafe.Pointer(&b[0])), len(b)/4)
}

// dictCodes dictionary-codes fixed-width values read by get; it gives up
// (nil) when there are too many distinct values.
func dictCodes(n int, get func(i int) uint64) (dict []uint64, codes []uint16) {
	if n < 64 {
		return nil, nil
	}
	t := newDictTable()
	defer t.release()
	codes = make([]uint16, n)
	var last uint64
	lastCode := int32(-1)
	for i := 0; i < n; i++ {
		x := get(i)
		if lastCode >= 0 && x == last {
			codes[i] = uint16(lastCode)
			continue
		}
		c := t.code(x)
		if c < 0 || (i == 4095 && len(t.vals) > 3800) {
			return nil, nil
		}
		codes[i], last, lastCode = uint16(c), x, c
	}
	return append([]uint64(nil), t.vals...), codes
}

func appendCodes(dst []byte, codes []uint16, k int) []byte {
	if k <= 256 {
		dst = append(dst, 1)
		for _, c := range codes {
			dst = append(dst, byte(c))
		}
		return dst
	}
	dst = append(dst, 2)
	o := len(dst)
	dst = append(dst, make([]byte, 2*len(codes))...)
	for i, c := range codes {
		binary.LittleEndian.PutUint16(dst[o+2*i:], c)
	}
	return dst
}

// encodeColumn returns the compressed block of rows [lo, hi) of v with
// compression method method ("" is the default) and the block's codec.
func encodeColumn(v *value.Vector, lo, hi int, method string) ([]byte, uint8, error) {
	t := v.Type()
	n := hi - lo
	if method == "" {
		method = DefaultCompressMethod
	}
	var raw []byte
	switch {
	case method == MethodDelta && deltaType(t):
		raw = encodeDelta(v.Raw()[lo*t.Width():hi*t.Width()], t.Width())
	case t == value.STRING || t == value.BLOB:
		raw = append(raw, encStrings)
		for _, s := range v.Strings()[lo:hi] {
			raw = binary.AppendUvarint(raw, uint64(len(s)))
			raw = append(raw, s...)
		}
	case t == value.SYMBOL:
		// Re-code to the symbols used, in order of first use.
		syms := v.Symbols().Syms
		remap := make([]int32, len(syms))
		for i := range remap {
			remap[i] = -1
		}
		var used []string
		codes := make([]uint32, n)
		for i, c := range v.Ints()[lo:hi] {
			r := remap[c]
			if r < 0 {
				r = int32(len(used))
				remap[c] = r
				used = append(used, syms[c])
			}
			codes[i] = uint32(r)
		}
		raw = append(raw, encSymbols)
		raw = binary.LittleEndian.AppendUint32(raw, uint32(len(used)))
		for _, s := range used {
			raw = binary.AppendUvarint(raw, uint64(len(s)))
			raw = append(raw, s...)
		}
		switch {
		case len(used) <= 256:
			raw = append(raw, 1)
			for _, c := range codes {
				raw = append(raw, byte(c))
			}
		case len(used) <= 1<<16:
			raw = append(raw, 2)
			o := len(raw)
			raw = append(raw, make([]byte, 2*n)...)
			for i, c := range codes {
				binary.LittleEndian.PutUint16(raw[o+2*i:], uint16(c))
			}
		default:
			raw = append(raw, 4)
			for _, c := range codes {
				raw = binary.LittleEndian.AppendUint32(raw, c)
			}
		}
	case t.IsArray() || t == value.ANY || t.Width() == 0:
		return nil, 0, fmt.Errorf("%w: the type %s can't be stored in a DFS table", ErrInvalid, t)
	default:
		w := t.Width()
		data := v.Raw()[lo*w : hi*w]
		var dict []uint64
		var codes []uint16
		switch w {
		case 8:
			xs := u64s(data)
			dict, codes = dictCodes(n, func(i int) uint64 { return xs[i] })
		case 4:
			xs := u32s(data)
			dict, codes = dictCodes(n, func(i int) uint64 { return uint64(xs[i]) })
		}
		if dict != nil && len(dict) < n/2 {
			raw = make([]byte, 0, 8+len(dict)*w+2*n)
			raw = append(raw, encDict)
			raw = binary.LittleEndian.AppendUint32(raw, uint32(len(dict)))
			for _, x := range dict {
				if w == 8 {
					raw = binary.LittleEndian.AppendUint64(raw, x)
				} else {
					raw = binary.LittleEndian.AppendUint32(raw, uint32(x))
				}
			}
			raw = appendCodes(raw, codes, len(dict))
		} else {
			raw = make([]byte, 0, 1+len(data))
			raw = append(raw, encPlain)
			raw = append(raw, data...)
		}
	}
	if method == MethodZstd {
		return zenc.EncodeAll(raw, make([]byte, 0, len(raw)/4+64)), codecZstd, nil
	}
	return lz4Encode(raw), codecLZ4, nil
}

// decodeColumn decodes a block of codec codec into a vector of type t with
// n rows; base, when not nil, is the symbol base to code SYMBOL values
// into.
func decodeColumn(block []byte, codec uint8, t value.Type, scale int32, n int, base *value.SymbolBase) (*value.Vector, error) {
	var raw []byte
	var err error
	switch codec {
	case codecZstd:
		raw, err = zdec.DecodeAll(block, nil)
	case codecLZ4:
		raw, err = lz4Decode(block)
	default:
		err = fmt.Errorf("unknown codec %d", codec)
	}
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, fmt.Errorf("empty block")
	}
	enc, raw := raw[0], raw[1:]
	bad := fmt.Errorf("bad %d-row block of encoding %d", n, enc)
	switch enc {
	case encStrings:
		strs := make([]string, n)
		for i := range strs {
			l, k := binary.Uvarint(raw)
			if k <= 0 || int(l) > len(raw)-k {
				return nil, bad
			}
			strs[i] = string(raw[k : k+int(l)])
			raw = raw[k+int(l):]
		}
		if t == value.BLOB {
			return value.NewBlobVector(strs), nil
		}
		return value.NewStringVector(strs), nil
	case encSymbols:
		if len(raw) < 4 {
			return nil, bad
		}
		k := int(binary.LittleEndian.Uint32(raw))
		raw = raw[4:]
		if base == nil {
			base = value.NewSymbolBase()
		}
		m := make([]int32, k)
		for i := range m {
			l, q := binary.Uvarint(raw)
			if q <= 0 || int(l) > len(raw)-q {
				return nil, bad
			}
			m[i] = base.Code(string(raw[q : q+int(l)]))
			raw = raw[q+int(l):]
		}
		if len(raw) < 1 {
			return nil, bad
		}
		cw := int(raw[0])
		raw = raw[1:]
		if len(raw) != cw*n {
			return nil, bad
		}
		codes := make([]int32, n)
		for i := range codes {
			var c int
			switch cw {
			case 1:
				c = int(raw[i])
			case 2:
				c = int(binary.LittleEndian.Uint16(raw[2*i:]))
			default:
				c = int(binary.LittleEndian.Uint32(raw[4*i:]))
			}
			if c >= k {
				return nil, bad
			}
			codes[i] = m[c]
		}
		return value.NewSymbolVectorCodes(codes, base), nil
	}
	var v *value.Vector
	if t.IsDecimal() {
		v = value.NewDecimalVector(t, scale, n)
	} else {
		v = value.NewVector(t, n)
	}
	w := t.Width()
	dst := v.Raw()
	switch enc {
	case encPlain:
		if len(raw) != n*w {
			return nil, bad
		}
		copy(dst, raw)
	case encDelta:
		if !decodeDelta(dst, raw, w, n) {
			return nil, bad
		}
	case encDict:
		if len(raw) < 4 {
			return nil, bad
		}
		k := int(binary.LittleEndian.Uint32(raw))
		raw = raw[4:]
		if len(raw) < k*w+1 {
			return nil, bad
		}
		dict, codes := raw[:k*w], raw[k*w:]
		cw := int(codes[0])
		codes = codes[1:]
		if len(codes) != cw*n {
			return nil, bad
		}
		if !undict(dst, dict, codes, cw, w, n, k) {
			return nil, bad
		}
	default:
		return nil, bad
	}
	return v, nil
}

// undict expands dictionary codes into dst.
func undict(dst, dict, codes []byte, cw, w, n, k int) bool {
	code := func(i int) int { return int(codes[i]) }
	if cw == 2 {
		code = func(i int) int { return int(binary.LittleEndian.Uint16(codes[2*i:])) }
	}
	switch w {
	case 8:
		d, o := make([]uint64, k), u64s(dst)
		for i := range d {
			d[i] = binary.LittleEndian.Uint64(dict[8*i:])
		}
		if cw == 1 {
			for i, c := range codes[:n] {
				if int(c) >= k {
					return false
				}
				o[i] = d[c]
			}
			return true
		}
		for i := 0; i < n; i++ {
			c := code(i)
			if c >= k {
				return false
			}
			o[i] = d[c]
		}
	case 4:
		d, o := make([]uint32, k), u32s(dst)
		for i := range d {
			d[i] = binary.LittleEndian.Uint32(dict[4*i:])
		}
		for i := 0; i < n; i++ {
			c := code(i)
			if c >= k {
				return false
			}
			o[i] = d[c]
		}
	default:
		for i := 0; i < n; i++ {
			c := code(i)
			if c >= k {
				return false
			}
			copy(dst[i*w:(i+1)*w], dict[c*w:(c+1)*w])
		}
	}
	return true
}
