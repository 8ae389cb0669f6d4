// This file defines TypeStr, the text typestr(x) returns.

package value

// fastType reports whether vectors of t are "FAST" (contiguous fixed-width
// storage): numeric, temporal, SYMBOL, binary and DECIMAL types.
func fastType(t Type) bool {
	switch t {
	case STRING, BLOB, ANY, VOID:
		return false
	}
	return t.Width() > 0 || t.IsArray()
}

// typeName is t's name with a DECIMAL scale where known.
func typeName(t Type, scale int32, hasScale bool) string {
	if t.IsDecimal() && hasScale {
		return decimalTypeName(t, scale)
	}
	return t.String()
}

// TypeStr returns typestr(v): "INT", "FAST INT VECTOR", "STRING VECTOR",
// "DECIMAL32" and "FAST DECIMAL32 VECTOR" (typestr shows no scale),
// "ANY VECTOR", "FAST DOUBLE MATRIX", "INT PAIR", "INT SET",
// "INT->DOUBLE DICTIONARY", "IN-MEMORY TABLE", "VOID".
func TypeStr(v Value) string {
	switch x := v.(type) {
	case nil:
		return "VOID"
	case *Vector:
		s := x.typ.String() + " VECTOR"
		if fastType(x.typ) {
			return "FAST " + s
		}
		return s
	case *Pair:
		return x.Type().String() + " PAIR"
	case *Matrix:
		s := x.data.typ.String() + " MATRIX"
		if fastType(x.data.typ) {
			return "FAST " + s
		}
		return s
	case *Set:
		return x.typ.String() + " SET"
	case *Dict:
		return x.keyType.String() + "->" + x.valType.String() + " DICTIONARY"
	case *Table:
		return "IN-MEMORY TABLE"
	}
	return v.Type().String()
}
