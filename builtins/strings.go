// This file declares the string family. Each function is an operation on
// one Go string lifted element-wise by mapStr (STRING/SYMBOL result),
// mapStrTo (INT, BOOL, CHAR ... result) over scalars, vectors and the
// other forms; extra arguments are scalars decoded once per call.

package builtins

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/porpoisedb/porpoise/vm/value"
)

// litStrings returns a literal operand's strings and whether it was a scalar.
func litStrings(name string, x value.Value) ([]string, bool, error) {
	if !isLiteral(x.Type()) && x.Type() != value.VOID {
		return nil, false, fmt.Errorf("The function [%s] expects a STRING or SYMBOL argument, but the actual type is %s", name, x.Type())
	}
	o := newOperand(x)
	if x.Type() == value.VOID {
		if o.scalar {
			return []string{""}, true, nil
		}
		return make([]string, o.len()), false, nil
	}
	return o.strs(), o.scalar, nil
}

// mapStr applies f to each string, keeping STRING/SYMBOL.
func mapStr(name string, x value.Value, f func(string) string) (value.Value, error) {
	if r, ok, err := mapForms1(x, func(v value.Value) (value.Value, error) { return mapStr(name, v, f) }); ok {
		return r, err
	}
	ss, scalar, err := litStrings(name, x)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		if s != "" {
			out[i] = f(s)
		}
	}
	t := x.Type()
	if scalar {
		return boxString(t, out[0]), nil
	}
	if t == value.SYMBOL {
		return value.NewSymbolVector(out), nil
	}
	return value.NewStringVector(out), nil
}

// mapStrTo applies f to each string giving an integer of type rt; a null
// string gives null unless keepNull is false.
func mapStrTo(name string, x value.Value, rt value.Type, nullIn bool, f func(string) int64) (value.Value, error) {
	if r, ok, err := mapForms1(x, func(v value.Value) (value.Value, error) { return mapStrTo(name, v, rt, nullIn, f) }); ok {
		return r, err
	}
	ss, scalar, err := litStrings(name, x)
	if err != nil {
		return nil, err
	}
	res := newResult[int64](value.LONG, 0, len(ss), scalar)
	for i, s := range ss {
		if s == "" && !nullIn {
			res.out[i] = value.NullLong
		} else {
			res.out[i] = f(s)
		}
	}
	return value.Cast(res.value(), rt)
}

func strFn(name string, params []string, doc string, f func(a []value.Value) (func(string) string, error)) *Func {
	return &Func{Name: name, Params: params, Kind: Operator, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		g, err := f(a)
		if err != nil {
			return nil, err
		}
		return mapStr(name, a[0], g)
	}}
}

func strPred(name, doc string, p func(string) bool) *Func {
	return &Func{Name: name, Params: []string{"X"}, Kind: Operator, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return mapStrTo(name, a[0], value.BOOL, true, func(s string) int64 { return int64(b2i(s != "" && p(s))) })
	}}
}

func allRunes(p func(rune) bool) func(string) bool {
	return func(s string) bool {
		for _, r := range s {
			if !p(r) {
				return false
			}
		}
		return true
	}
}

func constStr(f func(string) string) func([]value.Value) (func(string) string, error) {
	return func([]value.Value) (func(string) string, error) { return f, nil }
}

func padFn(left bool) func(a []value.Value) (func(string) string, error) {
	return func(a []value.Value) (func(string) string, error) {
		n, err := intArg("lpad(str, length, [pattern])", a, 1, 0)
		if err != nil {
			return nil, err
		}
		pat := strArg(a, 2, " ")
		if pat == "" {
			pat = " "
		}
		return func(s string) string {
			r := []rune(s)
			if len(r) >= int(n) {
				if left {
					return string(r[:n])
				}
				return string(r[:n])
			}
			pr := []rune(pat)
			fill := make([]rune, int(n)-len(r))
			for i := range fill {
				fill[i] = pr[i%len(pr)]
			}
			if left {
				return string(fill) + s
			}
			return s + string(fill)
		}, nil
	}
}

var stringFuncs = []*Func{
	strFn("upper", []string{"X"}, "Upper case.", constStr(strings.ToUpper)),
	strFn("lower", []string{"X"}, "Lower case.", constStr(strings.ToLower)),
	strFn("trim", []string{"X"}, "Removes leading and trailing spaces.", constStr(func(s string) string { return strings.Trim(s, " ") })),
	strFn("ltrim", []string{"X"}, "Removes leading spaces.", constStr(func(s string) string { return strings.TrimLeft(s, " ") })),
	strFn("rtrim", []string{"X"}, "Removes trailing spaces.", constStr(func(s string) string { return strings.TrimRight(s, " ") })),
	strFn("strip", []string{"X"}, "Removes leading and trailing whitespace (space, tab, newline).", constStr(strings.TrimSpace)),
	strFn("initcap", []string{"X"}, "First letter of each word upper case, the rest lower.", constStr(initcap)),
	strFn("lpad", []string{"str", "length", "[pattern]"}, "Left-pads to length with pattern (default space); longer strings are truncated.", padFn(true)),
	strFn("rpad", []string{"str", "length", "[pattern]"}, "Right-pads to length with pattern.", padFn(false)),
	strFn("left", []string{"X", "n"}, "The first n characters.", func(a []value.Value) (func(string) string, error) {
		n, err := intArg("left(X, n)", a, 1, 0)
		return func(s string) string { return s[:min(max(int(n), 0), len(s))] }, err
	}),
	strFn("right", []string{"X", "n"}, "The last n characters.", func(a []value.Value) (func(string) string, error) {
		n, err := intArg("right(X, n)", a, 1, 0)
		return func(s string) string { return s[len(s)-min(max(int(n), 0), len(s)):] }, err
	}),
	strFn("substr", []string{"str", "offset", "[length]"}, "Substring from 0-based offset.", func(a []value.Value) (func(string) string, error) {
		off, err := intArg("substr(str, offset, [length])", a, 1, 0)
		if err != nil {
			return nil, err
		}
		n, err := intArg("substr(str, offset, [length])", a, 2, -1)
		return func(s string) string { return substr(s, int(off), int(n)) }, err
	}),
	strFn("substru", []string{"str", "offset", "[length]"}, "Unicode substring from 0-based offset.", func(a []value.Value) (func(string) string, error) {
		off, err := intArg("substru(str, offset, [length])", a, 1, 0)
		if err != nil {
			return nil, err
		}
		n, err := intArg("substru(str, offset, [length])", a, 2, -1)
		return func(s string) string { return string(runeSub([]rune(s), int(off), int(n))) }, err
	}),
	strFn("repeat", []string{"X", "n"}, "X repeated n times.", func(a []value.Value) (func(string) string, error) {
		n, err := intArg("repeat(X, n)", a, 1, 1)
		return func(s string) string { return strings.Repeat(s, max(int(n), 0)) }, err
	}),
	strFn("strReplace", []string{"str", "pattern", "replacement"}, "Replaces every occurrence of pattern.", func(a []value.Value) (func(string) string, error) {
		p, r := a[1].String(), a[2].String()
		return func(s string) string { return strings.ReplaceAll(s, p, r) }, nil
	}),
	strFn("regexReplace", []string{"str", "pattern", "replacement", "[offset]"}, "Replaces regex matches.", func(a []value.Value) (func(string) string, error) {
		re, err := compileRE(a[1].String())
		if err != nil {
			return nil, err
		}
		off, err := intArg("regexReplace(str, pattern, replacement, [offset])", a, 3, 0)
		repl := convertRepl(a[2].String())
		return func(s string) string {
			o := min(int(off), len(s))
			return s[:o] + re.ReplaceAllString(s[o:], repl)
		}, err
	}),
	strFn("toUTF8", []string{"str", "encode"}, "Converts to UTF-8 (input assumed UTF-8).", constStr(func(s string) string { return s })),
	strFn("fromUTF8", []string{"str", "encode"}, "Converts from UTF-8 (identity).", constStr(func(s string) string { return s })),
	strFn("convertEncode", []string{"str", "srcEncode", "destEncode"}, "Converts encodings (identity for UTF-8).", constStr(func(s string) string { return s })),
	strFn("base64Encode", []string{"X"}, "Base64 encoding.", constStr(func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) })),
	strFn("base64Decode", []string{"X"}, "Base64 decoding.", constStr(func(s string) string {
		b, _ := base64.StdEncoding.DecodeString(s)
		return string(b)
	})),
	strFn("md5", []string{"X"}, "MD5 digest as hex.", constStr(func(s string) string { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) })),
	{Name: "strlen", Params: []string{"X"}, Kind: Operator, Doc: "Length in bytes.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return mapStrTo("strlen", a[0], value.INT, true, func(s string) int64 { return int64(len(s)) })
	}},
	{Name: "strlenu", Params: []string{"X"}, Kind: Operator, Doc: "Length in characters.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return mapStrTo("strlenu", a[0], value.INT, true, func(s string) int64 { return int64(utf8.RuneCountInString(s)) })
	}},
	{Name: "strpos", Params: []string{"X", "str"}, Kind: Operator, Doc: "0-based position of str in X, -1 if absent.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		sub := a[1].String()
		return mapStrTo("strpos", a[0], value.INT, true, func(s string) int64 { return int64(strings.Index(s, sub)) })
	}},
	{Name: "startsWith", Params: []string{"X", "str"}, Kind: Operator, Doc: "Whether X starts with str.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		p := a[1].String()
		return mapStrTo("startsWith", a[0], value.BOOL, true, func(s string) int64 { return int64(b2i(strings.HasPrefix(s, p))) })
	}},
	{Name: "endsWith", Params: []string{"X", "str"}, Kind: Operator, Doc: "Whether X ends with str.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		p := a[1].String()
		return mapStrTo("endsWith", a[0], value.BOOL, true, func(s string) int64 { return int64(b2i(strings.HasSuffix(s, p))) })
	}},
	{Name: "like", Params: []string{"X", "pattern"}, Kind: Operator, Doc: "SQL LIKE with % and _ wildcards, case-sensitive.", Impl: likeImpl(false)},
	{Name: "ilike", Params: []string{"X", "pattern"}, Kind: Operator, Doc: "Case-insensitive like.", Impl: likeImpl(true)},
	{Name: "regexFind", Params: []string{"str", "pattern", "[offset]"}, Kind: Operator, Doc: "Position of the first regex match, -1 if none.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		re, err := compileRE(a[1].String())
		if err != nil {
			return nil, err
		}
		off, err := intArg("regexFind(str, pattern, [offset])", a, 2, 0)
		if err != nil {
			return nil, err
		}
		return mapStrTo("regexFind", a[0], value.INT, true, func(s string) int64 {
			o := min(int(off), len(s))
			if m := re.FindStringIndex(s[o:]); m != nil {
				return int64(m[0] + o)
			}
			return -1
		})
	}},
	{Name: "regexCount", Params: []string{"str", "pattern", "[offset]"}, Kind: Operator, Doc: "Number of regex matches.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		re, err := compileRE(a[1].String())
		if err != nil {
			return nil, err
		}
		off, err := intArg("regexCount(str, pattern, [offset])", a, 2, 0)
		if err != nil {
			return nil, err
		}
		return mapStrTo("regexCount", a[0], value.INT, true, func(s string) int64 {
			return int64(len(re.FindAllStringIndex(s[min(int(off), len(s)):], -1)))
		})
	}},
	{Name: "regexFindStr", Params: []string{"str", "pattern", "[onlyFirst]", "[offset]"}, Kind: Operator, Doc: "The matched substring(s).", Impl: regexFindStr},
	{Name: "charAt", Params: []string{"X", "index"}, Kind: Operator, Doc: "The character at index as CHAR.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		i, err := intArg("charAt(X, index)", a, 1, 0)
		if err != nil {
			return nil, err
		}
		return mapStrTo("charAt", a[0], value.CHAR, false, func(s string) int64 {
			if int(i) < 0 || int(i) >= len(s) {
				return value.NullLong
			}
			return int64(s[i])
		})
	}},
	{Name: "crc32", Params: []string{"str", "[cksum]"}, Kind: Operator, Doc: "CRC32 checksum as INT.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return mapStrTo("crc32", a[0], value.INT, true, func(s string) int64 { return int64(int32(crc32.ChecksumIEEE([]byte(s)))) })
	}},
	{Name: "parseInteger", Params: []string{"X", "type", "[radix]"}, Kind: Operator, Doc: "Parses integers of a radix (2-36) into type.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		t, _, _, err := typeArg(a[1])
		if err != nil {
			return nil, err
		}
		radix, err := intArg("parseInteger(X, type, [radix=10])", a, 2, 10)
		if err != nil {
			return nil, err
		}
		return mapStrTo("parseInteger", a[0], t, false, func(s string) int64 {
			x, err := strconv.ParseInt(strings.TrimSpace(s), int(radix), 64)
			if err != nil {
				return value.NullLong
			}
			return x
		})
	}},
	{Name: "parseInt", Params: []string{"X", "[radix]"}, Kind: Operator, Doc: "Parses integers of a radix into INT.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		radix, err := intArg("parseInt(X, [radix=10])", a, 1, 10)
		if err != nil {
			return nil, err
		}
		return mapStrTo("parseInt", a[0], value.INT, false, func(s string) int64 {
			x, err := strconv.ParseInt(strings.TrimSpace(s), int(radix), 64)
			if err != nil {
				return value.NullLong
			}
			return x
		})
	}},
	{Name: "hex", Params: []string{"X", "[reverse]"}, Kind: Operator, Doc: "Hexadecimal text of integers or strings.", Impl: fn1(hexOf)},
	{Name: "split", Params: []string{"str", "[delimiter]"}, Kind: Operator, Doc: "Splits into a vector (a tuple for a vector input).", Impl: splitImpl},
	{Name: "concat", Params: []string{"X", "[separator]"}, Kind: Operator, Doc: "Concatenates two strings; a vector X is joined into one string with Y between its elements.", Impl: concatImpl},
	{Name: "wc", Params: []string{"X"}, Kind: Operator, Doc: "Number of words.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return mapStrTo("wc", a[0], value.INT, true, func(s string) int64 { return int64(len(strings.Fields(s))) })
	}},
	{Name: "toCharArray", Params: []string{"X"}, Kind: Operator, Doc: "The bytes of a string as a CHAR vector.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		s := a[0].String()
		out := make([]int8, len(s))
		for i := range out {
			out[i] = int8(s[i])
		}
		return value.NewCharVector(out), nil
	}},
	{Name: "stringFormat", Params: []string{"format", "[args...]"}, Kind: System, Doc: "printf-style formatting with %s %d %f %%.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		args := make([]any, len(a)-1)
		for i, x := range a[1:] {
			switch {
			case x.Type() == value.DOUBLE || x.Type() == value.FLOAT:
				f, _ := value.ToFloat64(x)
				args[i] = f
			case isIntegral(x.Type()):
				n, _ := value.ToInt64(x)
				args[i] = n
			default:
				args[i] = x.String()
			}
		}
		return value.String(fmt.Sprintf(a[0].String(), args...)), nil
	}},
	strPred("isAlpha", "All characters are letters.", allRunes(unicode.IsLetter)),
	strPred("isDigit", "All characters are digits.", allRunes(unicode.IsDigit)),
	strPred("isSpace", "All characters are whitespace.", allRunes(unicode.IsSpace)),
	strPred("isAlNum", "All characters are letters or digits.", allRunes(func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })),
	strPred("isUpper", "All cased characters are upper case.", func(s string) bool { return strings.ToUpper(s) == s && strings.ToLower(s) != s }),
	strPred("isLower", "All cased characters are lower case.", func(s string) bool { return strings.ToLower(s) == s && strings.ToUpper(s) != s }),
	strPred("isTitle", "Each word starts upper case, the rest lower.", func(s string) bool { return initcap(s) == s && strings.ToLower(s) != s }),
	strPred("isNumeric", "All characters are numeric.", allRunes(unicode.IsNumber)),
}

func registerStrings(r *Registry) {
	r.Register(stringFuncs...)
	r.Alias("strFind", "strpos")
}

func initcap(s string) string {
	r := []rune(strings.ToLower(s))
	start := true
	for i, c := range r {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if start {
				r[i] = unicode.ToUpper(c)
			}
			start = false
		} else {
			start = true
		}
	}
	return string(r)
}

func substr(s string, off, n int) string {
	if off < 0 {
		off = 0
	}
	if off >= len(s) {
		return ""
	}
	if n < 0 || off+n > len(s) {
		return s[off:]
	}
	return s[off : off+n]
}

func runeSub(r []rune, off, n int) []rune {
	if off < 0 {
		off = 0
	}
	if off >= len(r) {
		return nil
	}
	if n < 0 || off+n > len(r) {
		return r[off:]
	}
	return r[off : off+n]
}

func compileRE(p string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, fmt.Errorf("Invalid regular expression %q: %v", p, err)
	}
	return re, nil
}

// convertRepl turns $1-style (and \1) group references into Go's ${1}.
func convertRepl(r string) string {
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		if (r[i] == '$' || r[i] == '\\') && i+1 < len(r) && r[i+1] >= '0' && r[i+1] <= '9' {
			b.WriteString("${")
			b.WriteByte(r[i+1])
			b.WriteString("}")
			i++
			continue
		}
		b.WriteByte(r[i])
	}
	return b.String()
}

func likeImpl(fold bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		p := a[1].String()
		var sb strings.Builder
		if fold {
			sb.WriteString("(?is)^")
		} else {
			sb.WriteString("(?s)^")
		}
		for _, r := range p {
			switch r {
			case '%':
				sb.WriteString(".*")
			case '_':
				sb.WriteString(".")
			default:
				sb.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		sb.WriteString("$")
		re := regexp.MustCompile(sb.String())
		return mapStrTo("like", a[0], value.BOOL, true, func(s string) int64 { return int64(b2i(re.MatchString(s))) })
	}
}

func regexFindStr(_ value.Env, a []value.Value) (value.Value, error) {
	re, err := compileRE(a[1].String())
	if err != nil {
		return nil, err
	}
	onlyFirst := len(a) < 3 || argBool(a[2], true)
	off, err := intArg("regexFindStr(str, pattern, [onlyFirst], [offset])", a, 3, 0)
	if err != nil {
		return nil, err
	}
	ss, scalar, err := litStrings("regexFindStr", a[0])
	if err != nil {
		return nil, err
	}
	find := func(s string) []string {
		s = s[min(int(off), len(s)):]
		if onlyFirst {
			return []string{re.FindString(s)}
		}
		m := re.FindAllString(s, -1)
		if m == nil {
			m = []string{}
		}
		return m
	}
	if scalar {
		r := find(ss[0])
		if onlyFirst {
			return value.String(r[0]), nil
		}
		return value.NewStringVector(r), nil
	}
	if onlyFirst {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = find(s)[0]
		}
		return value.NewStringVector(out), nil
	}
	out := make([]value.Value, len(ss))
	for i, s := range ss {
		out[i] = value.NewStringVector(find(s))
	}
	return value.NewTuple(out), nil
}

func hexOf(x value.Value) (value.Value, error) {
	if r, ok, err := mapForms1(x, hexOf); ok {
		return r, err
	}
	if isLiteral(x.Type()) {
		return mapStr("hex", x, func(s string) string { return hex.EncodeToString([]byte(s)) })
	}
	if !isIntegral(x.Type()) {
		return nil, fmt.Errorf("The function [hex] expects integral or literal arguments, but the actual type is %s", x.Type())
	}
	width := x.Type().Width() * 2
	o := newOperand(x)
	is := as[int64](&o, false)
	out := make([]string, len(is))
	for i, v := range is {
		if v == value.NullLong {
			continue
		}
		u := uint64(v)
		if width < 16 {
			u &= 1<<(uint(width)*4) - 1
		}
		out[i] = fmt.Sprintf("%0*x", width, u)
	}
	if o.scalar {
		return value.String(out[0]), nil
	}
	return value.NewStringVector(out), nil
}

func splitImpl(_ value.Env, a []value.Value) (value.Value, error) {
	delim := ""
	hasDelim := len(a) > 1 && a[1] != nil
	if hasDelim {
		delim = a[1].String()
	}
	sp := func(s string) []string {
		if !hasDelim {
			return strings.Fields(s)
		}
		if delim == "" {
			out := make([]string, 0, len(s))
			for _, r := range s {
				out = append(out, string(r))
			}
			return out
		}
		return strings.Split(s, delim)
	}
	ss, scalar, err := litStrings("split", a[0])
	if err != nil {
		return nil, err
	}
	mk := func(s string) value.Value {
		if !hasDelim {
			cs := make([]int8, len(s))
			for i := range cs {
				cs[i] = int8(s[i])
			}
			return value.NewCharVector(cs)
		}
		return value.NewStringVector(sp(s))
	}
	if scalar {
		return mk(ss[0]), nil
	}
	out := make([]value.Value, len(ss))
	for i, s := range ss {
		out[i] = mk(s)
	}
	return value.NewTuple(out), nil
}

func concatImpl(_ value.Env, a []value.Value) (value.Value, error) {
	x := a[0]
	// A vector X is joined into one string, Y (a scalar) between its
	// elements, as the manual says: concat(`IBM`GOOG, ",") is "IBM,GOOG".
	if x.Form() == value.VECTOR && (len(a) < 2 || a[1] == nil || a[1].Form() == value.SCALAR) {
		sep := ""
		if len(a) > 1 && a[1] != nil && !value.IsNull(a[1]) {
			sep = a[1].String()
		}
		ss, _, err := litStrings("concat", x)
		if err != nil {
			if v, ok := x.(*value.Vector); ok {
				ss = make([]string, v.Len())
				for i := range ss {
					ss[i] = v.Get(i).String()
				}
			}
		}
		return value.String(strings.Join(ss, sep)), nil
	}
	if len(a) < 2 || a[1] == nil {
		return value.String(x.String()), nil
	}
	l, r := newOperand(x), newOperand(a[1])
	n, err := bcastLen(&l, &r)
	if err != nil {
		return nil, err
	}
	return concatStrings(&l, &r, n)
}
