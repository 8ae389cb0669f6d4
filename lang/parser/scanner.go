// This file defines the scanner: it turns a script into tokens, recording for each token whether whitespace or a newline
// precedes it (the parser needs both: newlines end statements, spaces
// separate vector elements and unary minus from binary minus).

package parser

import (
	"unicode"
	"unicode/utf8"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// tok is one scanned token.
type tok struct {
	kind    token.Kind
	litKind ast.LitKind // LITERAL only
	litType uint8       // LITERAL only: wire type code
	nl      bool        // a newline (or the start of the script) precedes it
	sp      bool        // whitespace, a comment or a newline precedes it
	pos     int32       // byte offset of the first byte
	end     int32       // byte offset just past the token
}

// scanner holds the state of one scan. It produces tokens on demand: the
// parser keeps only the tokens of the current top-level statement.
type scanner struct {
	src    string
	i      int
	nl, sp bool       // pending: a newline / whitespace precedes the next token
	prev   token.Kind // kind of the previous token
	errs   *ErrorList
	file   *token.File
}

func newScanner(src string, file *token.File, errs *ErrorList) *scanner {
	return &scanner{src: src, errs: errs, file: file, nl: true, sp: true}
}

func (s *scanner) errorAt(off int, msg string) {
	s.errs.add(s.file, token.PosOf(off), msg)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

// identByte marks the ASCII bytes that continue an identifier.
var identByte = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = isLetter(byte(c)) || isDigit(byte(c))
	}
	return t
}()

// identRuneAt reports the length of an identifier character at i (0 if none).
func (s *scanner) identRuneAt(i int, first bool) int {
	if i >= len(s.src) {
		return 0
	}
	c := s.src[i]
	if c < utf8.RuneSelf {
		if isLetter(c) || !first && isDigit(c) {
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeRuneInString(s.src[i:])
	if r == utf8.RuneError || !(unicode.IsLetter(r) || !first && unicode.IsDigit(r)) {
		return 0
	}
	return n
}

func (s *scanner) peek(i int) byte {
	if i < len(s.src) {
		return s.src[i]
	}
	return 0
}

// scan returns the next token; at the end it returns EOF (repeatedly).
func (s *scanner) scan() tok {
	var t tok
	s.scanInto(&t)
	return t
}

// scanInto scans the next token into *t (which the caller has zeroed).
func (s *scanner) scanInto(t *tok) {
	src := s.src
	// Skip whitespace and comments.
	for s.i < len(src) {
		c := src[s.i]
		if c == '\n' {
			s.nl, s.sp = true, true
			s.i++
		} else if c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			s.sp = true
			s.i++
		} else if c == '/' && s.peek(s.i+1) == '/' {
			for s.i < len(src) && src[s.i] != '\n' {
				s.i++
			}
			s.sp = true
		} else if c == '/' && s.peek(s.i+1) == '*' {
			start := s.i
			s.i += 2
			for {
				if s.i+1 >= len(src) {
					s.errorAt(start, "The block comment is not closed")
					s.i = len(src)
					break
				}
				if src[s.i] == '*' && src[s.i+1] == '/' {
					s.i += 2
					break
				}
				if src[s.i] == '\n' {
					s.nl = true
				}
				s.i++
			}
			s.sp = true
		} else {
			break
		}
	}
	t.nl, t.sp, t.pos = s.nl, s.sp, int32(s.i)
	s.nl, s.sp = false, false
	if s.i >= len(src) {
		t.kind = token.EOF
		t.end = t.pos
		s.prev = token.EOF
		return
	}
	s.next(t)
	t.end = int32(s.i)
	s.prev = t.kind
}

// prevAdjacentOperand reports whether the previous token ends an operand
// and touches the current position: then "." is member access, not the
// start of a number (d.3, t.x).
func (s *scanner) prevAdjacentOperand(t *tok) bool {
	if t.sp {
		return false
	}
	switch s.prev {
	case token.IDENT, token.RPAREN, token.RBRACK, token.RBRACE, token.STRING, token.QIDENT, token.BACKTICK:
		return true
	}
	return false
}

// next scans one token starting at s.i into t.
func (s *scanner) next(t *tok) {
	src := s.src
	c := src[s.i]
	switch {
	case isDigit(c):
		s.number(t)
		return
	case c == '.' && isDigit(s.peek(s.i+1)) && !s.prevAdjacentOperand(t):
		s.number(t)
		return
	case c == '"' || c == '\'':
		s.str(t, c)
		return
	case c == '`':
		s.backtick(t)
		return
	case c == '_' && s.peek(s.i+1) == '"':
		s.i++
		s.str(t, '"')
		if t.kind == token.STRING {
			t.kind = token.QIDENT
		}
		return
	case c == '_' && s.peek(s.i+1) == '$':
		j := s.i + 2
		t.kind = token.MACRO
		if s.peek(j) == '$' {
			j++
			t.kind = token.MACROS
		}
		if n := s.identRuneAt(j, true); n > 0 {
			s.i = j
			s.ident(t)
			if t.kind == token.IDENT || t.kind >= token.DEF || t.kind == token.LITERAL {
				t.kind = token.MACRO
				if src[t.pos+2] == '$' {
					t.kind = token.MACROS
				}
			}
			return
		}
		// "_" alone followed by "$": an identifier "_".
	}
	if isLetter(c) || c >= utf8.RuneSelf && s.identRuneAt(s.i, true) > 0 {
		s.ident(t)
		return
	}
	s.i++
	t.kind = token.ILLEGAL
	switch c {
	case '+':
		t.kind = s.op2('=', token.ADD_ASSIGN, token.ADD)
	case '-':
		switch s.peek(s.i) {
		case '>':
			s.i++
			t.kind = token.ARROW
		case '=':
			s.i++
			t.kind = token.SUB_ASSIGN
		default:
			t.kind = token.SUB
		}
	case '*':
		switch s.peek(s.i) {
		case '*':
			s.i++
			t.kind = token.POW
		case '=':
			s.i++
			t.kind = token.MUL_ASSIGN
		default:
			t.kind = token.MUL
		}
	case '/':
		t.kind = s.op2('=', token.QUO_ASSIGN, token.QUO)
	case '\\':
		t.kind = s.op2('=', token.RAT_ASSIGN, token.BACKSLASH)
	case '%':
		t.kind = s.op2('=', token.REM_ASSIGN, token.REM)
	case '$':
		t.kind = token.DOLLAR
	case '<':
		switch s.peek(s.i) {
		case '=':
			s.i++
			t.kind = token.LEQ
		case '<':
			s.i++
			t.kind = token.SHL
		case '>':
			s.i++
			t.kind = token.LTGT
		case '-':
			s.i++
			t.kind = token.LARROW
		default:
			t.kind = token.LSS
		}
	case '>':
		switch s.peek(s.i) {
		case '=':
			s.i++
			t.kind = token.GEQ
		case '>':
			s.i++
			t.kind = token.SHR
		default:
			t.kind = token.GTR
		}
	case '=':
		t.kind = s.op2('=', token.EQL, token.ASSIGN)
	case '!':
		t.kind = s.op2('=', token.NEQ, token.NOT)
	case '&':
		switch s.peek(s.i) {
		case '&':
			s.i++
			t.kind = token.LAND
		case '=':
			s.i++
			t.kind = token.AND_ASSIGN
		default:
			t.kind = token.AND
		}
	case '|':
		switch s.peek(s.i) {
		case '|':
			s.i++
			t.kind = token.LOR
		case '=':
			s.i++
			t.kind = token.OR_ASSIGN
		default:
			t.kind = token.OR
		}
	case '^':
		t.kind = s.op2('=', token.XOR_ASSIGN, token.XOR)
	case ':':
		if s.peek(s.i) == ':' {
			s.i++
			t.kind = token.COLONCOLON
		} else if n := s.adverbLen(s.i); n > 0 {
			s.i += n // the token text is ":E"; the parser strips the colon
			t.kind = token.ADVERB
		} else {
			t.kind = token.COLON
		}
	case '.':
		t.kind = s.op2('.', token.DOTDOT, token.DOT)
		if t.kind == token.DOTDOT && s.peek(s.i) == '.' {
			s.i++ // "..." is one token, so col1...col3 is not col1 .. .col3
			t.kind = token.ELLIPSIS
		}
	case ',':
		t.kind = token.COMMA
	case ';':
		t.kind = token.SEMI
	case '(':
		t.kind = token.LPAREN
	case ')':
		t.kind = token.RPAREN
	case '[':
		t.kind = token.LBRACK
	case ']':
		t.kind = token.RBRACK
	case '{':
		t.kind = token.LBRACE
	case '}':
		t.kind = token.RBRACE
	case '?':
		t.kind = token.QUESTION
	case '@':
		t.kind = token.AT
	default:
		if c >= utf8.RuneSelf {
			_, n := utf8.DecodeRuneInString(src[s.i-1:])
			s.i += n - 1
		}
		s.errorAt(int(t.pos), "Cannot recognize the token "+src[t.pos:s.i])
	}
}

func (s *scanner) op2(c byte, two, one token.Kind) token.Kind {
	if s.peek(s.i) == c {
		s.i++
		return two
	}
	return one
}

// adverbLen returns the length of an adverb name (E, L, ..., EC) at i, or 0.
func (s *scanner) adverbLen(i int) int {
	switch s.peek(i) {
	case 'E', 'L', 'R', 'P', 'O', 'A', 'T', 'G', 'C', 'X', 'H', 'V':
	default:
		return 0
	}
	n := 1
	if s.peek(i+1) == 'C' {
		n = 2
	}
	if s.identRuneAt(i+n, false) > 0 {
		return 0
	}
	return n
}

// ident scans a name: letters, digits, underscores, an optional final "!"
// (append!), and classifies keywords and constant words.
func (s *scanner) ident(t *tok) {
	src, i := s.src, s.i
	for i < len(src) {
		if c := src[i]; c < utf8.RuneSelf {
			if !identByte[c] {
				break
			}
			i++
			continue
		}
		n := s.identRuneAt(i, false)
		if n == 0 {
			break
		}
		i += n
	}
	s.i = i
	if s.peek(s.i) == '!' && s.peek(s.i+1) != '=' {
		s.i++
	}
	word := s.src[t.pos:s.i]
	t.kind = token.IDENT
	switch word {
	case "true", "false":
		t.kind, t.litKind, t.litType = token.LITERAL, ast.LitBool, token.TypeBOOL
		return
	case "NULL", "null":
		t.kind, t.litKind, t.litType = token.LITERAL, ast.LitNull, token.TypeVOID
		return
	}
	if len(word) >= 2 && len(word) <= 8 {
		t.kind = keyword(word)
	}
}

// backtick scans `word or a run `a`b`c written without spaces.
func (s *scanner) backtick(t *tok) {
	t.kind = token.BACKTICK
	for s.peek(s.i) == '`' {
		s.i++
		for {
			if c := s.peek(s.i); c == '.' {
				s.i++
				continue
			}
			n := s.identRuneAt(s.i, false)
			if n == 0 {
				break
			}
			s.i += n
		}
	}
}

// str scans a quoted string starting at s.i (the opening quote q).
func (s *scanner) str(t *tok, q byte) {
	start := s.i
	s.i++
	src := s.src
	n := 0 // characters after unescaping (bytes)
	for {
		if s.i >= len(src) {
			t.kind = token.ILLEGAL
			s.errorAt(start, "The string is not closed: missing "+string(q))
			return
		}
		c := src[s.i]
		if c == q {
			s.i++
			break
		}
		if c == '\\' && s.i+1 < len(src) {
			s.i += 2
			if e := src[s.i-1]; e == 'x' {
				for k := 0; k < 2 && isHex(s.peek(s.i)); k++ {
					s.i++
				}
			} else if e >= '0' && e <= '7' {
				for k := 0; k < 2 && s.peek(s.i) >= '0' && s.peek(s.i) <= '7'; k++ {
					s.i++
				}
			}
			n++
			continue
		}
		s.i++
		n++
	}
	t.kind = token.STRING
	if q == '\'' && n == 1 {
		t.kind = token.CHAR
	}
}

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// keyword returns the kind of a reserved word, or IDENT.
func keyword(w string) token.Kind {
	switch w {
	case "def":
		return token.DEF
	case "defg":
		return token.DEFG
	case "if":
		return token.IF
	case "else":
		return token.ELSE
	case "for":
		return token.FOR
	case "do":
		return token.DO
	case "while":
		return token.WHILE
	case "break":
		return token.BREAK
	case "continue":
		return token.CONTINUE
	case "return":
		return token.RETURN
	case "try":
		return token.TRY
	case "catch":
		return token.CATCH
	case "throw":
		return token.THROW
	}
	return token.IDENT
}
