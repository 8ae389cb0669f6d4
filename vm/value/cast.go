// This file defines Cast and CastDecimal (language.md §5.2) for scalars and
// vectors, and the ToInt64/ToFloat64 helpers.

package value

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// conv converts one element; ok=false yields null. Exactly one of the
// four funcs is set, by the source and destination representation (int64
// for BOOL/integral/temporal/DECIMAL32/64 unscaled, float64 for floats).
type conv struct {
	ii func(int64) (int64, bool)
	fi func(float64) (int64, bool)
	iF func(int64) (float64, bool)
	ff func(float64) (float64, bool)
}

// repr reports whether t is stored as an int64-like or float64 element.
func isFloatType(t Type) bool { return t == FLOAT || t == DOUBLE }

func isIntLike(t Type) bool {
	switch t.Category() {
	case LOGICAL, INTEGRAL, TEMPORAL:
		return t != COMPRESSED
	}
	return t == DECIMAL32 || t == DECIMAL64
}

var pow10 = func() [19]int64 {
	var p [19]int64
	p[0] = 1
	for i := 1; i < 19; i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// intRange returns the valid (non-sentinel) range of an int-like type. A
// number converts to DECIMAL32/64 when its unscaled value fits the storage
// (decimal32(1000000000, 0) is fine); text is held to the type's digits
// (decimalDigitsRange).
func intRange(t Type) (lo, hi int64) {
	switch t {
	case BOOL, CHAR:
		return math.MinInt8 + 1, math.MaxInt8
	case SHORT:
		return math.MinInt16 + 1, math.MaxInt16
	case LONG, TIMESTAMP, NANOTIME, NANOTIMESTAMP, DECIMAL64:
		return math.MinInt64 + 1, math.MaxInt64
	}
	return math.MinInt32 + 1, math.MaxInt32
}

// decimalDigitsRange is the range of the unscaled value of a DECIMAL32/64
// parsed from text: 9 and 18 digits (decimal32(`1000000000, 0) overflows).
func decimalDigitsRange(t Type) (lo, hi int64) {
	if t == DECIMAL32 {
		return -(pow10[9] - 1), pow10[9] - 1
	}
	return -(pow10[18] - 1), pow10[18] - 1
}

func roundHalfAway(f float64) float64 { return math.Round(f) }

// makeConv builds the element conversion from (from, fs) to (to, ts).
func makeConv(from Type, fs int32, to Type, ts int32) (conv, error) {
	var c conv
	bad := fmt.Errorf("Can't convert %s to %s", from, to)
	if !(isIntLike(from) || isFloatType(from)) || !(isIntLike(to) || isFloatType(to)) {
		return c, bad
	}
	lo, hi := intRange(to)
	fromDec, toDec := from.IsDecimal(), to.IsDecimal()
	switch {
	case isFloatType(from) && isFloatType(to):
		if to == FLOAT {
			c.ff = func(f float64) (float64, bool) { return float64(float32(f)), true }
		} else {
			c.ff = func(f float64) (float64, bool) { return f, true }
		}
	case isFloatType(to): // int-like -> float
		div := 1.0
		if fromDec {
			div = float64(pow10[fs])
		}
		c.iF = func(x int64) (float64, bool) { return float64(x) / div, true }
	case to == BOOL:
		if isFloatType(from) {
			c.fi = func(f float64) (int64, bool) { return b2i(f != 0), true }
		} else {
			c.ii = func(x int64) (int64, bool) { return b2i(x != 0), true }
		}
	case toDec:
		mul := pow10[ts]
		if isFloatType(from) {
			c.fi = func(f float64) (int64, bool) {
				r := roundHalfAway(f * float64(mul))
				if math.IsNaN(r) || r < float64(lo) || r > float64(hi) {
					return 0, false
				}
				return int64(r), true
			}
		} else {
			s := int32(0)
			if fromDec {
				s = fs
			}
			c.ii = rescale(s, ts, lo, hi)
		}
	case isFloatType(from): // float -> integral/temporal
		c.fi = func(f float64) (int64, bool) {
			if to.IsTemporal() {
				f = math.Trunc(f)
			} else {
				f = roundHalfAway(f)
			}
			if math.IsNaN(f) || f < float64(lo) || f > float64(hi) {
				return 0, false
			}
			return int64(f), true
		}
	case fromDec: // decimal -> integral/temporal
		c.ii = rescale(fs, 0, lo, hi)
	case from.IsTemporal() && to.IsTemporal():
		f, ok := temporalConv(from, to)
		if !ok {
			return c, bad
		}
		c.ii = f
	default: // integral/bool/temporal -> integral/temporal: raw value, wrapped
		c.ii = func(x int64) (int64, bool) { return wrapInt(to, x), true }
	}
	return c, nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// wrapInt truncates x to the width of t as a C cast would.
func wrapInt(t Type, x int64) int64 {
	switch t.Width() {
	case 1:
		return int64(int8(x))
	case 2:
		return int64(int16(x))
	case 4:
		return int64(int32(x))
	}
	return x
}

// rescale converts an unscaled integer from scale fs to scale ts, rounding
// half away from zero when the scale drops; range-checked against lo..hi.
func rescale(fs, ts int32, lo, hi int64) func(int64) (int64, bool) {
	if ts >= fs {
		mul := pow10[ts-fs]
		return func(x int64) (int64, bool) {
			r := x * mul
			if mul != 0 && r/mul != x || r < lo || r > hi {
				return 0, false
			}
			return r, true
		}
	}
	div := pow10[fs-ts]
	return func(x int64) (int64, bool) {
		q, r := x/div, x%div
		if 2*abs64(r) >= div {
			if x < 0 {
				q--
			} else {
				q++
			}
		}
		if q < lo || q > hi {
			return 0, false
		}
		return q, true
	}
}

// Temporal units: each date-bearing type as nanoseconds per unit; MONTH is
// handled separately.
var nsPerUnit = map[Type]int64{
	DATE: nsPerDay, DATETIME: 1e9, TIMESTAMP: 1e6, NANOTIMESTAMP: 1, DATEHOUR: 3600e9,
	TIME: 1e6, MINUTE: 60e9, SECOND: 1e9, NANOTIME: 1,
}

func isTimeOfDay(t Type) bool { return t == TIME || t == MINUTE || t == SECOND || t == NANOTIME }

// temporalConv converts between temporal types: date-bearing types convert
// through (days, ns of day); a time of day keeps the time of day.
func temporalConv(from, to Type) (func(int64) (int64, bool), bool) {
	if from == to {
		return func(x int64) (int64, bool) { return x, true }, true
	}
	// split: value -> (days, nsOfDay)
	var split func(int64) (int64, int64)
	switch {
	case from == MONTH:
		split = func(x int64) (int64, int64) {
			y, m := floorDiv(x, 12)
			return int64(YMDToDays(int(y), int(m)+1, 1)), 0
		}
	case isTimeOfDay(from):
		u := nsPerUnit[from]
		if to == MONTH || to == DATE {
			return nil, false
		}
		split = func(x int64) (int64, int64) { return 0, x * u }
	default:
		u := nsPerUnit[from]
		perDay := nsPerDay / u
		split = func(x int64) (int64, int64) {
			d, r := floorDiv(x, perDay)
			return d, r * u
		}
	}
	lo, hi := intRange(to)
	var join func(d, ns int64) int64
	switch {
	case to == MONTH:
		join = func(d, _ int64) int64 {
			y, m, _ := DaysToYMD(int(d))
			return int64(y)*12 + int64(m) - 1
		}
	case isTimeOfDay(to):
		if from == DATE || from == MONTH {
			return nil, false
		}
		u := nsPerUnit[to]
		join = func(_, ns int64) int64 { return ns / u }
	default:
		u := nsPerUnit[to]
		perDay := nsPerDay / u
		join = func(d, ns int64) int64 { return d*perDay + ns/u }
	}
	return func(x int64) (int64, bool) {
		r := join(split(x))
		if r < lo || r > hi {
			return 0, false
		}
		return r, true
	}, true
}

// ToInt64 returns the integer value of a BOOL, integral, temporal or
// floating scalar (floats round half away from zero) and false for nulls
// and other types.
func ToInt64(v Value) (int64, bool) {
	if IsNull(v) {
		return 0, false
	}
	switch x := v.(type) {
	case Bool:
		return int64(x), true
	case Char:
		return int64(x), true
	case Short:
		return int64(x), true
	case Int:
		return int64(x), true
	case Long:
		return int64(x), true
	case Date:
		return int64(x), true
	case Month:
		return int64(x), true
	case Time:
		return int64(x), true
	case Minute:
		return int64(x), true
	case Second:
		return int64(x), true
	case DateTime:
		return int64(x), true
	case DateHour:
		return int64(x), true
	case Timestamp:
		return int64(x), true
	case NanoTime:
		return int64(x), true
	case NanoTimestamp:
		return int64(x), true
	case Float:
		f := roundHalfAway(float64(x))
		return int64(f), !math.IsNaN(f)
	case Double:
		f := roundHalfAway(float64(x))
		return int64(f), !math.IsNaN(f)
	case Decimal32:
		q, ok := rescale(x.Scale, 0, math.MinInt64+1, math.MaxInt64)(int64(x.V))
		return q, ok
	case Decimal64:
		return rescale(x.Scale, 0, math.MinInt64+1, math.MaxInt64)(x.V)
	case Decimal128:
		f, _ := ToFloat64(x)
		return int64(roundHalfAway(f)), true
	}
	return 0, false
}

// ToFloat64 returns the numeric value of a BOOL, integral, temporal,
// floating or DECIMAL scalar, false for nulls and other types.
func ToFloat64(v Value) (float64, bool) {
	if IsNull(v) {
		return 0, false
	}
	switch x := v.(type) {
	case Float:
		return float64(x), true
	case Double:
		return float64(x), true
	case Decimal32:
		return float64(x.V) / float64(pow10[x.Scale]), true
	case Decimal64:
		return float64(x.V) / float64(pow10[x.Scale]), true
	case Decimal128:
		f, _ := new(big.Float).SetInt(bigOf128(x)).Float64()
		return f / math.Pow10(int(x.Scale)), true
	}
	n, ok := ToInt64(v)
	return float64(n), ok
}

// rawInt returns the stored int64 of an int-like scalar (decimal: unscaled)
// and whether it is null.
func rawInt(v Value) (int64, bool) {
	switch x := v.(type) {
	case Decimal32:
		return int64(x.V), x.V == NullInt
	case Decimal64:
		return x.V, x.V == NullLong
	}
	if IsNull(v) {
		return 0, true
	}
	n, _ := ToInt64(v)
	return n, false
}

func scaleOf(v Value) int32 {
	switch x := v.(type) {
	case Decimal32:
		return x.Scale
	case Decimal64:
		return x.Scale
	case Decimal128:
		return x.Scale
	case *Vector:
		return x.scale
	}
	return 0
}

// scalarOfInt builds a scalar of int-like type t from its stored value.
func scalarOfInt(t Type, x int64, scale int32) Value {
	switch t {
	case BOOL:
		return Bool(x)
	case CHAR:
		return Char(x)
	case SHORT:
		return Short(x)
	case INT:
		return Int(x)
	case LONG:
		return Long(x)
	case DECIMAL32:
		return Decimal32{V: int32(x), Scale: scale}
	case DECIMAL64:
		return Decimal64{V: x, Scale: scale}
	}
	return temporalScalar(t, x)
}

// Cast converts a scalar or vector (pair, matrix: element-wise) to type t
// following DolphinDB's conversion rules. DECIMAL targets keep the
// source's scale (0 for non-decimals); use CastDecimal to choose one.
func Cast(v Value, t Type) (Value, error) {
	if t.IsDecimal() {
		s := scaleOf(v)
		return CastDecimal(v, t, int(s))
	}
	return castTo(v, t, 0)
}

// CastDecimal converts v to DECIMAL type t with the given scale.
func CastDecimal(v Value, t Type, scale int) (Value, error) {
	if !t.IsDecimal() {
		return Cast(v, t)
	}
	if scale < 0 || int32(scale) > maxDecimalScale(t) {
		return nil, fmt.Errorf("Scale out of bound (valid range: [0, %d], but get: %d)", maxDecimalScale(t), scale)
	}
	return castTo(v, t, int32(scale))
}

func castTo(v Value, t Type, scale int32) (Value, error) {
	switch x := v.(type) {
	case *Vector:
		return castVector(x, t, scale)
	case *Pair:
		r, err := castVector(x.v, t, scale)
		if err != nil {
			return nil, err
		}
		return &Pair{v: r.(*Vector)}, nil
	case *Matrix:
		r, err := castVector(x.data, t, scale)
		if err != nil {
			return nil, err
		}
		m := *x
		m.data = r.(*Vector)
		return &m, nil
	}
	if v.Form() != SCALAR {
		return nil, fmt.Errorf("Can't convert %s to %s", TypeStr(v), t)
	}
	return castScalar(v, t, scale)
}

func castScalar(v Value, t Type, scale int32) (Value, error) {
	from := v.Type()
	if from == t && (!t.IsDecimal() || scaleOf(v) == scale) {
		return v, nil
	}
	if t == VOID {
		return Void{}, nil
	}
	if _, ok := v.(Void); ok {
		if t.IsDecimal() {
			return nullDecimal(t, scale), nil
		}
		return NullOf(t), nil
	}
	switch t {
	case STRING:
		return String(castString(v)), nil
	case SYMBOL:
		return Symbol(castString(v)), nil
	case BLOB:
		return Blob(castString(v)), nil
	case ANY:
		return v, nil
	}
	if from.Category() == LITERAL {
		return parseAs(v.String(), t, scale)
	}
	if t == DECIMAL128 || from == DECIMAL128 {
		return castDecimal128(v, t, scale)
	}
	switch t {
	case UUID, IPADDR, INT128:
		var b [16]byte
		switch x := v.(type) {
		case Uuid:
			b = x
		case IPAddr:
			b = x
		case Int128:
			b = x
		default:
			return nil, fmt.Errorf("Can't convert %s to %s", from, t)
		}
		switch t {
		case UUID:
			return Uuid(b), nil
		case IPADDR:
			return IPAddr(b), nil
		}
		return Int128(b), nil
	case COMPLEX, POINT:
		f, ok := ToFloat64(v)
		if !ok {
			return NullOf(t), nil
		}
		if t == COMPLEX {
			return Complex{f, 0}, nil
		}
		return Point{f, 0}, nil
	}
	c, err := makeConv(from, scaleOf(v), t, scale)
	if err != nil {
		return nil, err
	}
	null := func() Value {
		if t.IsDecimal() {
			return nullDecimal(t, scale)
		}
		return NullOf(t)
	}
	if isFloatType(from) {
		f, _ := ToFloat64(v)
		if IsNull(v) {
			return null(), nil
		}
		if c.ff != nil {
			r, _ := c.ff(f)
			if t == FLOAT {
				return Float(r), nil
			}
			return Double(r), nil
		}
		r, ok := c.fi(f)
		if !ok {
			if t.IsDecimal() {
				return nil, decimalOverflow(v, t, scale)
			}
			return null(), nil
		}
		return scalarOfInt(t, r, scale), nil
	}
	x, isNull := rawInt(v)
	if isNull {
		return null(), nil
	}
	if c.iF != nil {
		r, _ := c.iF(x)
		if t == FLOAT {
			return Float(r), nil
		}
		return Double(r), nil
	}
	r, ok := c.ii(x)
	if !ok {
		if t.IsDecimal() {
			return nil, decimalOverflow(v, t, scale)
		}
		return null(), nil
	}
	return scalarOfInt(t, r, scale), nil
}

func decimalOverflow(v Value, t Type, scale int32) error {
	return fmt.Errorf("Can't convert %s to %s: decimal overflow", v.Type(), decimalTypeName(t, scale))
}

// castDecimal128 converts to or from DECIMAL128 through big integers.
func castDecimal128(v Value, t Type, scale int32) (Value, error) {
	if IsNull(v) {
		if t.IsDecimal() {
			return nullDecimal(t, scale), nil
		}
		return NullOf(t), nil
	}
	if t != DECIMAL128 { // from DECIMAL128
		d := v.(Decimal128)
		if isFloatType(t) || !t.IsDecimal() {
			f, _ := ToFloat64(d)
			return castScalar(Double(f), t, scale)
		}
		n := bigRescale(bigOf128(d), d.Scale, scale)
		r, ok := decimalFromBig(t, n, scale)
		if !ok {
			return nil, decimalOverflow(v, t, scale)
		}
		return r, nil
	}
	var n *big.Int
	switch x := v.(type) {
	case Decimal128:
		n = bigRescale(bigOf128(x), x.Scale, scale)
	case Decimal32, Decimal64:
		u, _ := rawInt(x)
		n = bigRescale(big.NewInt(u), scaleOf(x), scale)
	case Float, Double:
		f, _ := ToFloat64(x)
		bf := new(big.Float).SetFloat64(f * math.Pow10(int(scale)))
		n, _ = bf.Int(nil)
	default:
		i, ok := ToInt64(x)
		if !ok {
			return nil, fmt.Errorf("Can't convert %s to %s", v.Type(), t)
		}
		n = bigRescale(big.NewInt(i), 0, scale)
	}
	r, ok := decimalFromBig(t, n, scale)
	if !ok {
		return nil, decimalOverflow(v, t, scale)
	}
	return r, nil
}

func bigRescale(n *big.Int, from, to int32) *big.Int {
	if to >= from {
		return new(big.Int).Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(to-from)), nil))
	}
	div := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(from-to)), nil)
	q, r := new(big.Int).QuoRem(n, div, new(big.Int))
	r.Abs(r).Mul(r, big.NewInt(2))
	if r.Cmp(div) >= 0 {
		if n.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// castString is the text a scalar converts to (STRING/SYMBOL).
func castString(v Value) string {
	return v.String()
}

// parseAs converts text to type t (string -> other); invalid text gives
// null except for DECIMAL, which reports DolphinDB's error.
func parseAs(s string, t Type, scale int32) (Value, error) {
	s = strings.TrimSpace(s)
	null := NullOf(t)
	if s == "" {
		if t.IsDecimal() {
			return nullDecimal(t, scale), nil
		}
		return null, nil
	}
	switch t {
	case BOOL:
		switch strings.ToLower(s) {
		case "true":
			return Bool(1), nil
		case "false":
			return Bool(0), nil
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return Bool(b2i(f != 0)), nil
		}
		return null, nil
	case CHAR, SHORT, INT, LONG:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || math.IsNaN(f) {
				return null, nil
			}
			f = math.Trunc(f)
			lo, hi := intRange(t)
			if f < float64(lo) || f > float64(hi) {
				return null, nil
			}
			n = int64(f)
		}
		lo, hi := intRange(t)
		if n < lo || n > hi {
			return null, nil
		}
		return scalarOfInt(t, n, 0), nil
	case FLOAT, DOUBLE:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && !isRangeErr(err) {
			return null, nil
		}
		if t == FLOAT {
			return Float(f), nil
		}
		return Double(f), nil
	case DECIMAL32, DECIMAL64, DECIMAL128:
		return ParseDecimal(t, s, scale)
	case UUID:
		u, err := ParseUUID(s)
		if err != nil {
			return null, nil
		}
		return u, nil
	case IPADDR:
		u, err := ParseIPAddr(s)
		if err != nil {
			return null, nil
		}
		return u, nil
	case INT128:
		u, err := ParseInt128(s)
		if err != nil {
			return null, nil
		}
		return u, nil
	case DURATION:
		d, err := ParseDuration(s)
		if err != nil {
			return nil, err
		}
		return d, nil
	}
	if t.IsTemporal() {
		nt, x, ok := ParseTemporal(s)
		if !ok {
			if t == DATEHOUR {
				// 2012.06.13T13
				if i := strings.IndexAny(s, "T "); i > 0 {
					d, okd := parseDateText(s[:i])
					h, okh := atoiDigits(s[i+1:])
					if okd && okh && h < 24 {
						return DateHour(d*24 + h), nil
					}
				}
			}
			return null, nil
		}
		if nt == t {
			return temporalScalar(t, x), nil
		}
		f, ok := temporalConv(nt, t)
		if !ok {
			return null, nil
		}
		r, ok := f(x)
		if !ok {
			return null, nil
		}
		return temporalScalar(t, r), nil
	}
	return nil, fmt.Errorf("Can't convert STRING to %s", t)
}
