// This file declares the table family (cj rename! addColumn dropColumns!
// reorderColumns! replaceColumn! schema columnNames keyedTable
// indexedTable unionAll tableInsert sortBy! col) and the dictionary/set
// family (dictUpdate! syncDict intersection union difference
// symmetricDifference isOrderedDict). In-place functions modify and return
// their first argument.

package builtins

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

func tableArg(fn string, x value.Value) (*value.Table, error) {
	t, ok := x.(*value.Table)
	if !ok {
		return nil, fmt.Errorf("The function [%s] expects a table argument, but the actual argument is %s", fn, value.TypeStr(x))
	}
	return t, nil
}

// colIndexes resolves column names (or indices) to positions.
func colIndexes(fn string, t *value.Table, cols value.Value) ([]int, error) {
	var out []int
	for _, c := range elems(cols) {
		if isIntegral(c.Type()) {
			i, _ := value.ToInt64(c)
			out = append(out, int(i))
			continue
		}
		i := t.ColIndex(c.String())
		if i < 0 {
			return nil, fmt.Errorf("The column [%s] doesn't exist in the table.", c.String())
		}
		out = append(out, i)
	}
	return out, nil
}

// setColumns replaces t's columns in place by names/cols.
func setColumns(t *value.Table, names []string, cols []*value.Vector) error {
	for t.NumCols() > 0 {
		t.DropColumn(t.NumCols() - 1)
	}
	for i, n := range names {
		if err := t.AddColumn(n, cols[i]); err != nil {
			return err
		}
	}
	return nil
}

var tableFuncs = []*Func{
	{Name: "cj", Params: []string{"leftTable", "rightTable"}, Kind: System, Doc: "Cross join: every left row with every right row, left-major.", Impl: cjImpl, Named: cjNamed},
	{Name: "rename!", Params: []string{"obj", "[oldName]", "newName"}, MinArgs: 2, MaxArgs: 3, Kind: System, Doc: "Renames table columns (or sets matrix labels).", Impl: renameImpl},
	{Name: "addColumn", Params: []string{"table", "colNames", "colTypes"}, Kind: System, Doc: "Adds empty (null) columns of the given types in place.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		t, err := tableArg("addColumn", a[0])
		if err != nil {
			return nil, err
		}
		names, types := elems(a[1]), elems(a[2])
		if len(names) != len(types) {
			return nil, fmt.Errorf("Usage: addColumn(table, colNames, colTypes). colNames and colTypes must have the same size.")
		}
		for i, n := range names {
			ty, _, _, err := typeArg(types[i])
			if err != nil {
				return nil, err
			}
			if t.ColIndex(n.String()) >= 0 {
				return nil, fmt.Errorf("The column [%s] already exists in the table.", n.String())
			}
			if err := t.AddColumn(n.String(), value.NewNullVector(ty, t.Rows())); err != nil {
				return nil, err
			}
		}
		return t, nil
	}},
	{Name: "dropColumns!", Params: []string{"table", "colNames"}, Kind: System, Doc: "Removes columns in place.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		t, err := tableArg("dropColumns!", a[0])
		if err != nil {
			return nil, err
		}
		idx, err := colIndexes("dropColumns!", t, a[1])
		if err != nil {
			return nil, err
		}
		drop := map[int]bool{}
		for _, i := range idx {
			drop[i] = true
		}
		for i := t.NumCols() - 1; i >= 0; i-- {
			if drop[i] {
				t.DropColumn(i)
			}
		}
		return t, nil
	}},
	{Name: "reorderColumns!", Params: []string{"table", "reorderedColNames"}, Kind: System, Doc: "Moves the named columns first, in order.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		t, err := tableArg("reorderColumns!", a[0])
		if err != nil {
			return nil, err
		}
		idx, err := colIndexes("reorderColumns!", t, a[1])
		if err != nil {
			return nil, err
		}
		seen := map[int]bool{}
		for _, i := range idx {
			seen[i] = true
		}
		for i := range t.NumCols() {
			if !seen[i] {
				idx = append(idx, i)
			}
		}
		names := make([]string, len(idx))
		cols := make([]*value.Vector, len(idx))
		for k, i := range idx {
			names[k], cols[k] = t.Names()[i], t.Column(i)
		}
		return t, setColumns(t, names, cols)
	}},
	{Name: "replaceColumn!", Params: []string{"table", "colName", "newCol"}, Kind: System, Doc: "Replaces a column (its type may change).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		t, err := tableArg("replaceColumn!", a[0])
		if err != nil {
			return nil, err
		}
		idx, err := colIndexes("replaceColumn!", t, a[1])
		if err != nil {
			return nil, err
		}
		v, err := vecArg("replaceColumn!", a[2])
		if err != nil {
			return nil, err
		}
		if v.Len() != t.Rows() {
			return nil, fmt.Errorf("The length of the new column (%d) doesn't match the table rows (%d).", v.Len(), t.Rows())
		}
		names := append([]string{}, t.Names()...)
		cols := append([]*value.Vector{}, t.Columns()...)
		cols[idx[0]] = v
		return t, setColumns(t, names, cols)
	}},
	{Name: "columnNames", Params: []string{"X"}, Kind: System, Doc: "Column names of a table (or matrix column labels).", Impl: fn1(func(x value.Value) (value.Value, error) {
		if m, ok := x.(*value.Matrix); ok {
			if l := m.ColLabels(); l != nil {
				return l, nil
			}
			return value.Void{}, nil
		}
		t, err := tableArg("columnNames", x)
		if err != nil {
			return nil, err
		}
		return value.NewStringVector(append([]string{}, t.Names()...)), nil
	})},
	{Name: "schema", Params: []string{"table"}, Kind: System, Doc: "Dictionary describing a table: colDefs (name typeString typeInt extra comment).", Impl: fn1(func(x value.Value) (value.Value, error) {
		t, err := tableArg("schema", x)
		if err != nil {
			return nil, err
		}
		n := t.NumCols()
		names, tstr, extra, comment := make([]string, n), make([]string, n), make([]int32, n), make([]string, n)
		tint := make([]int32, n)
		for i, c := range t.Columns() {
			names[i] = t.Names()[i]
			tstr[i] = c.Type().String()
			tint[i] = int32(c.Type())
			extra[i] = value.NullInt
			if c.Type().IsDecimal() {
				extra[i] = c.Scale()
			}
		}
		defs, err := value.NewTable([]string{"name", "typeString", "typeInt", "extra", "comment"},
			[]value.Value{value.NewStringVector(names), value.NewStringVector(tstr), value.NewIntVector(tint), value.NewIntVector(extra), value.NewStringVector(comment)})
		if err != nil {
			return nil, err
		}
		d := value.NewDict(value.STRING, value.ANY, true)
		// An in-memory table has no partition column and no chunk path; the
		// manual's create page prints partitionColumnIndex->-1 and chunkPath->.
		_ = d.Set(value.String("partitionColumnIndex"), value.Int(-1))
		_ = d.Set(value.String("chunkPath"), value.String(""))
		_ = d.Set(value.String("colDefs"), defs)
		return d, nil
	})},
	{Name: "keyedTable", Params: []string{"keyColumns", "X..."}, MinArgs: 2, MaxArgs: -1, Kind: System, Doc: "A table keyed on keyColumns (unique keys; append!/upsert! update rows of existing keys).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return keyedTableOf(a, nil) }, Named: func(_ value.Env, a []value.Value, n []string) (value.Value, error) {
		if len(n) > 1 {
			n = n[1:]
		}
		return keyedTableOf(a, n)
	}},
	{Name: "indexedTable", Params: []string{"keyColumns", "X..."}, MinArgs: 2, MaxArgs: -1, Kind: System, Doc: "A table keyed on keyColumns (unique keys; append!/upsert! update rows of existing keys).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return keyedTableOf(a, nil) }, Named: func(_ value.Env, a []value.Value, n []string) (value.Value, error) {
		if len(n) > 1 {
			n = n[1:]
		}
		return keyedTableOf(a, n)
	}},
	{Name: "unionAll", Params: []string{"tableA", "tableB", "[byColName]"}, Kind: System, Doc: "Rows of both tables (a tuple of tables in the first argument also works).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		ts := []value.Value{a[0]}
		if isTuple(a[0]) {
			ts = elems(a[0])
		} else if len(a) > 1 {
			if _, ok := a[1].(*value.Table); ok {
				ts = append(ts, a[1])
			}
		}
		first, err := tableArg("unionAll", ts[0])
		if err != nil {
			return nil, err
		}
		out := first.Clone()
		for _, x := range ts[1:] {
			t, err := tableArg("unionAll", x)
			if err != nil {
				return nil, err
			}
			if t.NumCols() != out.NumCols() {
				return nil, fmt.Errorf("The tables to union must have the same number of columns.")
			}
			if err := out.AppendTable(t); err != nil {
				return nil, err
			}
		}
		return out, nil
	}},
	{Name: "tableInsert", Params: []string{"table", "args..."}, Kind: System, Doc: "Appends rows (a table, a tuple or one vector per column); returns the row count inserted.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		t, err := tableArg("tableInsert", a[0])
		if err != nil {
			return nil, err
		}
		var o *value.Table
		switch {
		case len(a) == 2 && a[1].Form() == value.TABLE:
			o = a[1].(*value.Table)
		default:
			cols := a[1:]
			if len(a) == 2 && isTuple(a[1]) {
				cols = elems(a[1])
			}
			if len(cols) != t.NumCols() {
				return nil, fmt.Errorf("The number of columns to insert (%d) doesn't match the table (%d).", len(cols), t.NumCols())
			}
			vs := make([]value.Value, len(cols))
			for i, c := range cols {
				vs[i] = toVector(c)
			}
			if o, err = value.NewTable(append([]string{}, t.Names()...), vs); err != nil {
				return nil, err
			}
		}
		if err := AppendRows(t, o); err != nil {
			return nil, err
		}
		return value.Int(o.Rows()), nil
	}},
	{Name: "sortBy!", Params: []string{"table", "sortColumns", "[sortDirections]"}, Kind: System, Doc: "Sorts a table in place by columns.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		t, err := tableArg("sortBy!", a[0])
		if err != nil {
			return nil, err
		}
		idx, err := colIndexes("sortBy!", t, a[1])
		if err != nil {
			return nil, err
		}
		cols := make([]value.Value, len(idx))
		for i, c := range idx {
			cols[i] = t.Column(c)
		}
		asc := []bool{true}
		if len(a) > 2 && a[2] != nil {
			asc = nil
			for _, d := range elems(a[2]) {
				asc = append(asc, argBool(d, true))
			}
		}
		perm, err := multiSort(cols, asc)
		if err != nil {
			return nil, err
		}
		r := t.Gather(perm)
		for i, c := range t.Columns() {
			if err := overwrite(c, r.Column(i)); err != nil {
				return nil, err
			}
		}
		return t, nil
	}},
	{Name: "col", Params: []string{"obj", "index"}, Kind: System, Doc: "Column index of a table or matrix.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		i, err := argInt("col", a[1])
		if err != nil {
			return nil, err
		}
		switch o := a[0].(type) {
		case *value.Table:
			return o.Column(int(i)), nil
		case *value.Matrix:
			return o.Column(int(i)), nil
		}
		return nil, fmt.Errorf("Usage: col(obj, index). obj must be a table or matrix.")
	}},
	{Name: "row", Params: []string{"obj", "index"}, Kind: System, Doc: "Row index (or the rows of a pair a:b) of a vector, matrix or table.", Impl: rowImpl},
	{Name: "dictUpdate!", Params: []string{"dictionary", "function", "keys", "parameters", "[initFunc]"}, Kind: System, Doc: "d[k] = function(d[k], p) for each key (initFunc(p) or p for new keys).", Impl: dictUpdateImpl},
	{Name: "syncDict", Params: []string{"keyObj", "valueObj", "[sharedName]", "[ordered]"}, Kind: System, Doc: "A thread-safe dictionary.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		args := a[:2]
		if len(a) > 3 {
			args = []value.Value{a[0], a[1], a[3]}
		}
		return dictImpl(env, args)
	}},
	{Name: "isOrderedDict", Params: []string{"X"}, Kind: System, Doc: "Whether X is an ordered dictionary.", Impl: fn1(func(x value.Value) (value.Value, error) {
		d, ok := x.(*value.Dict)
		return value.Bool(b2i(ok && d.Ordered())), nil
	})},
	{Name: "intersection", Params: []string{"X", "Y"}, Kind: System, Doc: "Set intersection (X & Y).", Impl: setOp(func(inX, inY bool) bool { return inX && inY })},
	{Name: "union", Params: []string{"X", "Y"}, Kind: System, Doc: "Set union (X | Y).", Impl: setOp(func(inX, inY bool) bool { return inX || inY })},
	{Name: "difference", Params: []string{"X", "Y"}, Kind: System, Doc: "Elements of X not in Y.", Impl: setOp(func(inX, inY bool) bool { return inX && !inY })},
	{Name: "symmetricDifference", Params: []string{"X", "Y"}, Kind: System, Doc: "Elements in exactly one of X and Y.", Impl: setOp(func(inX, inY bool) bool { return inX != inY })},
}

func registerTable(r *Registry) {
	r.Register(tableFuncs...)
	// drop! is the manual's alias of dropColumns! (t.drop!(`vol)).
	if f, ok := r.Lookup("dropColumns!"); ok {
		alias := *f.Decl
		alias.Name = "drop!"
		r.Register(&alias)
	}
}

func cjImpl(_ value.Env, a []value.Value) (value.Value, error) { return crossJoin(a, "") }

// cjNamed prefixes a right column whose name clashes with a left one by
// the right table's name (t2_id), as the other joins do (ej, lj, fj ...);
// an unnamed right table (an expression) gives right_id.
func cjNamed(_ value.Env, a []value.Value, argNames []string) (value.Value, error) {
	name := ""
	if len(argNames) > 1 {
		name = argNames[1]
	}
	return crossJoin(a, name)
}

func crossJoin(a []value.Value, rightName string) (value.Value, error) {
	if rightName == "" {
		rightName = "right"
	}
	l, err := tableArg("cj", a[0])
	if err != nil {
		return nil, err
	}
	r, err := tableArg("cj", a[1])
	if err != nil {
		return nil, err
	}
	nl, nr := l.Rows(), r.Rows()
	li, ri := make([]int, nl*nr), make([]int, nl*nr)
	for i := range nl {
		for j := range nr {
			li[i*nr+j], ri[i*nr+j] = i, j
		}
	}
	names := append([]string{}, l.Names()...)
	var cols []value.Value
	for _, c := range l.Columns() {
		cols = append(cols, c.Gather(li))
	}
	for k, c := range r.Columns() {
		n := r.Names()[k]
		if l.ColIndex(n) >= 0 {
			n = rightName + "_" + n
		}
		names = append(names, n)
		cols = append(cols, c.Gather(ri))
	}
	return value.NewTable(names, cols)
}

func renameImpl(_ value.Env, a []value.Value) (value.Value, error) {
	switch o := a[0].(type) {
	case *value.Table:
		var idx []int
		newNames := elems(a[len(a)-1])
		if len(a) == 3 {
			var err error
			if idx, err = colIndexes("rename!", o, a[1]); err != nil {
				return nil, err
			}
		} else {
			for i := range newNames {
				idx = append(idx, i)
			}
		}
		if len(idx) != len(newNames) {
			return nil, fmt.Errorf("Usage: rename!(table, [oldNames], newNames). The number of old and new names must match.")
		}
		for k, i := range idx {
			if err := o.Rename(i, newNames[k].String()); err != nil {
				return nil, err
			}
		}
		return o, nil
	case *value.Matrix:
		if len(a) == 3 {
			if err := o.SetRowLabels(toVector(a[1])); err != nil {
				return nil, err
			}
		}
		return o, o.SetColLabels(toVector(a[len(a)-1]))
	}
	return nil, fmt.Errorf("Usage: rename!(obj, [oldName], newName). obj must be a table or matrix.")
}

func dictUpdateImpl(env value.Env, a []value.Value) (value.Value, error) {
	d, ok := a[0].(*value.Dict)
	if !ok {
		return nil, fmt.Errorf("Usage: dictUpdate!(dictionary, function, keys, parameters). dictionary must be a dictionary.")
	}
	f, err := argFunc("dictUpdate!", a[1])
	if err != nil {
		return nil, err
	}
	var init value.Function
	if len(a) > 4 && a[4] != nil {
		if init, err = argFunc("dictUpdate!", a[4]); err != nil {
			return nil, err
		}
	}
	ks, ps := elems(a[2]), elems(a[3])
	for i, k := range ks {
		p := ps[i%len(ps)]
		old, ok := d.Get(k)
		var nv value.Value
		switch {
		case ok:
			nv, err = env.Call(f, []value.Value{old, p})
		case init != nil:
			nv, err = env.Call(init, []value.Value{p})
		default:
			nv = p
		}
		if err != nil {
			return nil, err
		}
		if err := d.Set(k, nv); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func setOp(keep func(inX, inY bool) bool) Impl {
	return func(_ value.Env, a []value.Value) (value.Value, error) {
		xs, ys := setElems(a[0]), setElems(a[1])
		if value.CommonType(xs.Type(), ys.Type()) == value.ANY && xs.Len() > 0 && ys.Len() > 0 {
			return nil, fmt.Errorf("The data types of the two sets (%s and %s) are incompatible.", xs.Type(), ys.Type())
		}
		kx, ky, err := commonKeys(xs, ys)
		if err != nil {
			return nil, err
		}
		inY := map[any]bool{}
		for i := range ky.len() {
			inY[ky.hashKey(i)] = true
		}
		inX := map[any]bool{}
		out := value.NewSet(value.CommonType(a[0].Type(), a[1].Type()))
		for i := range kx.len() {
			h := kx.hashKey(i)
			inX[h] = true
			if keep(true, inY[h]) {
				if err := out.Add(xs.Get(i)); err != nil {
					return nil, err
				}
			}
		}
		for i := range ky.len() {
			if h := ky.hashKey(i); !inX[h] && keep(false, true) {
				if err := out.Add(ys.Get(i)); err != nil {
					return nil, err
				}
			}
		}
		if a[0].Form() == value.SET || a[1].Form() == value.SET {
			return out, nil
		}
		return out.Keys(), nil
	}
}

func setElems(x value.Value) *value.Vector {
	if s, ok := x.(*value.Set); ok {
		return s.Keys()
	}
	return toVector(x)
}

// setArith implements & | ^ - between sets.
func setArith(op *arithOp, x, y value.Value) (value.Value, error) {
	var keep func(inX, inY bool) bool
	switch op {
	case opBitAnd:
		keep = func(a, b bool) bool { return a && b }
	case opBitOr, opAdd:
		keep = func(a, b bool) bool { return a || b }
	case opBitXor:
		keep = func(a, b bool) bool { return a != b }
	case opSub:
		keep = func(a, b bool) bool { return a && !b }
	default:
		return nil, fmt.Errorf("The operation %s is not supported for sets.", op.name)
	}
	return setOp(keep)(nil, []value.Value{x, y})
}

// setCompare implements == != (equality) and <= < >= > (subset) of sets.
func setCompare(op *cmpOp, x, y *value.Set) (value.Value, error) {
	sub := func(a, b *value.Set) bool {
		for _, e := range elems(a.Keys()) {
			if !b.Contains(e) {
				return false
			}
		}
		return true
	}
	xy, yx := sub(x, y), sub(y, x)
	var r bool
	switch op {
	case opEq:
		r = xy && yx
	case opNe:
		r = !(xy && yx)
	case opLe:
		r = xy
	case opLt:
		r = xy && !yx
	case opGe:
		r = yx
	case opGt:
		r = yx && !xy
	}
	return value.Bool(b2i(r)), nil
}

// rowImpl is row(obj, index): a table's row is a dictionary of column name
// to value, a matrix's a vector across its columns, a vector's (or a
// tuple's) its element; a pair a:b selects rows a to b-1 and keeps the form.
func rowImpl(_ value.Env, a []value.Value) (value.Value, error) {
	usage := func() error {
		return fmt.Errorf("Usage: row(obj, index). obj must be a vector, matrix or table; index an integral scalar or pair.")
	}
	n := 0
	switch o := a[0].(type) {
	case *value.Table:
		n = o.Rows()
	case *value.Matrix:
		n = o.Rows()
	case *value.Vector:
		n = o.Len()
	default:
		return nil, usage()
	}
	if p, ok := a[1].(*value.Pair); ok {
		lo, ok1 := value.ToInt64(p.First())
		hi, ok2 := value.ToInt64(p.Second())
		if !ok1 || !ok2 || !isIntegral(p.Type()) {
			return nil, usage()
		}
		lo, hi = max(lo, 0), min(hi, int64(n))
		if hi < lo {
			hi = lo
		}
		switch o := a[0].(type) {
		case *value.Table:
			return o.Slice(int(lo), int(hi)), nil
		case *value.Matrix:
			idx := make([]int, 0, int(hi-lo)*o.Cols())
			for c := range o.Cols() {
				for r := lo; r < hi; r++ {
					idx = append(idx, c*o.Rows()+int(r))
				}
			}
			m, err := value.FromVector(o.Data().Gather(idx), int(hi-lo), o.Cols())
			if err != nil {
				return nil, err
			}
			if l := o.ColLabels(); l != nil {
				_ = m.SetColLabels(l)
			}
			return m, nil
		}
		return a[0].(*value.Vector).Slice(int(lo), int(hi)), nil
	}
	i, err := argInt("row", a[1])
	if err != nil || !isIntegral(a[1].Type()) {
		return nil, usage()
	}
	if i < 0 || i >= int64(n) {
		return nil, fmt.Errorf("row: index %d is out of range [0, %d)", i, n)
	}
	switch o := a[0].(type) {
	case *value.Table:
		return o.Row(int(i)), nil
	case *value.Matrix:
		return o.Row(int(i)), nil
	}
	return a[0].(*value.Vector).Get(int(i)), nil
}
