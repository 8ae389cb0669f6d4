// This file defines Decoder, which reads serialized objects (protocol.md
// §4) one at a time, and the scalar decoders.

package codec

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

// MaxDepth bounds the nesting of ANY vectors, dictionaries and tables.
const MaxDepth = 64

// MaxVoidRows bounds VOID vectors, which carry no element bytes.
const MaxVoidRows = 1 << 20

// Decoder reads objects from a stream or byte slice. It is not safe for
// concurrent use.
type Decoder struct {
	src   *source
	order binary.ByteOrder
	le    bool
	depth int
	// syms is the symbol-base scope of the current top-level object.
	syms map[uint32][]string
}

// NewDecoder reads from r. When r is a *bufio.Reader it is used directly,
// so the caller may keep reading from it after the objects.
func NewDecoder(r io.Reader, littleEndian bool) *Decoder {
	d := &Decoder{src: newSource(r)}
	d.SetLittleEndian(littleEndian)
	return d
}

// NewBytesDecoder reads from b; lengths larger than what is left of b fail
// before any allocation.
func NewBytesDecoder(b []byte, littleEndian bool) *Decoder {
	d := &Decoder{src: &source{b: b}}
	d.SetLittleEndian(littleEndian)
	return d
}

// SetLittleEndian sets the byte order of the objects that follow.
func (d *Decoder) SetLittleEndian(le bool) {
	d.le = le
	if le {
		d.order = binary.LittleEndian
	} else {
		d.order = binary.BigEndian
	}
}

// Consumed is the number of bytes read so far.
func (d *Decoder) Consumed() int64 { return d.src.n }

// Remaining is the number of unread bytes of a byte-slice decoder (-1 for
// a stream).
func (d *Decoder) Remaining() int64 { return d.src.known() }

// Decode reads one complete top-level object.
func (d *Decoder) Decode() (v value.Value, err error) {
	d.syms = nil
	d.depth = 0
	defer func() {
		// The value package panics with *OutOfMemoryError when the memory
		// account refuses an allocation.
		if r := recover(); r != nil {
			if oom, ok := r.(*value.OutOfMemoryError); ok {
				v, err = nil, oom
				return
			}
			panic(r)
		}
	}()
	return d.object()
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// header reads the 2-byte type/form header.
func (d *Decoder) header() (value.Type, value.Form, error) {
	var h [2]byte
	if err := d.src.small(h[:]); err != nil {
		return 0, 0, err
	}
	if d.le {
		return value.Type(h[0]), value.Form(h[1]), nil
	}
	return value.Type(h[1]), value.Form(h[0]), nil
}

func (d *Decoder) object() (value.Value, error) {
	t, f, err := d.header()
	if err != nil {
		return nil, err
	}
	return d.body(t, f)
}

// body decodes an object whose header has been read.
func (d *Decoder) body(t value.Type, f value.Form) (value.Value, error) {
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > MaxDepth {
		return nil, invalid("nesting deeper than %d", MaxDepth)
	}
	switch f {
	case value.SCALAR:
		return d.scalar(t)
	case value.VECTOR:
		return d.vector(t)
	case value.PAIR:
		return d.pair(t)
	case value.MATRIX:
		return d.matrix(t)
	case value.SET:
		return d.set()
	case value.DICT, value.CHART:
		return d.dict()
	case value.TABLE:
		return d.table()
	}
	return nil, invalid("unknown data form %d", f)
}

func (d *Decoder) u16() (uint16, error) {
	var b [2]byte
	err := d.src.small(b[:])
	return d.order.Uint16(b[:]), err
}

func (d *Decoder) i32() (int32, error) {
	var b [4]byte
	err := d.src.small(b[:])
	return int32(d.order.Uint32(b[:])), err
}

func (d *Decoder) i64() (int64, error) {
	var b [8]byte
	err := d.src.small(b[:])
	return int64(d.order.Uint64(b[:])), err
}

// b16 reads a 16-byte value and returns it in little-endian layout.
func (d *Decoder) b16() ([16]byte, error) {
	var b [16]byte
	err := d.src.small(b[:])
	if !d.le {
		reverse(b[:])
	}
	return b, err
}

func reverse(b []byte) {
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
}

// scalar decodes one scalar of type t.
func (d *Decoder) scalar(t value.Type) (value.Value, error) {
	switch t {
	case value.VOID:
		_, err := d.src.byte()
		return value.Void{}, err
	case value.BOOL, value.CHAR:
		c, err := d.src.byte()
		if t == value.BOOL {
			return value.Bool(int8(c)), err
		}
		return value.Char(int8(c)), err
	case value.SHORT:
		x, err := d.u16()
		return value.Short(int16(x)), err
	case value.INT, value.DATE, value.MONTH, value.TIME, value.MINUTE, value.SECOND,
		value.DATETIME, value.DATEHOUR, value.FLOAT, dateMinute:
		x, err := d.i32()
		if err != nil {
			return nil, err
		}
		return int32Scalar(t, x), nil
	case value.LONG, value.TIMESTAMP, value.NANOTIME, value.NANOTIMESTAMP, value.DOUBLE:
		x, err := d.i64()
		if err != nil {
			return nil, err
		}
		return int64Scalar(t, x), nil
	case value.STRING, value.SYMBOL:
		s, err := d.src.cstring()
		if t == value.SYMBOL {
			return value.Symbol(s), err
		}
		return value.String(s), err
	case value.BLOB:
		n, err := d.i32()
		if err != nil {
			return nil, err
		}
		b, err := d.src.bytes(int64(uint32(n)))
		return value.Blob(b), err
	case value.UUID, value.IPADDR, value.INT128:
		// The value package keeps these in display (big-endian) order.
		b, err := d.b16()
		reverse(b[:])
		switch t {
		case value.UUID:
			return value.Uuid(b), err
		case value.IPADDR:
			return value.IPAddr(b), err
		}
		return value.Int128(b), err
	case value.COMPLEX, value.POINT:
		a, err := d.i64()
		if err != nil {
			return nil, err
		}
		b, err := d.i64()
		x, y := math.Float64frombits(uint64(a)), math.Float64frombits(uint64(b))
		if t == value.COMPLEX {
			return value.Complex{Re: x, Im: y}, err
		}
		return value.Point{X: x, Y: y}, err
	case value.DURATION:
		n, err := d.i32()
		if err != nil {
			return nil, err
		}
		u, err := d.i32()
		return duration(n, u), err
	case value.DECIMAL32, value.DECIMAL64, value.DECIMAL128:
		scale, err := d.i32()
		if err != nil {
			return nil, err
		}
		if err := checkScale(t, scale); err != nil {
			return nil, err
		}
		switch t {
		case value.DECIMAL32:
			x, err := d.i32()
			return value.Decimal32{V: x, Scale: scale}, err
		case value.DECIMAL64:
			x, err := d.i64()
			return value.Decimal64{V: x, Scale: scale}, err
		}
		b, err := d.b16()
		return value.Decimal128{Lo: binary.LittleEndian.Uint64(b[:8]), Hi: int64(binary.LittleEndian.Uint64(b[8:])), Scale: scale}, err
	case value.FUNCTIONDEF:
		kind, err := d.src.byte()
		if err != nil {
			return nil, err
		}
		name, err := d.src.cstring()
		return FuncDef{Kind: kind, Name: name}, err
	case value.HANDLE, value.CODE, value.DATASOURCE, value.RESOURCE:
		s, err := d.src.cstring()
		return SysObj{T: t, Text: s}, err
	}
	return nil, invalid("unknown data type %d for a scalar", t)
}

func checkScale(t value.Type, scale int32) error {
	maxScale := int32(map[value.Type]int32{value.DECIMAL32: 9, value.DECIMAL64: 18, value.DECIMAL128: 38}[t])
	if scale < 0 || scale > maxScale {
		return invalid("scale %d out of range for %s", scale, t)
	}
	return nil
}

func int32Scalar(t value.Type, x int32) value.Value {
	switch t {
	case value.INT:
		return value.Int(x)
	case value.DATE:
		return value.Date(x)
	case value.MONTH:
		return value.Month(x)
	case value.TIME:
		return value.Time(x)
	case value.MINUTE:
		return value.Minute(x)
	case value.SECOND:
		return value.Second(x)
	case value.DATETIME:
		return value.DateTime(x)
	case value.DATEHOUR:
		return value.DateHour(x)
	case dateMinute:
		// No DATEMINUTE scalar type: keep the minutes as DATETIME seconds.
		if x == value.NullInt {
			return value.DateTime(x)
		}
		return value.DateTime(x * 60)
	}
	return value.Float(math.Float32frombits(uint32(x)))
}

func int64Scalar(t value.Type, x int64) value.Value {
	switch t {
	case value.LONG:
		return value.Long(x)
	case value.TIMESTAMP:
		return value.Timestamp(x)
	case value.NANOTIME:
		return value.NanoTime(x)
	case value.NANOTIMESTAMP:
		return value.NanoTimestamp(x)
	}
	return value.Double(math.Float64frombits(uint64(x)))
}

var durationUnits = []string{"ns", "us", "ms", "s", "m", "H", "d", "w", "M", "y", "B"}

// DurationUnit maps a wire unit code to its name ("ns" ... "B", or a
// 4-letter calendar code).
func DurationUnit(u int32) string {
	if u >= 0 && int(u) < len(durationUnits) {
		return durationUnits[u]
	}
	x := uint32(u)
	return string([]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)})
}

// DurationCode maps a unit name to its wire code.
func DurationCode(unit string) int32 {
	for i, u := range durationUnits {
		if u == unit {
			return int32(i)
		}
	}
	var x uint32
	for i := 0; i < 4 && i < len(unit); i++ {
		x |= uint32(unit[i]) << (24 - 8*i)
	}
	return int32(x)
}

func duration(n, u int32) value.Duration {
	if n == value.NullInt {
		return value.Duration{N: value.NullLong, Unit: DurationUnit(u)}
	}
	return value.Duration{N: int64(n), Unit: DurationUnit(u)}
}
