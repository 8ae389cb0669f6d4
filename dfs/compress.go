// This file defines the lz4 framing of column blocks and the delta-of-delta
// encoding of the "delta" compression method.
//
// An lz4 block is the raw length (uvarint) followed by frames of at most
// lz4Frame raw bytes, each its raw length and stored length (uvarints) and
// the stored bytes: lz4-compressed when smaller than the raw bytes, else the
// raw bytes themselves (stored length == raw length). Frames keep each
// lz4 call far below the format's 2 GB input limit whatever the column's
// size.
//
// A delta block (encoding encDelta, then lz4) is the value width (1 byte)
// and, per value read as a signed integer of that width, the zigzag varint
// of its delta-of-delta: x0, x1-x0, then (xi-xi-1)-(xi-1-xi-2), with
// wrapping 64-bit arithmetic so that null sentinels and overflow round-trip
// exactly. Regular series (minute bars, sequence numbers) become runs of
// zero bytes, which lz4 then collapses.

package dfs

import (
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/pierrec/lz4/v4"
)

const lz4Frame = 4 << 20

var lz4Pool = sync.Pool{New: func() any { return new(lz4.Compressor) }}

// lz4Encode compresses raw into the framed lz4 layout.
func lz4Encode(raw []byte) []byte {
	c := lz4Pool.Get().(*lz4.Compressor)
	defer lz4Pool.Put(c)
	out := make([]byte, 0, len(raw)/2+32)
	out = binary.AppendUvarint(out, uint64(len(raw)))
	var buf []byte
	for off := 0; off < len(raw); off += lz4Frame {
		src := raw[off:min(off+lz4Frame, len(raw))]
		if bound := lz4.CompressBlockBound(len(src)); cap(buf) < bound {
			buf = make([]byte, bound)
		}
		n, err := c.CompressBlock(src, buf[:cap(buf)])
		out = binary.AppendUvarint(out, uint64(len(src)))
		if err != nil || n == 0 || n >= len(src) {
			out = binary.AppendUvarint(out, uint64(len(src)))
			out = append(out, src...)
			continue
		}
		out = binary.AppendUvarint(out, uint64(n))
		out = append(out, buf[:n]...)
	}
	return out
}

// lz4Decode reverses lz4Encode; a malformed block is an error, never a
// panic.
func lz4Decode(b []byte) ([]byte, error) {
	total, k := binary.Uvarint(b)
	if k <= 0 || total > uint64(len(b))*255+64 {
		return nil, fmt.Errorf("bad lz4 block header")
	}
	b = b[k:]
	out := make([]byte, total)
	pos := 0
	for len(b) > 0 {
		rawLen, k1 := binary.Uvarint(b)
		if k1 <= 0 {
			return nil, fmt.Errorf("bad lz4 frame header")
		}
		stored, k2 := binary.Uvarint(b[k1:])
		if k2 <= 0 {
			return nil, fmt.Errorf("bad lz4 frame header")
		}
		b = b[k1+k2:]
		if stored > uint64(len(b)) || rawLen > uint64(len(out)-pos) || stored > rawLen {
			return nil, fmt.Errorf("lz4 frame out of bounds")
		}
		dst := out[pos : pos+int(rawLen)]
		if stored == rawLen {
			copy(dst, b[:stored])
		} else {
			n, err := lz4.UncompressBlock(b[:stored], dst)
			if err != nil {
				return nil, fmt.Errorf("lz4: %v", err)
			}
			if n != int(rawLen) {
				return nil, fmt.Errorf("lz4 frame of %d bytes decoded to %d", rawLen, n)
			}
		}
		pos += int(rawLen)
		b = b[stored:]
	}
	if pos != len(out) {
		return nil, fmt.Errorf("lz4 block of %d bytes holds %d", len(out), pos)
	}
	return out, nil
}

// readInt reads the little-endian signed integer of width w at b.
func readInt(b []byte, w int) int64 {
	switch w {
	case 1:
		return int64(int8(b[0]))
	case 2:
		return int64(int16(binary.LittleEndian.Uint16(b)))
	case 4:
		return int64(int32(binary.LittleEndian.Uint32(b)))
	}
	return int64(binary.LittleEndian.Uint64(b))
}

func writeInt(b []byte, w int, x int64) {
	switch w {
	case 1:
		b[0] = byte(x)
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(x))
	case 4:
		binary.LittleEndian.PutUint32(b, uint32(x))
	default:
		binary.LittleEndian.PutUint64(b, uint64(x))
	}
}

func zigzag(x int64) uint64   { return uint64(x<<1) ^ uint64(x>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// encodeDelta is the encDelta payload (with its encoding byte) of the
// fixed-width values in data.
func encodeDelta(data []byte, w int) []byte {
	n := len(data) / w
	out := make([]byte, 0, 2+n+n/4)
	out = append(out, encDelta, byte(w))
	var prev, prevDelta int64
	for i := 0; i < n; i++ {
		x := readInt(data[i*w:], w)
		var d int64
		switch i {
		case 0:
			d = x
		case 1:
			prevDelta = x - prev
			d = prevDelta
		default:
			delta := x - prev
			d = delta - prevDelta
			prevDelta = delta
		}
		prev = x
		out = binary.AppendUvarint(out, zigzag(d))
	}
	return out
}

// decodeDelta fills dst (n values of width w) from an encDelta payload
// (after the encoding byte); false when the payload is malformed.
func decodeDelta(dst, raw []byte, w, n int) bool {
	if len(raw) < 1 || int(raw[0]) != w || len(dst) != n*w {
		return false
	}
	raw = raw[1:]
	var prev, prevDelta int64
	for i := 0; i < n; i++ {
		u, k := binary.Uvarint(raw)
		if k <= 0 {
			return false
		}
		raw = raw[k:]
		d := unzigzag(u)
		var x int64
		switch i {
		case 0:
			x = d
		case 1:
			prevDelta = d
			x = prev + d
		default:
			prevDelta += d
			x = prev + prevDelta
		}
		prev = x
		writeInt(dst[i*w:], w, x)
	}
	return len(raw) == 0
}
