// This file defines the console display of vectors, tuples and array
// vectors (language.md §10.2).

package value

import "strconv"

// Display limits of the console (api-cplusplus Util.h).
const (
	DisplayRows  = 30
	DisplayCols  = 10
	DisplayWidth = 120
)

func appendInts[T intElem](b []byte, s []T, null T) []byte {
	for i, x := range s {
		if i > 0 {
			b = append(b, ',')
		}
		if x != null {
			b = strconv.AppendInt(b, int64(x), 10)
		}
	}
	return b
}

func appendFloats[T floatElem](b []byte, s []T, null T, bits int) []byte {
	for i, x := range s {
		if i > 0 {
			b = append(b, ',')
		}
		if x != null {
			b = AppendFloat(b, float64(x), bits)
		}
	}
	return b
}

func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendElems appends the script forms of elements [0, n) joined by ','.
func (v *Vector) appendElems(b []byte, n int) []byte {
	switch v.typ {
	case SHORT:
		return appendInts(b, v.Shorts()[:n], NullShort)
	case INT:
		return appendInts(b, v.Ints()[:n], NullInt)
	case LONG:
		return appendInts(b, v.Longs()[:n], NullLong)
	case FLOAT:
		return appendFloats(b, v.Floats()[:n], NullFloat, 32)
	case DOUBLE:
		return appendFloats(b, v.Doubles()[:n], NullDouble, 64)
	case STRING, BLOB:
		for i, s := range v.strs[:n] {
			if i > 0 {
				b = append(b, ',')
			}
			if s != "" {
				b = appendQuoted(b, s)
			}
		}
		return b
	case SYMBOL:
		for i, c := range v.Ints()[:n] {
			if i > 0 {
				b = append(b, ',')
			}
			if s := v.syms.Syms[c]; s != "" {
				b = appendQuoted(b, s)
			}
		}
		return b
	case DATE, MONTH, TIME, MINUTE, SECOND, DATETIME, DATEHOUR:
		for i, x := range v.Ints()[:n] {
			if i > 0 {
				b = append(b, ',')
			}
			if x != NullInt {
				b = AppendTemporal(b, v.typ, int64(x))
			}
		}
		return b
	case TIMESTAMP, NANOTIME, NANOTIMESTAMP:
		for i, x := range v.Longs()[:n] {
			if i > 0 {
				b = append(b, ',')
			}
			if x != NullLong {
				b = AppendTemporal(b, v.typ, x)
			}
		}
		return b
	}
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		if v.typ.IsArray() {
			b = append(b, v.Get(i).String()...)
		} else if !v.IsNullAt(i) {
			b = append(b, elemDisplay(v.Get(i))...)
		}
	}
	return b
}

// elemDisplay is how a tuple shows an element: scalars in script form,
// vectors and tuples by their display, other forms by their display.
func elemDisplay(e Value) string {
	if e == nil {
		return ""
	}
	switch e.Form() {
	case SCALAR:
		return ScriptString(e)
	case MATRIX, TABLE:
		// Their display is a block of lines, each ending in a newline
		// (the console trims only the last one of a top-level result).
		return e.String() + "\n"
	}
	return e.String()
}

// String is the console display: [1,2,,3], ("a",[1,2]), [[1,2],[3]]. Null
// elements print empty, except that a vector of one null shows its null
// literal ([00i]), as DolphinDB's Vector::getString does.
func (v *Vector) String() string {
	n := v.n
	if n == 1 && v.IsNullAt(0) && !v.typ.IsArray() {
		if v.typ == ANY {
			return "(" + scriptWithNull(v.elems[0]) + ")"
		}
		return "[" + NullLiteral(v.typ) + "]"
	}
	more := n > DisplayRows
	if more {
		n = DisplayRows
	}
	open, close := byte('['), byte(']')
	if v.typ == ANY {
		open, close = '(', ')'
	}
	b := make([]byte, 0, 8+n*4)
	b = append(b, open)
	b = v.appendElems(b, n)
	if more {
		b = append(b, "..."...)
	}
	b = append(b, close)
	return string(b)
}
