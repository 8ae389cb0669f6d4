// Package value owns DolphinDB's runtime objects: scalars, vectors (on Arrow
// buffers), pairs, matrices, sets, dictionaries and tables; their type and
// form codes, null sentinels, promotion and casting rules, and their console
// display.
//
// Type and form numbers are the wire codes of DolphinDB's API protocol.
package value

import "math"

// Type is DolphinDB's DATA_TYPE code.
type Type uint8

const (
	VOID          Type = 0
	BOOL          Type = 1
	CHAR          Type = 2
	SHORT         Type = 3
	INT           Type = 4
	LONG          Type = 5
	DATE          Type = 6
	MONTH         Type = 7
	TIME          Type = 8
	MINUTE        Type = 9
	SECOND        Type = 10
	DATETIME      Type = 11
	TIMESTAMP     Type = 12
	NANOTIME      Type = 13
	NANOTIMESTAMP Type = 14
	FLOAT         Type = 15
	DOUBLE        Type = 16
	SYMBOL        Type = 17
	STRING        Type = 18
	UUID          Type = 19
	FUNCTIONDEF   Type = 20
	HANDLE        Type = 21
	CODE          Type = 22
	DATASOURCE    Type = 23
	RESOURCE      Type = 24
	ANY           Type = 25
	COMPRESSED    Type = 26
	DICTIONARY    Type = 27
	DATEHOUR      Type = 28
	IPADDR        Type = 30
	INT128        Type = 31
	BLOB          Type = 32
	COMPLEX       Type = 34
	POINT         Type = 35
	DURATION      Type = 36
	DECIMAL32     Type = 37
	DECIMAL64     Type = 38
	DECIMAL128    Type = 39
	OBJECT        Type = 40

	// ArrayVectorBase is added to an element type to form an array-vector
	// type: INT[] is 68.
	ArrayVectorBase Type = 64
)

// Form is DolphinDB's DATA_FORM code.
type Form uint8

const (
	SCALAR Form = 0
	VECTOR Form = 1
	PAIR   Form = 2
	MATRIX Form = 3
	SET    Form = 4
	DICT   Form = 5
	TABLE  Form = 6
	CHART  Form = 7
	CHUNK  Form = 8
	SYSOBJ Form = 9
)

// Category groups types as DolphinDB's getCategory does.
type Category uint8

const (
	NOTHING Category = iota
	LOGICAL
	INTEGRAL
	FLOATING
	TEMPORAL
	LITERAL
	SYSTEM
	MIXED
	BINARY
	COMPLEXCAT
	ARRAY
	DENARY
)

type typeInfo struct {
	name  string
	width int // bytes per element in a vector; 0 for variable-width or non-vector types
	cat   Category
}

var typeInfos = [256]typeInfo{
	VOID:          {"VOID", 1, NOTHING},
	BOOL:          {"BOOL", 1, LOGICAL},
	CHAR:          {"CHAR", 1, INTEGRAL},
	SHORT:         {"SHORT", 2, INTEGRAL},
	INT:           {"INT", 4, INTEGRAL},
	LONG:          {"LONG", 8, INTEGRAL},
	DATE:          {"DATE", 4, TEMPORAL},
	MONTH:         {"MONTH", 4, TEMPORAL},
	TIME:          {"TIME", 4, TEMPORAL},
	MINUTE:        {"MINUTE", 4, TEMPORAL},
	SECOND:        {"SECOND", 4, TEMPORAL},
	DATETIME:      {"DATETIME", 4, TEMPORAL},
	TIMESTAMP:     {"TIMESTAMP", 8, TEMPORAL},
	NANOTIME:      {"NANOTIME", 8, TEMPORAL},
	NANOTIMESTAMP: {"NANOTIMESTAMP", 8, TEMPORAL},
	FLOAT:         {"FLOAT", 4, FLOATING},
	DOUBLE:        {"DOUBLE", 8, FLOATING},
	SYMBOL:        {"SYMBOL", 4, LITERAL},
	STRING:        {"STRING", 0, LITERAL},
	UUID:          {"UUID", 16, BINARY},
	FUNCTIONDEF:   {"FUNCTIONDEF", 0, SYSTEM},
	HANDLE:        {"HANDLE", 0, SYSTEM},
	CODE:          {"CODE", 0, SYSTEM},
	DATASOURCE:    {"DATASOURCE", 0, SYSTEM},
	RESOURCE:      {"RESOURCE", 0, SYSTEM},
	ANY:           {"ANY", 0, MIXED},
	COMPRESSED:    {"COMPRESSED", 1, INTEGRAL},
	DICTIONARY:    {"DICTIONARY", 0, MIXED},
	DATEHOUR:      {"DATEHOUR", 4, TEMPORAL},
	IPADDR:        {"IPADDR", 16, BINARY},
	INT128:        {"INT128", 16, BINARY},
	BLOB:          {"BLOB", 0, LITERAL},
	COMPLEX:       {"COMPLEX", 16, BINARY},
	POINT:         {"POINT", 16, BINARY},
	DURATION:      {"DURATION", 8, SYSTEM},
	DECIMAL32:     {"DECIMAL32", 4, DENARY},
	DECIMAL64:     {"DECIMAL64", 8, DENARY},
	DECIMAL128:    {"DECIMAL128", 16, DENARY},
	OBJECT:        {"OBJECT", 0, SYSTEM},
}

// String returns DolphinDB's name of t ("INT", "DOUBLE[]" ...).
func (t Type) String() string {
	if t.IsArray() {
		return t.Elem().String() + "[]"
	}
	if n := typeInfos[t].name; n != "" {
		return n
	}
	return "UNKNOWN"
}

// IsArray reports whether t is an array-vector type (INT[] ...).
func (t Type) IsArray() bool { return t >= ArrayVectorBase && t < ArrayVectorBase+64 }

// Elem returns the element type of an array-vector type, or t itself.
func (t Type) Elem() Type {
	if t.IsArray() {
		return t - ArrayVectorBase
	}
	return t
}

// Width is the byte width of one vector element of t, or 0 for STRING,
// BLOB, ANY and other variable-width or non-storable types.
func (t Type) Width() int { return typeInfos[t.Elem()].width }

// Category returns t's category.
func (t Type) Category() Category {
	if t.IsArray() {
		return ARRAY
	}
	return typeInfos[t].cat
}

// Valid reports whether t is a type code this server knows.
func (t Type) Valid() bool {
	return t.IsArray() && typeInfos[t.Elem()].name != "" || typeInfos[t].name != ""
}

// IsNumeric reports BOOL, integral and floating types (not temporal).
func (t Type) IsNumeric() bool {
	c := t.Category()
	return c == LOGICAL || c == INTEGRAL || c == FLOATING
}

// IsTemporal reports the temporal types.
func (t Type) IsTemporal() bool { return t.Category() == TEMPORAL }

// IsDecimal reports DECIMAL32/64/128.
func (t Type) IsDecimal() bool { return t == DECIMAL32 || t == DECIMAL64 || t == DECIMAL128 }

// TypeByName maps DolphinDB's type names ("INT", "DOUBLE", "INT[]") to codes.
func TypeByName(name string) (Type, bool) {
	elem := name
	arr := false
	if len(name) > 2 && name[len(name)-2:] == "[]" {
		elem, arr = name[:len(name)-2], true
	}
	for i, ti := range typeInfos {
		if ti.name == elem {
			if arr {
				return Type(i) + ArrayVectorBase, true
			}
			return Type(i), true
		}
	}
	return 0, false
}

// Null sentinels: a null slot of a vector holds these values (DolphinDB's
// include/ConstantImp.h), so encoding stays a buffer copy.
const (
	NullBool   int8    = math.MinInt8
	NullChar   int8    = math.MinInt8
	NullShort  int16   = math.MinInt16
	NullInt    int32   = math.MinInt32
	NullLong   int64   = math.MinInt64
	NullFloat  float32 = -math.MaxFloat32
	NullDouble float64 = -math.MaxFloat64
)

// String returns the form's name as typestr prints it ("VECTOR", "PAIR" ...).
func (f Form) String() string {
	switch f {
	case SCALAR:
		return "SCALAR"
	case VECTOR:
		return "VECTOR"
	case PAIR:
		return "PAIR"
	case MATRIX:
		return "MATRIX"
	case SET:
		return "SET"
	case DICT:
		return "DICTIONARY"
	case TABLE:
		return "TABLE"
	case CHART:
		return "CHART"
	case CHUNK:
		return "CHUNK"
	case SYSOBJ:
		return "SYSOBJ"
	}
	return "UNKNOWN"
}
