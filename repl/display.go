// This file defines how the console shows results and errors.

package repl

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/porpoisedb/porpoise/lang/token"
	"github.com/porpoisedb/porpoise/vm/value"
)

// Display returns the console text of a script's result and whether
// anything is shown: nothing for no value (the last statement was not an
// expression, or a call returned nothing: value.Nothing). An explicit
// untyped NULL shows as NULL, and a null scalar of a type with a literal
// suffix shows as its literal, e.g. 00i, 00c, 00F ("bool(); // output:
// 00b" in https://docs.dolphindb.cn/en/Programming/DataManipulation/NullValueManipulation/NullInitialization.html).
func Display(v value.Value) (string, bool) {
	if v == nil {
		return "", false
	}
	if vd, ok := v.(value.Void); ok {
		if vd.Nothing {
			return "", false
		}
		return "NULL", true
	}
	if v.Form() == value.SCALAR && int(v.Type()) < len(nullLetters) && nullLetters[v.Type()] != 0 && value.IsNull(v) {
		return "00" + string(nullLetters[v.Type()]), true
	}
	return v.String(), true
}

// nullLetters are the typed-null literal suffixes by type code (00b, 00i ...).
var nullLetters = [...]byte{value.BOOL: 'b', value.CHAR: 'c', value.SHORT: 'h', value.INT: 'i', value.LONG: 'l',
	value.DATE: 'd', value.MONTH: 'M', value.TIME: 't', value.MINUTE: 'm', value.SECOND: 's', value.DATETIME: 'D',
	value.TIMESTAMP: 'T', value.NANOTIME: 'n', value.NANOTIMESTAMP: 'N', value.FLOAT: 'f', value.DOUBLE: 'F'}

// prettyError is what the parser's ErrorList offers: the message plus the
// source line and a caret.
type prettyError interface {
	Pretty(*token.File) string
}

// posRE finds a "name:line:col" position in an error message.
var posRE = regexp.MustCompile(`(?:^|[\s(\[])([^\s:()\[\]]+):(\d+):(\d+)`)

// backtracer is what the VM's EvalError offers: the message followed by
// lines "  at f (name:line:col)", innermost first.
type backtracer interface {
	Backtrace() string
}

// FormatError renders err as the console shows it: parse errors with their
// source line and a caret (the parser's Pretty); other errors with the
// source line and a caret at the first "name:line:col" of this script in
// their message or backtrace, then the backtrace when the error arose
// inside a function.
func FormatError(name string, src []byte, err error) string {
	file := token.NewFile(name, src)
	var pe prettyError
	if errors.As(err, &pe) {
		return strings.TrimRight(pe.Pretty(file), "\n")
	}
	msg := strings.TrimRight(err.Error(), "\n")
	stack := ""
	var bt backtracer
	if errors.As(err, &bt) {
		if trace, ok := strings.CutPrefix(bt.Backtrace(), msg); ok {
			stack = strings.TrimRight(trace, "\n")
		}
	}
	out := msg
	for _, m := range posRE.FindAllStringSubmatch(msg+stack, -1) {
		if m[1] != name {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		if caret := Caret(file, line, col); caret != "" {
			out += "\n" + caret
			break
		}
	}
	if strings.Count(stack, "\n") > 1 {
		out += stack
	}
	return out
}

// Caret returns the 1-based line of f and a caret under the 1-based byte
// column col; "" when the line does not exist.
func Caret(f *token.File, line, col int) string {
	text := f.Line(line)
	if line < 1 || (text == "" && line > strings.Count(string(f.Src), "\n")+1) {
		return ""
	}
	if col < 1 {
		col = 1
	}
	if col > len(text)+1 {
		col = len(text) + 1
	}
	var pad strings.Builder
	for _, r := range text[:col-1] {
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	return fmt.Sprintf("%s\n%s^", text, pad.String())
}
