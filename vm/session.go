// This file defines Session, its options, the node-wide shared objects,
// and Run: parse, resolve, compile and run each `go` chunk.

package vm

import (
	"io"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/lang/parser"
	"github.com/porpoisedb/porpoise/lang/resolve"
	"github.com/porpoisedb/porpoise/lang/token"
	"github.com/porpoisedb/porpoise/vm/value"
)

// Options configure a session.
type Options struct {
	// Universe holds the built-in functions by DolphinDB name. The session
	// adds its own (eval, defined, undef ...) on top, without modifying it.
	Universe map[string]value.Function
	// Out receives print output and timer reports; nil discards it.
	Out io.Writer
	// Shared is the node-wide table of shared objects; nil gives the
	// session a private one.
	Shared *Shared
	// Constants adds or overrides language constants (INT, pi, VAR ...).
	Constants map[string]value.Value
	// ModuleDir is the folder `use a::b` loads a/b.dos from; "" means
	// "modules" under the working folder.
	ModuleDir string
	// System marks the session that runs the node's boot scripts: the
	// functions it defines become system functions of Shared, which every
	// session sees (DolphinDB's init script defines system-level
	// functions visible to all users), and with them the mapr
	// definitions attached to them.
	System bool
}

// Shared holds the node's shared objects (share t as name). It is safe
// for concurrent use by all sessions of a node.
type Shared struct {
	mu    sync.RWMutex
	m     map[string]value.Value
	funcs map[string]value.Function // system functions (Options.System)
}

// NewShared returns an empty table.
func NewShared() *Shared {
	return &Shared{m: map[string]value.Value{}, funcs: map[string]value.Function{}}
}

// Func returns the system function name.
func (s *Shared) Func(name string) (value.Function, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	f, ok := s.funcs[name]
	return f, ok
}

// setFunc makes f the system function name.
func (s *Shared) setFunc(name string, f value.Function) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.funcs[name] = f
}

// Get returns the shared object name.
func (s *Shared) Get(name string) (value.Value, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.m[name]
	return v, ok
}

// Set shares v as name; it fails when the name is taken.
func (s *Shared) Set(name string, v value.Value) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[name]; ok {
		return errorf("The shared variable name [%s] already exists.", name)
	}
	s.m[name] = v
	return nil
}

// Delete removes name and reports whether it existed.
func (s *Shared) Delete(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[name]
	delete(s.m, name)
	return ok
}

// Names lists the shared names, sorted.
func (s *Shared) Names() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.m))
	for n := range s.m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Session is one client's interpreter state: its variables, its user
// functions and its output. A session runs one script at a time; Cancel
// may be called from any goroutine.
type Session struct {
	universe map[string]value.Function
	consts   map[string]value.Value
	out      io.Writer
	shared   *Shared

	globals   []value.Value
	globalIdx map[string]int
	globalNm  []string
	funcs     map[string]value.Function
	constVars map[string]bool // session variables declared with const x = e

	moduleDir string
	modules   map[string]moduleState // loaded modules by path (a::b)
	imports   []string               // modules imported by use, in order

	system    bool // Options.System
	caseName  string
	cancelled atomic.Bool
	mu        sync.Mutex // serializes Run
}

// NewSession returns a session over opts.
func NewSession(opts Options) *Session {
	s := &Session{
		universe:  map[string]value.Function{},
		consts:    defaultConstants(),
		out:       opts.Out,
		shared:    opts.Shared,
		globalIdx: map[string]int{},
		funcs:     map[string]value.Function{},
		moduleDir: opts.ModuleDir,
		system:    opts.System,
	}
	if s.moduleDir == "" {
		s.moduleDir = "modules"
	}
	if s.out == nil {
		s.out = io.Discard
	}
	if s.shared == nil {
		s.shared = NewShared()
	}
	for n, f := range opts.Universe {
		s.universe[n] = f
	}
	for n, f := range sessionFunctions(s) {
		if _, ok := s.universe[n]; ok && n == "call" {
			continue // the built-ins' own call wins
		}
		s.universe[n] = f
	}
	for n, v := range opts.Constants {
		s.consts[n] = v
	}
	return s
}

// Cancel stops the running script at its next backward jump or call with
// the error "The task was cancelled.".
func (s *Session) Cancel() { s.cancelled.Store(true) }

// Var returns the session variable or shared object name.
func (s *Session) Var(name string) (value.Value, bool) {
	if i, ok := s.globalIdx[name]; ok && s.globals[i] != nil {
		return s.globals[i], true
	}
	return s.shared.Get(name)
}

// SetVar assigns a session variable.
func (s *Session) SetVar(name string, v value.Value) {
	i := s.NewGlobal(name)
	s.globals[i] = v
}

// Run parses, resolves, compiles and runs src chunk by chunk. It returns
// the value of the last statement when that is an expression statement.
func (s *Session) Run(name string, src []byte) (value.Value, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cancelled.Store(false)
	script, err := parser.Parse(name, src)
	if err != nil {
		return nil, err
	}
	file := script.File
	if file == nil {
		file = token.NewFile(name, src)
	}
	var result value.Value
	for _, chunk := range script.Chunks {
		t := s.newThread()
		v, err := t.runChunk(file, chunk)
		if err != nil {
			return nil, err
		}
		result = v
		if t.returned {
			break
		}
	}
	return result, nil
}

// runChunk resolves, compiles and runs one chunk on t.
func (t *Thread) runChunk(file *token.File, chunk []ast.Stmt) (v value.Value, err error) {
	s := t.sess
	res, err := resolve.Chunk(file, chunk, s)
	if err != nil {
		return nil, err
	}
	prog, err := compile.Chunk(file, chunk, res)
	if err != nil {
		return nil, err
	}
	return t.runProgram(prog)
}

func (t *Thread) runProgram(prog *compile.Program) (v value.Value, err error) {
	lp, err := t.sess.load(prog)
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, panicError(p)
		}
	}()
	return t.runTop(lp)
}

// The session is the resolver's environment.

// Global implements resolve.Env.
func (s *Session) Global(name string) (int, bool) {
	i, ok := s.globalIdx[name]
	return i, ok && s.globals[i] != nil
}

// NewGlobal implements resolve.Env.
func (s *Session) NewGlobal(name string) int {
	if i, ok := s.globalIdx[name]; ok {
		return i
	}
	i := len(s.globals)
	s.globals = append(s.globals, nil)
	s.globalNm = append(s.globalNm, name)
	s.globalIdx[name] = i
	return i
}

// IsFunc implements resolve.Env: a function of the session or a system
// function.
func (s *Session) IsFunc(name string) bool {
	if _, ok := s.funcs[name]; ok {
		return true
	}
	_, ok := s.shared.Func(name)
	return ok
}

// IsBuiltin implements resolve.Env.
func (s *Session) IsBuiltin(name string) bool { _, ok := s.universe[name]; return ok }

// IsConst implements resolve.Env.
func (s *Session) IsConst(name string) bool { _, ok := s.consts[name]; return ok }

// IsShared implements resolve.Env.
func (s *Session) IsShared(name string) bool { _, ok := s.shared.Get(name); return ok }

// IsConstVar implements resolve.ConstVarEnv.
func (s *Session) IsConstVar(name string) bool { return s.constVars[name] }

// DeclareConstVar implements resolve.ConstVarEnv.
func (s *Session) DeclareConstVar(name string) {
	if s.constVars == nil {
		s.constVars = map[string]bool{}
	}
	s.constVars[name] = true
}

// lookupFunc finds a user function, else a system function, else a
// built-in. A session's own definition hides a system function of the
// same name.
func (s *Session) lookupFunc(name string) (value.Function, bool) {
	if f, ok := s.funcs[name]; ok {
		return f, true
	}
	if f, ok := s.shared.Func(name); ok {
		return f, true
	}
	f, ok := s.universe[name]
	return f, ok
}

// Functions returns the functions the session can call by name: the
// universe's (built-in), and the user-defined ones (the session's own and
// the node's system functions), for defs().
func (s *Session) Functions() (builtin, user map[string]value.Function) {
	user = map[string]value.Function{}
	s.shared.mu.RLock()
	for n, f := range s.shared.funcs {
		user[n] = f
	}
	s.shared.mu.RUnlock()
	for n, f := range s.funcs {
		user[n] = f
	}
	return s.universe, user
}

// Functions is the session's Functions (the value.Env of built-ins).
func (t *Thread) Functions() (builtin, user map[string]value.Function) {
	return t.sess.Functions()
}
