// This file defines the typed-slice view of operands that every kernel
// uses: storage kinds, scalar boxing/unboxing, conversion of a scalar or
// vector to a compute type with null mapping, and result allocation.
//
// A kernel call decodes its arguments once (operand), picks a compute type
// from the type pair once, and then runs a generic loop over []C slices:
// no interface call per element. A scalar is a one-element slice and is
// broadcast by index masking (i & 0).

package builtins

import (
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

// num is the set of fixed-width storage types a kernel loops over.
type num interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~float32 | ~float64
}

type integer interface {
	~int8 | ~int16 | ~int32 | ~int64
}

// kind is the Go storage of a DolphinDB type.
type kind uint8

const (
	kNone kind = iota
	kI8        // BOOL CHAR
	kI16       // SHORT
	kI32       // INT, 4-byte temporals, DECIMAL32
	kI64       // LONG, 8-byte temporals, DECIMAL64
	kF32       // FLOAT
	kF64       // DOUBLE
	kStr       // STRING BLOB SYMBOL (SYMBOL decoded to strings on demand)
	kB16       // UUID IPADDR INT128 DECIMAL128 COMPLEX POINT
	kAny       // tuple elements
)

func kindOf(t value.Type) kind {
	switch t {
	case value.BOOL, value.CHAR:
		return kI8
	case value.SHORT:
		return kI16
	case value.INT, value.DATE, value.MONTH, value.TIME, value.MINUTE, value.SECOND,
		value.DATETIME, value.DATEHOUR, value.DECIMAL32:
		return kI32
	case value.LONG, value.TIMESTAMP, value.NANOTIME, value.NANOTIMESTAMP, value.DECIMAL64:
		return kI64
	case value.FLOAT:
		return kF32
	case value.DOUBLE:
		return kF64
	case value.STRING, value.BLOB, value.SYMBOL:
		return kStr
	case value.UUID, value.IPADDR, value.INT128, value.DECIMAL128, value.COMPLEX, value.POINT:
		return kB16
	case value.ANY:
		return kAny
	}
	return kNone
}

// nullOf returns the null sentinel of storage type C.
func nullOf[C num]() C {
	var z C
	switch p := any(&z).(type) {
	case *int8:
		*p = value.NullChar
	case *int16:
		*p = value.NullShort
	case *int32:
		*p = value.NullInt
	case *int64:
		*p = value.NullLong
	case *float32:
		*p = value.NullFloat
	case *float64:
		*p = value.NullDouble
	}
	return z
}

// raw is a scalar's payload in the widest Go types; i holds the sentinel
// for integral and temporal nulls, f for floating ones.
type raw struct {
	i     int64
	f     float64
	s     string
	b     [16]byte
	scale int32
	null  bool
}

// scalarRaw unpacks a scalar.
func scalarRaw(v value.Value) raw {
	switch x := v.(type) {
	case value.Void:
		return raw{i: value.NullLong, f: value.NullDouble, null: true}
	case value.Bool:
		return intRaw(int64(x), int64(value.NullBool))
	case value.Char:
		return intRaw(int64(x), int64(value.NullChar))
	case value.Short:
		return intRaw(int64(x), int64(value.NullShort))
	case value.Int:
		return intRaw(int64(x), int64(value.NullInt))
	case value.Date:
		return intRaw(int64(x), int64(value.NullInt))
	case value.Month:
		return intRaw(int64(x), int64(value.NullInt))
	case value.Time:
		return intRaw(int64(x), int64(value.NullInt))
	case value.Minute:
		return intRaw(int64(x), int64(value.NullInt))
	case value.Second:
		return intRaw(int64(x), int64(value.NullInt))
	case value.DateTime:
		return intRaw(int64(x), int64(value.NullInt))
	case value.DateHour:
		return intRaw(int64(x), int64(value.NullInt))
	case value.Long:
		return intRaw(int64(x), value.NullLong)
	case value.Timestamp:
		return intRaw(int64(x), value.NullLong)
	case value.NanoTime:
		return intRaw(int64(x), value.NullLong)
	case value.NanoTimestamp:
		return intRaw(int64(x), value.NullLong)
	case value.Float:
		if float32(x) == value.NullFloat {
			return raw{i: value.NullLong, f: value.NullDouble, null: true}
		}
		return raw{i: int64(x), f: float64(x)}
	case value.Double:
		if float64(x) == value.NullDouble {
			return raw{i: value.NullLong, f: value.NullDouble, null: true}
		}
		return raw{i: int64(x), f: float64(x)}
	case value.String:
		return raw{s: string(x), null: x == ""}
	case value.Symbol:
		return raw{s: string(x), null: x == ""}
	case value.Blob:
		return raw{s: string(x), null: x == ""}
	case value.Decimal32:
		r := intRaw(int64(x.V), int64(value.NullInt))
		r.scale = x.Scale
		return r
	case value.Decimal64:
		r := intRaw(x.V, value.NullLong)
		r.scale = x.Scale
		return r
	case value.Uuid:
		return raw{b: x, null: x == [16]byte{}}
	case value.IPAddr:
		return raw{b: x, null: x == [16]byte{}}
	case value.Int128:
		return raw{b: x, null: x == [16]byte{}}
	}
	return raw{null: true, i: value.NullLong, f: value.NullDouble}
}

func intRaw(x, null int64) raw {
	if x == null {
		return raw{i: value.NullLong, f: value.NullDouble, null: true}
	}
	return raw{i: x, f: float64(x)}
}

// boxInt makes a scalar of integral/temporal/decimal type t from x, where
// isNull selects t's null.
func boxInt(t value.Type, x int64, isNull bool, scale int32) value.Value {
	if isNull {
		return nullScalar(t, scale)
	}
	switch t {
	case value.BOOL:
		return value.Bool(x)
	case value.CHAR:
		return value.Char(x)
	case value.SHORT:
		return value.Short(x)
	case value.INT:
		return value.Int(x)
	case value.LONG:
		return value.Long(x)
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
	case value.TIMESTAMP:
		return value.Timestamp(x)
	case value.NANOTIME:
		return value.NanoTime(x)
	case value.NANOTIMESTAMP:
		return value.NanoTimestamp(x)
	case value.FLOAT:
		return value.Float(x)
	case value.DOUBLE:
		return value.Double(x)
	case value.DECIMAL32:
		return value.Decimal32{V: int32(x), Scale: scale}
	case value.DECIMAL64:
		return value.Decimal64{V: x, Scale: scale}
	}
	return value.Void{}
}

// boxFloat makes a FLOAT or DOUBLE scalar (or an integral one, truncating).
func boxFloat(t value.Type, f float64, isNull bool) value.Value {
	if isNull {
		return nullScalar(t, 0)
	}
	switch t {
	case value.FLOAT:
		return value.Float(f)
	case value.DOUBLE:
		return value.Double(f)
	}
	return boxInt(t, int64(f), false, 0)
}

// nullScalar is the typed null of t.
func nullScalar(t value.Type, scale int32) value.Value {
	switch t {
	case value.BOOL:
		return value.Bool(value.NullBool)
	case value.CHAR:
		return value.Char(value.NullChar)
	case value.SHORT:
		return value.Short(value.NullShort)
	case value.INT:
		return value.Int(value.NullInt)
	case value.LONG:
		return value.Long(value.NullLong)
	case value.DATE:
		return value.Date(value.NullInt)
	case value.MONTH:
		return value.Month(value.NullInt)
	case value.TIME:
		return value.Time(value.NullInt)
	case value.MINUTE:
		return value.Minute(value.NullInt)
	case value.SECOND:
		return value.Second(value.NullInt)
	case value.DATETIME:
		return value.DateTime(value.NullInt)
	case value.DATEHOUR:
		return value.DateHour(value.NullInt)
	case value.TIMESTAMP:
		return value.Timestamp(value.NullLong)
	case value.NANOTIME:
		return value.NanoTime(value.NullLong)
	case value.NANOTIMESTAMP:
		return value.NanoTimestamp(value.NullLong)
	case value.FLOAT:
		return value.Float(value.NullFloat)
	case value.DOUBLE:
		return value.Double(value.NullDouble)
	case value.STRING:
		return value.String("")
	case value.SYMBOL:
		return value.Symbol("")
	case value.BLOB:
		return value.Blob("")
	case value.UUID:
		return value.Uuid{}
	case value.IPADDR:
		return value.IPAddr{}
	case value.INT128:
		return value.Int128{}
	case value.DECIMAL32:
		return value.Decimal32{V: value.NullInt, Scale: scale}
	case value.DECIMAL64:
		return value.Decimal64{V: value.NullLong, Scale: scale}
	case value.DECIMAL128:
		return value.Decimal128{Lo: 0, Hi: math.MinInt64, Scale: scale}
	}
	return value.Void{}
}

// boxString makes a STRING/SYMBOL/BLOB scalar.
func boxString(t value.Type, s string) value.Value {
	switch t {
	case value.SYMBOL:
		return value.Symbol(s)
	case value.BLOB:
		return value.Blob(s)
	}
	return value.String(s)
}

// box converts element x of storage C into a scalar of type t.
func box[C num](t value.Type, x C, scale int32) value.Value {
	if x == nullOf[C]() {
		return nullScalar(t, scale)
	}
	switch any(x).(type) {
	case float32, float64:
		return boxFloat(t, float64(x), false)
	}
	return boxInt(t, int64(x), false, scale)
}

// view returns v's storage as []C; C must be v's storage type.
func view[C num](v *value.Vector) []C {
	var z C
	var s any
	switch any(z).(type) {
	case int8:
		s = v.Int8s()
	case int16:
		s = v.Shorts()
	case int32:
		s = v.Ints()
	case int64:
		s = v.Longs()
	case float32:
		s = v.Floats()
	case float64:
		s = v.Doubles()
	}
	out, _ := s.([]C)
	return out[:v.Len()]
}

// convert copies src into a new []C, mapping the source null ns to C's null.
func convert[S, C num](src []S, ns S, nc C) []C {
	out := make([]C, len(src))
	for i, x := range src {
		if x == ns {
			out[i] = nc
		} else {
			out[i] = C(x)
		}
	}
	return out
}

// convertRound is convert for a floating source into an integral C:
// round half away from zero, as DolphinDB's casts do.
func convertRound[S, C num](src []S, ns S, nc C) []C {
	out := make([]C, len(src))
	for i, x := range src {
		if x == ns {
			out[i] = nc
		} else {
			out[i] = C(math.Round(float64(x)))
		}
	}
	return out
}

// operand is a decoded scalar or vector argument of a kernel.
type operand struct {
	t      value.Type
	scale  int32
	scalar bool
	vec    *value.Vector // nil for scalars
	r      raw           // scalars only
}

func newOperand(v value.Value) operand {
	if vec, ok := v.(*value.Vector); ok {
		return operand{t: vec.Type(), scale: vec.Scale(), vec: vec}
	}
	r := scalarRaw(v)
	return operand{t: v.Type(), scale: r.scale, scalar: true, r: r}
}

func (o *operand) len() int {
	if o.scalar {
		return 1
	}
	return o.vec.Len()
}

// as returns the operand's elements as []C with nulls mapped to C's null.
// A vector whose storage is C is returned without a copy (read-only use).
// round selects rounding for float -> integer conversion.
func as[C num](o *operand, round bool) []C {
	nc := nullOf[C]()
	if o.scalar {
		var x C
		switch {
		case o.r.null:
			x = nc
		case o.t == value.FLOAT || o.t == value.DOUBLE:
			if round {
				x = C(math.Round(o.r.f))
			} else {
				x = C(o.r.f)
			}
		default:
			x = C(o.r.i)
		}
		return []C{x}
	}
	v := o.vec
	if v.Type() == value.VOID {
		out := make([]C, v.Len())
		for i := range out {
			out[i] = nc
		}
		return out
	}
	n := v.Len()
	switch kindOf(v.Type()) {
	case kI8:
		if s, ok := any(v.Int8s()[:n]).([]C); ok {
			return s
		}
		return convert(v.Int8s()[:n], value.NullChar, nc)
	case kI16:
		if s, ok := any(v.Shorts()[:n]).([]C); ok {
			return s
		}
		return convert(v.Shorts()[:n], value.NullShort, nc)
	case kI32:
		if s, ok := any(v.Ints()[:n]).([]C); ok {
			return s
		}
		return convert(v.Ints()[:n], value.NullInt, nc)
	case kI64:
		if s, ok := any(v.Longs()[:n]).([]C); ok {
			return s
		}
		return convert(v.Longs()[:n], value.NullLong, nc)
	case kF32:
		if s, ok := any(v.Floats()[:n]).([]C); ok {
			return s
		}
		if round {
			return convertRound(v.Floats()[:n], value.NullFloat, nc)
		}
		return convert(v.Floats()[:n], value.NullFloat, nc)
	case kF64:
		if s, ok := any(v.Doubles()[:n]).([]C); ok {
			return s
		}
		if round {
			return convertRound(v.Doubles()[:n], value.NullDouble, nc)
		}
		return convert(v.Doubles()[:n], value.NullDouble, nc)
	}
	out := make([]C, v.Len())
	for i := range out {
		out[i] = nc
	}
	return out
}

// strs returns a STRING/SYMBOL/BLOB operand as strings (a scalar as one).
func (o *operand) strs() []string {
	if o.scalar {
		return []string{o.r.s}
	}
	return vecStrings(o.vec)
}

// vecStrings returns the strings of a STRING, BLOB or SYMBOL vector.
func vecStrings(v *value.Vector) []string {
	if v.Type() == value.SYMBOL {
		codes, syms := v.Ints()[:v.Len()], v.Symbols().Syms
		out := make([]string, len(codes))
		for i, c := range codes {
			out[i] = syms[c]
		}
		return out
	}
	return v.Strings()
}

// result is an output buffer: a fresh vector of type t and length n, or a
// one-element slice boxed into a scalar when both inputs were scalars.
type result[C num] struct {
	t      value.Type
	scale  int32
	scalar bool
	vec    *value.Vector
	out    []C
}

func newResult[C num](t value.Type, scale int32, n int, scalar bool) result[C] {
	if scalar {
		return result[C]{t: t, scale: scale, scalar: true, out: make([]C, 1)}
	}
	v := value.NewVector(t, n)
	if t.IsDecimal() {
		v = value.NewDecimalVector(t, scale, n)
	}
	return result[C]{t: t, scale: scale, vec: v, out: view[C](v)}
}

func (r result[C]) value() value.Value {
	if r.scalar {
		return box(r.t, r.out[0], r.scale)
	}
	return r.vec
}

// masks returns the broadcast masks of two operand lengths: -1 indexes
// every element, 0 repeats element 0 (a scalar or a length-1 side).
func masks(na, nb int) (int, int) {
	ma, mb := -1, -1
	if na == 1 {
		ma = 0
	}
	if nb == 1 {
		mb = 0
	}
	return ma, mb
}

// bcastLen checks broadcast compatibility and returns the result length.
func bcastLen(a, b *operand) (int, error) {
	na, nb := a.len(), b.len()
	switch {
	case a.scalar:
		return nb, nil
	case b.scalar:
		return na, nil
	case na != nb:
		return 0, sizeMismatch(na, nb)
	}
	return na, nil
}
