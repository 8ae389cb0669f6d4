// This file decodes array vectors (protocol.md §4.5) and compressed
// vectors (§5.1, LZ4 only).

package codec

import (
	"encoding/binary"
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

// arrayVector reads the blocks of an array vector of rows cells.
func (d *Decoder) arrayVector(t value.Type, rows int, _ int32) (value.Value, error) {
	et := t.Elem()
	if !fixedType(et) {
		return nil, invalid("unknown data type %d for an array vector", t)
	}
	var scale int32
	if et.IsDecimal() {
		var err error
		if scale, err = d.i32(); err != nil {
			return nil, err
		}
		if err := checkScale(et, scale); err != nil {
			return nil, err
		}
	}
	if err := d.src.check(int64(rows)); err != nil { // ≥ 1 byte per cell
		return nil, err
	}
	w := int64(et.Width())
	offs := make([]int32, 1, min(rows+1, 1024))
	var data []byte
	var total int64
	for done := 0; done < rows; {
		var h [4]byte
		if err := d.src.small(h[:]); err != nil {
			return nil, err
		}
		n, unit := int(d.order.Uint16(h[:2])), int(h[2])
		if n == 0 || done+n > rows {
			return nil, invalid("array vector block of %d cells (%d of %d read)", n, done, rows)
		}
		if unit != 1 && unit != 2 && unit != 4 {
			return nil, invalid("array vector count width %d", unit)
		}
		counts, err := d.src.bytes(int64(n * unit))
		if err != nil {
			return nil, err
		}
		var sum int64
		for i := range n {
			var c uint32
			switch unit {
			case 1:
				c = uint32(counts[i])
			case 2:
				c = uint32(d.order.Uint16(counts[2*i:]))
			default:
				c = d.order.Uint32(counts[4*i:])
			}
			sum += int64(c)
			if total+sum > math.MaxInt32 {
				return nil, invalid("array vector too large")
			}
			offs = append(offs, int32(total+sum))
		}
		elems, err := d.src.bytes(sum * w)
		if err != nil {
			return nil, err
		}
		toStorage(elems, et, d.le)
		data = append(data, elems...)
		total += sum
		done += n
	}
	inner := value.NewDecimalVector(et, scale, int(total))
	if !et.IsDecimal() {
		inner = value.NewVector(et, int(total))
	}
	copy(inner.Raw(), data)
	return value.NewArrayVector(offs, inner), nil
}

// maxDecompressed bounds the output of one compressed column whose element
// width is unknown (strings).
const maxDecompressed = 1 << 30

// compressed reads a type-26 vector block and decodes its payload.
func (d *Decoder) compressed() (value.Value, error) {
	size, err := d.i32()
	if err != nil {
		return nil, err
	}
	if _, err := d.i32(); err != nil { // cols
		return nil, err
	}
	if size < 20 {
		return nil, invalid("compressed block of %d bytes", size)
	}
	var m [20]byte
	if err := d.src.small(m[:]); err != nil {
		return nil, err
	}
	flags, method, dt := m[1], m[3], value.Type(m[4])
	count := int32(d.order.Uint32(m[12:16]))
	if count < 0 {
		return nil, invalid("compressed block of %d elements", count)
	}
	if method != 1 {
		return nil, invalid("unsupported compression method %d", method)
	}
	payload, err := d.src.bytes(int64(size) - 20)
	if err != nil {
		return nil, err
	}
	limit := int64(maxDecompressed)
	if w := dt.Width(); w > 0 && fixedType(dt) {
		limit = int64(count)*int64(w) + 64<<10 // array vectors add block headers
		if dt.IsDecimal() {
			limit += 4
		}
	}
	raw, err := lz4Frames(payload, limit)
	if err != nil {
		return nil, err
	}
	if dt == value.DURATION {
		return nil, invalid("compressed DURATION vector")
	}
	if dt.IsArray() {
		return NewBytesDecoder(raw, flags&1 != 0).arrayVector(dt, int(count), 0)
	}
	if !fixedType(dt) && dt != value.STRING && dt != value.SYMBOL && dt != value.BLOB && dt != symbolExt {
		return nil, invalid("unknown data type %d in a compressed block", dt)
	}
	if dt.IsDecimal() {
		// The scale travels in reservedLow; the payload holds only values.
		var s [4]byte
		if flags&1 != 0 {
			binary.LittleEndian.PutUint32(s[:], uint32(m[6]))
		} else {
			binary.BigEndian.PutUint32(s[:], uint32(m[6]))
		}
		raw = append(s[:], raw...)
	}
	sub := NewBytesDecoder(raw, flags&1 != 0)
	return sub.elements(dt, int(count))
}

// lz4Frames decodes a sequence of (int32 size, raw LZ4 block) frames.
func lz4Frames(p []byte, limit int64) ([]byte, error) {
	var out []byte
	for len(p) > 0 {
		if len(p) < 4 {
			return nil, invalid("truncated LZ4 frame")
		}
		n := int(binary.LittleEndian.Uint32(p) &^ (1 << 31))
		p = p[4:]
		if n > len(p) {
			return nil, invalid("LZ4 frame of %d bytes, %d left", n, len(p))
		}
		var err error
		if out, err = lz4Block(out, p[:n], 1<<16); err != nil {
			return nil, err
		}
		if int64(len(out)) > limit {
			return nil, invalid("compressed block expands past %d bytes", limit)
		}
		p = p[n:]
	}
	return out, nil
}

// lz4Block appends the decompression of one raw LZ4 block (at most max
// bytes) to dst.
func lz4Block(dst, src []byte, max int) ([]byte, error) {
	start := len(dst)
	length := func(i, n int) (int, int, bool) {
		if n != 15 {
			return i, n, true
		}
		for {
			if i >= len(src) {
				return i, 0, false
			}
			b := src[i]
			i++
			n += int(b)
			if n > max {
				return i, 0, false
			}
			if b != 255 {
				return i, n, true
			}
		}
	}
	for i := 0; i < len(src); {
		tok := src[i]
		i++
		var lit int
		var ok bool
		if i, lit, ok = length(i, int(tok>>4)); !ok || i+lit > len(src) || len(dst)-start+lit > max {
			return nil, invalid("bad LZ4 literal run")
		}
		dst = append(dst, src[i:i+lit]...)
		i += lit
		if i == len(src) {
			break
		}
		if i+2 > len(src) {
			return nil, invalid("bad LZ4 offset")
		}
		off := int(src[i]) | int(src[i+1])<<8
		i += 2
		var ml int
		if i, ml, ok = length(i, int(tok&15)); !ok {
			return nil, invalid("bad LZ4 match")
		}
		ml += 4
		if off == 0 || off > len(dst)-start || len(dst)-start+ml > max {
			return nil, invalid("bad LZ4 match")
		}
		pos := len(dst) - off
		for k := range ml {
			dst = append(dst, dst[pos+k])
		}
	}
	return dst, nil
}
