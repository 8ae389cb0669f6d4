// This file defines Program, Funcode and constants.

package compile

import (
	"fmt"
	"sort"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// ConstKind says how the vm materializes a constant.
type ConstKind uint8

const (
	ConstLiteral ConstKind = iota // Expr: Literal, -Literal, or a VectorLit/ArrayLit of those (folded into one vector)
	ConstString                   // Str: a STRING scalar
	ConstName                     // Str: a language constant (INT, pi, DFLT ...)
	ConstCode                     // Node: metacode or a SQL node, a CODE value
)

// Const is one constant of a Program.
type Const struct {
	Kind ConstKind
	Expr ast.Expr
	Node ast.Node
	Str  string
}

// Program is the compiled form of one chunk. Funcs[0] is the chunk's top
// level; the others are its function definitions and lambdas. A Program is
// immutable once compiled and may be run by several threads.
type Program struct {
	File    *token.File
	Consts  []Const
	Names   []string
	KwNames [][]string
	ArgRefs [][]ArgRef
	Funcs   []*Funcode
}

// ArgRef is an argument of a call that is a plain variable: the callee may
// write a mutable parameter back to it (see WRITEBACK).
type ArgRef struct {
	Arg    int  // argument position
	Global bool // a session variable; else a local of the caller
	Slot   int
}

// Param is one parameter of a compiled function.
type Param struct {
	Name    string
	Mutable bool
	Default int // index into Consts, or -1
	// WriteBack marks a mutable parameter the body compound-assigns
	// (a += 1): DolphinDB modifies the caller's object in place, so the
	// vm writes the final value back to the caller's variable.
	WriteBack bool
}

// PosEntry maps the instructions from PC on to a source position.
type PosEntry struct {
	PC  int32
	Pos token.Pos
}

// Funcode is the code of one function body.
type Funcode struct {
	Prog       *Program
	Index      int
	Name       string // "" for lambdas and the top level
	Pos        token.Pos
	Top        bool // the chunk's top level: variables are session globals
	Aggregate  bool // defg
	Params     []Param
	NumLocals  int
	LocalNames []string // "" for temporaries
	FreeNames  []string
	Code       []Instr
	PosTable   []PosEntry
	MaxStack   int
}

// PosAt returns the source position of the instruction at pc.
func (f *Funcode) PosAt(pc int) token.Pos {
	t := f.PosTable
	i := sort.Search(len(t), func(i int) bool { return int(t[i].PC) > pc }) - 1
	if i < 0 {
		return f.Pos
	}
	return t[i].Pos
}

// Position resolves PosAt(pc) against the program's file.
func (f *Funcode) Position(pc int) token.Position {
	return f.Prog.File.Position(f.PosAt(pc))
}

// Disassemble lists the function's code, one instruction a line.
func (f *Funcode) Disassemble() string {
	var b strings.Builder
	for pc, in := range f.Code {
		fmt.Fprintf(&b, "%4d %-10s %d %d", pc, in.Op, in.A, in.B)
		switch in.Op {
		case FUNC, CALLFN, BUILTIN, SHARED, DYNAMIC, UNOP, BINOP, MEMBER, SETMEMBER, SHARE:
			fmt.Fprintf(&b, "\t; %s", f.Prog.Names[in.A])
		}
		b.WriteByte('\n')
	}
	return b.String()
}
