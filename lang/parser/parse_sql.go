// This file defines the parsing of SQL queries (select/exec with their
// clauses, joins and CTEs) and of the DML statements update, delete and
// insert. Inside a query p.sql > 0: "=" compares and SQL words end
// expressions; clause keywords are recognised in any case and on any line.

package parser

import (
	"strconv"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// clause reports whether the current token is the clause keyword w. A word
// that starts a new line and is followed by an assignment is the next
// statement instead (map = dict(...)).
func (p *parser) clause(w string) bool {
	if !p.word(w) {
		return false
	}
	if p.tok.nl && p.nest == 0 {
		n := p.peek(1)
		if n.kind.IsAssignOp() || n.kind == token.LPAREN || n.kind == token.DOT || n.kind == token.LBRACK {
			return false
		}
	}
	return true
}

// clause2 reports whether the current and next tokens are w1 w2 (group by).
func (p *parser) clause2(w1, w2 string) bool {
	return p.clause(w1) && p.is(p.peek(1), w2)
}

// parseSelect parses a query.
//
//	query = [with name as "(" query ")" {"," ...}] ("select" | "exec") [top] [distinct] items
//	        [from source {join}] [map] [where expr {"," expr}]
//	        [(group | context | pivot | cgroup) by items | group by items cgroup by items]
//	        [csort orders] [having expr]
//	        [order by orders] [limit expr ["," expr]] [union [all] query]
func (p *parser) parseSelect() ast.Expr {
	p.enter()
	defer p.leave()
	s := &ast.SelectExpr{Start: p.pos()}
	p.sql++
	defer func() { p.sql-- }()
	if p.word("with") {
		p.next()
		for {
			cte := &ast.CTE{Name: p.ident("a table name").Name}
			if p.tok.kind == token.LPAREN {
				// with tmp(a, b) as (...): names for the query's columns.
				p.next()
				for {
					cte.Cols = append(cte.Cols, p.ident("a column name").Name)
					if p.tok.kind != token.COMMA {
						break
					}
					p.next()
				}
				p.expect(token.RPAREN, "to close the column names of the WITH table")
			}
			if !p.word("as") {
				p.errorAt(p.tok, "as expected in the WITH clause")
			}
			p.next()
			p.expect(token.LPAREN, "after as")
			p.nest++
			q, ok := p.parseSelect().(*ast.SelectExpr)
			if !ok {
				p.unexpected()
			}
			p.nest--
			p.expect(token.RPAREN, "to close the WITH query")
			cte.Query = q
			s.With = append(s.With, cte)
			if p.tok.kind != token.COMMA {
				break
			}
			p.next()
		}
	}
	switch {
	case p.word("exec"):
		s.Exec = true
	case p.word("select"):
	default:
		p.errorAt(p.tok, "select expected")
	}
	p.next()
	if p.tok.kind == token.LBRACK && p.startsHint(p.peek(1)) {
		s.Hint = p.parseHints()
	}
	if p.word("top") {
		p.next()
		s.Top = p.parseTop()
	}
	if p.word("distinct") && p.peek(1).kind != token.LPAREN {
		s.Distinct = true
		p.next()
	}
	s.Items = p.parseSelectItems(true)
	// Clauses in their fixed order; a clause out of order ends the query
	// (it may belong to an enclosing one).
	stage := 0
	at := func(n int, ok bool) bool {
		if ok && n > stage {
			stage = n
			return true
		}
		return false
	}
	for {
		switch {
		case stage == 4 && s.Group == ast.GroupBy && p.clause2("cgroup", "by"):
			// group by sym cgroup by minute(time): cumulative groups
			// within each group.
			s.Group, s.CGroupWithin = ast.CGroupBy, s.GroupBy
			s.GroupBy = p.parseGroup()
		case at(1, p.clause("from")):
			p.next()
			s.From = p.parseFrom()
		case at(2, p.clause("map")):
			p.next()
			s.Map = true
		case at(3, p.clause("where")):
			p.next()
			s.Where = p.parseExprList()
		case at(4, p.clause2("group", "by")):
			s.Group = ast.GroupBy
			s.GroupBy = p.parseGroup()
		case at(4, p.clause2("context", "by")):
			if b, ok := s.Top.(*ast.BinaryExpr); ok && b.Op == ":" {
				p.errorAt(p.tok, "When top clause uses together with context clause in SQL query, can't specify a range in top clause")
			}
			s.Group = ast.ContextBy
			s.GroupBy = p.parseGroup()
		case at(4, p.clause2("pivot", "by")):
			s.Group = ast.PivotBy
			s.GroupBy = p.parseGroup()
		case at(4, p.clause2("cgroup", "by")):
			s.Group = ast.CGroupBy
			s.GroupBy = p.parseGroup()
		case at(5, p.clause("csort")):
			p.next()
			s.Csort = p.parseOrderItems()
		case at(6, p.clause("having")):
			p.next()
			s.Having = p.parseExpr()
		case at(7, p.clause2("order", "by")):
			p.next()
			p.next()
			s.OrderBy = p.parseOrderItems()
		case at(8, p.clause("limit")):
			p.next()
			e := p.parseExpr()
			if p.tok.kind == token.COMMA {
				p.next()
				s.Offset = e
				e = p.parseExpr()
			}
			s.Limit = e
		case at(9, p.clause("union")):
			p.next()
			if p.word("all") {
				s.UnionAll = true
				p.next()
			}
			if p.tok.kind == token.LPAREN && (p.is(p.peek(1), "select") || p.is(p.peek(1), "exec")) {
				// select ... union (select ...): parseParen reads a union
				// after the parentheses too.
				if r, ok := p.parseParen().(*ast.ParenExpr); ok {
					if q, ok := r.X.(*ast.SelectExpr); ok {
						s.Union = q
						return s
					}
				}
				p.errorAt(p.tok, "A query expected after union")
			}
			if !p.word("select") && !p.word("exec") {
				p.errorAt(p.tok, "select expected after union")
			}
			s.Union = p.parseSelect().(*ast.SelectExpr)
			return s
		default:
			return s
		}
	}
}

// parseTop parses the operand of top: an integer constant or a:b.
//
//	top = int [":" int]
func (p *parser) parseTop() ast.Expr {
	lo := p.topInt()
	if p.tok.kind == token.COLON && !p.tok.sp {
		c := p.pos()
		p.next()
		hi := p.topInt()
		return put(&p.binaries, ast.BinaryExpr{X: lo, OpPos: c, Op: ":", Y: hi})
	}
	return lo
}

func (p *parser) topInt() ast.Expr {
	t := p.tok
	if t.kind != token.LITERAL || t.litKind != ast.LitNumber || t.litType < token.TypeSHORT || t.litType > token.TypeLONG {
		p.errorAt(t, "integer constant expected after keyword top")
	}
	p.next()
	return p.literal(t)
}

// parseGroup parses the items after group by / context by / pivot by.
func (p *parser) parseGroup() []*ast.SelectItem {
	p.next()
	p.next()
	return p.parseSelectItems(false)
}

// parseSelectItems parses select-list entries.
//
//	items = item {"," item} ;  item = ("*" | expr) ["as" alias]
//	alias = ident | `a`b | "name"
func (p *parser) parseSelectItems(star bool) []*ast.SelectItem {
	var buf [8]*ast.SelectItem
	items := buf[:0]
	for {
		it := put(&p.selItems, ast.SelectItem{})
		t := p.tok
		if star && t.kind == token.MUL && (p.peek(1).kind == token.COMMA || p.is(p.peek(1), "from") || p.peek(1).kind == token.EOF) {
			p.next()
			it.Expr = put(&p.idents, ast.Ident{NamePos: token.PosOf(int(t.pos)), Name: "*"})
		} else {
			it.Expr = p.parseExpr()
		}
		if star && p.tok.kind == token.ELLIPSIS {
			it.Expr = p.parseColumnRange(it.Expr)
		}
		if _, ok := it.Expr.(*ast.WindowExpr); ok && !p.word("as") {
			// The manual writes an analytic function's alias without as:
			// rank() over (order by x) r.
			if t := p.tok; t.kind == token.IDENT && !t.nl && !p.isSQLWord(t) && !p.isOperatorWord(t) {
				p.next()
				it.Aliases = p.strLists.of([]string{p.text(t)})
			}
		}
		if p.word("as") {
			p.next()
			if t := p.tok; t.kind == token.MACRO || t.kind == token.MACROS {
				// as _$alias, as _$$aliases: the names are the variable's
				// value, read when the query runs.
				it.AliasMacro = p.macroVar()
			} else {
				it.Aliases = p.parseAliases()
			}
		}
		items = append(items, it)
		if p.tok.kind != token.COMMA {
			return p.selLists.of(items)
		}
		p.next()
	}
}

// parseColumnRange parses the rest of a column range whose first name
// has been parsed as x.
//
//	range = ident "..." ident
func (p *parser) parseColumnRange(x ast.Expr) ast.Expr {
	t := p.tok
	from, ok := x.(*ast.Ident)
	if !ok || from.Quoted {
		p.errorAt(t, "A column range must be written as col1...col10")
	}
	p.next()
	to := p.ident("a column name after ...")
	r := &ast.ColumnRange{Start: from.NamePos, From: from.Name, To: to.Name}
	if _, err := r.Names(); err != nil {
		p.errorAt(t, err.Error())
	}
	return r
}

// parseAliases parses the name(s) after as.
//
//	alias = ident | ident "..." ident | `a`b | "name" | _"name"
func (p *parser) parseAliases() []string {
	t := p.tok
	switch t.kind {
	case token.BACKTICK:
		p.next()
		if text := p.text(t); strings.IndexByte(text[1:], '`') >= 0 {
			return strings.Split(text[1:], "`")
		}
		return p.strLists.of([]string{p.text(t)[1:]})
	case token.STRING:
		p.next()
		return p.strLists.of([]string{unquote(p.text(t))})
	case token.QIDENT:
		p.next()
		return p.strLists.of([]string{unquote(p.text(t)[1:])})
	}
	name := p.ident("an alias").Name
	if p.tok.kind == token.ELLIPSIS {
		// as a1...a3 names the columns of a range (or of a multi-output
		// function) a1, a2, a3.
		e := p.tok
		p.next()
		names, err := ast.RangeNames(name, p.ident("an alias after ...").Name)
		if err != nil {
			p.errorAt(e, err.Error())
		}
		return names
	}
	return p.strLists.of([]string{name})
}

// parseOrderItems parses order by / csort entries.
//
//	orders = expr ["asc" | "desc"] ["nulls" ("first" | "last")] {"," ...}
func (p *parser) parseOrderItems() []*ast.OrderItem {
	var items []*ast.OrderItem
	for {
		it := &ast.OrderItem{Expr: p.parseExpr()}
		if p.word("asc") {
			it.Asc = true
			p.next()
		} else if p.word("desc") {
			it.Desc = true
			p.next()
		}
		if p.word("nulls") {
			p.next()
			switch {
			case p.word("first"):
				it.NullsFirst = 1
			case p.word("last"):
				it.NullsFirst = -1
			default:
				p.errorAt(p.tok, "first or last expected after nulls")
			}
			p.next()
		}
		items = append(items, it)
		if p.tok.kind != token.COMMA {
			return items
		}
		p.next()
	}
}

// parseFrom parses the FROM sources and joins.
//
//	from = source {joinKind "join" source ["on" expr]}
func (p *parser) parseFrom() ast.Expr {
	x := p.parseSource()
	for {
		kind, n := p.joinKind()
		if n == 0 {
			return x
		}
		for ; n > 0; n-- {
			p.next()
		}
		j := &ast.JoinExpr{Left: x, Kind: kind, Right: p.parseSource()}
		if p.word("on") {
			p.next()
			j.On = p.parseExpr()
		}
		x = j
	}
}

// joinKind recognises a join keyword sequence at the current token and
// returns its kind and length in tokens (0 if none).
func (p *parser) joinKind() (ast.JoinKind, int) {
	t := p.tok
	n1, n2 := p.peek(1), p.peek(2)
	switch {
	case p.is(t, "join"):
		return ast.JoinInner, 1
	case p.is(t, "inner") && p.is(n1, "join"):
		return ast.JoinInner, 2
	case p.is(t, "left") && p.is(n1, "join"):
		return ast.JoinLeft, 2
	case p.is(t, "left") && p.is(n1, "outer") && p.is(n2, "join"):
		return ast.JoinLeft, 3
	case p.is(t, "left") && p.is(n1, "semi") && p.is(n2, "join"):
		return ast.JoinLeftSemi, 3
	case p.is(t, "left") && p.is(n1, "semijoin"):
		return ast.JoinLeftSemi, 2
	case p.is(t, "right") && p.is(n1, "join"):
		return ast.JoinRight, 2
	case p.is(t, "right") && p.is(n1, "outer") && p.is(n2, "join"):
		return ast.JoinRight, 3
	case p.is(t, "full") && p.is(n1, "join"):
		return ast.JoinFull, 2
	case p.is(t, "full") && p.is(n1, "outer") && p.is(n2, "join"):
		return ast.JoinFull, 3
	case p.is(t, "cross") && p.is(n1, "join"):
		return ast.JoinCross, 2
	case p.is(t, "asof") && p.is(n1, "join"):
		return ast.JoinAsof, 2
	}
	return 0, 0
}

// parseSource parses a FROM source with an optional alias.
//
//	source = expr [["as"] ident]
func (p *parser) parseSource() ast.Expr {
	x := p.parseExpr()
	if p.word("as") {
		p.next()
		return &ast.AliasedExpr{X: x, Alias: p.ident("an alias").Name}
	}
	if t := p.tok; t.kind == token.IDENT && !t.nl && !p.isSQLWord(t) && !p.isOperatorWord(t) {
		p.next()
		return &ast.AliasedExpr{X: x, Alias: p.text(t)}
	}
	return x
}

// parseUpdate parses an update statement.
//
//	update = "update" expr "set" ident "=" expr {"," ident "=" expr}
//	         [from source {join}] [where exprs] [context by items [csort orders]]
//	         [having expr]
func (p *parser) parseUpdate() ast.Stmt {
	u := &ast.UpdateStmt{Update: p.pos()}
	p.next()
	p.sql++
	defer func() { p.sql-- }()
	u.Table = p.parseExpr()
	if !p.word("set") {
		p.errorAt(p.tok, "set expected in the update statement")
	}
	p.next()
	for {
		col := p.ident("a column name")
		p.expect(token.ASSIGN, "after the column name")
		u.Sets = append(u.Sets, &ast.SetClause{Col: col, Value: p.parseExpr()})
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	stage := 0
	at := func(n int, ok bool) bool {
		if ok && n > stage {
			stage = n
			return true
		}
		return false
	}
	for {
		switch {
		case at(1, p.clause("from")):
			p.next()
			u.From = p.parseFrom()
		case at(2, p.clause("where")):
			p.next()
			u.Where = p.parseExprList()
		case at(3, p.clause2("context", "by")):
			u.ContextBy = p.parseGroup()
		case len(u.ContextBy) > 0 && at(4, p.clause("csort")):
			p.next()
			u.Csort = p.parseOrderItems()
		case at(5, p.clause("having")):
			p.next()
			u.Having = p.parseExpr()
		default:
			return u
		}
	}
}

// parseDelete parses a delete statement.
//
//	delete = "delete" ("from" expr | expr "from" source {join}) ["where" exprs]
func (p *parser) parseDelete() ast.Stmt {
	d := &ast.DeleteStmt{Delete: p.pos()}
	p.next()
	p.sql++
	defer func() { p.sql-- }()
	if p.word("from") {
		p.next()
		d.Table = p.parseExpr()
	} else {
		d.Table = p.parseExpr()
		if !p.clause("from") {
			p.errorAt(p.tok, "from expected in the delete statement")
		}
		p.next()
		d.From = p.parseFrom()
	}
	if p.clause("where") {
		p.next()
		d.Where = p.parseExprList()
	}
	return d
}

// parseInsert parses an insert statement.
//
//	insert = "insert" "into" expr ["(" ident {"," ident} ")"]
//	         ("values" "(" exprs ")" {"," "(" exprs ")"} | query)
func (p *parser) parseInsert() ast.Stmt {
	in := &ast.InsertStmt{Insert: p.pos()}
	p.next()
	p.next()
	p.sql++
	defer func() { p.sql-- }()
	if p.tok.kind == token.IDENT && p.peek(1).kind == token.LPAREN && p.colsBeforeValues() {
		in.Table = p.ident("a table")
	} else {
		in.Table = p.parsePostfix(p.parsePrimary())
	}
	if p.tok.kind == token.LPAREN {
		p.next()
		for {
			in.Cols = append(in.Cols, p.ident("a column name").Name)
			if p.tok.kind != token.COMMA {
				break
			}
			p.next()
		}
		p.expect(token.RPAREN, "to close the column list")
	}
	if p.word("select") || p.word("exec") || p.word("with") {
		in.Query = p.parseSelect().(*ast.SelectExpr)
		return in
	}
	if !p.word("values") {
		p.errorAt(p.tok, "values expected in the insert statement")
	}
	p.next()
	for {
		p.expect(token.LPAREN, "to start a row of values")
		p.nest++
		row := p.parseExprList()
		p.nest--
		p.expect(token.RPAREN, "to close a row of values")
		in.Rows = append(in.Rows, row)
		if p.tok.kind != token.COMMA {
			return in
		}
		p.next()
	}
}

// colsBeforeValues reports whether the "(" after the table name holds a
// column list: (ident {, ident}) followed by values or a query.
func (p *parser) colsBeforeValues() bool {
	j := 2
	for {
		if p.peek(j).kind != token.IDENT {
			return false
		}
		j++
		switch p.peek(j).kind {
		case token.COMMA:
			j++
		case token.RPAREN:
			n := p.peek(j + 1)
			return p.is(n, "values") || p.is(n, "select") || p.is(n, "exec") || p.is(n, "with")
		default:
			return false
		}
	}
}

// parenUnion parses the union that may follow a parenthesised query,
// (select ...) union [all] (select ...): the query on the right (in
// parentheses or not) joins the end of the union chain of the one on the
// left, as in select ... union select ... written without parentheses.
// Anything else after the parentheses is left to the caller.
func (p *parser) parenUnion(x *ast.ParenExpr) ast.Expr {
	left, ok := x.X.(*ast.SelectExpr)
	if !ok || !p.clause("union") {
		return x
	}
	all := p.is(p.peek(1), "all")
	n := 1
	if all {
		n = 2
	}
	next := p.peek(n)
	switch {
	case p.is(next, "select"), p.is(next, "exec"):
	case next.kind == token.LPAREN && (p.is(p.peek(n+1), "select") || p.is(p.peek(n+1), "exec")):
	default:
		return x
	}
	for range n {
		p.next()
	}
	var right *ast.SelectExpr
	if p.tok.kind == token.LPAREN {
		r, ok := p.parseParen().(*ast.ParenExpr)
		if ok {
			right, _ = r.X.(*ast.SelectExpr)
		}
	} else {
		right, _ = p.parseSelect().(*ast.SelectExpr)
	}
	if right == nil {
		p.errorAt(p.tok, "A query expected after union")
		return x
	}
	tail := left
	for tail.Union != nil {
		tail = tail.Union
	}
	tail.Union, tail.UnionAll = right, all
	return x
}

// parseOver parses the over clause of an analytic function call.
//
//	over  = "over" "(" ["partition" "by" expr {"," expr}] ["order" "by" orders]
//	        [("rows" | "range") "between" bound "and" bound] ")"
//	bound = "unbounded" ("preceding" | "following") | "current" "row"
//	        | primary ("preceding" | "following")
func (p *parser) parseOver(call *ast.CallExpr) ast.Expr {
	w := &ast.WindowExpr{Call: call, Over: p.pos()}
	p.next()
	p.expect(token.LPAREN, "after over")
	p.nest++
	p.over++
	if p.word("partition") && p.is(p.peek(1), "by") {
		p.next()
		p.next()
		w.Partition = p.parseExprList()
	}
	if p.word("order") && p.is(p.peek(1), "by") {
		p.next()
		p.next()
		w.OrderBy = p.parseOrderItems()
	}
	if p.word("rows") || p.word("range") {
		f := &ast.WindowFrame{Range: p.word("range")}
		p.next()
		if !p.word("between") {
			p.errorAt(p.tok, "between expected after rows or range in the window frame")
		}
		p.next()
		f.Lo = p.parseBound()
		if !p.word("and") {
			p.errorAt(p.tok, "and expected between the bounds of the window frame")
		}
		p.next()
		f.Hi = p.parseBound()
		if f.Lo.Kind > f.Hi.Kind || f.Lo.Kind == ast.UnboundedFollowing || f.Hi.Kind == ast.UnboundedPreceding {
			p.errorAt(p.tok, "The lower bound of a window frame must come before its upper bound")
		}
		w.Frame = f
	}
	p.nest--
	p.over--
	p.expect(token.RPAREN, "to close the over clause")
	return w
}

// parseBound parses one bound of a window frame.
func (p *parser) parseBound() ast.FrameBound {
	switch {
	case p.word("unbounded"):
		p.next()
		var b ast.FrameBound
		switch {
		case p.word("preceding"):
			b.Kind = ast.UnboundedPreceding
		case p.word("following"):
			b.Kind = ast.UnboundedFollowing
		default:
			p.errorAt(p.tok, "preceding or following expected after unbounded")
		}
		p.next()
		return b
	case p.word("current"):
		p.next()
		if !p.word("row") {
			p.errorAt(p.tok, "row expected after current")
		}
		p.next()
		return ast.FrameBound{Kind: ast.CurrentRow}
	}
	// The offset is a primary (a number, a duration, a variable or a
	// parenthesised expression), so that preceding/following is not read
	// as part of it.
	b := ast.FrameBound{Offset: p.parsePostfix(p.parsePrimary())}
	switch {
	case p.word("preceding"):
		b.Kind = ast.Preceding
	case p.word("following"):
		b.Kind = ast.Following
	default:
		p.errorAt(p.tok, "preceding or following expected after the offset of a window frame bound")
	}
	p.next()
	return b
}

// cteColumns reports whether the tokens after with are name(a, b, ...) as,
// a WITH table with column names.
func (p *parser) cteColumns() bool {
	if p.peek(2).kind != token.LPAREN {
		return false
	}
	for j := 3; ; j += 2 {
		if p.peek(j).kind != token.IDENT {
			return false
		}
		switch p.peek(j + 1).kind {
		case token.COMMA:
		case token.RPAREN:
			return p.is(p.peek(j+2), "as")
		default:
			return false
		}
	}
}

// startsHint reports whether t, after "select [", is a hint: a HINT_*
// name or a flag number (the metacode of sql(hint=...) prints numbers).
func (p *parser) startsHint(t *tok) bool {
	switch t.kind {
	case token.IDENT:
		return strings.HasPrefix(strings.ToUpper(p.text(t)), "HINT_")
	case token.LITERAL:
		return t.litKind == ast.LitNumber && t.litType >= token.TypeSHORT && t.litType <= token.TypeLONG
	}
	return false
}

// parseHints parses the bracketed hints after select and returns the sum
// of their flags.
//
//	hints = "[" (HINT_name | int) {"," (HINT_name | int)} "]"
func (p *parser) parseHints() int {
	p.next()
	hint := 0
	for {
		t := p.tok
		switch {
		case t.kind == token.IDENT:
			f, ok := ast.HintFlags[strings.ToUpper(p.text(t))]
			if !ok {
				p.errorAt(t, "Unrecognized hint "+p.text(t))
			}
			hint |= f
		case p.startsHint(t):
			n, err := strconv.ParseInt(p.text(t), 10, 32)
			if err != nil || n < 0 {
				p.errorAt(t, "A hint must be a HINT_* constant")
			}
			hint |= int(n)
		default:
			p.errorAt(t, "A hint must be a HINT_* constant")
		}
		p.next()
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	p.expect(token.RBRACK, "to close the hints")
	return hint
}
