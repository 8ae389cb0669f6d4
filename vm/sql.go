// This file hands SQL to the SQL engine through the "__sql" hook of the
// universe, and recovers the source text of metacode for display.

package vm

import (
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/vm/value"
)

// SQLHook is the universe name of the SQL engine's entry point. It is
// called with one argument, a *Code holding the SQL node (SelectExpr,
// UpdateStmt ...); it may look up variables through Env.Var.
const SQLHook = "__sql"

func (t *Thread) sql(code *Code) (value.Value, error) {
	if f, ok := t.sess.universe[SQLHook]; ok {
		return t.call(f, []value.Value{code}, nil, nil)
	}
	kw := "select"
	switch code.Node.(type) {
	case *ast.UpdateStmt:
		kw = "update"
	case *ast.DeleteStmt:
		kw = "delete"
	case *ast.InsertStmt:
		kw = "insert"
	case *ast.CreateTableStmt, *ast.CreateDatabaseStmt:
		kw = "create"
	case *ast.AlterStmt:
		kw = "alter"
	case *ast.DropStmt:
		kw = "drop"
	}
	return nil, errorf("%s is not supported in this build", kw)
}

// sourceOf returns the source text of a metacode node: from its first
// token to the closing '>' of the <...> around it, found by bracket
// balance. It returns "" when the text can't be recovered.
func sourceOf(prog *compile.Program, n ast.Node) string {
	if prog.File == nil || n == nil || !n.Pos().IsValid() {
		return ""
	}
	src := prog.File.Src
	start := n.Pos().Offset()
	if start < 0 || start >= len(src) {
		return ""
	}
	depth := 0
	var quote byte
	for i := start; i < len(src); i++ {
		c := src[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == '>':
			if i > 0 && (src[i-1] == '-' || src[i-1] == '>') || i+1 < len(src) && (src[i+1] == '=' || src[i+1] == '>') {
				continue
			}
			if depth == 0 {
				return trimSpace(string(src[start:i]))
			}
		}
	}
	return ""
}

func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	for j > i && (s[j-1] == ' ' || s[j-1] == '\t' || s[j-1] == '\n' || s[j-1] == '\r') {
		j--
	}
	return s[i:j]
}
