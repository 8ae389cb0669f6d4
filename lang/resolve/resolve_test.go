package resolve_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/parser"
	"github.com/porpoisedb/porpoise/lang/resolve"
)

// env is a fake session: globals g1, g2; user function uf; built-ins add
// and sum; constant INT; shared object st.
type env struct{ slots map[string]int }

func (e *env) Global(name string) (int, bool) {
	i, ok := e.slots[name]
	return i, ok && (name == "g1" || name == "g2")
}
func (e *env) NewGlobal(name string) int {
	if i, ok := e.slots[name]; ok {
		return i
	}
	e.slots[name] = len(e.slots)
	return e.slots[name]
}
func (e *env) IsFunc(name string) bool    { return name == "uf" }
func (e *env) IsBuiltin(name string) bool { return name == "add" || name == "sum" }
func (e *env) IsConst(name string) bool   { return name == "INT" }
func (e *env) IsShared(name string) bool  { return name == "st" }

func newEnv() *env { return &env{slots: map[string]int{"g1": 0, "g2": 1}} }

// dump lists "name:scope" for every identifier in source order.
func dump(res *resolve.Result) string {
	type item struct {
		id *ast.Ident
		b  *resolve.Binding
	}
	var items []item
	for id, b := range res.Idents {
		items = append(items, item{id, b})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].id.Pos() < items[j].id.Pos() })
	var out []string
	for _, it := range items {
		s := fmt.Sprintf("%s:%s", it.id.Name, it.b.Scope)
		if it.b.Scope == resolve.Local || it.b.Scope == resolve.Free {
			s += fmt.Sprint(it.b.Index)
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestResolve(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		script, err := parser.Parse("t", []byte(src))
		if err != nil {
			t.Fatalf("%q: parse: %v", src, err)
		}
		res, err := resolve.Chunk(script.File, script.Chunks[0], newEnv())
		got := ""
		if err != nil {
			got = "error: " + err.Error()
		} else {
			got = dump(res)
		}
		if got != want {
			t.Errorf("%q:\n got %s\nwant %s", src, got, want)
		}
	}
	f("x = g1 + 1", "x:global g1:global")
	f("y = x", "error: Syntax Error: [line #1] Cannot recognize the token x")
	f("x = 1\nx = x + nope", "error: Syntax Error: [line #2] Cannot recognize the token nope")
	f("add(g1, INT)", "add:func g1:global INT:const")
	f("st", "st:shared")
	f("def f(a, b){ c = a; return c + b }", "a:local0 b:local1 c:local2 a:local0 c:local2 b:local1")
	f("def f(a){ return g1 }", "error: Syntax Error: [line #1] Cannot recognize the token g1")
	f("def f(a){ return g(a) }; def g(b): b", "a:local0 g:func a:local0 b:local0 b:local0")
	f("def f(a){ a += 1 }", "error: Syntax Error: [line #1] Constant variable [a] can't be modified.")
	f("def f(a){ a[0] = 1 }", "error: Syntax Error: [line #1] Constant variable [a] can't be modified.")
	f("def f(mutable a){ a[0] = 1 }", "a:local0 a:local0")
	f("def f(n){ return x -> x + n }", "n:local0 x:local0 x:local0 n:free0")
	f("k = 1; h = x -> x + k", "k:global h:global x:local0 x:local0 k:free0")
	f("sum = 15; sum(1)", "sum:global sum:func")
	f("for (i in 1..3) s = i", "i:global s:global i:global")
	f("try { 1 } catch (ex) { print2 = ex }", "ex:global print2:global ex:global")
	f("select price from trades where vol > 0", "price:dynamic trades:dynamic vol:dynamic")
	f("break", "error: Syntax Error: [line #1] break must be used inside a loop.")
	f("::sum(1)", "::sum:builtin")
	f("c = <nope + 1>", "c:global")
	// const
	f("const a = 10\nb = a", "a:global b:global a:global")
	f("const a = 1 2 3\na = 4 5 6", "error: Syntax Error: [line #2] Constant variable [a] can't be modified.")
	f("const a = 10\na += 1", "error: Syntax Error: [line #2] Constant variable [a] can't be modified.")
	f("const x = 1..10\nx[5] = 0", "error: Syntax Error: [line #2] Constant variable [x] can't be modified.")
	f("def f(const a){ return a * 2 }", "a:local0 a:local0")
	f("def f(const a){ a = 1 }", "error: Syntax Error: [line #1] Constant variable [a] can't be modified.")
	f("def f(x){ const k = 2; k = 3 }", "error: Syntax Error: [line #1] Constant variable [k] can't be modified.")
	// modules need an Env that supports them
	f("use a::b", "error: Syntax Error: [line #1] Modules are not supported in this context.")
	f("a::b::f(1)", "error: Syntax Error: [line #1] Cannot recognize the token a::b::f")
}

// modEnv adds modules to env: m::a defines f and g, m::b defines g.
type modEnv struct {
	*env
	imported []string
}

func (e *modEnv) IsFunc(name string) bool {
	switch name {
	case "m::a::f", "m::a::g", "m::b::g":
		return true
	}
	return e.env.IsFunc(name)
}
func (e *modEnv) UseModule(path string) error {
	if path != "m::a" && path != "m::b" {
		return fmt.Errorf("Can't find module [%s].", path)
	}
	e.imported = append(e.imported, path)
	return nil
}
func (e *modEnv) ImportedModules() []string { return e.imported }

func TestResolveModules(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		script, err := parser.Parse("t", []byte(src))
		if err != nil {
			t.Fatalf("%q: parse: %v", src, err)
		}
		res, err := resolve.Chunk(script.File, script.Chunks[0], &modEnv{env: newEnv()})
		got := ""
		if err != nil {
			got = "error: " + err.Error()
		} else {
			var names []string
			for id, b := range res.Idents {
				if b.Scope == resolve.Func {
					names = append(names, id.Name+"="+b.Name)
				}
			}
			sort.Strings(names)
			got = strings.Join(names, " ")
		}
		if got != want {
			t.Errorf("%q:\n got %s\nwant %s", src, got, want)
		}
	}
	f("use m::a\nf(1)", "f=m::a::f")
	f("use m::a\nuse m::b\nf(1)", "f=m::a::f")
	f("use m::a\nuse m::b\ng(1)", "error: Syntax Error: [line #3] The function [g] is defined in more than one imported module (m::a, m::b). Use module::g to choose one.")
	f("use m::a\nuse m::b\nm::b::g(1)", "m::b::g=m::b::g")
	f("use m::a\nb::g(1)", "error: Syntax Error: [line #2] Cannot recognize the token b::g")
	f("use m::a\nuse m::b\nb::g(1)", "b::g=m::b::g")
	f("use m::a\nsum(1)", "sum=sum")
	f("use m::nope", "error: Syntax Error: [line #1] Can't find module [m::nope].")
	f("f(1)", "error: Syntax Error: [line #1] Cannot recognize the token f")
	// Inside module m::a, its own functions come first.
	f("module m::a\ndef h(x): g(x)\ndef g(x): x", "g=m::a::g")
}
