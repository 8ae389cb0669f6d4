// This file names result columns as DolphinDB does: a column keeps its
// name, f(col) becomes f_col (max(price) -> max_price, count(*) -> count),
// an alias wins, and repeated names get suffixes.

package sql

import (
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/compile"
)

// itemName names a select or group-by item.
func itemName(it *ast.SelectItem) string {
	if len(it.Aliases) > 0 && it.Aliases[0] != "" {
		return it.Aliases[0]
	}
	return exprName(it.Expr)
}

func exprName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.ParenExpr:
		return exprName(x.X)
	case *ast.CallExpr:
		fn := funcName(x.Fun)
		for _, a := range x.Args {
			if id, ok := a.Value.(*ast.Ident); ok && id.Name == "*" {
				return fn
			}
			// A call of a call is named by the outer function alone: the
			// manual prints rowSum(ffill(price)) as rowSum and
			// interval(year(time), ...) as interval.
			switch unparen(a.Value).(type) {
			case *ast.CallExpr, *ast.BinaryExpr, *ast.UnaryExpr:
				return fn
			}
			if n := argName(a.Value); n != "" {
				return fn + "_" + n
			}
		}
		return fn
	case *ast.BinaryExpr:
		fn := funcName(x.Fun)
		if x.Fun == nil {
			fn = compile.OperatorName(x.Op)
		}
		if n := argName(x.X); n != "" {
			return fn + "_" + n
		}
		if n := argName(x.Y); n != "" {
			return fn + "_" + n
		}
		return fn
	case *ast.UnaryExpr:
		fn := "neg"
		if x.Op != "-" {
			fn = "not"
		}
		if n := argName(x.X); n != "" {
			return fn + "_" + n
		}
		return fn
	case *ast.Literal:
		return x.Text
	case *ast.WindowExpr:
		return exprName(x.Call)
	}
	return "col"
}

// argName is the column name an argument contributes to its caller's name.
func argName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.ParenExpr:
		return argName(x.X)
	case *ast.CallExpr, *ast.BinaryExpr, *ast.UnaryExpr, *ast.WindowExpr:
		return exprName(x)
	}
	return ""
}

func funcName(f ast.Expr) string {
	switch x := f.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.AdverbExpr:
		return funcName(x.Fun)
	case *ast.PartialExpr:
		return funcName(x.Fun)
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return "col"
}
