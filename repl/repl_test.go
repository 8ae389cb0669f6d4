package repl

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/porpoisedb/porpoise/lang/token"
	"github.com/porpoisedb/porpoise/vm/value"
)

func TestNeedsMore(t *testing.T) {
	f := func(src string, want bool) {
		t.Helper()
		if got := NeedsMore(src); got != want {
			t.Errorf("NeedsMore(%q) = %v, want %v", src, got, want)
		}
	}
	f("1 + 2", false)
	f("x = 1;", false)
	f("def f(x) {", true)
	f("def f(x) {\n  return x + 1\n}", false)
	f("f(1,", true)
	f("f(1,\n2)", false)
	f("x = [1, 2", true)
	f("x = 1 +", true)
	f("x = 1 + // more below", true)
	f("x = \"a // not a comment", true)
	f("x = \"a\" // comment (", false)
	f("s = 'it''", true)
	f("/* open comment", true)
	f("/* closed */ 1", false)
	f("x = a and", true)
	f("x = band", false)
	f("1..", true)
	f("x = `a`b", false)
	f("f = sort!", false)
	f("x = 1 2 3)", false)
	f("y = x -> x + 1", false)
	f("t = select * from", false)
}

type echoValue string

func (e echoValue) Type() value.Type { return value.STRING }
func (e echoValue) Form() value.Form { return value.SCALAR }
func (e echoValue) String() string   { return string(e) }

type posError struct{ msg string }

func (e posError) Error() string { return e.msg }

type prettyErr struct{ line, col int }

func (e prettyErr) Error() string { return "Syntax Error: [line #1] bad" }
func (e prettyErr) Pretty(f *token.File) string {
	return e.Error() + "\n" + Caret(f, e.line, e.col)
}

// fakeRunner records scripts and answers from their text.
type fakeRunner struct {
	mu       sync.Mutex
	scripts  []string
	started  chan struct{}
	cancel   chan struct{}
	canceled int
}

func (r *fakeRunner) Run(name string, src []byte) (value.Value, error) {
	s := string(src)
	r.mu.Lock()
	r.scripts = append(r.scripts, s)
	r.mu.Unlock()
	switch {
	case strings.Contains(s, "hang"):
		r.started <- struct{}{}
		<-r.cancel
		return nil, errors.New("The task was cancelled.")
	case strings.Contains(s, "bad"):
		return nil, prettyErr{1, 5}
	case strings.Contains(s, "oops"):
		return nil, posError{fmt.Sprintf("%s:2:3: oops is not defined", name)}
	case strings.Contains(s, "crash"):
		panic("VM bug")
	case strings.Contains(s, "="):
		return nil, nil
	}
	return echoValue(strings.Join(strings.Fields(s), " ")), nil
}

func (r *fakeRunner) Cancel() {
	r.mu.Lock()
	r.canceled++
	r.mu.Unlock()
	r.cancel <- struct{}{}
}

// drive runs a console over pipes, feeding it input.
func drive(t *testing.T, r Runner, input string) (stdout, stderr string) {
	t.Helper()
	inR, inW := io.Pipe()
	var out, errOut strings.Builder
	no := false
	c := &Console{Runner: r, In: inR, Out: syncWriter{w: &out}, Err: syncWriter{w: &errOut}, Terminal: &no}
	done := make(chan error, 1)
	go func() { done <- c.Run() }()
	go func() {
		io.WriteString(inW, input)
		inW.Close()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("console did not end")
	}
	return out.String(), errOut.String()
}

type syncWriter struct{ w io.Writer }

var outMu sync.Mutex

func (s syncWriter) Write(p []byte) (int, error) {
	outMu.Lock()
	defer outMu.Unlock()
	return s.w.Write(p)
}

func TestConsole(t *testing.T) {
	r := &fakeRunner{}
	input := "1 2 3\n" +
		"x = 1\n" +
		"\n" +
		"def f(a) {\n" +
		"  a + 1\n" +
		"}\n" +
		"g(1,\n" +
		"  2)\n" +
		"1 + bad\n" +
		"z = 2\n oops\n" +
		"crash\n" +
		"after\n" +
		"quit\n" +
		"never\n"
	out, errOut := drive(t, r, input)
	want := []string{"1 2 3", "x = 1", "def f(a) {\n  a + 1\n}", "g(1,\n  2)", "1 + bad", "z = 2", " oops", "crash", "after"}
	if strings.Join(r.scripts, "|") != strings.Join(want, "|") {
		t.Errorf("scripts = %q\nwant %q", r.scripts, want)
	}
	for _, s := range []string{"1 2 3\n", "def f(a) { a + 1 }\n", "g(1, 2)\n", "after\n"} {
		if !strings.Contains(out, s) {
			t.Errorf("stdout lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "never") {
		t.Errorf("input after quit was run:\n%s", out)
	}
	for _, s := range []string{
		"Syntax Error: [line #1] bad\n1 + bad\n    ^\n",
		"console:2:3: oops is not defined\n",
		"internal error: VM bug\n",
	} {
		if !strings.Contains(errOut, s) {
			t.Errorf("stderr lacks %q:\n%s", s, errOut)
		}
	}
}

func TestConsoleEOFSubmitsPending(t *testing.T) {
	r := &fakeRunner{}
	out, _ := drive(t, r, "f(1,\n2")
	if len(r.scripts) != 1 || !strings.Contains(out, "f(1, 2\n") {
		t.Errorf("scripts %q, out %q", r.scripts, out)
	}
}

func TestConsoleCancel(t *testing.T) {
	r := &fakeRunner{started: make(chan struct{}), cancel: make(chan struct{})}
	go func() {
		<-r.started
		r.Cancel() // what the SIGINT handler does
	}()
	out, errOut := drive(t, r, "hang\nafter\n")
	if !strings.Contains(errOut, "The task was cancelled.") || !strings.Contains(out, "after") {
		t.Errorf("stdout %q stderr %q", out, errOut)
	}
}

func TestFormatError(t *testing.T) {
	src := []byte("x = 1\n\ty = x + \"a\"\n")
	f := func(err error, want string) {
		t.Helper()
		if got := FormatError("s.dos", src, err); got != want {
			t.Errorf("FormatError(%v) =\n%s\nwant\n%s", err, got, want)
		}
	}
	f(posError{"s.dos:2:7: bad operand"}, "s.dos:2:7: bad operand\n\ty = x + \"a\"\n\t     ^")
	f(posError{"other.dos:2:7: bad operand"}, "other.dos:2:7: bad operand")
	f(posError{"no position"}, "no position")
	f(posError{"s.dos:9:1: past the end"}, "s.dos:9:1: past the end")
	f(fmt.Errorf("wrapped: %w", prettyErr{1, 1}), "Syntax Error: [line #1] bad\nx = 1\n^")
	f(traceErr{"void vector", "\n  at <top> (s.dos:1:5)"}, "void vector\nx = 1\n    ^")
	f(traceErr{"void vector", "\n  at f (s.dos:2:2)\n  at <top> (s.dos:1:1)"},
		"void vector\n\ty = x + \"a\"\n\t^\n  at f (s.dos:2:2)\n  at <top> (s.dos:1:1)")
}

// traceErr looks like the VM's EvalError.
type traceErr struct{ msg, stack string }

func (e traceErr) Error() string     { return e.msg }
func (e traceErr) Backtrace() string { return e.msg + e.stack }

func TestDisplay(t *testing.T) {
	if _, ok := Display(nil); ok {
		t.Error("nil displayed")
	}
	if s, ok := Display(echoValue("[2,3,4]")); !ok || s != "[2,3,4]" {
		t.Errorf("Display = %q, %v", s, ok)
	}
	if _, ok := Display(value.Nothing); ok {
		t.Error("Nothing displayed")
	}
	for _, c := range []struct {
		v    value.Value
		want string
	}{
		{value.Void{}, "NULL"},
		{value.NullOf(value.CHAR), "00c"},
		{value.NullOf(value.INT), "00i"},
		{value.NullOf(value.BOOL), "00b"},
		{value.NullOf(value.DOUBLE), "00F"},
		{value.NullOf(value.DATE), "00d"},
		{value.String(""), ""},
		{value.Int(3), "3"},
	} {
		if s, ok := Display(c.v); !ok || s != c.want {
			t.Errorf("Display(%T) = %q, %v; want %q", c.v, s, ok, c.want)
		}
	}
}

func FuzzNeedsMore(f *testing.F) {
	for _, s := range []string{"def f(x) {\n x + 1\n}", "x = \"a\\\"b", "/* a", "f(1,\n2)", "x and", "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		NeedsMore(s) // must not panic or loop
	})
}
