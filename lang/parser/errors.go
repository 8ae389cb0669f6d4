// This file defines syntax errors and the ErrorList the parser returns.

package parser

import (
	"fmt"
	"sort"
	"strings"

	"github.com/porpoisedb/porpoise/lang/token"
)

// Error is one syntax error.
type Error struct {
	Pos token.Position
	Msg string
}

// Error renders the error the way DolphinDB does:
// "Syntax Error: [line #3] Cannot recognize the token f2".
func (e *Error) Error() string {
	return fmt.Sprintf("Syntax Error: [line #%d] %s", e.Pos.Line, e.Msg)
}

// ErrorList is the list of syntax errors of a script, in source order. A
// non-empty ErrorList is the error returned by Parse.
type ErrorList []*Error

func (l *ErrorList) add(f *token.File, pos token.Pos, msg string) {
	*l = append(*l, &Error{Pos: f.Position(pos), Msg: msg})
}

// Error renders the first error like DolphinDB, which reports one syntax
// error per script.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Sort orders the list by position.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns l as an error, or nil when l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Pretty renders every error with its source line and a caret under the
// column, for the console:
//
//	Syntax Error: [line #2] Cannot recognize the token y
//	x y
//	  ^
func (l ErrorList) Pretty(file *token.File) string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
		line := file.Line(e.Pos.Line)
		if line == "" || e.Pos.Col < 1 {
			continue
		}
		b.WriteByte('\n')
		b.WriteString(line)
		b.WriteByte('\n')
		col := e.Pos.Col - 1
		if col > len(line) {
			col = len(line)
		}
		for _, c := range []byte(line[:col]) {
			if c == '\t' {
				b.WriteByte('\t')
			} else if c < 0x80 || c >= 0xC0 {
				b.WriteByte(' ')
			}
		}
		b.WriteByte('^')
	}
	return b.String()
}
