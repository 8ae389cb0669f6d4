// This file resolves open index ranges (x[2:], x[:] in assignments and
// multi-dimensional indexes) against the indexed object's dimensions, and
// the other index forms that need the VM: a function index filters
// (x[x -> x > 2]), tuples index nested dimensions (x[1, 0]).

package vm

import "github.com/porpoisedb/porpoise/vm/value"

// openRange is lo:hi with nil for an open end.
type openRange struct{ lo, hi value.Value }

func (r *openRange) Type() value.Type { return value.INT }
func (r *openRange) Form() value.Form { return value.PAIR }
func (r *openRange) String() string   { return "range" }

// dimLen returns the length of dimension d of x.
func dimLen(x value.Value, d int) int {
	switch c := x.(type) {
	case *value.Vector:
		return c.Len()
	case *value.Matrix:
		if d == 0 && c != nil {
			return c.Rows()
		}
		return c.Cols()
	case *value.Table:
		return c.Rows()
	}
	return 0
}

// resolveIndex turns open ranges into pairs and function indexes into
// their result on x.
func (t *Thread) resolveIndex(x value.Value, idx []value.Value) ([]value.Value, error) {
	var out []value.Value
	for i, ix := range idx {
		var r value.Value
		switch c := ix.(type) {
		case *openRange:
			n := dimLen(x, i)
			if len(idx) == 1 {
				if m, ok := x.(*value.Matrix); ok {
					n = m.Cols()
				}
			}
			lo, hi := 0, n
			if v, ok := toInt(c.lo); ok {
				lo = v
			}
			if v, ok := toInt(c.hi); ok {
				hi = v
			}
			if lo < 0 {
				lo += n
			}
			if hi < 0 {
				hi += n
			}
			p, err := value.NewPair(value.Int(lo), value.Int(hi))
			if err != nil {
				return nil, err
			}
			r = p
		case value.Function:
			if _, isFn := x.(value.Function); isFn {
				continue
			}
			v, err := t.call(c, []value.Value{x}, nil, nil)
			if err != nil {
				return nil, err
			}
			r = v
		default:
			continue
		}
		if out == nil {
			out = append([]value.Value(nil), idx...)
		}
		out[i] = r
	}
	if out == nil {
		return idx, nil
	}
	return out, nil
}

// callVector applies each function of a tuple of functions to args.
func (t *Thread) callVector(v *value.Vector, args []value.Value) (value.Value, error) {
	res := make([]value.Value, v.Len())
	for i := range res {
		f := v.Get(i)
		if _, ok := f.(value.Function); !ok {
			return nil, errorf("The object [%s] is not a function.", value.TypeStr(v))
		}
		r, err := t.call(f, args, nil, nil)
		if err != nil {
			return nil, err
		}
		if r == nil {
			r = value.Void{}
		}
		res[i] = r
	}
	return value.MakeVector(res), nil
}
