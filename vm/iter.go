// This file defines the iterators of for loops and timer(n): pairs count,
// vectors yield elements, matrices columns, tables rows (as dictionaries),
// sets and dictionaries their keys.

package vm

import "github.com/porpoisedb/porpoise/vm/value"

type iterator interface {
	next(b *boxer) (value.Value, bool)
}

type intRange struct {
	cur, end, step int64
	long           bool
}

func (r *intRange) next(b *boxer) (value.Value, bool) {
	if r.cur == r.end {
		return nil, false
	}
	v := r.cur
	r.cur += r.step
	if r.long {
		return b.long(v), true
	}
	return b.int(int32(v)), true
}

// seqIter iterates lo..hi (both ends included, descending when lo > hi)
// without building the vector, for `for (i in lo..hi)` on INT and LONG
// bounds; ok is false for other bounds, which go through the seq built-in.
func seqIter(lo, hi value.Value) (it iterator, ok bool) {
	ka, a, _, na := operand(lo)
	kb, c, _, nb := operand(hi)
	if ka == kNone || kb == kNone || ka == kDouble || kb == kDouble || na || nb {
		return nil, false
	}
	long := ka == kLong || kb == kLong
	if a <= c {
		return &intRange{cur: a, end: c + 1, step: 1, long: long}, true
	}
	return &intRange{cur: a, end: c - 1, step: -1, long: long}, true
}

type intsIter struct {
	xs []int32
	i  int
}

func (it *intsIter) next(b *boxer) (value.Value, bool) {
	if it.i >= len(it.xs) {
		return nil, false
	}
	it.i++
	return b.int(it.xs[it.i-1]), true
}

type longsIter struct {
	xs []int64
	i  int
}

func (it *longsIter) next(b *boxer) (value.Value, bool) {
	if it.i >= len(it.xs) {
		return nil, false
	}
	it.i++
	return b.long(it.xs[it.i-1]), true
}

type doublesIter struct {
	xs []float64
	i  int
}

func (it *doublesIter) next(b *boxer) (value.Value, bool) {
	if it.i >= len(it.xs) {
		return nil, false
	}
	it.i++
	return b.double(it.xs[it.i-1]), true
}

// funcIter yields get(0) .. get(n-1).
type funcIter struct {
	n, i int
	get  func(int) value.Value
}

func (it *funcIter) next(*boxer) (value.Value, bool) {
	if it.i >= it.n {
		return nil, false
	}
	it.i++
	return it.get(it.i - 1), true
}

func newIterator(x value.Value) (iterator, error) {
	switch c := x.(type) {
	case *value.Vector:
		switch c.Type() {
		case value.INT:
			return &intsIter{xs: c.Ints()}, nil
		case value.LONG:
			return &longsIter{xs: c.Longs()}, nil
		case value.DOUBLE:
			return &doublesIter{xs: c.Doubles()}, nil
		}
		return &funcIter{n: c.Len(), get: c.Get}, nil
	case *value.Pair:
		if c.Type() == value.INT || c.Type() == value.LONG || c.Type() == value.SHORT || c.Type() == value.CHAR {
			a, ok1 := value.ToInt64(c.First())
			b, ok2 := value.ToInt64(c.Second())
			if ok1 && ok2 {
				if a <= b {
					return &intRange{cur: a, end: b, step: 1, long: c.Type() == value.LONG}, nil
				}
				return &intRange{cur: a - 1, end: b - 1, step: -1, long: c.Type() == value.LONG}, nil
			}
		}
		return &funcIter{n: 2, get: c.Get}, nil
	case *value.Matrix:
		return &funcIter{n: c.Cols(), get: func(i int) value.Value { return c.Column(i) }}, nil
	case *value.Table:
		return &funcIter{n: c.Rows(), get: func(i int) value.Value { return c.Row(i) }}, nil
	case *value.Set:
		return newIterator(c.Keys())
	case *value.Dict:
		return newIterator(c.Keys())
	case nil:
		return nil, errorf("Can't iterate over NULL.")
	}
	if x.Form() == value.SCALAR {
		return &funcIter{n: 1, get: func(int) value.Value { return x }}, nil
	}
	return nil, errorf("Can't iterate over a %s.", value.TypeStr(x))
}

func repeatIter(x value.Value) (iterator, error) {
	n, ok := toInt(x)
	if !ok {
		return nil, errorf("The count of timer must be an integer.")
	}
	return &intRange{cur: 0, end: int64(max(n, 0)), step: 1}, nil
}
