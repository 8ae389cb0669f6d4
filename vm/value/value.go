// This file defines the Value interface and the optional interfaces that
// callable, indexable and mutable objects add.

package value

import "io"

// Value is any DolphinDB object. Implementations are scalars (named Go
// types such as Int, Double, Date), *Vector, *Pair, *Matrix, *Set, *Dict,
// *Table, functions and system objects.
//
// A Value is not safe for concurrent mutation; read-only sharing across
// goroutines is fine (peach hands the same vectors to several workers).
type Value interface {
	Type() Type
	Form() Form
	// String is the console display of the value (language.md §10), e.g.
	// "[1,2,3]" for a vector, "2013.06.13" for a DATE, "hello" for a STRING.
	String() string
}

// Env is what a function may ask of the thread that calls it: output for
// print, cancellation, and calling back into other functions (each, call,
// peach ...). The VM implements it; built-ins see only this interface, so
// vm and builtins never import each other.
type Env interface {
	// Out receives print() output and other console text of the session.
	Out() io.Writer
	// CheckCancel returns a non-nil error once the running job was cancelled.
	CheckCancel() error
	// Call invokes fn with args on this thread.
	Call(fn Function, args []Value) (Value, error)
	// Var looks up a session variable or shared object by name.
	Var(name string) (Value, bool)
}

// Function is a callable value: a built-in, a user function, a lambda, a
// partial application or an adverb-modified function. Type() is FUNCTIONDEF.
type Function interface {
	Value
	// Name is the function's name ("sum", a user function's name, or
	// "" for an anonymous function).
	Name() string
	// Call runs the function. args are already evaluated; a mutable
	// parameter's argument is the caller's object itself.
	Call(env Env, args []Value) (Value, error)
}

// ParamNamer is implemented by functions that expose their parameter names,
// so that the VM can map keyword arguments (f(a=1, b=2)) onto positions.
type ParamNamer interface {
	ParamNames() []string
}
