package tests

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/repl"
	"github.com/porpoisedb/porpoise/tests/dostest"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of display/*.txt transcripts")

// A transcript (cockroachdb/datadriven form) is a list of blocks:
//
//	# comment
//	eval
//	x = 1 2 3
//	x + 1
//	----
//	[2,3,4]
//
// "eval" runs the script and expects what the console shows: print output,
// then the value of the last statement. "eval-error" expects the script to
// fail and shows print output, then the error message (DolphinDB's text,
// without the source line and caret the console adds). Output that holds blank
// lines sits between "----\n----" and "----\n----". A block ends at a blank
// line. One session runs the whole file, block after block.
type block struct {
	cmd    string
	line   int // of the command
	script string
	want   string
	// sepLine..endLine (0-based, exclusive end) are the lines from the
	// first "----" to the end of the expected output, replaced by -rewrite.
	sepLine, endLine int
}

func parseTranscript(path string, src []byte) ([]block, error) {
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	var blocks []block
	i := 0
	for i < len(lines) {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "#") {
			i++
			continue
		}
		b := block{cmd: strings.Fields(l)[0], line: i + 1}
		if b.cmd != "eval" && b.cmd != "eval-error" {
			return nil, fmt.Errorf("%s:%d: unknown command %q (want eval or eval-error)", path, i+1, b.cmd)
		}
		i++
		var script []string
		for i < len(lines) && lines[i] != "----" {
			script = append(script, lines[i])
			i++
		}
		if i == len(lines) {
			return nil, fmt.Errorf("%s:%d: %s block has no ---- line", path, b.line, b.cmd)
		}
		b.script = strings.Join(script, "\n")
		b.sepLine = i
		i++
		var want []string
		if i < len(lines) && lines[i] == "----" { // output with blank lines
			i++
			for i+1 < len(lines) && !(lines[i] == "----" && lines[i+1] == "----") {
				want = append(want, lines[i])
				i++
			}
			if i+1 >= len(lines) {
				return nil, fmt.Errorf("%s:%d: output opened with ----/---- is not closed by ----/----", path, b.line)
			}
			i += 2
		} else {
			for i < len(lines) && lines[i] != "" {
				want = append(want, lines[i])
				i++
			}
		}
		b.endLine = i
		b.want = strings.Join(want, "\n")
		blocks = append(blocks, b)
	}
	return blocks, nil
}

// normalize trims trailing spaces of each line and trailing blank lines.
func normalize(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// formatOutput renders an expected-output section, starting at "----".
func formatOutput(out string) []string {
	if strings.Contains(out, "\n\n") || strings.HasPrefix(out, "\n") {
		return append(append([]string{"----", "----"}, strings.Split(out, "\n")...), "----", "----")
	}
	if out == "" {
		return []string{"----"}
	}
	return append([]string{"----"}, strings.Split(out, "\n")...)
}

func TestDisplay(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("display", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no display/*.txt transcripts")
	}
	known, err := dostest.LoadKnown(dostest.KnownFailuresFile)
	if err != nil {
		t.Fatal(err)
	}
	noteSuite(".txt")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			blocks, err := parseTranscript(file, src)
			if err != nil {
				t.Fatal(err)
			}
			var printed bytes.Buffer
			s := newSession(&printed)
			got := make([]string, len(blocks))
			for i, b := range blocks {
				printed.Reset()
				v, err := s.Run("console", []byte(b.script))
				out := printed.String()
				problem := ""
				switch {
				case err != nil:
					if b.cmd == "eval" {
						problem = "eval failed"
					}
					out += err.Error()
				case b.cmd == "eval-error":
					problem = "eval-error ran without error"
					fallthrough
				default:
					if text, ok := repl.Display(v); ok {
						out += text
					}
				}
				got[i] = normalize(out)
				if problem == "" && got[i] != normalize(b.want) {
					problem = "output differs"
				}
				id := filepath.Base(file) + ":" + strconv.Itoa(b.line)
				reason, listed := known.Reason(id)
				if problem != "" {
					if listed {
						noteFailure(id, reason)
					} else {
						noteFailure(id, problem)
					}
				}
				switch {
				case *rewrite:
				case problem != "" && listed:
					t.Logf("%s: known failure (%s): %s", id, reason, problem)
				case problem != "":
					t.Errorf("%s:%d: %s\n%s\n---- got\n%s\n---- want\n%s", file, b.line, problem, b.script, got[i], b.want)
				case listed:
					t.Errorf("%s:%d passes now: remove %s from %s", file, b.line, id, dostest.KnownFailuresFile)
				}
			}
			if *rewrite {
				lines := strings.Split(string(src), "\n")
				for i := len(blocks) - 1; i >= 0; i-- {
					b := blocks[i]
					lines = append(lines[:b.sepLine], append(formatOutput(got[i]), lines[b.endLine:]...)...)
				}
				if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestParseTranscript(t *testing.T) {
	src := "# c\neval\nx = 1\nx\n----\n1\n\neval-error\n1 +\n----\n----\na\n\nb\n----\n----\n\neval\nx = 2\n----\n"
	blocks, err := parseTranscript("t.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 3 {
		t.Fatalf("blocks %+v", blocks)
	}
	f := func(b block, cmd, script, want string, sep, end int) {
		t.Helper()
		if b.cmd != cmd || b.script != script || b.want != want || b.sepLine != sep || b.endLine != end {
			t.Errorf("block %+v, want %s %q %q %d %d", b, cmd, script, want, sep, end)
		}
	}
	f(blocks[0], "eval", "x = 1\nx", "1", 4, 6)
	f(blocks[1], "eval-error", "1 +", "a\n\nb", 9, 16)
	f(blocks[2], "eval", "x = 2", "", 19, 20)
	for _, bad := range []string{"evil\nx\n----\n", "eval\nx\n", "eval\nx\n----\n----\na\n"} {
		if _, err := parseTranscript("t.txt", []byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "t.txt:") {
			t.Errorf("parseTranscript(%q) error = %v", bad, err)
		}
	}
	if got := strings.Join(formatOutput("a\n\nb"), "\n"); got != "----\n----\na\n\nb\n----\n----" {
		t.Errorf("formatOutput = %q", got)
	}
}
