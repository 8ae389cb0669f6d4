// This file defines how a DFS table handle (the value of loadTable) behaves
// in expressions, as DolphinDB's does: metadata functions (rows, size,
// count, cols, columnNames, schema, typestr) answer from the catalog
// without reading data, while taking a column (pt.x, pt[`x]) is refused
// with DolphinDB's S02008: data comes out of a DFS table through SQL.

package dfs

import (
	"github.com/porpoisedb/porpoise/vm/value"
)

// TypeString is typestr of a DFS table handle.
const TypeString = "SEGMENTED DFS TABLE"

// errColumnAccess is DolphinDB's error for pt.col and pt[`col] on a DFS
// table.
var errColumnAccess = uerr(ErrInvalid, "Direct access using column names is not supported to retrieve data from a DFS table. Please use a SQL query instead. RefId:S02008")

// TypeStr is typestr(pt).
func (t *Table) TypeStr() string { return TypeString }

// Member is pt.name when name is neither a column nor a function: the VM's
// member access calls it on values that have it (an interface of its own,
// as for Source); for a DFS table it is always S02008.
func (t *Table) Member(name string) (value.Value, error) { return nil, errColumnAccess }

// Index is pt[i]: S02008, as Member.
func (t *Table) Index(idx []value.Value) (value.Value, error) { return nil, errColumnAccess }

// Materialize returns the whole table in memory: what a DFS table handle
// is when it leaves the server (an API client asked for loadTable(...) or a
// variable holding one), since only data can be serialized.
func (t *Table) Materialize() (*value.Table, error) { return t.Load(nil) }

// handleFunctions adds the wrappers of built-ins that take a DFS table
// handle: each answers for a handle and passes anything else to the
// built-in of that name (delegate). wrap keeps the built-in's parameter
// names and, for aggregates, its being one (the SQL engine asks).
func handleFunctions(wrap func(name string, agg bool, impl func(env value.Env, a []value.Value) (value.Value, error)), delegate func(name string, env value.Env, a []value.Value) (value.Value, error)) {
	// rows and size of a table are its row count, from the catalog.
	for _, name := range []string{"rows", "size"} {
		wrap(name, name == "size", func(env value.Env, a []value.Value) (value.Value, error) {
			if h, ok := arg(a, 0).(*Table); ok && len(a) == 1 {
				snap, err := h.Snapshot()
				if err != nil {
					return nil, err
				}
				return value.Int(snap.Rows()), nil
			}
			return delegate(name, env, a)
		})
	}
	wrap("typestr", false, func(env value.Env, a []value.Value) (value.Value, error) {
		if h, ok := arg(a, 0).(*Table); ok {
			return value.String(h.TypeStr()), nil
		}
		return delegate("typestr", env, a)
	})
	wrap("at", false, func(env value.Env, a []value.Value) (value.Value, error) {
		if h, ok := arg(a, 0).(*Table); ok {
			return h.Index(a[1:])
		}
		return delegate("at", env, a)
	})
}

// wrappedNames are the built-ins handleFunctions and Functions wrap.
var wrappedNames = append([]string{"rows", "size", "typestr", "at", "cols", "columnNames", "schema", "append!", "tableInsert", "upsert!", "tableUpsert"}, alterNames...)
