// This file defines the civil-calendar helpers and the text forms of the
// temporal types: formatting for display and parsing of temporal literals.

package value

import (
	"strconv"
	"strings"
)

// YMDToDays returns the days since 1970.01.01 of the proleptic Gregorian
// date y.m.d (Howard Hinnant's days_from_civil).
func YMDToDays(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// DaysToYMD is the inverse of YMDToDays.
func DaysToYMD(days int) (y, m, d int) {
	z := days + 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return
}

// IsLeapYear reports whether y is a Gregorian leap year.
func IsLeapYear(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// DaysInMonth returns the number of days of month m (1-12) of year y.
func DaysInMonth(y, m int) int {
	switch m {
	case 2:
		if IsLeapYear(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func floorDiv(a, b int64) (q, r int64) {
	q, r = a/b, a%b
	if r < 0 {
		q--
		r += b
	}
	return
}

func pad(b []byte, x int64, width int) []byte {
	if x < 0 {
		b = append(b, '-')
		x = -x
	}
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], x, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func appendDate(b []byte, days int64) []byte {
	y, m, d := DaysToYMD(int(days))
	b = pad(b, int64(y), 4)
	b = append(b, '.')
	b = pad(b, int64(m), 2)
	b = append(b, '.')
	return pad(b, int64(d), 2)
}

// appendClock writes HH:mm:ss of a second-of-day.
func appendClock(b []byte, sec int64) []byte {
	b = pad(b, sec/3600, 2)
	b = append(b, ':')
	b = pad(b, sec/60%60, 2)
	b = append(b, ':')
	return pad(b, sec%60, 2)
}

// AppendTemporal appends the display form of a non-null temporal value x
// of type t (x in t's unit) to b.
func AppendTemporal(b []byte, t Type, x int64) []byte {
	switch t {
	case DATE:
		return appendDate(b, x)
	case MONTH:
		y, m := floorDiv(x, 12)
		b = pad(b, y, 4)
		b = append(b, '.')
		b = pad(b, m+1, 2)
		return append(b, 'M')
	case TIME:
		if x < 0 {
			b = append(b, '-')
			x = -x
		}
		b = appendClock(b, x/1000)
		b = append(b, '.')
		return pad(b, x%1000, 3)
	case MINUTE:
		if x < 0 {
			b = append(b, '-')
			x = -x
		}
		b = pad(b, x/60, 2)
		b = append(b, ':')
		b = pad(b, x%60, 2)
		return append(b, 'm')
	case SECOND:
		if x < 0 {
			b = append(b, '-')
			x = -x
		}
		return appendClock(b, x)
	case NANOTIME:
		if x < 0 {
			b = append(b, '-')
			x = -x
		}
		b = appendClock(b, x/1e9)
		b = append(b, '.')
		return pad(b, x%1e9, 9)
	case DATETIME:
		d, s := floorDiv(x, 86400)
		b = appendDate(b, d)
		b = append(b, 'T')
		return appendClock(b, s)
	case TIMESTAMP:
		d, ms := floorDiv(x, 86400000)
		b = appendDate(b, d)
		b = append(b, 'T')
		b = appendClock(b, ms/1000)
		b = append(b, '.')
		return pad(b, ms%1000, 3)
	case NANOTIMESTAMP:
		d, ns := floorDiv(x, 86400*1e9)
		b = appendDate(b, d)
		b = append(b, 'T')
		b = appendClock(b, ns/1e9)
		b = append(b, '.')
		return pad(b, ns%1e9, 9)
	case DATEHOUR:
		d, h := floorDiv(x, 24)
		b = appendDate(b, d)
		b = append(b, 'T')
		return pad(b, h, 2)
	}
	return strconv.AppendInt(b, x, 10)
}

// FormatTemporal returns the display form of x (in t's unit); "" for the
// null sentinel of t.
func FormatTemporal(t Type, x int64) string {
	if t.Width() == 4 && x == int64(NullInt) || x == NullLong {
		return ""
	}
	var buf [40]byte
	return string(AppendTemporal(buf[:0], t, x))
}

// Units per day of the time-bearing types.
const (
	msPerDay = 86400000
	nsPerDay = 86400 * 1000000000
)

func atoiDigits(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// parseDateText parses yyyy.MM.dd (also yyyy-MM-dd and yyyy/MM/dd) into days.
func parseDateText(s string) (int64, bool) {
	if len(s) < 8 {
		return 0, false
	}
	sep := s[4]
	if sep != '.' && sep != '-' && sep != '/' {
		// yyyyMMdd
		if len(s) == 8 {
			y, ok1 := atoiDigits(s[:4])
			m, ok2 := atoiDigits(s[4:6])
			d, ok3 := atoiDigits(s[6:])
			if ok1 && ok2 && ok3 && validYMD(y, m, d) {
				return int64(YMDToDays(int(y), int(m), int(d))), true
			}
		}
		return 0, false
	}
	parts := strings.Split(s, string(sep))
	if len(parts) != 3 {
		return 0, false
	}
	y, ok1 := atoiDigits(parts[0])
	m, ok2 := atoiDigits(parts[1])
	d, ok3 := atoiDigits(parts[2])
	if !ok1 || !ok2 || !ok3 || len(parts[1]) > 2 || len(parts[2]) > 2 || !validYMD(y, m, d) {
		return 0, false
	}
	return int64(YMDToDays(int(y), int(m), int(d))), true
}

func validYMD(y, m, d int64) bool {
	return m >= 1 && m <= 12 && d >= 1 && d <= int64(DaysInMonth(int(y), int(m)))
}

// parseClock parses HH:mm[:ss[.fff]] into nanoseconds of day and reports
// the number of fraction digits (-1 without seconds, 0 without fraction).
func parseClock(s string) (ns int64, frac int, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, false
	}
	h, ok1 := atoiDigits(parts[0])
	m, ok2 := atoiDigits(parts[1])
	if !ok1 || !ok2 || len(parts[0]) > 2 || len(parts[1]) != 2 || h > 23 || m > 59 {
		return 0, 0, false
	}
	ns = (h*3600 + m*60) * 1e9
	if len(parts) == 2 {
		return ns, -1, true
	}
	sec := parts[2]
	fs := ""
	if i := strings.IndexByte(sec, '.'); i >= 0 {
		sec, fs = sec[:i], sec[i+1:]
		if len(fs) == 0 || len(fs) > 9 {
			return 0, 0, false
		}
	}
	sv, ok3 := atoiDigits(sec)
	if !ok3 || len(sec) != 2 || sv > 59 {
		return 0, 0, false
	}
	ns += sv * 1e9
	if fs != "" {
		f, okf := atoiDigits(fs)
		if !okf {
			return 0, 0, false
		}
		for i := len(fs); i < 9; i++ {
			f *= 10
		}
		ns += f
	}
	return ns, len(fs), true
}

// ParseTemporal parses the text of a temporal literal and returns its
// natural type (DATE, MONTH, TIME, MINUTE, SECOND, DATETIME, TIMESTAMP,
// NANOTIME, NANOTIMESTAMP) and value in that type's unit.
func ParseTemporal(s string) (Type, int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return VOID, 0, false
	}
	// MONTH: yyyy.MMM
	if strings.HasSuffix(s, "M") && len(s) >= 7 && s[4] == '.' {
		y, ok1 := atoiDigits(s[:4])
		m, ok2 := atoiDigits(s[5 : len(s)-1])
		if ok1 && ok2 && m >= 1 && m <= 12 {
			return MONTH, y*12 + m - 1, true
		}
		return VOID, 0, false
	}
	// MINUTE: HH:mmm
	if strings.HasSuffix(s, "m") {
		ns, frac, ok := parseClock(s[:len(s)-1])
		if ok && frac == -1 {
			return MINUTE, ns / 60e9, true
		}
		return VOID, 0, false
	}
	if strings.HasSuffix(s, "s") && strings.Count(s, ":") == 2 {
		s = s[:len(s)-1]
	}
	datePart, clock := s, ""
	if i := strings.IndexAny(s, "T "); i >= 0 {
		datePart, clock = s[:i], strings.TrimSpace(s[i+1:])
	} else if strings.IndexByte(s, ':') >= 0 {
		datePart, clock = "", s
	}
	var days int64
	hasDate := datePart != ""
	if hasDate {
		d, ok := parseDateText(datePart)
		if !ok {
			return VOID, 0, false
		}
		days = d
		if clock == "" {
			return DATE, days, true
		}
	}
	ns, frac, ok := parseClock(clock)
	if !ok {
		return VOID, 0, false
	}
	if !hasDate {
		switch {
		case frac == -1:
			return MINUTE, ns / 60e9, true
		case frac == 0:
			return SECOND, ns / 1e9, true
		case frac <= 3:
			return TIME, ns / 1e6, true
		default:
			return NANOTIME, ns, true
		}
	}
	switch {
	case frac <= 0:
		return DATETIME, days*86400 + ns/1e9, true
	case frac <= 3:
		return TIMESTAMP, days*msPerDay + ns/1e6, true
	default:
		return NANOTIMESTAMP, days*nsPerDay + ns, true
	}
}

// temporalScalar builds the scalar of temporal type t holding x.
func temporalScalar(t Type, x int64) Value {
	switch t {
	case DATE:
		return Date(x)
	case MONTH:
		return Month(x)
	case TIME:
		return Time(x)
	case MINUTE:
		return Minute(x)
	case SECOND:
		return Second(x)
	case DATETIME:
		return DateTime(x)
	case TIMESTAMP:
		return Timestamp(x)
	case NANOTIME:
		return NanoTime(x)
	case NANOTIMESTAMP:
		return NanoTimestamp(x)
	case DATEHOUR:
		return DateHour(x)
	}
	return Void{}
}
