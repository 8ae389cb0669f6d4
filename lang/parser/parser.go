// Package parser turns DolphinDB script into the syntax tree of lang/ast.
//
// It is a hand-written scanner (scanner.go, literal.go) plus a Pratt parser
// for expressions (parse_expr.go, parse_primary.go), statements
// (parse_stmt.go) and the SQL dialect (parse_sql.go, parse_ddl.go).
// Undefined identifiers are not checked here; the resolver does that.
//
// The parser reports the first syntax error (DolphinDB does the same); it
// panics internally on an error and recovers at its entry points, and it
// never crashes or loops on any input: nesting is capped at maxDepth.
package parser

import (
	"strings"
	"sync"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// maxDepth caps the nesting of expressions and statements.
const maxDepth = 400

// Parse parses a whole script. name is used in positions. On error it
// returns a non-nil ErrorList (as the error) and the statements parsed so
// far.
func Parse(name string, src []byte) (*ast.Script, error) {
	file := token.NewFile(name, src)
	p := newParser(file, string(src))
	script := &ast.Script{File: file}
	p.run(func() { p.parseScript(script) })
	p.release()
	if len(p.errs) > 0 {
		p.errs.Sort()
		return script, p.errs
	}
	return script, nil
}

// ParseExpr parses a single expression (used by parseExpr()).
func ParseExpr(src string) (ast.Expr, error) {
	file := token.NewFile("", []byte(src))
	p := newParser(file, src)
	var x ast.Expr
	p.run(func() {
		if len(p.errs) > 0 {
			p.bail()
		}
		x = p.parseExpr()
		if p.tok.kind != token.EOF {
			p.unexpected()
		}
	})
	p.release()
	if len(p.errs) > 0 {
		p.errs.Sort()
		return nil, p.errs
	}
	return x, nil
}

// parser is the state of one parse.
type parser struct {
	file *token.File
	src  string
	sc   *scanner
	i    int  // index of the current token in toks (tokens scanned so far of the current top-level statement)
	tok  *tok // &toks[i]
	errs ErrorList

	nest      int // open ( [ { <...> of the current expression: newlines don't end it
	sql       int // > 0 inside a SQL query: "=" compares, SQL words end expressions
	over      int // > 0 inside an over clause: rows and range start the frame
	noColon   int // nest level at which ":" ends an expression (ternary, dict key), or -1
	metaNest  int // nest level of the innermost <metacode>, or -1
	depth     int // recursion depth
	funcDepth int // > 0 inside a function body or block
	afterBlk  int // token index just after the last closing "}" of a block
	funcs     map[string]bool

	// Node slabs: the most frequent node types come from chunks.
	idents    slab[ast.Ident]
	literals  slab[ast.Literal]
	binaries  slab[ast.BinaryExpr]
	calls     slab[ast.CallExpr]
	selectors slab[ast.SelectorExpr]
	indexes   slab[ast.IndexExpr]
	unaries   slab[ast.UnaryExpr]
	params    slab[ast.Param]
	assigns   slab[ast.AssignStmt]
	exprStmts slab[ast.ExprStmt]
	blocks    slab[ast.BlockStmt]
	vectors   slab[ast.VectorLit]
	funcLits  slab[ast.FuncLit]
	adverbs   slab[ast.AdverbExpr]
	ifs       slab[ast.IfStmt]
	returns   slab[ast.ReturnStmt]
	selItems  slab[ast.SelectItem]

	// Exactly sized slices carved from chunks, filled from the scratch
	// stacks of *scratch.
	exprLists  lists[ast.Expr]
	argLists   lists[ast.Arg]
	stmtLists  lists[ast.Stmt]
	paramLists lists[*ast.Param]
	selLists   lists[*ast.SelectItem]
	strLists   lists[string]

	*scratch
}

// scratch holds the parser's reusable buffers: the token window and
// stacks on which lists are collected before being copied to their final,
// exactly sized slices. Parsers take them from a pool.
type scratch struct {
	toks     []tok
	exprStk  []ast.Expr
	argStk   []ast.Arg
	stmtStk  []ast.Stmt
	paramStk []*ast.Param
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{toks: make([]tok, 0, 256)}
}}

// release returns the scratch buffers to the pool, dropping references
// into the tree.
func (p *parser) release() {
	sc := p.scratch
	p.scratch = nil
	if cap(sc.toks) > 1<<16 || cap(sc.stmtStk) > 1<<16 || cap(sc.exprStk) > 1<<16 {
		return // let an unusually large buffer go
	}
	clear(sc.exprStk[:cap(sc.exprStk)])
	clear(sc.argStk[:cap(sc.argStk)])
	clear(sc.stmtStk[:cap(sc.stmtStk)])
	clear(sc.paramStk[:cap(sc.paramStk)])
	sc.toks = sc.toks[:0]
	sc.exprStk, sc.argStk, sc.stmtStk, sc.paramStk = sc.exprStk[:0], sc.argStk[:0], sc.stmtStk[:0], sc.paramStk[:0]
	scratchPool.Put(sc)
}

// bailout is the panic value that unwinds the parser after an error.
type bailout struct{}

func newParser(file *token.File, src string) *parser {
	p := &parser{file: file, src: src, noColon: -1, metaNest: -1, afterBlk: -1}
	p.scratch = scratchPool.Get().(*scratch)
	p.sc = newScanner(src, file, &p.errs)
	p.fill(0)
	p.tok = &p.toks[0]
	return p
}

// run calls f, recovering the parser's bailout panic.
func (p *parser) run(f func()) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
		}
	}()
	f()
}

func (p *parser) bail() { panic(bailout{}) }

// errorAt records an error at offset-based pos and unwinds.
func (p *parser) errorAt(t *tok, msg string) {
	if t.kind != token.ILLEGAL { // the scanner already reported it
		off := int(t.pos)
		if t.kind == token.EOF && p.i > 0 {
			off = int(p.toks[p.i-1].end) // report at the end of the last line
		}
		p.errs.add(p.file, token.PosOf(off), msg)
	}
	p.bail()
}

// unexpected reports the current token as unexpected.
func (p *parser) unexpected() {
	t := p.tok
	switch t.kind {
	case token.EOF:
		p.errorAt(t, "Unexpected end of script")
	case token.ASSIGN:
		if p.sql == 0 {
			p.errorAt(t, "Please use '==' rather than '=' as equal operator in non-sql expression.")
		}
	}
	p.errorAt(t, "Cannot recognize the token "+p.text(t))
}

// expect consumes a token of kind k or reports "<k> expected <what>", e.g.
// ") expected to close the function call f".
func (p *parser) expect(k token.Kind, what string) *tok {
	t := p.tok
	if t.kind != k {
		if t.kind == token.ASSIGN && p.sql == 0 {
			p.unexpected()
		}
		if t.kind == token.ILLEGAL {
			p.bail()
		}
		msg := k.String() + " expected"
		if what != "" {
			msg += " " + what
		}
		p.errorAt(t, msg)
	}
	p.next()
	return t
}

// fill scans tokens until toks[j] exists or EOF is reached.
func (p *parser) fill(j int) {
	for len(p.toks) <= j {
		if n := len(p.toks); n > 0 && p.toks[n-1].kind == token.EOF {
			return
		}
		p.toks = append(p.toks, tok{})
		p.sc.scanInto(&p.toks[len(p.toks)-1])
	}
}

// compact drops the tokens before the current one. It is called between
// top-level statements, where no token index is held, so that memory
// stays proportional to the largest statement.
func (p *parser) compact() {
	if p.i < 1024 {
		return
	}
	n := copy(p.toks, p.toks[p.i:])
	p.toks = p.toks[:n]
	p.afterBlk -= p.i
	p.i = 0
	p.tok = &p.toks[0]
}

func (p *parser) next() {
	if p.i+1 < len(p.toks) {
		p.i++
		p.tok = &p.toks[p.i]
		return
	}
	p.fill(p.i + 1)
	if p.i < len(p.toks)-1 {
		p.i++
	}
	p.tok = &p.toks[p.i]
}

// peek returns the token n places ahead (EOF past the end).
func (p *parser) peek(n int) *tok {
	j := p.i + n
	p.fill(j)
	if j < len(p.toks) {
		return &p.toks[j]
	}
	return &p.toks[len(p.toks)-1]
}

func (p *parser) pos() token.Pos { return token.PosOf(int(p.tok.pos)) }

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.errorAt(p.tok, "The nesting of the script is too deep")
	}
}

func (p *parser) leave() { p.depth-- }

// is reports whether t is the word w (ASCII case-insensitive; w is lower case).
func (p *parser) is(t *tok, w string) bool {
	if t.kind != token.IDENT || int(t.end-t.pos) != len(w) {
		return false
	}
	text := p.src[t.pos:t.end]
	for i := 0; i < len(w); i++ {
		c := text[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// text returns the source text of t.
func (p *parser) text(t *tok) string { return p.src[t.pos:t.end] }

// word reports whether the current token is the word w.
func (p *parser) word(w string) bool { return p.is(p.tok, w) }

// lower returns the lower-case text of an identifier token.
func (p *parser) lower(t *tok) string {
	text := p.text(t)
	for i := 0; i < len(text); i++ {
		if c := text[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(text)
		}
	}
	return text
}

// ident makes an Ident of the current IDENT token and advances.
func (p *parser) ident(what string) *ast.Ident {
	t := p.tok
	if t.kind != token.IDENT {
		if t.kind == token.EOF || t.kind == token.ILLEGAL {
			p.unexpected()
		}
		p.errorAt(t, "Expected "+what+" but got "+p.text(t))
	}
	p.next()
	return p.newIdent(token.PosOf(int(t.pos)), p.text(t))
}

// atStmtEnd reports whether the current token ends a statement.
func (p *parser) atStmtEnd() bool {
	t := p.tok
	return t.kind == token.EOF || t.kind == token.SEMI || t.kind == token.RBRACE ||
		t.nl && p.nest == 0 || p.i == p.afterBlk
}

// slab hands out nodes from chunks, to cut the number of allocations for
// the most frequent node types. Chunks grow from 8 to 256 nodes, so that
// short scripts stay cheap.
type slab[T any] struct {
	buf  []T
	next int // size of the next chunk
}

func (s *slab[T]) alloc() *T {
	if len(s.buf) == 0 {
		s.next = min(max(2*s.next, 8), 256)
		s.buf = make([]T, s.next)
	}
	x := &s.buf[0]
	s.buf = s.buf[1:]
	return x
}

// put returns a node of the slab s set to v.
func put[T any](s *slab[T], v T) *T {
	x := s.alloc()
	*x = v
	return x
}

// lists hands out exactly sized slices (len == cap, so that appending to
// one never writes into its neighbour) carved from chunks.
type lists[T any] struct {
	buf  []T
	next int // size of the next chunk
}

// of returns a copy of src; nil when src is empty.
func (l *lists[T]) of(src []T) []T {
	n := len(src)
	if n == 0 {
		return nil
	}
	if n > 64 {
		return append([]T(nil), src...)
	}
	if len(l.buf) < n {
		l.next = min(max(2*l.next, 64), 1024)
		l.buf = make([]T, l.next)
	}
	x := l.buf[:n:n]
	l.buf = l.buf[n:]
	copy(x, src)
	return x
}

// exprsFrom pops the expressions pushed on exprStk since mark and returns
// them as an exactly sized slice (nil when none).
func (p *parser) exprsFrom(mark int) []ast.Expr {
	list := p.exprLists.of(p.exprStk[mark:])
	clear(p.exprStk[mark:])
	p.exprStk = p.exprStk[:mark]
	return list
}

// stmtsFrom is exprsFrom for statements.
func (p *parser) stmtsFrom(mark int) []ast.Stmt {
	list := p.stmtLists.of(p.stmtStk[mark:])
	clear(p.stmtStk[mark:])
	p.stmtStk = p.stmtStk[:mark]
	return list
}

// argsFrom is exprsFrom for call arguments.
func (p *parser) argsFrom(mark int) []ast.Arg {
	list := p.argLists.of(p.argStk[mark:])
	clear(p.argStk[mark:])
	p.argStk = p.argStk[:mark]
	return list
}

// paramsFrom is exprsFrom for parameters.
func (p *parser) paramsFrom(mark int) []*ast.Param {
	list := p.paramLists.of(p.paramStk[mark:])
	clear(p.paramStk[mark:])
	p.paramStk = p.paramStk[:mark]
	return list
}

// newIdent returns a new Ident.
func (p *parser) newIdent(pos token.Pos, name string) *ast.Ident {
	id := p.idents.alloc()
	id.NamePos, id.Name = pos, name
	return id
}
