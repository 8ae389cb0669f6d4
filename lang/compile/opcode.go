// Package compile lowers a resolved chunk to bytecode for the vm: a Program
// holding constants (as syntax, materialized once by the vm), names, and one
// Funcode per function body, each with its code and a pc -> position table.
//
// The compiler imports only lang/*; it never builds runtime values itself.
package compile

// Opcode is one instruction kind. Each instruction carries up to two
// integer operands A and B. The stack picture of each opcode follows its
// name: values before "->" are popped (rightmost on top), values after are
// pushed.
type Opcode uint8

const (
	NOP Opcode = iota

	POP  // x ->
	DUP  // x -> x x
	COPY // x -> copy(x)         value semantics of `y = x`

	CONST // -> consts[A]
	NIL   // -> nil               skipped argument / partial-application hole

	LOCAL     // -> locals[A]    (B=1: nil when unassigned, not an error)
	SETLOCAL  // x ->             locals[A] = x
	FREE      // -> free[A]
	GLOBAL    // -> globals[A]    session variable
	SETGLOBAL // x ->             globals[A] = x
	FUNC      // -> function names[A] (user function, else built-in)
	BUILTIN   // -> built-in names[A]
	SHARED    // -> shared object names[A]
	DYNAMIC   // -> variable names[A] looked up by name at run time

	CALL      // f a1..aB -> r
	CALLKW    // f a1..aB -> r     the last len(kwnames[A]) args are named kwnames[A]
	CALLFN    // a1..aB -> r       call function names[A] (user function, else built-in)
	ARGNAMES  // ->                the next call passes kwnames[A] as its arguments' spellings
	WRITEBACK // ->                after a call: store the final values of the callee's
	//                               compound-assigned mutable parameters into the caller's
	//                               argument variables argrefs[A]
	UNOP      // x -> op(x)       built-in names[A]; B: fast-path kind
	BINOP     // x y -> op(x, y)  built-in names[A]; B: fast-path kind
	PARTIAL   // f a1..aB -> g     nil args are holes
	PARTIALKW // f a1..aB -> g     as CALLKW
	MAKEFUNC  // c1..cB -> fn     closure over funcs[A] capturing c1..cB

	TUPLE  // a1..aA -> (a1, ..., aA)
	VECTOR // a1..aA -> [a1, ..., aA]  typed vector when possible
	DICT   // k1 v1 .. kA vA -> {k1: v1, ...}

	INDEX     // x i1..iA -> x[i1, ..., iA]     (nil index: whole dimension)
	SLICE     // x lo hi -> x[lo:hi]            (nil: open end)
	RANGE     // lo hi -> lo:hi                 an index range with open ends (nil), in multi-index or assignment
	MEMBER    // x -> x.names[A]
	SETINDEX  // x i1..iA v -> x'               x[i...] = v, x' is x updated
	SETMEMBER // x v -> x'                      x.names[A] = v
	INPLACE   // old new -> old'                compound assignment: update a vector in place
	UNPACK    // x -> x1..xA                    destructuring (xA on top)

	JMP     // ->                pc = A
	JMPF    // cond ->           if !truthy(cond) pc = A
	JMPT    // cond ->           if truthy(cond) pc = A
	TERNARY // cond -> | cond    scalar cond: pop, jump A if false; vector cond: keep it, jump B

	ITER    // x ->              push an iterator over x
	ITERSEQ // lo hi ->          push an iterator over lo..hi (built-in names[A] when not INT/LONG)
	REPEAT  // n ->              push an iterator yielding n times
	NEXT    // -> x              next element, or pop the iterator and jump A
	ENDITER // ->                pop the innermost iterator (break)

	TRY    // ->                 push handler: on error jump A with the exception pushed
	ENDTRY // ->                 pop handler
	THROW  // x ->
	RETURN // x ->

	ASSERT     // [sub] x ->     A: 1 when sub is present
	SHARE      // x ->           share x as names[A]
	UNDEFALL   // ->             undef all session variables
	DEFFUNC    // ->             define funcs[A] as a session function
	TIMERSTART // ->
	TIMEREND   // ->             print "Time elapsed: X ms"
	SETCASE    // ->             current @testing case = consts[A]
	SQL        // -> r           run the SQL node consts[A]
	MAPR       // f1..fB ->      register the mapr statement consts[A] (see fcomp.mapr)
	METACODE   // n1 v1..nB vB -> c  the metacode consts[A] with each name ni replaced by the value vi

	NumOpcodes
)

var opNames = [...]string{
	NOP: "nop", POP: "pop", DUP: "dup", COPY: "copy", CONST: "const", NIL: "nil",
	LOCAL: "local", SETLOCAL: "setlocal", FREE: "free", GLOBAL: "global", SETGLOBAL: "setglobal",
	FUNC: "func", BUILTIN: "builtin", SHARED: "shared", DYNAMIC: "dynamic",
	CALL: "call", CALLKW: "callkw", CALLFN: "callfn", ARGNAMES: "argnames", WRITEBACK: "writeback", UNOP: "unop", BINOP: "binop", PARTIAL: "partial",
	PARTIALKW: "partialkw", MAKEFUNC: "makefunc", TUPLE: "tuple", VECTOR: "vector", DICT: "dict",
	INDEX: "index", SLICE: "slice", RANGE: "range", MEMBER: "member", SETINDEX: "setindex", SETMEMBER: "setmember",
	INPLACE: "inplace", UNPACK: "unpack", JMP: "jmp", JMPF: "jmpf", JMPT: "jmpt", TERNARY: "ternary",
	ITER: "iter", ITERSEQ: "iterseq", REPEAT: "repeat", NEXT: "next", ENDITER: "enditer", TRY: "try", ENDTRY: "endtry",
	THROW: "throw", RETURN: "return", ASSERT: "assert", SHARE: "share", UNDEFALL: "undefall",
	DEFFUNC: "deffunc", TIMERSTART: "timerstart", TIMEREND: "timerend", SETCASE: "setcase", SQL: "sql", MAPR: "mapr", METACODE: "metacode",
}

func (op Opcode) String() string {
	if int(op) < len(opNames) && opNames[op] != "" {
		return opNames[op]
	}
	return "illegal"
}

// Fast-path kinds of UNOP/BINOP: the vm may compute these inline for INT,
// LONG and DOUBLE scalars, producing exactly what the built-in would.
const (
	FastNone = iota
	FastAdd
	FastSub
	FastMul
	FastLT
	FastLE
	FastGT
	FastGE
	FastEQ
	FastNE
)

// Instr is one instruction.
type Instr struct {
	Op   Opcode
	A, B int32
}
