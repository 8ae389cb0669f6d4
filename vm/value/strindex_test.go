package value

import (
	"fmt"
	"testing"
)

func bigStrings(n, distinct int) *Vector {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprintf("k%03d", i%distinct)
	}
	return NewStringVector(s)
}

// checkIndex asserts that v's encoding, if any, decodes to v's strings.
func checkIndex(t *testing.T, v *Vector) {
	t.Helper()
	x := v.StringIndex()
	if x == nil {
		t.Fatal("no encoding for a big low-cardinality vector")
	}
	if len(x.Codes) != v.Len() {
		t.Fatalf("encoding has %d codes for %d rows", len(x.Codes), v.Len())
	}
	for i, s := range v.Strings() {
		if got := x.Base.Syms[x.Codes[i]]; got != s {
			t.Fatalf("row %d decodes to %q, holds %q", i, got, s)
		}
	}
}

func TestStringIndexFollowsWrites(t *testing.T) {
	v := bigStrings(minIndexedStrings+10, 50)
	checkIndex(t, v)
	if err := v.Set(3, String("new")); err != nil {
		t.Fatal(err)
	}
	checkIndex(t, v)
	if err := v.Append(String("tail")); err != nil {
		t.Fatal(err)
	}
	checkIndex(t, v)
	if err := v.AppendVector(bigStrings(5, 5)); err != nil {
		t.Fatal(err)
	}
	checkIndex(t, v)
	v.fillNull(0, 2)
	checkIndex(t, v)
	v.Truncate(minIndexedStrings + 1)
	checkIndex(t, v)
	v.Strings()[7] = "direct"
	v.Modified()
	checkIndex(t, v)
}

func TestStringIndexDeclines(t *testing.T) {
	if bigStrings(100, 5).StringIndex() != nil {
		t.Error("a small vector got an encoding")
	}
	v := bigStrings(minIndexedStrings*2, minIndexedStrings*2)
	if v.StringIndex() != nil || v.StringIndex() != nil {
		t.Error("a vector of distinct strings got an encoding")
	}
	sym := NewVector(SYMBOL, minIndexedStrings)
	if sym.StringIndex() != nil {
		t.Error("a SYMBOL vector got a string encoding")
	}
}
