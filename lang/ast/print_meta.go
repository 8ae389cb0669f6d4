// This file writes metacode the way DolphinDB's console shows it (PrintMeta),
// which is not the script the parser read: string and symbol constants are
// double-quoted ("MSFT" for `MSFT), SQL's = is ==, binary operators are
// spaced (< 1 + 2 > for <1+2>), the lists of a query are joined by a bare
// comma (select a,b from t where c1,c2), csort and order by items carry asc
// or desc, a top-level count is `top n`, between's bounds are a pair(lo,
// hi) call, and parentheses are the ones precedence needs, not the ones
// written. Every CODE value shows this text (string(code) and the
// console). Print, the script printer, is a separate mode: its output
// parses back to the same tree, which this text need not.

package ast

import (
	"strconv"
	"strings"
)

// MetaPrinter prints metacode as DolphinDB shows it. Its hooks let the
// metaprogramming functions show what they splice into syntax trees.
type MetaPrinter struct {
	// Ident, when set, may give the text of an identifier (a table passed
	// by value is bound to a hidden name and shows as the caller's
	// variable).
	Ident func(*Ident) (string, bool)
	// Call, when set, may give the text of a call (a value spliced into
	// metacode as a call shows as the value).
	Call func(*CallExpr) (string, bool)
}

// MetaHintMap is the flag shown among the hints of a query run with map
// (select [256] ... map).
const MetaHintMap = 256

// PrintMeta is n as DolphinDB displays metacode, without the angle
// brackets.
func PrintMeta(n Node) string {
	var m MetaPrinter
	return m.Print(n)
}

// Print is n as DolphinDB displays metacode, without the angle brackets.
func (m *MetaPrinter) Print(n Node) string {
	var b strings.Builder
	if e, ok := n.(Expr); ok {
		m.metaExpr(&b, e, 0)
	} else {
		b.WriteString(Print(n))
	}
	return b.String()
}

// WriteExpr writes e; min is the precedence the context needs, below which
// e is parenthesized (0: none).
func (m *MetaPrinter) WriteExpr(b *strings.Builder, e Expr, min int) { m.metaExpr(b, e, min) }

// WriteItems writes select items (or context by keys) joined by commas.
func (m *MetaPrinter) WriteItems(b *strings.Builder, items []*SelectItem) { m.metaItems(b, items) }

// WriteSelect writes a query; hint is the [n] after select (the HINT_*
// flags of sql(hint=...)), 0 for none; from, when not "", is the text of
// the from clause.
func (m *MetaPrinter) WriteSelect(b *strings.Builder, q *SelectExpr, hint int, from string) {
	m.metaSelect(b, q, hint, from)
}

// MetaOpPrec is the display precedence of a binary operator symbol, and
// MetaPrecMul the one of * and of operators not listed.
func MetaOpPrec(op string) (int, bool) {
	p, ok := metaBinaryPrec[op]
	return p, ok
}

const MetaPrecMul = mpMul

func (m *MetaPrinter) hookIdent(x *Ident) (string, bool) {
	if m.Ident == nil {
		return "", false
	}
	return m.Ident(x)
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

var metaBinaryPrec = map[string]int{
	"or": mpOr, "||": mpOr, "and": mpAnd, "&&": mpAnd,
	"==": mpCompare, "=": mpCompare, "!=": mpCompare, "<>": mpCompare, "<": mpCompare,
	"<=": mpCompare, ">": mpCompare, ">=": mpCompare, "in": mpCompare, "not in": mpCompare,
	"like": mpCompare, "not like": mpCompare, "ilike": mpCompare, "not ilike": mpCompare,
	"between": mpCompare, "not between": mpCompare, "is": mpCompare, "is not": mpCompare,
	"|": mpBitOr, "^": mpBitXor, "&": mpBitAnd, "<<": mpShift, ">>": mpShift,
	"+": mpAdd, "-": mpAdd, ":": mpPair, "..": mpPair,
}

// exprPrec is how tightly e binds when printed.
func metaPrec(e Expr) int {
	switch x := e.(type) {
	case *BinaryExpr:
		if x.Fun != nil {
			return mpAtom // printed as a call
		}
		if p, ok := metaBinaryPrec[x.Op]; ok {
			return p
		}
		return mpMul
	case *BetweenExpr, *IsNullExpr:
		return mpCompare
	case *UnaryExpr:
		return mpUnary
	case *ParenExpr:
		return metaPrec(x.X)
	case *TernaryExpr:
		return 0
	}
	return mpAtom
}

// metaExpr writes e; min is the precedence the context needs, below which
// e is parenthesized.
func (m *MetaPrinter) metaExpr(b *strings.Builder, e Expr, min int) {
	if p, ok := e.(*ParenExpr); ok {
		if r, ok := p.X.(*ColumnRange); ok {
			// (a1...a3) is a tuple of the columns, not the range spread
			// into a select list: the parentheses are kept.
			b.WriteString("(" + r.From + "..." + r.To + ")")
			return
		}
		m.metaExpr(b, p.X, min)
		return
	}
	if metaPrec(e) < min {
		b.WriteByte('(')
		m.metaExpr(b, e, 0)
		b.WriteByte(')')
		return
	}
	switch x := e.(type) {
	case *Literal:
		b.WriteString(metaLiteral(x))
	case *VectorLit:
		m.metaList(b, "[", x.Elems, ",", "]")
	case *ArrayLit:
		m.metaList(b, "[", x.Elems, ",", "]")
	case *TupleLit:
		m.metaList(b, "(", x.Elems, ", ", ")")
	case *Ident:
		switch {
		case x.Quoted:
			b.WriteString(`_"` + x.Name + `"`)
		default:
			if s, ok := m.hookIdent(x); ok {
				b.WriteString(s)
			} else {
				b.WriteString(x.Name)
			}
		}
	case *MacroVar:
		if x.Many {
			b.WriteString("_$$" + x.Name)
		} else {
			b.WriteString("_$" + x.Name)
		}
	case *BinaryExpr:
		m.metaBinary(b, x)
	case *UnaryExpr:
		op := x.Op
		if op == "not" {
			op = "!"
		}
		if op == "!" {
			b.WriteString("! ")
		} else {
			b.WriteString(op)
		}
		m.metaExpr(b, x.X, mpUnary)
	case *BetweenExpr:
		m.metaExpr(b, x.X, mpCompare+1)
		if x.Not {
			b.WriteString(" not")
		}
		b.WriteString(" between pair(")
		m.metaExpr(b, x.Lo, 0)
		b.WriteString(", ")
		m.metaExpr(b, x.Hi, 0)
		b.WriteString(")")
	case *IsNullExpr:
		m.metaExpr(b, x.X, mpCompare+1)
		if x.Not {
			b.WriteString(" is not null")
		} else {
			b.WriteString(" is null")
		}
	case *CallExpr:
		m.metaCall(b, x)
	case *SelectorExpr:
		m.metaExpr(b, x.X, mpAtom)
		b.WriteString("." + x.Sel.Name)
	case *IndexExpr:
		m.metaExpr(b, x.X, mpAtom)
		m.metaList(b, "[", x.Indices, ", ", "]")
	case *AliasedExpr:
		m.metaExpr(b, x.X, 0)
		b.WriteString(" as " + x.Alias)
	case *MetaCode:
		b.WriteString("<")
		m.metaExpr(b, x.X, 0)
		b.WriteString(">")
	case *SelectExpr:
		m.metaSelect(b, x, 0, "")
	case *JoinExpr:
		m.metaExpr(b, x.Left, 0)
		b.WriteString(" " + joinWord(x.Kind) + " ")
		m.metaExpr(b, x.Right, 0)
		if x.On != nil {
			b.WriteString(" on ")
			m.metaExpr(b, x.On, 0)
		}
	case *ColumnRange:
		b.WriteString(x.From + "..." + x.To)
	default:
		b.WriteString(Print(e))
	}
}

func (m *MetaPrinter) metaList(b *strings.Builder, open string, list []Expr, sep, close string) {
	b.WriteString(open)
	for i, e := range list {
		if i > 0 {
			b.WriteString(sep)
		}
		m.metaExpr(b, e, 0)
	}
	b.WriteString(close)
}

// literalText is a constant as the console shows it in metacode.
func metaLiteral(l *Literal) string {
	switch l.Kind {
	case LitString:
		return strconv.Quote(l.Text)
	case LitBool:
		return l.Text
	case LitNull:
		return "NULL"
	case LitNumber:
		if l.Raw != "" && l.Type == 2 {
			return l.Text // a CHAR code shows as its number
		}
		if l.Type == 16 || l.Type == 15 {
			// a floating constant shows as the console prints the value
			// (2.0 as 2)
			return strings.TrimSuffix(l.Text, ".0")
		}
		if l.Text != "" {
			return l.Text
		}
	case LitTemporal, LitDuration:
		if l.Text != "" {
			return l.Text
		}
	}
	return LiteralText(l)
}

func (m *MetaPrinter) metaBinary(b *strings.Builder, x *BinaryExpr) {
	if x.Fun != nil { // x f y is the call f(x, y)
		m.metaExpr(b, x.Fun, mpAtom)
		b.WriteString("(")
		m.metaExpr(b, x.X, 0)
		b.WriteString(", ")
		m.metaExpr(b, x.Y, 0)
		b.WriteString(")")
		return
	}
	p := metaPrec(x)
	op := x.Op
	if op == "=" {
		op = "=="
	}
	m.metaExpr(b, x.X, p)
	if op == "between" || op == "not between" {
		if pair, ok := x.Y.(*BinaryExpr); ok && pair.Op == ":" && pair.Fun == nil {
			b.WriteString(" " + op + " pair(")
			m.metaExpr(b, pair.X, 0)
			b.WriteString(", ")
			m.metaExpr(b, pair.Y, 0)
			b.WriteString(")")
			return
		}
	}
	b.WriteString(" " + op + " ")
	m.metaExpr(b, x.Y, p+1) // left-associative: an equal right operand is grouped
}

func (m *MetaPrinter) metaCall(b *strings.Builder, c *CallExpr) {
	if m.Call != nil {
		if s, ok := m.Call(c); ok {
			b.WriteString(s)
			return
		}
	}
	m.metaExpr(b, c.Fun, mpAtom)
	if c.Style == CallJuxta && len(c.Args) == 1 {
		b.WriteString(" ")
		m.metaExpr(b, c.Args[0].Value, 0)
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
			m.metaExpr(b, a.Value, 0)
		}
	}
	b.WriteString(")")
}

func joinWord(k JoinKind) string {
	switch k {
	case JoinLeft:
		return "left join"
	case JoinRight:
		return "right join"
	case JoinFull:
		return "full join"
	case JoinCross:
		return "cross join"
	case JoinLeftSemi:
		return "left semi join"
	case JoinAsof:
		return "asof join"
	case JoinWindow:
		return "window join"
	}
	return "inner join"
}

// metaSelect writes a query; hint is the [n] after select (the HINT_*
// flags of sql(hint=...), 256 for map), 0 for none; from, when not "",
// is the text of the from clause.
func (m *MetaPrinter) metaSelect(b *strings.Builder, q *SelectExpr, hint int, from string) {
	if len(q.With) > 0 {
		b.WriteString("with ")
		for i, c := range q.With {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.Name)
			if len(c.Cols) > 0 {
				b.WriteString("(" + strings.Join(c.Cols, ", ") + ")")
			}
			b.WriteString(" as (")
			m.metaSelect(b, c.Query, 0, "")
			b.WriteString(") ")
		}
	}
	if q.Exec {
		b.WriteString("exec ")
	} else {
		b.WriteString("select ")
	}
	hint |= q.Hint
	if q.Map {
		hint |= MetaHintMap
	}
	if hint != 0 {
		b.WriteString("[" + strconv.Itoa(hint) + "] ")
	}
	if q.Top != nil {
		b.WriteString("top ")
		if p, ok := q.Top.(*BinaryExpr); ok && p.Op == ":" {
			m.metaExpr(b, p.X, mpAtom)
			b.WriteString(":")
			m.metaExpr(b, p.Y, mpAtom)
		} else {
			m.metaExpr(b, q.Top, mpAtom)
		}
		b.WriteString(" ")
	}
	if q.Distinct {
		b.WriteString("distinct ")
	}
	m.metaItems(b, q.Items)
	if from != "" {
		b.WriteString(" from " + from)
	} else if q.From != nil {
		b.WriteString(" from ")
		m.metaExpr(b, q.From, 0)
	}
	if len(q.Where) > 0 {
		b.WriteString(" where ")
		for i, w := range q.Where {
			if i > 0 {
				b.WriteString(",")
			}
			m.metaExpr(b, w, 0)
		}
	}
	if q.Group == CGroupBy && len(q.CGroupWithin) > 0 {
		b.WriteString(" group by ")
		m.metaItems(b, q.CGroupWithin)
	}
	switch q.Group {
	case GroupBy:
		b.WriteString(" group by ")
	case ContextBy:
		b.WriteString(" context by ")
	case PivotBy:
		b.WriteString(" pivot by ")
	case CGroupBy:
		b.WriteString(" cgroup by ")
	}
	if q.Group != GroupNone {
		m.metaItems(b, q.GroupBy)
	}
	if len(q.Csort) > 0 {
		b.WriteString(" csort ")
		m.metaOrder(b, q.Csort)
	}
	if q.Having != nil {
		b.WriteString(" having ")
		m.metaExpr(b, q.Having, 0)
	}
	if len(q.OrderBy) > 0 {
		b.WriteString(" order by ")
		m.metaOrder(b, q.OrderBy)
	}
	if q.Limit != nil {
		b.WriteString(" limit ")
		if q.Offset != nil {
			m.metaExpr(b, q.Offset, 0)
			b.WriteString(", ")
		}
		m.metaExpr(b, q.Limit, 0)
	}
	if q.Map {
		b.WriteString(" map")
	}
	if q.Union != nil {
		b.WriteString(" union ")
		if q.UnionAll {
			b.WriteString("all ")
		}
		m.metaSelect(b, q.Union, 0, "")
	}
}

func (m *MetaPrinter) metaItems(b *strings.Builder, items []*SelectItem) {
	for i, it := range items {
		if i > 0 {
			b.WriteString(",")
		}
		m.metaExpr(b, it.Expr, 0)
		if it.AliasMacro != nil {
			b.WriteString(" as ")
			m.metaExpr(b, it.AliasMacro, 0)
		} else if len(it.Aliases) > 0 {
			b.WriteString(" as " + strings.Join(it.Aliases, ","))
		}
	}
}

func (m *MetaPrinter) metaOrder(b *strings.Builder, items []*OrderItem) {
	for i, it := range items {
		if i > 0 {
			b.WriteString(",")
		}
		m.metaExpr(b, it.Expr, 0)
		if it.Desc {
			b.WriteString(" desc")
		} else {
			b.WriteString(" asc")
		}
	}
}
