// Package resolve binds every identifier of a chunk to where its value
// lives: a local slot of the enclosing function, a captured (free) value of
// a lambda, a session-global slot, a function (user or built-in), a
// language constant, a shared object, or - inside SQL clauses only - a name
// looked up at run time (a column or a variable).
//
// DolphinDB resolves a whole chunk before running it: a name that is none of
// the above is the compile error "Cannot recognize the token NAME". Named
// functions see only their parameters, locals, functions and shared
// objects; lambdas also capture the visible variables of the enclosing scope
// by value at creation time.
package resolve

import (
	"fmt"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// Scope says where a name's value lives.
type Scope uint8

const (
	Undefined Scope = iota
	Local           // Index: slot in the function's frame
	Free            // Index: captured value of the lambda
	Global          // Index: session variable slot
	Func            // a user function or built-in, looked up by Name
	Builtin         // a built-in only (::f)
	Const           // a language constant (INT, pi, DFLT ...), by Name
	Shared          // a shared object, by Name
	Dynamic         // inside SQL: a column or variable found at run time
)

var scopeNames = [...]string{"undefined", "local", "free", "global", "func", "builtin", "const", "shared", "dynamic"}

func (s Scope) String() string { return scopeNames[s] }

// Binding is the resolution of one identifier occurrence.
type Binding struct {
	Scope Scope
	Index int
	Name  string
}

// Env is what the resolver asks of the session. Implementations need not
// be safe for concurrent use: a session resolves one chunk at a time.
type Env interface {
	// Global returns the slot of session variable name and whether it
	// currently holds a value.
	Global(name string) (slot int, defined bool)
	// NewGlobal returns the slot of name, allocating it if new.
	NewGlobal(name string) int
	// IsFunc reports a user function of the session.
	IsFunc(name string) bool
	// IsBuiltin reports a function of the universe.
	IsBuiltin(name string) bool
	// IsConst reports a language constant such as INT or pi.
	IsConst(name string) bool
	// IsShared reports a shared object of the node.
	IsShared(name string) bool
}

// ConstVarEnv is optionally implemented by an Env that remembers the
// session variables declared with `const x = e` across chunks.
type ConstVarEnv interface {
	// IsConstVar reports a session variable declared const.
	IsConstVar(name string) bool
	// DeclareConstVar marks the session variable name const.
	DeclareConstVar(name string)
}

// Function is the resolution of a function body: the top-level chunk, a
// FuncDecl or a FuncLit.
type Function struct {
	Node     ast.Node // nil for the top level
	Name     string
	Params   []*ast.Param
	Locals   []string   // slot names; parameters first
	Free     []*Binding // for each captured value, its binding in the enclosing function
	FreeName []string
	Top      bool

	parent  *Function
	locals  map[string]int
	free    map[string]int
	mutable map[string]bool // parameter name -> mutable
	consts  map[string]bool // variables declared with const x = e
	params  map[string]bool
}

// Result holds the bindings of a resolved chunk.
type Result struct {
	Idents map[*ast.Ident]*Binding
	Funcs  map[ast.Node]*Function // FuncDecl and FuncLit nodes
	Top    *Function
	Decls  []*ast.FuncDecl // top-level function definitions, in order
	// MetaCaptures lists, for metacode in a function body, the variables
	// of the function it names (identifiers bound here, not in the
	// metacode): their values replace the names when the metacode is made.
	MetaCaptures map[*ast.MetaCode][]*ast.Ident
}

// Error is a resolve error; it prints as DolphinDB's syntax errors do.
type Error struct {
	Pos  token.Position
	Msg  string
	Name string
}

func (e *Error) Error() string {
	return fmt.Sprintf("Syntax Error: [line #%d] %s", e.Pos.Line, e.Msg)
}

// IsSyntax marks resolve errors as syntax errors.
func (e *Error) IsSyntax() bool { return true }
