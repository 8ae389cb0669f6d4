package parser

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// clearPos zeroes every position and file of a tree, so that trees parsed
// from differently spaced text compare equal.
func clearPos(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			clearPos(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			switch {
			case f.Type() == reflect.TypeOf(token.Pos(0)):
				f.SetInt(0)
			case f.Type() == reflect.TypeOf((*token.File)(nil)):
				f.Set(reflect.Zero(f.Type()))
			case f.Type() == reflect.TypeOf(""):
				if v.Type() == reflect.TypeOf(ast.Literal{}) && v.Type().Field(i).Name == "Raw" {
					f.SetString("")
				}
			default:
				clearPos(f)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			clearPos(v.Index(i))
		}
	}
}

// roundTrip parses src, prints it, parses the print and compares trees.
func roundTrip(t *testing.T, name, src string) {
	t.Helper()
	s1, err := Parse(name, []byte(src))
	if err != nil {
		return // only valid scripts round-trip
	}
	out := ast.Print(s1)
	s2, err := Parse(name, []byte(out))
	if err != nil {
		t.Errorf("%s: reparse of printed script failed: %v\nsource:\n%s\nprinted:\n%s", name, err, src, out)
		return
	}
	clearPos(reflect.ValueOf(s1))
	clearPos(reflect.ValueOf(s2))
	if !reflect.DeepEqual(s1, s2) {
		t.Errorf("%s: round trip changed the tree\nsource:\n%s\nprinted:\n%s\nreprinted:\n%s", name, src, out, ast.PrintDebug(s2))
	}
}

func TestRoundTrip(t *testing.T) {
	for _, name := range seedFiles(t) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "errors.dos") {
			for _, chunk := range strings.Split(string(data), "\n---\n") {
				roundTrip(t, name, chunk)
			}
			continue
		}
		roundTrip(t, name, string(data))
	}
	for _, src := range roundTripCases {
		roundTrip(t, "case", src)
	}
}

// TestSampleParses makes sure the realistic sample is valid.
func TestSampleParses(t *testing.T) {
	data, err := os.ReadFile("testdata/sample.dos")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("sample.dos", data); err != nil {
		t.Fatal(err)
	}
}

var roundTripCases = []string{
	"x = - 1 2", "x = 1 - -1", "x = -(1 2)", "a = 1:3", "a = 10:20", "x = 1.:2", "x = a..b",
	"x = `a`b `c", "f(, 1, )", "x = m[, 1]", "x = {}", "x = []", "x = ()", "<-x>",
	"x = 2012.06.13..2012.06.20", "x = (x, y) -> x + y", "x = () -> 1", "x = def(a=1): a",
	"select ols(y, x) as `a``c from t", "select * from t as a cross join u as b",
	"select count(*) from t group by date(x) as d, s", ";;x = 1", "go\nx = 1",
	"select col1...col3, x from t", "select c09...c11 as a1...a3 from t", "x = 1 .. .5", "x = <a + 1 as b>", "x = <(select x from t) as b>",
	"x = - -y", "x = !-y", "x = 1 -2 -3", "x = 'a' 'b'", "x = \"a\\n\"",
	"mapr harmonicMean(x){reciprocalAvg(x), count(x) -> harmonicMeanReduce}",
	"mapr g(x, w){wsum(x, w), f(x, -2, `a, \"s\") -> r; cumsum, copy -> rr}\nx = 1", "mapr f(){g() -> r}", "mapr f\nx[: A]",
}

// seedFiles lists the .dos files used as fuzz seeds and round-trip input.
func seedFiles(t testing.TB) []string {
	var files []string
	local, _ := filepath.Glob("testdata/*.dos")
	files = append(files, local...)
	filepath.WalkDir("../../tests", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".dos") {
			files = append(files, path)
		}
		return nil
	})
	return files
}
