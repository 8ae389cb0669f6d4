// Package dostest runs DolphinDB's own unit-test files: scripts split into
// cases by "@testing: case = ..." headers, each case checked by assert
// statements or by the error it is expected to raise (the test function of
// the DolphinDB manual). It owns splitting, running with a timeout, the
// known-failure list and the report; sessions come from a factory so the
// package depends on the VM only through the Session interface.
package dostest

// This file defines Case and the splitting of a .dos file into cases.

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// Case is one "@testing:" section of a test file.
type Case struct {
	File string // path of the test file as given to the runner
	Name string // the case attribute
	Line int    // 1-based line of the @testing header

	// SyntaxError: the case passes when parsing fails.
	// Exception: the case passes when running raises an error.
	SyntaxError, Exception bool
	// Attrs holds every attribute of the header, unquoted, including
	// case, syntaxError and exception.
	Attrs map[string]string

	// Src is the body. It starts with Line newlines so that positions in
	// error messages are line numbers of the file.
	Src []byte
}

// ID is the case's name in reports and in the known-failure list:
// "<base name of the file>:<case>".
func (c *Case) ID() string { return filepath.Base(c.File) + ":" + c.Name }

// Parse splits a test file into its prelude (the text before the first
// header, padded nowhere; nil when it holds only comments and blanks) and
// its cases. A case ends where the next header starts. A malformed header
// is an error naming the file and line.
func Parse(file string, src []byte) (prelude []byte, cases []Case, err error) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	start := -1 // line index of the current header
	var cur *Case
	flush := func(end int) {
		if cur == nil {
			if hasCode(lines[:end]) {
				prelude = bytes.Join(lines[:end], nil)
			}
			return
		}
		var b bytes.Buffer
		b.Write(bytes.Repeat([]byte("\n"), start+1))
		for _, l := range lines[start+1 : end] {
			b.Write(l)
		}
		cur.Src = b.Bytes()
		cases = append(cases, *cur)
	}
	for i, l := range lines {
		text := strings.TrimSpace(string(l))
		if !strings.HasPrefix(text, "@testing") {
			continue
		}
		c, herr := parseHeader(text)
		if herr != nil {
			return nil, nil, fmt.Errorf("%s:%d: %v", file, i+1, herr)
		}
		flush(i)
		c.File, c.Line = file, i+1
		cur, start = &c, i
	}
	flush(len(lines))
	return prelude, cases, nil
}

// hasCode reports whether lines hold anything but blanks and comments.
func hasCode(lines [][]byte) bool {
	inBlock := false
	for _, l := range lines {
		s := strings.TrimSpace(string(l))
		for s != "" {
			if inBlock {
				i := strings.Index(s, "*/")
				if i < 0 {
					s = ""
					break
				}
				s, inBlock = strings.TrimSpace(s[i+2:]), false
				continue
			}
			if strings.HasPrefix(s, "//") {
				s = ""
			} else if strings.HasPrefix(s, "/*") {
				s, inBlock = s[2:], true
			} else {
				return true
			}
		}
	}
	return false
}

// parseHeader parses `@testing: case = "name" [, attr = value]...`.
func parseHeader(text string) (Case, error) {
	rest, ok := strings.CutPrefix(text, "@testing")
	rest = strings.TrimSpace(rest)
	if !ok || !strings.HasPrefix(rest, ":") {
		return Case{}, fmt.Errorf("malformed test header %q: want @testing: case = \"name\"", text)
	}
	rest = rest[1:]
	c := Case{Attrs: map[string]string{}}
	for _, part := range splitAttrs(rest) {
		k, v, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		v = strings.TrimSpace(v)
		if !ok || k == "" {
			return Case{}, fmt.Errorf("malformed attribute %q in test header: want name = value", strings.TrimSpace(part))
		}
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		} else if len(v) >= 2 && (v[0] == '\'' || v[0] == '"') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
		}
		c.Attrs[k] = v
		switch k {
		case "case":
			c.Name = v
		case "syntaxError":
			c.SyntaxError = truthy(v)
		case "exception":
			c.Exception = truthy(v)
		}
	}
	if c.Name == "" {
		return Case{}, fmt.Errorf("test header %q has no case name", text)
	}
	return c, nil
}

// splitAttrs splits on commas outside quotes.
func splitAttrs(s string) []string {
	var parts []string
	var quote byte
	begin := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == ',':
			parts = append(parts, s[begin:i])
			begin = i + 1
		}
	}
	if strings.TrimSpace(s[begin:]) != "" || len(parts) > 0 {
		parts = append(parts, s[begin:])
	}
	return parts
}

func truthy(v string) bool {
	switch strings.ToLower(v) {
	case "", "0", "false":
		return false
	}
	return true
}
