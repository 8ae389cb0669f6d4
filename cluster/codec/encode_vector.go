// This file encodes vectors: fixed-width, strings, symbols with a symbol
// base, tuples, decimals and array vectors.

package codec

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

// vector appends v with form f (VECTOR or PAIR), header included.
func (e *encoder) vector(dst []byte, v *value.Vector, f value.Form) ([]byte, error) {
	t, n := v.Type(), v.Len()
	if t.IsArray() {
		return e.arrayVector(dst, v, f)
	}
	if t == value.SYMBOL {
		return e.symbolVector(dst, v, f), nil
	}
	dst = e.header(dst, t, f)
	dst = e.i32(e.i32(dst, int32(n)), 1)
	switch {
	case t == value.VOID:
		return dst, nil
	case t == value.STRING:
		for _, s := range v.Strings() {
			dst = cstring(dst, s)
		}
		return dst, nil
	case t == value.BLOB:
		for _, s := range v.Strings() {
			dst = append(e.i32(dst, int32(len(s))), s...)
		}
		return dst, nil
	case t == value.ANY:
		var err error
		for _, x := range v.Elems() {
			if dst, err = e.object(dst, x); err != nil {
				return nil, err
			}
		}
		return dst, nil
	case t.IsDecimal():
		dst = e.i32(dst, v.Scale())
	case !fixedType(t):
		return nil, fmt.Errorf("codec: cannot serialize a %s vector", t)
	}
	return e.raw(dst, v.Raw(), t), nil
}

// raw appends packed storage-layout elements of t in wire order.
func (e *encoder) raw(dst, raw []byte, t value.Type) []byte {
	start := len(dst)
	dst = append(dst, raw...)
	toStorage(dst[start:], t, e.le)
	return dst
}

// symbolVector writes the extended form (type 145) with a symbol base. In
// a table, columns sharing a base write it once and refer to it by id.
func (e *encoder) symbolVector(dst []byte, v *value.Vector, f value.Form) []byte {
	dst = e.header(dst, symbolExt, f)
	dst = e.i32(e.i32(dst, int32(v.Len())), 1)
	base, codes := v.Symbols(), v.Ints()
	if len(base.Syms) > 2*len(codes)+64 {
		// A small slice of a big base: send only the symbols it uses.
		local := value.NewSymbolBase()
		remapped := make([]int32, len(codes))
		for i, c := range codes {
			remapped[i] = local.Code(base.Syms[c])
		}
		base, codes = local, remapped
	}
	id, seen := uint32(0), false
	if e.syms != nil {
		if id, seen = e.syms[base]; !seen {
			id = uint32(len(e.syms))
			e.syms[base] = id
		}
	}
	dst = e.i32(dst, int32(id))
	if seen {
		dst = e.i32(dst, 0)
	} else {
		dst = e.i32(dst, int32(len(base.Syms)))
		for _, s := range base.Syms {
			dst = cstring(dst, s)
		}
	}
	for _, c := range codes {
		dst = e.i32(dst, c)
	}
	return dst
}

// arrayBlock is the number of cells per array-vector block.
const arrayBlock = 4096

func (e *encoder) arrayVector(dst []byte, v *value.Vector, f value.Form) ([]byte, error) {
	et := v.Type().Elem()
	if !fixedType(et) {
		return nil, fmt.Errorf("codec: cannot serialize a %s array vector", et)
	}
	offs, inner := v.Offsets(), v.Inner()
	w := et.Width()
	dst = e.header(dst, v.Type(), f)
	dst = e.i32(e.i32(dst, int32(v.Len())), offs[len(offs)-1]-offs[0])
	if et.IsDecimal() {
		dst = e.i32(dst, inner.Scale())
	}
	raw := inner.Raw()
	for lo := 0; lo < v.Len(); lo += arrayBlock {
		hi := min(lo+arrayBlock, v.Len())
		var widest int32
		for i := lo; i < hi; i++ {
			widest = max(widest, offs[i+1]-offs[i])
		}
		unit := 1
		if widest > 0xffff {
			unit = 4
		} else if widest > 0xff {
			unit = 2
		}
		dst = e.order.AppendUint16(dst, uint16(hi-lo))
		dst = append(dst, byte(unit), 0)
		for i := lo; i < hi; i++ {
			c := offs[i+1] - offs[i]
			switch unit {
			case 1:
				dst = append(dst, byte(c))
			case 2:
				dst = e.order.AppendUint16(dst, uint16(c))
			default:
				dst = e.i32(dst, c)
			}
		}
		dst = e.raw(dst, raw[int(offs[lo])*w:int(offs[hi])*w], et)
	}
	return dst, nil
}
