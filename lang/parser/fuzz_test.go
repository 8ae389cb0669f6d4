package parser

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/lang/ast"
)

// FuzzParse checks that the parser never crashes or hangs, and that every
// script it accepts prints back to a script that parses to the same tree.
func FuzzParse(f *testing.F) {
	for _, name := range seedFiles(f) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		for _, chunk := range bytes.Split(data, []byte("\n---\n")) {
			f.Add(chunk)
		}
	}
	for _, src := range roundTripCases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s1, err := Parse("fuzz.dos", src)
		if s1 == nil {
			t.Fatal("nil script")
		}
		if err != nil {
			if len(err.(ErrorList)) == 0 {
				t.Fatal("empty error list")
			}
			_ = err.(ErrorList).Pretty(s1.File)
			return
		}
		out := ast.Print(s1)
		s2, err := Parse("fuzz.dos", []byte(out))
		if err != nil {
			t.Fatalf("reparse failed: %v\nsource: %q\nprinted: %q", err, src, out)
		}
		clearPos(reflect.ValueOf(s1))
		clearPos(reflect.ValueOf(s2))
		if !reflect.DeepEqual(s1, s2) {
			t.Fatalf("round trip changed the tree\nsource: %q\nprinted: %q\nreprinted: %q", src, out, ast.PrintDebug(s2))
		}
		if len(src) < 200 && !strings.ContainsAny(string(src), "\n;") {
			ParseExpr(string(src))
		}
	})
}
