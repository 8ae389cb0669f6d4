// This file defines the script functions of the DFS (database,
// createPartitionedTable, loadTable, ...) as value.Function values for the
// node's universe.

package dfs

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// fn is a DFS script function.
type fn struct {
	name   string
	params []string
	impl   func(env value.Env, a []value.Value) (value.Value, error)
	agg    bool // wraps an aggregate built-in (size)
}

// Aggregate tells the SQL engine that a wrapper of an aggregate built-in
// is still one.
func (f *fn) Aggregate() bool { return f.agg }

func (f *fn) Type() value.Type     { return value.FUNCTIONDEF }
func (f *fn) Form() value.Form     { return value.SCALAR }
func (f *fn) String() string       { return f.name }
func (f *fn) Name() string         { return f.name }
func (f *fn) ParamNames() []string { return f.params }
func (f *fn) Call(env value.Env, a []value.Value) (value.Value, error) {
	return f.impl(env, a)
}

func arg(a []value.Value, i int) value.Value {
	if i < len(a) {
		if _, ok := a[i].(value.Void); ok {
			return nil
		}
		return a[i]
	}
	return nil
}

func strArg(v value.Value) (string, bool) {
	switch s := v.(type) {
	case value.String:
		return string(s), true
	case value.Symbol:
		return string(s), true
	}
	return "", false
}

func strsArg(v value.Value) ([]string, bool) {
	if s, ok := strArg(v); ok {
		return []string{s}, true
	}
	if vec, ok := v.(*value.Vector); ok && (vec.Type() == value.STRING || vec.Type() == value.SYMBOL) {
		out := make([]string, vec.Len())
		for i := range out {
			out[i], _ = strArg(vec.Get(i))
		}
		return out, true
	}
	return nil, false
}

func userErr(format string, args ...any) error { return uerr(ErrInvalid, fmt.Sprintf(format, args...)) }

// Functions returns the DFS functions bound to st, for adding to the
// universe base: database, createPartitionedTable, createTable,
// createDimensionTable, loadTable, existsDatabase, existsTable,
// dropDatabase, dropTable, dropPartition, addValuePartitions, truncate,
// getTables, getClusterDFSDatabases, getClusterDFSTables, getChunksMeta,
// getTabletsMeta, setAtomicLevel, renameTable, getAllDBs, getDFSDatabases,
// flushTSDBCache; and append!, tableInsert, upsert!, tableUpsert, schema,
// addColumn, dropColumns!, rename!, setColumnComment, rows, size, count,
// cols, columnNames, typestr and at, which handle DFS table
// handles and pass anything else to base's function of that name
// (captured now, so adding the result to base itself is fine).
func Functions(st *Store, base map[string]value.Function) map[string]value.Function {
	m := map[string]value.Function{}
	add := func(name string, params []string, impl func(env value.Env, a []value.Value) (value.Value, error)) {
		m[name] = &fn{name: name, params: params, impl: impl}
	}
	// Capture base's functions now: the caller adds ours to the same map.
	orig := map[string]value.Function{}
	for _, n := range wrappedNames {
		if f, ok := base[n]; ok && f != nil {
			orig[n] = f
		}
	}
	delegate := func(name string, env value.Env, a []value.Value) (value.Value, error) {
		if f, ok := orig[name]; ok {
			return f.Call(env, a)
		}
		return nil, fmt.Errorf("%s: unsupported argument", name)
	}
	add("database", []string{"directory", "partitionType", "partitionScheme", "locations", "engine", "atomic", "chunkGranularity"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		return st.fnDatabase(a)
	})
	cpt := func(dim bool) func(value.Env, []value.Value) (value.Value, error) {
		return func(_ value.Env, a []value.Value) (value.Value, error) { return st.fnCreateTable(a, dim) }
	}
	add("createPartitionedTable", []string{"dbHandle", "table", "tableName", "partitionColumns", "compressMethods", "sortColumns", "keepDuplicates", "sortKeyMappingFunction", "softDelete"}, cpt(false))
	for _, n := range []string{"createTable", "createDimensionTable"} {
		add(n, []string{"dbHandle", "table", "tableName", "compressMethods", "sortColumns", "keepDuplicates", "sortKeyMappingFunction", "softDelete"}, cpt(true))
	}
	add("loadTable", []string{"database", "tableName", "partitions", "memoryMode"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		return st.fnLoadTable(a)
	})
	add("existsDatabase", []string{"dbUrl"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		s, ok := strArg(arg(a, 0))
		if !ok {
			return nil, userErr("existsDatabase: dbUrl must be a string")
		}
		return boolV(st.ExistsDatabase(s)), nil
	})
	add("existsTable", []string{"dbUrl", "tableName"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		s, ok1 := strArg(arg(a, 0))
		t, ok2 := strArg(arg(a, 1))
		if !ok1 || !ok2 {
			return nil, userErr("existsTable: dbUrl and tableName must be strings")
		}
		return boolV(st.existsTable(s, t)), nil
	})
	add("dropDatabase", []string{"directory"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		s, ok := strArg(arg(a, 0))
		if !ok {
			return nil, userErr("dropDatabase: directory must be a string")
		}
		return value.Nothing, st.DropDatabase(s)
	})
	add("dropTable", []string{"dbHandle", "tableName"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		db, err := dbArg(st, arg(a, 0))
		if err != nil {
			return nil, err
		}
		t, ok := strArg(arg(a, 1))
		if !ok {
			return nil, userErr("dropTable: tableName must be a string")
		}
		return value.Nothing, st.DropTable(db, t)
	})
	add("dropPartition", []string{"dbHandle", "partitionPaths", "tableName", "forceDelete", "deleteSchema"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		return st.fnDropPartition(a)
	})
	add("addValuePartitions", []string{"dbHandle", "newValues", "level", "locations"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		return st.fnAddPartitions(a, VALUE)
	})
	add("addRangePartitions", []string{"dbHandle", "newRanges", "level", "locations"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		return st.fnAddPartitions(a, RANGE)
	})
	add("truncate", []string{"dbUrl", "tableName"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		db, err := dbArg(st, arg(a, 0))
		if err != nil {
			return nil, err
		}
		t, ok := strArg(arg(a, 1))
		if !ok {
			return nil, userErr("truncate: tableName must be a string")
		}
		return value.Nothing, st.Truncate(db, t)
	})
	add("setAtomicLevel", []string{"dbHandle", "atomic"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		db, err := dbArg(st, arg(a, 0))
		if err != nil {
			return nil, err
		}
		level := upper(arg(a, 1), "")
		if level != "TRANS" && level != "CHUNK" {
			return nil, userErr("setAtomicLevel: atomic must be 'TRANS' or 'CHUNK'.")
		}
		if _, err := st.Database(db); err != nil {
			return nil, err
		}
		return value.Nothing, st.cat.SetAtomic(db, level)
	})
	add("getClusterDFSDatabases", nil, func(_ value.Env, a []value.Value) (value.Value, error) {
		return value.NewStringVector(st.cat.Databases()), nil
	})
	add("getClusterDFSTables", nil, func(_ value.Env, a []value.Value) (value.Value, error) {
		var out []string
		for _, n := range st.cat.Databases() {
			d, _ := st.cat.Database(n)
			for _, t := range sortedTables(d) {
				out = append(out, n+"/"+t)
			}
		}
		return value.NewStringVector(out), nil
	})
	add("getTables", []string{"dbHandle"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		db, err := dbArg(st, arg(a, 0))
		if err != nil {
			return nil, err
		}
		d, err := st.Database(db)
		if err != nil {
			return nil, err
		}
		return value.NewStringVector(sortedTables(d)), nil
	})
	add("getChunksMeta", []string{"chunkPath", "top"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		p, ok := strArg(arg(a, 0))
		if !ok && arg(a, 0) != nil {
			return nil, userErr("getChunksMeta: chunkPath must be a string.")
		}
		return st.chunksMeta(p, arg(a, 1))
	})
	add("getTabletsMeta", []string{"chunkPath", "tableName", "diskUsage", "top"}, func(_ value.Env, a []value.Value) (value.Value, error) {
		p, ok1 := strArg(arg(a, 0))
		t, ok2 := strArg(arg(a, 1))
		if (!ok1 && arg(a, 0) != nil) || (!ok2 && arg(a, 1) != nil) {
			return nil, userErr("getTabletsMeta: chunkPath and tableName must be strings.")
		}
		du, _ := toInt(arg(a, 2))
		return st.tabletsMeta(p, t, du != 0, arg(a, 3))
	})
	add("append!", []string{"obj", "newData"}, func(env value.Env, a []value.Value) (value.Value, error) {
		if h, ok := arg(a, 0).(*Table); ok {
			t, ok := arg(a, 1).(*value.Table)
			if !ok {
				return nil, userErr("append!: only a table can be appended to a DFS table")
			}
			_, err := h.AppendTable(t)
			return h, err
		}
		return delegate("append!", env, a)
	})
	add("tableInsert", []string{"table", "args..."}, func(env value.Env, a []value.Value) (value.Value, error) {
		if h, ok := arg(a, 0).(*Table); ok {
			t, err := insertArgs(st, h, a[1:])
			if err != nil {
				return nil, err
			}
			n, err := h.AppendTable(t)
			return value.Int(n), err
		}
		return delegate("tableInsert", env, a)
	})
	add("schema", []string{"table"}, func(env value.Env, a []value.Value) (value.Value, error) {
		switch h := arg(a, 0).(type) {
		case *Table:
			return st.schema(h)
		case *Database:
			return st.dbSchema(h)
		}
		return delegate("schema", env, a)
	})
	// Table introspection on DFS handles: metadata only, no data read.
	handleFunctions(func(name string, agg bool, impl func(env value.Env, a []value.Value) (value.Value, error)) {
		params := []string{"X"}
		if pn, ok := orig[name].(value.ParamNamer); ok {
			params = pn.ParamNames()
		}
		m[name] = &fn{name: name, params: params, impl: impl, agg: agg}
	}, delegate)
	alterFunctions(st, add, delegate)
	upsertFunctions(st, add, delegate)
	add("cols", []string{"X"}, func(env value.Env, a []value.Value) (value.Value, error) {
		if h, ok := arg(a, 0).(*Table); ok {
			return value.Int(len(h.ColumnNames())), nil
		}
		return delegate("cols", env, a)
	})
	add("columnNames", []string{"X"}, func(env value.Env, a []value.Value) (value.Value, error) {
		if h, ok := arg(a, 0).(*Table); ok {
			return value.NewStringVector(h.ColumnNames()), nil
		}
		return delegate("columnNames", env, a)
	})
	return m
}

// existsTable is existsTable(dbUrl, tableName): dbUrl is a database or a
// partition path in one ("dfs://db/20170807"), where the table must have
// data in that partition.
func (st *Store) existsTable(url, table string) bool {
	url = NormalizeDB(url)
	path := ""
	for {
		if d, err := st.Database(url); err == nil {
			t := d.Tables[table]
			if t == nil {
				return false
			}
			if path == "" {
				return true
			}
			for p, ch := range t.Chunks {
				if (p == path || strings.HasPrefix(p, path+"/")) && ch.Rows > 0 {
					return true
				}
			}
			return false
		}
		i := strings.LastIndex(url, "/")
		if i <= len("dfs://") || !strings.HasPrefix(url, "dfs://") {
			return false
		}
		path = url[i:] + path
		url = url[:i]
	}
}

func sortedTables(d *DBMeta) []string {
	var ts []*TableMeta
	for _, t := range d.Tables {
		ts = append(ts, t)
	}
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Seq < ts[j-1].Seq; j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

// dbArg accepts a database handle or a "dfs://" path.
func dbArg(st *Store, v value.Value) (string, error) {
	switch d := v.(type) {
	case *Database:
		if d.Name == "" {
			return "", userErr("The database handle is not a DFS database.")
		}
		return d.Name, nil
	}
	if s, ok := strArg(v); ok {
		return NormalizeDB(s), nil
	}
	return "", userErr("A database handle or a DFS path (dfs://...) is expected.")
}

// insertArgs builds the table tableInsert appends: a table, a tuple of
// columns, or one argument per column.
func insertArgs(st *Store, h *Table, a []value.Value) (*value.Table, error) {
	if len(a) == 1 {
		if t, ok := a[0].(*value.Table); ok {
			return t, nil
		}
		if v, ok := a[0].(*value.Vector); ok && v.Type() == value.ANY {
			a = v.Elems()
		}
	}
	d, err := st.Database(h.DB)
	if err != nil {
		return nil, err
	}
	tm := d.Tables[h.Name]
	if tm == nil {
		return nil, uerr(ErrNotFound, "The table ["+h.Name+"] does not exist.")
	}
	if len(a) != len(tm.Cols) {
		return nil, uerr(ErrInvalid, "The number of columns of the current table must match that of the target table. RefId:S01015")
	}
	cols := make([]value.Value, len(a))
	for i, x := range a {
		if v, ok := x.(*value.Vector); ok {
			cols[i] = v
		} else {
			cols[i] = value.MakeVector([]value.Value{x})
		}
	}
	return value.NewTable(tm.Names(), cols)
}

func upper(v value.Value, def string) string {
	if s, ok := strArg(v); ok {
		return strings.ToUpper(s)
	}
	return def
}
