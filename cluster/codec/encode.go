// This file defines MarshalValue and the scalar encoders.

package codec

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// MarshalValue appends the serialization of v (protocol.md §4) in the given
// byte order to dst.
func MarshalValue(dst []byte, v value.Value, littleEndian bool) ([]byte, error) {
	e := encoder{le: littleEndian, order: binary.LittleEndian}
	if !littleEndian {
		e.order = binary.BigEndian
	}
	return e.object(dst, v)
}

type encoder struct {
	le    bool
	order binary.AppendByteOrder
	// syms maps the symbol bases already written in the current table to
	// their base ids (nil outside a table).
	syms map[*value.SymbolBase]uint32
}

func (e *encoder) header(dst []byte, t value.Type, f value.Form) []byte {
	if e.le {
		return append(dst, byte(t), byte(f))
	}
	return append(dst, byte(f), byte(t))
}

func (e *encoder) i32(dst []byte, x int32) []byte { return e.order.AppendUint32(dst, uint32(x)) }
func (e *encoder) i64(dst []byte, x int64) []byte { return e.order.AppendUint64(dst, uint64(x)) }

// b16 appends a 16-byte value given in little-endian layout.
func (e *encoder) b16(dst []byte, b [16]byte) []byte {
	if !e.le {
		reverse(b[:])
	}
	return append(dst, b[:]...)
}

// cstring appends s and a 0x00 terminator; s is cut at an embedded NUL.
func cstring(dst []byte, s string) []byte {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return append(append(dst, s...), 0)
}

func (e *encoder) object(dst []byte, v value.Value) ([]byte, error) {
	if v == nil {
		return e.header(dst, value.VOID, value.SCALAR), nil
	}
	switch x := v.(type) {
	case *value.Vector:
		return e.vector(dst, x, value.VECTOR)
	case FuncDef:
		dst = e.header(dst, value.FUNCTIONDEF, value.SCALAR)
		return cstring(append(dst, x.Kind), x.Name), nil
	case SysObj:
		return cstring(e.header(dst, x.T, value.SCALAR), x.Text), nil
	case value.Function:
		dst = e.header(dst, value.FUNCTIONDEF, value.SCALAR)
		kind := byte(3) // user-defined
		if x.Name() != "" {
			kind = 0
		}
		return cstring(append(dst, kind), x.Name()), nil
	}
	if v.Form() == value.SCALAR {
		return e.scalar(dst, v)
	}
	return e.compound(dst, v)
}

// scalar appends a scalar object, header included.
func (e *encoder) scalar(dst []byte, v value.Value) ([]byte, error) {
	t := v.Type()
	dst = e.header(dst, t, value.SCALAR)
	switch x := v.(type) {
	case value.Void:
		return append(dst, 1), nil
	case value.Bool:
		return append(dst, byte(x)), nil
	case value.Char:
		return append(dst, byte(x)), nil
	case value.Short:
		return e.order.AppendUint16(dst, uint16(x)), nil
	case value.Int:
		return e.i32(dst, int32(x)), nil
	case value.Date:
		return e.i32(dst, int32(x)), nil
	case value.Month:
		return e.i32(dst, int32(x)), nil
	case value.Time:
		return e.i32(dst, int32(x)), nil
	case value.Minute:
		return e.i32(dst, int32(x)), nil
	case value.Second:
		return e.i32(dst, int32(x)), nil
	case value.DateTime:
		return e.i32(dst, int32(x)), nil
	case value.DateHour:
		return e.i32(dst, int32(x)), nil
	case value.Long:
		return e.i64(dst, int64(x)), nil
	case value.Timestamp:
		return e.i64(dst, int64(x)), nil
	case value.NanoTime:
		return e.i64(dst, int64(x)), nil
	case value.NanoTimestamp:
		return e.i64(dst, int64(x)), nil
	case value.Float:
		return e.order.AppendUint32(dst, math.Float32bits(float32(x))), nil
	case value.Double:
		return e.order.AppendUint64(dst, math.Float64bits(float64(x))), nil
	case value.String:
		return cstring(dst, string(x)), nil
	case value.Symbol:
		return cstring(dst, string(x)), nil
	case value.Blob:
		return append(e.i32(dst, int32(len(x))), x...), nil
	case value.Uuid:
		return e.b16(dst, reversed(x)), nil
	case value.IPAddr:
		return e.b16(dst, reversed(x)), nil
	case value.Int128:
		return e.b16(dst, reversed(x)), nil
	case value.Decimal32:
		return e.i32(e.i32(dst, x.Scale), x.V), nil
	case value.Decimal64:
		return e.i64(e.i32(dst, x.Scale), x.V), nil
	case value.Decimal128:
		var b [16]byte
		binary.LittleEndian.PutUint64(b[:8], x.Lo)
		binary.LittleEndian.PutUint64(b[8:], uint64(x.Hi))
		return e.b16(e.i32(dst, x.Scale), b), nil
	case value.Complex:
		return e.f64(e.f64(dst, x.Re), x.Im), nil
	case value.Point:
		return e.f64(e.f64(dst, x.X), x.Y), nil
	case value.Duration:
		return e.duration(dst, x), nil
	}
	return nil, fmt.Errorf("codec: cannot serialize a scalar of type %s (%T)", t, v)
}

func (e *encoder) f64(dst []byte, f float64) []byte {
	return e.order.AppendUint64(dst, math.Float64bits(f))
}

func (e *encoder) duration(dst []byte, x value.Duration) []byte {
	n := int32(x.N)
	if x.N == value.NullLong || x.N > math.MaxInt32 || x.N < math.MinInt32 {
		n = value.NullInt
	}
	return e.i32(e.i32(dst, n), DurationCode(x.Unit))
}

func reversed(b [16]byte) [16]byte {
	reverse(b[:])
	return b
}
