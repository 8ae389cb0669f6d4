// This file is the compiler driver: per-function state, instruction
// emission with stack-depth tracking, constants and names.

package compile

import (
	"fmt"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/resolve"
	"github.com/porpoisedb/porpoise/lang/token"
)

// Error is a compile error; it prints as DolphinDB's syntax errors do.
type Error struct {
	Pos token.Position
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("Syntax Error: [line #%d] %s", e.Pos.Line, e.Msg) }

// IsSyntax marks compile errors as syntax errors.
func (e *Error) IsSyntax() bool { return true }

type compiler struct {
	prog   *Program
	res    *resolve.Result
	names  map[string]int
	strs   map[string]int
	consts map[string]int // ConstName
}

type loop struct {
	breaks   []int // pcs of JMPs to patch to the loop's end
	conts    []int // pcs of JMPs to patch to the continue target
	iter     bool  // the loop holds an iterator (for, timer(n))
	tryDepth int   // handlers open outside the loop
}

type fcomp struct {
	c       *compiler
	fn      *Funcode
	rf      *resolve.Function
	depth   int
	loops   []*loop
	tries   int
	lastPos token.Pos
}

type bailout struct{ err *Error }

// Chunk compiles the statements of one chunk resolved as res.
func Chunk(file *token.File, stmts []ast.Stmt, res *resolve.Result) (prog *Program, err error) {
	c := newCompiler(file, res)
	defer c.recover(&err)
	top := c.newFunc(res.Top, "", token.NoPos)
	top.fn.Top = true
	for _, d := range res.Decls {
		if d.Body != nil || d.Expr != nil {
			top.emit(DEFFUNC, int32(c.function(d, d.Name.Name, d.Params, d.Body, d.Expr, d.Aggregate).Index), 0)
		}
	}
	for i, s := range stmts {
		last := i == len(stmts)-1
		if x, ok := s.(*ast.ExprStmt); ok && last {
			top.expr(x.X)
			top.emit(RETURN, 0, 0)
			break
		}
		top.stmt(s)
	}
	if n := len(top.fn.Code); n == 0 || top.fn.Code[n-1].Op != RETURN {
		top.emit(NIL, 0, 0)
		top.emit(RETURN, 0, 0)
	}
	top.finish()
	return c.prog, nil
}

// Expr compiles a stand-alone expression (eval, parseExpr) whose value
// the top-level code returns.
func Expr(file *token.File, e ast.Expr, res *resolve.Result) (prog *Program, err error) {
	c := newCompiler(file, res)
	defer c.recover(&err)
	top := c.newFunc(res.Top, "", e.Pos())
	top.fn.Top = true
	top.expr(e)
	top.emit(RETURN, 0, 0)
	top.finish()
	return c.prog, nil
}

func newCompiler(file *token.File, res *resolve.Result) *compiler {
	return &compiler{
		prog:   &Program{File: file},
		res:    res,
		names:  map[string]int{},
		strs:   map[string]int{},
		consts: map[string]int{},
	}
}

func (c *compiler) recover(err *error) {
	if p := recover(); p != nil {
		b, ok := p.(bailout)
		if !ok {
			panic(p)
		}
		*err = b.err
	}
}

func (c *compiler) errorf(pos token.Pos, format string, args ...any) {
	panic(bailout{&Error{Pos: c.prog.File.Position(pos), Msg: fmt.Sprintf(format, args...)}})
}

func (c *compiler) newFunc(rf *resolve.Function, name string, pos token.Pos) *fcomp {
	fn := &Funcode{Prog: c.prog, Index: len(c.prog.Funcs), Name: name, Pos: pos}
	c.prog.Funcs = append(c.prog.Funcs, fn)
	return &fcomp{c: c, fn: fn, rf: rf}
}

func (c *compiler) name(s string) int32 {
	if i, ok := c.names[s]; ok {
		return int32(i)
	}
	i := len(c.prog.Names)
	c.prog.Names = append(c.prog.Names, s)
	c.names[s] = i
	return int32(i)
}

func (c *compiler) constant(k Const) int32 {
	c.prog.Consts = append(c.prog.Consts, k)
	return int32(len(c.prog.Consts) - 1)
}

func (c *compiler) str(s string) int32 {
	if i, ok := c.strs[s]; ok {
		return int32(i)
	}
	i := c.constant(Const{Kind: ConstString, Str: s})
	c.strs[s] = int(i)
	return i
}

func (c *compiler) constName(s string) int32 {
	if i, ok := c.consts[s]; ok {
		return int32(i)
	}
	i := c.constant(Const{Kind: ConstName, Str: s})
	c.consts[s] = int(i)
	return i
}

func (c *compiler) kwnames(names []string) int32 {
	c.prog.KwNames = append(c.prog.KwNames, names)
	return int32(len(c.prog.KwNames) - 1)
}

// function compiles a FuncDecl or FuncLit body and returns its Funcode.
func (c *compiler) function(node ast.Node, name string, params []*ast.Param, body *ast.BlockStmt, x ast.Expr, aggregate bool) *Funcode {
	rf := c.res.Funcs[node]
	if rf == nil {
		c.errorf(node.Pos(), "internal error: function not resolved")
	}
	f := c.newFunc(rf, name, node.Pos())
	f.fn.Aggregate = aggregate
	for i, p := range params {
		d := -1
		if p.Default == nil && i > 0 && params[i-1].Default != nil {
			// All parameters after one with a default value must have one too
			// (https://docs.dolphindb.cn/en/Programming/FunctionalProgramming/NamedFunction.html).
			c.errorf(p.Name.Pos(), "The parameter [%s] must have a default value as it follows a parameter with a default value.", p.Name.Name)
		}
		if p.Default != nil {
			if p.Mutable {
				c.errorf(p.Name.Pos(), "A mutable parameter can't have a default value.")
			}
			d = int(f.constExpr(p.Default))
		}
		f.fn.Params = append(f.fn.Params, Param{Name: p.Name.Name, Mutable: p.Mutable, Default: d})
	}
	if body != nil {
		for _, s := range body.List {
			f.stmt(s)
		}
		f.emit(NIL, 0, 0)
		f.emit(RETURN, 0, 0)
	} else {
		f.expr(x)
		f.emit(RETURN, 0, 0)
	}
	f.finish()
	return f.fn
}

func (f *fcomp) finish() {
	f.fn.NumLocals = len(f.rf.Locals)
	f.fn.LocalNames = f.rf.Locals
	f.fn.FreeNames = f.rf.FreeName
	f.fn.MaxStack += 4
}

// setPos records that the instructions emitted next belong to pos.
func (f *fcomp) setPos(pos token.Pos) {
	if !pos.IsValid() || pos == f.lastPos {
		return
	}
	f.lastPos = pos
	pc := int32(len(f.fn.Code))
	t := f.fn.PosTable
	if n := len(t); n > 0 && t[n-1].PC == pc {
		t[n-1].Pos = pos
		return
	}
	f.fn.PosTable = append(t, PosEntry{PC: pc, Pos: pos})
}

// emit appends an instruction and returns its pc.
func (f *fcomp) emit(op Opcode, a, b int32) int {
	f.fn.Code = append(f.fn.Code, Instr{Op: op, A: a, B: b})
	f.depth += stackEffect(op, a, b)
	if f.depth > f.fn.MaxStack {
		f.fn.MaxStack = f.depth
	}
	return len(f.fn.Code) - 1
}

// patch sets the jump target of the instruction at pc to the next pc.
func (f *fcomp) patch(pc int) { f.fn.Code[pc].A = int32(len(f.fn.Code)) }

func (f *fcomp) here() int32 { return int32(len(f.fn.Code)) }

func stackEffect(op Opcode, a, b int32) int {
	switch op {
	case POP, SETLOCAL, SETGLOBAL, RANGE, JMPF, JMPT, ITER, REPEAT, THROW, RETURN, SHARE, BINOP, INPLACE, TERNARY:
		return -1
	case ITERSEQ:
		return -2
	case DUP, CONST, NIL, LOCAL, FREE, GLOBAL, FUNC, BUILTIN, SHARED, DYNAMIC, NEXT, SQL:
		return 1
	case CALL, CALLKW, PARTIAL, PARTIALKW, MAPR:
		return -int(b)
	case MAKEFUNC, CALLFN:
		return 1 - int(b)
	case METACODE:
		return 1 - 2*int(b)
	case TUPLE, VECTOR:
		return 1 - int(a)
	case DICT:
		return 1 - 2*int(a)
	case INDEX:
		return -int(a)
	case SLICE:
		return -2
	case SETINDEX:
		return -int(a) - 1
	case SETMEMBER:
		return -1
	case UNPACK:
		return int(a) - 1
	case ASSERT:
		return -1 - int(a)
	}
	return 0
}
