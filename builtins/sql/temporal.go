// This file recognises temporal group keys computed by division:
// date(x) of a DATETIME is floor(x / 86400), minute(x) of a TIME is
// floor(x / 60000) ... They give the built-ins' values without a VM call
// and without materialising the key.

package sql

import (
	"github.com/porpoisedb/porpoise/vm/value"
)

// temporalKey returns fn(col) as a derived key, if it is a division.
func temporalKey(fn string, col *value.Vector) (key, bool) {
	var div int64
	var out value.Type
	switch fn {
	case "date":
		out = value.DATE
		switch col.Type() {
		case value.DATETIME:
			div = 86400
		case value.TIMESTAMP:
			div = 86400000
		case value.NANOTIMESTAMP:
			div = 86400000000000
		case value.DATE:
			return key{v: col}, true
		}
	case "minute":
		out = value.MINUTE
		switch col.Type() {
		case value.SECOND:
			div = 60
		case value.TIME:
			div = 60000
		case value.NANOTIME:
			div = 60000000000
		case value.MINUTE:
			return key{v: col}, true
		}
	}
	if div == 0 {
		return key{}, false
	}
	return key{v: col, div: div, typ: out}, true
}
