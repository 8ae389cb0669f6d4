package vm

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/porpoisedb/porpoise/vm/value"
)

func newTestSession(out *bytes.Buffer) *Session {
	return NewSession(Options{Universe: testUniverse(), Out: out})
}

// show runs src in a new session and renders the result or the error.
func show(src string) (string, string) {
	var out bytes.Buffer
	s := newTestSession(&out)
	v, err := s.Run("test", []byte(src))
	if err != nil {
		return "error: " + err.Error(), out.String()
	}
	if v == nil {
		return "nil", out.String()
	}
	return v.String(), out.String()
}

func TestRun(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		got, _ := show(src)
		if got != want {
			t.Errorf("%q:\n got %q\nwant %q", src, got, want)
		}
	}
	// literals and operators
	f("1 + 2 * 3", "7")
	f("x = 5; x - 7", "-2")
	f("x = 1.5; x * 2", "3")
	f("1 2 3", "[1,2,3]")
	f("[1, 2, 3]", "[1,2,3]")
	f("x = 4; [x, 2]", "[4,2]")
	f("-5", "-5")
	f("1 < 2", "true")
	f("3l + 4l", "7")
	f("x = 1; x = 2", "nil")
	f("(1, 2)", "(1,2)")
	// variables and resolution
	f("y", "error: Syntax Error: [line #1] Cannot recognize the token y")
	f("x = 1\ny = x + z", "error: Syntax Error: [line #2] Cannot recognize the token z")
	f("x = 1 2 3; y = x; y[0] = 10; x", "[1,2,3]")
	f("x = 1 2 3; &y = x; y", "[1,2,3]")
	f("pi > 3", "true")
	f("INT", "4")
	// functions
	f("def f(a, b){ return a + b }; f(1, 2)", "3")
	f("def f(a, b=10): a + b; f(1)", "11")
	f("def f(a, b=10): a + b; f(b=1, a=2)", "3")
	f("def f(a, b=10): a - b; f(1, DFLT)", "-9")
	f("def fib(n){ if (n < 2) return n; return fib(n-1) + fib(n-2) }; fib(15)", "610")
	f("def f(a){ a += 1; return a }", "error: Syntax Error: [line #1] Constant variable [a] can't be modified.")
	f("def f(a){ a[0] = 1 }", "error: Syntax Error: [line #1] Constant variable [a] can't be modified.")
	f("def f(mutable a){ a[0] = 100 }; x = 1 2 3; f(x); x", "[100,2,3]")
	f("def f(mutable a){ a += 1 }; x = 1 2 3; f(x); x", "[2,3,4]")
	f("x = 1; def f(){ return x }", "error: Syntax Error: [line #1] Cannot recognize the token x")
	f("def f(){ return g() }; def g(){ return 7 }; f()", "7")
	f("def f(a, b){ return a, b }; x, y = f(1, 2); y", "2")
	f("x, y = 10; x + y", "20")
	f("x, y = 1, 2; x, y = y, x; x * 10 + y", "21")
	f("def f(x) { return x }; f(1, 2)", "error: The function [f] expects 1 argument(s), but the actual number of arguments is: 2")
	// lambdas, closures, partials
	f("g = x -> x * 2; g(4)", "8")
	f("a = 10; g = x -> x + a; a = 20; g(1)", "11")
	f("def mk(n){ return x -> x + n }; h = mk(5); h(1)", "6")
	f("each(x -> x * x, 1 2 3)", "[1,4,9]")
	f("add{10}(5)", "15")
	f("sub{, 1}(10)", "9")
	f("def f(a, b, c): a * 100 + b * 10 + c; g = f{1, , 3}; g(2)", "123")
	f("range(1, count=3)", "[1 nil 3]")
	f("def f(a){ return a * 2 }; x = 3; x.f()", "6")
	f("x = 1 2 3; x.size()", "3")
	// control flow
	f("s = 0; for (i in 1..10) s += i; s", "55")
	f("s = 0; for (i in 0:5) { if (i == 3) continue; s += i }; s", "7")
	f("s = 0; for (i in 4:1) s = s * 10 + i; s", "321")
	f("s = 0; i = 0; while (true) { i += 1; if (i > 5) break; s += i }; s", "15")
	f("i = 0; do { i += 1 } while (i < 3); i", "3")
	f("x = 5; if (x > 3) y = 1 else y = 2; y", "1")
	f("x = NULL; if (x) 1 else 2", "nil")
	f("x = 1; return x + 1; x = 100", "2")
	f("x = 1; y = (x > 0) ? 10 : 20; y", "10")
	f("x = 0; y = x ? 10 : 20; y", "20")
	f("c = 1 0 1; (c == 1) ? 1 2 3 : 4 5 6", "[1,5,3]")
	// errors
	f("throw \"bad\"", "error: bad")
	f("try { throw \"odd\" } catch (ex) { r = ex }; r[1]", "odd")
	f("try { throw \"odd\" } catch (ex) { r = ex }; r[0]", "USER")
	f("try { 1 - \"a\" } catch (ex) { r = ex[0] }; r", "SYSTEM_Operator")
	f("for (i in 1..3) { try { if (i == 2) break } catch(e) {} }; i", "2")
	f("boom()", "error: kaboom")
	f("assert 1 == 2", "error: Testing case adhocTesting failed")
	f("assert \"case1\", 1 == 2", "error: Testing case case1 failed")
	f("assert 1 == 1; 5", "5")
	// indexed assignment, dictionaries
	f("x = 1 2 3; x[1] = 20; x", "[1,20,3]")
	f("x = 1 2 3; x[1] += 5; x", "[1,7,3]")
	f("x = 1 2 3 4; x[x > 2] = 0; x", "[1,2,0,0]")
	f("d = {a: 1, b: 2}; d[`c] = 3; d[`c] + d.a", "4")
	f("x = 1 2 3 4 5; x[1:3]", "[2,3]")
	f("x = 1 2 3 4 5; x[:2]", "[1,2]")
	f("x = 1 2 3 4 5; x[3:]", "[4,5]")
	f("x = 3 4 1 7 8; x[2:] = 1; x", "[3,4,1,1,1]")
	f("x = 1 2 3 4; x[x -> x > 2]", "[3,4]")
	f("g = [size, size]; g(1 2 3)", "[3,3]")
	f("p = 1:2; p[0] = 5; p[0]", "5")
	f("def f(){ 1 + 2 }; f()", "nil")
	f("def f(){ 1 + 2 }; typestr(f())", "error: Syntax Error: [line #1] Cannot recognize the token typestr")
	f("x = 00i; x + 1", "")
	// metacode, eval, chunks, shared, undef
	f("x = 3; eval(<x * 2>)", "6")
	f("eval(parseExpr(\"1 + 2\"))", "3")
	f("c = <x + 1>; c", "< x + 1 >")
	f("t = 5; share t as st\ngo\nst + 1", "6")
	f("x = 1; undef(`x); defined(`x)", "false")
	f("x = 1\ngo\nx + 1", "2")
	f("defined([\"x\", \"add\"], DEF)", "[false,true]")
	f("funcByName(\"add\")(1, 2)", "3")
	f("call(add, 1, 2)", "3")
	f("a = 1; b = 2; names(a, b + 1, b)", "[a  b]")
	f("runScript(\"q = 42\"); q2 = 1; q2", "1")
	f("select * from t", "error: select is not supported in this build")
	f("t = 1; select * from t", "error: select is not supported in this build")
}

func TestOutput(t *testing.T) {
	_, out := show("print(1); print(\"a\")")
	if out != "1\na\n" {
		t.Errorf("print output %q", out)
	}
	_, out = show("timer x = 1")
	if !strings.HasPrefix(out, "Time elapsed: ") || !strings.HasSuffix(out, " ms\n") {
		t.Errorf("timer output %q", out)
	}
	_, out = show("timer(3) print(1)")
	if !strings.HasPrefix(out, "1\n1\n1\nTime elapsed: ") {
		t.Errorf("timer(3) output %q", out)
	}
}

func TestBacktrace(t *testing.T) {
	s := newTestSession(&bytes.Buffer{})
	_, err := s.Run("bt", []byte("def g(x){ return x - \"a\" }\ndef f(x){ return g(x) }\nf(1)"))
	e, ok := err.(*EvalError)
	if !ok {
		t.Fatalf("error %T %v", err, err)
	}
	if len(e.CallStack) != 3 || e.CallStack[0].Name != "g" || e.CallStack[0].Pos.Line != 1 || e.CallStack[2].Pos.Line != 3 {
		t.Errorf("call stack %+v", e.CallStack)
	}
	if !strings.Contains(e.Backtrace(), "at f (bt:2:") {
		t.Errorf("backtrace %s", e.Backtrace())
	}
	if IsSyntaxError(err) {
		t.Errorf("runtime error reported as syntax error")
	}
	_, err = s.Run("x", []byte("nosuch + 1"))
	if !IsSyntaxError(err) {
		t.Errorf("not a syntax error: %v", err)
	}
}

func TestSessionState(t *testing.T) {
	s := newTestSession(&bytes.Buffer{})
	if _, err := s.Run("a", []byte("x = 41; def inc(a): a + 1")); err != nil {
		t.Fatal(err)
	}
	v, err := s.Run("b", []byte("inc(x)"))
	if err != nil || v.String() != "42" {
		t.Fatalf("got %v %v", v, err)
	}
	if v, ok := s.Var("x"); !ok || v.String() != "41" {
		t.Errorf("Var(x) = %v %v", v, ok)
	}
	shared := NewShared()
	s1 := NewSession(Options{Universe: testUniverse(), Shared: shared})
	s2 := NewSession(Options{Universe: testUniverse(), Shared: shared})
	if _, err := s1.Run("a", []byte("share 1 2 3 as sv")); err != nil {
		t.Fatal(err)
	}
	if v, err := s2.Run("b", []byte("sv")); err != nil || v.String() != "[1,2,3]" {
		t.Errorf("shared: %v %v", v, err)
	}
}

func TestCancel(t *testing.T) {
	s := newTestSession(&bytes.Buffer{})
	done := make(chan error)
	go func() {
		_, err := s.Run("loop", []byte("while(true){}"))
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	s.Cancel()
	select {
	case err := <-done:
		if err == nil || err.Error() != "The task was cancelled." || !IsCancelled(err) {
			t.Errorf("err = %v", err)
		}
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Errorf("cancel took %v", d)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("not cancelled")
	}
	// cancellation is not caught by try/catch
	go func() {
		_, err := s.Run("loop", []byte("try { while(true){} } catch(e) {}; 1"))
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	s.Cancel()
	if err := <-done; !IsCancelled(err) {
		t.Errorf("try caught cancellation: %v", err)
	}
}

func TestMemoryLimit(t *testing.T) {
	old := value.MemoryLimit()
	value.SetMemoryLimit(64 << 20)
	defer value.SetMemoryLimit(old)
	got, _ := show("alloc(100000000)")
	if !strings.HasPrefix(got, "error: Out of memory") {
		t.Errorf("got %q", got)
	}
	got, _ = show("try { alloc(100000000) } catch(e) { r = 1 }; r")
	if got != "1" {
		t.Errorf("try: got %q", got)
	}
}

func TestRecursionLimit(t *testing.T) {
	got, _ := show("def f(n){ return f(n + 1) }; f(0)")
	if !strings.HasPrefix(got, "error: Stack overflow") {
		t.Errorf("got %q", got)
	}
}

func BenchmarkLoopSum(b *testing.B) {
	s := newTestSession(&bytes.Buffer{})
	src := []byte("s = 0; for(i in 0..9999999) s += i")
	for b.Loop() {
		if _, err := s.Run("bench", src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVectorAdd(b *testing.B) {
	s := newTestSession(&bytes.Buffer{})
	src := []byte("1..10000000 + 1")
	for b.Loop() {
		if _, err := s.Run("bench", src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFib(b *testing.B) {
	s := newTestSession(&bytes.Buffer{})
	src := []byte("def fib(n){ if (n < 2) return n; return fib(n-1) + fib(n-2) }; fib(20)")
	for b.Loop() {
		if _, err := s.Run("bench", src); err != nil {
			b.Fatal(err)
		}
	}
}
