// This file is the text-file reader behind loadText, ploadText,
// extractTextSchema and loadTextEx: record splitting (quoted fields may
// span lines), DolphinDB's type inference on a sample, and typed column
// builders that parse each cell straight into its column's storage, one
// builder set per chunk so that chunks parse in parallel.

package builtins

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/porpoisedb/porpoise/vm/value"
)

// textSampleRows is how many data records type inference looks at; the
// manual says DolphinDB decides on a sample of the rows.
const textSampleRows = 1000

// textChunkMin is the smallest chunk a parse worker gets: below it the
// goroutine and merge cost more than they save.
const textChunkMin = 1 << 20

// digitDate is the inference class of a yyyyMMdd / yyMMdd field: DATE
// when the whole sample agrees, an integer column when mixed with plain
// integers. It is never a column type.
const digitDate = value.Type(255)

// textReader holds a file's bytes and its dialect.
type textReader struct {
	file  string // as the user named it, for errors
	data  []byte
	delim []byte
	// release unmaps data; no field slice may be used after it.
	release func()
}

// nextRecord splits the record at pos into fields (reusing fields) and
// returns the position after its line end. Quoted fields ("a,""b""")
// may hold delimiters and newlines. quoted[i] reports a quoted field, so
// that "" stays an empty string rather than a null.
func (r *textReader) nextRecord(pos int, fields [][]byte, quoted []bool) ([][]byte, []bool, int) {
	data, delim := r.data, r.delim
	fields, quoted = fields[:0], quoted[:0]
	n := len(data)
	d0 := delim[0]
	for {
		if pos < n && data[pos] == '"' {
			// Quoted field: up to the closing quote; "" is a quote.
			start := pos + 1
			i := start
			var buf []byte
			for {
				j := bytes.IndexByte(data[i:], '"')
				if j < 0 { // unterminated: take the rest
					if buf != nil {
						buf = append(buf, data[i:]...)
					}
					i = n
					break
				}
				i += j
				if i+1 < n && data[i+1] == '"' {
					if buf == nil {
						buf = make([]byte, 0, i-start+16)
						buf = append(buf, data[start:i]...)
					} else {
						buf = append(buf, data[start:i]...)
					}
					buf = append(buf, '"')
					i += 2
					start = i
					continue
				}
				break
			}
			var f []byte
			if buf != nil {
				f = append(buf, data[start:min(i, n)]...)
			} else {
				f = data[start:min(i, n)]
			}
			fields, quoted = append(fields, f), append(quoted, true)
			pos = i + 1
			// Skip anything between the closing quote and the delimiter.
			for pos < n && data[pos] != '\n' && !(data[pos] == d0 && bytes.HasPrefix(data[pos:], delim)) {
				pos++
			}
		} else {
			start := pos
			if len(delim) == 1 {
				for pos < n && data[pos] != d0 && data[pos] != '\n' {
					pos++
				}
			} else {
				for pos < n && data[pos] != '\n' && !(data[pos] == d0 && bytes.HasPrefix(data[pos:], delim)) {
					pos++
				}
			}
			end := pos
			if end > start && data[end-1] == '\r' && (end == n || data[end] == '\n') {
				end--
			}
			fields, quoted = append(fields, data[start:end]), append(quoted, false)
		}
		if pos >= n {
			return fields, quoted, n
		}
		if data[pos] == '\n' {
			return fields, quoted, pos + 1
		}
		pos += len(delim)
	}
}

// blank reports a record that is an empty line.
func blank(fields [][]byte, quoted []bool) bool {
	return len(fields) == 1 && len(fields[0]) == 0 && !quoted[0]
}

// chunkBounds cuts data[from:] into up to k pieces that start at record
// boundaries (a newline inside quotes is no boundary) and reports whether
// any field is quoted.
func chunkBounds(data []byte, from, k int) ([]int, bool) {
	bounds := []int{from}
	hasQuote := bytes.IndexByte(data[from:], '"') >= 0
	size := (len(data) - from) / k
	if k <= 1 || size < textChunkMin {
		return append(bounds, len(data)), hasQuote
	}
	if !hasQuote {
		for i := 1; i < k; i++ {
			t := from + i*size
			if t <= bounds[len(bounds)-1] {
				continue
			}
			j := bytes.IndexByte(data[t:], '\n')
			if j < 0 {
				break
			}
			bounds = append(bounds, t+j+1)
		}
	} else {
		inQ := false
		next := from + size
		for i := from; i < len(data) && len(bounds) < k; i++ {
			switch data[i] {
			case '"':
				inQ = !inQ
			case '\n':
				if !inQ && i >= next {
					bounds = append(bounds, i+1)
					next = i + 1 + size
				}
			}
		}
	}
	if bounds[len(bounds)-1] != len(data) {
		bounds = append(bounds, len(data))
	}
	return bounds, hasQuote
}

// ---- inference ----

func isDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func atoiB(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

func validDate(y, m, d int) bool {
	return m >= 1 && m <= 12 && d >= 1 && d <= value.DaysInMonth(y, m)
}

// digitDateOf reads yyyyMMdd (1900 <= yyyy <= 2100) and yyMMdd, the
// undelimited dates the manual says are preferably DATE.
func digitDateOf(b []byte) (int64, bool) {
	switch len(b) {
	case 8:
		y, m, d := atoiB(b[:4]), atoiB(b[4:6]), atoiB(b[6:])
		if y >= 1900 && y <= 2100 && validDate(y, m, d) {
			return int64(value.YMDToDays(y, m, d)), true
		}
	case 6:
		y, m, d := atoiB(b[:2]), atoiB(b[2:4]), atoiB(b[4:])
		if validDate(2000+y, m, d) {
			return int64(value.YMDToDays(2000+y, m, d)), true
		}
	}
	return 0, false
}

// classify is the type one field suggests; VOID for an empty field.
func classify(b []byte) value.Type {
	if len(b) == 0 {
		return value.VOID
	}
	c := b[0]
	if c == 't' || c == 'T' || c == 'f' || c == 'F' {
		s := strings.ToLower(string(b))
		if s == "true" || s == "false" {
			return value.BOOL
		}
	}
	digits := b
	if c == '-' || c == '+' {
		digits = b[1:]
	}
	if isDigits(digits) {
		// A code with a leading zero (000001) is text, not a number.
		if len(digits) > 1 && digits[0] == '0' {
			return value.SYMBOL
		}
		if len(digits) == len(b) {
			if _, ok := digitDateOf(b); ok {
				return digitDate
			}
		}
		n, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return value.DOUBLE
		}
		if n > math.MaxInt32 || n <= math.MinInt32 {
			return value.LONG
		}
		return value.INT
	}
	if t, _, ok := parseTemporalText(b); ok {
		return t
	}
	if looksFloat(b) {
		return value.DOUBLE
	}
	if len(b) == 36 && b[8] == '-' && b[13] == '-' {
		if _, err := value.ParseUUID(string(b)); err == nil {
			return value.UUID
		}
	}
	if bytes.Count(b, []byte{'.'}) == 3 || bytes.IndexByte(b, ':') >= 0 {
		if _, err := value.ParseIPAddr(string(b)); err == nil {
			return value.IPADDR
		}
	}
	return value.SYMBOL
}

// looksFloat accepts decimal and exponent notation only (no NaN, Inf or
// hex, which strconv would also take).
func looksFloat(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+') {
			return false
		}
	}
	_, err := strconv.ParseFloat(string(b), 64)
	return err == nil
}

// mergeType widens the inferred type a by a field's class b; SYMBOL is
// the catch-all text type (SYMBOL or STRING is decided at the end).
func mergeType(a, b value.Type) value.Type {
	if a == b || b == value.VOID {
		return a
	}
	if a == value.VOID {
		return b
	}
	rank := func(t value.Type) int {
		switch t {
		case digitDate:
			return 0
		case value.INT:
			return 1
		case value.LONG:
			return 2
		case value.DOUBLE:
			return 3
		}
		return -1
	}
	if ra, rb := rank(a), rank(b); ra >= 0 && rb >= 0 {
		if ra == 0 {
			a = value.INT
		}
		if rb == 0 {
			b = value.INT
		}
		if rank(a) > rank(b) {
			return a
		}
		return b
	}
	widen := [][]value.Type{
		{value.DATETIME, value.TIMESTAMP, value.NANOTIMESTAMP},
		{value.MINUTE, value.SECOND, value.TIME, value.NANOTIME},
	}
	for _, w := range widen {
		ia, ib := -1, -1
		for i, t := range w {
			if t == a {
				ia = i
			}
			if t == b {
				ib = i
			}
		}
		if ia >= 0 && ib >= 0 {
			return w[max(ia, ib)]
		}
	}
	return value.SYMBOL
}

// inferTypes decides each column's type from the sample records. A text
// column becomes SYMBOL when its values repeat (at most half of them are
// distinct), STRING otherwise, as DolphinDB picks SYMBOL for columns
// such as tickers and exchanges and STRING for free text and ids.
func inferTypes(sample [][][]byte, ncol int) []value.Type {
	types := make([]value.Type, ncol)
	for c := 0; c < ncol; c++ {
		t := value.VOID
		for _, rec := range sample {
			if c < len(rec) {
				t = mergeType(t, classify(rec[c]))
			}
		}
		switch t {
		case digitDate:
			t = value.DATE
		case value.VOID:
			t = value.STRING
		case value.SYMBOL:
			seen := map[string]struct{}{}
			n := 0
			for _, rec := range sample {
				if c < len(rec) && len(rec[c]) > 0 {
					n++
					seen[string(rec[c])] = struct{}{}
				}
			}
			if 2*len(seen) > n {
				t = value.STRING
			}
		}
		types[c] = t
	}
	return types
}

// ---- temporal text ----

// clockOf reads HH:mm[:ss[.f...]] into nanoseconds of day and the kind of
// value it spells (MINUTE, SECOND, TIME or NANOTIME).
func clockOf(b []byte) (int64, value.Type, bool) {
	if len(b) < 4 {
		return 0, 0, false
	}
	i := 1
	if len(b) > 2 && b[2] == ':' {
		i = 2
	}
	if b[i] != ':' || !isDigits(b[:i]) || len(b) < i+3 || !isDigits(b[i+1:i+3]) {
		return 0, 0, false
	}
	h, m := atoiB(b[:i]), atoiB(b[i+1:i+3])
	if h > 23 || m > 59 {
		return 0, 0, false
	}
	ns := int64(h*3600+m*60) * 1e9
	rest := b[i+3:]
	if len(rest) == 0 {
		return ns, value.MINUTE, true
	}
	if rest[0] != ':' || len(rest) < 3 || !isDigits(rest[1:3]) {
		return 0, 0, false
	}
	s := atoiB(rest[1:3])
	if s > 59 {
		return 0, 0, false
	}
	ns += int64(s) * 1e9
	rest = rest[3:]
	if len(rest) == 0 {
		return ns, value.SECOND, true
	}
	if rest[0] != '.' || len(rest) < 2 || len(rest) > 10 || !isDigits(rest[1:]) {
		return 0, 0, false
	}
	f := int64(atoiB(rest[1:]))
	for k := len(rest) - 1; k < 9; k++ {
		f *= 10
	}
	if len(rest)-1 <= 3 {
		return ns + f, value.TIME, true
	}
	return ns + f, value.NANOTIME, true
}

// dateOf reads yyyy.MM.dd, yyyy-MM-dd, yyyy/MM/dd and yy.MM.dd into days.
func dateOf(b []byte) (int64, bool) {
	var y, m, d int
	switch {
	case len(b) == 10 && (b[4] == '.' || b[4] == '-' || b[4] == '/') && b[7] == b[4] &&
		isDigits(b[:4]) && isDigits(b[5:7]) && isDigits(b[8:]):
		y, m, d = atoiB(b[:4]), atoiB(b[5:7]), atoiB(b[8:])
	case len(b) == 8 && (b[2] == '.' || b[2] == '-' || b[2] == '/') && b[5] == b[2] &&
		isDigits(b[:2]) && isDigits(b[3:5]) && isDigits(b[6:]):
		y, m, d = 2000+atoiB(b[:2]), atoiB(b[3:5]), atoiB(b[6:])
	default:
		return 0, false
	}
	if !validDate(y, m, d) {
		return 0, false
	}
	return int64(value.YMDToDays(y, m, d)), true
}

// parseTemporalText reads the temporal forms DolphinDB writes and accepts
// in text files, returning the natural type and its value in that type's
// unit. The common shapes are read without allocating; the rest go
// through value.ParseTemporal.
func parseTemporalText(b []byte) (value.Type, int64, bool) {
	if len(b) < 4 {
		return 0, 0, false
	}
	if days, ok := dateOf(b); ok {
		return value.DATE, days, true
	}
	if len(b) > 11 && (b[10] == 'T' || b[10] == ' ') {
		days, ok := dateOf(b[:10])
		if ok {
			ns, k, ok := clockOf(b[11:])
			if !ok {
				return 0, 0, false
			}
			switch k {
			case value.MINUTE, value.SECOND:
				return value.DATETIME, days*86400 + ns/1e9, true
			case value.TIME:
				return value.TIMESTAMP, days*86400000 + ns/1e6, true
			default:
				return value.NANOTIMESTAMP, days*86400e9 + ns, true
			}
		}
	}
	if b[1] == ':' || b[2] == ':' {
		ns, k, ok := clockOf(b)
		if !ok {
			return 0, 0, false
		}
		switch k {
		case value.MINUTE:
			return k, ns / 60e9, true
		case value.SECOND:
			return k, ns / 1e9, true
		case value.TIME:
			return k, ns / 1e6, true
		}
		return k, ns, true
	}
	c := b[len(b)-1]
	if c == 'M' || c == 'm' || c == 's' {
		if t, x, ok := value.ParseTemporal(string(b)); ok {
			return t, x, true
		}
	}
	return 0, 0, false
}

// ---- typed column builders ----

// textCol describes one column to load: its file position, name and
// target type, and how its text is read.
type textCol struct {
	src    int // field index in the record
	name   string
	typ    value.Type
	scale  int32  // DECIMAL
	format string // temporal pattern (schema "format")
	// viaText columns are gathered as STRING and converted afterwards
	// (DECIMAL, UUID, array vectors, patterned temporals ...).
	viaText bool
}

// colBuf accumulates one column of one chunk in its native storage.
type colBuf struct {
	i8   []int8
	i16  []int16
	i32  []int32
	i64  []int64
	f32  []float32
	f64  []float64
	strs []string
	// SYMBOL: codes in i32 into symList; symIdx is looked up with
	// m[string(b)], which Go does without allocating.
	symIdx  map[string]int32
	symList []string
}

// storage is the builder kind of a column type.
func storage(c *textCol) value.Type {
	if c.viaText {
		return value.STRING
	}
	return c.typ
}

func (b *colBuf) add(c *textCol, f []byte, quoted bool) {
	switch t := storage(c); t {
	case value.STRING, value.BLOB:
		if len(f) == 0 {
			b.strs = append(b.strs, "")
		} else {
			b.strs = append(b.strs, string(f))
		}
	case value.SYMBOL:
		code, ok := b.symIdx[string(f)]
		if !ok {
			code = int32(len(b.symList))
			s := string(f)
			b.symList = append(b.symList, s)
			b.symIdx[s] = code
		}
		b.i32 = append(b.i32, code)
	case value.BOOL:
		x := value.NullBool
		switch {
		case len(f) == 0:
		case len(f) == 1 && (f[0] == '1' || f[0] == '0'):
			x = int8(f[0] - '0')
		default:
			switch strings.ToLower(string(f)) {
			case "true", "t", "y", "yes":
				x = 1
			case "false", "f", "n", "no":
				x = 0
			}
		}
		b.i8 = append(b.i8, x)
	case value.CHAR:
		x := value.NullChar
		if n, ok := parseIntB(f); ok && n >= -127 && n <= 127 {
			x = int8(n)
		} else if len(f) == 1 {
			x = int8(f[0])
		}
		b.i8 = append(b.i8, x)
	case value.SHORT:
		x := value.NullShort
		if n, ok := parseIntB(f); ok && n > math.MinInt16 && n <= math.MaxInt16 {
			x = int16(n)
		}
		b.i16 = append(b.i16, x)
	case value.INT:
		x := value.NullInt
		if n, ok := parseIntB(f); ok && n > math.MinInt32 && n <= math.MaxInt32 {
			x = int32(n)
		}
		b.i32 = append(b.i32, x)
	case value.LONG:
		x := value.NullLong
		if n, ok := parseIntB(f); ok {
			x = n
		}
		b.i64 = append(b.i64, x)
	case value.FLOAT:
		x := value.NullFloat
		if v, ok := parseFloatB(f, 32); ok {
			x = float32(v)
		}
		b.f32 = append(b.f32, x)
	case value.DOUBLE:
		x := value.NullDouble
		if v, ok := parseFloatB(f, 64); ok {
			x = v
		}
		b.f64 = append(b.f64, x)
	default: // temporal
		x, ok := temporalAs(f, t)
		if t.Width() == 4 {
			if !ok {
				x = int64(value.NullInt)
			}
			b.i32 = append(b.i32, int32(x))
		} else {
			if !ok {
				x = value.NullLong
			}
			b.i64 = append(b.i64, x)
		}
	}
}

// exactPow10 are the powers of ten a float64 holds exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseFloatB reads a decimal number. Up to 15 significant digits and a
// scale within 1e±22 it is Clinger's exact fast path (one correctly
// rounded multiplication or division); anything else goes to strconv.
func parseFloatB(f []byte, bits int) (float64, bool) {
	if len(f) == 0 {
		return 0, false
	}
	i, neg := 0, false
	if f[0] == '-' || f[0] == '+' {
		neg, i = f[0] == '-', 1
	}
	var m uint64
	digits, exp := 0, 0
	sawDigit, sawDot := false, false
	for ; i < len(f); i++ {
		c := f[i]
		switch {
		case c >= '0' && c <= '9':
			sawDigit = true
			if m == 0 && c == '0' {
				if sawDot {
					exp--
				}
				continue
			}
			if digits >= 15 {
				goto slow
			}
			m = m*10 + uint64(c-'0')
			digits++
			if sawDot {
				exp--
			}
		case c == '.' && !sawDot:
			sawDot = true
		case c == 'e' || c == 'E':
			e, ok := parseIntB(f[i+1:])
			if !ok || e > 400 || e < -400 {
				goto slow
			}
			exp += int(e)
			i = len(f)
		default:
			goto slow
		}
	}
	if !sawDigit {
		return 0, false
	}
	{
		x := float64(m)
		switch {
		case exp == 0:
		case exp > 0 && exp <= 22:
			x *= exactPow10[exp]
		case exp < 0 && exp >= -22:
			x /= exactPow10[-exp]
		default:
			goto slow
		}
		if neg {
			x = -x
		}
		return x, true
	}
slow:
	v, err := strconv.ParseFloat(string(f), bits)
	if err != nil && !errors.Is(err, strconv.ErrRange) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// parseIntB reads an integer; a decimal fraction is truncated, as
// DolphinDB does when a float field lands in an integer column.
func parseIntB(f []byte) (int64, bool) {
	if len(f) == 0 {
		return 0, false
	}
	neg := false
	d := f
	if d[0] == '-' || d[0] == '+' {
		neg, d = d[0] == '-', d[1:]
	}
	if len(d) == 0 || len(d) > 18 {
		goto slow
	}
	{
		var n int64
		for _, c := range d {
			if c < '0' || c > '9' {
				goto slow
			}
			n = n*10 + int64(c-'0')
		}
		if neg {
			n = -n
		}
		return n, true
	}
slow:
	if n, err := strconv.ParseInt(string(f), 10, 64); err == nil {
		return n, n != value.NullLong
	}
	if v, err := strconv.ParseFloat(string(f), 64); err == nil && !math.IsNaN(v) && math.Abs(v) < 9.2e18 {
		return int64(v), true
	}
	return 0, false
}

// temporalAs reads a temporal field as type t: directly when its text is
// t's natural form, through DolphinDB's cast otherwise (a DATE text in a
// DATETIME column ...).
func temporalAs(f []byte, t value.Type) (int64, bool) {
	if len(f) == 0 {
		return 0, false
	}
	nt, x, ok := parseTemporalText(f)
	if ok && nt == t {
		return x, true
	}
	if !ok && t == value.DATE {
		if d, ok := digitDateOf(f); ok {
			return d, true
		}
	}
	v, err := value.Cast(value.String(string(f)), t)
	if err != nil || value.IsNull(v) {
		return 0, false
	}
	return value.ToInt64(v)
}

// parseChunk parses the records of data[lo:hi] into one builder per
// column.
// initBufs gives a chunk's builders room for est rows.
func initBufs(cols []*textCol, est int) []colBuf {
	bufs := make([]colBuf, len(cols))
	for i, c := range cols {
		switch t := storage(c); {
		case t == value.STRING || t == value.BLOB:
			bufs[i].strs = make([]string, 0, est)
		case t == value.SYMBOL:
			bufs[i].symIdx = map[string]int32{}
			bufs[i].i32 = make([]int32, 0, est)
		case t == value.DOUBLE:
			bufs[i].f64 = make([]float64, 0, est)
		case t == value.FLOAT:
			bufs[i].f32 = make([]float32, 0, est)
		case t == value.BOOL || t == value.CHAR:
			bufs[i].i8 = make([]int8, 0, est)
		case t == value.SHORT:
			bufs[i].i16 = make([]int16, 0, est)
		case t.Width() == 4:
			bufs[i].i32 = make([]int32, 0, est)
		case t.Width() == 8:
			bufs[i].i64 = make([]int64, 0, est)
		}
	}
	return bufs
}

// parseChunk parses the records of data[lo:hi] into the chunk's builders.
func (r *textReader) parseChunk(lo, hi int, cols []*textCol, bufs []colBuf) {
	sub := *r
	sub.data = r.data[:hi]
	var fields [][]byte
	var quoted []bool
	for pos := lo; pos < hi; {
		fields, quoted, pos = sub.nextRecord(pos, fields, quoted)
		if blank(fields, quoted) {
			continue
		}
		for i, c := range cols {
			if c.src < len(fields) {
				bufs[i].add(c, fields[c.src], quoted[c.src])
			} else {
				bufs[i].add(c, nil, false)
			}
		}
	}
}

// countRecords counts the non-blank lines of data[lo:hi]: the records of
// a chunk when no field is quoted.
func countRecords(data []byte, lo, hi int) int {
	n := 0
	for lo < hi {
		j := bytes.IndexByte(data[lo:hi], '\n')
		end := hi
		if j >= 0 {
			end = lo + j
		}
		if l := end - lo; l > 1 || l == 1 && data[lo] != '\r' {
			n++
		}
		lo = end + 1
	}
	return n
}

// parseColumns parses data[from:] into the columns, in parallel chunks.
// Without quotes each chunk's record count is known up front, so chunks
// parse straight into windows of the final vectors (no merge copy).
func (r *textReader) parseColumns(from int, cols []*textCol) ([]*value.Vector, error) {
	bounds, hasQuote := chunkBounds(r.data, from, runtime.GOMAXPROCS(0))
	nch := len(bounds) - 1
	parts := make([][]colBuf, nch)
	counts := make([]int, nch)
	var direct []*value.Vector
	var directStr [][]string
	if !hasQuote {
		direct = make([]*value.Vector, len(cols))
		directStr = make([][]string, len(cols))
	}
	var wg sync.WaitGroup
	var perr any
	var mu sync.Mutex
	run := func(f func(k int)) {
		for k := 0; k < nch; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					// An allocation past maxMemSize panics; report it as
					// the load's error rather than taking the node down.
					if e := recover(); e != nil {
						mu.Lock()
						perr = e
						mu.Unlock()
					}
				}()
				f(k)
			}()
		}
		wg.Wait()
	}
	if direct != nil {
		run(func(k int) { counts[k] = countRecords(r.data, bounds[k], bounds[k+1]) })
		total := 0
		for _, n := range counts {
			total += n
		}
		for i, c := range cols {
			switch t := storage(c); {
			case t == value.STRING || t == value.BLOB:
				directStr[i] = make([]string, total)
			case t != value.SYMBOL:
				direct[i] = value.NewVector(t, total)
			}
		}
	}
	run(func(k int) {
		if direct == nil {
			// Lines bound the records (quoted newlines only over-count),
			// so the builders never grow.
			parts[k] = initBufs(cols, bytes.Count(r.data[bounds[k]:bounds[k+1]], []byte{'\n'})+1)
		} else {
			// Capacity 0 allocates nothing: the windows below replace
			// the builders, except SYMBOL codes, which are remapped.
			parts[k] = initBufs(cols, 0)
			for i := range cols {
				if parts[k][i].symIdx != nil {
					parts[k][i].i32 = make([]int32, 0, counts[k])
				}
			}
			off := 0
			for j := 0; j < k; j++ {
				off += counts[j]
			}
			lim := off + counts[k]
			// Three-index windows: a chunk that somehow writes more rows
			// reallocates instead of overwriting the next chunk's rows.
			for i := range cols {
				b := &parts[k][i]
				switch v := direct[i]; {
				case directStr[i] != nil:
					b.strs = directStr[i][off:off:lim]
				case v == nil:
				case b.f64 != nil:
					b.f64 = v.Doubles()[off:off:lim]
				case b.f32 != nil:
					b.f32 = v.Floats()[off:off:lim]
				case b.i8 != nil:
					b.i8 = v.Int8s()[off:off:lim]
				case b.i16 != nil:
					b.i16 = v.Shorts()[off:off:lim]
				case b.i32 != nil:
					b.i32 = v.Ints()[off:off:lim]
				case b.i64 != nil:
					b.i64 = v.Longs()[off:off:lim]
				}
			}
		}
		r.parseChunk(bounds[k], bounds[k+1], cols, parts[k])
	})
	if perr != nil {
		return nil, fmt.Errorf("loadText: failed to load %s: %v", r.file, perr)
	}
	out := make([]*value.Vector, len(cols))
	for i, c := range cols {
		if direct != nil && (direct[i] != nil || directStr[i] != nil) && inPlace(parts, i, counts) {
			if directStr[i] != nil {
				if storage(c) == value.BLOB {
					out[i] = value.NewBlobVector(directStr[i])
				} else {
					out[i] = value.NewStringVector(directStr[i])
				}
			} else {
				out[i] = direct[i]
			}
			continue
		}
		v, err := mergeCol(c, parts, i)
		if err != nil {
			return nil, fmt.Errorf("loadText: column %s of %s: %v", c.name, r.file, err)
		}
		out[i] = v
	}
	return out, nil
}

// inPlace reports whether every chunk wrote exactly its counted rows of
// column i, so its window of the final vector is complete.
func inPlace(parts [][]colBuf, i int, counts []int) bool {
	for k, p := range parts {
		b := &p[i]
		n := max(len(b.strs), len(b.f64), len(b.f32), len(b.i8), len(b.i16), len(b.i32), len(b.i64))
		if n != counts[k] {
			return false
		}
	}
	return true
}

// fill copies the chunks' pieces of column i into dst, in order.
func fill[T any](dst []T, parts [][]colBuf, i int, get func(*colBuf) []T) {
	k := 0
	for _, p := range parts {
		k += copy(dst[k:], get(&p[i]))
	}
}

func textRows(parts [][]colBuf, i int, get func(*colBuf) int) int {
	n := 0
	for _, p := range parts {
		n += get(&p[i])
	}
	return n
}

// mergeCol joins a column's chunk builders into one vector, copying each
// chunk once into the vector's own storage.
func mergeCol(c *textCol, parts [][]colBuf, i int) (*value.Vector, error) {
	t := storage(c)
	switch t {
	case value.STRING, value.BLOB:
		s := make([]string, textRows(parts, i, func(b *colBuf) int { return len(b.strs) }))
		fill(s, parts, i, func(b *colBuf) []string { return b.strs })
		if t == value.BLOB {
			return value.NewBlobVector(s), nil
		}
		return value.NewStringVector(s), nil
	case value.SYMBOL:
		base := value.NewSymbolBase()
		codes := make([]int32, textRows(parts, i, func(b *colBuf) int { return len(b.i32) }))
		k := 0
		for _, p := range parts {
			b := &p[i]
			remap := make([]int32, len(b.symList))
			for j, s := range b.symList {
				remap[j] = base.Code(s)
			}
			for _, x := range b.i32 {
				codes[k] = remap[x]
				k++
			}
		}
		return value.NewSymbolVectorCodes(codes, base), nil
	}
	var v *value.Vector
	switch t {
	case value.BOOL, value.CHAR:
		v = value.NewVector(t, textRows(parts, i, func(b *colBuf) int { return len(b.i8) }))
		fill(v.Int8s(), parts, i, func(b *colBuf) []int8 { return b.i8 })
	case value.SHORT:
		v = value.NewVector(t, textRows(parts, i, func(b *colBuf) int { return len(b.i16) }))
		fill(v.Shorts(), parts, i, func(b *colBuf) []int16 { return b.i16 })
	case value.FLOAT:
		v = value.NewVector(t, textRows(parts, i, func(b *colBuf) int { return len(b.f32) }))
		fill(v.Floats(), parts, i, func(b *colBuf) []float32 { return b.f32 })
	case value.DOUBLE:
		v = value.NewVector(t, textRows(parts, i, func(b *colBuf) int { return len(b.f64) }))
		fill(v.Doubles(), parts, i, func(b *colBuf) []float64 { return b.f64 })
	default:
		if t.Width() == 4 {
			v = value.NewVector(t, textRows(parts, i, func(b *colBuf) int { return len(b.i32) }))
			fill(v.Ints(), parts, i, func(b *colBuf) []int32 { return b.i32 })
		} else {
			v = value.NewVector(t, textRows(parts, i, func(b *colBuf) int { return len(b.i64) }))
			fill(v.Longs(), parts, i, func(b *colBuf) []int64 { return b.i64 })
		}
	}
	return v, nil
}
