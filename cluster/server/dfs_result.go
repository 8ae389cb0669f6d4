// This file turns a DFS table handle into data before it is sent: a
// handle (the value of loadTable, or a variable holding one) is only names
// in this process, and an API client that asks for it, as DolphinDB's
// clients do with run("loadTable(...)"), gets the table's rows.

package server

import (
	"github.com/porpoisedb/porpoise/dfs"
	"github.com/porpoisedb/porpoise/vm/value"
)

// resultValue is v as it is serialized: a DFS table handle is read whole
// (one snapshot, so the rows are consistent); anything else is itself.
func resultValue(v value.Value) (value.Value, error) {
	if h, ok := v.(*dfs.Table); ok {
		return h.Materialize()
	}
	return v, nil
}
