// This file declares the core introspection and construction functions:
// print typestr type form size count rows cols eqObj take til isNull
// isValid isVoid hasNull keys values dict set array matrix append!
// reverse table, and the type conversion functions (bool ... datehour).

package builtins

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

func fn1(f func(value.Value) (value.Value, error)) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) { return f(a[0]) }
}

var coreFuncs = []*Func{
	{Name: "print", Params: []string{"X..."}, Kind: System, Doc: "Writes each argument's display on its own line.", Impl: printImpl},
	{Name: "typestr", Params: []string{"X"}, Kind: System, Doc: "Type and form description (FAST INT VECTOR).", Impl: fn1(func(x value.Value) (value.Value, error) { return value.String(value.TypeStr(x)), nil })},
	{Name: "type", Params: []string{"X"}, Kind: System, Doc: "Type id.", Impl: fn1(func(x value.Value) (value.Value, error) { return value.Int(x.Type()), nil })},
	{Name: "form", Params: []string{"X"}, Kind: System, Doc: "Form id.", Impl: fn1(func(x value.Value) (value.Value, error) { return value.Int(x.Form()), nil })},
	{Name: "size", Params: []string{"X"}, Kind: Aggregate, Doc: "Number of elements including nulls.", Impl: fn1(func(x value.Value) (value.Value, error) { return value.Int(sizeOf(x)), nil })},
	{Name: "count", Params: []string{"X"}, Kind: Aggregate, Doc: "Number of non-null elements; rows of a table.", Impl: fn1(countOf)},
	{Name: "rows", Params: []string{"X"}, Kind: System, Doc: "Rows of a vector, matrix or table.", Impl: fn1(rowsOf)},
	{Name: "cols", Params: []string{"X"}, Kind: System, Doc: "Columns of a matrix or table.", Impl: fn1(colsOf)},
	{Name: "eqObj", Params: []string{"obj1", "obj2", "[precision]"}, Kind: System, Doc: "Whether two objects have the same form, type and values.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		if len(a) > 2 && a[2] != nil {
			p, err := argInt("eqObj", a[2])
			if err != nil {
				return nil, err
			}
			// The manual: floats are equal when abs(obj1-obj2) <=
			// pow(10, -precision) (not when they round alike).
			tol := math.Pow(10, -float64(p))
			return value.Bool(b2i(eqObjTol(a[0], a[1], tol*(1+1e-9)))), nil
		}
		if a[0].Form() == value.SCALAR && a[1].Form() == value.SCALAR && a[0].Type() != a[1].Type() &&
			!(isLiteral(a[0].Type()) && isLiteral(a[1].Type())) && !value.IsNull(a[0]) && !value.IsNull(a[1]) {
			return value.Bool(0), nil
		}
		return value.Bool(b2i(eqObj(a[0], a[1]))), nil
	}},
	{Name: "take", Params: []string{"X", "n"}, Kind: System, Doc: "n elements cycling X; negative n from the end.", Impl: takeImpl},
	{Name: "til", Params: []string{"n"}, Kind: System, Doc: "0..n-1.", Impl: tilImpl},
	{Name: "isNull", Params: []string{"X"}, Kind: Operator, Doc: "Element-wise null test.", Impl: fn1(func(x value.Value) (value.Value, error) { return nullTest(x, true) })},
	{Name: "isValid", Params: []string{"X"}, Kind: Operator, Doc: "Element-wise non-null test.", Impl: fn1(func(x value.Value) (value.Value, error) { return nullTest(x, false) })},
	{Name: "isVoid", Params: []string{"X"}, Kind: System, Doc: "Whether X is VOID.", Impl: fn1(func(x value.Value) (value.Value, error) {
		return value.Bool(b2i(x.Type() == value.VOID && x.Form() == value.SCALAR)), nil
	})},
	{Name: "hasNull", Params: []string{"X"}, Kind: Aggregate, Doc: "Whether X holds a null.", Impl: fn1(hasNull)},
	{Name: "keys", Params: []string{"X"}, Kind: System, Doc: "Keys of a dictionary or set; column names of a table.", Impl: fn1(keysOf)},
	{Name: "values", Params: []string{"X"}, Kind: System, Doc: "Values of a dictionary; columns of a table.", Impl: fn1(valuesOf)},
	{Name: "dict", Params: []string{"keyObj", "valueObj", "[ordered]"}, Kind: System, Doc: "dict(keys, values) or dict(keyType, valueType).", Impl: dictImpl},
	{Name: "set", Params: []string{"X"}, Kind: System, Doc: "A set of X's distinct elements.", Impl: fn1(setOf)},
	{Name: "array", Params: []string{"dataType", "[initialSize]", "[capacity]", "[defaultValue]"}, Kind: System, Doc: "A vector of a type.", Impl: arrayImpl},
	{Name: "matrix", Params: []string{"X..."}, Kind: System, Doc: "matrix(cols...) or matrix(type, rows, cols).", Impl: matrixImpl},
	{Name: "append!", Params: []string{"obj", "newData"}, Kind: System, Doc: "Appends in place; returns obj.", Impl: appendImpl},
	{Name: "reverse", Params: []string{"X"}, Kind: Vector, Doc: "Elements in reverse order.", Impl: fn1(reverse)},
	{Name: "table", Params: []string{"X..."}, Kind: System, Doc: "table(v1, v2 ...) or table(capacity:size, names, types).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return TableFromArgs(nil, a) }, Named: func(_ value.Env, a []value.Value, names []string) (value.Value, error) {
		return TableFromArgs(names, a)
	}},
}

func registerCore(r *Registry) {
	r.Register(coreFuncs...)
	r.Register(conversionFuncs()...)
}

func b2i(b bool) int8 {
	if b {
		return 1
	}
	return 0
}

func printImpl(env value.Env, args []value.Value) (value.Value, error) {
	var w io.Writer = io.Discard
	if env != nil {
		w = env.Out()
	}
	for _, a := range args {
		if a == nil {
			a = value.Void{}
		}
		if _, err := io.WriteString(w, a.String()+"\n"); err != nil {
			return nil, err
		}
	}
	return value.Nothing, nil
}

func countOf(x value.Value) (value.Value, error) {
	switch v := x.(type) {
	case *value.Table:
		return value.Int(v.Rows()), nil
	case *value.Vector:
		n := 0
		for i := range v.Len() {
			if !v.IsNullAt(i) {
				n++
			}
		}
		return value.Int(n), nil
	case *value.Matrix:
		return countOf(v.Data())
	}
	if x.Form() == value.SCALAR {
		return value.Int(1 - b2i(value.IsNull(x))), nil
	}
	return value.Int(sizeOf(x)), nil
}

func rowsOf(x value.Value) (value.Value, error) {
	switch v := x.(type) {
	case *value.Matrix:
		return value.Int(v.Rows()), nil
	case *value.Table:
		return value.Int(v.Rows()), nil
	}
	return value.Int(sizeOf(x)), nil
}

func colsOf(x value.Value) (value.Value, error) {
	switch v := x.(type) {
	case *value.Matrix:
		return value.Int(v.Cols()), nil
	case *value.Table:
		return value.Int(v.NumCols()), nil
	}
	return value.Int(1), nil
}

// eqObj compares form, type and elements (numbers numerically).
func eqObj(a, b value.Value) bool { return eqObjTol(a, b, 1e-9) }

// eqObjTol is eqObj with numbers equal within tol.
func eqObjTol(a, b value.Value, tol float64) bool {
	eqObj := func(a, b value.Value) bool { return eqObjTol(a, b, tol) }
	if a.Form() != b.Form() {
		return false
	}
	if a.Form() == value.SCALAR {
		if value.IsNull(a) || value.IsNull(b) {
			return value.IsNull(a) && value.IsNull(b)
		}
		if a.Type().IsNumeric() && b.Type().IsNumeric() {
			x, _ := value.ToFloat64(a)
			y, _ := value.ToFloat64(b)
			return x == y || (x-y <= tol && y-x <= tol)
		}
		if isLiteral(a.Type()) && isLiteral(b.Type()) {
			return a.String() == b.String()
		}
		return a.Type() == b.Type() && a.String() == b.String()
	}
	if sizeOf(a) != sizeOf(b) {
		return false
	}
	switch x := a.(type) {
	case *value.Matrix:
		y := b.(*value.Matrix)
		return x.Rows() == y.Rows() && eqObj(x.Data(), y.Data())
	case *value.Table:
		y := b.(*value.Table)
		if x.NumCols() != y.NumCols() {
			return false
		}
		for i := range x.NumCols() {
			if x.Names()[i] != y.Names()[i] || !eqObj(x.Column(i), y.Column(i)) {
				return false
			}
		}
		return true
	case *value.Dict:
		y := b.(*value.Dict)
		for i := range x.Len() {
			v, ok := y.Get(x.KeyAt(i))
			if !ok || !eqObj(x.ValueAt(i), v) {
				return false
			}
		}
		return true
	}
	ea, eb := elems(a), elems(b)
	for i := range ea {
		if !eqObj(ea[i], eb[i]) {
			return false
		}
	}
	return true
}

func takeImpl(_ value.Env, a []value.Value) (value.Value, error) {
	x := a[0]
	if v, ok := a[1].(*value.Vector); ok && isIntegral(v.Type()) {
		// take(X, counts): repeat each element counts[i] times.
		src := toVector(x)
		var idx []int
		for i := range v.Len() {
			c, _ := value.ToInt64(v.Get(i))
			for range c {
				idx = append(idx, i)
			}
		}
		return src.Gather(idx), nil
	}
	n, err := argInt("take", a[1])
	if err != nil {
		return nil, err
	}
	if x.Type() == value.VOID && x.Form() == value.SCALAR {
		return nil, fmt.Errorf("Not allowed to create void vector")
	}
	total := sizeOf(x)
	idx := make([]int, abs(int(n)))
	for i := range idx {
		if total == 0 {
			idx[i] = -1
			continue
		}
		if n >= 0 {
			idx[i] = i % total
		} else {
			j := (total - len(idx) + i) % total
			if j < 0 {
				j += total
			}
			idx[i] = j
		}
	}
	if t, ok := x.(*value.Table); ok {
		return t.Gather(idx), nil
	}
	return toVector(x).Gather(idx), nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func tilImpl(_ value.Env, a []value.Value) (value.Value, error) {
	n, err := argInt("til", a[0])
	if err != nil {
		return nil, err
	}
	if n <= 0 {
		return value.NewVector(storageInt(a[0].Type()), 0), nil
	}
	if a[0].Type() == value.LONG {
		out := make([]int64, n)
		for i := range out {
			out[i] = int64(i)
		}
		return value.NewLongVector(out), nil
	}
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(i)
	}
	return value.NewIntVector(out), nil
}

func nullTest(x value.Value, isNull bool) (value.Value, error) {
	if r, ok, err := mapForms1(x, func(v value.Value) (value.Value, error) { return nullTest(v, isNull) }); ok {
		return r, err
	}
	if v, ok := x.(*value.Vector); ok {
		out := make([]int8, v.Len())
		for i := range out {
			out[i] = b2i(v.IsNullAt(i) == isNull)
		}
		return value.NewBoolVector(out), nil
	}
	return value.Bool(b2i(value.IsNull(x) == isNull)), nil
}

func hasNull(x value.Value) (value.Value, error) {
	switch v := x.(type) {
	case *value.Vector:
		return value.Bool(b2i(v.HasNull())), nil
	case *value.Matrix:
		return value.Bool(b2i(v.Data().HasNull())), nil
	case *value.Table:
		for _, c := range v.Columns() {
			if c.HasNull() {
				return value.Bool(1), nil
			}
		}
		return value.Bool(0), nil
	}
	return value.Bool(b2i(value.IsNull(x))), nil
}

func keysOf(x value.Value) (value.Value, error) {
	switch v := x.(type) {
	case *value.Dict:
		return v.Keys(), nil
	case *value.Set:
		return v.Keys(), nil
	case *value.Table:
		return value.NewStringVector(append([]string{}, v.Names()...)), nil
	}
	return nil, fmt.Errorf("keys: the argument must be a dictionary, set or table")
}

func valuesOf(x value.Value) (value.Value, error) {
	switch v := x.(type) {
	case *value.Dict:
		return v.Values(), nil
	case *value.Table:
		cols := make([]value.Value, v.NumCols())
		for i := range cols {
			cols[i] = v.Column(i)
		}
		return value.NewTuple(cols), nil
	}
	return nil, fmt.Errorf("values: the argument must be a dictionary or table")
}

func dictImpl(_ value.Env, a []value.Value) (value.Value, error) {
	ordered := len(a) > 2 && argBool(a[2], false)
	k, v := a[0], a[1]
	if k.Form() == value.SCALAR && v.Form() == value.SCALAR && isIntegral(k.Type()) && isIntegral(v.Type()) {
		kt, _, _, err := typeArg(k)
		if err != nil {
			return nil, err
		}
		vt, _, _, err := typeArg(v)
		if err != nil {
			return nil, err
		}
		return value.NewDict(kt, vt, ordered), nil
	}
	ks, vs := elems(k), elems(v)
	if len(ks) != len(vs) {
		return nil, fmt.Errorf("The length of the key vector must equal the length of the value vector")
	}
	vt := v.Type()
	if isTuple(v) || v.Form() == value.SCALAR && len(ks) != 1 {
		vt = value.ANY
	}
	d := value.NewDict(k.Type(), vt, ordered)
	for i := range ks {
		if err := d.Set(ks[i], vs[i]); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func setOf(x value.Value) (value.Value, error) {
	s := value.NewSet(x.Type())
	for _, e := range elems(x) {
		if err := s.Add(e); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func arrayImpl(_ value.Env, a []value.Value) (value.Value, error) {
	t, scale, _, err := typeArg(a[0])
	if err != nil {
		return nil, err
	}
	n, capacity := int64(0), int64(0)
	if len(a) > 1 && a[1] != nil {
		if n, err = argInt("array", a[1]); err != nil {
			return nil, err
		}
	}
	if len(a) > 2 && a[2] != nil {
		if capacity, err = argInt("array", a[2]); err != nil {
			return nil, err
		}
	}
	var v *value.Vector
	if t.IsDecimal() {
		v = value.NewDecimalVector(t, scale, int(n))
	} else if t.IsNumeric() {
		v = value.NewVectorCap(t, int(n), int(max(n, capacity)))
	} else {
		v = value.NewNullVector(t, int(n))
	}
	if len(a) > 3 && a[3] != nil {
		for i := range v.Len() {
			if err := v.Set(i, a[3]); err != nil {
				return nil, err
			}
		}
	}
	return v, nil
}

func matrixImpl(_ value.Env, a []value.Value) (value.Value, error) {
	if len(a) >= 3 && a[0].Form() == value.SCALAR && isIntegral(a[0].Type()) && a[1].Form() == value.SCALAR {
		t, _, _, err := typeArg(a[0])
		if err != nil {
			return nil, err
		}
		r, _ := value.ToInt64(a[1])
		c, _ := value.ToInt64(a[2])
		m := value.NewMatrix(t, int(r), int(c))
		if len(a) > 4 && a[4] != nil {
			for i := range m.Data().Len() {
				_ = m.Data().Set(i, a[4])
			}
		}
		return m, nil
	}
	cols := make([]value.Value, 0, len(a))
	for _, x := range a {
		if m, ok := x.(*value.Matrix); ok {
			for c := range m.Cols() {
				cols = append(cols, m.Column(c))
			}
			continue
		}
		if t, ok := x.(*value.Table); ok {
			for _, c := range t.Columns() {
				cols = append(cols, c)
			}
			continue
		}
		if isTuple(x) {
			for _, e := range elems(x) {
				cols = append(cols, toVector(e))
			}
			continue
		}
		cols = append(cols, toVector(x))
	}
	m := assemble(cols)
	if _, ok := m.(*value.Matrix); !ok {
		return nil, fmt.Errorf("matrix: the columns must be vectors of the same length and a common type")
	}
	return m, nil
}

func appendImpl(_ value.Env, a []value.Value) (value.Value, error) {
	switch o := a[0].(type) {
	case *value.Vector:
		if err := o.Append(a[1]); err != nil {
			return nil, err
		}
		return o, nil
	case *value.Matrix:
		if err := o.AppendColumns(a[1]); err != nil {
			return nil, err
		}
		return o, nil
	case *value.Set:
		for _, e := range elems(a[1]) {
			if err := o.Add(e); err != nil {
				return nil, err
			}
		}
		return o, nil
	case *value.Table:
		t, ok := a[1].(*value.Table)
		if !ok {
			return nil, fmt.Errorf("append!: only a table can be appended to a table")
		}
		// A keyed table updates the rows of existing keys.
		if err := AppendRows(o, t); err != nil {
			return nil, err
		}
		return o, nil
	}
	return nil, fmt.Errorf("append!: %s doesn't support appending", value.TypeStr(a[0]))
}

func reverse(x value.Value) (value.Value, error) {
	n := sizeOf(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = n - 1 - i
	}
	switch v := x.(type) {
	case *value.Vector:
		return v.Gather(idx), nil
	case *value.Table:
		return v.Gather(idx), nil
	case value.String:
		r := []rune(string(v))
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return value.String(r), nil
	}
	return x, nil
}

// TableFromArgs implements table(...): table(capacity:size, names, types)
// or table(X1, X2 ...) whose columns are named argNames[i] (the variable
// names the VM saw), else C0, C1 ...; a matrix contributes its columns and
// a table its columns.
func TableFromArgs(argNames []string, args []value.Value) (value.Value, error) {
	if len(args) == 3 {
		if p, ok := args[0].(*value.Pair); ok {
			size, _ := value.ToInt64(p.Second())
			names := vecStrings(toVector(args[1]))
			tv := elems(args[2])
			types := make([]value.Type, len(tv))
			scales := make([]int32, len(tv))
			for i, e := range tv {
				t, scale, _, err := typeArg(e)
				if err != nil {
					return nil, err
				}
				types[i], scales[i] = t, scale
			}
			return value.NewEmptyTableScaled(names, types, scales, int(size))
		}
	}
	var names []string
	var cols []value.Value
	for i, a := range args {
		switch v := a.(type) {
		case *value.Matrix:
			for c := range v.Cols() {
				names = append(names, fmt.Sprintf("C%d", len(names)))
				cols = append(cols, v.Column(c))
			}
			continue
		case *value.Table:
			for c, n := range v.Names() {
				names = append(names, n)
				cols = append(cols, v.Column(c))
			}
			continue
		case *value.Vector:
			if v.Type() == value.ANY && len(args) == 1 {
				for _, e := range v.Elems() {
					names = append(names, fmt.Sprintf("C%d", len(names)))
					cols = append(cols, e)
				}
				continue
			}
		}
		name := ""
		if i < len(argNames) {
			name = argNames[i]
		}
		if name == "" {
			name = fmt.Sprintf("C%d", i)
		}
		names = append(names, name)
		cols = append(cols, a)
	}
	return value.NewTable(names, cols)
}

// conversionFuncs declares bool char ... datehour: cast to the type;
// without arguments, the typed null.
func conversionFuncs() []*Func {
	types := []value.Type{value.BOOL, value.CHAR, value.SHORT, value.INT, value.LONG, value.FLOAT, value.DOUBLE,
		value.STRING, value.SYMBOL, value.DATE, value.MONTH, value.TIME, value.MINUTE, value.SECOND, value.DATETIME,
		value.TIMESTAMP, value.NANOTIME, value.NANOTIMESTAMP, value.DATEHOUR, value.UUID, value.IPADDR, value.INT128, value.BLOB}
	var out []*Func
	for _, t := range types {
		name := strings.ToLower(t.String())
		out = append(out, &Func{Name: name, Params: []string{"[X]"}, Kind: Operator, Doc: "Converts X to " + t.String() + "; without X, a " + t.String() + " null.",
			Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
				if len(a) == 0 || a[0] == nil {
					return value.NullOf(t), nil
				}
				return value.Cast(a[0], t)
			}})
	}
	for _, t := range []value.Type{value.DECIMAL32, value.DECIMAL64, value.DECIMAL128} {
		name := strings.ToLower(t.String())
		out = append(out, &Func{Name: name, Params: []string{"X", "scale"}, Kind: Operator, Doc: "Converts X to " + t.String() + "(scale).",
			Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
				s, err := argInt(name, a[1])
				if err != nil {
					return nil, err
				}
				return value.CastDecimal(a[0], t, int(s))
			}})
	}
	out = append(out, &Func{Name: "duration", Params: []string{"X"}, Kind: System, Doc: "Parses a duration such as \"3m\".",
		Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return value.ParseDuration(a[0].String()) }})
	return out
}
