package parser

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestErrors checks the errors expected by testdata/errors.dos.
func TestErrors(t *testing.T) {
	data, err := os.ReadFile("testdata/errors.dos")
	if err != nil {
		t.Fatal(err)
	}
	for _, chunk := range strings.Split(string(data), "\n---\n") {
		lines := strings.Split(chunk, "\n")
		wantLine, want := 0, ""
		for i, l := range lines {
			if j := strings.Index(l, "###"); j >= 0 {
				wantLine, want = i+1, strings.TrimSpace(l[j+3:])
				lines[i] = l[:j]
			}
		}
		if want == "" {
			continue
		}
		src := strings.Join(lines, "\n")
		_, err := Parse("errors.dos", []byte(src))
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Errorf("%q: no error, want %q", src, want)
			continue
		}
		e := list[0]
		if e.Pos.Line != wantLine || !strings.Contains(e.Msg, want) {
			t.Errorf("%q:\n got: line %d: %s\nwant: line %d: %s", src, e.Pos.Line, e.Msg, wantLine, want)
		}
	}
}

func TestPretty(t *testing.T) {
	src := "x = 1\nx y\n"
	s, err := Parse("a.dos", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	got := err.(ErrorList).Pretty(s.File)
	want := "Syntax Error: [line #2] Cannot recognize the token y\nx y\n  ^"
	if got != want {
		t.Errorf("Pretty:\n%s\nwant:\n%s", got, want)
	}
	if err.Error() != "Syntax Error: [line #2] Cannot recognize the token y" {
		t.Errorf("Error() = %q", err.Error())
	}
}
