// This file gives the SQL engine (builtins/sql) what it needs from the VM:
// evaluating an expression with table columns bound as variables, looking
// up functions, and making CODE values. The engine reaches these methods
// through an interface it declares, so vm never imports builtins.
//
// An expression is compiled once per (session, node, bindings) as a lambda
// whose parameters are the names it uses that are columns or variables;
// running it is one call with whole columns as arguments, so built-ins
// work vectorised. Unknown names are left to the resolver: functions,
// constants and shared objects resolve as usual, anything else is
// "Cannot recognize the token".

package vm

import (
	"strings"
	"sync"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/lang/resolve"
	"github.com/porpoisedb/porpoise/lang/token"
	"github.com/porpoisedb/porpoise/vm/value"
)

// SQLNode returns the node a CODE value holds (an ast.Expr or a SQL
// statement).
func (c *Code) SQLNode() ast.Node { return c.Node }

// NewCode makes a CODE value of node; src is the text it shows.
func (t *Thread) NewCode(node ast.Node, src string) value.Value {
	return &Code{Node: node, Src: src, Text: src}
}

// LookupFunc finds a user function or built-in by name.
func (t *Thread) LookupFunc(name string) (value.Function, bool) {
	return t.sess.lookupFunc(name)
}

type sqlKey struct {
	sess *Session
	node ast.Expr
	sig  string
}

var sqlCache = struct {
	sync.Mutex
	m map[sqlKey]*Closure
}{m: map[sqlKey]*Closure{}}

const sqlCacheMax = 4096

// EvalIn evaluates e with the names cols knows bound to its values
// (columns first), then the variables of the calling function and the
// session. A qualified name a.b is looked up in cols as "a.b" first.
func (t *Thread) EvalIn(e ast.Expr, cols func(name string) (value.Value, bool)) (value.Value, error) {
	if lit, ok := e.(*ast.Literal); ok {
		return t.sess.literal(lit)
	}
	if id, ok := e.(*ast.Ident); ok && !id.Quoted && id.Name != "*" {
		if cols != nil {
			if v, ok := cols(id.Name); ok {
				return v, nil
			}
		}
	}
	names, args, sig, err := t.sqlBindings(e, cols)
	if err != nil {
		return nil, err
	}
	key := sqlKey{t.sess, e, sig}
	sqlCache.Lock()
	cl := sqlCache.m[key]
	sqlCache.Unlock()
	if cl == nil {
		if cl, err = t.compileSQLExpr(e, names, sig); err != nil {
			return nil, err
		}
		if len(cl.free) == 0 { // a lambda that captured nothing is reusable
			sqlCache.Lock()
			if len(sqlCache.m) >= sqlCacheMax {
				clear(sqlCache.m)
			}
			sqlCache.m[key] = cl
			sqlCache.Unlock()
		}
	}
	return t.call(cl, args, nil, nil)
}

// sqlBindings lists the names e uses that cols or the caller's variables
// bind, their values, and a signature of the binding for the cache: "c"
// column, "v" variable, "m" macro variable with its column names.
func (t *Thread) sqlBindings(e ast.Expr, cols func(string) (value.Value, bool)) ([]string, []value.Value, string, error) {
	var names []string
	var args []value.Value
	var sig strings.Builder
	var macroCols []string
	var err error
	seenMacro := map[string]bool{}
	sqlMacros(e, func(m *ast.MacroVar) {
		if seenMacro[m.Name] || err != nil {
			return
		}
		seenMacro[m.Name] = true
		v, ok := t.Var(m.Name)
		if !ok {
			err = errorf("Cannot recognize the token %s", m.Name)
			return
		}
		mc := macroNames(v)
		macroCols = append(macroCols, mc...)
		sig.WriteString("m" + m.Name + "=" + strings.Join(mc, ",") + "\x00")
	})
	if err != nil {
		return nil, nil, "", err
	}
	seen := map[string]bool{}
	bind := func(name string, qualified bool) {
		if seen[name] {
			return
		}
		seen[name] = true
		if cols != nil {
			if v, ok := cols(name); ok {
				names = append(names, name)
				args = append(args, v)
				sig.WriteString("c" + name + "\x00")
				return
			}
		}
		if qualified {
			return
		}
		if v, ok := t.Var(name); ok {
			names = append(names, name)
			args = append(args, v)
			sig.WriteString("v" + name + "\x00")
		}
	}
	for _, c := range macroCols {
		bind(c, false)
	}
	sqlIdents(e, bind)
	return names, args, sig.String(), nil
}

// compileSQLExpr compiles e as a lambda over names and returns it.
func (t *Thread) compileSQLExpr(e ast.Expr, names []string, sig string) (*Closure, error) {
	isCol := map[string]bool{}
	macros := map[string][]string{}
	for _, part := range strings.Split(sig, "\x00") {
		switch {
		case strings.HasPrefix(part, "c"):
			isCol[part[1:]] = true
		case strings.HasPrefix(part, "m"):
			name, cols, _ := strings.Cut(part[1:], "=")
			macros[name] = strings.Split(cols, ",")
		}
	}
	body := sqlRewrite(e, isCol, macros)
	params := make([]*ast.Param, len(names))
	for i, n := range names {
		params[i] = &ast.Param{Name: &ast.Ident{NamePos: e.Pos(), Name: n}}
	}
	lam := &ast.FuncLit{Start: e.Pos(), Kind: ast.FuncArrow, Params: params, Expr: body}
	file := token.NewFile("sql", nil)
	res, err := resolve.Expr(file, lam, t.sess)
	if err != nil {
		return nil, err
	}
	// A column shadows a function only where it is read, not where it is
	// called: date(date) calls date on the column date.
	fixCalls(body, func(id *ast.Ident) {
		if b := res.Idents[id]; b != nil && b.Scope == resolve.Local && isCol[id.Name] {
			if _, ok := t.sess.lookupFunc(id.Name); ok {
				res.Idents[id] = &resolve.Binding{Scope: resolve.Func, Name: id.Name}
			}
		}
	})
	prog, err := compile.Expr(file, lam, res)
	if err != nil {
		return nil, err
	}
	v, err := t.runProgram(prog)
	if err != nil {
		return nil, err
	}
	cl, ok := v.(*Closure)
	if !ok {
		return nil, errorf("internal error: SQL expression did not compile to a function")
	}
	return cl, nil
}

// SetVar assigns a session variable (create table).
func (t *Thread) SetVar(name string, v value.Value) { t.sess.SetVar(name, v) }

// macroNames reads the column name(s) a macro variable holds.
func macroNames(v value.Value) []string {
	if vec, ok := v.(*value.Vector); ok {
		out := make([]string, vec.Len())
		for i := range out {
			out[i] = vec.Get(i).String()
		}
		return out
	}
	return []string{v.String()}
}
