// This file defines the console display (String) and script form
// (ScriptString) of scalars, and IsNull.

package value

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
)

// IsNull reports whether v is a null scalar (Void is null). Non-scalars are
// never null.
func IsNull(v Value) bool {
	switch x := v.(type) {
	case nil:
		return true
	case Void:
		return true
	case Bool:
		return int8(x) == NullBool
	case Char:
		return int8(x) == NullChar
	case Short:
		return int16(x) == NullShort
	case Int:
		return int32(x) == NullInt
	case Long:
		return int64(x) == NullLong
	case Date:
		return int32(x) == NullInt
	case Month:
		return int32(x) == NullInt
	case Time:
		return int32(x) == NullInt
	case Minute:
		return int32(x) == NullInt
	case Second:
		return int32(x) == NullInt
	case DateTime:
		return int32(x) == NullInt
	case DateHour:
		return int32(x) == NullInt
	case Timestamp:
		return int64(x) == NullLong
	case NanoTime:
		return int64(x) == NullLong
	case NanoTimestamp:
		return int64(x) == NullLong
	case Float:
		return float32(x) == NullFloat
	case Double:
		return float64(x) == NullDouble
	case String:
		return x == ""
	case Symbol:
		return x == ""
	case Blob:
		return x == ""
	case Uuid:
		return x == Uuid{}
	case IPAddr:
		return x == IPAddr{}
	case Int128:
		return x == Int128{}
	case Decimal32:
		return x.V == NullInt
	case Decimal64:
		return x.V == NullLong
	case Decimal128:
		return x.Hi == math.MinInt64 && x.Lo == 0
	case Complex:
		return x.Re == NullDouble && x.Im == NullDouble
	case Point:
		return x.X == NullDouble && x.Y == NullDouble
	case Duration:
		return x.N == NullLong
	}
	return false
}

func (Void) String() string { return "" }

func (x Bool) String() string {
	switch int8(x) {
	case NullBool:
		return ""
	case 0:
		return "false"
	}
	return "true"
}

func (x Char) String() string {
	if int8(x) == NullChar {
		return ""
	}
	if x > 31 && x < 127 {
		return string(rune(x))
	}
	return strconv.Itoa(int(x))
}

func (x Short) String() string {
	if int16(x) == NullShort {
		return ""
	}
	return strconv.Itoa(int(x))
}

func (x Int) String() string {
	if int32(x) == NullInt {
		return ""
	}
	return strconv.Itoa(int(x))
}

func (x Long) String() string {
	if int64(x) == NullLong {
		return ""
	}
	return strconv.FormatInt(int64(x), 10)
}

func (x Date) String() string          { return FormatTemporal(DATE, int64(int32(x))) }
func (x Month) String() string         { return FormatTemporal(MONTH, int64(int32(x))) }
func (x Time) String() string          { return FormatTemporal(TIME, int64(int32(x))) }
func (x Minute) String() string        { return FormatTemporal(MINUTE, int64(int32(x))) }
func (x Second) String() string        { return FormatTemporal(SECOND, int64(int32(x))) }
func (x DateTime) String() string      { return FormatTemporal(DATETIME, int64(int32(x))) }
func (x DateHour) String() string      { return FormatTemporal(DATEHOUR, int64(int32(x))) }
func (x Timestamp) String() string     { return FormatTemporal(TIMESTAMP, int64(x)) }
func (x NanoTime) String() string      { return FormatTemporal(NANOTIME, int64(x)) }
func (x NanoTimestamp) String() string { return FormatTemporal(NANOTIMESTAMP, int64(x)) }

func (x Float) String() string {
	if float32(x) == NullFloat {
		return ""
	}
	return FormatFloat(float64(x), 32)
}

func (x Double) String() string {
	if float64(x) == NullDouble {
		return ""
	}
	return FormatFloat(float64(x), 64)
}

// FormatFloat formats a non-null FLOAT/DOUBLE as the console does: fixed
// notation with at most 6 decimals, trailing zeros removed ("0.######");
// scientific notation when |f| >= 1e6 or 0 < |f| <= 1e-6, printed as a
// Linux server does ("1.189796e+06", "5e-07"); NaN, inf, -inf.
func FormatFloat(f float64, bits int) string {
	return string(AppendFloat(nil, f, bits))
}

// AppendFloat appends FormatFloat(f, bits) to b.
func AppendFloat(b []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "inf"...)
	case math.IsInf(f, -1):
		return append(b, "-inf"...)
	}
	a := math.Abs(f)
	if a != 0 && (a >= 1e6 || a <= 1e-6) {
		// d.dddddde+NN with the mantissa's trailing zeros removed.
		s := strconv.AppendFloat(nil, f, 'e', 6, bits)
		i := strings.IndexByte(string(s), 'e')
		m, e := s[:i], s[i:]
		m = trimZeros(m)
		b = append(b, m...)
		return append(b, e...)
	}
	s := strconv.AppendFloat(b, f, 'f', 6, 64)
	s = trimZeros(s)
	if len(s) >= 2 && s[len(s)-2] == '-' && s[len(s)-1] == '0' {
		// -0.0000001 rounds to -0
		s = append(s[:len(s)-2], '0')
	}
	return s
}

// trimZeros removes trailing fraction zeros and a dangling point.
func trimZeros(s []byte) []byte {
	if strings.IndexByte(string(s), '.') < 0 {
		return s
	}
	for len(s) > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

func (x String) String() string { return string(x) }
func (x Symbol) String() string { return string(x) }
func (x Blob) String() string   { return string(x) }

func (x Uuid) String() string {
	if x == (Uuid{}) {
		return ""
	}
	return formatUUID(x)
}

func formatUUID(x [16]byte) string {
	var buf [36]byte
	hex.Encode(buf[0:8], x[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], x[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], x[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], x[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:36], x[10:16])
	return string(buf[:])
}

func (x Int128) String() string {
	if x == (Int128{}) {
		return ""
	}
	return hex.EncodeToString(x[:])
}

// IPAddr stores an IPv4 address in its last 4 bytes with the first 12
// zero; anything else is IPv6.
func (x IPAddr) String() string {
	if x == (IPAddr{}) {
		return ""
	}
	return formatIP(x)
}

func formatIP(x [16]byte) string {
	v4 := true
	for _, c := range x[:12] {
		if c != 0 {
			v4 = false
			break
		}
	}
	if v4 {
		return strconv.Itoa(int(x[12])) + "." + strconv.Itoa(int(x[13])) + "." + strconv.Itoa(int(x[14])) + "." + strconv.Itoa(int(x[15]))
	}
	parts := make([]string, 8)
	for i := range 8 {
		parts[i] = strconv.FormatUint(uint64(x[2*i])<<8|uint64(x[2*i+1]), 16)
	}
	return strings.Join(parts, ":")
}

func (x Decimal32) String() string {
	if x.V == NullInt {
		return ""
	}
	return formatDecimal(x.V < 0, uint64(abs64(int64(x.V))), 0, x.Scale)
}

func (x Decimal64) String() string {
	if x.V == NullLong {
		return ""
	}
	if x.V == math.MinInt64 {
		return ""
	}
	return formatDecimal(x.V < 0, uint64(abs64(x.V)), 0, x.Scale)
}

func (x Decimal128) String() string {
	if IsNull(x) {
		return ""
	}
	hi, lo := uint64(x.Hi), x.Lo
	neg := x.Hi < 0
	if neg {
		// two's complement negate
		lo = ^lo + 1
		hi = ^hi
		if lo == 0 {
			hi++
		}
	}
	return formatDecimal(neg, lo, hi, x.Scale)
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// formatDecimal prints the unsigned 128-bit magnitude hi:lo with scale
// fraction digits.
func formatDecimal(neg bool, lo, hi uint64, scale int32) string {
	digits := u128String(hi, lo)
	if scale > 0 {
		for int32(len(digits)) <= scale {
			digits = "0" + digits
		}
		k := len(digits) - int(scale)
		digits = digits[:k] + "." + digits[k:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

func u128String(hi, lo uint64) string {
	if hi == 0 {
		return strconv.FormatUint(lo, 10)
	}
	var out []byte
	for hi != 0 || lo != 0 {
		// divide hi:lo by 10
		qh := hi / 10
		r := hi % 10
		// (r<<64 + lo) / 10
		ql, rem := div128by10(r, lo)
		hi, lo = qh, ql
		out = append(out, byte('0'+rem))
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

func div128by10(r, lo uint64) (q, rem uint64) {
	// r < 10: compute (r*2^64 + lo) / 10 using math/bits-free long division.
	const base = 1 << 32
	n := [4]uint64{r >> 32, r & (base - 1), lo >> 32, lo & (base - 1)}
	var quo [4]uint64
	var c uint64
	for i := range 4 {
		cur := c*base + n[i]
		quo[i] = cur / 10
		c = cur % 10
	}
	return quo[2]<<32 | quo[3], c
}

func (x Complex) String() string {
	if IsNull(x) {
		return ""
	}
	im := x.Im
	sign := "+"
	if im < 0 || (im == 0 && math.Signbit(im)) {
		sign = "-"
		im = -im
	}
	return formatComponent(x.Re) + sign + formatComponent(im) + "i"
}

// formatComponent prints a COMPLEX/POINT component with at least one
// decimal ("2.3", "4.0").
func formatComponent(f float64) string {
	s := FormatFloat(f, 64)
	if !strings.ContainsAny(s, ".eEnN") {
		s += ".0"
	}
	return s
}

func (x Point) String() string {
	if IsNull(x) {
		return ""
	}
	return "(" + formatComponent(x.X) + ", " + formatComponent(x.Y) + ")"
}

func (x Duration) String() string {
	if x.N == NullLong {
		return ""
	}
	return strconv.FormatInt(x.N, 10) + x.Unit
}

// ScriptString returns v's script form, as used for the elements of a
// vector or tuple display: strings quoted ("IBM"), chars quoted ('a'),
// nulls empty, vectors in brackets, tuples in parentheses.
func ScriptString(v Value) string {
	switch x := v.(type) {
	case nil:
		return ""
	case Void:
		return ""
	case String:
		return strconv.Quote(string(x))
	case Symbol:
		return strconv.Quote(string(x))
	case Blob:
		return strconv.Quote(string(x))
	case Char:
		if int8(x) == NullChar {
			return ""
		}
		return charScript(int8(x))
	case Bool:
		return x.String()
	}
	return v.String()
}

// NullLiteral is the script form of t's null: 00i, 00F, 00d ... ("" quoted
// for STRING/SYMBOL, NULL for other types), as getScript prints a null.
func NullLiteral(t Type) string {
	if c, ok := nullSymbols[t]; ok {
		return "00" + string(c)
	}
	switch t {
	case STRING, SYMBOL, BLOB:
		return `""`
	}
	return "NULL"
}

var nullSymbols = map[Type]byte{
	BOOL: 'b', CHAR: 'c', SHORT: 'h', INT: 'i', LONG: 'l', DATE: 'd', MONTH: 'M',
	TIME: 't', MINUTE: 'm', SECOND: 's', DATETIME: 'D', TIMESTAMP: 'T',
	NANOTIME: 'n', NANOTIMESTAMP: 'N', FLOAT: 'f', DOUBLE: 'F',
}

// scriptWithNull is getScript: ScriptString, but a typed null prints its
// null literal (00i) and Void prints NULL.
func scriptWithNull(v Value) string {
	if _, ok := v.(Void); ok {
		return "NULL"
	}
	if v != nil && v.Form() == SCALAR && IsNull(v) {
		return NullLiteral(v.Type())
	}
	return ScriptString(v)
}

func charScript(c int8) string {
	if c > 31 && c < 127 {
		switch c {
		case '\'':
			return `'\''`
		case '\\':
			return `'\\'`
		}
		return "'" + string(rune(c)) + "'"
	}
	return strconv.Itoa(int(c))
}
