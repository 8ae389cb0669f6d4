// Package vm runs compiled DolphinDB script: sessions, threads with value
// stacks and frames, user functions and closures, and the dispatch loop
// over lang/compile's bytecode. Built-ins are handed in as a Universe map;
// vm never imports package builtins.
//
// This file defines EvalError and the errors the VM itself raises.
package vm

import (
	"errors"
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/lang/token"
	"github.com/porpoisedb/porpoise/vm/value"
)

// Frame is one entry of an error's call stack.
type Frame struct {
	Name string // function name; "" for the top level, "<lambda>" for lambdas
	Pos  token.Position
}

// EvalError is a run-time error of a script. Msg is DolphinDB's message;
// CallStack lists the frames from the innermost (where the error arose) out.
type EvalError struct {
	Msg       string
	Code      string      // "USER" for throw, "SYSTEM_Operator" ... for system errors
	Value     value.Value // the thrown object for throw
	CallStack []Frame
	cause     error
	cancelled bool
}

func (e *EvalError) Error() string { return e.Msg }

// Unwrap returns the error a built-in returned, if any.
func (e *EvalError) Unwrap() error { return e.cause }

// Backtrace returns the message followed by the call stack, innermost first.
func (e *EvalError) Backtrace() string {
	var b strings.Builder
	b.WriteString(e.Msg)
	for _, f := range e.CallStack {
		name := f.Name
		if name == "" {
			name = "<top>"
		}
		fmt.Fprintf(&b, "\n  at %s (%s)", name, f.Pos)
	}
	return b.String()
}

// IsCancelled reports an error caused by Session.Cancel.
func IsCancelled(err error) bool {
	var e *EvalError
	return errors.As(err, &e) && e.cancelled
}

// IsSyntaxError reports a parse, resolve or compile error.
func IsSyntaxError(err error) bool {
	if err == nil {
		return false
	}
	var s interface{ IsSyntax() bool }
	if errors.As(err, &s) && s.IsSyntax() {
		return true
	}
	return strings.HasPrefix(err.Error(), "Syntax Error")
}

func errorf(format string, args ...any) *EvalError {
	return &EvalError{Msg: fmt.Sprintf(format, args...), Code: "SYSTEM"}
}

func cancelledError() *EvalError {
	return &EvalError{Msg: "The task was cancelled.", Code: "SYSTEM", cancelled: true}
}

// asEvalError converts any error into an *EvalError (not copying one
// that already is).
func asEvalError(err error, code string) *EvalError {
	var e *EvalError
	if errors.As(err, &e) {
		return e
	}
	return &EvalError{Msg: err.Error(), Code: code, cause: err}
}

// panicError converts a panic recovered at a call boundary.
func panicError(p any) *EvalError {
	switch p := p.(type) {
	case *value.OutOfMemoryError:
		return &EvalError{Msg: p.Error(), Code: "SYSTEM", cause: p}
	case *EvalError:
		return p
	case error:
		return &EvalError{Msg: p.Error(), Code: "SYSTEM", cause: p}
	}
	return &EvalError{Msg: fmt.Sprint(p), Code: "SYSTEM"}
}
