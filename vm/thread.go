// This file defines Thread, the value.Env of a running script, and the call
// machinery: argument binding, keyword arguments, partial applications and
// the recovery of built-in panics.

package vm

import (
	"io"
	"strings"

	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/vm/value"
)

// MaxCallDepth bounds the nesting of user function calls.
const MaxCallDepth = 10000

// Thread runs code of one session on one goroutine. It implements
// value.Env for the built-ins it calls.
type Thread struct {
	sess     *Session
	depth    int
	frames   []*frame
	returned bool // a top-level return ended the script

	arena []value.Value // locals and operand stacks of active frames
	top   int
	pool  []*frame // frames for reuse, by nesting level
	level int

	// wbCallee and wbVals carry the final values of a user function's
	// compound-assigned mutable parameters (by position; nil for the others)
	// from callClosure to the caller's WRITEBACK.
	wbCallee *Closure
	wbVals   []value.Value

	box boxer // scalar results of the fast paths and iterators
}

// namedCaller is implemented by built-ins whose result depends on how the
// arguments were spelled (table(a, b) names its columns a and b).
type namedCaller interface {
	CallNamed(env value.Env, args []value.Value, argNames []string) (value.Value, error)
}

func (s *Session) newThread() *Thread {
	return &Thread{sess: s, arena: make([]value.Value, 4096)}
}

// Out implements value.Env.
func (t *Thread) Out() io.Writer { return t.sess.out }

// CheckCancel implements value.Env.
func (t *Thread) CheckCancel() error {
	if t.sess.cancelled.Load() {
		return cancelledError()
	}
	return nil
}

// Call implements value.Env.
func (t *Thread) Call(fn value.Function, args []value.Value) (value.Value, error) {
	return t.call(fn, args, nil, nil)
}

// Var implements value.Env: a local or captured variable of the innermost
// frame, a session variable, or a shared object.
func (t *Thread) Var(name string) (value.Value, bool) {
	if n := len(t.frames); n > 0 {
		fr := t.frames[n-1]
		if !fr.fn.Top {
			for i, ln := range fr.fn.LocalNames {
				if ln == name && fr.locals[i] != nil {
					return fr.locals[i], true
				}
			}
			for i, fnm := range fr.fn.FreeNames {
				if fnm == name {
					return fr.free[i], true
				}
			}
			v, ok := t.sess.shared.Get(name)
			return v, ok
		}
	}
	return t.sess.Var(name)
}

// Session returns the thread's session.
func (t *Thread) Session() *Session { return t.sess }

// call calls fn with positional args, then keyword args named kw (the last
// len(kw) of args), with argNames for built-ins that want them.
func (t *Thread) call(fn value.Value, args []value.Value, kw []string, argNames []string) (value.Value, error) {
	if t.sess.cancelled.Load() {
		return nil, cancelledError()
	}
	switch f := fn.(type) {
	case *Closure:
		return t.callClosure(f, args, kw)
	case *Partial:
		if kw != nil {
			var err error
			if args, err = bindKeywords(f, args, kw); err != nil {
				return nil, err
			}
		}
		return t.call(f.fn, f.bind(args), nil, nil)
	case value.Function:
		return t.callBuiltin(f, args, kw, argNames)
	case *value.Vector:
		if f.Type() == value.ANY {
			return t.callVector(f, args)
		}
	case nil:
		return nil, errorf("Can't call a NULL function.")
	}
	return nil, errorf("The object [%s] is not a function.", value.TypeStr(fn))
}

// callBuiltin calls a function of the universe, turning panics into errors.
func (t *Thread) callBuiltin(f value.Function, args []value.Value, kw []string, argNames []string) (r value.Value, err error) {
	own := make([]value.Value, len(args))
	copy(own, args)
	for i, a := range own {
		if _, ok := a.(dflt); ok {
			own[i] = nil
		}
	}
	if kw != nil {
		if own, err = bindKeywords(f, own, kw); err != nil {
			return nil, err
		}
	}
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, panicError(p)
		}
	}()
	if argNames != nil {
		if nc, ok := f.(namedCaller); ok {
			return nc.CallNamed(t, own, argNames)
		}
	}
	return f.Call(t, own)
}

// bindKeywords moves the trailing len(kw) arguments to the positions of the
// parameters they name; skipped positions are nil.
func bindKeywords(f value.Value, args []value.Value, kw []string) ([]value.Value, error) {
	pn, ok := f.(value.ParamNamer)
	name := "function"
	if fn, ok := f.(value.Function); ok {
		name = fn.Name()
	}
	if !ok {
		return nil, errorf("The function [%s] doesn't accept keyword arguments.", name)
	}
	params := pn.ParamNames()
	npos := len(args) - len(kw)
	out := make([]value.Value, npos, len(params))
	copy(out, args[:npos])
	for k, n := range kw {
		i := paramIndex(params, n)
		if i < 0 {
			return nil, errorf("The function [%s] doesn't have a parameter named [%s].", name, n)
		}
		for len(out) <= i {
			out = append(out, nil)
		}
		if i < npos || out[i] != nil {
			return nil, errorf("The argument [%s] of function [%s] is given more than once.", n, name)
		}
		out[i] = args[npos+k]
	}
	return out, nil
}

// paramIndex finds the parameter a keyword argument names: the exact name,
// else the one parameter equal to it ignoring case, since DolphinDB's
// manual passes sql(groupby=...) and sqlUpdate(contextby=...) to the
// parameters groupBy and contextBy. Parameter names that differ only in
// case take exact names.
func paramIndex(params []string, s string) int {
	found := -1
	for i, x := range params {
		if x == s {
			return i
		}
		if strings.EqualFold(strings.Trim(x, "[]"), s) {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// callClosure binds arguments to a user function's parameters and runs it.
func (t *Thread) callClosure(c *Closure, args []value.Value, kw []string) (value.Value, error) {
	fn := c.fn
	if kw != nil {
		var err error
		if args, err = bindKeywords(c, args, kw); err != nil {
			return nil, err
		}
	}
	if len(args) > len(fn.Params) {
		return nil, errorf("The function [%s] expects %d argument(s), but the actual number of arguments is: %d", funcName(fn), len(fn.Params), len(args))
	}
	if t.depth >= MaxCallDepth {
		return nil, errorf("Stack overflow: the depth of nested function calls exceeds %d.", MaxCallDepth)
	}
	fr := t.newFrame(fn, c.lp, c.free)
	for i, p := range fn.Params {
		var a value.Value
		if i < len(args) {
			a = args[i]
		}
		if _, ok := a.(dflt); ok {
			a = nil
		}
		if a == nil {
			switch {
			case p.Default >= 0:
				a = c.lp.consts[p.Default]
			case i < len(args):
				// An argument left empty, f(1, ): the parameter is
				// NOTHING (isNothing is true), as DolphinDB binds it.
				a = value.Nothing
			default:
				t.freeFrame(fr)
				return nil, errorf("The function [%s] expects %d argument(s), but the actual number of arguments is: %d", funcName(fn), len(fn.Params), len(args))
			}
		}
		fr.locals[i] = a
	}
	t.depth++
	v, err := t.run(fr)
	t.depth--
	if err == nil {
		t.keepWriteBacks(c, fr.locals, len(args))
	}
	t.freeFrame(fr)
	return v, err
}

// keepWriteBacks records the final values of c's write-back parameters
// among the first n for the caller's WRITEBACK.
func (t *Thread) keepWriteBacks(c *Closure, locals []value.Value, n int) {
	var vals []value.Value
	for i, p := range c.fn.Params[:min(n, len(c.fn.Params))] {
		if p.WriteBack {
			if vals == nil {
				vals = make([]value.Value, n)
			}
			vals[i] = locals[i]
		}
	}
	if vals != nil {
		t.wbCallee, t.wbVals = c, vals
	}
}

func funcName(fn *compile.Funcode) string {
	if fn.Name == "" {
		return "lambda"
	}
	return fn.Name
}

// newFrame carves the frame's locals and operand stack from the arena.
func (t *Thread) newFrame(fn *compile.Funcode, lp *loaded, free []value.Value) *frame {
	need := fn.NumLocals + fn.MaxStack
	if t.level == len(t.pool) {
		t.pool = append(t.pool, new(frame))
	}
	fr := t.pool[t.level]
	t.level++
	*fr = frame{fn: fn, lp: lp, free: free}
	if t.top+need <= len(t.arena) {
		fr.locals = t.arena[t.top : t.top+fn.NumLocals : t.top+fn.NumLocals]
		fr.stack = t.arena[t.top+fn.NumLocals : t.top+fn.NumLocals : t.top+need]
		fr.arena = need
		t.top += need
	} else {
		fr.locals = make([]value.Value, fn.NumLocals)
		fr.stack = make([]value.Value, 0, fn.MaxStack)
	}
	return fr
}

func (t *Thread) freeFrame(fr *frame) {
	t.level--
	if fr.arena > 0 {
		t.top -= fr.arena
		clear(t.arena[t.top : t.top+fr.arena])
	}
}

// Fork returns a new thread of the same session for a parallel worker
// (peach, ploop). Functions see only their parameters, other functions and
// shared objects, so workers share no mutable frame state; print output of
// concurrent workers may interleave by line.
func (t *Thread) Fork() value.Env { return t.sess.newThread() }
