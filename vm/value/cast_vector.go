// This file defines the vector paths of Cast: one dispatch on the source
// and destination storage, then typed loops.

package value

import "fmt"

type intElem interface {
	~int8 | ~int16 | ~int32 | ~int64
}

type floatElem interface {
	~float32 | ~float64
}

func convII[S, D intElem](src []S, sn S, dst []D, dn D, f func(int64) (int64, bool)) bool {
	okAll := true
	for i, x := range src {
		if x == sn {
			dst[i] = dn
			continue
		}
		r, ok := f(int64(x))
		if !ok {
			dst[i] = dn
			okAll = false
			continue
		}
		dst[i] = D(r)
	}
	return okAll
}

func convIF[S intElem, D floatElem](src []S, sn S, dst []D, dn D, f func(int64) (float64, bool)) {
	for i, x := range src {
		if x == sn {
			dst[i] = dn
			continue
		}
		r, _ := f(int64(x))
		dst[i] = D(r)
	}
}

func convFI[S floatElem, D intElem](src []S, sn S, dst []D, dn D, f func(float64) (int64, bool)) bool {
	okAll := true
	for i, x := range src {
		if x == sn {
			dst[i] = dn
			continue
		}
		r, ok := f(float64(x))
		if !ok {
			dst[i] = dn
			okAll = false
			continue
		}
		dst[i] = D(r)
	}
	return okAll
}

func convFF[S, D floatElem](src []S, sn S, dst []D, dn D) {
	for i, x := range src {
		if x == sn {
			dst[i] = dn
			continue
		}
		dst[i] = D(x)
	}
}

// fromInts converts int-like src into dst with c.
func fromInts[S intElem](src []S, sn S, dst *Vector, c conv) bool {
	if c.iF != nil {
		if dst.typ == FLOAT {
			convIF(src, sn, dst.Floats(), NullFloat, c.iF)
		} else {
			convIF(src, sn, dst.Doubles(), NullDouble, c.iF)
		}
		return true
	}
	switch dst.typ.Width() {
	case 1:
		return convII(src, sn, dst.Int8s(), NullChar, c.ii)
	case 2:
		return convII(src, sn, dst.Shorts(), NullShort, c.ii)
	case 4:
		return convII(src, sn, dst.Ints(), NullInt, c.ii)
	}
	return convII(src, sn, dst.Longs(), NullLong, c.ii)
}

func fromFloats[S floatElem](src []S, sn S, dst *Vector, c conv) bool {
	if c.ff != nil {
		if dst.typ == FLOAT {
			convFF(src, sn, dst.Floats(), NullFloat)
		} else {
			convFF(src, sn, dst.Doubles(), NullDouble)
		}
		return true
	}
	switch dst.typ.Width() {
	case 1:
		return convFI(src, sn, dst.Int8s(), NullChar, c.fi)
	case 2:
		return convFI(src, sn, dst.Shorts(), NullShort, c.fi)
	case 4:
		return convFI(src, sn, dst.Ints(), NullInt, c.fi)
	}
	return convFI(src, sn, dst.Longs(), NullLong, c.fi)
}

func castVector(x *Vector, t Type, scale int32) (Value, error) {
	if x.typ == t && (!t.IsDecimal() || x.scale == scale) {
		return x.Clone(), nil
	}
	if t.IsArray() || x.typ.IsArray() {
		if !x.typ.IsArray() {
			return nil, fmt.Errorf("Can't convert %s to %s", TypeStr(x), t)
		}
		inner, err := castVector(x.inner, t.Elem(), scale)
		if err != nil {
			return nil, err
		}
		return NewArrayVector(append([]int32(nil), x.offs...), inner.(*Vector)), nil
	}
	n := x.n
	if t == ANY {
		elems := make([]Value, n)
		for i := range elems {
			elems[i] = x.Get(i)
		}
		return NewTuple(elems), nil
	}
	if t == VOID {
		return nil, fmt.Errorf("Not allowed to create void vector")
	}
	r := NewVector(t, n)
	r.scale = scale
	switch {
	case t == STRING || t == BLOB:
		for i := range n {
			r.strs[i] = x.elemString(i)
		}
		return r, nil
	case t == SYMBOL:
		codes := r.Ints()
		if x.typ == STRING || x.typ == BLOB {
			for i, s := range x.strs {
				codes[i] = r.syms.Code(s)
			}
		} else {
			for i := range n {
				codes[i] = r.syms.Code(x.elemString(i))
			}
		}
		return r, nil
	}
	fromOK := isIntLike(x.typ) || isFloatType(x.typ)
	toOK := isIntLike(t) || isFloatType(t)
	if fromOK && toOK {
		c, err := makeConv(x.typ, x.scale, t, scale)
		if err != nil {
			return nil, err
		}
		var ok bool
		switch x.typ {
		case FLOAT:
			ok = fromFloats(x.Floats(), NullFloat, r, c)
		case DOUBLE:
			ok = fromFloats(x.Doubles(), NullDouble, r, c)
		default:
			switch x.typ.Width() {
			case 1:
				ok = fromInts(x.Int8s(), NullChar, r, c)
			case 2:
				ok = fromInts(x.Shorts(), NullShort, r, c)
			case 4:
				ok = fromInts(x.Ints(), NullInt, r, c)
			default:
				ok = fromInts(x.Longs(), NullLong, r, c)
			}
		}
		if !ok && t.IsDecimal() {
			return nil, fmt.Errorf("Can't convert %s to %s: decimal overflow", x.typ, decimalTypeName(t, scale))
		}
		return r, nil
	}
	// Rare pairs (literal sources, binary types, DECIMAL128, tuples):
	// element by element.
	for i := range n {
		e := x.Get(i)
		if e.Form() != SCALAR {
			return nil, fmt.Errorf("Can't convert %s to %s", TypeStr(x), t)
		}
		c, err := castScalar(e, t, scale)
		if err != nil {
			return nil, err
		}
		r.store(i, c)
	}
	return r, nil
}

// elemString is the STRING conversion of element i ("" for null).
func (v *Vector) elemString(i int) string {
	switch v.typ {
	case STRING, BLOB:
		return v.strs[i]
	case SYMBOL:
		return v.syms.Syms[v.Ints()[i]]
	case INT:
		return Int(v.Ints()[i]).String()
	case LONG:
		return Long(v.Longs()[i]).String()
	case DOUBLE:
		return Double(v.Doubles()[i]).String()
	}
	if v.IsNullAt(i) {
		return ""
	}
	return v.Get(i).String()
}
