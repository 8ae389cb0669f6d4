// This file declares temporalFormat, temporalParse, format and
// decimalFormat: DolphinDB's Java-style patterns (yyyy MM MMM dd HH hh mm
// ss SSS nnnnnn nnnnnnnnn a; 0 # , . % E for numbers).

package builtins

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

var monthAbbr = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}

// fmtToken splits a pattern into runs of the same letter and literals.
func fmtTokens(p string) []string {
	var out []string
	for i := 0; i < len(p); {
		c := p[i]
		j := i + 1
		if isPatLetter(c) {
			for j < len(p) && p[j] == c {
				j++
			}
		}
		out = append(out, p[i:j])
		i = j
	}
	return out
}

func isPatLetter(c byte) bool { return strings.IndexByte("yMdHhmsSnaA", c) >= 0 }

func formatTemporalPat(t value.Type, x int64, toks []string) string {
	d, n, _ := splitT(t, x)
	y, mo, dd := ymd(d)
	h, mi, s := n/(3600*nsPerSec), n/(60*nsPerSec)%60, n/nsPerSec%60
	var b strings.Builder
	pad := func(v int64, w int) { fmt.Fprintf(&b, "%0*d", w, v) }
	for _, tk := range toks {
		switch tk[0] {
		case 'y':
			if len(tk) == 2 {
				pad(int64(y%100), 2)
			} else {
				pad(int64(y), len(tk))
			}
		case 'M':
			if len(tk) >= 3 {
				b.WriteString(monthAbbr[mo-1])
			} else {
				pad(int64(mo), len(tk))
			}
		case 'd':
			pad(int64(dd), len(tk))
		case 'H':
			pad(h, len(tk))
		case 'h':
			hh := h % 12
			if hh == 0 {
				hh = 12
			}
			pad(hh, len(tk))
		case 'm':
			pad(mi, len(tk))
		case 's':
			pad(s, len(tk))
		case 'S':
			ms := n / 1000000 % 1000
			pad(ms/int64(math.Pow10(max(0, 3-len(tk)))), len(tk))
		case 'n':
			ns := n % nsPerSec
			pad(ns/int64(math.Pow10(max(0, 9-len(tk)))), len(tk))
		case 'a', 'A':
			if h < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		default:
			b.WriteString(tk)
		}
	}
	return b.String()
}

func temporalFormat(x value.Value, pat string) (value.Value, error) {
	if r, ok, err := mapForms1(x, func(v value.Value) (value.Value, error) { return temporalFormat(v, pat) }); ok {
		return r, err
	}
	t := x.Type()
	if !t.IsTemporal() {
		return nil, fmt.Errorf("The function [temporalFormat] expects a temporal argument, but the actual type is %s", t)
	}
	toks := fmtTokens(pat)
	xs := i64s(x)
	out := make([]string, len(xs))
	for i, v := range xs {
		if v != value.NullLong {
			out[i] = formatTemporalPat(t, v, toks)
		}
	}
	if x.Form() == value.SCALAR {
		return value.String(out[0]), nil
	}
	return value.NewStringVector(out), nil
}

// parseType infers the result type of temporalParse from the pattern.
func parseType(toks []string) value.Type {
	has := map[byte]int{}
	for _, t := range toks {
		if isPatLetter(t[0]) {
			has[t[0]] = len(t)
		}
	}
	date := has['y'] > 0 || has['d'] > 0
	clock := has['H'] > 0 || has['h'] > 0 || has['m'] > 0
	switch {
	case date && has['n'] > 0:
		return value.NANOTIMESTAMP
	case date && has['S'] > 0:
		return value.TIMESTAMP
	case date && clock:
		return value.DATETIME
	case date:
		return value.DATE
	case has['y'] > 0 || has['M'] > 0 && !clock:
		return value.MONTH
	case has['n'] > 0:
		return value.NANOTIME
	case has['S'] > 0:
		return value.TIME
	case has['s'] > 0:
		return value.SECOND
	}
	return value.MINUTE
}

func parseTemporalPat(s string, toks []string, rt value.Type) (int64, bool) {
	y, mo, d := 1970, 1, 1
	var h, mi, sec, ns int64
	pm := -1
	pos := 0
	num := func(w int, flexible bool) (int64, bool) {
		end := pos + w
		if flexible {
			end = pos
			for end < len(s) && s[end] >= '0' && s[end] <= '9' && end-pos < max(w, 2) {
				end++
			}
		}
		if end > len(s) || end == pos {
			return 0, false
		}
		v, err := strconv.ParseInt(s[pos:end], 10, 64)
		if err != nil {
			return 0, false
		}
		pos = end
		return v, true
	}
	for _, tk := range toks {
		var v int64
		ok := true
		switch tk[0] {
		case 'y':
			v, ok = num(len(tk), false)
			if len(tk) == 2 {
				v += 2000
			}
			y = int(v)
		case 'M':
			if len(tk) >= 3 {
				if pos+3 > len(s) {
					return 0, false
				}
				idx := -1
				for i, m := range monthAbbr {
					if strings.EqualFold(m, s[pos:pos+3]) {
						idx = i
					}
				}
				if idx < 0 {
					return 0, false
				}
				mo, pos = idx+1, pos+3
				continue
			}
			v, ok = num(len(tk), len(tk) == 1)
			mo = int(v)
		case 'd':
			v, ok = num(len(tk), len(tk) == 1)
			d = int(v)
		case 'H', 'h':
			h, ok = num(len(tk), len(tk) == 1)
		case 'm':
			mi, ok = num(len(tk), len(tk) == 1)
		case 's':
			sec, ok = num(len(tk), len(tk) == 1)
		case 'S':
			v, ok = num(len(tk), false)
			ns = v * int64(math.Pow10(9-len(tk)))
		case 'n':
			v, ok = num(len(tk), false)
			ns = v * int64(math.Pow10(9-len(tk)))
		case 'a', 'A':
			if pos+2 > len(s) {
				return 0, false
			}
			pm = b2int(strings.EqualFold(s[pos:pos+2], "PM"))
			pos += 2
		default:
			if !strings.HasPrefix(s[pos:], tk) {
				return 0, false
			}
			pos += len(tk)
		}
		if !ok {
			return 0, false
		}
	}
	if pos != len(s) || mo < 1 || mo > 12 || d < 1 || d > value.DaysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59 {
		return 0, false
	}
	if pm == 1 && h < 12 {
		h += 12
	} else if pm == 0 && h == 12 {
		h = 0
	}
	nod := ((h*60+mi)*60+sec)*nsPerSec + ns
	return joinT(rt, int64(value.YMDToDays(y, mo, d)), nod), true
}

func b2int(b bool) int {
	if b {
		return 1
	}
	return 0
}

func temporalParseImpl(_ value.Env, a []value.Value) (value.Value, error) {
	toks := fmtTokens(a[1].String())
	rt := parseType(toks)
	ss, scalar, err := litStrings("temporalParse", a[0])
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(ss))
	for i, s := range ss {
		v, ok := parseTemporalPat(strings.TrimSpace(s), toks, rt)
		if !ok {
			v = value.NullLong
		}
		out[i] = v
	}
	if scalar {
		return castTemporal(value.Long(out[0]), rt)
	}
	return castTemporal(value.NewLongVector(out), rt)
}

// formatNumber applies a Java DecimalFormat-like pattern.
func formatNumber(f float64, pat string) string {
	pct := strings.HasSuffix(pat, "%")
	if pct {
		f *= 100
		pat = strings.TrimSuffix(pat, "%")
	}
	if i := strings.IndexAny(pat, "Ee"); i >= 0 {
		dec := 0
		if j := strings.IndexByte(pat[:i], '.'); j >= 0 {
			dec = i - j - 1
		}
		s := strconv.FormatFloat(f, 'E', dec, 64)
		m, e, _ := strings.Cut(s, "E")
		ev, _ := strconv.Atoi(e)
		return m + "E" + strconv.Itoa(ev)
	}
	intPat, frac, _ := strings.Cut(pat, ".")
	minFrac, maxFrac := strings.Count(frac, "0"), len(frac)
	s := strconv.FormatFloat(roundHalfAway(f*math.Pow10(maxFrac))/math.Pow10(maxFrac), 'f', maxFrac, 64)
	ip, fp, _ := strings.Cut(s, ".")
	for len(fp) > minFrac && strings.HasSuffix(fp, "0") {
		fp = fp[:len(fp)-1]
	}
	neg := strings.HasPrefix(ip, "-")
	ip = strings.TrimPrefix(ip, "-")
	minInt := strings.Count(intPat, "0")
	for len(ip) < minInt {
		ip = "0" + ip
	}
	if minInt == 0 && ip == "0" && fp != "" {
		ip = ""
	}
	if strings.Contains(intPat, ",") {
		g := len(intPat) - strings.LastIndexByte(intPat, ',') - 1
		var b strings.Builder
		for i, c := range ip {
			if i > 0 && (len(ip)-i)%g == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		ip = b.String()
	}
	out := ip
	if fp != "" {
		out += "." + fp
	}
	if neg {
		out = "-" + out
	}
	if pct {
		out += "%"
	}
	return out
}

func formatImpl(_ value.Env, a []value.Value) (value.Value, error) {
	x, pat := a[0], a[1].String()
	if x.Type().IsTemporal() {
		return temporalFormat(x, pat)
	}
	if r, ok, err := mapForms1(x, func(v value.Value) (value.Value, error) { return formatImpl(nil, []value.Value{v, a[1]}) }); ok {
		return r, err
	}
	xs, err := f64s("format", x)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(xs))
	for i, f := range xs {
		if f != nullF {
			out[i] = formatNumber(f, pat)
		}
	}
	if x.Form() == value.SCALAR {
		return value.String(out[0]), nil
	}
	return value.NewStringVector(out), nil
}

var tformatFuncs = []*Func{
	{Name: "temporalFormat", Params: []string{"X", "format"}, Kind: Operator, Doc: "Formats temporal values with a pattern such as yyyy-MM-dd HH:mm:ss.SSS.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return temporalFormat(a[0], a[1].String()) }},
	{Name: "temporalParse", Params: []string{"X", "format"}, Kind: Operator, Doc: "Parses strings with a pattern; unparsable gives null.", Impl: temporalParseImpl},
	{Name: "format", Params: []string{"X", "format"}, Kind: Operator, Doc: "Formats numbers (0.00, #,###, 0.0%, 0.00E0) or temporal values.", Impl: formatImpl},
	{Name: "decimalFormat", Params: []string{"X", "format"}, Kind: Operator, Doc: "Formats numbers with a decimal pattern.", Impl: formatImpl},
}

func registerTFormat(r *Registry) { r.Register(tformatFuncs...) }
