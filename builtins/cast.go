// This file declares cast ($), pair (:), seq (..) and join (<-).

package builtins

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

var castFuncs = []*Func{
	{Name: "cast", Params: []string{"X", "type"}, Kind: System, Doc: "X$type: convert to a type (INT, \"INT\", DECIMAL32(2)) or reshape with r:c.", Impl: castImpl},
	{Name: "pair", Params: []string{"X", "Y"}, Kind: System, Doc: "X:Y.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return value.NewPair(a[0], a[1]) }},
	{Name: "seq", Params: []string{"start", "end"}, Kind: System, Doc: "start..end inclusive.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return value.Seq(a[0], a[1]) }},
	{Name: "join", Params: []string{"X", "Y"}, Kind: System, Doc: "X <- Y: concatenation.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return join(a[0], a[1], false) }},
	{Name: "join!", Params: []string{"X", "Y"}, Kind: System, Doc: "Appends Y to X in place.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return join(a[0], a[1], true) }},
	{Name: "DECIMAL32", Params: []string{"scale"}, Kind: System, Doc: "The type DECIMAL32(scale), for cast.", Impl: decimalTypeImpl(value.DECIMAL32)},
	{Name: "DECIMAL64", Params: []string{"scale"}, Kind: System, Doc: "The type DECIMAL64(scale), for cast.", Impl: decimalTypeImpl(value.DECIMAL64)},
	{Name: "DECIMAL128", Params: []string{"scale"}, Kind: System, Doc: "The type DECIMAL128(scale), for cast.", Impl: decimalTypeImpl(value.DECIMAL128)},
}

func registerCast(r *Registry) { r.Register(castFuncs...) }

// TypeSpec is a parameterised type such as DECIMAL32(2): its value is the
// type id (an INT scalar) and it carries the scale for cast.
type TypeSpec struct {
	T     value.Type
	Scale int32
}

func (s TypeSpec) Type() value.Type { return value.INT }
func (s TypeSpec) Form() value.Form { return value.SCALAR }
func (s TypeSpec) String() string   { return fmt.Sprint(int(s.T)) }

// KeepInTuple keeps the scale: [INT, DECIMAL32(2)] is a tuple, not an INT
// vector that would drop it.
func (s TypeSpec) KeepInTuple() {}

func decimalTypeImpl(t value.Type) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		s, err := argInt(t.String(), a[0])
		if err != nil {
			return nil, err
		}
		return TypeSpec{T: t, Scale: int32(s)}, nil
	}
}

// typeArg decodes a type argument: a type id, a type name, or a TypeSpec.
func typeArg(v value.Value) (value.Type, int32, bool, error) {
	switch x := v.(type) {
	case TypeSpec:
		return x.T, x.Scale, true, nil
	case value.String:
		t, ok := value.TypeByName(strings.ToUpper(string(x)))
		if !ok {
			return 0, 0, false, fmt.Errorf("Invalid data type name %s", string(x))
		}
		return t, 0, false, nil
	}
	if v.Form() == value.SCALAR && isIntegral(v.Type()) {
		id, _ := value.ToInt64(v)
		if !value.Type(id).Valid() {
			return 0, 0, false, fmt.Errorf("Invalid data type %d", id)
		}
		return value.Type(id), 0, false, nil
	}
	return 0, 0, false, fmt.Errorf("The second argument of cast must be a data type or a pair of dimensions")
}

func castImpl(_ value.Env, a []value.Value) (value.Value, error) {
	x, t := a[0], a[1]
	if p, ok := t.(*value.Pair); ok {
		return reshape(x, p)
	}
	typ, scale, hasScale, err := typeArg(t)
	if err != nil {
		return nil, err
	}
	if typ.IsDecimal() && hasScale {
		return value.CastDecimal(x, typ, int(scale))
	}
	return value.Cast(x, typ)
}

// reshape is v$r:c: a vector or matrix as an r x c matrix.
func reshape(x value.Value, p *value.Pair) (value.Value, error) {
	var data *value.Vector
	switch v := x.(type) {
	case *value.Vector:
		data = v
	case *value.Matrix:
		data = v.Data()
	default:
		return nil, fmt.Errorf("Only a vector or a matrix can be reshaped")
	}
	r, _ := value.ToInt64(p.First())
	c, _ := value.ToInt64(p.Second())
	if value.IsNull(p.Second()) && r > 0 {
		c = int64(data.Len()) / r
	}
	if value.IsNull(p.First()) && c > 0 {
		r = int64(data.Len()) / c
	}
	return value.FromVector(data.Clone(), int(r), int(c))
}

// join concatenates: S<-S and V<-V make vectors (common type), a tuple
// gets Y as one element, a table gets Y's columns, a matrix gets Y as
// columns. inPlace modifies X (join!).
func join(x, y value.Value, inPlace bool) (value.Value, error) {
	switch v := x.(type) {
	case *value.Table:
		t := v
		if !inPlace {
			t = v.Clone()
		}
		switch o := y.(type) {
		case *value.Table:
			for i, n := range o.Names() {
				if err := t.AddColumn(n, o.Column(i)); err != nil {
					return nil, err
				}
			}
		case *value.Vector:
			if err := t.AddColumn(fmt.Sprintf("col%d", t.NumCols()), o); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("Can't join a table with %s", value.TypeStr(y))
		}
		return t, nil
	case *value.Matrix:
		add := toVector(y)
		if add.Len()%v.Rows() != 0 {
			return nil, fmt.Errorf("The size of the vector to append must be a multiple of the matrix rows")
		}
		d := v.Data().Clone()
		if err := d.AppendVector(add); err != nil {
			return nil, err
		}
		return value.FromVector(d, v.Rows(), d.Len()/v.Rows())
	case *value.Vector:
		if v.Type() == value.ANY {
			out := v
			if !inPlace {
				out = v.Clone()
			}
			if err := out.Append(y); err != nil {
				return nil, err
			}
			return out, nil
		}
	}
	if x.Form() != value.SCALAR && x.Form() != value.VECTOR && x.Form() != value.PAIR {
		return nil, fmt.Errorf("join doesn't support %s", value.TypeStr(x))
	}
	a, b := toVector(x), toVector(y)
	t := value.CommonType(a.Type(), b.Type())
	if t == value.ANY {
		out := value.NewTuple(append(append([]value.Value{}, elems(a)...), elems(b)...))
		return out, nil
	}
	if inPlace && x.Form() == value.VECTOR && a.Type() == t {
		if err := a.AppendVector(b); err != nil {
			return nil, err
		}
		return a, nil
	}
	ca, err := castVec(a, t)
	if err != nil {
		return nil, err
	}
	cb, err := castVec(b, t)
	if err != nil {
		return nil, err
	}
	out := value.NewVectorCap(t, 0, ca.Len()+cb.Len())
	if t.IsDecimal() {
		out = value.NewDecimalVector(t, max(ca.Scale(), cb.Scale()), 0)
	}
	if err := out.AppendVector(ca); err != nil {
		return nil, err
	}
	if err := out.AppendVector(cb); err != nil {
		return nil, err
	}
	return out, nil
}
