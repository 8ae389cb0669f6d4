// This file declares keyed tables' key handling (keyedTable,
// indexedTable) and upsert!: rows whose key exists update it, the others
// are appended.

package builtins

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

var upsertFuncs = []*Func{
	{Name: "upsert!", Params: []string{"obj", "newData", "[ignoreNull]", "[keyColNames]", "[sortColumns]"}, Kind: System, Doc: "Updates the rows of obj whose keys appear in newData and appends the others.", Impl: upsertImpl},
}

func registerUpsert(r *Registry) { r.Register(upsertFuncs...) }

// keyedTableOf is keyedTable(keyColumns, X...): the table of X... keyed on
// keyColumns.
func keyedTableOf(a []value.Value, names []string) (value.Value, error) {
	tv, err := TableFromArgs(names, a[1:])
	if err != nil {
		return nil, err
	}
	t, ok := tv.(*value.Table)
	if !ok {
		return tv, nil
	}
	keys := vecStrings(toVector(a[0]))
	if !isLiteral(a[0].Type()) || len(keys) == 0 {
		return nil, fmt.Errorf("Usage: keyedTable(keyColumns, X, [X1], ...). keyColumns must be a STRING scalar or vector.")
	}
	return t, t.SetKeys(keys)
}

// AppendRows appends the rows of src to t; a keyed (or indexed) table
// overwrites the rows whose key is already there, as DolphinDB does for
// append!, tableInsert and insert into.
func AppendRows(t, src *value.Table) error {
	if keys := t.Keys(); keys != nil {
		return upsertRows(t, src, keys, false)
	}
	return t.AppendTable(src)
}

func upsertImpl(_ value.Env, a []value.Value) (value.Value, error) {
	t, ok := a[0].(*value.Table)
	if !ok {
		return nil, fmt.Errorf("Usage: upsert!(obj, newData, [ignoreNull=false], [keyColNames], [sortColumns]). obj must be a table.")
	}
	nd, ok := a[1].(*value.Table)
	if !ok {
		return nil, fmt.Errorf("Usage: upsert!(obj, newData, [ignoreNull=false], [keyColNames], [sortColumns]). newData must be a table.")
	}
	ignoreNull := len(a) > 2 && a[2] != nil && argBool(a[2], false)
	keys := t.Keys()
	if len(a) > 3 && a[3] != nil {
		keys = vecStrings(toVector(a[3]))
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("upsert!: keyColNames must be given for a table without keys")
	}
	if err := upsertRows(t, nd, keys, ignoreNull); err != nil {
		return nil, err
	}
	return t, nil
}

// upsertRows updates or appends each row of nd in t by the key columns.
// nd's columns match t's by name when all of them are found, else by
// position.
func upsertRows(t, nd *value.Table, keys []string, ignoreNull bool) error {
	colOf := make([]int, nd.NumCols()) // nd column -> t column
	byName := true
	for j, n := range nd.Names() {
		if colOf[j] = t.ColIndex(n); colOf[j] < 0 {
			byName = false
		}
	}
	if !byName {
		if nd.NumCols() != t.NumCols() {
			return fmt.Errorf("The number of columns of the table to insert must be the same as that of the original table")
		}
		for j := range colOf {
			colOf[j] = j
		}
	}
	tk := make([]int, len(keys))
	nk := make([]int, len(keys))
	for k, n := range keys {
		if tk[k] = t.ColIndex(n); tk[k] < 0 {
			return fmt.Errorf("The key column %s doesn't exist in the table", n)
		}
		nk[k] = -1
		for j, c := range colOf {
			if c == tk[k] {
				nk[k] = j
			}
		}
		if nk[k] < 0 {
			return fmt.Errorf("The key column %s is missing from the new data", n)
		}
	}
	where := make(map[string]int, t.Rows())
	for r := range t.Rows() {
		where[t.KeyOf(tk, r)] = r
	}
	for r := range nd.Rows() {
		k := nd.KeyOf(nk, r)
		if at, ok := where[k]; ok {
			for j, c := range colOf {
				x := nd.Column(j).Get(r)
				if ignoreNull && value.IsNull(x) {
					continue
				}
				if err := t.Column(c).Set(at, x); err != nil {
					return err
				}
			}
			continue
		}
		n := t.Rows()
		for c := range t.NumCols() {
			var x value.Value = value.Void{}
			for j, cc := range colOf {
				if cc == c {
					x = nd.Column(j).Get(r)
				}
			}
			if err := t.Column(c).Append(x); err != nil {
				for cc := range c {
					t.Column(cc).Truncate(n)
				}
				return err
			}
		}
		where[k] = n
	}
	return nil
}
