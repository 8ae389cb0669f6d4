// Package builtins owns DolphinDB's built-in functions: the registry that
// the VM receives as its Universe, the generic element-wise kernels
// (broadcasting, null propagation, type promotion) that every family
// reuses, and the core families (operators, conversions, aggregates,
// higher-order functions). Larger families live in subpackages and
// register into the same Registry.
//
// This file defines Func, Registry and Universe.
package builtins

import (
	"fmt"
	"sort"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// Kind classifies a built-in as DolphinDB's function list does.
type Kind uint8

const (
	Operator  Kind = iota // element-wise, form-preserving (add, sin ...)
	Aggregate             // one value per vector / per matrix column (sum ...)
	Vector                // same-length or reshaping vector functions (cumsum, sort ...)
	System                // everything else: constructors, I/O, higher-order
)

// Impl is a built-in's body. args has already passed the arity check; a nil
// element is an optional argument the caller skipped (f(,3)).
type Impl func(env value.Env, args []value.Value) (value.Value, error)

// Func is one built-in: a declaration row of a family table.
//
// Params lists parameter names as the manual spells them; an optional one
// is written "[n]", a variadic tail "args...". MinArgs/MaxArgs are derived
// from Params when both are zero; MaxArgs < 0 means unbounded.
type Func struct {
	Name    string
	Params  []string
	MinArgs int
	MaxArgs int
	Kind    Kind
	Doc     string
	Impl    Impl
	// Named, when set, receives the caller's argument names (variable
	// names or `as` aliases; "" for literals); see NamedCaller.
	Named func(env value.Env, args []value.Value, argNames []string) (value.Value, error)
}

// NamedCaller is implemented by functions whose result depends on how the
// caller spelled its arguments: table(a, b) names its columns a and b. The
// VM passes argNames[i] = the identifier of argument i, the alias of
// `expr as name`, or "" when the argument is another expression.
type NamedCaller interface {
	CallNamed(env value.Env, args []value.Value, argNames []string) (value.Value, error)
}

// Builtin is a registered Func as a callable value (value.Function).
type Builtin struct {
	Decl *Func
}

func (b *Builtin) Type() value.Type { return value.FUNCTIONDEF }
func (b *Builtin) Form() value.Form { return value.SCALAR }
func (b *Builtin) String() string   { return b.Decl.Name }

// Name is the function's DolphinDB name.
func (b *Builtin) Name() string { return b.Decl.Name }

// ParamNames returns the parameter names without optional/variadic marks,
// for keyword arguments: the VM maps f(a=1, b=2) onto these positions.
func (b *Builtin) ParamNames() []string {
	out := make([]string, len(b.Decl.Params))
	for i, p := range b.Decl.Params {
		out[i] = strings.TrimSuffix(strings.Trim(p, "[]"), "...")
	}
	return out
}

// Call checks the arity and runs the function.
func (b *Builtin) Call(env value.Env, args []value.Value) (value.Value, error) {
	if err := b.Decl.checkArity(len(args)); err != nil {
		return nil, err
	}
	return b.Decl.Impl(env, args)
}

// CallNamed implements NamedCaller; functions without a Named body ignore
// the names.
func (b *Builtin) CallNamed(env value.Env, args []value.Value, argNames []string) (value.Value, error) {
	f := b.Decl
	if err := f.checkArity(len(args)); err != nil {
		return nil, err
	}
	if f.Named != nil {
		return f.Named(env, args, argNames)
	}
	return f.Impl(env, args)
}

func (f *Func) checkArity(n int) error {
	if n >= f.MinArgs && (f.MaxArgs < 0 || n <= f.MaxArgs) {
		return nil
	}
	var want string
	switch {
	case f.MaxArgs < 0:
		want = fmt.Sprintf("at least %d", f.MinArgs)
	case f.MinArgs == f.MaxArgs:
		want = fmt.Sprint(f.MinArgs)
	default:
		want = fmt.Sprintf("%d~%d", f.MinArgs, f.MaxArgs)
	}
	return fmt.Errorf("The function [%s] expects %s argument(s), but the actual number of arguments is: %d", f.Name, want, n)
}

// arity derives MinArgs/MaxArgs from Params.
func (f *Func) arity() {
	if f.MinArgs != 0 || f.MaxArgs != 0 {
		return
	}
	for _, p := range f.Params {
		switch {
		case strings.HasSuffix(strings.TrimSuffix(p, "]"), "..."):
			f.MaxArgs = -1
			if !strings.HasPrefix(p, "[") {
				f.MinArgs++
			}
			return
		case strings.HasPrefix(p, "["):
			f.MaxArgs++
		default:
			f.MinArgs++
			f.MaxArgs++
		}
	}
}

// Registry maps names to built-ins. It is filled once at start-up and read
// concurrently afterwards.
type Registry struct {
	funcs map[string]*Builtin
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{funcs: map[string]*Builtin{}} }

// Register adds fs, deriving their arity; a duplicate name panics (a
// programming error caught by the package tests).
func (r *Registry) Register(fs ...*Func) {
	for _, f := range fs {
		if _, dup := r.funcs[f.Name]; dup {
			panic("builtins: duplicate function " + f.Name)
		}
		f.arity()
		r.funcs[f.Name] = &Builtin{Decl: f}
	}
}

// Alias registers an existing function under another name (avg/mean).
func (r *Registry) Alias(alias, name string) {
	f := *r.funcs[name].Decl
	f.Name = alias
	r.funcs[alias] = &Builtin{Decl: &f}
}

// Lookup returns the function named name.
func (r *Registry) Lookup(name string) (*Builtin, bool) {
	f, ok := r.funcs[name]
	return f, ok
}

// Names returns all registered names, sorted.
func (r *Registry) Names() []string {
	out := make([]string, 0, len(r.funcs))
	for n := range r.funcs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Universe returns the built-ins as the VM's name table.
func Universe() map[string]value.Function {
	r := Default()
	out := make(map[string]value.Function, len(r.funcs))
	for n, f := range r.funcs {
		out[n] = f
	}
	return out
}
