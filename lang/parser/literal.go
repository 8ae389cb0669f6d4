// This file defines the scanning of numeric, temporal and duration literals
// and the conversion of literal tokens into ast.Literal nodes.

package parser

import (
	"strconv"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// digitsAt returns the number of decimal digits starting at i.
func (s *scanner) digitsAt(i int) int {
	n := 0
	for i+n < len(s.src) && isDigit(s.src[i+n]) {
		n++
	}
	return n
}

// nullSuffix maps the type letter of a typed null (00i) to its type.
var nullSuffix = [128]uint8{
	'b': token.TypeBOOL + 1, 'c': token.TypeCHAR + 1, 'h': token.TypeSHORT + 1,
	'i': token.TypeINT + 1, 'l': token.TypeLONG + 1, 'f': token.TypeFLOAT + 1,
	'F': token.TypeDOUBLE + 1, 'd': token.TypeDATE + 1, 'M': token.TypeMONTH + 1,
	't': token.TypeTIME + 1, 'm': token.TypeMINUTE + 1, 's': token.TypeSECOND + 1,
	'D': token.TypeDATETIME + 1, 'T': token.TypeTIMESTAMP + 1,
	'n': token.TypeNANOTIME + 1, 'N': token.TypeNANOTIMESTAMP + 1,
}

// durationUnits are the duration unit suffixes.
var durationUnits = map[string]bool{
	"ns": true, "us": true, "ms": true, "s": true, "m": true, "H": true,
	"d": true, "w": true, "M": true, "y": true, "B": true,
}

// number scans a numeric, temporal, duration or typed-null literal.
//
//	number   = digits ["." digits] [exp] [suffix] | "." digits [exp] [suffix]
//	date     = dddd "." dd "." dd [("T" | " ") time]
//	month    = dddd "." dd "M"
//	time     = dd ":" dd ":" dd ["." digits] | dd ":" dd "m"
//	typednull= "00" typeLetter
func (s *scanner) number(t *tok) {
	t.kind = token.LITERAL
	t.litKind = ast.LitNumber
	i := s.i
	n1 := s.digitsAt(i)
	float := false
	if n1 == 0 { // ".5"
		float = true
		i++
		i += s.digitsAt(i)
	} else {
		i += n1
		// Typed null: 00i, 00F ...
		if n1 == 2 && s.src[s.i] == '0' && s.src[s.i+1] == '0' {
			if c := s.peek(i); c < 128 && nullSuffix[c] != 0 && s.identRuneAt(i+1, false) == 0 {
				t.litKind, t.litType = ast.LitNull, nullSuffix[c]-1
				s.i = i + 1
				return
			}
		}
		// Times: 13:30:10[.nnn], 13:30m.
		if n1 == 2 && s.peek(i) == ':' {
			if end, typ := s.timeAt(s.i); end > 0 {
				t.litKind, t.litType = ast.LitTemporal, typ
				s.i = end
				return
			}
		}
		if s.peek(i) == '.' && s.peek(i+1) != '.' {
			n2 := s.digitsAt(i + 1)
			if n1 == 4 && n2 == 2 {
				j := i + 3
				if s.peek(j) == '.' && s.digitsAt(j+1) == 2 && !isDigit(s.peek(j+3)) {
					// Date, maybe followed by a time.
					j += 3
					t.litKind, t.litType = ast.LitTemporal, token.TypeDATE
					if c := s.peek(j); (c == 'T' || c == ' ') && s.digitsAt(j+1) == 2 && s.peek(j+3) == ':' {
						if end, typ := s.timeAt(j + 1); end > 0 {
							switch typ {
							case token.TypeSECOND:
								t.litType = token.TypeDATETIME
								j = end
							case token.TypeTIME:
								t.litType = token.TypeTIMESTAMP
								j = end
							case token.TypeNANOTIME:
								t.litType = token.TypeNANOTIMESTAMP
								j = end
							}
						}
					}
					if t.litType == token.TypeDATE && s.identRuneAt(j, false) > 0 {
						s.i = j
						s.badNumber(t)
						return
					}
					s.i = j
					return
				}
				if s.peek(j) == 'M' && s.identRuneAt(j+1, false) == 0 {
					t.litKind, t.litType = ast.LitTemporal, token.TypeMONTH
					s.i = j + 1
					return
				}
			}
			float = true
			i += 1 + n2
		}
	}
	// Exponent.
	if c := s.peek(i); c == 'e' || c == 'E' {
		j := i + 1
		if c := s.peek(j); c == '+' || c == '-' {
			j++
		}
		if d := s.digitsAt(j); d > 0 {
			i = j + d
			float = true
		}
	}
	// Suffix.
	k := i
	for s.identRuneAt(k, false) > 0 {
		k += s.identRuneAt(k, false)
	}
	suffix := s.src[i:k]
	s.i = k
	num := s.src[t.pos:i]
	switch {
	case suffix == "":
		if float {
			t.litType = token.TypeDOUBLE
		} else {
			t.litType = intType(num)
		}
	case suffix == "f":
		t.litType = token.TypeFLOAT
	case suffix == "F":
		t.litType = token.TypeDOUBLE
	case suffix == "P":
		t.litKind, t.litType = ast.LitDecimal, token.TypeDECIMAL64
	case float:
		s.badNumber(t)
	case suffix == "c":
		t.litType = token.TypeCHAR
	case suffix == "h":
		t.litType = token.TypeSHORT
	case suffix == "i":
		t.litType = token.TypeINT
	case suffix == "l":
		t.litType = token.TypeLONG
	case suffix == "b":
		t.litKind, t.litType = ast.LitBool, token.TypeBOOL
	case durationUnits[suffix] || isCalendar(suffix):
		t.litKind, t.litType = ast.LitDuration, token.TypeDURATION
	default:
		s.badNumber(t)
	}
}

func (s *scanner) badNumber(t *tok) {
	t.kind = token.ILLEGAL
	s.errorAt(int(t.pos), "Cannot recognize the token "+s.src[t.pos:s.i])
}

// isCalendar reports whether a duration unit is a trading calendar id (XNYS).
func isCalendar(u string) bool {
	if len(u) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if u[i] < 'A' || u[i] > 'Z' {
			return false
		}
	}
	return true
}

// intType gives INT, LONG or DOUBLE for an unsuffixed integer.
func intType(num string) uint8 {
	if len(num) <= 9 {
		return token.TypeINT
	}
	v, err := strconv.ParseUint(num, 10, 64)
	switch {
	case err != nil || v > 1<<63-1:
		return token.TypeDOUBLE
	case v > 1<<31-1:
		return token.TypeLONG
	}
	return token.TypeINT
}

// timeAt scans a time literal at i (which holds two digits then ':') and
// returns its end and type, or 0 when the text is not a time.
func (s *scanner) timeAt(i int) (int, uint8) {
	if s.digitsAt(i) != 2 || s.peek(i+2) != ':' || s.digitsAt(i+3) != 2 {
		return 0, 0
	}
	j := i + 5
	if s.peek(j) == 'm' && s.identRuneAt(j+1, false) == 0 {
		return j + 1, token.TypeMINUTE
	}
	if s.peek(j) != ':' || s.digitsAt(j+1) != 2 {
		return 0, 0
	}
	j += 3
	if s.peek(j) == '.' && s.peek(j+1) != '.' {
		n := s.digitsAt(j + 1)
		if n == 0 || n > 9 {
			return 0, 0
		}
		j += 1 + n
		if s.identRuneAt(j, false) > 0 {
			return 0, 0
		}
		if n <= 3 {
			return j, token.TypeTIME
		}
		return j, token.TypeNANOTIME
	}
	if s.peek(j) == 's' && s.identRuneAt(j+1, false) == 0 {
		return j + 1, token.TypeSECOND
	}
	if s.identRuneAt(j, false) > 0 {
		return 0, 0
	}
	return j, token.TypeSECOND
}

// literal converts a LITERAL, STRING, CHAR or single-word BACKTICK token.
func (p *parser) literal(t *tok) *ast.Literal {
	lit := p.literals.alloc()
	lit.ValuePos, lit.Raw = token.PosOf(int(t.pos)), p.text(t)
	switch t.kind {
	case token.STRING:
		lit.Kind, lit.Type = ast.LitString, token.TypeSTRING
		lit.Text = unquote(p.text(t))
	case token.CHAR:
		lit.Kind, lit.Type = ast.LitChar, token.TypeCHAR
		lit.Text = unquote(p.text(t))
	case token.BACKTICK:
		lit.Kind, lit.Type = ast.LitString, token.TypeSTRING
		lit.Text = p.text(t)[1:]
	default:
		lit.Kind, lit.Type = t.litKind, t.litType
		switch t.litKind {
		case ast.LitNumber:
			lit.Text = trimSuffix(p.text(t))
		case ast.LitDecimal:
			lit.Text = p.text(t)[:len(p.text(t))-1]
		case ast.LitBool:
			lit.Text = "true"
			if p.text(t) == "false" || strings.Trim(p.text(t), "0") == "b" {
				lit.Text = "false"
			}
		default:
			lit.Text = p.text(t)
		}
	}
	return lit
}

// unquote removes the quotes of a string token and interprets escapes.
func unquote(raw string) string {
	if len(raw) < 2 {
		return ""
	}
	body := raw[1 : len(raw)-1]
	if strings.IndexByte(body, '\\') < 0 {
		return body
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := body[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case 'x':
			v, n := 0, 0
			for n < 2 && i+1 < len(body) && isHex(body[i+1]) {
				i++
				v = v*16 + hexVal(body[i])
				n++
			}
			if n == 0 {
				b.WriteByte('x')
			} else {
				b.WriteByte(byte(v))
			}
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(e - '0')
			for n := 0; n < 2 && i+1 < len(body) && body[i+1] >= '0' && body[i+1] <= '7'; n++ {
				i++
				v = v*8 + int(body[i]-'0')
			}
			b.WriteByte(byte(v))
		default: // \\ \" \' and unknown escapes keep the character
			b.WriteByte(e)
		}
	}
	return b.String()
}

func hexVal(c byte) int {
	switch {
	case c >= 'a':
		return int(c-'a') + 10
	case c >= 'A':
		return int(c-'A') + 10
	}
	return int(c - '0')
}

// trimSuffix drops a number's type suffix (c h i l f F).
func trimSuffix(s string) string {
	for len(s) > 0 {
		switch s[len(s)-1] {
		case 'c', 'h', 'i', 'l', 'f', 'F':
			s = s[:len(s)-1]
			continue
		}
		break
	}
	return s
}
