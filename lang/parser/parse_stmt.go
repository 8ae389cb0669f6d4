// This file defines the parsing of statements: scripts and blocks,
// assignments, function definitions, control flow and the console
// statements (share, undef, go, module, use, assert, timer ...).

package parser

import (
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// parseScript parses the whole script into chunks split by `go`.
//
//	script = { stmt (";" | newline) }
func (p *parser) parseScript(s *ast.Script) {
	mark := len(p.stmtStk) // the statements of the current chunk are stmtStk[mark:]
	defer func() {         // keep what was parsed, even on error
		if len(p.stmtStk) > mark || len(s.Chunks) == 0 {
			s.Chunks = append(s.Chunks, p.chunkFrom(mark))
		}
	}()
	for p.tok.kind != token.EOF {
		p.compact()
		st := p.parseStmt()
		if _, ok := st.(*ast.GoStmt); ok {
			if len(p.stmtStk) > mark { // go\ngo makes no empty chunk
				s.Chunks = append(s.Chunks, p.chunkFrom(mark))
			}
		} else {
			p.stmtStk = append(p.stmtStk, st)
		}
		p.endStmt()
	}
}

// chunkFrom pops the statements of a chunk (nil when none).
func (p *parser) chunkFrom(mark int) []ast.Stmt {
	n := len(p.stmtStk) - mark
	if n == 0 {
		return nil
	}
	list := make([]ast.Stmt, n)
	copy(list, p.stmtStk[mark:])
	clear(p.stmtStk[mark:])
	p.stmtStk = p.stmtStk[:mark]
	return list
}

// endStmt consumes the end of a statement: ";", a newline, "}" or EOF.
func (p *parser) endStmt() {
	if p.tok.kind == token.SEMI && !p.tok.nl {
		p.next()
		return
	}
	if !p.atStmtEnd() && !(p.funcDepth > 0 && startsKeywordStmt(p.tok.kind)) {
		p.unexpected()
	}
}

// startsKeywordStmt reports whether k is a keyword that begins a statement.
// Inside braces such a statement may follow another on the same line
// without a separator: def f(x){x += 1 return x}.
func startsKeywordStmt(k token.Kind) bool {
	switch k {
	case token.RETURN, token.IF, token.FOR, token.WHILE, token.DO, token.BREAK,
		token.CONTINUE, token.TRY, token.THROW:
		return true
	}
	return false
}

// parseBlock parses { stmts }. what completes the "} expected" message.
//
//	block = "{" { stmt (";" | newline) } "}"
func (p *parser) parseBlock(what string) *ast.BlockStmt {
	p.enter()
	defer p.leave()
	lb := p.expect(token.LBRACE, "")
	b := p.blocks.alloc()
	b.Lbrace = token.PosOf(int(lb.pos))
	savedNest, savedSQL, savedColon, savedMeta := p.nest, p.sql, p.noColon, p.metaNest
	p.nest, p.sql, p.noColon, p.metaNest = 0, 0, -1, -1
	p.funcDepth++
	mark := len(p.stmtStk)
	for p.tok.kind != token.RBRACE && p.tok.kind != token.EOF {
		st := p.parseStmt()
		p.stmtStk = append(p.stmtStk, st)
		p.endStmt()
	}
	b.List = p.stmtsFrom(mark)
	p.funcDepth--
	p.nest, p.sql, p.noColon, p.metaNest = savedNest, savedSQL, savedColon, savedMeta
	if p.tok.kind != token.RBRACE {
		p.errorAt(p.tok, "} expected "+what)
	}
	p.next()
	p.afterBlk = p.i
	return b
}

// parseStmt parses one statement.
func (p *parser) parseStmt() ast.Stmt {
	p.enter()
	defer p.leave()
	t := p.tok
	pos := token.PosOf(int(t.pos))
	n := p.peek(1)
	switch t.kind {
	case token.SEMI:
		p.next()
		p.afterBlk = p.i // the ";" was its own terminator
		return &ast.EmptyStmt{Semi: pos}
	case token.LBRACE:
		// A block, unless it is a lambda or dictionary used as a statement.
		if !p.isBracedLambda() && !(p.peek(2).kind == token.COLON && (n.kind == token.IDENT || n.kind == token.STRING || n.kind == token.LITERAL)) {
			return p.parseBlock("to close the block")
		}
	case token.DEF, token.DEFG:
		if n.kind == token.IDENT {
			return p.parseFuncDecl(nil)
		}
	case token.AT:
		return p.parseAnnotations()
	case token.IF:
		return p.parseIf()
	case token.FOR:
		return p.parseFor()
	case token.WHILE:
		p.next()
		cond := p.parseCond("while")
		return &ast.WhileStmt{While: pos, Cond: cond, Body: p.parseBody()}
	case token.DO:
		p.next()
		body := p.parseBody()
		if p.tok.kind == token.SEMI && p.peek(1).kind == token.WHILE {
			p.next()
		}
		p.expect(token.WHILE, "after the body of do")
		return &ast.DoWhileStmt{Do: pos, Body: body, Cond: p.parseCond("while")}
	case token.BREAK, token.CONTINUE:
		p.next()
		return &ast.BranchStmt{TokPos: pos, Tok: p.text(t)}
	case token.RETURN:
		p.next()
		r := put(&p.returns, ast.ReturnStmt{Return: pos})
		if !p.atStmtEnd() && p.tok.kind != token.ELSE { // if (c) return else ...
			r.Results = p.parseExprList()
		}
		return r
	case token.TRY:
		return p.parseTry()
	case token.THROW:
		p.next()
		return &ast.ThrowStmt{Throw: pos, X: p.parseExpr()}
	case token.IDENT:
		if st := p.parseWordStmt(t, n); st != nil {
			return st
		}
	}
	return p.parseSimpleStmt()
}

// parseWordStmt parses statements introduced by a non-reserved word, or
// returns nil when the word starts an expression.
func (p *parser) parseWordStmt(t, n *tok) ast.Stmt {
	pos := token.PosOf(int(t.pos))
	// A word followed by "=" "(" "." "[" is an ordinary expression or assignment.
	switch n.kind {
	case token.LPAREN, token.DOT, token.LBRACK, token.COMMA:
		if !(p.is(t, "timer") && n.kind == token.LPAREN) {
			return nil
		}
	}
	if n.kind.IsAssignOp() {
		return nil
	}
	endNext := n.kind == token.EOF || n.kind == token.SEMI || n.kind == token.RBRACE || n.nl
	switch p.text(t) {
	case "go":
		if endNext {
			if p.funcDepth > 0 {
				p.errorAt(t, "The go statement can only be used at the top level")
			}
			p.next()
			return &ast.GoStmt{Go: pos}
		}
	case "module", "use":
		if n.kind == token.IDENT && !endNext {
			p.next()
			catalog := false
			if p.text(t) == "use" && p.word("catalog") && p.peek(1).kind == token.IDENT && !p.peek(1).nl {
				catalog = true
				p.next()
			}
			path := p.ident("a module name").Name
			for p.tok.kind == token.COLONCOLON {
				p.next()
				path += "::" + p.ident("a module name").Name
			}
			if p.text(t) == "module" {
				return &ast.ModuleStmt{Module: pos, Path: path}
			}
			return &ast.UseStmt{Use: pos, Path: path, Catalog: catalog}
		}
	case "const":
		if n.kind == token.IDENT && !endNext {
			// const x = e
			p.next()
			st := p.parseSimpleStmt()
			a, ok := st.(*ast.AssignStmt)
			if !ok || a.Op != "=" || a.Ref {
				p.errorAt(t, "Cannot recognize the token const")
			}
			for _, x := range a.Lhs {
				if _, ok := x.(*ast.Ident); !ok {
					p.errorAt(t, "Cannot recognize the token const")
				}
			}
			a.Const = true
			return a
		}
	case "share":
		if !endNext {
			p.next()
			x := p.parseExpr()
			if !p.word("as") {
				p.errorAt(p.tok, "as expected in the share statement")
			}
			p.next()
			var name string
			switch p.tok.kind {
			case token.STRING, token.BACKTICK:
				name = p.literal(p.tok).Text
				p.next()
			default:
				name = p.ident("the shared name").Name
			}
			return &ast.ShareStmt{Share: pos, X: x, Name: name}
		}
	case "undef":
		if !endNext {
			p.next()
			u := &ast.UndefStmt{Undef: pos}
			if p.word("all") {
				u.All = true
				p.next()
				if p.tok.kind == token.COMMA {
					p.next()
					u.Args = p.parseExprList()
				}
			} else {
				u.Args = p.parseExprList()
			}
			return u
		}
	case "assert":
		if !endNext {
			p.next()
			a := &ast.AssertStmt{Assert: pos, X: p.parseExpr()}
			if p.tok.kind == token.COMMA {
				p.next()
				a.Sub = a.X
				a.X = p.parseExpr()
			}
			return a
		}
	case "timer":
		if !endNext {
			p.next()
			tm := &ast.TimerStmt{Timer: pos}
			if p.tok.kind == token.LPAREN {
				// timer(n) body, or timer (expr) on its own.
				save := p.i
				p.next()
				p.nest++
				cnt := p.parseExpr()
				p.nest--
				if p.tok.kind == token.RPAREN && !p.peek(1).nl && p.peek(1).kind != token.EOF && p.peek(1).kind != token.SEMI {
					p.next()
					tm.Count = cnt
				} else {
					p.i = save
					p.tok = &p.toks[save]
				}
			}
			tm.Body = p.parseBody()
			return tm
		}
	case "mapr":
		// mapr f(x){...}; "mapr f" alone stays a juxtaposition call.
		if n.kind == token.IDENT && !endNext && p.peek(2).kind == token.LPAREN {
			return p.parseMapr()
		}
	case "transaction":
		if n.kind == token.LBRACE {
			p.next()
			return &ast.TransactionStmt{Transaction: pos, Body: p.parseBlock("to close the transaction")}
		}
	}
	switch {
	case p.is(t, "update") && !endNext:
		return p.parseUpdate()
	case p.is(t, "delete") && (p.is(n, "from") || n.kind == token.IDENT && !endNext && p.is(p.peek(2), "from")):
		return p.parseDelete()
	case p.is(t, "insert") && p.is(n, "into"):
		return p.parseInsert()
	case p.is(t, "create") && (p.is(n, "table") || p.is(n, "database")):
		return p.parseCreate()
	case p.is(t, "alter") && p.is(n, "table"):
		return p.parseAlter()
	case p.is(t, "drop") && (p.is(n, "table") || p.is(n, "database")):
		return p.parseDrop()
	}
	return nil
}

// parseSimpleStmt parses an expression statement or an assignment.
//
//	simple = exprList [assignOp exprList] | "&" ident "=" expr
func (p *parser) parseSimpleStmt() ast.Stmt {
	lhs := p.parseExprList()
	t := p.tok
	if !t.kind.IsAssignOp() || t.nl && p.nest == 0 {
		if len(lhs) > 1 {
			p.unexpected()
		}
		es := p.exprStmts.alloc()
		es.X = lhs[0]
		return es
	}
	a := p.assigns.alloc()
	a.Lhs, a.OpPos, a.Op = lhs, token.PosOf(int(t.pos)), p.text(t)
	for i, x := range lhs {
		switch x := x.(type) {
		case *ast.Ident:
			if x.Quoted || x.Name[0] == ':' {
				p.errorAt(t, "Cannot assign to "+x.Name)
			}
		case *ast.IndexExpr:
		case *ast.SelectorExpr:
			if c := x.Sel.Name[0]; c >= '0' && c <= '9' {
				// d.2 = 5: a numeric member can only be compared.
				p.unexpected()
			}
		case *ast.RefExpr:
			if len(lhs) == 1 && t.kind == token.ASSIGN {
				lhs[i] = x.X
				a.Ref = true
				continue
			}
			p.unexpected()
		default:
			p.unexpected()
		}
	}
	if len(lhs) > 1 && t.kind != token.ASSIGN {
		p.unexpected()
	}
	p.next()
	a.Rhs = p.parseExprList()
	return a
}

// parseExprList parses expr {"," expr}.
func (p *parser) parseExprList() []ast.Expr {
	mark := len(p.exprStk)
	x := p.parseExpr()
	p.exprStk = append(p.exprStk, x)
	for p.tok.kind == token.COMMA {
		p.next()
		x := p.parseExpr()
		p.exprStk = append(p.exprStk, x)
	}
	return p.exprsFrom(mark)
}

// parseCond parses "(" expr ")" after if/while.
func (p *parser) parseCond(kw string) ast.Expr {
	p.expect(token.LPAREN, "after "+kw)
	p.nest++
	x := p.parseExpr()
	p.nest--
	p.expect(token.RPAREN, "to close the condition of "+kw)
	return x
}

// parseBody parses the statement controlled by if/for/while/do/timer.
func (p *parser) parseBody() ast.Stmt {
	if p.tok.kind == token.LBRACE {
		return p.parseBlock("to close the block")
	}
	if p.atStmtEnd() && p.tok.kind != token.SEMI && !p.tok.nl {
		p.unexpected()
	}
	p.funcDepth++
	defer func() { p.funcDepth-- }()
	savedNest, savedSQL := p.nest, p.sql
	p.nest, p.sql = 0, 0
	st := p.parseStmt()
	p.nest, p.sql = savedNest, savedSQL
	return st
}

// parseIf parses if (cond) stmt [else stmt].
func (p *parser) parseIf() ast.Stmt {
	s := put(&p.ifs, ast.IfStmt{If: p.pos()})
	p.next()
	s.Cond = p.parseCond("if")
	s.Then = p.parseBody()
	if p.tok.kind == token.SEMI && p.peek(1).kind == token.ELSE {
		p.next()
	}
	if p.tok.kind == token.ELSE {
		p.next()
		s.Else = p.parseBody()
	}
	return s
}

// parseFor parses for (x in X) stmt.
//
//	for = "for" "(" ident {"," ident} "in" expr ")" stmt
func (p *parser) parseFor() ast.Stmt {
	s := &ast.ForStmt{For: p.pos()}
	p.next()
	p.expect(token.LPAREN, "after for")
	p.nest++
	for {
		s.Vars = append(s.Vars, p.ident("a loop variable"))
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	if !p.word("in") {
		p.errorAt(p.tok, "in expected in the for statement")
	}
	p.next()
	s.X = p.parseExpr()
	p.nest--
	p.expect(token.RPAREN, "to close the for statement")
	s.Body = p.parseBody()
	return s
}

// parseTry parses try {...} catch (ex) {...}.
func (p *parser) parseTry() ast.Stmt {
	s := &ast.TryStmt{Try: p.pos()}
	p.next()
	s.Body = p.parseBlock("to close the try block")
	if p.tok.kind == token.SEMI && p.peek(1).kind == token.CATCH {
		p.next()
	}
	p.expect(token.CATCH, "after the try block")
	if p.tok.kind == token.LPAREN {
		p.next()
		if p.tok.kind != token.RPAREN {
			s.CatchVar = p.ident("the exception variable")
		}
		p.expect(token.RPAREN, "to close catch")
	}
	s.Catch = p.parseBlock("to close the catch block")
	return s
}

// parseFuncDecl parses a named function definition or forward declaration.
//
//	funcDecl = ("def" | "defg") ident params [block | ":" expr]
func (p *parser) parseFuncDecl(anns []*ast.Annotation) ast.Stmt {
	t := p.tok
	if p.funcDepth > 0 {
		p.errorAt(t, "A function can only be defined at the top level")
	}
	p.next()
	d := &ast.FuncDecl{Def: token.PosOf(int(t.pos)), Aggregate: t.kind == token.DEFG, Annotations: anns}
	d.Name = p.ident("a function name")
	if p.funcs == nil {
		p.funcs = map[string]bool{}
	}
	p.funcs[d.Name.Name] = true
	d.Params = p.parseParams()
	switch p.tok.kind {
	case token.LBRACE:
		d.Body = p.parseBlock("to end function definition")
	case token.COLON:
		p.next()
		d.Expr = p.parseExpr()
	}
	return d
}

// parseAnnotations parses @name lines. A run of annotations directly
// before a def is attached to the FuncDecl; otherwise each annotation is a
// statement of its own (@testing headers of test files).
//
//	annotation = "@" ident [":" ident "=" expr {"," ident "=" expr}]
func (p *parser) parseAnnotations() ast.Stmt {
	var anns []*ast.Annotation
	for {
		anns = append(anns, p.parseAnnotation())
		if k := p.tok.kind; (k == token.DEF || k == token.DEFG) && p.peek(1).kind == token.IDENT {
			return p.parseFuncDecl(anns)
		}
		if p.tok.kind != token.AT || !p.annotationsBeforeDef() {
			break
		}
	}
	if len(anns) > 1 {
		p.errorAt(p.tok, "def expected after the annotations")
	}
	return anns[0]
}

// annotationsBeforeDef reports whether the annotation lines starting at
// the current "@" are followed by a def.
func (p *parser) annotationsBeforeDef() bool {
	j := 0
	for p.peek(j).kind == token.AT {
		j++
		for t := p.peek(j); !t.nl && t.kind != token.EOF; t = p.peek(j) {
			j++
		}
	}
	k := p.peek(j).kind
	return k == token.DEF || k == token.DEFG
}

// parseAnnotation parses one @name line.
func (p *parser) parseAnnotation() *ast.Annotation {
	at := p.tok
	p.next()
	a := &ast.Annotation{At: token.PosOf(int(at.pos)), Name: p.ident("an annotation name").Name}
	if p.tok.kind == token.COLON && !p.tok.nl {
		p.next()
		for {
			key := p.ident("an annotation attribute").Name
			p.expect(token.ASSIGN, "in the annotation")
			a.Attrs = append(a.Attrs, ast.AnnotationAttr{Key: key, Value: p.parseExpr()})
			if p.tok.kind != token.COMMA {
				break
			}
			p.next()
		}
	}
	if p.tok.kind == token.SEMI {
		// @state; def f() ...: the ";" does not end the group. Before
		// another annotation it does (@a; @b).
		if k := p.peek(1).kind; k == token.DEF || k == token.DEFG {
			p.next()
		}
	} else if !p.atStmtEnd() {
		p.unexpected()
	}
	return a
}
