// This file is loadTextEx: a text file into a DFS table. Builtins may not
// import dfs (tests/deps_test.go), so the DFS side is reached by name
// through the calling session: loadTable, createPartitionedTable or
// createTable, and append!, whichever implementation the node installed.

package builtins

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// funcLooker is the part of the VM's thread that finds functions by name.
type funcLooker interface {
	LookupFunc(name string) (value.Function, bool)
}

func callByName(env value.Env, name string, args ...value.Value) (value.Value, error) {
	l, ok := env.(funcLooker)
	if !ok {
		return nil, fmt.Errorf("loadTextEx: %s is not available in this session", name)
	}
	f, ok := l.LookupFunc(name)
	if !ok {
		return nil, fmt.Errorf("loadTextEx: %s is not available in this session", name)
	}
	return env.Call(f, args)
}

func loadTextExImpl(env value.Env, a []value.Value) (value.Value, error) {
	const fn = "loadTextEx"
	db := a[0]
	name, ok := stringScalar(a[1])
	if !ok || name == "" {
		return nil, fmt.Errorf("%s: tableName must be a non-empty string scalar", fn)
	}
	partCols := a[2]
	if partCols == nil || partCols.Type() != value.STRING && partCols.Type() != value.SYMBOL && partCols.Type() != value.VOID {
		return nil, fmt.Errorf("%s: partitionColumns must be a string scalar or vector", fn)
	}
	ta, err := parseTextArgs(fn, a, 3, 4, 5, 6, 10, 11)
	if err != nil {
		return nil, err
	}
	var transform value.Function
	if present(a, 7) {
		if transform, ok = a[7].(value.Function); !ok {
			return nil, fmt.Errorf("%s: transform must be a function", fn)
		}
	}
	// An existing table fixes the column types: without a schema the file
	// is read as the table's columns, as DolphinDB converts to them.
	handle, lerr := callByName(env, "loadTable", db, value.String(name))
	exists := lerr == nil
	if !exists && !strings.Contains(lerr.Error(), "does not exist") {
		return nil, fmt.Errorf("%s: %v", fn, lerr)
	}
	if exists && ta.schema == nil && transform == nil {
		if s, err := schemaOf(env, handle); err == nil {
			ta.schema = s
		}
	}
	t, err := loadTextFile(ta)
	if err != nil {
		return nil, err
	}
	var data value.Value = t
	if transform != nil {
		if data, err = env.Call(transform, []value.Value{t}); err != nil {
			return nil, err
		}
		if _, ok := data.(*value.Table); !ok {
			return nil, fmt.Errorf("%s: transform must return a table", fn)
		}
	}
	if !exists {
		empty := data.(*value.Table).Slice(0, 0)
		var args []value.Value
		isDim := partCols.Type() == value.VOID || partCols.Form() == value.SCALAR && partCols.String() == ""
		if isDim {
			args = []value.Value{db, empty, value.String(name)}
			if present(a, 8) {
				args = append(args, value.Void{}, a[8])
			}
			handle, err = callByName(env, "createTable", args...)
		} else {
			args = []value.Value{db, empty, value.String(name), partCols}
			if present(a, 8) {
				args = append(args, value.Void{}, a[8])
			}
			handle, err = callByName(env, "createPartitionedTable", args...)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", fn, err)
		}
	}
	if _, err := callByName(env, "append!", handle, data); err != nil {
		return nil, fmt.Errorf("%s: appending %s to %s: %v", fn, ta.file, name, err)
	}
	return handle, nil
}

// schemaOf makes a loadText schema (name, type) from a table handle's
// columns, through schema(handle).colDefs.
func schemaOf(env value.Env, handle value.Value) (*value.Table, error) {
	s, err := callByName(env, "schema", handle)
	if err != nil {
		return nil, err
	}
	d, ok := s.(*value.Dict)
	if !ok {
		return nil, fmt.Errorf("no schema")
	}
	cd, ok := d.Get(value.String("colDefs"))
	if !ok {
		return nil, fmt.Errorf("no colDefs")
	}
	ct, ok := cd.(*value.Table)
	if !ok || ct.Col("name") == nil || ct.Col("typeString") == nil {
		return nil, fmt.Errorf("no colDefs")
	}
	return value.NewTable([]string{"name", "type"}, []value.Value{ct.Col("name"), ct.Col("typeString")})
}
