// This file gives the CODE values made by the metaprogramming functions the
// text DolphinDB shows for them: lang/ast's metacode printer, told how to
// show what these functions splice into syntax trees (tables passed by
// value, values without a literal).

package sql

import (
	"strings"
	"sync"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// boundNames maps the identifier a table passed by value is bound to
// (bindTable) to the name the console shows for it: the caller's
// variable, as DolphinDB shows the table's own name.
var boundNames sync.Map // bound identifier -> display name

// metaPrinter shows bound tables by their display names and spliced
// values as the console prints them.
var metaPrinter = &ast.MetaPrinter{
	Ident: func(id *ast.Ident) (string, bool) {
		if d, ok := boundNames.Load(id.Name); ok {
			return d.(string), true
		}
		return "", false
	},
	Call: func(c *ast.CallExpr) (string, bool) {
		if id, ok := c.Fun.(*ast.Ident); ok && id.Name == metaValueFunc {
			return embeddedText(c), true
		}
		return "", false
	},
}

// metaText is n as DolphinDB displays metacode (without the angle
// brackets).
func metaText(n ast.Node) string { return metaPrinter.Print(n) }

func metaExpr(b *strings.Builder, e ast.Expr, min int) { metaPrinter.WriteExpr(b, e, min) }

func metaItems(b *strings.Builder, items []*ast.SelectItem) { metaPrinter.WriteItems(b, items) }

func metaSelect(b *strings.Builder, q *ast.SelectExpr, hint int, from string) {
	metaPrinter.WriteSelect(b, q, hint, from)
}

// valueText is how a value spliced into metacode shows: a function by its
// name, anything else as the console prints it.
func valueText(v value.Value) string {
	if f, ok := v.(value.Function); ok && f.Name() != "" {
		return f.Name()
	}
	if v == nil {
		return "NULL"
	}
	return v.String()
}
