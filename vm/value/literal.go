// This file defines ParseLiteral and NullOf, and the text parsers of
// UUID, IPADDR, INT128, DURATION and DECIMAL values.

package value

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// NullOf returns the null scalar of t (Void for VOID and non-scalar types).
func NullOf(t Type) Value {
	switch t {
	case BOOL:
		return Bool(NullBool)
	case CHAR:
		return Char(NullChar)
	case SHORT:
		return Short(NullShort)
	case INT:
		return Int(NullInt)
	case LONG:
		return Long(NullLong)
	case DATE, MONTH, TIME, MINUTE, SECOND, DATETIME, DATEHOUR:
		return temporalScalar(t, int64(NullInt))
	case TIMESTAMP, NANOTIME, NANOTIMESTAMP:
		return temporalScalar(t, NullLong)
	case FLOAT:
		return Float(NullFloat)
	case DOUBLE:
		return Double(NullDouble)
	case STRING:
		return String("")
	case SYMBOL:
		return Symbol("")
	case BLOB:
		return Blob("")
	case UUID:
		return Uuid{}
	case IPADDR:
		return IPAddr{}
	case INT128:
		return Int128{}
	case DECIMAL32:
		return Decimal32{V: NullInt}
	case DECIMAL64:
		return Decimal64{V: NullLong}
	case DECIMAL128:
		return Decimal128{Hi: math.MinInt64}
	case COMPLEX:
		return Complex{NullDouble, NullDouble}
	case POINT:
		return Point{NullDouble, NullDouble}
	case DURATION:
		return Duration{N: NullLong}
	}
	return Void{}
}

// nullDecimal returns the null of a DECIMAL type with a scale.
func nullDecimal(t Type, scale int32) Value {
	switch t {
	case DECIMAL32:
		return Decimal32{V: NullInt, Scale: scale}
	case DECIMAL64:
		return Decimal64{V: NullLong, Scale: scale}
	}
	return Decimal128{Hi: math.MinInt64, Scale: scale}
}

// ParseLiteral builds a scalar of type t from literal text as the parser
// delivers it: numbers without suffix ("21", "2.5", "1e3"), temporal
// literals as written, durations ("3M"), decimal text ("3.141" gives scale
// 3), "true"/"false", and "" for t's null.
func ParseLiteral(t Type, text string) (Value, error) {
	if t == VOID {
		return Void{}, nil
	}
	if text == "" {
		return NullOf(t), nil
	}
	bad := func() (Value, error) {
		return nil, fmt.Errorf("Invalid %s literal: %s", t, text)
	}
	switch t {
	case BOOL:
		switch text {
		case "true", "1":
			return Bool(1), nil
		case "false", "0":
			return Bool(0), nil
		}
		return bad()
	case CHAR, SHORT, INT, LONG:
		bits := map[Type]int{CHAR: 8, SHORT: 16, INT: 32, LONG: 64}[t]
		if t == CHAR && len(text) == 1 && (text[0] < '0' || text[0] > '9') {
			return Char(text[0]), nil
		}
		n, err := strconv.ParseInt(text, 10, bits)
		if err != nil {
			return bad()
		}
		switch t {
		case CHAR:
			return Char(n), nil
		case SHORT:
			return Short(n), nil
		case INT:
			return Int(n), nil
		}
		return Long(n), nil
	case FLOAT:
		f, err := strconv.ParseFloat(text, 32)
		if err != nil && !isRangeErr(err) {
			return bad()
		}
		return Float(f), nil
	case DOUBLE:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil && !isRangeErr(err) {
			return bad()
		}
		return Double(f), nil
	case STRING:
		return String(text), nil
	case SYMBOL:
		return Symbol(text), nil
	case BLOB:
		return Blob(text), nil
	case UUID:
		u, err := ParseUUID(text)
		if err != nil {
			return nil, err
		}
		return u, nil
	case IPADDR:
		u, err := ParseIPAddr(text)
		if err != nil {
			return nil, err
		}
		return u, nil
	case INT128:
		u, err := ParseInt128(text)
		if err != nil {
			return nil, err
		}
		return u, nil
	case DURATION:
		d, err := ParseDuration(text)
		if err != nil {
			return nil, err
		}
		return d, nil
	case DECIMAL32, DECIMAL64, DECIMAL128:
		scale := int32(0)
		if i := strings.IndexByte(text, '.'); i >= 0 {
			scale = int32(len(text) - i - 1)
		}
		return ParseDecimal(t, text, scale)
	}
	if t.IsTemporal() {
		nt, x, ok := ParseTemporal(text)
		if !ok {
			return bad()
		}
		if nt == t {
			return temporalScalar(t, x), nil
		}
		return Cast(temporalScalar(nt, x), t)
	}
	return bad()
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// ParseUUID parses the 8-4-4-4-12 hex form (or 32 plain hex digits).
func ParseUUID(s string) (Uuid, error) {
	var u Uuid
	if s == "" {
		return u, nil
	}
	h := s
	if len(s) == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-' {
		h = s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:36]
	}
	if len(h) != 32 {
		return u, fmt.Errorf("Invalid UUID string: %s", s)
	}
	if _, err := hex.Decode(u[:], []byte(h)); err != nil {
		return u, fmt.Errorf("Invalid UUID string: %s", s)
	}
	return u, nil
}

// ParseInt128 parses 32 hex digits.
func ParseInt128(s string) (Int128, error) {
	var u Int128
	if s == "" {
		return u, nil
	}
	if len(s) != 32 {
		return u, fmt.Errorf("Invalid INT128 string: %s", s)
	}
	if _, err := hex.Decode(u[:], []byte(s)); err != nil {
		return u, fmt.Errorf("Invalid INT128 string: %s", s)
	}
	return u, nil
}

// ParseIPAddr parses a dotted IPv4 or a colon-separated IPv6 address.
func ParseIPAddr(s string) (IPAddr, error) {
	var a IPAddr
	if s == "" {
		return a, nil
	}
	bad := fmt.Errorf("Invalid IPADDR string: %s", s)
	if strings.IndexByte(s, ':') < 0 {
		parts := strings.Split(s, ".")
		if len(parts) != 4 {
			return a, bad
		}
		for i, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n > 255 {
				return a, bad
			}
			a[12+i] = byte(n)
		}
		return a, nil
	}
	// IPv6 with optional :: compression
	var head, tail []string
	if i := strings.Index(s, "::"); i >= 0 {
		if s[:i] != "" {
			head = strings.Split(s[:i], ":")
		}
		if s[i+2:] != "" {
			tail = strings.Split(s[i+2:], ":")
		}
		if len(head)+len(tail) > 7 {
			return a, bad
		}
	} else {
		head = strings.Split(s, ":")
		if len(head) != 8 {
			return a, bad
		}
	}
	put := func(pos int, p string) bool {
		n, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return false
		}
		a[2*pos], a[2*pos+1] = byte(n>>8), byte(n)
		return true
	}
	for i, p := range head {
		if !put(i, p) {
			return a, bad
		}
	}
	for i, p := range tail {
		if !put(8-len(tail)+i, p) {
			return a, bad
		}
	}
	return a, nil
}

var durationUnits = []string{"ns", "us", "ms", "s", "m", "H", "d", "w", "M", "y", "B"}

// ParseDuration parses "3M", "200ms", "-5d", "3XNYS".
func ParseDuration(s string) (Duration, error) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	num, unit := s[:i], s[i:]
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || unit == "" {
		return Duration{}, fmt.Errorf("Invalid duration: %s", s)
	}
	for _, u := range durationUnits {
		if unit == u {
			return Duration{N: n, Unit: unit}, nil
		}
	}
	if len(unit) == 4 && strings.ToUpper(unit) == unit {
		return Duration{N: n, Unit: unit}, nil
	}
	return Duration{}, fmt.Errorf("Invalid duration: %s", s)
}

// maxDecimalScale is the largest scale of each DECIMAL type.
func maxDecimalScale(t Type) int32 {
	switch t {
	case DECIMAL32:
		return 9
	case DECIMAL64:
		return 18
	}
	return 38
}

// decimalTypeName prints DECIMAL64(3).
func decimalTypeName(t Type, scale int32) string {
	return fmt.Sprintf("%s(%d)", t, scale)
}

// ParseDecimal parses decimal text into a DECIMAL of type t and scale,
// rounding extra fraction digits half away from zero.
func ParseDecimal(t Type, text string, scale int32) (Value, error) {
	if scale < 0 || scale > maxDecimalScale(t) {
		return nil, fmt.Errorf("Scale out of bound (valid range: [0, %d], but get: %d)", maxDecimalScale(t), scale)
	}
	fail := func(why string) (Value, error) {
		return nil, fmt.Errorf("Can't convert STRING to %s: parse %s to %s failed: %s", decimalTypeName(t, scale), text, decimalTypeName(t, scale), why)
	}
	s := strings.TrimSpace(text)
	if s == "" {
		return nullDecimal(t, scale), nil
	}
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	if intPart == "" && frac == "" {
		return fail("invalid decimal")
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return fail("invalid decimal")
		}
	}
	roundUp := false
	if int32(len(frac)) > scale {
		roundUp = frac[scale] >= '5'
		frac = frac[:scale]
	}
	for int32(len(frac)) < scale {
		frac += "0"
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		digits = "0"
	}
	n, _ := new(big.Int).SetString(digits, 10)
	if roundUp {
		n.Add(n, big.NewInt(1))
	}
	if neg {
		n.Neg(n)
	}
	v, ok := decimalFromBig(t, n, scale)
	if !ok {
		return fail("decimal overflow")
	}
	return v, nil
}

// DECIMAL128 holds at most 38 digits.
var (
	maxI128 = new(big.Int).Sub(new(big.Int).Exp(big.NewInt(10), big.NewInt(38), nil), big.NewInt(1))
	minI128 = new(big.Int).Neg(maxI128)
)

// decimalFromBig builds a DECIMAL from an unscaled integer, reporting
// overflow (the sentinel value counts as overflow).
func decimalFromBig(t Type, n *big.Int, scale int32) (Value, bool) {
	switch t {
	case DECIMAL32, DECIMAL64:
		lo, hi := decimalDigitsRange(t)
		if !n.IsInt64() || n.Int64() > hi || n.Int64() < lo {
			return nil, false
		}
		if t == DECIMAL32 {
			return Decimal32{V: int32(n.Int64()), Scale: scale}, true
		}
		return Decimal64{V: n.Int64(), Scale: scale}, true
	}
	if n.Cmp(maxI128) > 0 || n.Cmp(minI128) < 0 {
		return nil, false
	}
	return decimal128FromBig(n, scale), true
}

func decimal128FromBig(n *big.Int, scale int32) Decimal128 {
	m := new(big.Int).Set(n)
	if m.Sign() < 0 {
		m.Add(m, new(big.Int).Lsh(big.NewInt(1), 128))
	}
	lo := new(big.Int).And(m, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
	hi := new(big.Int).Rsh(m, 64).Uint64()
	return Decimal128{Lo: lo, Hi: int64(hi), Scale: scale}
}

// bigOf128 returns the unscaled value of a DECIMAL128.
func bigOf128(d Decimal128) *big.Int {
	n := new(big.Int).SetInt64(d.Hi)
	n.Lsh(n, 64)
	return n.Or(n, new(big.Int).SetUint64(d.Lo))
}
