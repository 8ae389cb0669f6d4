// This file decodes VECTOR bodies: fixed-width, string, symbol (plain and
// with a symbol base), tuple, decimal and array vectors.

package codec

import "github.com/porpoisedb/porpoise/vm/value"

// symbolExt is the extended SYMBOL type code (SYMBOL with a symbol base).
const symbolExt value.Type = 128 + value.SYMBOL

func (d *Decoder) dims() (rows, cols int32, err error) {
	if rows, err = d.i32(); err != nil {
		return
	}
	if cols, err = d.i32(); err != nil {
		return
	}
	if rows < 0 || cols < 0 {
		return 0, 0, invalid("negative dimensions %d x %d", rows, cols)
	}
	return
}

func (d *Decoder) vector(t value.Type) (value.Value, error) {
	if t == value.COMPRESSED {
		return d.compressed()
	}
	rows, cols, err := d.dims()
	if err != nil {
		return nil, err
	}
	if t.IsArray() {
		return d.arrayVector(t, int(rows), cols)
	}
	return d.elements(t, int(rows))
}

// elements reads n elements of type t (a vector body after rows/cols).
func (d *Decoder) elements(t value.Type, n int) (*value.Vector, error) {
	switch {
	case t == symbolExt:
		return d.symbolVector(n)
	case t == value.STRING || t == value.SYMBOL || t == value.BLOB:
		return d.stringVector(t, n)
	case t == value.ANY:
		return d.tuple(n)
	case t == value.DURATION:
		return d.durationVector(n)
	case t == value.VOID:
		if n > MaxVoidRows {
			return nil, invalid("VOID vector of %d rows", n)
		}
		return value.NewVector(value.VOID, n), nil
	case t.IsDecimal():
		scale, err := d.i32()
		if err != nil {
			return nil, err
		}
		if err := checkScale(t, scale); err != nil {
			return nil, err
		}
		raw, err := d.fixed(t, n)
		if err != nil {
			return nil, err
		}
		v := value.NewDecimalVector(t, scale, n)
		copy(v.Raw(), raw)
		return v, nil
	}
	if t == dateMinute {
		raw, err := d.fixed(value.INT, n)
		if err != nil {
			return nil, err
		}
		v := value.NewVector(value.DATETIME, n)
		copy(v.Raw(), raw)
		for i, x := range v.Ints() {
			if x != value.NullInt {
				v.Ints()[i] = x * 60
			}
		}
		return v, nil
	}
	if !fixedType(t) {
		return nil, invalid("unknown data type %d for a vector", t)
	}
	raw, err := d.fixed(t, n)
	if err != nil {
		return nil, err
	}
	v := value.NewVector(t, n)
	copy(v.Raw(), raw)
	return v, nil
}

// fixedType reports the types stored as packed fixed-width elements.
func fixedType(t value.Type) bool {
	switch t {
	case value.BOOL, value.CHAR, value.SHORT, value.INT, value.LONG, value.DATE, value.MONTH,
		value.TIME, value.MINUTE, value.SECOND, value.DATETIME, value.TIMESTAMP, value.NANOTIME,
		value.NANOTIMESTAMP, value.FLOAT, value.DOUBLE, value.DATEHOUR, value.UUID, value.IPADDR,
		value.INT128, value.COMPLEX, value.POINT, value.DECIMAL32, value.DECIMAL64, value.DECIMAL128:
		return true
	}
	return false
}

// fixed reads n packed elements of t and returns them in storage layout
// (little-endian numbers; UUID, IPADDR and INT128 in display order).
func (d *Decoder) fixed(t value.Type, n int) ([]byte, error) {
	w := t.Width()
	raw, err := d.src.bytes(int64(n) * int64(w))
	if err != nil {
		return nil, err
	}
	toStorage(raw, t, d.le)
	return raw, nil
}

// toStorage converts packed wire elements of t in place between the wire
// byte order and storage layout. It is its own inverse.
func toStorage(raw []byte, t value.Type, le bool) {
	switch t {
	case value.UUID, value.IPADDR, value.INT128:
		if le {
			for i := 0; i+16 <= len(raw); i += 16 {
				reverse(raw[i : i+16])
			}
		}
		return
	}
	if le {
		return
	}
	w := t.Width()
	switch t {
	case value.COMPLEX, value.POINT:
		w = 8
	case value.DURATION:
		w = 4
	}
	if w <= 1 {
		return
	}
	for i := 0; i+w <= len(raw); i += w {
		reverse(raw[i : i+w])
	}
}

// stringVector reads n 0-terminated strings (or length-prefixed blobs). The
// slice grows as strings arrive.
func (d *Decoder) stringVector(t value.Type, n int) (*value.Vector, error) {
	if err := d.src.check(int64(n)); err != nil { // ≥ 1 byte per element
		return nil, err
	}
	strs := make([]string, 0, min(n, 1024))
	for range n {
		var s string
		var err error
		if t == value.BLOB {
			var k int32
			if k, err = d.i32(); err == nil {
				var b []byte
				b, err = d.src.bytes(int64(uint32(k)))
				s = string(b)
			}
		} else {
			s, err = d.src.cstring()
		}
		if err != nil {
			return nil, err
		}
		strs = append(strs, s)
	}
	return stringsVector(t, strs), nil
}

// stringsVector builds a STRING, BLOB or SYMBOL vector from strs.
func stringsVector(t value.Type, strs []string) *value.Vector {
	switch t {
	case value.SYMBOL:
		return value.NewSymbolVector(strs)
	case value.BLOB:
		return value.NewBlobVector(strs)
	}
	return value.NewStringVector(strs)
}

// symbolVector reads the extended SYMBOL layout (protocol.md §4.4).
func (d *Decoder) symbolVector(n int) (*value.Vector, error) {
	var h [8]byte
	if err := d.src.small(h[:]); err != nil {
		return nil, err
	}
	id, size := d.order.Uint32(h[:4]), d.order.Uint32(h[4:])
	if err := d.src.check(int64(size)); err != nil {
		return nil, err
	}
	var base []string
	if size == 0 {
		var ok bool
		if base, ok = d.syms[id]; !ok {
			return nil, invalid("symbol base %d not defined", id)
		}
	} else {
		if _, dup := d.syms[id]; dup {
			return nil, invalid("symbol base %d defined twice", id)
		}
		base = make([]string, 0, min(size, 1024))
		for range size {
			s, err := d.src.cstring()
			if err != nil {
				return nil, err
			}
			base = append(base, s)
		}
		if d.syms == nil {
			d.syms = map[uint32][]string{}
		}
		d.syms[id] = base
	}
	raw, err := d.src.bytes(int64(n) * 4)
	if err != nil {
		return nil, err
	}
	v := value.NewVector(value.SYMBOL, n)
	sb, codes := v.Symbols(), v.Ints()
	mapped := make([]int32, len(base))
	for i := range mapped {
		mapped[i] = -1
	}
	for i := range n {
		k := d.order.Uint32(raw[4*i:])
		if uint64(k) >= uint64(len(base)) {
			return nil, invalid("symbol index %d outside base of %d", k, len(base))
		}
		if mapped[k] < 0 {
			mapped[k] = sb.Code(base[k])
		}
		codes[i] = mapped[k]
	}
	return v, nil
}

// tuple reads n complete objects into an ANY vector.
func (d *Decoder) tuple(n int) (*value.Vector, error) {
	if err := d.src.check(int64(n) * 2); err != nil {
		return nil, err
	}
	elems := make([]value.Value, 0, min(n, 1024))
	for range n {
		e, err := d.object()
		if err != nil {
			return nil, err
		}
		elems = append(elems, e)
	}
	return value.NewTuple(elems), nil
}

// durationVector reads packed (int32 value, int32 unit) pairs into a tuple
// of DURATION scalars, the way the server itself holds duration vectors.
func (d *Decoder) durationVector(n int) (*value.Vector, error) {
	raw, err := d.src.bytes(int64(n) * 8)
	if err != nil {
		return nil, err
	}
	elems := make([]value.Value, n)
	for i := range n {
		x := int32(d.order.Uint32(raw[8*i:]))
		u := int32(d.order.Uint32(raw[8*i+4:]))
		elems[i] = duration(x, u)
	}
	return value.NewTuple(elems), nil
}
