package compile_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/lang/parser"
	"github.com/porpoisedb/porpoise/lang/resolve"
)

type env struct{ slots map[string]int }

func (e *env) Global(name string) (int, bool) { i, ok := e.slots[name]; return i, ok && name == "g" }
func (e *env) NewGlobal(name string) int {
	if i, ok := e.slots[name]; ok {
		return i
	}
	e.slots[name] = len(e.slots)
	return e.slots[name]
}
func (e *env) IsFunc(name string) bool    { return false }
func (e *env) IsBuiltin(name string) bool { return name == "add" || name == "each" || name == "print" }
func (e *env) IsConst(name string) bool   { return name == "INT" }
func (e *env) IsShared(name string) bool  { return false }

func compileSrc(t *testing.T, src string) (*compile.Program, error) {
	t.Helper()
	script, err := parser.Parse("t", []byte(src))
	if err != nil {
		t.Fatalf("%q: parse: %v", src, err)
	}
	e := &env{slots: map[string]int{"g": 0}}
	res, err := resolve.Chunk(script.File, script.Chunks[0], e)
	if err != nil {
		return nil, err
	}
	return compile.Chunk(script.File, script.Chunks[0], res)
}

// ops renders the top-level code as "op A B; ..." without the final
// nil/return pair.
func ops(p *compile.Program, fn int) string {
	var parts []string
	for _, in := range p.Funcs[fn].Code {
		parts = append(parts, strings.TrimSpace(in.Op.String()+" "+itoa(in.A)+" "+itoa(in.B)))
	}
	return strings.Join(parts, "; ")
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }

func TestCompile(t *testing.T) {
	f := func(src string, fn int, want string) {
		t.Helper()
		p, err := compileSrc(t, src)
		got := ""
		if err != nil {
			got = "error: " + err.Error()
		} else {
			got = ops(p, fn)
		}
		if got != want {
			t.Errorf("%q:\n got %s\nwant %s", src, got, want)
		}
	}
	// constants fold: one CONST for a vector literal
	f("[1, 2, 3]", 0, "const 0 0; return 0 0")
	f("1 2 3", 0, "const 0 0; return 0 0")
	f("g + 1", 0, "global 0 0; const 0 0; binop 1 1; return 0 0")
	f("x = g", 0, "global 0 0; copy 0 0; setglobal 1 1; nil 0 0; return 0 0")
	f("g += 1", 0, "global 0 0; global 0 0; const 0 0; binop 1 1; inplace 0 0; setglobal 0 0; nil 0 0; return 0 0")
	f("add(g, 1)", 0, "global 0 0; const 0 0; argnames 0 0; callfn 1 2; writeback 0 0; return 0 0")
	f("add(1, 2)", 0, "const 0 0; const 1 0; callfn 0 2; return 0 0")
	f("if (g) print(1) else print(2)", 0, "global 0 0; jmpf 6 0; const 0 0; callfn 1 1; pop 0 0; jmp 9 0; const 1 0; callfn 1 1; pop 0 0; nil 0 0; return 0 0")
	f("def f(a){ return a }", 1, "local 0 0; return 1 0; nil 0 0; return 0 0")
	f("h = x -> x + g", 0, "global 0 1; makefunc 1 1; setglobal 1 2; nil 0 0; return 0 0")
	f("def f(a){ b = 1 }", 1, "const 0 0; setlocal 1 0; nil 0 0; return 0 0")
	f("def f(a){ a = 1 }", 0, "error: Syntax Error: [line #1] Constant variable [a] can't be modified.")
	// comparison chains: X < Y <= Z is X<Y && Y<=Z, Y evaluated once
	f("g < 2 <= 3", 0, "global 0 0; const 0 0; dup 0 0; setlocal 0 0; binop 1 4; local 0 0; const 1 0; binop 2 5; binop 3 0; return 0 0")
	f("(g < 2) <= 3", 0, "global 0 0; const 0 0; binop 1 4; const 1 0; binop 2 5; return 0 0")
	f("def f(a=g){}", 0, "error: Syntax Error: [line #1] Cannot recognize the token g")
	f("def f(a=add){}", 0, "error: Syntax Error: [line #1] The default value of a parameter must be a constant.")
}

func TestPosTable(t *testing.T) {
	p, err := compileSrc(t, "x = 1\ny = x + 2\nprint(y)")
	if err != nil {
		t.Fatal(err)
	}
	fn := p.Funcs[0]
	lines := map[int]bool{}
	for pc, in := range fn.Code {
		if in.Op == compile.BINOP || in.Op == compile.CALLFN {
			lines[fn.Position(pc).Line] = true
		}
	}
	if !lines[2] || !lines[3] {
		t.Errorf("positions: %v\n%s", lines, fn.Disassemble())
	}
}

func TestStatements(t *testing.T) {
	// every statement form compiles
	srcs := []string{
		"for (i in 1..3) { if (i == 2) continue; if (i == 3) break }",
		"do { g += 1 } while (g < 3)",
		"while (g) { g -= 1 }",
		"try { throw \"x\" } catch (ex) { print(ex) }",
		"x, y = 1, 2",
		"x, y = g",
		"x = 1 2 3; x[0] = 5; x[1] += 1",
		"d = {a: 1}; d.a = 2",
		"assert g == 1",
		"assert \"c\", g == 1",
		"timer(3) print(1)",
		"share g as sg",
		"undef all",
		"c = <g + 1>",
		"f = add{1, }; f(2)",
		"each(add{1}, 1 2)",
		"(g > 0) ? 1 : 2",
		"return g",
		"x = add:E(1 2, 3 4)",
		"def f(a, mutable c, b=2){ return a, b }",
		"v = [g, 1]; t = (g, 2)",
		"g[1:]",
		"transaction { g = 1 }",
	}
	for _, src := range srcs {
		if _, err := compileSrc(t, src); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}
