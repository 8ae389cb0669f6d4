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
		if q, ok := code.Node.(*ast.SelectExpr); ok && hasAliasMacro(q) {
			q, err := t.aliasMacros(q)
			if err != nil {
				return nil, err
			}
			code = &Code{Node: q, Src: code.Src, Text: code.Text}
		}
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

func hasAliasMacro(q *ast.SelectExpr) bool {
	for ; q != nil; q = q.Union {
		for _, it := range q.Items {
			if it.AliasMacro != nil {
				return true
			}
		}
	}
	return false
}

// aliasMacros returns a copy of q whose `as _$name` and `as _$$names`
// aliases are the names the variables hold, so the engine sees plain
// aliases.
func (t *Thread) aliasMacros(q *ast.SelectExpr) (*ast.SelectExpr, error) {
	if q == nil {
		return nil, nil
	}
	c := *q
	c.Items = make([]*ast.SelectItem, len(q.Items))
	for i, it := range q.Items {
		c.Items[i] = it
		m := it.AliasMacro
		if m == nil {
			continue
		}
		v, ok := t.Var(m.Name)
		if !ok {
			return nil, errorf("Cannot recognize the token %s", m.Name)
		}
		if v.Type() != value.STRING && v.Type() != value.SYMBOL {
			return nil, errorf("The macro variable %s of an alias must be a string or strings, not %s", m.Name, value.TypeStr(v))
		}
		names := macroNames(v)
		if !m.Many && len(names) != 1 {
			return nil, errorf("The macro variable _$%s of an alias must hold one name; use _$$%s for several", m.Name, m.Name)
		}
		ci := *it
		ci.Aliases, ci.AliasMacro = names, nil
		c.Items[i] = &ci
	}
	u, err := t.aliasMacros(q.Union)
	c.Union = u
	return &c, err
}

// MetaBindHook is the universe name of the function that makes metacode
// of a function body: called with the metacode and then pairs of a name
// and the value of the function's variable of that name, it returns the
// metacode with the names replaced by the values (DolphinDB takes them
// when the metacode is made).
const MetaBindHook = "__metaBind"

// bindMeta gives the metacode c the values of the function variables it
// names; pairs alternates names and values, a nil value being a variable
// not assigned yet, whose name is left alone.
func (t *Thread) bindMeta(c *Code, pairs []value.Value) (value.Value, error) {
	args := []value.Value{c}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != nil {
			args = append(args, pairs[i], pairs[i+1])
		}
	}
	if len(args) == 1 {
		return c, nil
	}
	f, ok := t.sess.universe[MetaBindHook]
	if !ok {
		return nil, errorf("metacode in a function needs the SQL engine, which is not in this build")
	}
	return t.call(f, args, nil, nil)
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
