// This file defines the parsing of operands: literals and constant
// vectors, names and juxtaposition, parentheses and tuples, arrays,
// dictionaries, lambdas, metacode, references and operator symbols.

package parser

import (
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// parsePrimary parses an operand.
//
//	primary = literal {literal} | name [juxtaArg] | "(" ... ")" | "[" ... "]" |
//	          "{" ... "}" | funcLit | "&" name | "<" expr ">" | opSymbol | select
func (p *parser) parsePrimary() ast.Expr {
	t := p.tok
	switch t.kind {
	case token.LITERAL, token.STRING, token.CHAR:
		lit := p.literal(t)
		p.next()
		return p.vectorTail(lit)
	case token.BACKTICK:
		x := p.backtickExpr(t)
		p.next()
		return p.vectorTail(x)
	case token.IDENT:
		return p.parseName()
	case token.COLONCOLON:
		p.next()
		id := p.ident("a function name after ::")
		id.NamePos = token.PosOf(int(t.pos))
		id.Name = "::" + id.Name
		return id
	case token.QIDENT:
		p.next()
		return put(&p.idents, ast.Ident{NamePos: token.PosOf(int(t.pos)), Name: unquote(p.text(t)[1:]), Quoted: true})
	case token.MACRO, token.MACROS:
		return p.macroVar()
	case token.LPAREN:
		return p.parseParen()
	case token.LBRACK:
		return p.parseArray()
	case token.LBRACE:
		if p.isBracedLambda() {
			f := p.parseBracedLambda()
			if p.startsLambdaArg(p.tok) {
				// {x -> x*x} 10: a braced lambda as a unary operator takes
				// the whole expression to its right.
				argPos := p.pos()
				arg := p.parseExpr()
				return put(&p.calls, ast.CallExpr{Fun: f, Lparen: argPos, Args: p.argLists.of([]ast.Arg{{Value: arg}}), Style: ast.CallJuxta})
			}
			return f
		}
		return p.parseDict()
	case token.DEF, token.DEFG:
		return p.parseFuncLit()
	case token.AND:
		if n := p.peek(1); n.kind == token.IDENT && !n.sp {
			p.next()
			return &ast.RefExpr{Amp: token.PosOf(int(t.pos)), X: p.ident("a name")}
		}
	case token.LSS:
		if p.startsOperand(p.peek(1)) {
			return p.parseMetaCode()
		}
	case token.MUL:
		if p.sql > 0 && p.peek(1).kind == token.RPAREN {
			p.next()
			return put(&p.idents, ast.Ident{NamePos: token.PosOf(int(t.pos)), Name: "*"}) // count(*)
		}
	}
	if isOpSymbol(t.kind) {
		switch p.peek(1).kind {
		case token.COMMA, token.RPAREN, token.ADVERB, token.RBRACK:
			p.next()
			return &ast.OpFunc{OpPos: token.PosOf(int(t.pos)), Op: p.text(t)}
		}
	}
	p.unexpected()
	return nil
}

// isOpSymbol reports whether k is an operator usable as a function value.
func isOpSymbol(k token.Kind) bool {
	return k >= token.ADD && k <= token.NOT || k == token.COLON || k == token.DOTDOT || k == token.AT
}

// backtickExpr converts a BACKTICK token: `a is a STRING literal, `a`b a
// VectorLit with Backticks set.
func (p *parser) backtickExpr(t *tok) ast.Expr {
	if strings.IndexByte(p.text(t)[1:], '`') < 0 {
		return p.literal(t)
	}
	v := p.vectors.alloc()
	v.Start, v.Backticks = token.PosOf(int(t.pos)), true
	mark := len(p.exprStk)
	text := p.text(t)
	for off := 0; off < len(text); {
		// text[off] is a backtick; the word runs to the next one.
		end := strings.IndexByte(text[off+1:], '`')
		if end < 0 {
			end = len(text)
		} else {
			end += off + 1
		}
		lit := put(&p.literals, ast.Literal{ValuePos: token.PosOf(int(t.pos) + off), Kind: ast.LitString,
			Type: token.TypeSTRING, Text: text[off+1 : end], Raw: text[off:end]})
		p.exprStk = append(p.exprStk, lit)
		off = end
	}
	v.Elems = p.exprsFrom(mark)
	return v
}

// startsVectorElem reports whether t continues a space-separated constant
// vector.
func (p *parser) startsVectorElem(t *tok) bool {
	if t.nl && p.nest == 0 {
		return false
	}
	if !t.sp {
		// `C 120`BH 100: a backtick word may touch the number before it.
		return t.kind == token.BACKTICK && t == p.tok && p.i > 0 && p.toks[p.i-1].kind == token.LITERAL
	}
	switch t.kind {
	case token.LITERAL, token.STRING, token.CHAR, token.BACKTICK:
		return true
	case token.SUB:
		n := p.peek(1)
		return n.kind == token.LITERAL && !n.sp && isNumeric(n)
	}
	return false
}

// vectorTail parses the rest of a constant vector whose first element is
// first (1 2 3, 1 -2 3, `a `b, 2012.01.01 2012.01.02).
//
//	vector = const {const} ;  const = literal | "-" number | backticks
func (p *parser) vectorTail(first ast.Expr) ast.Expr {
	if !p.startsVectorElem(p.tok) {
		return first
	}
	v := p.vectors.alloc()
	v.Start = first.Pos()
	mark := len(p.exprStk)
	add := func(x ast.Expr) {
		if bv, ok := x.(*ast.VectorLit); ok {
			p.exprStk = append(p.exprStk, bv.Elems...)
		} else {
			p.exprStk = append(p.exprStk, x)
		}
	}
	add(first)
	for p.startsVectorElem(p.tok) {
		t := p.tok
		switch t.kind {
		case token.SUB:
			p.next()
			lit := p.literal(p.tok)
			add(put(&p.unaries, ast.UnaryExpr{OpPos: token.PosOf(int(t.pos)), Op: "-", X: lit}))
		case token.BACKTICK:
			add(p.backtickExpr(t))
		default:
			add(p.literal(t))
		}
		p.next()
	}
	v.Elems = p.exprsFrom(mark)
	return v
}

// parseName parses an operand that starts with a word: a SQL query, a CASE,
// a lambda x -> e, a (qualified) name and a juxtaposition f x.
//
//	name = ident {"::" ident} [juxtaArg] | ident "->" expr
func (p *parser) parseName() ast.Expr {
	t := p.tok
	n := p.peek(1)
	switch {
	case p.is(t, "select"), p.is(t, "exec"):
		return p.parseSelect()
	case p.is(t, "with") && n.kind == token.IDENT && (p.is(p.peek(2), "as") || p.cteColumns()):
		return p.parseSelect()
	case p.is(t, "case") && (p.is(n, "when") || p.sql > 0 && p.startsOperand(n) && n.kind != token.LPAREN):
		return p.parseCase()
	case p.is(t, "exists") && n.kind == token.LPAREN && (p.is(p.peek(2), "select") || p.is(p.peek(2), "exec")):
		p.next()
		p.next()
		p.nest++
		q := p.parseSelect().(*ast.SelectExpr)
		p.nest--
		p.expect(token.RPAREN, "to close EXISTS")
		return &ast.ExistsExpr{Exists: token.PosOf(int(t.pos)), Query: q}
	case p.is(t, "not") && p.sql > 0 && n.kind != token.LPAREN && p.startsOperand(n):
		p.next()
		x := p.parseBinary(precCompare)
		return put(&p.unaries, ast.UnaryExpr{OpPos: token.PosOf(int(t.pos)), Op: "not", X: x})
	case n.kind == token.ARROW:
		p.next()
		p.next()
		param := put(&p.params, ast.Param{Name: &ast.Ident{NamePos: token.PosOf(int(t.pos)), Name: p.text(t)}})
		body := p.parseExpr()
		return put(&p.funcLits, ast.FuncLit{Start: token.PosOf(int(t.pos)), Kind: ast.FuncArrow, Params: []*ast.Param{param}, Expr: body})
	}
	id := p.newIdent(token.PosOf(int(t.pos)), p.text(t))
	p.next()
	for p.tok.kind == token.COLONCOLON && !p.tok.sp && p.peek(1).kind == token.IDENT && !p.peek(1).sp {
		p.next()
		id.Name = p.src[t.pos:p.tok.end] // a::b::f, written without spaces
		p.next()
	}
	if p.startsJuxtaArg(p.tok) && p.isUnaryFunc(id.Name) {
		argPos := p.pos()
		arg := p.parseExpr()
		c := p.calls.alloc()
		c.Fun, c.Lparen, c.Args, c.Style = id, argPos, p.argLists.of([]ast.Arg{{Value: arg}}), ast.CallJuxta
		return c
	}
	return id
}

// parseParen parses a parenthesised expression, a tuple or an arrow
// lambda's parameter list.
//
//	paren = "(" ")" | "(" expr ")" | "(" expr "," [expr {"," expr}] ")" ["->" expr]
func (p *parser) parseParen() ast.Expr {
	lp := p.tok
	p.next()
	p.nest++
	savedColon, savedMeta := p.noColon, p.metaNest
	p.noColon, p.metaNest = -1, -1
	mark := len(p.exprStk)
	tuple := p.tok.kind == token.RPAREN
	for p.tok.kind != token.RPAREN {
		x := p.parseExpr()
		if p.sql > 0 && p.tok.kind == token.ELLIPSIS {
			// (price1...price5) * (qty1...qty5): a range as a tuple of
			// its columns.
			x = p.parseColumnRange(x)
		}
		p.exprStk = append(p.exprStk, x)
		if p.tok.kind != token.COMMA {
			break
		}
		tuple = true
		p.next()
	}
	elems := p.exprsFrom(mark)
	p.noColon, p.metaNest = savedColon, savedMeta
	p.nest--
	p.expect(token.RPAREN, "to close the parenthesis")
	pos := token.PosOf(int(lp.pos))
	if p.tok.kind == token.ARROW {
		if params, ok := identParams(elems); ok {
			p.next()
			body := p.parseExpr()
			return put(&p.funcLits, ast.FuncLit{Start: pos, Kind: ast.FuncArrow, Params: params, Expr: body})
		}
	}
	if tuple {
		return &ast.TupleLit{Lparen: pos, Elems: elems}
	}
	return p.parenUnion(&ast.ParenExpr{Lparen: pos, X: elems[0]})
}

// identParams converts (x, y) to lambda parameters.
func identParams(elems []ast.Expr) ([]*ast.Param, bool) {
	if len(elems) == 0 {
		return nil, true // as def() -> x has them, so both print alike
	}
	params := make([]*ast.Param, 0, len(elems))
	for _, e := range elems {
		id, ok := e.(*ast.Ident)
		if !ok || id.Quoted || strings.Contains(id.Name, ":") {
			return nil, false
		}
		params = append(params, &ast.Param{Name: id})
	}
	return params, true
}

// parseArray parses [e1, e2, ...]; directly inside metacode an element may
// be named, as the aggregates of a window join are:
// <[last(bid) as bid, last(offer) as offer]>.
//
//	array = "[" [elem {"," elem} [","]] "]" ;  elem = expr ["as" alias] (in metacode)
func (p *parser) parseArray() ast.Expr {
	lb := p.tok
	inMeta := p.metaNest == p.nest
	p.next()
	p.nest++
	savedColon, savedMeta := p.noColon, p.metaNest
	p.noColon, p.metaNest = -1, -1
	mark := len(p.exprStk)
	for p.tok.kind != token.RBRACK {
		x := p.parseExpr()
		if inMeta && p.word("as") {
			t := p.peek(1)
			p.next()
			names := p.parseAliases()
			if len(names) != 1 {
				p.errorAt(t, "The metacode of a column takes one alias")
			}
			x = &ast.AliasedExpr{X: x, Alias: names[0]}
		}
		p.exprStk = append(p.exprStk, x)
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	elems := p.exprsFrom(mark)
	if elems == nil {
		elems = []ast.Expr{}
	}
	p.noColon, p.metaNest = savedColon, savedMeta
	p.nest--
	p.expect(token.RBRACK, "to close the vector")
	return &ast.ArrayLit{Lbrack: token.PosOf(int(lb.pos)), Elems: elems}
}

// startsLambdaArg reports whether t, just after a braced lambda in
// operand position, begins the argument the lambda is applied to
// ({x -> x*x} 10, {x -> x+1}{x -> x*2} 10). A name used as an infix
// operator ({x -> x} f 1) is not an argument.
func (p *parser) startsLambdaArg(t *tok) bool {
	if t.nl && p.nest == 0 {
		return false
	}
	switch t.kind {
	case token.LBRACE:
		return t.sp || p.isBracedLambda()
	case token.IDENT:
		return p.startsJuxtaArg(t) && p.wordPrec(t) == 0
	}
	return p.startsJuxtaArg(t)
}

// isBracedLambda reports whether the "{" at the current token opens
// {x -> e}, {x, y -> e}, {def(x): e} or {defg(x) -> e}.
func (p *parser) isBracedLambda() bool {
	if k := p.peek(1).kind; (k == token.DEF || k == token.DEFG) && p.peek(2).kind == token.LPAREN {
		return true
	}
	j := 1
	for {
		if p.peek(j).kind != token.IDENT {
			return false
		}
		j++
		switch p.peek(j).kind {
		case token.ARROW:
			return true
		case token.COMMA:
			j++
		default:
			return false
		}
	}
}

// parseBracedLambda parses {x, y -> expr}.
//
//	bracedLambda = "{" ident {"," ident} "->" expr "}" | "{" funcLit "}"
func (p *parser) parseBracedLambda() ast.Expr {
	lb := p.tok
	p.next()
	if k := p.tok.kind; k == token.DEF || k == token.DEFG {
		// {def(x): e}, {defg(x) -> e}, {def(x){...}}
		p.nest++
		savedColon, savedMeta := p.noColon, p.metaNest
		p.noColon, p.metaNest = -1, -1
		f := p.parseFuncLit().(*ast.FuncLit)
		p.noColon, p.metaNest = savedColon, savedMeta
		p.nest--
		p.expect(token.RBRACE, "to close the lambda expression")
		f.Start, f.Kind = token.PosOf(int(lb.pos)), ast.FuncBraced
		return f
	}
	f := put(&p.funcLits, ast.FuncLit{Start: token.PosOf(int(lb.pos)), Kind: ast.FuncBraced})
	for {
		f.Params = append(f.Params, put(&p.params, ast.Param{Name: p.ident("a parameter name")}))
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	p.expect(token.ARROW, "in the lambda expression")
	p.nest++
	savedColon, savedMeta := p.noColon, p.metaNest
	p.noColon, p.metaNest = -1, -1
	f.Expr = p.parseExpr()
	p.noColon, p.metaNest = savedColon, savedMeta
	p.nest--
	p.expect(token.RBRACE, "to close the lambda expression")
	return f
}

// parseDict parses the JSON-like dictionary literal.
//
//	dict = "{" [key ":" expr {"," key ":" expr} [","]] "}"
func (p *parser) parseDict() ast.Expr {
	lb := p.tok
	p.next()
	p.nest++
	savedColon, savedMeta := p.noColon, p.metaNest
	p.metaNest = -1
	d := &ast.DictLit{Lbrace: token.PosOf(int(lb.pos))}
	for p.tok.kind != token.RBRACE {
		p.noColon = p.nest
		k := p.parseExpr()
		p.noColon = -1
		p.expect(token.COLON, "after a dictionary key")
		v := p.parseExpr()
		d.Keys = append(d.Keys, k)
		d.Values = append(d.Values, v)
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	p.noColon, p.metaNest = savedColon, savedMeta
	p.nest--
	p.expect(token.RBRACE, "to close the dictionary")
	return d
}

// parseFuncLit parses an anonymous function.
//
//	funcLit = ("def" | "defg") params (block | ":" expr | "->" expr)
func (p *parser) parseFuncLit() ast.Expr {
	def := p.tok
	p.next()
	f := put(&p.funcLits, ast.FuncLit{Start: token.PosOf(int(def.pos)), Kind: ast.FuncDef, Aggregate: def.kind == token.DEFG})
	f.Params = p.parseParams()
	switch p.tok.kind {
	case token.LBRACE:
		f.Body = p.parseBlock("to end function definition")
	case token.COLON:
		p.next()
		f.Expr = p.parseExpr()
	case token.ARROW:
		p.next()
		f.Kind = ast.FuncArrow
		f.Expr = p.parseExpr()
	default:
		p.errorAt(p.tok, "{ expected to start function definition")
	}
	return f
}

// parseParams parses a parameter list.
//
//	params = "(" [param {"," param}] ")" ;  param = ["mutable" | "const"] ident ["=" expr]
func (p *parser) parseParams() []*ast.Param {
	p.expect(token.LPAREN, "to start the parameter list")
	p.nest++
	mark := len(p.paramStk)
	for p.tok.kind != token.RPAREN {
		pa := p.params.alloc()
		if p.word("mutable") && p.peek(1).kind == token.IDENT {
			pa.Mutable = true
			p.next()
		} else if p.word("const") && p.peek(1).kind == token.IDENT {
			pa.Const = true
			p.next()
		}
		pa.Name = p.ident("a parameter name")
		if p.tok.kind == token.ASSIGN {
			p.next()
			pa.Default = p.parseExpr()
		}
		p.paramStk = append(p.paramStk, pa)
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	params := p.paramsFrom(mark)
	p.nest--
	p.expect(token.RPAREN, "to close the parameter list")
	return params
}

// macroVar parses the macro variable _$name or _$$names at p.tok.
func (p *parser) macroVar() *ast.MacroVar {
	t := p.tok
	p.next()
	many := t.kind == token.MACROS
	name := p.text(t)[2:]
	if many {
		name = p.text(t)[3:]
	}
	return &ast.MacroVar{DollarPos: token.PosOf(int(t.pos)), Name: name, Many: many}
}

// parseMetaCode parses <expr>, and <expr as name>: the metacode of a
// named column that sql and sqlUpdate take (<price*2 as updatedPrice>).
//
//	metacode = "<" expr ["as" alias] ">"
func (p *parser) parseMetaCode() ast.Expr {
	lt := p.tok
	p.next()
	p.nest++
	savedColon, savedMeta := p.noColon, p.metaNest
	p.noColon, p.metaNest = -1, p.nest
	// Metacode is read as SQL is (DolphinDB's <symbol=`MSFT> compares, and
	// <count(*)> counts rows once sql() puts it in a query).
	p.sql++
	x := p.parseExpr()
	if p.word("as") {
		t := p.peek(1)
		p.next()
		names := p.parseAliases()
		if len(names) != 1 {
			p.errorAt(t, "The metacode of a column takes one alias")
		}
		x = &ast.AliasedExpr{X: x, Alias: names[0]}
	}
	p.sql--
	p.noColon, p.metaNest = savedColon, savedMeta
	p.nest--
	p.expect(token.GTR, "to close the metacode")
	return &ast.MetaCode{Lt: token.PosOf(int(lt.pos)), X: x}
}

// parseCase parses a CASE expression.
//
//	case = "case" [expr] "when" expr "then" expr {"when" expr "then" expr} ["else" expr] "end"
func (p *parser) parseCase() ast.Expr {
	c := &ast.CaseExpr{Case: p.pos()}
	p.next()
	p.sql++
	p.nest++
	if !p.word("when") {
		c.X = p.parseExpr()
	}
	for p.word("when") {
		p.next()
		c.Whens = append(c.Whens, p.parseExpr())
		if !p.word("then") {
			p.errorAt(p.tok, "THEN expected in the CASE expression")
		}
		p.next()
		c.Thens = append(c.Thens, p.parseExpr())
	}
	if len(c.Whens) == 0 {
		p.errorAt(p.tok, "WHEN expected in the CASE expression")
	}
	if p.tok.kind == token.ELSE {
		p.next()
		c.Else = p.parseExpr()
	}
	p.nest--
	p.sql--
	if !p.word("end") {
		p.errorAt(p.tok, "END expected to close the CASE expression")
	}
	p.next()
	return c
}
