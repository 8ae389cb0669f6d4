// This file defines element access and growth of Vector: Get, Set,
// Append, Slice, Gather, null tests, Clone, and the convenience
// constructors.

package value

import (
	"fmt"
	"math"
)

// NewTuple returns an ANY vector (tuple) holding elems (not copied).
func NewTuple(elems []Value) *Vector {
	Reserve(int64(len(elems)) * 16)
	if elems == nil {
		elems = []Value{}
	}
	return &Vector{typ: ANY, n: len(elems), elems: elems}
}

// NewStringVector returns a STRING vector holding s (not copied).
func NewStringVector(s []string) *Vector {
	Reserve(int64(len(s)) * 16)
	if s == nil {
		s = []string{}
	}
	return &Vector{typ: STRING, n: len(s), strs: s}
}

// NewBlobVector returns a BLOB vector holding s (not copied).
func NewBlobVector(s []string) *Vector {
	v := NewStringVector(s)
	v.typ = BLOB
	return v
}

// NewSymbolVector returns a SYMBOL vector of s encoded in a new base.
func NewSymbolVector(s []string) *Vector {
	v := NewVector(SYMBOL, len(s))
	codes := v.Ints()
	for i, x := range s {
		codes[i] = v.syms.Code(x)
	}
	return v
}

// NewSymbolVectorCodes returns a SYMBOL vector of codes into base (codes are
// copied).
func NewSymbolVectorCodes(codes []int32, base *SymbolBase) *Vector {
	v := NewVector(SYMBOL, len(codes))
	copy(v.Ints(), codes)
	v.syms = base
	return v
}

// SharingCodes returns a SYMBOL vector over v's own code storage (not a
// copy) with base, which must give every code of v the same symbol (a
// Clone of v's base). Neither vector may then be written: it is for
// read-only views of cached columns.
func (v *Vector) SharingCodes(base *SymbolBase) *Vector {
	return &Vector{typ: SYMBOL, n: v.n, data: v.data, syms: base}
}

func newFixed[T any](t Type, x []T) *Vector {
	v := NewVector(t, len(x))
	copy(castSlice[T](v.data), x)
	return v
}

// NewBoolVector returns a BOOL vector of x (0, 1, NullBool); x is copied.
func NewBoolVector(x []int8) *Vector { return newFixed(BOOL, x) }

// NewCharVector returns a CHAR vector of x (copied).
func NewCharVector(x []int8) *Vector { return newFixed(CHAR, x) }

// NewShortVector returns a SHORT vector of x (copied).
func NewShortVector(x []int16) *Vector { return newFixed(SHORT, x) }

// NewIntVector returns an INT vector of x (copied).
func NewIntVector(x []int32) *Vector { return newFixed(INT, x) }

// NewLongVector returns a LONG vector of x (copied).
func NewLongVector(x []int64) *Vector { return newFixed(LONG, x) }

// NewFloatVector returns a FLOAT vector of x (copied).
func NewFloatVector(x []float32) *Vector { return newFixed(FLOAT, x) }

// NewDoubleVector returns a DOUBLE vector of x (copied).
func NewDoubleVector(x []float64) *Vector { return newFixed(DOUBLE, x) }

// NewInt32Vector returns a vector of a 4-byte type t (INT, DATE, MONTH,
// TIME, MINUTE, SECOND, DATETIME, DATEHOUR) holding x (copied).
func NewInt32Vector(t Type, x []int32) *Vector { return newFixed(t, x) }

// NewInt64Vector returns a vector of an 8-byte integral type t (LONG,
// TIMESTAMP, NANOTIME, NANOTIMESTAMP) holding x (copied).
func NewInt64Vector(t Type, x []int64) *Vector { return newFixed(t, x) }

// NewNullVector returns a vector of n nulls of type t.
func NewNullVector(t Type, n int) *Vector {
	v := NewVector(t, n)
	v.fillNull(0, n)
	return v
}

// NewArrayVector returns an array vector (type elem+ArrayVectorBase) whose
// row i is inner[offs[i]:offs[i+1]]; offs has rows+1 entries starting at 0.
func NewArrayVector(offs []int32, inner *Vector) *Vector {
	return &Vector{typ: inner.typ + ArrayVectorBase, scale: inner.scale, n: len(offs) - 1, offs: offs, inner: inner}
}

func fill[T any](s []T, x T) {
	for i := range s {
		s[i] = x
	}
}

// fillNull writes the null sentinel into slots [lo, hi).
func (v *Vector) fillNull(lo, hi int) {
	switch v.typ {
	case BOOL, CHAR:
		fill(v.Int8s()[lo:hi], NullChar)
	case SHORT:
		fill(v.Shorts()[lo:hi], NullShort)
	case INT, DATE, MONTH, TIME, MINUTE, SECOND, DATETIME, DATEHOUR, DECIMAL32:
		fill(v.Ints()[lo:hi], NullInt)
	case LONG, TIMESTAMP, NANOTIME, NANOTIMESTAMP, DECIMAL64:
		fill(v.Longs()[lo:hi], NullLong)
	case FLOAT:
		fill(v.Floats()[lo:hi], NullFloat)
	case DOUBLE:
		fill(v.Doubles()[lo:hi], NullDouble)
	case SYMBOL:
		fill(v.Ints()[lo:hi], 0)
	case STRING, BLOB:
		v.Modified()
		fill(v.strs[lo:hi], "")
	case ANY:
		fill(v.elems[lo:hi], Value(Void{}))
	case UUID, IPADDR, INT128:
		fill(v.Bytes16()[lo:hi], [16]byte{})
	case DECIMAL128:
		fill(castSlice[Decimal128Bits](v.data)[lo:hi], Decimal128Bits{Lo: 0, Hi: math.MinInt64})
	case COMPLEX, POINT:
		fill(castSlice[[2]float64](v.data)[lo:hi], [2]float64{NullDouble, NullDouble})
	default:
		if v.typ.IsArray() {
			// null rows are empty rows
			for i := lo; i < hi; i++ {
				v.offs[i+1] = v.offs[lo]
			}
		}
	}
}

// Decimal128Bits is the storage of one DECIMAL128 vector element.
type Decimal128Bits struct {
	Lo uint64
	Hi int64
}

// Decimal128s views DECIMAL128 vectors.
func (v *Vector) Decimal128s() []Decimal128Bits { return castSlice[Decimal128Bits](v.data) }

// Pairs16 views COMPLEX (re, im) and POINT (x, y) vectors.
func (v *Vector) Pairs16() [][2]float64 { return castSlice[[2]float64](v.data) }

// Get returns element i: a scalar, a tuple's element, or an array vector's
// row as a vector.
func (v *Vector) Get(i int) Value {
	switch v.typ {
	case VOID:
		return Void{}
	case BOOL:
		return Bool(v.Int8s()[i])
	case CHAR:
		return Char(v.Int8s()[i])
	case SHORT:
		return Short(v.Shorts()[i])
	case INT:
		return Int(v.Ints()[i])
	case DATE:
		return Date(v.Ints()[i])
	case MONTH:
		return Month(v.Ints()[i])
	case TIME:
		return Time(v.Ints()[i])
	case MINUTE:
		return Minute(v.Ints()[i])
	case SECOND:
		return Second(v.Ints()[i])
	case DATETIME:
		return DateTime(v.Ints()[i])
	case DATEHOUR:
		return DateHour(v.Ints()[i])
	case LONG:
		return Long(v.Longs()[i])
	case TIMESTAMP:
		return Timestamp(v.Longs()[i])
	case NANOTIME:
		return NanoTime(v.Longs()[i])
	case NANOTIMESTAMP:
		return NanoTimestamp(v.Longs()[i])
	case FLOAT:
		return Float(v.Floats()[i])
	case DOUBLE:
		return Double(v.Doubles()[i])
	case SYMBOL:
		return Symbol(v.syms.Syms[v.Ints()[i]])
	case STRING:
		return String(v.strs[i])
	case BLOB:
		return Blob(v.strs[i])
	case ANY:
		return v.elems[i]
	case UUID:
		return Uuid(v.Bytes16()[i])
	case IPADDR:
		return IPAddr(v.Bytes16()[i])
	case INT128:
		return Int128(v.Bytes16()[i])
	case DECIMAL32:
		return Decimal32{V: v.Ints()[i], Scale: v.scale}
	case DECIMAL64:
		return Decimal64{V: v.Longs()[i], Scale: v.scale}
	case DECIMAL128:
		d := v.Decimal128s()[i]
		return Decimal128{Lo: d.Lo, Hi: d.Hi, Scale: v.scale}
	case COMPLEX:
		p := v.Pairs16()[i]
		return Complex{p[0], p[1]}
	case POINT:
		p := v.Pairs16()[i]
		return Point{p[0], p[1]}
	}
	if v.typ.IsArray() {
		return v.inner.Slice(int(v.offs[i]), int(v.offs[i+1]))
	}
	return Void{}
}

// IsNullAt reports whether element i is null (an array vector row is null
// when empty).
func (v *Vector) IsNullAt(i int) bool {
	switch v.typ {
	case VOID:
		return true
	case BOOL, CHAR:
		return v.Int8s()[i] == NullChar
	case SHORT:
		return v.Shorts()[i] == NullShort
	case INT, DATE, MONTH, TIME, MINUTE, SECOND, DATETIME, DATEHOUR, DECIMAL32:
		return v.Ints()[i] == NullInt
	case LONG, TIMESTAMP, NANOTIME, NANOTIMESTAMP, DECIMAL64:
		return v.Longs()[i] == NullLong
	case FLOAT:
		return v.Floats()[i] == NullFloat
	case DOUBLE:
		return v.Doubles()[i] == NullDouble
	case SYMBOL:
		return v.syms.Syms[v.Ints()[i]] == ""
	case STRING, BLOB:
		return v.strs[i] == ""
	case ANY:
		return IsNull(v.elems[i])
	case UUID, IPADDR, INT128:
		return v.Bytes16()[i] == [16]byte{}
	case DECIMAL128:
		d := v.Decimal128s()[i]
		return d.Hi == math.MinInt64 && d.Lo == 0
	case COMPLEX, POINT:
		p := v.Pairs16()[i]
		return p[0] == NullDouble && p[1] == NullDouble
	}
	if v.typ.IsArray() {
		return v.offs[i] == v.offs[i+1]
	}
	return false
}

func hasSentinel[T comparable](s []T, null T) bool {
	for _, x := range s {
		if x == null {
			return true
		}
	}
	return false
}

// HasNull reports whether any element is null.
func (v *Vector) HasNull() bool {
	switch v.typ {
	case BOOL, CHAR:
		return hasSentinel(v.Int8s(), NullChar)
	case SHORT:
		return hasSentinel(v.Shorts(), NullShort)
	case INT, DATE, MONTH, TIME, MINUTE, SECOND, DATETIME, DATEHOUR, DECIMAL32:
		return hasSentinel(v.Ints(), NullInt)
	case LONG, TIMESTAMP, NANOTIME, NANOTIMESTAMP, DECIMAL64:
		return hasSentinel(v.Longs(), NullLong)
	case FLOAT:
		return hasSentinel(v.Floats(), NullFloat)
	case DOUBLE:
		return hasSentinel(v.Doubles(), NullDouble)
	case STRING, BLOB:
		return hasSentinel(v.strs, "")
	case UUID, IPADDR, INT128:
		return hasSentinel(v.Bytes16(), [16]byte{})
	}
	for i := 0; i < v.n; i++ {
		if v.IsNullAt(i) {
			return true
		}
	}
	return false
}

// Set stores x at i, converting x to the vector's type (a tuple accepts
// anything).
func (v *Vector) Set(i int, x Value) error {
	if i < 0 || i >= v.n {
		return fmt.Errorf("Index out of range: %d", i)
	}
	if v.typ == ANY {
		v.elems[i] = x
		return nil
	}
	if v.typ.IsArray() {
		return fmt.Errorf("Can't assign an element of an array vector in place")
	}
	if x.Form() != SCALAR {
		return fmt.Errorf("The value to assign must be a scalar")
	}
	c, err := v.convertElem(x)
	if err != nil {
		return err
	}
	v.store(i, c)
	return nil
}

// convertElem converts scalar x to the vector's element type.
func (v *Vector) convertElem(x Value) (Value, error) {
	if x.Type() == v.typ && !v.typ.IsDecimal() {
		return x, nil
	}
	if _, ok := x.(Void); ok {
		return NullOf(v.typ), nil
	}
	if !assignable(x.Type(), v.typ) {
		return nil, fmt.Errorf("Incompatible type. Expected: %s, Actual: %s", v.typ, x.Type())
	}
	if v.typ.IsDecimal() {
		return CastDecimal(x, v.typ, int(v.scale))
	}
	return Cast(x, v.typ)
}

// assignable reports whether a scalar of type from may be stored into a
// vector of type to (append!/assignment conversions).
func assignable(from, to Type) bool {
	if from == to || from == VOID {
		return true
	}
	fc, tc := from.Category(), to.Category()
	num := func(c Category) bool { return c == LOGICAL || c == INTEGRAL || c == FLOATING || c == DENARY }
	switch {
	case num(fc) && num(tc):
		return true
	case fc == LITERAL && tc == LITERAL:
		return true
	case num(fc) && (to == STRING || to == SYMBOL):
		// x=`C`GS; x.append!(4) stores "4".
		return true
	case fc == TEMPORAL && tc == TEMPORAL:
		return true
	case (fc == INTEGRAL || fc == LOGICAL) && tc == TEMPORAL:
		return true
	case fc == TEMPORAL && (to == INT || to == LONG):
		return true
	case fc == LITERAL && (to == UUID || to == IPADDR || to == INT128):
		return true
	case from == UUID || from == IPADDR || from == INT128:
		return to == UUID || to == IPADDR || to == INT128
	}
	return false
}

// store writes scalar x (already of the vector's type, or any null) at i.
func (v *Vector) store(i int, x Value) {
	if IsNull(x) {
		v.fillNull(i, i+1)
		return
	}
	switch x := x.(type) {
	case Bool:
		v.Int8s()[i] = int8(x)
	case Char:
		v.Int8s()[i] = int8(x)
	case Short:
		v.Shorts()[i] = int16(x)
	case Int:
		v.Ints()[i] = int32(x)
	case Date:
		v.Ints()[i] = int32(x)
	case Month:
		v.Ints()[i] = int32(x)
	case Time:
		v.Ints()[i] = int32(x)
	case Minute:
		v.Ints()[i] = int32(x)
	case Second:
		v.Ints()[i] = int32(x)
	case DateTime:
		v.Ints()[i] = int32(x)
	case DateHour:
		v.Ints()[i] = int32(x)
	case Long:
		v.Longs()[i] = int64(x)
	case Timestamp:
		v.Longs()[i] = int64(x)
	case NanoTime:
		v.Longs()[i] = int64(x)
	case NanoTimestamp:
		v.Longs()[i] = int64(x)
	case Float:
		v.Floats()[i] = float32(x)
	case Double:
		v.Doubles()[i] = float64(x)
	case String:
		v.storeString(i, string(x))
	case Symbol:
		v.storeString(i, string(x))
	case Blob:
		v.storeString(i, string(x))
	case Uuid:
		v.Bytes16()[i] = x
	case IPAddr:
		v.Bytes16()[i] = x
	case Int128:
		v.Bytes16()[i] = x
	case Decimal32:
		v.Ints()[i] = x.V
	case Decimal64:
		v.Longs()[i] = x.V
	case Decimal128:
		v.Decimal128s()[i] = Decimal128Bits{Lo: x.Lo, Hi: x.Hi}
	case Complex:
		v.Pairs16()[i] = [2]float64{x.Re, x.Im}
	case Point:
		v.Pairs16()[i] = [2]float64{x.X, x.Y}
	}
}

func (v *Vector) storeString(i int, s string) {
	if v.typ == SYMBOL {
		v.Ints()[i] = v.syms.Code(s)
		return
	}
	v.Modified()
	v.strs[i] = s
}

// resize grows the vector to n elements (new slots zero), amortising the
// buffer growth.
func (v *Vector) resize(n int) {
	if n <= v.n {
		v.truncate(n)
		return
	}
	switch {
	case v.typ == STRING || v.typ == BLOB:
		v.Modified()
		if cap(v.strs) < n {
			c := growCap(cap(v.strs), n)
			Reserve(int64(c-cap(v.strs)) * 16)
			s := make([]string, len(v.strs), c)
			copy(s, v.strs)
			v.strs = s
		}
		v.strs = v.strs[:n]
	case v.typ == ANY:
		if cap(v.elems) < n {
			c := growCap(cap(v.elems), n)
			Reserve(int64(c-cap(v.elems)) * 16)
			s := make([]Value, len(v.elems), c)
			copy(s, v.elems)
			v.elems = s
		}
		v.elems = v.elems[:n]
	case v.typ.IsArray():
		last := v.offs[len(v.offs)-1]
		for len(v.offs) < n+1 {
			v.offs = append(v.offs, last)
		}
	default:
		w := v.typ.Width()
		if cap(v.data) < n*w {
			c := growCap(cap(v.data)/w, n)
			nb := allocBytes(c * w)
			copy(nb, v.data)
			v.data = nb[:len(v.data)]
		}
		old := len(v.data)
		v.data = v.data[:n*w]
		clear(v.data[old:])
	}
	v.n = n
}

func growCap(old, need int) int {
	c := old * 2
	if c < 8 {
		c = 8
	}
	if c < need {
		c = need
	}
	return c
}

// truncate shortens the vector to n elements.
func (v *Vector) truncate(n int) {
	switch {
	case v.typ == STRING || v.typ == BLOB:
		v.Modified()
		clear(v.strs[n:])
		v.strs = v.strs[:n]
	case v.typ == ANY:
		clear(v.elems[n:])
		v.elems = v.elems[:n]
	case v.typ.IsArray():
		v.offs = v.offs[:n+1]
		v.inner.truncate(int(v.offs[n]))
	default:
		v.data = v.data[:n*v.typ.Width()]
	}
	v.n = n
}

// Truncate shortens the vector to n elements (clear! uses Truncate(0)).
func (v *Vector) Truncate(n int) {
	if n < v.n {
		v.truncate(n)
	}
}

// Append adds x: a scalar, a vector of a compatible type (its elements),
// or a tuple of compatible scalars. A tuple adds x as one element (a
// tuple x is added element by element, as appendTupleAsAWhole=false). An
// array vector adds a vector as one row, a tuple of vectors as rows, or
// another array vector's rows.
func (v *Vector) Append(x Value) error {
	if v.typ == ANY {
		v.resize(v.n + 1)
		v.elems[v.n-1] = x
		return nil
	}
	if v.typ.IsArray() {
		return v.appendRows(x)
	}
	if v.typ == VOID && x.Type() != VOID && x.Type() != ANY {
		// A VOID vector (all NULL) takes the type of the first typed data.
		r := NewNullVector(x.Type(), v.n)
		r.scale = scaleOf(x)
		*v = *r
	}
	switch x.Form() {
	case SCALAR:
		c, err := v.convertElem(x)
		if err != nil {
			return err
		}
		v.resize(v.n + 1)
		v.store(v.n-1, c)
		return nil
	case VECTOR, PAIR:
		var o *Vector
		if p, ok := x.(*Pair); ok {
			o = p.Vector()
		} else {
			o = x.(*Vector)
		}
		return v.AppendVector(o)
	}
	return fmt.Errorf("Incompatible type. Expected: %s, Actual: %s %s", v.typ, x.Type(), x.Form())
}

// AppendVector adds the elements of o, converted to v's type.
func (v *Vector) AppendVector(o *Vector) error {
	if v.typ == ANY {
		v.resize(v.n + o.n)
		for i := 0; i < o.n; i++ {
			v.elems[v.n-o.n+i] = o.Get(i)
		}
		return nil
	}
	if o.typ == ANY {
		for i := 0; i < o.n; i++ {
			e := o.elems[i]
			if e.Form() != SCALAR {
				return fmt.Errorf("Incompatible type. Expected: %s, Actual: %s", v.typ, TypeStr(e))
			}
			if err := v.Append(e); err != nil {
				return err
			}
		}
		return nil
	}
	if o.typ != v.typ || (v.typ.IsDecimal() && o.scale != v.scale) {
		if !assignable(o.typ, v.typ) {
			return fmt.Errorf("Incompatible type. Expected: %s, Actual: %s", v.typ, o.typ)
		}
		var c Value
		var err error
		if v.typ.IsDecimal() {
			c, err = CastDecimal(o, v.typ, int(v.scale))
		} else {
			c, err = Cast(o, v.typ)
		}
		if err != nil {
			return err
		}
		o = c.(*Vector)
	}
	old := v.n
	switch {
	case v.typ == SYMBOL:
		v.resize(old + o.n)
		dst := v.Ints()[old:]
		if o.syms == v.syms {
			copy(dst, o.Ints())
		} else {
			for i, c := range o.Ints() {
				dst[i] = v.syms.Code(o.syms.Syms[c])
			}
		}
	case v.typ == STRING || v.typ == BLOB:
		v.resize(old + o.n)
		copy(v.strs[old:], o.strs)
	default:
		v.resize(old + o.n)
		copy(v.data[old*v.typ.Width():], o.data)
	}
	return nil
}

func (v *Vector) appendRows(x Value) error {
	et := v.typ.Elem()
	switch o := x.(type) {
	case *Vector:
		if o.typ.IsArray() {
			base := v.offs[len(v.offs)-1]
			if err := v.inner.AppendVector(o.inner); err != nil {
				return err
			}
			for i := 1; i < len(o.offs); i++ {
				v.offs = append(v.offs, base+o.offs[i]-o.offs[0])
			}
			v.n += o.n
			return nil
		}
		if o.typ == ANY {
			for _, e := range o.elems {
				if err := v.appendRows(e); err != nil {
					return err
				}
			}
			return nil
		}
		if err := v.inner.AppendVector(o); err != nil {
			return err
		}
	default:
		if x.Form() != SCALAR {
			return fmt.Errorf("Incompatible type. Expected: %s, Actual: %s", et, TypeStr(x))
		}
		if err := v.inner.Append(x); err != nil {
			return err
		}
	}
	v.offs = append(v.offs, int32(v.inner.n))
	v.n++
	return nil
}

// Slice returns a copy of elements [lo, hi).
func (v *Vector) Slice(lo, hi int) *Vector {
	if lo < 0 {
		lo = 0
	}
	if hi > v.n {
		hi = v.n
	}
	if hi < lo {
		hi = lo
	}
	if v.typ.IsArray() {
		a, b := v.offs[lo], v.offs[hi]
		offs := make([]int32, hi-lo+1)
		for i := range offs {
			offs[i] = v.offs[lo+i] - a
		}
		return NewArrayVector(offs, v.inner.Slice(int(a), int(b)))
	}
	r := v.emptyLike(hi - lo)
	switch {
	case v.typ == STRING || v.typ == BLOB:
		copy(r.strs, v.strs[lo:hi])
	case v.typ == ANY:
		copy(r.elems, v.elems[lo:hi])
	default:
		w := v.typ.Width()
		copy(r.data, v.data[lo*w:hi*w])
	}
	return r
}

// emptyLike returns a zeroed vector of v's type, scale and symbol base.
func (v *Vector) emptyLike(n int) *Vector {
	r := NewVector(v.typ, n)
	r.scale = v.scale
	if v.typ == SYMBOL {
		r.syms = v.syms
	}
	return r
}

// Clone returns a deep copy of the vector's storage (tuple elements are
// shared).
func (v *Vector) Clone() *Vector {
	r := v.Slice(0, v.n)
	if v.typ == SYMBOL {
		// keep the shared base: bases only grow
		r.syms = v.syms
	}
	return r
}

func gather[T any](dst, src []T, idx []int, null T) {
	n := len(src)
	for i, j := range idx {
		if j >= 0 && j < n {
			dst[i] = src[j]
		} else {
			dst[i] = null
		}
	}
}

// Gather returns the elements at idx; an out-of-range index gives null.
func (v *Vector) Gather(idx []int) *Vector {
	if v.typ.IsArray() {
		offs := make([]int32, 1, len(idx)+1)
		var ii []int
		for _, j := range idx {
			if j >= 0 && j < v.n {
				for k := v.offs[j]; k < v.offs[j+1]; k++ {
					ii = append(ii, int(k))
				}
			}
			offs = append(offs, int32(len(ii)))
		}
		return NewArrayVector(offs, v.inner.Gather(ii))
	}
	r := v.emptyLike(len(idx))
	switch v.typ {
	case VOID:
	case BOOL, CHAR:
		gather(r.Int8s(), v.Int8s(), idx, NullChar)
	case SHORT:
		gather(r.Shorts(), v.Shorts(), idx, NullShort)
	case INT, DATE, MONTH, TIME, MINUTE, SECOND, DATETIME, DATEHOUR, DECIMAL32:
		gather(r.Ints(), v.Ints(), idx, NullInt)
	case SYMBOL:
		gather(r.Ints(), v.Ints(), idx, 0)
	case LONG, TIMESTAMP, NANOTIME, NANOTIMESTAMP, DECIMAL64:
		gather(r.Longs(), v.Longs(), idx, NullLong)
	case FLOAT:
		gather(r.Floats(), v.Floats(), idx, NullFloat)
	case DOUBLE:
		gather(r.Doubles(), v.Doubles(), idx, NullDouble)
	case STRING, BLOB:
		gather(r.strs, v.strs, idx, "")
	case ANY:
		gather(r.elems, v.elems, idx, Value(Void{}))
	case UUID, IPADDR, INT128:
		gather(r.Bytes16(), v.Bytes16(), idx, [16]byte{})
	case DECIMAL128:
		gather(r.Decimal128s(), v.Decimal128s(), idx, Decimal128Bits{Hi: math.MinInt64})
	case COMPLEX, POINT:
		gather(r.Pairs16(), v.Pairs16(), idx, [2]float64{NullDouble, NullDouble})
	}
	return r
}
