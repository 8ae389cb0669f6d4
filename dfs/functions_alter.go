// This file defines the script functions that change a DFS table's schema
// or name (renameTable, addColumn, dropColumns!/drop!, rename!,
// setColumnComment) and the node's database listings (getAllDBs,
// getDFSDatabases), with flushTSDBCache, which has nothing to flush here:
// a write is on disk when it is acknowledged.

package dfs

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// alterNames are the built-ins of in-memory tables this file wraps for
// DFS table handles.
var alterNames = []string{"addColumn", "dropColumns!", "drop!", "rename!", "setColumnComment"}

func alterFunctions(st *Store, add func(string, []string, func(value.Env, []value.Value) (value.Value, error)), delegate func(string, value.Env, []value.Value) (value.Value, error)) {
	add("renameTable", []string{"dbHandle", "tableName", "newTableName"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		db, err := dbArg(st, arg(a, 0))
		if err != nil {
			return nil, err
		}
		old, ok1 := strArg(arg(a, 1))
		nw, ok2 := strArg(arg(a, 2))
		if !ok1 || !ok2 || nw == "" {
			return nil, userErr("renameTable: tableName and newTableName must be strings.")
		}
		if err := st.RenameTable(db, old, nw); err != nil {
			return nil, err
		}
		return NewTableHandle(st, db, nw), nil
	})
	add("addColumn", []string{"table", "colNames", "colTypes"}, func(env value.Env, a []value.Value) (value.Value, error) {
		h, ok := arg(a, 0).(*Table)
		if !ok {
			return delegate("addColumn", env, a)
		}
		names, ok := strsArg(arg(a, 1))
		if !ok || len(names) == 0 {
			return nil, userErr("addColumn: colNames must be a STRING scalar or vector.")
		}
		types, err := typesArg(arg(a, 2), len(names))
		if err != nil {
			return nil, err
		}
		return value.Nothing, st.AlterTable(h.DB, h.Name, func(tm *TableMeta) error {
			for i, n := range names {
				if tm.ColIndex(n) >= 0 {
					return userErr("The column [%s] already exists in the table [%s].", n, tm.Name)
				}
				t := types[i]
				if t.IsArray() || t == value.ANY || t == value.VOID || (t.Width() == 0 && t != value.STRING && t != value.BLOB && t != value.SYMBOL) {
					return userErr("The column type %s is not supported in a DFS table.", t)
				}
				// A name of its own in segment files: a dropped column of
				// the same name must not come back with its old data.
				tm.ColSeq++
				c := ColDef{Name: n, Type: t, Phys: fmt.Sprintf("%s#%d", n, tm.ColSeq)}
				tm.Cols = append(tm.Cols, c)
			}
			return nil
		})
	})
	drop := func(name string) func(value.Env, []value.Value) (value.Value, error) {
		return func(env value.Env, a []value.Value) (value.Value, error) {
			h, ok := arg(a, 0).(*Table)
			if !ok {
				// drop! is dropColumns!'s alias.
				return delegate("dropColumns!", env, a)
			}
			col, ok := strArg(arg(a, 1))
			if !ok {
				return nil, userErr("%s: colNames must be a string scalar when table is a DFS table.", name)
			}
			err := st.AlterTable(h.DB, h.Name, func(tm *TableMeta) error {
				if err := olapOnly(st, h, name); err != nil {
					return err
				}
				i := tm.ColIndex(col)
				if i < 0 {
					return userErr("The column [%s] does not exist in the table [%s].", col, tm.Name)
				}
				if isOneOf(tm.PartCols, tm.Cols[i].Name) {
					return userErr("Deleting a partitioning column from a DFS table is not supported.")
				}
				if len(tm.Cols) == 1 {
					return userErr("Can't drop the only column of the table [%s].", tm.Name)
				}
				tm.Cols = append(tm.Cols[:i:i], tm.Cols[i+1:]...)
				return nil
			})
			if err != nil {
				return nil, err
			}
			return h, nil
		}
	}
	add("dropColumns!", []string{"table", "colNames"}, drop("dropColumns!"))
	add("drop!", []string{"table", "colNames"}, drop("drop!"))
	add("rename!", []string{"X", "Y", "Z"}, func(env value.Env, a []value.Value) (value.Value, error) {
		h, ok := arg(a, 0).(*Table)
		if !ok {
			return delegate("rename!", env, a)
		}
		y, oky := strsArg(arg(a, 1))
		var olds, news []string
		if z := arg(a, 2); z != nil {
			zs, okz := strsArg(z)
			if !oky || !okz || len(y) != len(zs) {
				return nil, userErr("rename!: the old and the new column names must be strings of the same count.")
			}
			olds, news = y, zs
		} else {
			if !oky {
				return nil, userErr("rename!: the new column names must be strings.")
			}
			news = y
		}
		err := st.AlterTable(h.DB, h.Name, func(tm *TableMeta) error {
			if err := olapOnly(st, h, "rename!"); err != nil {
				return err
			}
			if len(news) > len(tm.Cols) {
				return userErr("rename!: the table [%s] has %d columns, fewer than the %d names given.", tm.Name, len(tm.Cols), len(news))
			}
			idx := make([]int, len(news))
			for i := range news {
				idx[i] = i
				if olds != nil {
					if idx[i] = tm.ColIndex(olds[i]); idx[i] < 0 {
						return userErr("The column [%s] does not exist in the table [%s].", olds[i], tm.Name)
					}
				}
			}
			for k, i := range idx {
				old := tm.Cols[i].Name
				if j := tm.ColIndex(news[k]); j >= 0 && j != i {
					return userErr("The column [%s] already exists in the table [%s].", news[k], tm.Name)
				}
				tm.Cols[i].Phys = tm.Cols[i].phys()
				tm.Cols[i].Name = news[k]
				renameIn(tm.PartCols, old, news[k])
				renameIn(tm.SortCols, old, news[k])
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return h, nil
	})
	add("setColumnComment", []string{"table", "columnComments"}, func(env value.Env, a []value.Value) (value.Value, error) {
		h, ok := arg(a, 0).(*Table)
		if !ok {
			return delegate("setColumnComment", env, a)
		}
		d, ok := arg(a, 1).(*value.Dict)
		if !ok {
			return nil, userErr("setColumnComment: columnComments must be a dictionary of column names and comments.")
		}
		return value.Nothing, st.AlterTable(h.DB, h.Name, func(tm *TableMeta) error {
			for i := 0; i < d.Len(); i++ {
				n, ok1 := strArg(d.KeyAt(i))
				c, ok2 := strArg(d.ValueAt(i))
				if !ok1 || !ok2 {
					return userErr("setColumnComment: columnComments must be a dictionary of column names and comments.")
				}
				ci := tm.ColIndex(n)
				if ci < 0 {
					return userErr("The column [%s] does not exist in the table [%s].", n, tm.Name)
				}
				tm.Cols[ci].Comment = c
			}
			return nil
		})
	})
	add("getDFSDatabases", nil, func(_ value.Env, a []value.Value) (value.Value, error) {
		return value.NewStringVector(st.cat.Databases()), nil
	})
	// getAllDBs: per database (its path without "dfs:/"), the tables as
	// "name:number:deleted:physicalName;", numbered in the database from
	// the database's own number as DolphinDB's first table shows 2.
	add("getAllDBs", nil, func(_ value.Env, a []value.Value) (value.Value, error) {
		out := value.NewDict(value.STRING, value.STRING, false)
		for _, n := range st.cat.Databases() {
			d, ok := st.cat.Database(n)
			if !ok {
				continue
			}
			var b strings.Builder
			for _, tn := range sortedTables(d) {
				t := d.Tables[tn]
				num := t.Seq - d.Seq + 1
				fmt.Fprintf(&b, "%s:%d:0:%s_%d;", t.Name, num, t.dir(), num)
			}
			out.Set(value.String("/"+d.ShortName()), value.String(b.String()))
		}
		return out, nil
	})
	add("flushTSDBCache", nil, func(_ value.Env, a []value.Value) (value.Value, error) {
		return value.Nothing, nil
	})
}

// typesArg reads addColumn's colTypes: one type per name.
func typesArg(v value.Value, n int) ([]value.Type, error) {
	var out []value.Type
	switch x := v.(type) {
	case *value.Vector:
		for i := 0; i < x.Len(); i++ {
			t, ok := value.ToInt64(x.Get(i))
			if !ok {
				return nil, userErr("addColumn: colTypes must be data types.")
			}
			out = append(out, value.Type(t))
		}
	default:
		t, ok := toInt(v)
		if !ok {
			return nil, userErr("addColumn: colTypes must be data types.")
		}
		out = []value.Type{value.Type(t)}
	}
	if len(out) != n {
		return nil, userErr("addColumn: the number of colTypes must match the number of colNames.")
	}
	return out, nil
}

// olapOnly refuses dropColumns! and rename! on a TSDB table, as DolphinDB
// does ("for the OLAP engine only").
func olapOnly(st *Store, h *Table, fn string) error {
	d, err := st.Database(h.DB)
	if err != nil {
		return err
	}
	if d.engineTSDB() {
		return userErr("%s is supported on DFS tables of the OLAP engine only.", fn)
	}
	return nil
}

func isOneOf(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func renameIn(xs []string, old, nw string) {
	for i, x := range xs {
		if x == old {
			xs[i] = nw
		}
	}
}
