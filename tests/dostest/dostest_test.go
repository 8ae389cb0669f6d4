package dostest

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/porpoisedb/porpoise/vm/value"
)

func TestParse(t *testing.T) {
	src := "// header comment\n\n" +
		"@testing: case = \"a\"\n" +
		"x = 1\n" +
		"assert 1, x == 1\n" +
		"\n" +
		"@testing:case=\"b\",syntaxError=1\n" +
		"{,}\n" +
		"@testing: case = \"c, d\", exception = 1, owner='me'\n" +
		"1 + `a\n"
	prelude, cases, err := Parse("t.dos", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if prelude != nil {
		t.Errorf("prelude of comments only = %q, want nil", prelude)
	}
	if len(cases) != 3 {
		t.Fatalf("got %d cases, want 3", len(cases))
	}
	f := func(c Case, name string, line int, syntax, exc bool, body string) {
		t.Helper()
		if c.Name != name || c.Line != line || c.SyntaxError != syntax || c.Exception != exc {
			t.Errorf("case %+v: want name %q line %d syntaxError %v exception %v", c, name, line, syntax, exc)
		}
		if got := strings.TrimLeft(string(c.Src), "\n"); got != body {
			t.Errorf("case %s body = %q, want %q", name, got, body)
		}
		if n := len(c.Src) - len(strings.TrimLeft(string(c.Src), "\n")); n != line {
			t.Errorf("case %s body starts with %d newlines, want %d", name, n, line)
		}
	}
	f(cases[0], "a", 3, false, false, "x = 1\nassert 1, x == 1\n\n")
	f(cases[1], "b", 7, true, false, "{,}\n")
	f(cases[2], "c, d", 9, false, true, "1 + `a\n")
	if cases[2].Attrs["owner"] != "me" || cases[2].ID() != "t.dos:c, d" {
		t.Errorf("attrs %v id %q", cases[2].Attrs, cases[2].ID())
	}

	prelude, _, err = Parse("p.dos", []byte("/* setup */ y = 2\n@testing: case = \"x\"\ny\n"))
	if err != nil || string(prelude) != "/* setup */ y = 2\n" {
		t.Errorf("prelude = %q, %v", prelude, err)
	}

	for _, bad := range []string{"@testing case = \"x\"\n", "@testing: name = \"x\"\n", "@testing: case\n"} {
		_, _, err := Parse("bad.dos", []byte("\n"+bad))
		if err == nil || !strings.HasPrefix(err.Error(), "bad.dos:2: ") {
			t.Errorf("Parse(%q) error = %v, want one at bad.dos:2", bad, err)
		}
	}
}

func TestParseKnown(t *testing.T) {
	src := "# Known failures.\n\n# SQL is missing\n# in this cut\na.dos:x\nb.dos:y  # broken\n\nc.dos:z\n"
	k, err := ParseKnown("k.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := Known{"a.dos:x": "SQL is missing in this cut", "b.dos:y": "broken", "c.dos:z": ""}
	if len(k) != len(want) {
		t.Fatalf("got %v, want %v", k, want)
	}
	for id, r := range want {
		if got, ok := k.Reason(id); !ok || got != r {
			t.Errorf("Reason(%q) = %q, %v; want %q", id, got, ok, r)
		}
	}
	if _, err := ParseKnown("k.txt", []byte("a.dos:x\nnot an id\n")); err == nil || !strings.Contains(err.Error(), "k.txt:2:") {
		t.Errorf("bad line error = %v", err)
	}
	if _, err := ParseKnown("k.txt", []byte("a.dos:x\na.dos:x\n")); err == nil {
		t.Error("duplicate entry accepted")
	}
}

// fakeSession understands a few words: "syntax" fails to parse, "boom"
// fails at run time, "hang" blocks until cancelled, "panic" panics.
type fakeSession struct {
	out    io.Writer
	cancel chan struct{}
}

var errSyntax = errors.New("Syntax Error: [line #1] fake")

func (s *fakeSession) Run(name string, src []byte) (value.Value, error) {
	text := string(src)
	switch {
	case strings.Contains(text, "syntax"):
		return nil, errSyntax
	case strings.Contains(text, "boom"):
		io.WriteString(s.out, "printed before boom\n")
		return nil, errors.New("boom")
	case strings.Contains(text, "hang"):
		<-s.cancel
		return nil, errors.New("cancelled")
	case strings.Contains(text, "panic"):
		panic("fake VM bug")
	}
	return nil, nil
}

func (s *fakeSession) Cancel() { close(s.cancel) }

func newFakeRunner() *Runner {
	return &Runner{
		NewSession:    func(out io.Writer) Session { return &fakeSession{out: out, cancel: make(chan struct{})} },
		IsSyntaxError: func(err error) bool { return err == errSyntax },
		Timeout:       200 * time.Millisecond,
	}
}

func TestRunner(t *testing.T) {
	r := newFakeRunner()
	f := func(header, body string, want Verdict, reason string) {
		t.Helper()
		_, cases, err := Parse("f.dos", []byte(header+"\n"+body+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		res := r.RunCase(cases[0], nil)
		if res.Verdict != want || !strings.Contains(res.Reason, reason) {
			t.Errorf("%s / %s: got %v %q, want %v %q", header, body, res.Verdict, res.Reason, want, reason)
		}
	}
	f(`@testing: case = "ok"`, "x = 1", Pass, "")
	f(`@testing: case = "err"`, "boom", Fail, "boom")
	f(`@testing: case = "syn", syntaxError = 1`, "syntax", Pass, "")
	f(`@testing: case = "syn2", syntaxError = 1`, "boom", Fail, "got a runtime error: boom")
	f(`@testing: case = "syn3", syntaxError = 1`, "x", Fail, "ran without error")
	f(`@testing: case = "exc", exception = 1`, "boom", Pass, "")
	f(`@testing: case = "exc2", exception = 1`, "x", Fail, "ran without error")
	f(`@testing: case = "exc3", exception = 1`, "syntax", Fail, "got a syntax error")
	f(`@testing: case = "hang"`, "hang", Fail, "timed out after 200ms")
	f(`@testing: case = "hang2", exception = 1`, "hang", Fail, "timed out")
	f(`@testing: case = "panic"`, "panic", Fail, "panic: fake VM bug")

	r.Known = Known{"f.dos:known": "not yet", "f.dos:fixed": "was broken"}
	f(`@testing: case = "known"`, "boom", Skip, "not yet")
	f(`@testing: case = "fixed"`, "x", Fixed, "was broken")
}

func TestRunPathReport(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.dos", "@testing: case = \"good\"\nx\n\n@testing: case = \"bad\"\nboom\n")
	write("b.txt", "@testing: case = \"k\"\nboom\n")
	write("c.dos", "@testing oops\n")
	write("notes.md", "@testing: case = \"ignored\"\nboom\n")
	write(KnownFailuresFile, "b.txt:k # waits for the VM\n")
	if got := FindKnown(dir); got != filepath.Join(dir, KnownFailuresFile) {
		t.Errorf("FindKnown = %q", got)
	}
	r := newFakeRunner()
	var err error
	if r.Known, err = LoadKnown(FindKnown(dir)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	rep := &Report{W: &buf}
	if err := r.RunPath(dir, rep); err != nil {
		t.Fatal(err)
	}
	rep.End()
	out := buf.String()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if last := lines[len(lines)-1]; last != "1 passed, 2 failed" {
		t.Errorf("last line %q, want \"1 passed, 2 failed\"\n%s", last, out)
	}
	for _, want := range []string{
		"--- FAIL: a.dos:bad (" + filepath.Join(dir, "a.dos") + ":4)",
		"    boom\n    output:\n    printed before boom\n",
		"--- SKIP: b.txt:k",
		"known failure: waits for the VM",
		"--- FAIL: " + filepath.Join(dir, "c.dos"),
		"1 skipped (known failures)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "good") || strings.Contains(out, "ignored") {
		t.Errorf("report shows a passing or non-test case:\n%s", out)
	}
}
