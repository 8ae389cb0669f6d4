// This file decides whether console input is complete or needs more
// lines: open brackets, quotes or block comments, or a line that ends
// with a binary operator or a comma (language.md §1.1).

package repl

import "strings"

// NeedsMore reports whether src, the lines typed so far, is an unfinished
// statement: a (, [ or { is open, a "..." or '...' string or a /* comment
// is unterminated, or the last line ends with a binary operator, a comma,
// or the word operators and/or. An excess closing bracket counts as
// finished: the parser reports it.
func NeedsMore(src string) bool {
	depth := 0
	var quote byte
	block := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case block:
			if c == '*' && i+1 < len(src) && src[i+1] == '/' {
				block = false
				i++
			}
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			block = true
			i++
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		}
	}
	if block || quote != 0 || depth > 0 {
		return true
	}
	if depth < 0 {
		return false
	}
	return endsWithOperator(lastCodeLine(src))
}

// lastCodeLine returns the last line of src that holds code, without its
// trailing // comment and spaces.
func lastCodeLine(src string) string {
	lines := strings.Split(src, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := stripLineComment(lines[i])
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// stripLineComment cuts a // comment that is not inside quotes.
func stripLineComment(l string) string {
	var quote byte
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '/' && i+1 < len(l) && l[i+1] == '/':
			return l[:i]
		}
	}
	return l
}

func endsWithOperator(l string) bool {
	if l == "" {
		return false
	}
	switch l[len(l)-1] {
	case ',', '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', ':', '$', '\\':
		return true
	case '.':
		return strings.HasSuffix(l, "..")
	}
	for _, w := range []string{"and", "or"} {
		if strings.HasSuffix(l, w) {
			before := strings.TrimSuffix(l, w)
			if before == "" || before[len(before)-1] == ' ' || before[len(before)-1] == ')' {
				return before != ""
			}
		}
	}
	return false
}
