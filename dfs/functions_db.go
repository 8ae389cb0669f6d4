// This file defines the bodies of database(), createPartitionedTable(),
// loadTable(), dropPartition(), schema() and the chunk introspection
// functions.

package dfs

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

func boolV(b bool) value.Value {
	if b {
		return value.Bool(1)
	}
	return value.Bool(0)
}

func (st *Store) fnDatabase(a []value.Value) (value.Value, error) {
	dir, ok := strArg(arg(a, 0))
	if arg(a, 0) == nil {
		dir, ok = "", true
	}
	if !ok {
		return nil, userErr("database: directory must be a string")
	}
	dir = NormalizeDB(dir)
	if dir != "" && !strings.HasPrefix(dir, "dfs://") {
		return nil, userErr("Only DFS databases (dfs://...) are supported by this server; [%s] is a local path.", dir)
	}
	ptv := arg(a, 1)
	if ptv == nil {
		if dir == "" {
			return nil, userErr("database: the partition type is missing.")
		}
		if _, err := st.Database(dir); err != nil {
			return nil, err
		}
		return &Database{st: st, Name: dir}, nil
	}
	pti, ok := value.ToInt64(ptv)
	if !ok {
		return nil, userErr("database: partitionType must be VALUE, RANGE, HASH, LIST or COMPO")
	}
	meta := &DBMeta{Name: dir, Engine: upper(arg(a, 4), "OLAP"), Atomic: upper(arg(a, 5), "TRANS"), Granularity: upper(arg(a, 6), "TABLE")}
	switch meta.Engine {
	case "OLAP", "TSDB":
	default:
		return nil, userErr("The engine %s is not supported; use OLAP or TSDB.", meta.Engine)
	}
	if meta.Atomic != "TRANS" && meta.Atomic != "CHUNK" {
		return nil, userErr("The atomic level must be 'TRANS' or 'CHUNK'.")
	}
	if meta.Granularity != "TABLE" && meta.Granularity != "DATABASE" {
		return nil, userErr("The chunkGranularity must be 'TABLE' or 'DATABASE'.")
	}
	pt := PartType(pti)
	scheme := arg(a, 2)
	switch pt {
	case SEQ:
		return nil, userErr("SEQ partitions are only for local disk databases.")
	case COMPO:
		vec, ok := scheme.(*value.Vector)
		if !ok || vec.Type() != value.ANY || vec.Len() < 2 || vec.Len() > 3 {
			return nil, userErr("A COMPO partition scheme must be a tuple of 2 or 3 database handles.")
		}
		for _, e := range vec.Elems() {
			h, ok := e.(*Database)
			if !ok {
				return nil, userErr("A COMPO partition scheme must be a tuple of 2 or 3 database handles.")
			}
			m, err := h.Meta()
			if err != nil {
				return nil, err
			}
			if len(m.Levels) != 1 {
				return nil, userErr("A level of a COMPO database must have one partition level.")
			}
			meta.Levels = append(meta.Levels, m.Levels[0])
		}
	default:
		if scheme == nil {
			return nil, userErr("database: the partition scheme is missing.")
		}
		l, err := parseLevel(pt, scheme)
		if err != nil {
			return nil, err
		}
		meta.Levels = []*Level{l}
	}
	if dir == "" {
		return &Database{st: st, meta: meta}, nil
	}
	d, err := st.CreateDatabase(meta)
	if err != nil {
		return nil, err
	}
	return &Database{st: st, Name: d.Name}, nil
}

func (st *Store) fnCreateTable(a []value.Value, dim bool) (value.Value, error) {
	h, ok := arg(a, 0).(*Database)
	if !ok || h.Name == "" {
		return nil, userErr("The first argument must be a DFS database handle.")
	}
	d, err := st.Database(h.Name)
	if err != nil {
		return nil, err
	}
	schema, ok := arg(a, 1).(*value.Table)
	if !ok {
		return nil, userErr("The table argument must be a table.")
	}
	name, ok := strArg(arg(a, 2))
	if !ok || name == "" {
		return nil, userErr("The tableName argument must be a string.")
	}
	off := 0
	if dim {
		off = -1
	}
	tm := &TableMeta{Name: name, Dimension: dim}
	for _, c := range schema.Columns() {
		if c.Type().IsArray() || c.Type() == value.ANY || (c.Type().Width() == 0 && c.Type() != value.STRING && c.Type() != value.BLOB) {
			return nil, userErr("The column type %s is not supported in a DFS table.", c.Type())
		}
	}
	for i, n := range schema.Names() {
		c := schema.Column(i)
		tm.Cols = append(tm.Cols, ColDef{Name: n, Type: c.Type(), Scale: c.Scale()})
	}
	if err := setCompressMethods(tm, arg(a, 4+off)); err != nil {
		return nil, err
	}
	if !dim {
		pcs, ok := strsArg(arg(a, 3))
		if !ok {
			return nil, userErr("partitionColumns must be a string or a string vector.")
		}
		if len(pcs) != len(d.Levels) {
			return nil, userErr("The number of partitioning columns (%d) must match the number of partition levels (%d).", len(pcs), len(d.Levels))
		}
		for _, pc := range pcs {
			i := tm.ColIndex(pc)
			if i < 0 {
				return nil, userErr("The partitioning column %s does not exist in the table.", pc)
			}
			tm.PartCols = append(tm.PartCols, tm.Cols[i].Name)
		}
	}
	if d.engineTSDB() {
		sc, ok := strsArg(arg(a, 5+off))
		if !ok || len(sc) == 0 {
			return nil, userErr("sortColumns must be specified for a table of the TSDB engine.")
		}
		for _, c := range sc {
			i := tm.ColIndex(c)
			if i < 0 {
				return nil, userErr("The sort column %s does not exist in the table.", c)
			}
			tm.SortCols = append(tm.SortCols, tm.Cols[i].Name)
		}
		kd := arg(a, 6+off)
		tm.KeepDup = "ALL"
		if s, ok := strArg(kd); ok {
			tm.KeepDup = strings.ToUpper(s)
		} else if k, ok := toInt(kd); ok {
			// The script constants: FIRST 0, LAST 1, ALL 2.
			switch k {
			case 0:
				tm.KeepDup = "FIRST"
			case 1:
				tm.KeepDup = "LAST"
			case 2:
				tm.KeepDup = "ALL"
			default:
				tm.KeepDup = ""
			}
		}
		switch tm.KeepDup {
		case "ALL", "LAST", "FIRST":
		default:
			return nil, userErr("keepDuplicates must be ALL, LAST or FIRST.")
		}
	}
	if err := st.CreateTable(d.Name, tm); err != nil {
		return nil, err
	}
	return NewTableHandle(st, d.Name, name), nil
}

// setCompressMethods records compressMethods (a dictionary column name ->
// "lz4" | "delta" | "zstd") in the table's column definitions. delta is
// only for the types DolphinDB allows it on.
func setCompressMethods(tm *TableMeta, v value.Value) error {
	if v == nil {
		return nil
	}
	d, ok := v.(*value.Dict)
	if !ok {
		return userErr("compressMethods must be a dictionary of column names and compression methods.")
	}
	for i := 0; i < d.Len(); i++ {
		name, ok1 := strArg(d.KeyAt(i))
		m, ok2 := strArg(d.ValueAt(i))
		if !ok1 || !ok2 {
			return userErr("compressMethods must be a dictionary of column names and compression methods.")
		}
		ci := tm.ColIndex(name)
		if ci < 0 {
			return userErr("The column %s in compressMethods does not exist in the table.", name)
		}
		m = strings.ToLower(m)
		switch m {
		case MethodLZ4, MethodZstd:
		case MethodDelta:
			if !deltaType(tm.Cols[ci].Type) {
				return userErr("The delta compression method can only be used for DECIMAL, SHORT, INT, LONG or temporal data types; column %s is %s.", tm.Cols[ci].Name, tm.Cols[ci].Type)
			}
		default:
			return userErr("Unsupported compression method %s for column %s; use lz4, delta or zstd.", m, tm.Cols[ci].Name)
		}
		tm.Cols[ci].Compress = m
	}
	return nil
}

func (st *Store) fnLoadTable(a []value.Value) (value.Value, error) {
	db, err := dbArg(st, arg(a, 0))
	if err != nil {
		return nil, err
	}
	name, ok := strArg(arg(a, 1))
	if !ok {
		return nil, userErr("loadTable: tableName must be a string")
	}
	d, err := st.Database(db)
	if err != nil {
		return nil, err
	}
	if d.Tables[name] == nil {
		return nil, uerr(ErrNotFound, fmt.Sprintf("The table [%s] does not exist in the database [%s].", name, db))
	}
	// partitions and memoryMode apply to local disk databases only: for
	// a DFS table DolphinDB returns the handle, metadata only, whatever
	// they say (loadTable's manual).
	return NewTableHandle(st, db, name), nil
}

func strVec(s ...string) *value.Vector { return value.NewStringVector(s) }

func (st *Store) schema(h *Table) (value.Value, error) {
	d, err := st.Database(h.DB)
	if err != nil {
		return nil, err
	}
	tm := d.Tables[h.Name]
	if tm == nil {
		return nil, uerr(ErrNotFound, "The table ["+h.Name+"] does not exist.")
	}
	n := len(tm.Cols)
	names, tstr, extra, comment := make([]string, n), make([]string, n), make([]int32, n), make([]string, n)
	tint := make([]int32, n)
	for i, c := range tm.Cols {
		names[i], tstr[i], tint[i], comment[i] = c.Name, c.Type.String(), int32(c.Type), c.Comment
		if c.Type.IsDecimal() {
			tstr[i] = fmt.Sprintf("%s(%d)", c.Type, c.Scale)
			extra[i] = c.Scale
		} else {
			extra[i] = -2147483648
		}
	}
	colDefs, err := value.NewTable([]string{"name", "typeString", "typeInt", "extra", "comment"}, []value.Value{value.NewStringVector(names), value.NewStringVector(tstr), value.NewIntVector(tint), value.NewIntVector(extra), value.NewStringVector(comment)})
	if err != nil {
		return nil, err
	}
	methods, err := value.NewTable([]string{"name", "compressMethods"}, []value.Value{value.NewStringVector(names), value.NewStringVector(tm.Methods())})
	if err != nil {
		return nil, err
	}
	dict := value.NewDict(value.STRING, value.ANY, false)
	set := func(k string, v value.Value) { dict.Set(value.String(k), v) }
	if !tm.Dimension && len(d.Levels) > 0 {
		var idx []int32
		for i := range d.Levels {
			idx = append(idx, int32(tm.ColIndex(tm.PartCols[i])))
		}
		if len(d.Levels) == 1 {
			set("partitionColumnName", value.String(tm.PartCols[0]))
			set("partitionColumnIndex", value.Int(idx[0]))
		} else {
			set("partitionColumnName", value.NewStringVector(tm.PartCols))
			set("partitionColumnIndex", value.NewIntVector(idx))
		}
		setScheme(d, set)
	} else {
		// A dimension table: DolphinDB reports index -1.
		set("partitionColumnIndex", value.Int(-1))
	}
	set("chunkGranularity", value.String(d.Granularity))
	set("engineType", value.String(d.Engine))
	set("atomic", value.String(d.Atomic))
	// keepDuplicates is listed for OLAP tables too (ALL), as the manual's
	// schema example shows.
	keep := tm.KeepDup
	if keep == "" {
		keep = "ALL"
	}
	set("keepDuplicates", value.String(keep))
	if len(tm.SortCols) > 0 {
		set("sortColumns", value.NewStringVector(tm.SortCols))
	}
	set("compressMethods", methods)
	set("colDefs", colDefs)
	set("dbUrl", value.String(d.Name))
	set("tableName", value.String(tm.Name))
	return dict, nil
}

// setScheme sets the partition scheme entries of schema(): scalars for one
// level, vectors (and a tuple of schemes) for COMPO.
func setScheme(d *DBMeta, set func(string, value.Value)) {
	var types, colTypes []int32
	var pts []string
	var schemes []value.Value
	for _, l := range d.Levels {
		types = append(types, int32(l.Type))
		colTypes = append(colTypes, int32(l.ColType))
		pts = append(pts, l.Type.String())
		schemes = append(schemes, l.schemeValue())
	}
	if len(d.Levels) == 1 {
		set("partitionType", value.Int(types[0]))
		set("partitionTypeName", value.String(pts[0]))
		set("partitionColumnType", value.Int(colTypes[0]))
		set("partitionSchema", schemes[0])
	} else {
		set("partitionType", value.NewIntVector(types))
		set("partitionTypeName", value.NewStringVector(pts))
		set("partitionColumnType", value.NewIntVector(colTypes))
		set("partitionSchema", value.NewTuple(schemes))
	}
}

// dbSchema is schema(dbHandle): the database's partition scheme and
// settings.
func (st *Store) dbSchema(h *Database) (value.Value, error) {
	d, err := h.Meta()
	if err != nil {
		return nil, err
	}
	dict := value.NewDict(value.STRING, value.ANY, false)
	set := func(k string, v value.Value) { dict.Set(value.String(k), v) }
	set("databaseDir", value.String(d.Name))
	if len(d.Levels) > 0 {
		setScheme(d, set)
	}
	set("engineType", value.String(d.Engine))
	set("atomic", value.String(d.Atomic))
	set("chunkGranularity", value.String(d.Granularity))
	return dict, nil
}

func toInt(v value.Value) (int64, bool) {
	if v == nil {
		return 0, false
	}
	return value.ToInt64(v)
}
