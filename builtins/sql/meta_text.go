// This file writes metacode the way DolphinDB's console shows it, which is
// not the script the parser read: string and symbol constants are
// double-quoted ("MSFT" for `MSFT), SQL's = is ==, the lists of a query
// are joined by a bare comma (select a,b from t where c1,c2), csort and
// order by items carry asc or desc, a top-level count is `top n` (a
// negative one `limit n`), between's bounds are a pair(lo, hi) call, and
// parentheses are the ones precedence needs, not the ones written. The
// metaprogramming functions give their CODE values this text (it is what
// string(code) and the console print).

package sql

import (
	"strconv"
	"strings"
	"sync"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// boundNames maps the identifier a table passed by value is bound to
// (bindTable) to the name the console shows for it: the caller's
// variable, as DolphinDB shows the table's own name.
var boundNames sync.Map // bound identifier -> display name

// metaText is n as DolphinDB displays metacode (without the angle
// brackets).
func metaText(n ast.Node) string {
	var b strings.Builder
	metaNode(&b, n)
	return b.String()
}

func metaNode(b *strings.Builder, n ast.Node) {
	switch n := n.(type) {
	case ast.Expr:
		metaExpr(b, n, 0)
	case *ast.UpdateStmt, *ast.DeleteStmt:
		b.WriteString(ast.Print(n))
	default:
		b.WriteString(ast.Print(n))
	}
}

// Precedence levels of the display; a higher one binds tighter.
const (
	mpOr      = 1
	mpAnd     = 2
	mpCompare = 4
	mpBitOr   = 5
	mpBitXor  = 6
	mpBitAnd  = 7
	mpShift   = 8
	mpAdd     = 9
	mpMul     = 10
	mpPair    = 15
	mpUnary   = 18
	mpAtom    = 100
)

var binaryPrec = map[string]int{
	"or": mpOr, "||": mpOr, "and": mpAnd, "&&": mpAnd,
	"==": mpCompare, "=": mpCompare, "!=": mpCompare, "<>": mpCompare, "<": mpCompare,
	"<=": mpCompare, ">": mpCompare, ">=": mpCompare, "in": mpCompare, "not in": mpCompare,
	"like": mpCompare, "not like": mpCompare, "ilike": mpCompare, "not ilike": mpCompare,
	"between": mpCompare, "not between": mpCompare, "is": mpCompare, "is not": mpCompare,
	"|": mpBitOr, "^": mpBitXor, "&": mpBitAnd, "<<": mpShift, ">>": mpShift,
	"+": mpAdd, "-": mpAdd, ":": mpPair, "..": mpPair,
}

// exprPrec is how tightly e binds when printed.
func exprPrec(e ast.Expr) int {
	switch x := e.(type) {
	case *ast.BinaryExpr:
		if x.Fun != nil {
			return mpAtom // printed as a call
		}
		if p, ok := binaryPrec[x.Op]; ok {
			return p
		}
		return mpMul
	case *ast.BetweenExpr, *ast.IsNullExpr:
		return mpCompare
	case *ast.UnaryExpr:
		return mpUnary
	case *ast.ParenExpr:
		return exprPrec(x.X)
	case *ast.TernaryExpr:
		return 0
	}
	return mpAtom
}

// metaExpr writes e; min is the precedence the context needs, below which
// e is parenthesized.
func metaExpr(b *strings.Builder, e ast.Expr, min int) {
	if p, ok := e.(*ast.ParenExpr); ok {
		metaExpr(b, p.X, min)
		return
	}
	if exprPrec(e) < min {
		b.WriteByte('(')
		metaExpr(b, e, 0)
		b.WriteByte(')')
		return
	}
	switch x := e.(type) {
	case *ast.Literal:
		b.WriteString(literalText(x))
	case *ast.VectorLit:
		metaList(b, "[", x.Elems, ",", "]")
	case *ast.ArrayLit:
		metaList(b, "[", x.Elems, ",", "]")
	case *ast.TupleLit:
		metaList(b, "(", x.Elems, ", ", ")")
	case *ast.Ident:
		switch {
		case x.Quoted:
			b.WriteString(`_"` + x.Name + `"`)
		default:
			if d, ok := boundNames.Load(x.Name); ok {
				b.WriteString(d.(string))
			} else {
				b.WriteString(x.Name)
			}
		}
	case *ast.MacroVar:
		if x.Many {
			b.WriteString("_$$" + x.Name)
		} else {
			b.WriteString("_$" + x.Name)
		}
	case *ast.BinaryExpr:
		metaBinary(b, x)
	case *ast.UnaryExpr:
		op := x.Op
		if op == "not" {
			op = "!"
		}
		if op == "!" {
			b.WriteString("! ")
		} else {
			b.WriteString(op)
		}
		metaExpr(b, x.X, mpUnary)
	case *ast.BetweenExpr:
		metaExpr(b, x.X, mpCompare+1)
		if x.Not {
			b.WriteString(" not")
		}
		b.WriteString(" between pair(")
		metaExpr(b, x.Lo, 0)
		b.WriteString(", ")
		metaExpr(b, x.Hi, 0)
		b.WriteString(")")
	case *ast.IsNullExpr:
		metaExpr(b, x.X, mpCompare+1)
		if x.Not {
			b.WriteString(" is not null")
		} else {
			b.WriteString(" is null")
		}
	case *ast.CallExpr:
		metaCall(b, x)
	case *ast.SelectorExpr:
		metaExpr(b, x.X, mpAtom)
		b.WriteString("." + x.Sel.Name)
	case *ast.IndexExpr:
		metaExpr(b, x.X, mpAtom)
		metaList(b, "[", x.Indices, ", ", "]")
	case *ast.AliasedExpr:
		metaExpr(b, x.X, 0)
		b.WriteString(" as " + x.Alias)
	case *ast.MetaCode:
		b.WriteString("<")
		metaExpr(b, x.X, 0)
		b.WriteString(">")
	case *ast.SelectExpr:
		metaSelect(b, x, 0, "")
	case *ast.JoinExpr:
		metaExpr(b, x.Left, 0)
		b.WriteString(" " + joinWord(x.Kind) + " ")
		metaExpr(b, x.Right, 0)
		if x.On != nil {
			b.WriteString(" on ")
			metaExpr(b, x.On, 0)
		}
	case *ast.ColumnRange:
		b.WriteString(x.From + "..." + x.To)
	default:
		b.WriteString(ast.Print(e))
	}
}

func metaList(b *strings.Builder, open string, list []ast.Expr, sep, close string) {
	b.WriteString(open)
	for i, e := range list {
		if i > 0 {
			b.WriteString(sep)
		}
		metaExpr(b, e, 0)
	}
	b.WriteString(close)
}

// literalText is a constant as the console shows it in metacode.
func literalText(l *ast.Literal) string {
	switch l.Kind {
	case ast.LitString:
		return strconv.Quote(l.Text)
	case ast.LitBool:
		return l.Text
	case ast.LitNull:
		return "NULL"
	case ast.LitNumber:
		if l.Raw != "" && l.Type == uint8(value.CHAR) {
			return l.Text // a CHAR code shows as its number
		}
		if l.Type == uint8(value.DOUBLE) || l.Type == uint8(value.FLOAT) {
			// a floating constant shows as the console prints the value
			// (2.0 as 2)
			return strings.TrimSuffix(l.Text, ".0")
		}
		if l.Text != "" {
			return l.Text
		}
	case ast.LitTemporal, ast.LitDuration:
		if l.Text != "" {
			return l.Text
		}
	}
	return ast.LiteralText(l)
}

func metaBinary(b *strings.Builder, x *ast.BinaryExpr) {
	if x.Fun != nil { // x f y is the call f(x, y)
		metaExpr(b, x.Fun, mpAtom)
		b.WriteString("(")
		metaExpr(b, x.X, 0)
		b.WriteString(", ")
		metaExpr(b, x.Y, 0)
		b.WriteString(")")
		return
	}
	p := exprPrec(x)
	op := x.Op
	if op == "=" {
		op = "=="
	}
	metaExpr(b, x.X, p)
	if op == "between" || op == "not between" {
		if pair, ok := x.Y.(*ast.BinaryExpr); ok && pair.Op == ":" && pair.Fun == nil {
			b.WriteString(" " + op + " pair(")
			metaExpr(b, pair.X, 0)
			b.WriteString(", ")
			metaExpr(b, pair.Y, 0)
			b.WriteString(")")
			return
		}
	}
	b.WriteString(" " + op + " ")
	metaExpr(b, x.Y, p+1) // left-associative: an equal right operand is grouped
}

func metaCall(b *strings.Builder, c *ast.CallExpr) {
	if id, ok := c.Fun.(*ast.Ident); ok && id.Name == metaValueFunc {
		b.WriteString(embeddedText(c))
		return
	}
	metaExpr(b, c.Fun, mpAtom)
	if c.Style == ast.CallJuxta && len(c.Args) == 1 {
		b.WriteString(" ")
		metaExpr(b, c.Args[0].Value, 0)
		return
	}
	b.WriteString("(")
	for i, a := range c.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		if a.Name != "" {
			b.WriteString(a.Name + "=")
		}
		if a.Value != nil {
			metaExpr(b, a.Value, 0)
		}
	}
	b.WriteString(")")
}

func joinWord(k ast.JoinKind) string {
	switch k {
	case ast.JoinLeft:
		return "left join"
	case ast.JoinRight:
		return "right join"
	case ast.JoinFull:
		return "full join"
	case ast.JoinCross:
		return "cross join"
	case ast.JoinLeftSemi:
		return "left semi join"
	case ast.JoinAsof:
		return "asof join"
	case ast.JoinWindow:
		return "window join"
	}
	return "inner join"
}

// metaSelect writes a query; hint is the [n] after select (the HINT_*
// flags of sql(hint=...), 256 for map), 0 for none; from, when not "",
// is the text of the from clause.
func metaSelect(b *strings.Builder, q *ast.SelectExpr, hint int, from string) {
	if len(q.With) > 0 {
		b.WriteString("with ")
		for i, c := range q.With {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.Name + " as (")
			metaSelect(b, c.Query, 0, "")
			b.WriteString(") ")
		}
	}
	if q.Exec {
		b.WriteString("exec ")
	} else {
		b.WriteString("select ")
	}
	if q.Map {
		hint |= hintMap
	}
	if hint != 0 {
		b.WriteString("[" + strconv.Itoa(hint) + "] ")
	}
	if q.Top != nil {
		b.WriteString("top ")
		if p, ok := q.Top.(*ast.BinaryExpr); ok && p.Op == ":" {
			metaExpr(b, p.X, mpAtom)
			b.WriteString(":")
			metaExpr(b, p.Y, mpAtom)
		} else {
			metaExpr(b, q.Top, mpAtom)
		}
		b.WriteString(" ")
	}
	if q.Distinct {
		b.WriteString("distinct ")
	}
	metaItems(b, q.Items)
	if from != "" {
		b.WriteString(" from " + from)
	} else if q.From != nil {
		b.WriteString(" from ")
		metaExpr(b, q.From, 0)
	}
	if len(q.Where) > 0 {
		b.WriteString(" where ")
		for i, w := range q.Where {
			if i > 0 {
				b.WriteString(",")
			}
			metaExpr(b, w, 0)
		}
	}
	if q.Group == ast.CGroupBy && len(q.CGroupWithin) > 0 {
		b.WriteString(" group by ")
		metaItems(b, q.CGroupWithin)
	}
	switch q.Group {
	case ast.GroupBy:
		b.WriteString(" group by ")
	case ast.ContextBy:
		b.WriteString(" context by ")
	case ast.PivotBy:
		b.WriteString(" pivot by ")
	case ast.CGroupBy:
		b.WriteString(" cgroup by ")
	}
	if q.Group != ast.GroupNone {
		metaItems(b, q.GroupBy)
	}
	if len(q.Csort) > 0 {
		b.WriteString(" csort ")
		metaOrder(b, q.Csort)
	}
	if q.Having != nil {
		b.WriteString(" having ")
		metaExpr(b, q.Having, 0)
	}
	if len(q.OrderBy) > 0 {
		b.WriteString(" order by ")
		metaOrder(b, q.OrderBy)
	}
	if q.Limit != nil {
		b.WriteString(" limit ")
		if q.Offset != nil {
			metaExpr(b, q.Offset, 0)
			b.WriteString(", ")
		}
		metaExpr(b, q.Limit, 0)
	}
	if q.Map {
		b.WriteString(" map")
	}
	if q.Union != nil {
		b.WriteString(" union ")
		if q.UnionAll {
			b.WriteString("all ")
		}
		metaSelect(b, q.Union, 0, "")
	}
}

func metaItems(b *strings.Builder, items []*ast.SelectItem) {
	for i, it := range items {
		if i > 0 {
			b.WriteString(",")
		}
		metaExpr(b, it.Expr, 0)
		if it.AliasMacro != nil {
			b.WriteString(" as ")
			metaExpr(b, it.AliasMacro, 0)
		} else if len(it.Aliases) > 0 {
			b.WriteString(" as " + strings.Join(it.Aliases, ","))
		}
	}
}

func metaOrder(b *strings.Builder, items []*ast.OrderItem) {
	for i, it := range items {
		if i > 0 {
			b.WriteString(",")
		}
		metaExpr(b, it.Expr, 0)
		if it.Desc {
			b.WriteString(" desc")
		} else {
			b.WriteString(" asc")
		}
	}
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
