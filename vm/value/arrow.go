// This file defines Vector.Arrow: an arrow.Array over the vector's own
// buffer (no copy for fixed-width types) with a validity bitmap computed
// from the null sentinels, so Arrow kernels see real nulls.

package value

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/extensions"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ArrowType returns the Arrow type used for vectors of t (nil for ANY and
// non-storable types). BOOL is the bool8 extension type; MONTH, MINUTE and
// DATEHOUR are plain int32; UUID, IPADDR, INT128, COMPLEX and POINT are
// fixed_size_binary(16); SYMBOL is dictionary<int32, utf8>.
func ArrowType(t Type, scale int32) arrow.DataType {
	switch t {
	case BOOL:
		return extensions.NewBool8Type()
	case CHAR:
		return arrow.PrimitiveTypes.Int8
	case SHORT:
		return arrow.PrimitiveTypes.Int16
	case INT, MONTH, MINUTE, DATEHOUR:
		return arrow.PrimitiveTypes.Int32
	case LONG:
		return arrow.PrimitiveTypes.Int64
	case FLOAT:
		return arrow.PrimitiveTypes.Float32
	case DOUBLE:
		return arrow.PrimitiveTypes.Float64
	case DATE:
		return arrow.FixedWidthTypes.Date32
	case TIME:
		return arrow.FixedWidthTypes.Time32ms
	case SECOND:
		return arrow.FixedWidthTypes.Time32s
	case NANOTIME:
		return arrow.FixedWidthTypes.Time64ns
	case DATETIME:
		return &arrow.TimestampType{Unit: arrow.Second}
	case TIMESTAMP:
		return &arrow.TimestampType{Unit: arrow.Millisecond}
	case NANOTIMESTAMP:
		return &arrow.TimestampType{Unit: arrow.Nanosecond}
	case STRING:
		return arrow.BinaryTypes.String
	case BLOB:
		return arrow.BinaryTypes.Binary
	case SYMBOL:
		return &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}
	case UUID, IPADDR, INT128, COMPLEX, POINT:
		return &arrow.FixedSizeBinaryType{ByteWidth: 16}
	case DECIMAL32:
		return &arrow.Decimal32Type{Precision: 9, Scale: scale}
	case DECIMAL64:
		return &arrow.Decimal64Type{Precision: 18, Scale: scale}
	case DECIMAL128:
		return &arrow.Decimal128Type{Precision: 38, Scale: scale}
	}
	if t.IsArray() {
		if et := ArrowType(t.Elem(), scale); et != nil {
			return arrow.ListOf(et)
		}
	}
	return nil
}

// validity returns the validity bitmap and null count (nil, 0 when no
// element is null).
func (v *Vector) validity() (*memory.Buffer, int) {
	if v.typ == SYMBOL {
		// code 0 is the null symbol
		nulls := 0
		for _, c := range v.Ints() {
			if c == 0 {
				nulls++
			}
		}
		if nulls == 0 {
			return nil, 0
		}
	} else if !v.HasNull() {
		return nil, 0
	}
	bits := make([]byte, (v.n+7)/8)
	nulls := 0
	for i := 0; i < v.n; i++ {
		if v.IsNullAt(i) {
			nulls++
		} else {
			bits[i>>3] |= 1 << (i & 7)
		}
	}
	return memory.NewBufferBytes(bits), nulls
}

// Arrow returns the vector as an arrow.Array sharing the vector's buffer
// (STRING, BLOB and the symbol dictionary are copied into Arrow's layout).
// It returns nil for tuples and VOID vectors. The array must not outlive
// changes to the vector's length.
func (v *Vector) Arrow() arrow.Array {
	dt := ArrowType(v.typ, v.scale)
	if dt == nil {
		return nil
	}
	switch {
	case v.typ == STRING || v.typ == BLOB:
		valid, nulls := v.validity()
		offs := make([]int32, v.n+1)
		size := 0
		for _, s := range v.strs {
			size += len(s)
		}
		data := make([]byte, 0, size)
		for i, s := range v.strs {
			data = append(data, s...)
			offs[i+1] = int32(len(data))
		}
		d := array.NewData(dt, v.n, []*memory.Buffer{valid, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(offs)), memory.NewBufferBytes(data)}, nil, nulls, 0)
		defer d.Release()
		return array.MakeFromData(d)
	case v.typ == SYMBOL:
		valid, nulls := v.validity()
		idx := array.NewData(arrow.PrimitiveTypes.Int32, v.n, []*memory.Buffer{valid, memory.NewBufferBytes(v.data)}, nil, nulls, 0)
		defer idx.Release()
		dict := NewStringVector(v.syms.Syms).Arrow()
		defer dict.Release()
		indices := array.MakeFromData(idx)
		defer indices.Release()
		return array.NewDictionaryArray(dt, indices, dict)
	case v.typ.IsArray():
		inner := v.inner.Arrow()
		if inner == nil {
			return nil
		}
		defer inner.Release()
		offs := v.offs
		d := array.NewData(dt, v.n, []*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(offs))}, []arrow.ArrayData{inner.Data()}, 0, 0)
		defer d.Release()
		return array.MakeFromData(d)
	case v.typ == BOOL:
		valid, nulls := v.validity()
		d := array.NewData(arrow.PrimitiveTypes.Int8, v.n, []*memory.Buffer{valid, memory.NewBufferBytes(v.data)}, nil, nulls, 0)
		defer d.Release()
		storage := array.MakeFromData(d)
		defer storage.Release()
		return array.NewExtensionArrayWithStorage(extensions.NewBool8Type(), storage)
	}
	valid, nulls := v.validity()
	d := array.NewData(dt, v.n, []*memory.Buffer{valid, memory.NewBufferBytes(v.data)}, nil, nulls, 0)
	defer d.Release()
	return array.MakeFromData(d)
}
