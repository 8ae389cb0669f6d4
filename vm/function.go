// This file defines the function values the VM creates: closures (user
// functions and lambdas), partial applications, the DFLT marker, and CODE
// (metacode) values.

package vm

import (
	"strings"
	"sync/atomic"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/vm/value"
)

// Closure is a user function or lambda: compiled code plus the values its
// lambda captured at creation. It implements value.Function, so built-ins
// (each, accumulate ...) can call it back through Env.Call.
type Closure struct {
	fn   *compile.Funcode
	lp   *loaded
	free []value.Value
	sess *Session
	mapr atomic.Pointer[value.MapReduce] // set by a mapr statement (mapr.go)
}

func (c *Closure) Type() value.Type { return value.FUNCTIONDEF }
func (c *Closure) Form() value.Form { return value.SCALAR }

// Name is the function's name, "" for a lambda.
func (c *Closure) Name() string { return c.fn.Name }

func (c *Closure) String() string {
	if c.fn.Name != "" {
		return c.fn.Name
	}
	names := make([]string, len(c.fn.Params))
	for i, p := range c.fn.Params {
		names[i] = p.Name
	}
	return "{" + strings.Join(names, ", ") + " -> ...}"
}

// ParamNames lists the parameters, for keyword arguments.
func (c *Closure) ParamNames() []string {
	names := make([]string, len(c.fn.Params))
	for i, p := range c.fn.Params {
		names[i] = p.Name
	}
	return names
}

// Aggregate reports a defg function.
func (c *Closure) Aggregate() bool { return c.fn.Aggregate }

// Call runs the function on env's thread (or a new thread of its session
// when env is not a VM thread).
func (c *Closure) Call(env value.Env, args []value.Value) (value.Value, error) {
	t, ok := env.(*Thread)
	if !ok || t.sess != c.sess {
		t = c.sess.newThread()
	}
	return t.call(c, args, nil, nil)
}

// Partial is a partial application f{a, , c}: nil slots are holes, filled
// left to right by the call's arguments; further arguments are appended.
type Partial struct {
	fn   value.Value
	args []value.Value
	sess *Session
}

func (p *Partial) Type() value.Type { return value.FUNCTIONDEF }
func (p *Partial) Form() value.Form { return value.SCALAR }
func (p *Partial) Name() string {
	if f, ok := p.fn.(value.Function); ok {
		return f.Name()
	}
	return ""
}
func (p *Partial) String() string { return p.Name() + "{...}" }

// Call fills the holes and calls the underlying function.
func (p *Partial) Call(env value.Env, args []value.Value) (value.Value, error) {
	t, ok := env.(*Thread)
	if !ok || t.sess != p.sess {
		t = p.sess.newThread()
	}
	return t.call(p, args, nil, nil)
}

func (p *Partial) bind(args []value.Value) []value.Value {
	out := make([]value.Value, 0, len(p.args)+len(args))
	j := 0
	for _, a := range p.args {
		if a == nil && j < len(args) {
			a = args[j]
			j++
		}
		out = append(out, a)
	}
	return append(out, args[j:]...)
}

// dflt is DFLT: "use the parameter's default" in calls and partials.
type dflt struct{}

func (dflt) Type() value.Type { return value.VOID }
func (dflt) Form() value.Form { return value.SCALAR }
func (dflt) String() string   { return "DFLT" }

// Code is a CODE value: unevaluated metacode <expr>, or a SQL node handed
// to the SQL engine. Node is an ast.Expr or an SQL statement.
type Code struct {
	Node ast.Node
	Src  string // source text when known, for the positions of errors
	// Text is how the code shows, when its maker knows better than
	// ast.PrintMeta (values spliced in by the metaprogramming functions).
	Text string
	// Vars is parseExpr's varDict: its keys are variables of the code when
	// it is evaluated, ahead of the caller's.
	Vars *value.Dict
}

func (c *Code) Type() value.Type { return value.CODE }
func (c *Code) Form() value.Form { return value.SCALAR }

// String is the code as DolphinDB shows it, normalised (< 1 + 2 > for
// <1+2>), not the text it was written as.
func (c *Code) String() string {
	if c.Text != "" {
		return "< " + c.Text + " >"
	}
	return "< " + ast.PrintMeta(c.Node) + " >"
}
