// This file defines the printer: it turns a node back into DolphinDB
// script. Parsing the printed text yields the same tree (modulo positions):
// the printer adds no parentheses of its own, because the tree keeps the
// source's ParenExprs, and it spaces tokens so that they scan the same.

package ast

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Print returns n as script.
func Print(n Node) string {
	p := &printer{}
	p.node(n)
	return p.b.String()
}

// PrintDebug returns n as script with every binary expression wrapped in
// parentheses, to show how the parser grouped operators (tests use it).
func PrintDebug(n Node) string {
	p := &printer{debug: true}
	p.node(n)
	return p.b.String()
}

type printer struct {
	b      strings.Builder
	debug  bool
	indent int
	// arrowParens asks the next arrow lambda for (x) -> e instead of
	// x -> e: first in a block, "{x -> e" would read back as a braced
	// lambda.
	arrowParens bool
}

func (p *printer) s(s string) { p.b.WriteString(s) }

// str prints x into a fresh string with the same settings.
func (p *printer) str(n Node) string {
	q := &printer{debug: p.debug, indent: p.indent}
	q.node(n)
	return q.b.String()
}

func (p *printer) newline() {
	p.b.WriteByte('\n')
	for i := 0; i < p.indent; i++ {
		p.b.WriteByte('\t')
	}
}

func (p *printer) node(n Node) {
	switch n := n.(type) {
	case nil:
	case *Script:
		for i, chunk := range n.Chunks {
			if i > 0 {
				p.s("\ngo\n")
			}
			for j, st := range chunk {
				if j > 0 {
					p.s("\n")
				}
				p.node(st)
				if annotationEnds(chunk, j) || queryEnds(chunk, j) {
					p.s(";")
				}
			}
		}
	case Expr:
		p.expr(n)
	case Stmt:
		p.stmt(n)
	}
}

// annotationEnds reports whether list[j] is an annotation statement
// followed by annotations: it then needs a ";" so that the ones after it
// are not read as the same group (@a;\n@b\ndef f() ...).
func annotationEnds(list []Stmt, j int) bool {
	if _, ok := list[j].(*Annotation); !ok || j+1 >= len(list) {
		return false
	}
	switch n := list[j+1].(type) {
	case *Annotation:
		return true
	case *FuncDecl:
		return len(n.Annotations) > 0
	}
	return false
}

// queryEnds reports whether list[j] needs a ";" before the statement that
// follows: when it ends with an unparenthesised query (a query continues
// on the next line when that starts with an operator: select x\n&y), or
// when it is a forward declaration.
func queryEnds(list []Stmt, j int) bool {
	if j+1 >= len(list) {
		return false
	}
	if d, ok := list[j].(*FuncDecl); ok && d.Body == nil && d.Expr == nil {
		return true // def f(x);\n{...}: a block is not f's body
	}
	if _, ok := list[j].(*UseStmt); ok {
		return true // use A;\n::A is not the module A::A
	}
	if es, ok := list[j].(*ExprStmt); ok {
		if _, ok := es.X.(*Ident); ok {
			// A lone name may be a word the parser continues on the next
			// line (insert\ninto t, case\nwhen ...): keep its ";".
			return true
		}
	}
	return stmtEndsWithSelect(list[j])
}

// stmtEndsWithAnnotation reports whether the text of s ends with an
// annotation, which runs to the end of its line.
func stmtEndsWithAnnotation(s Stmt) bool {
	switch s := s.(type) {
	case *Annotation:
		return true
	case *IfStmt:
		if s.Else != nil {
			return stmtEndsWithAnnotation(s.Else)
		}
		return stmtEndsWithAnnotation(s.Then)
	case *ForStmt:
		return stmtEndsWithAnnotation(s.Body)
	case *WhileStmt:
		return stmtEndsWithAnnotation(s.Body)
	}
	return false
}

// stmtEndsWithSelect reports whether the text of s ends with an
// unparenthesised query.
func stmtEndsWithSelect(s Stmt) bool {
	switch s := s.(type) {
	case *ExprStmt:
		return endsWithSelect(s.X)
	case *AssignStmt:
		return len(s.Rhs) > 0 && endsWithSelect(s.Rhs[len(s.Rhs)-1])
	case *ReturnStmt:
		return len(s.Results) > 0 && endsWithSelect(s.Results[len(s.Results)-1])
	case *ThrowStmt:
		return endsWithSelect(s.X)
	case *AssertStmt:
		return endsWithSelect(s.X)
	case *IfStmt:
		if s.Else != nil {
			return stmtEndsWithSelect(s.Else)
		}
		return stmtEndsWithSelect(s.Then)
	case *ForStmt:
		return stmtEndsWithSelect(s.Body)
	case *WhileStmt:
		return stmtEndsWithSelect(s.Body)
	}
	return false
}

func (p *printer) exprs(list []Expr, sep string) {
	for i, x := range list {
		if i > 0 {
			p.s(sep)
		}
		p.expr(x)
	}
}

func (p *printer) args(args []Arg) {
	for i, a := range args {
		if i > 0 {
			p.s(", ")
		}
		if a.Name != "" {
			p.s(a.Name)
			p.s("=")
		}
		if a.Value != nil {
			p.expr(a.Value)
		}
	}
}

func (p *printer) expr(x Expr) {
	switch x := x.(type) {
	case nil:
	case *Literal:
		p.s(LiteralText(x))
	case *VectorLit:
		if x.Backticks {
			for _, e := range x.Elems {
				if l, ok := e.(*Literal); ok {
					p.s("`" + l.Text)
				}
			}
			return
		}
		for i, e := range x.Elems {
			if i > 0 {
				// "2012.06.13 13:30:10" with one space is one DATETIME
				// literal; two spaces keep a DATE and a time apart.
				if dateThenTime(x.Elems[i-1], e) {
					p.s("  ")
				} else {
					p.s(" ")
				}
			}
			p.expr(e)
		}
	case *ArrayLit:
		p.s("[")
		p.exprs(x.Elems, ", ")
		p.s("]")
	case *TupleLit:
		p.s("(")
		p.exprs(x.Elems, ", ")
		if len(x.Elems) == 1 {
			p.s(",")
		}
		p.s(")")
	case *DictLit:
		p.s("{")
		for i := range x.Keys {
			if i > 0 {
				p.s(", ")
			}
			p.expr(x.Keys[i])
			p.s(": ")
			if i < len(x.Values) {
				p.expr(x.Values[i])
			}
		}
		p.s("}")
	case *Ident:
		if x.Quoted {
			p.s("_" + quote(x.Name))
		} else {
			p.s(x.Name)
		}
	case *MacroVar:
		if x.Many {
			p.s("_$$" + x.Name)
		} else {
			p.s("_$" + x.Name)
		}
	case *OpFunc:
		p.s(x.Op)
	case *ParenExpr:
		p.s("(")
		p.expr(x.X)
		p.s(")")
	case *UnaryExpr:
		p.unary(x)
	case *BinaryExpr:
		p.binary(x)
	case *TernaryExpr:
		p.expr(x.Cond)
		p.s(" ? ")
		p.expr(x.Then)
		p.s(" : ")
		p.expr(x.Else)
	case *CallExpr:
		p.call(x)
	case *PartialExpr:
		f := p.str(x.Fun)
		p.s(f + metaSep(f, ""))
		p.s("{")
		p.args(x.Args)
		p.s("}")
	case *IndexExpr:
		f := p.str(x.X)
		p.s(f + metaSep(f, ""))
		p.s("[")
		for i, e := range x.Indices {
			if i > 0 {
				p.s(", ")
			}
			p.expr(e)
		}
		p.s("]")
	case *SliceExpr:
		p.expr(x.Lo)
		hi := p.str(x.Hi)
		if hi != "" && (hi[0] >= 'A' && hi[0] <= 'Z' || hi[0] == ':') {
			p.s(": ") // x[: A], not the adverb :A
		} else {
			p.s(":")
		}
		p.s(hi)
	case *SelectorExpr:
		p.receiver(x.X)
		p.s(".")
		p.s(x.Sel.Name)
	case *AdverbExpr:
		fun := p.str(x.Fun)
		p.s(fun)
		if strings.HasSuffix(fun, ":") {
			p.s(" ") // the pair operator as a function: ": :A", not "::A"
		}
		p.s(":" + string(x.Kind))
		if x.Consistent {
			p.s("C")
		}
	case *FuncLit:
		p.funcLit(x)
	case *RefExpr:
		p.s("&")
		p.expr(x.X)
	case *MetaCode:
		inner := p.str(x.X)
		p.s("<")
		if inner != "" && strings.IndexByte("-=<>", inner[0]) >= 0 {
			p.s(" ")
		}
		p.s(inner)
		if inner != "" && strings.IndexByte("<>-=", inner[len(inner)-1]) >= 0 {
			p.s(" ")
		}
		p.s(">")
	case *CaseExpr:
		p.s("case ")
		if x.X != nil {
			p.expr(x.X)
			p.s(" ")
		}
		for i := range x.Whens {
			p.s("when ")
			p.expr(x.Whens[i])
			p.s(" then ")
			if i < len(x.Thens) {
				p.expr(x.Thens[i])
			}
			p.s(" ")
		}
		if x.Else != nil {
			p.s("else ")
			p.expr(x.Else)
			p.s(" ")
		}
		p.s("end")
	case *BetweenExpr:
		p.open()
		p.expr(x.X)
		if x.Not {
			p.s(" not")
		}
		p.s(" between ")
		p.expr(x.Lo)
		p.s(" and ")
		p.expr(x.Hi)
		p.close()
	case *IsNullExpr:
		p.expr(x.X)
		if x.Not {
			p.s(" is not null")
		} else {
			p.s(" is null")
		}
	case *ExistsExpr:
		p.s("exists(")
		p.expr(x.Query)
		p.s(")")
	case *JoinExpr:
		p.expr(x.Left)
		p.s(" " + joinWords[x.Kind] + " ")
		p.expr(x.Right)
		if x.On != nil {
			p.s(" on ")
			p.expr(x.On)
		}
	case *AliasedExpr:
		p.expr(x.X)
		if endsWithSelect(x.X) {
			p.s(" " + aliasText(x.Alias)) // "as" would name the inner query's last item
		} else {
			p.s(" as " + aliasText(x.Alias))
		}
	case *SelectExpr:
		p.selectExpr(x)
	case *ColumnRange:
		p.s(x.From + "..." + x.To)
	case *WindowExpr:
		p.window(x)
	}
}

var boundWords = [...]string{UnboundedPreceding: "unbounded preceding", Preceding: " preceding",
	CurrentRow: "current row", Following: " following", UnboundedFollowing: "unbounded following"}

func (p *printer) window(x *WindowExpr) {
	p.expr(x.Call)
	p.s(" over (")
	sp := ""
	if len(x.Partition) > 0 {
		p.s("partition by ")
		for i, e := range x.Partition {
			if i > 0 {
				p.s(", ")
			}
			p.expr(e)
		}
		sp = " "
	}
	if len(x.OrderBy) > 0 {
		p.s(sp + "order by ")
		p.orderItems(x.OrderBy)
		sp = " "
	}
	if f := x.Frame; f != nil {
		if f.Range {
			p.s(sp + "range between ")
		} else {
			p.s(sp + "rows between ")
		}
		p.bound(f.Lo)
		p.s(" and ")
		p.bound(f.Hi)
	}
	p.s(")")
}

func (p *printer) bound(b FrameBound) {
	if b.Kind == Preceding || b.Kind == Following {
		p.expr(b.Offset)
	}
	p.s(boundWords[b.Kind])
}

var joinWords = [...]string{
	JoinInner: "inner join", JoinLeft: "left join", JoinRight: "right join",
	JoinFull: "full join", JoinCross: "cross join", JoinLeftSemi: "left semi join",
	JoinAsof: "asof join", JoinWindow: "window join",
}

func (p *printer) open() {
	if p.debug {
		p.s("(")
	}
}

func (p *printer) close() {
	if p.debug {
		p.s(")")
	}
}

func (p *printer) unary(x *UnaryExpr) {
	switch x.Op {
	case "not":
		p.s("not ")
		p.expr(x.X)
		return
	case "-":
		if l, ok := x.X.(*Literal); ok && (l.Kind == LitNumber || l.Kind == LitDecimal || l.Kind == LitDuration) {
			p.s("-")
			p.expr(l)
			return
		}
	}
	inner := p.str(x.X)
	p.s(x.Op)
	if _, ok := x.X.(*VectorLit); ok || strings.HasPrefix(inner, "-") || strings.HasPrefix(inner, "!") ||
		strings.HasPrefix(inner, "=") || x.Op == "-" && (strings.HasPrefix(inner, ">") || startsNumber(inner)) {
		p.s(" ")
	}
	p.s(inner)
}

func (p *printer) binary(x *BinaryExpr) {
	p.open()
	l := p.str(x.X)
	r := p.str(x.Y)
	p.s(l)
	switch {
	case x.Fun != nil:
		p.s(metaSep(l, " "))
		p.expr(x.Fun)
		p.s(" ")
	case strings.HasSuffix(l, ">") && (x.Op == "-" || x.Op == "!" || x.Op == "<" || x.Op == "&" || x.Op[0] >= 'a' && x.Op[0] <= 'z'):
		p.s("\n" + x.Op + " ")
	case x.Op == ":" || x.Op == "..":
		if x.Op == ":" && digitRun(l, true) == 2 && digitRun(r, false) == 2 ||
			x.Op == ".." && (strings.HasSuffix(l, ".") || strings.HasPrefix(r, ".") || endsInBacktickWord(l)) ||
			r != "" && r[0] >= 'A' && r[0] <= 'Z' || strings.HasPrefix(r, ":") || strings.HasPrefix(r, "-") {
			p.s(" " + x.Op + " ")
		} else {
			p.s(x.Op)
		}
	default:
		p.s(" " + x.Op + " ")
	}
	p.s(r)
	p.close()
}

// digitRun counts the digits at the end (or start) of s.
func digitRun(s string, end bool) int {
	n := 0
	for n < len(s) {
		var c byte
		if end {
			c = s[len(s)-1-n]
		} else {
			c = s[n]
		}
		if c < '0' || c > '9' {
			break
		}
		n++
	}
	return n
}

func (p *printer) call(x *CallExpr) {
	switch x.Style {
	case CallJuxta:
		p.expr(x.Fun)
		p.s(" ")
		if len(x.Args) > 0 {
			p.expr(x.Args[0].Value)
		}
	case CallMethod:
		if len(x.Args) > 0 {
			p.receiver(x.Args[0].Value)
		}
		p.s(".")
		switch f := x.Fun.(type) {
		case *Ident:
			p.s(f.Name)
		case *FuncLit:
			if f.Kind == FuncBraced {
				p.expr(f)
				break
			}
			p.s("{")
			p.expr(f)
			p.s("}")
		default:
			p.s("{")
			p.expr(f)
			p.s("}")
		}
		p.s("(")
		if len(x.Args) > 1 {
			p.args(x.Args[1:])
		}
		p.s(")")
	default:
		f := p.str(x.Fun)
		p.s(f + metaSep(f, ""))
		p.s("(")
		p.args(x.Args)
		p.s(")")
	}
}

// metaSep returns the separator to print after text ending a <metacode>
// when an operand follows: a newline, since "> x" on one line would read
// as a comparison inside the metacode. Such trees only arise inside
// brackets, where the newline is insignificant.
func metaSep(text, sep string) string {
	if strings.HasSuffix(text, ">") {
		return "\n"
	}
	return sep
}

func (p *printer) params(params []*Param) {
	p.s("(")
	for i, pa := range params {
		if i > 0 {
			p.s(", ")
		}
		if pa.Mutable {
			p.s("mutable ")
		}
		if pa.Const {
			p.s("const ")
		}
		p.expr(pa.Name)
		if pa.Default != nil {
			p.s("=")
			p.expr(pa.Default)
		}
	}
	p.s(")")
}

func (p *printer) funcLit(f *FuncLit) {
	def := "def"
	if f.Aggregate {
		def = "defg"
	}
	plain := !f.Aggregate
	for _, pa := range f.Params {
		if pa.Default != nil || pa.Mutable || pa.Const {
			plain = false
		}
	}
	switch f.Kind {
	case FuncBraced:
		p.s("{")
		if !plain || f.Body != nil || len(f.Params) == 0 {
			p.s(def)
			p.params(f.Params)
			p.funcBody(f.Body, f.Expr)
			p.s("}")
			return
		}
		for i, pa := range f.Params {
			if i > 0 {
				p.s(", ")
			}
			p.expr(pa.Name)
		}
		p.s(" -> ")
		p.expr(f.Expr)
		p.s("}")
	case FuncArrow:
		parens := p.arrowParens
		p.arrowParens = false
		switch {
		case !plain:
			p.s(def)
			p.params(f.Params)
		case len(f.Params) == 1 && !parens:
			p.expr(f.Params[0].Name)
		default:
			p.params(f.Params)
		}
		p.s(" -> ")
		p.expr(f.Expr)
	default:
		p.s(def)
		p.params(f.Params)
		p.funcBody(f.Body, f.Expr)
	}
}

func (p *printer) funcBody(body *BlockStmt, x Expr) {
	if body != nil {
		p.s(" ")
		p.stmt(body)
	} else if x != nil {
		p.s(": ")
		p.expr(x)
	}
}

// LiteralText returns the script text of a literal: its Raw text, or text
// built from Kind, Type and Text for literals made by the compiler.
func LiteralText(l *Literal) string {
	if l.Raw == "`" {
		// A lone backtick (the empty string) would join a following
		// word or "..": print it quoted.
		return `""`
	}
	if l.Raw != "" {
		return l.Raw
	}
	switch l.Kind {
	case LitString:
		return quote(l.Text)
	case LitChar:
		q := quote(l.Text)
		return "'" + q[1:len(q)-1] + "'"
	case LitNull:
		if l.Type == 0 {
			return "NULL"
		}
		if int(l.Type) < len(typeLetters) && typeLetters[l.Type] != 0 {
			return "00" + string(typeLetters[l.Type])
		}
		return "NULL"
	case LitDecimal:
		return l.Text + "P"
	case LitNumber:
		switch l.Type {
		case 2:
			return l.Text + "c"
		case 3:
			return l.Text + "h"
		case 5:
			return l.Text + "l"
		case 15:
			return l.Text + "f"
		case 16:
			if !strings.ContainsAny(l.Text, ".eE") {
				return l.Text + "F"
			}
		}
	}
	return l.Text
}

// typeLetters are the typed-null suffixes by type code.
var typeLetters = [...]byte{1: 'b', 2: 'c', 3: 'h', 4: 'i', 5: 'l', 6: 'd', 7: 'M', 8: 't',
	9: 'm', 10: 's', 11: 'D', 12: 'T', 13: 'n', 14: 'N', 15: 'f', 16: 'F'}

// quote returns s as a double-quoted DolphinDB string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (p *printer) selectItem(it *SelectItem) {
	p.expr(it.Expr)
	if it.AliasMacro != nil {
		p.s(" as ")
		p.expr(it.AliasMacro)
		return
	}
	switch len(it.Aliases) {
	case 0:
	case 1:
		p.s(" as " + aliasText(it.Aliases[0]))
	default:
		p.s(" as ")
		for _, a := range it.Aliases {
			p.s("`" + a)
		}
	}
}

// aliasText prints an alias as a name, or as a string when it is not one.
func aliasText(a string) string {
	for i, r := range a {
		if r == '!' && i > 0 && i == len(a)-1 {
			break // append!
		}
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) || r == utf8.RuneError {
			return quote(a)
		}
	}
	switch a {
	case "", "true", "false", "NULL", "null", "def", "defg", "if", "else", "for", "do", "while",
		"break", "continue", "return", "try", "catch", "throw":
		return quote(a) // not a name to the scanner
	}
	return a
}

func (p *printer) selectItems(items []*SelectItem) {
	for i, it := range items {
		if i > 0 {
			p.s(", ")
		}
		p.selectItem(it)
	}
}

func (p *printer) orderItem(it *OrderItem) {
	p.expr(it.Expr)
	if it.Desc {
		p.s(" desc")
	} else if it.Asc {
		p.s(" asc")
	}
	switch it.NullsFirst {
	case 1:
		p.s(" nulls first")
	case -1:
		p.s(" nulls last")
	}
}

func (p *printer) orderItems(items []*OrderItem) {
	for i, it := range items {
		if i > 0 {
			p.s(", ")
		}
		p.orderItem(it)
	}
}

var groupWords = [...]string{GroupBy: " group by ", ContextBy: " context by ", PivotBy: " pivot by ", CGroupBy: " cgroup by "}

func (p *printer) selectExpr(s *SelectExpr) {
	if len(s.With) > 0 {
		p.s("with ")
		for i, c := range s.With {
			if i > 0 {
				p.s(", ")
			}
			p.s(c.Name)
			if len(c.Cols) > 0 {
				p.s("(" + strings.Join(c.Cols, ", ") + ")")
			}
			p.s(" as (")
			p.expr(c.Query)
			p.s(")")
		}
		p.s(" ")
	}
	if s.Exec {
		p.s("exec ")
	} else {
		p.s("select ")
	}
	if s.Hint != 0 {
		p.s("[" + strconv.Itoa(s.Hint) + "] ")
	}
	if s.Top != nil {
		p.s("top ")
		if b, ok := s.Top.(*BinaryExpr); ok && b.Op == ":" {
			p.s(p.str(b.X) + ":" + p.str(b.Y))
		} else {
			p.expr(s.Top)
		}
		p.s(" ")
	}
	if s.Distinct {
		p.s("distinct ")
	}
	p.selectItems(s.Items)
	if s.From != nil {
		p.s(" from ")
		p.expr(s.From)
	}
	if s.Map {
		p.s(" map")
	}
	if len(s.Where) > 0 {
		p.s(" where ")
		p.exprs(s.Where, ", ")
	}
	if s.Group == CGroupBy && len(s.CGroupWithin) > 0 {
		p.s(groupWords[GroupBy])
		p.selectItems(s.CGroupWithin)
	}
	if s.Group != GroupNone && int(s.Group) < len(groupWords) {
		p.s(groupWords[s.Group])
		p.selectItems(s.GroupBy)
	}
	if len(s.Csort) > 0 {
		p.s(" csort ")
		p.orderItems(s.Csort)
	}
	if s.Having != nil {
		p.s(" having ")
		p.expr(s.Having)
	}
	if len(s.OrderBy) > 0 {
		p.s(" order by ")
		p.orderItems(s.OrderBy)
	}
	if s.Limit != nil {
		p.s(" limit ")
		if s.Offset != nil {
			p.expr(s.Offset)
			p.s(", ")
		}
		p.expr(s.Limit)
	}
	if s.Union != nil {
		p.s(" union ")
		if s.UnionAll {
			p.s("all ")
		}
		// In parentheses: the right query reads back the same whether the
		// source had them or not, and without them its end may not.
		p.s("(")
		p.expr(s.Union)
		p.s(")")
	}
}

func (p *printer) stmt(s Stmt) {
	switch s := s.(type) {
	case nil:
	case *ExprStmt:
		p.expr(s.X)
	case *AssignStmt:
		if s.Const {
			p.s("const ")
		}
		if s.Ref {
			p.s("&")
		}
		p.exprs(s.Lhs, ", ")
		p.s(" " + s.Op + " ")
		p.exprs(s.Rhs, ", ")
	case *BlockStmt:
		p.s("{")
		p.indent++
		for j, st := range s.List {
			p.newline()
			if es, ok := st.(*ExprStmt); ok && j == 0 {
				if f, ok := es.X.(*FuncLit); ok && f.Kind == FuncArrow {
					p.arrowParens = true
				}
			}
			p.stmt(st)
			p.arrowParens = false
			if annotationEnds(s.List, j) || queryEnds(s.List, j) {
				p.s(";")
			}
		}
		p.indent--
		p.newline()
		p.s("}")
	case *Annotation:
		p.s("@" + s.Name)
		for i, a := range s.Attrs {
			if i == 0 {
				p.s(": ")
			} else {
				p.s(", ")
			}
			p.s(a.Key + " = ")
			p.expr(a.Value)
		}
	case *FuncDecl:
		for _, a := range s.Annotations {
			p.stmt(a)
			p.newline()
		}
		if s.Aggregate {
			p.s("defg ")
		} else {
			p.s("def ")
		}
		p.expr(s.Name)
		p.params(s.Params)
		p.funcBody(s.Body, s.Expr)
	case *IfStmt:
		p.s("if (")
		p.expr(s.Cond)
		p.s(") ")
		p.stmt(s.Then)
		if s.Else != nil {
			if stmtEndsWithAnnotation(s.Then) {
				// An annotation runs to the end of its line: else
				// must start the next one.
				p.newline()
				p.s("else ")
			} else {
				p.s(" else ")
			}
			p.stmt(s.Else)
		}
	case *ForStmt:
		p.s("for (")
		for i, v := range s.Vars {
			if i > 0 {
				p.s(", ")
			}
			p.expr(v)
		}
		p.s(" in ")
		p.expr(s.X)
		p.s(") ")
		p.stmt(s.Body)
	case *WhileStmt:
		p.s("while (")
		p.expr(s.Cond)
		p.s(") ")
		p.stmt(s.Body)
	case *DoWhileStmt:
		p.s("do ")
		p.stmt(s.Body)
		p.s(" while (")
		p.expr(s.Cond)
		p.s(")")
	case *BranchStmt:
		p.s(s.Tok)
	case *ReturnStmt:
		p.s("return")
		if len(s.Results) > 0 {
			p.s(" ")
			p.exprs(s.Results, ", ")
		}
	case *TryStmt:
		p.s("try ")
		p.stmt(s.Body)
		p.s(" catch(")
		if s.CatchVar != nil {
			p.expr(s.CatchVar)
		}
		p.s(") ")
		p.stmt(s.Catch)
	case *ThrowStmt:
		p.s("throw ")
		p.expr(s.X)
	case *ShareStmt:
		p.s("share ")
		p.expr(s.X)
		p.s(" as " + aliasText(s.Name))
	case *UndefStmt:
		p.s("undef ")
		if s.All {
			p.s("all")
			if len(s.Args) > 0 {
				p.s(", ")
			}
		}
		p.exprs(s.Args, ", ")
	case *GoStmt:
		p.s("go")
	case *ModuleStmt:
		p.s("module " + s.Path)
	case *UseStmt:
		p.s("use ")
		if s.Catalog {
			p.s("catalog ")
		}
		p.s(s.Path)
	case *AssertStmt:
		p.s("assert ")
		if s.Sub != nil {
			p.expr(s.Sub)
			p.s(", ")
		}
		p.expr(s.X)
	case *TimerStmt:
		p.s("timer")
		if s.Count != nil {
			p.s("(")
			p.expr(s.Count)
			p.s(")")
		}
		p.s(" ")
		p.stmt(s.Body)
	case *TransactionStmt:
		p.s("transaction ")
		p.stmt(s.Body)
	case *MaprStmt:
		p.mapr(s)
	case *EmptyStmt:
		p.s(";")
	case *UpdateStmt:
		p.s("update ")
		p.expr(s.Table)
		p.s(" set ")
		for i, c := range s.Sets {
			if i > 0 {
				p.s(", ")
			}
			p.expr(c.Col)
			p.s(" = ")
			p.expr(c.Value)
		}
		if s.From != nil {
			p.s(" from ")
			p.expr(s.From)
		}
		if len(s.Where) > 0 {
			p.s(" where ")
			p.exprs(s.Where, ", ")
		}
		if len(s.ContextBy) > 0 {
			p.s(" context by ")
			p.selectItems(s.ContextBy)
		}
		if len(s.Csort) > 0 {
			p.s(" csort ")
			p.orderItems(s.Csort)
		}
		if s.Having != nil {
			p.s(" having ")
			p.expr(s.Having)
		}
	case *DeleteStmt:
		if s.From != nil {
			p.s("delete ")
			p.expr(s.Table)
			p.s(" from ")
			p.expr(s.From)
		} else {
			p.s("delete from ")
			p.expr(s.Table)
		}
		if len(s.Where) > 0 {
			p.s(" where ")
			p.exprs(s.Where, ", ")
		}
	case *InsertStmt:
		p.s("insert into ")
		p.expr(s.Table)
		if len(s.Cols) > 0 {
			p.s("(" + strings.Join(s.Cols, ", ") + ")")
		}
		if s.Query != nil {
			p.s(" ")
			p.expr(s.Query)
			return
		}
		p.s(" values ")
		for i, row := range s.Rows {
			if i > 0 {
				p.s(", ")
			}
			p.s("(")
			p.exprs(row, ", ")
			p.s(")")
		}
	case *CreateTableStmt:
		p.s("create table ")
		if s.DB != nil {
			p.expr(s.DB)
			p.s(".")
		}
		p.expr(s.Name)
		if s.Query != nil {
			p.s(" as ")
			p.expr(s.Query)
			return
		}
		p.s(" (")
		for i, c := range s.Cols {
			if i > 0 {
				p.s(", ")
			}
			p.s(aliasText(c.Name) + " ")
			p.expr(c.Type)
			switch {
			case c.Compress != "" && c.Comment != "":
				p.s("[comment=" + quote(c.Comment) + ", compress=" + quote(c.Compress) + "]")
			case c.Compress != "":
				p.s("[compress=" + quote(c.Compress) + "]")
			case c.Comment != "":
				p.s(" comment " + quote(c.Comment))
			}
		}
		p.s(")")
		if len(s.PartitionBy) > 0 {
			p.s(" partitioned by ")
			p.exprs(s.PartitionBy, ", ")
		}
		if len(s.Options) > 0 {
			p.s(", ")
			p.args(s.Options)
		}
	case *CreateDatabaseStmt:
		p.s("create database ")
		p.expr(s.Path)
		p.s(" partitioned by ")
		for i, c := range s.PartitionBy {
			if i > 0 {
				p.s(", ")
			}
			p.expr(c)
		}
		if len(s.Options) > 0 {
			p.s(", ")
			p.args(s.Options)
		}
	case *AlterStmt:
		p.s("alter table ")
		p.expr(s.Table)
		p.s(" " + s.Action + " " + s.Col)
		switch s.Action {
		case "add":
			p.s(" ")
			p.expr(s.Type)
		case "rename":
			p.s(" to " + s.NewCol)
		}
	case *DropStmt:
		p.s("drop " + s.What + " ")
		if s.IfExists {
			p.s("if exists ")
		}
		if s.DB != nil {
			p.expr(s.DB)
			p.s(".")
		}
		p.expr(s.Name)
	}
}

// endsWithSelect reports whether the text of x ends with an unparenthesised
// query.
func endsWithSelect(x Expr) bool {
	for {
		switch e := x.(type) {
		case *SelectExpr:
			return true
		case *BinaryExpr:
			x = e.Y
		case *UnaryExpr:
			x = e.X
		case *TernaryExpr:
			x = e.Else
		case *FuncLit:
			if e.Expr == nil || e.Kind == FuncBraced {
				return false
			}
			x = e.Expr
		case *CallExpr:
			if e.Style != CallJuxta || len(e.Args) == 0 {
				return false
			}
			x = e.Args[0].Value
		default:
			return false
		}
	}
}

// startsNumber reports whether s begins with a number, which a "-" right
// before would turn into a negative literal.
func startsNumber(s string) bool {
	return s != "" && (s[0] >= '0' && s[0] <= '9' || s[0] == '.' && len(s) > 1 && s[1] >= '0' && s[1] <= '9')
}

// receiver prints the left side of ".", spaced when it is a number that
// would otherwise absorb the dot (0 .f() is not 0.f()).
func (p *printer) receiver(x Expr) {
	t := p.str(x)
	p.s(t)
	switch x := x.(type) {
	case *Literal, *VectorLit, *UnaryExpr:
		if t != "" && (t[len(t)-1] >= '0' && t[len(t)-1] <= '9' || t[len(t)-1] == '.') {
			p.s(" ")
		} else if i := strings.LastIndexByte(t, '`'); i >= 0 && !strings.ContainsAny(t[i+1:], " \"'") {
			p.s(" ") // `a .f(): a backtick word would take in ".f"
		}
	case *SelectorExpr:
		if c := x.Sel.Name; c != "" && c[0] >= '0' && c[0] <= '9' {
			p.s(" ") // d.0 .f: "d.0.f" would scan 0.f as a number
		}
	}
}

// dateThenTime reports a DATE literal followed by a time-of-day literal
// (TIME, MINUTE, SECOND, NANOTIME), which one space would join into a
// DATETIME, TIMESTAMP or NANOTIMESTAMP literal.
func dateThenTime(a, b Expr) bool {
	la, ok := a.(*Literal)
	if !ok || la.Kind != LitTemporal || la.Type != 6 {
		return false
	}
	lb, ok := b.(*Literal)
	if !ok || lb.Kind != LitTemporal {
		return false
	}
	switch lb.Type {
	case 8, 9, 10, 13:
		return true
	}
	return false
}

// endsInBacktickWord reports whether s ends with a backtick word (`IBM,
// `600000.SH): a following ".." would be read as part of the word.
func endsInBacktickWord(s string) bool {
	k := strings.LastIndexByte(s, '`')
	if k < 0 {
		return false
	}
	for _, c := range s[k+1:] {
		if !(c == '_' || c == '.' || unicode.IsLetter(c) || unicode.IsDigit(c)) {
			return false
		}
	}
	return true
}

// mapr prints a mapr statement on one line.
func (p *printer) mapr(s *MaprStmt) {
	p.s("mapr ")
	p.expr(s.Name)
	p.s("(")
	for i, pa := range s.Params {
		if i > 0 {
			p.s(", ")
		}
		p.expr(pa)
	}
	p.s("){")
	for i, m := range s.Maps {
		if i > 0 {
			p.s(", ")
		}
		p.expr(m)
	}
	p.s(" -> ")
	p.expr(s.Reduce)
	if s.Cums != nil {
		p.s("; ")
		for i, c := range s.Cums {
			if i > 0 {
				p.s(", ")
			}
			p.expr(c)
		}
		p.s(" -> ")
		p.expr(s.Running)
	}
	p.s("}")
}
