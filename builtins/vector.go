// This file declares vector and container manipulation: flatten find in
// drop head tail subarray cut removeHead! removeTail! pop! push! erase!
// clear! fill! nullFill ffill bfill lfill interpolate replace dropna shape
// copy binsrch asof stretch bucket digitize enlist appendTuple! isNothing
// nullIf coalesce ifNull ifValid arrayVector bigarray. Index-producing
// algorithms run on ordKeys; results are gathered, so every type shares
// one path.

package builtins

import (
	"fmt"
	"sort"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

var vectorFuncs = []*Func{
	{Name: "flatten", Params: []string{"X"}, Kind: Vector, Doc: "Flattens a matrix or a tuple of vectors into a vector.", Impl: fn1(flatten)},
	{Name: "find", Params: []string{"X", "Y"}, Kind: Vector, Doc: "Index of the first occurrence of each Y in X, -1 if absent; a dictionary's value.", Impl: findImpl},
	{Name: "in", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Whether each element of X is in Y (vector, set, dictionary keys).", Impl: inImpl},
	{Name: "drop", Params: []string{"obj", "count"}, Kind: Vector, Doc: "Drops the first count elements (rows); negative from the end.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		n, err := argInt("drop", a[1])
		if err != nil {
			return nil, err
		}
		sz := rowCount(a[0])
		if n >= 0 {
			return sliceRows(a[0], min(int(n), sz), sz), nil
		}
		return sliceRows(a[0], 0, max(sz+int(n), 0)), nil
	}},
	{Name: "head", Params: []string{"obj", "[n]"}, Kind: Vector, Doc: "The first n (default 1) elements or rows.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		n, err := intArg("head(obj, [n=1])", a, 1, 1)
		if err != nil {
			return nil, err
		}
		return sliceRows(a[0], 0, min(max(int(n), 0), rowCount(a[0]))), nil
	}},
	{Name: "tail", Params: []string{"obj", "[n]"}, Kind: Vector, Doc: "The last n (default 1) elements or rows.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		n, err := intArg("tail(obj, [n=1])", a, 1, 1)
		if err != nil {
			return nil, err
		}
		sz := rowCount(a[0])
		return sliceRows(a[0], max(sz-int(n), 0), sz), nil
	}},
	{Name: "subarray", Params: []string{"X", "range"}, Kind: Vector, Doc: "Elements [a, b) of X.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		p, ok := a[1].(*value.Pair)
		if !ok {
			return nil, fmt.Errorf("Usage: subarray(X, range). range must be a pair.")
		}
		lo, hi, err := sliceBounds(p, rowCount(a[0]))
		if err != nil {
			return nil, err
		}
		return sliceRows(a[0], lo, hi), nil
	}},
	{Name: "cut", Params: []string{"X", "size"}, Kind: Vector, Doc: "Cuts X into pieces of size (or at the given start indices); a tuple.", Impl: cutImpl},
	{Name: "removeHead!", Params: []string{"obj", "n"}, Kind: System, Doc: "Removes the first n elements in place.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return removeEnds(a, true) }},
	{Name: "removeTail!", Params: []string{"obj", "n"}, Kind: System, Doc: "Removes the last n elements in place.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return removeEnds(a, false) }},
	{Name: "pop!", Params: []string{"obj"}, Kind: System, Doc: "Removes and returns the last element.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("pop!", a[0])
		if err != nil {
			return nil, err
		}
		if v.Len() == 0 {
			return value.NullOf(v.Type()), nil
		}
		last := v.Get(v.Len() - 1)
		v.Truncate(v.Len() - 1)
		return last, nil
	}},
	{Name: "erase!", Params: []string{"obj", "key"}, Kind: System, Doc: "Removes keys from a set or dictionary, or rows matching a filter from a table.", Impl: eraseImpl},
	{Name: "clear!", Params: []string{"obj"}, Kind: System, Doc: "Removes every element.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		switch o := a[0].(type) {
		case *value.Vector:
			o.Truncate(0)
		case *value.Set:
			o.Clear()
		case *value.Dict:
			o.Clear()
		case *value.Table:
			for _, c := range o.Columns() {
				c.Truncate(0)
			}
		default:
			return nil, fmt.Errorf("clear! doesn't support %s", value.TypeStr(a[0]))
		}
		return a[0], nil
	}},
	{Name: "fill!", Params: []string{"obj", "index", "value"}, Kind: System, Doc: "obj[index] = value in place.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("fill!", a[0])
		if err != nil {
			return nil, err
		}
		n := v.Len()
		idx, _, err := indexList(a[1], n)
		if err != nil {
			return nil, err
		}
		vals := elems(a[2])
		for j, i := range idx {
			if i < 0 || i >= n {
				continue
			}
			x := a[2]
			if a[2].Form() != value.SCALAR {
				x = vals[j%len(vals)]
			}
			if err := v.Set(i, x); err != nil {
				return nil, err
			}
		}
		return v, nil
	}},
	{Name: "nullFill", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Replaces nulls of X by Y.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return nullFill(a[0], a[1], false) }},
	{Name: "nullFill!", Params: []string{"X", "Y"}, Kind: Operator, Doc: "nullFill in place.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return nullFill(a[0], a[1], true) }},
	{Name: "ffill", Params: []string{"obj", "[limit]"}, Kind: Vector, Doc: "Fills nulls with the previous non-null value.", Impl: fillImpl(fwdFill, false)},
	{Name: "ffill!", Params: []string{"obj", "[limit]"}, Kind: Vector, Doc: "ffill in place.", Impl: fillImpl(fwdFill, true)},
	{Name: "bfill", Params: []string{"obj", "[limit]"}, Kind: Vector, Doc: "Fills nulls with the next non-null value.", Impl: fillImpl(backFill, false)},
	{Name: "bfill!", Params: []string{"obj", "[limit]"}, Kind: Vector, Doc: "bfill in place.", Impl: fillImpl(backFill, true)},
	{Name: "lfill", Params: []string{"obj"}, Kind: Vector, Doc: "Fills nulls by linear interpolation between neighbours.", Impl: fillImpl(linFill, false)},
	{Name: "lfill!", Params: []string{"obj"}, Kind: Vector, Doc: "lfill in place.", Impl: fillImpl(linFill, true)},
	{Name: "interpolate", Params: []string{"X", "[method]", "[limit]", "[inplace]", "[limitDirection]", "[limitArea]", "[index]"}, Kind: Vector, Doc: "Linear interpolation of nulls (inside and forward).", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		r, err := fillImpl(linFill, false)(env, a[:1])
		if err != nil {
			return nil, err
		}
		return fillImpl(fwdFill, false)(env, []value.Value{r})
	}},
	{Name: "replace", Params: []string{"obj", "oldValue", "newValue"}, Kind: Vector, Doc: "Replaces oldValue by newValue.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return replaceImpl(a, false) }},
	{Name: "replace!", Params: []string{"obj", "oldValue", "newValue"}, Kind: Vector, Doc: "replace in place.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return replaceImpl(a, true) }},
	{Name: "dropna", Params: []string{"X", "[byRow]", "[thresh]"}, Kind: Vector, Doc: "Removes null elements.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("dropna", a[0])
		if err != nil {
			return nil, err
		}
		var idx []int
		for i := range v.Len() {
			if !v.IsNullAt(i) {
				idx = append(idx, i)
			}
		}
		return v.Gather(idx), nil
	}},
	{Name: "shape", Params: []string{"obj"}, Kind: System, Doc: "rows:cols.", Impl: fn1(func(x value.Value) (value.Value, error) {
		r, c := rowCount(x), 1
		switch v := x.(type) {
		case *value.Matrix:
			c = v.Cols()
		case *value.Table:
			c = v.NumCols()
		}
		if x.Form() == value.SCALAR {
			r = 1
		}
		return value.NewPair(value.Int(r), value.Int(c))
	})},
	{Name: "copy", Params: []string{"obj"}, Kind: System, Doc: "A deep copy.", Impl: fn1(copyOf)},
	{Name: "binsrch", Params: []string{"X", "Y"}, Kind: Vector, Doc: "Index of each Y in sorted X, -1 if absent.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return searchSorted("binsrch", a[0], a[1], true)
	}},
	{Name: "asof", Params: []string{"X", "Y"}, Kind: Vector, Doc: "Index of the last element of sorted X <= each Y, -1 if none.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return searchSorted("asof", a[0], a[1], false)
	}},
	{Name: "stretch", Params: []string{"X", "n"}, Kind: Vector, Doc: "Stretches X evenly to length n.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("stretch", a[0])
		if err != nil {
			return nil, err
		}
		n, err := argInt("stretch", a[1])
		if err != nil {
			return nil, err
		}
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i * v.Len() / int(n)
		}
		return v.Gather(idx), nil
	}},
	{Name: "bucket", Params: []string{"vector", "dataRange", "bucketNum", "[includeOutbound]"}, Kind: Vector, Doc: "Bucket index of each element over dataRange split into bucketNum.", Impl: bucketImpl},
	{Name: "digitize", Params: []string{"x", "bins", "[right]"}, Kind: Vector, Doc: "Index of the bin of each element.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		xs, err := f64s("digitize", a[0])
		if err != nil {
			return nil, err
		}
		bins, err := f64s("digitize", a[1])
		if err != nil {
			return nil, err
		}
		right := len(a) > 2 && argBool(a[2], false)
		out := make([]int, len(xs))
		for i, x := range xs {
			if right {
				out[i] = sort.SearchFloat64s(bins, x)
			} else {
				out[i] = sort.Search(len(bins), func(j int) bool { return bins[j] > x })
			}
		}
		if a[0].Form() == value.SCALAR {
			return value.Int(out[0]), nil
		}
		return idxVec(out), nil
	}},
	{Name: "enlist", Params: []string{"X"}, Kind: System, Doc: "A one-element vector (tuple for a vector) of X.", Impl: fn1(func(x value.Value) (value.Value, error) {
		if x.Form() == value.SCALAR {
			return toVector(x), nil
		}
		return value.NewTuple([]value.Value{x}), nil
	})},
	{Name: "appendTuple!", Params: []string{"X", "Y", "[wholistic]"}, Kind: System, Doc: "Appends Y (a tuple) to tuple X.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, ok := a[0].(*value.Vector)
		if !ok || v.Type() != value.ANY {
			return nil, fmt.Errorf("Usage: appendTuple!(X, Y, [wholistic=false]). X must be a tuple.")
		}
		if len(a) > 2 && argBool(a[2], false) {
			return v, v.Append(value.NewTuple([]value.Value{a[1]}))
		}
		for _, e := range elems(a[1]) {
			if err := v.Append(value.NewTuple([]value.Value{e})); err != nil {
				return nil, err
			}
		}
		return v, nil
	}},
	{Name: "isNothing", Params: []string{"X"}, Kind: System, Doc: "Whether X is the NOTHING object (an omitted argument).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, isVoid := a[0].(value.Void)
		return value.Bool(b2i(a[0] == nil || isVoid && v.Nothing)), nil
	}},
	{Name: "nullIf", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Null where X == Y, else X.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		c, err := compareValues(opEq, a[0], a[1])
		if err != nil {
			return nil, err
		}
		return iif(c, value.NullOf(a[0].Type()), a[0], false)
	}},
	{Name: "ifNull", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Y where X is null, else X.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return nullFill(a[0], a[1], false) }},
	{Name: "ifValid", Params: []string{"X", "Y"}, Kind: Operator, Doc: "Y where X is valid, else X (null).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		c, err := nullTest(a[0], false)
		if err != nil {
			return nil, err
		}
		return iif(c, a[1], a[0], false)
	}},
	{Name: "coalesce", Params: []string{"X1", "X2", "[args...]"}, Kind: Operator, Doc: "The first non-null of the arguments, element-wise.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		r := a[0]
		for _, y := range a[1:] {
			var err error
			if r, err = nullFill(r, y, false); err != nil {
				return nil, err
			}
		}
		return r, nil
	}},
	{Name: "arrayVector", Params: []string{"index", "value"}, Kind: System, Doc: "An array vector from end offsets and values.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		ends := i64s(a[0])
		v, err := vecArg("arrayVector", a[1])
		if err != nil {
			return nil, err
		}
		offs := make([]int32, len(ends)+1)
		for i, e := range ends {
			if e < int64(offs[i]) || e > int64(v.Len()) {
				return nil, fmt.Errorf("Usage: arrayVector(index, value). index must be increasing and not exceed the size of value.")
			}
			offs[i+1] = int32(e)
		}
		return value.NewArrayVector(offs, v), nil
	}},
	{Name: "bigarray", Params: []string{"dataType", "[initialSize]", "[capacity]", "[defaultValue]"}, Kind: System, Doc: "A big array (same semantics as array).", Impl: arrayImpl},
}

func registerVector(r *Registry) {
	r.Register(vectorFuncs...)
	r.Alias("push!", "append!")
}

// rowCount is the number of elements (rows of tables and matrices).
func rowCount(x value.Value) int {
	switch v := x.(type) {
	case *value.Table:
		return v.Rows()
	case *value.Matrix:
		return v.Rows()
	}
	return sizeOf(x)
}

// sliceRows returns rows [lo, hi) of a vector, table or matrix.
func sliceRows(x value.Value, lo, hi int) value.Value {
	switch v := x.(type) {
	case *value.Table:
		return v.Slice(lo, hi)
	case *value.Matrix:
		r, _ := perColumn(v, func(c *value.Vector) (value.Value, error) { return c.Slice(lo, hi), nil })
		return r
	}
	return toVector(x).Slice(lo, hi)
}

func flatten(x value.Value) (value.Value, error) {
	switch v := x.(type) {
	case *value.Matrix:
		return v.Data().Clone(), nil
	case *value.Vector:
		if v.Type().IsArray() {
			return v.Inner().Clone(), nil
		}
		if v.Type() != value.ANY {
			return v, nil
		}
		var out []value.Value
		for _, e := range v.Elems() {
			if e.Form() == value.SCALAR {
				out = append(out, e)
				continue
			}
			f, err := flatten(e)
			if err != nil {
				return nil, err
			}
			out = append(out, elems(f)...)
		}
		return value.MakeVector(out), nil
	}
	return x, nil
}

// commonKeys casts X and Y to their common type and returns their keys.
func commonKeys(x, y *value.Vector) (ordKeys, ordKeys, error) {
	t := value.CommonType(x.Type(), y.Type())
	if t == value.ANY {
		return keysOfVec(x), keysOfVec(y), nil
	}
	if x.Type().IsTemporal() && y.Type().IsTemporal() && x.Type() != y.Type() {
		if _, fx := temporalFine(x.Type()); fx > 0 {
			if _, fy := temporalFine(y.Type()); fy > fx {
				t = y.Type()
			} else {
				t = x.Type()
			}
		}
	}
	cx, err := castVec(x, t)
	if err != nil {
		return ordKeys{}, ordKeys{}, err
	}
	cy, err := castVec(y, t)
	if err != nil {
		return ordKeys{}, ordKeys{}, err
	}
	return keysOfVec(cx), keysOfVec(cy), nil
}

func findImpl(_ value.Env, a []value.Value) (value.Value, error) {
	switch d := a[0].(type) {
	case *value.Dict:
		if a[1].Form() == value.SCALAR {
			if v, ok := d.Get(a[1]); ok {
				return v, nil
			}
			return value.NullOf(d.ValueType()), nil
		}
		out := make([]value.Value, sizeOf(a[1]))
		for i, k := range elems(a[1]) {
			v, ok := d.Get(k)
			if !ok {
				v = value.NullOf(d.ValueType())
			}
			out[i] = v
		}
		return value.MakeVector(out), nil
	}
	x, err := vecArg("find", a[0])
	if err != nil {
		return nil, err
	}
	y, scalar := vecOf(a[1])
	kx, ky, err := commonKeys(x, y)
	if err != nil {
		return nil, err
	}
	pos := make(map[any]int, kx.len())
	for i := kx.len() - 1; i >= 0; i-- {
		pos[kx.hashKey(i)] = i
	}
	out := make([]int, ky.len())
	for i := range out {
		j, ok := pos[ky.hashKey(i)]
		if !ok {
			j = -1
		}
		out[i] = j
	}
	if scalar {
		return value.Int(out[0]), nil
	}
	return idxVec(out), nil
}

func inImpl(_ value.Env, a []value.Value) (value.Value, error) {
	x, y := a[0], a[1]
	if t, ok := y.(*value.Table); ok {
		return inTable(x, t)
	}
	if r, ok, err := mapForms1(x, func(e value.Value) (value.Value, error) { return inImpl(nil, []value.Value{e, y}) }); ok && x.Form() != value.DICT && x.Form() != value.TABLE {
		return r, err
	}
	var yv *value.Vector
	switch s := y.(type) {
	case *value.Set:
		yv = s.Keys()
	case *value.Dict:
		yv = s.Keys()
	default:
		yv = toVector(y)
	}
	xv, scalar := vecOf(x)
	kx, ky, err := commonKeys(xv, yv)
	if err != nil {
		return nil, err
	}
	set := make(map[any]struct{}, ky.len())
	for i := range ky.len() {
		set[ky.hashKey(i)] = struct{}{}
	}
	out := make([]int8, kx.len())
	for i := range out {
		_, ok := set[kx.hashKey(i)]
		out[i] = b2i(ok)
	}
	if scalar {
		return value.Bool(out[0]), nil
	}
	return boolVec(out), nil
}

// inTable is in(X, Y) for a table Y (the manual's in): a one-column table
// holds the values; a keyed or indexed table holds its keys, X giving one
// element (a tuple of vectors for several keys) per key column.
func inTable(x value.Value, t *value.Table) (value.Value, error) {
	keys := t.Keys()
	switch {
	case len(keys) == 0 && t.NumCols() == 1:
		return inImpl(nil, []value.Value{x, t.Column(0)})
	case len(keys) == 0:
		return nil, fmt.Errorf("in(X, Y): Y must be a table of one column, a keyed table or an indexed table, not a table of %d columns", t.NumCols())
	case len(keys) == 1:
		return inImpl(nil, []value.Value{x, t.Col(keys[0])})
	}
	parts, ok := x.(*value.Vector)
	if !ok || parts.Type() != value.ANY || parts.Len() != len(keys) {
		return nil, fmt.Errorf("in(X, Y): X must be a tuple of %d elements, one for each key column of Y", len(keys))
	}
	n, scalar := -1, true
	kxs, kys := make([]ordKeys, len(keys)), make([]ordKeys, len(keys))
	for k, name := range keys {
		xv, sc := vecOf(parts.Elems()[k])
		scalar = scalar && sc
		if n >= 0 && xv.Len() != n {
			return nil, fmt.Errorf("in(X, Y): the elements of X must have the same length")
		}
		n = xv.Len()
		var err error
		if kxs[k], kys[k], err = commonKeys(xv, t.Col(name)); err != nil {
			return nil, err
		}
	}
	composite := func(ks []ordKeys, i int) string {
		var b strings.Builder
		for _, k := range ks {
			fmt.Fprintf(&b, "%#v\x00", k.hashKey(i))
		}
		return b.String()
	}
	set := make(map[string]struct{}, t.Rows())
	for r := range t.Rows() {
		set[composite(kys, r)] = struct{}{}
	}
	out := make([]int8, n)
	for i := range out {
		_, ok := set[composite(kxs, i)]
		out[i] = b2i(ok)
	}
	if scalar {
		return value.Bool(out[0]), nil
	}
	return boolVec(out), nil
}

func cutImpl(_ value.Env, a []value.Value) (value.Value, error) {
	n := rowCount(a[0])
	var starts []int
	if a[1].Form() == value.SCALAR {
		sz, err := argInt("cut", a[1])
		if err != nil || sz <= 0 {
			return nil, fmt.Errorf("Usage: cut(X, size). size must be a positive integer.")
		}
		for i := 0; i < n; i += int(sz) {
			starts = append(starts, i)
		}
	} else {
		for _, s := range i64s(a[1]) {
			starts = append(starts, int(s))
		}
	}
	out := make([]value.Value, len(starts))
	for i, s := range starts {
		e := n
		if i+1 < len(starts) {
			e = starts[i+1]
		}
		out[i] = sliceRows(a[0], s, e)
	}
	return value.NewTuple(out), nil
}

func removeEnds(a []value.Value, head bool) (value.Value, error) {
	k, err := argInt("removeHead!", a[1])
	if err != nil {
		return nil, err
	}
	v, err := vecArg("removeHead!", a[0])
	if err != nil {
		return nil, err
	}
	n := min(int(k), v.Len())
	if head {
		r := v.Slice(n, v.Len())
		if err := overwrite(v, r); err != nil {
			return nil, err
		}
	} else {
		v.Truncate(v.Len() - n)
	}
	return v, nil
}

func eraseImpl(_ value.Env, a []value.Value) (value.Value, error) {
	switch o := a[0].(type) {
	case *value.Set:
		for _, k := range elems(a[1]) {
			o.Remove(k)
		}
		return o, nil
	case *value.Dict:
		for _, k := range elems(a[1]) {
			o.Delete(k)
		}
		return o, nil
	case *value.Table:
		keep, err := vecArg("erase!", a[1])
		if err != nil {
			return nil, err
		}
		var idx []int
		for i := range keep.Len() {
			if !argBool(keep.Get(i), false) {
				idx = append(idx, i)
			}
		}
		r := o.Gather(idx)
		for i, c := range o.Columns() {
			if err := overwrite(c, r.Column(i)); err != nil {
				return nil, err
			}
		}
		return o, nil
	}
	return nil, fmt.Errorf("erase! doesn't support %s", value.TypeStr(a[0]))
}

// nullFill replaces the nulls of X by Y (scalar or same-length vector).
func nullFill(x, y value.Value, inPlace bool) (value.Value, error) {
	if t, ok := x.(*value.Table); ok {
		for i, c := range t.Columns() {
			r, err := nullFill(c, y, false)
			if err != nil {
				return nil, err
			}
			if rv, ok := r.(*value.Vector); ok && inPlace {
				if err := overwrite(c, rv); err != nil {
					return nil, err
				}
			} else if ok {
				_ = t.SetColumn(i, rv)
			}
		}
		return t, nil
	}
	if r, ok, err := mapForms1(x, func(v value.Value) (value.Value, error) { return nullFill(v, y, false) }); ok {
		return r, err
	}
	if x.Form() == value.SCALAR {
		if value.IsNull(x) {
			if y.Form() == value.SCALAR && x.Type() != value.VOID {
				return value.Cast(y, x.Type())
			}
			return y, nil
		}
		return x, nil
	}
	v := x.(*value.Vector)
	out := v
	if !inPlace {
		out = v.Clone()
	}
	for i := range v.Len() {
		if v.IsNullAt(i) {
			if err := out.Set(i, elemOf(y, i)); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// fwdFill returns the gather index filling nulls from the previous valid
// element (at most limit in a row).
func fwdFill(k ordKeys, limit int) []int {
	idx := make([]int, k.len())
	last, run := -1, 0
	for i := range idx {
		if !k.isNullAt(i) {
			last, run = i, 0
			idx[i] = i
			continue
		}
		run++
		if last >= 0 && (limit <= 0 || run <= limit) {
			idx[i] = last
		} else {
			idx[i] = i
		}
	}
	return idx
}

func backFill(k ordKeys, limit int) []int {
	n := k.len()
	idx := make([]int, n)
	next, run := -1, 0
	for i := n - 1; i >= 0; i-- {
		if !k.isNullAt(i) {
			next, run = i, 0
			idx[i] = i
			continue
		}
		run++
		if next >= 0 && (limit <= 0 || run <= limit) {
			idx[i] = next
		} else {
			idx[i] = i
		}
	}
	return idx
}

// linFill marks the interpolation with a nil index; fillImpl computes the
// values for numeric vectors.
func linFill(ordKeys, int) []int { return nil }

func fillImpl(f func(k ordKeys, limit int) []int, inPlace bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		limit, err := intArg("ffill(obj, [limit])", a, 1, 0)
		if err != nil {
			return nil, err
		}
		return perColumn(a[0], func(v *value.Vector) (value.Value, error) {
			var r value.Value
			if idx := f(keysOfVec(v), int(limit)); idx != nil {
				r = v.Gather(idx)
			} else {
				xs, err := f64s("lfill", v)
				if err != nil {
					return nil, err
				}
				out := doublesVec(xs)
				s := out.Doubles()
				prev := -1
				for i, x := range xs {
					if x == nullF {
						continue
					}
					if prev >= 0 && i-prev > 1 {
						for j := prev + 1; j < i; j++ {
							s[j] = xs[prev] + (x-xs[prev])*float64(j-prev)/float64(i-prev)
						}
					}
					prev = i
				}
				r = fromF64(out, v.Type())
				if v.Type() == value.FLOAT {
					r, _ = value.Cast(out, value.FLOAT)
				}
			}
			if inPlace {
				if rv, ok := r.(*value.Vector); ok && rv.Type() == v.Type() {
					return v, overwrite(v, rv)
				}
			}
			return r, nil
		})
	}
}

func replaceImpl(a []value.Value, inPlace bool) (value.Value, error) {
	return perColumn(a[0], func(v *value.Vector) (value.Value, error) {
		old, _ := vecOf(a[1])
		kv, ko, err := commonKeys(v, old)
		if err != nil {
			return nil, err
		}
		target := ko.hashKey(0)
		out := v
		if !inPlace {
			out = v.Clone()
		}
		for i := range kv.len() {
			if kv.hashKey(i) == target {
				if err := out.Set(i, a[2]); err != nil {
					return nil, err
				}
			}
		}
		return out, nil
	})
}

func copyOf(x value.Value) (value.Value, error) {
	switch v := x.(type) {
	case *value.Vector:
		return v.Clone(), nil
	case *value.Matrix:
		return v.Clone(), nil
	case *value.Table:
		return v.Clone(), nil
	case *value.Dict:
		return v.Clone(), nil
	case *value.Set:
		return v.Clone(), nil
	}
	return x, nil
}

func searchSorted(name string, x, y value.Value, exact bool) (value.Value, error) {
	xv, err := vecArg(name, x)
	if err != nil {
		return nil, err
	}
	yv, scalar := vecOf(y)
	kx, ky, err := commonKeys(xv, yv)
	if err != nil {
		return nil, err
	}
	n := kx.len()
	out := make([]int, ky.len())
	for i := range out {
		// first index with x > y
		j := sort.Search(n, func(p int) bool { return keyLess(ky, i, kx, p) })
		r := j - 1
		if exact && (r < 0 || !keyEq(kx, r, ky, i)) {
			r = -1
		}
		out[i] = r
	}
	if scalar {
		return value.Int(out[0]), nil
	}
	return idxVec(out), nil
}

// keyLess compares element i of a with element j of b (same representation).
func keyLess(a ordKeys, i int, b ordKeys, j int) bool {
	switch {
	case a.i != nil:
		return a.i[i] < b.i[j]
	case a.f != nil:
		return a.f[i] < b.f[j]
	}
	return a.s[i] < b.s[j]
}

func keyEq(a ordKeys, i int, b ordKeys, j int) bool {
	return !keyLess(a, i, b, j) && !keyLess(b, j, a, i)
}

func bucketImpl(_ value.Env, a []value.Value) (value.Value, error) {
	xs, err := f64s("bucket", a[0])
	if err != nil {
		return nil, err
	}
	p, ok := a[1].(*value.Pair)
	if !ok {
		return nil, fmt.Errorf("Usage: bucket(vector, dataRange, bucketNum, [includeOutbound]). dataRange must be a pair.")
	}
	lo, _ := value.ToFloat64(p.First())
	hi, _ := value.ToFloat64(p.Second())
	n, err := argInt("bucket", a[2])
	if err != nil {
		return nil, err
	}
	outb := len(a) > 3 && argBool(a[3], false)
	w := (hi - lo) / float64(n)
	out := make([]int32, len(xs))
	for i, x := range xs {
		switch {
		case x == nullF:
			out[i] = value.NullInt
		case x < lo:
			out[i] = -1
			if outb {
				out[i] = 0
			}
		case x >= hi:
			out[i] = int32(n)
			if outb {
				out[i] = int32(n) + 1
			}
		default:
			b := int32((x - lo) / w)
			if outb {
				b++
			}
			out[i] = b
		}
	}
	return value.NewIntVector(out), nil
}
