// This file defines the Pratt loop for binary operators, unary operators,
// postfix forms (calls, indexing, members, partial application, adverbs,
// the ternary) and the predicates that decide juxtaposition.

package parser

import (
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// parseExpr parses a full expression.
//
//	expr = binary(1)
func (p *parser) parseExpr() ast.Expr { return p.parseBinary(precOr) }

// startsOperand reports whether t can begin an operand.
func (p *parser) startsOperand(t *tok) bool {
	switch t.kind {
	case token.LITERAL, token.STRING, token.CHAR, token.BACKTICK, token.QIDENT,
		token.MACRO, token.MACROS, token.LPAREN, token.LBRACK, token.LBRACE,
		token.SUB, token.NOT, token.DEF, token.DEFG, token.COLONCOLON, token.AND, token.LSS:
		return true
	case token.IDENT:
		return !p.isOperatorWord(t)
	}
	return false
}

// isOperatorWord reports whether the word t acts as an operator or a
// clause keyword here rather than as a name.
func (p *parser) isOperatorWord(t *tok) bool {
	switch len(p.text(t)) {
	case 2, 3, 4, 5, 7:
		switch p.lower(t) {
		case "and", "or", "in", "like", "ilike", "between", "is", "as":
			return true
		}
	}
	return p.sql > 0 && p.isSQLWord(t)
}

// startsJuxtaArg reports whether t begins the argument of a unary function
// applied by juxtaposition (`sum 1 2 3`, `print x`): an operand that is
// not also read as an operator.
func (p *parser) startsJuxtaArg(t *tok) bool {
	if t.nl && p.nest == 0 {
		return false
	}
	switch t.kind {
	case token.LITERAL, token.STRING, token.CHAR, token.BACKTICK, token.QIDENT,
		token.MACRO, token.MACROS, token.DEF, token.DEFG, token.COLONCOLON:
		return true
	case token.LBRACK, token.LBRACE:
		return t.sp
	case token.SUB:
		n := p.peek(1)
		return t.sp && !n.sp && n.kind != token.SUB && p.startsOperand(n)
	case token.IDENT:
		if p.over > 0 && (p.is(t, "rows") || p.is(t, "range")) {
			return false // order by month rows between ...: the frame
		}
		n := p.peek(1)
		return !p.isOperatorWord(t) && !n.kind.IsAssignOp()
	}
	return false
}

// binaryPrec returns the precedence of t as a binary operator here, or 0.
func (p *parser) binaryPrec(t *tok) int {
	switch t.kind {
	case token.LOR:
		return precOr
	case token.LAND:
		return precAnd
	case token.LSS, token.LEQ, token.GEQ, token.EQL, token.NEQ, token.LTGT:
		return precCompare
	case token.GTR:
		if n := p.peek(1); p.metaNest == p.nest && (n.nl || !p.startsOperand(n)) {
			return 0 // closes <metacode>
		}
		return precCompare
	case token.ASSIGN:
		if p.sql > 0 {
			return precCompare
		}
		return 0
	case token.OR:
		return precBitOr
	case token.XOR:
		return precBitXor
	case token.AND:
		return precBitAnd
	case token.SHL, token.SHR:
		return precShift
	case token.ADD, token.SUB:
		return precAdd
	case token.MUL, token.QUO, token.BACKSLASH, token.REM, token.POW, token.DOLLAR,
		token.LARROW, token.AT:
		return precMul
	case token.COLON:
		if p.noColon == p.nest || !p.startsOperand(p.peek(1)) {
			return 0
		}
		return precPair
	case token.DOTDOT:
		return precPair
	case token.IDENT:
		return p.wordPrec(t)
	case token.LBRACE:
		// x {a, b -> a+b} y: a braced lambda written infix binds like *.
		if t.sp && t == p.tok && p.isBracedLambda() {
			return precMul
		}
	}
	return 0
}

// wordPrec returns the precedence of a word in operator position: a word
// operator (and, or, in, like, between, not in, is null ...) or a function
// written infix (x add y, 3 f 4, x f:E y).
func (p *parser) wordPrec(t *tok) int {
	switch len(p.text(t)) {
	case 2, 3, 4, 5, 7:
		switch p.lower(t) {
		case "or":
			return precOr
		case "and":
			return precAnd
		case "in", "like", "ilike", "between":
			return precCompare
		case "is":
			return precCompare
		case "not":
			switch n := p.peek(1); {
			case p.is(n, "in"), p.is(n, "like"), p.is(n, "ilike"), p.is(n, "between"):
				return precCompare
			}
			return 0
		case "as":
			return 0
		}
	}
	if p.sql > 0 && p.isSQLWord(t) {
		return 0
	}
	// An infix call needs an operand after the name (and its adverbs).
	j := 1
	for p.peek(j).kind == token.ADVERB {
		j++
	}
	n := p.peek(j)
	if n.nl && p.nest == 0 || !p.startsOperand(n) {
		return 0
	}
	if j == 1 {
		switch p.text(t) {
		case "mod", "div":
			return precMul
		}
		if prec, ok := infixPrec[p.text(t)]; ok {
			return prec
		}
	}
	return precMul
}

// continuesSQL reports whether t, first on its line inside a query,
// continues the expression (an operator) rather than starting a statement.
func (p *parser) continuesSQL(t *tok) bool {
	switch t.kind {
	case token.IDENT:
		switch p.lower(t) {
		case "and", "or", "in", "like", "ilike", "not", "between", "is":
			return true
		}
		return false
	case token.SUB, token.LSS, token.AND, token.MUL:
		return true // not statement starts inside a query
	}
	return t.kind >= token.ADD && t.kind <= token.NOT || t.kind == token.ASSIGN ||
		t.kind == token.DOTDOT || t.kind == token.COLON
}

// parseBinary parses operators of precedence >= minPrec, left-associative.
//
//	binary(n) = unary { op(>=n) binary(op+1) }
func (p *parser) parseBinary(minPrec int) ast.Expr {
	p.enter()
	defer p.leave()
	x := p.parseUnary()
	for {
		t := p.tok
		if t.nl && p.nest == 0 && !(p.sql > 0 && p.continuesSQL(t)) {
			return x
		}
		prec := p.binaryPrec(t)
		if prec == 0 || prec < minPrec {
			return x
		}
		opPos := token.PosOf(int(t.pos))
		if t.kind == token.IDENT {
			x = p.parseWordOp(x, t, prec)
			continue
		}
		if t.kind == token.LBRACE {
			fun := p.parseAdverbs(p.parseBracedLambda())
			y := p.parseBinary(prec + 1)
			x = put(&p.binaries, ast.BinaryExpr{X: x, OpPos: opPos, Fun: fun, Y: y})
			continue
		}
		p.next()
		if p.tok.kind == token.ADVERB {
			// X +:L Y (also X ** :L Y): an operator modified by an adverb,
			// applied infix.
			var fun ast.Expr = &ast.OpFunc{OpPos: opPos, Op: p.text(t)}
			fun = p.parseAdverbs(fun)
			y := p.parseBinary(precMul + 1)
			x = put(&p.binaries, ast.BinaryExpr{X: x, OpPos: opPos, Fun: fun, Y: y})
			continue
		}
		y := p.parseBinary(prec + 1)
		b := p.binaries.alloc()
		b.X, b.OpPos, b.Op, b.Y = x, opPos, p.text(t), y
		x = b
	}
}

// parseWordOp parses the rest of a binary expression whose operator is the
// word t (the current token).
func (p *parser) parseWordOp(x ast.Expr, t *tok, prec int) ast.Expr {
	opPos := token.PosOf(int(t.pos))
	op := p.lower(t)
	switch op {
	case "or", "and", "in", "like", "ilike":
		p.next()
		return put(&p.binaries, ast.BinaryExpr{X: x, OpPos: opPos, Op: op, Y: p.parseBinary(prec + 1)})
	case "not", "between":
		not := op == "not"
		p.next()
		if not {
			op = "not " + p.lower(p.tok)
			p.next()
		}
		if op == "between" || op == "not between" {
			lo := p.parseBinary(precCompare + 1)
			if b, ok := lo.(*ast.BinaryExpr); !(ok && b.Op == ":") && p.word("and") {
				p.next()
				hi := p.parseBinary(precCompare + 1)
				return &ast.BetweenExpr{X: x, Not: not, Lo: lo, Hi: hi}
			}
			return put(&p.binaries, ast.BinaryExpr{X: x, OpPos: opPos, Op: op, Y: lo})
		}
		return put(&p.binaries, ast.BinaryExpr{X: x, OpPos: opPos, Op: op, Y: p.parseBinary(prec + 1)})
	case "is":
		p.next()
		not := false
		if p.word("not") {
			not = true
			p.next()
		}
		if p.tok.kind != token.LITERAL || p.tok.litKind != ast.LitNull || p.tok.litType != token.TypeVOID {
			p.errorAt(p.tok, "NULL expected after keyword is")
		}
		p.next()
		return &ast.IsNullExpr{X: x, Not: not}
	}
	// Infix call: x f y, x f:E y.
	p.next()
	var fun ast.Expr = put(&p.idents, ast.Ident{NamePos: opPos, Name: p.text(t)})
	fun = p.parseAdverbs(fun)
	y := p.parseBinary(prec + 1)
	return put(&p.binaries, ast.BinaryExpr{X: x, OpPos: opPos, Fun: fun, Y: y})
}

// parseAdverbs wraps fun in the adverbs that follow it (f:E:L).
//
//	adverbs = { ":E" | ":L" | ... | ":EC" ... }
func (p *parser) parseAdverbs(fun ast.Expr) ast.Expr {
	for p.tok.kind == token.ADVERB {
		t := p.tok
		name := p.text(t)[1:]
		fun = put(&p.adverbs, ast.AdverbExpr{Fun: fun, ColonPos: token.PosOf(int(t.pos)), Kind: name[0], Consistent: len(name) == 2})
		p.next()
	}
	return fun
}

// parseUnary parses prefix operators and a postfix expression.
//
//	unary = ("-" | "!") unary | postfix [juxtaArg]
func (p *parser) parseUnary() ast.Expr {
	t := p.tok
	if (t.kind == token.SUB || t.kind == token.NOT) && p.startsOperand(p.peek(1)) {
		p.enter()
		defer p.leave()
		n := p.peek(1)
		if t.kind == token.SUB && n.kind == token.LITERAL && !n.sp && isNumeric(n) {
			// A negative literal; in a vector the minus binds to the element.
			p.next()
			lit := p.literal(n)
			p.next()
			var x ast.Expr = put(&p.unaries, ast.UnaryExpr{OpPos: token.PosOf(int(t.pos)), Op: "-", X: lit})
			x = p.vectorTail(x)
			return p.parsePostfix(x)
		}
		p.next()
		x := p.parseUnary()
		return put(&p.unaries, ast.UnaryExpr{OpPos: token.PosOf(int(t.pos)), Op: p.text(t), X: x})
	}
	x := p.parsePostfix(p.parsePrimary())
	if _, ok := x.(*ast.AdverbExpr); ok && p.startsAdverbArg(p.tok) {
		// f:E x, +:A 1..10: prefix application of an adverb-modified function.
		argPos := p.pos()
		arg := p.parseExpr()
		x = put(&p.calls, ast.CallExpr{Fun: x, Lparen: argPos, Args: p.argLists.of([]ast.Arg{{Value: arg}}), Style: ast.CallJuxta})
	}
	return x
}

// startsAdverbArg reports whether t begins the argument of f:E x.
func (p *parser) startsAdverbArg(t *tok) bool {
	if t.nl && p.nest == 0 {
		return false
	}
	if t.kind == token.LSS {
		return false
	}
	return p.startsOperand(t)
}

func isNumeric(t *tok) bool {
	switch t.litKind {
	case ast.LitNumber, ast.LitDecimal, ast.LitDuration:
		return true
	}
	return false
}

// parsePostfix parses the postfix forms applied to x.
//
//	postfix = primary { "(" args ")" | "[" index "]" | "{" args "}" |
//	          "." name ["(" args ")" | "{" args "}"] | "." "{" fun "}" "(" args ")" |
//	          adverb } ["?" expr ":" expr]
func (p *parser) parsePostfix(x ast.Expr) ast.Expr {
	for {
		t := p.tok
		if t.nl && p.nest == 0 {
			return x
		}
		switch t.kind {
		case token.LPAREN:
			args := p.parseArgs(token.LPAREN, token.RPAREN, "to close the function call ", x)
			c := p.calls.alloc()
			c.Fun, c.Lparen, c.Args = x, token.PosOf(int(t.pos)), args
			x = c
			if p.sql > 0 && p.word("over") && p.peek(1).kind == token.LPAREN {
				x = p.parseOver(c)
			}
		case token.LBRACK:
			x = p.parseIndex(x)
		case token.LBRACE:
			if t.sp {
				return x
			}
			args := p.parseArgs(token.LBRACE, token.RBRACE, "to close the partial application ", x)
			x = &ast.PartialExpr{Fun: x, Lbrace: token.PosOf(int(t.pos)), Args: args}
		case token.DOT:
			x = p.parseSelector(x)
		case token.ADVERB:
			x = p.parseAdverbs(x)
		case token.QUESTION:
			p.next()
			saved := p.noColon
			p.noColon = p.nest
			then := p.parseExpr()
			p.noColon = saved
			p.expect(token.COLON, "in the conditional expression")
			els := p.parseExpr()
			return &ast.TernaryExpr{Cond: x, Then: then, Else: els}
		default:
			return x
		}
	}
}

// shortName names a callee in error messages.
func shortName(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}

// parseSelector parses what follows a ".".
func (p *parser) parseSelector(x ast.Expr) ast.Expr {
	p.next() // .
	t := p.tok
	switch {
	case t.kind == token.LBRACE:
		// v.{x -> x*x}(), obj.{method{,p}}(args)
		var fun ast.Expr
		if p.isBracedLambda() {
			fun = p.parseBracedLambda()
		} else {
			p.next()
			p.nest++
			fun = p.parseExpr()
			p.nest--
			p.expect(token.RBRACE, "to close the function of a method call")
		}
		lp := p.tok
		args := p.parseArgs(token.LPAREN, token.RPAREN, "to close the method call", nil)
		return put(&p.calls, ast.CallExpr{Fun: fun, Lparen: token.PosOf(int(lp.pos)), Args: p.prependArg(x, args), Style: ast.CallMethod})
	case t.kind == token.IDENT || t.kind >= token.DEF || t.kind == token.LITERAL && t.litKind == ast.LitNumber && !t.sp:
		p.next()
		sel := p.newIdent(token.PosOf(int(t.pos)), p.text(t))
		n := p.tok
		if n.nl && p.nest == 0 {
			return put(&p.selectors, ast.SelectorExpr{X: x, Sel: sel}) // a.b\n(...) is two statements
		}
		switch {
		case n.kind == token.LPAREN && t.kind != token.LITERAL:
			args := p.parseArgs(token.LPAREN, token.RPAREN, "to close the function call ", sel)
			return put(&p.calls, ast.CallExpr{Fun: sel, Lparen: token.PosOf(int(n.pos)), Args: p.prependArg(x, args), Style: ast.CallMethod})
		case n.kind == token.LBRACE && !n.sp && t.kind != token.LITERAL:
			// x.f{p} is f{x, p}.
			args := p.parseArgs(token.LBRACE, token.RBRACE, "to close the partial application ", sel)
			return &ast.PartialExpr{Fun: sel, Lbrace: token.PosOf(int(n.pos)), Args: p.prependArg(x, args)}
		}
		se := p.selectors.alloc()
		se.X, se.Sel = x, sel
		return se
	}
	p.errorAt(t, "Cannot recognize the token "+p.text(t)+" after .")
	return nil
}

// prependArg returns the arguments x, args... (x.f(args) is f(x, args)).
func (p *parser) prependArg(x ast.Expr, args []ast.Arg) []ast.Arg {
	mark := len(p.argStk)
	p.argStk = append(p.argStk, ast.Arg{Value: x})
	p.argStk = append(p.argStk, args...)
	return p.argsFrom(mark)
}

// parseIndex parses x[...].
//
//	index = "[" [dim {"," dim}] "]" ;  dim = [expr] | [expr] ":" [expr]
func (p *parser) parseIndex(x ast.Expr) ast.Expr {
	lb := p.tok
	p.next()
	if p.tok.kind == token.RBRACK {
		p.next()
		if id, ok := x.(*ast.Ident); ok && !id.Quoted && isUpperWord(id.Name) {
			return put(&p.idents, ast.Ident{NamePos: id.NamePos, Name: id.Name + "[]"}) // INT[]
		}
		return &ast.IndexExpr{X: x, Lbrack: token.PosOf(int(lb.pos)), Indices: []ast.Expr{}}
	}
	p.nest++
	saved := p.noColon
	p.noColon = -1
	mark := len(p.exprStk)
	for {
		var e ast.Expr
		switch p.tok.kind {
		case token.COMMA, token.RBRACK:
		case token.COLON:
			c := p.pos()
			p.next()
			var hi ast.Expr
			if k := p.tok.kind; k != token.COMMA && k != token.RBRACK {
				hi = p.parseExpr()
			}
			e = &ast.SliceExpr{Colon: c, Hi: hi}
		default:
			e = p.parseExpr()
			if p.tok.kind == token.COLON {
				c := p.pos()
				p.next()
				e = &ast.SliceExpr{Colon: c, Lo: e}
			}
		}
		p.exprStk = append(p.exprStk, e)
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	idx := p.exprsFrom(mark)
	p.noColon = saved
	p.nest--
	p.expect(token.RBRACK, "to close the index")
	ix := p.indexes.alloc()
	ix.X, ix.Lbrack, ix.Indices = x, token.PosOf(int(lb.pos)), idx
	return ix
}

func isUpperWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return s != ""
}

// parseArgs parses call or partial-application arguments.
//
//	args = open [arg {"," arg}] close ;  arg = [name "="] expr ["as" name] | (nothing: skipped)
//
// what completes the message "<close> expected"; the name of callee, when
// it has one, is appended to it.
func (p *parser) parseArgs(open, close token.Kind, what string, callee ast.Expr) []ast.Arg {
	p.expect(open, "")
	if p.tok.kind == close {
		p.next()
		return nil
	}
	p.nest++
	saved, savedMeta := p.noColon, p.metaNest
	p.noColon, p.metaNest = -1, -1
	mark := len(p.argStk)
	for {
		var a ast.Arg
		switch t := p.tok; {
		case t.kind == token.COMMA || t.kind == close:
		case t.kind == token.IDENT && p.peek(1).kind == token.ASSIGN && p.sql == 0:
			a.Name = p.text(t)
			p.next()
			p.next()
			a.Value = p.parseExpr()
		default:
			a.Value = p.parseExpr()
			if p.sql > 0 && p.tok.kind == token.ELLIPSIS {
				// rowSum(price1...price5): the columns of a range as
				// arguments.
				a.Value = p.parseColumnRange(a.Value)
			}
		}
		if a.Value != nil && p.word("as") {
			// table(x as name), table(x as `name), table(x as "a b"): a
			// named column.
			p.next()
			t := p.tok
			names := p.parseAliases()
			if len(names) != 1 {
				p.errorAt(t, "Expected a column name but got "+p.text(t))
			}
			a.Value = &ast.AliasedExpr{X: a.Value, Alias: names[0]}
		}
		p.argStk = append(p.argStk, a)
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	args := p.argsFrom(mark)
	p.noColon, p.metaNest = saved, savedMeta
	p.nest--
	if p.tok.kind == close {
		p.next()
	} else {
		p.expect(close, what+shortName(callee))
	}
	return args
}
