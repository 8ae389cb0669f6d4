package dfs

import (
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

// A shared read of a cached SYMBOL column shares the codes but not the
// base: a symbol one reader adds must not appear in another's base or in
// the cache's.
func TestCacheSharedSymbolReadsOwnBase(t *testing.T) {
	c := newColCache(1 << 20)
	src := value.NewSymbolVector([]string{"a", "b", "a"})
	k := colKey{"/p/seg", 0}
	c.put(k, src)
	r1, ok1 := c.get(k, nil, true)
	r2, ok2 := c.get(k, nil, true)
	if !ok1 || !ok2 {
		t.Fatal("cached column not found")
	}
	if r1.Symbols() == r2.Symbols() {
		t.Fatal("two shared reads got one symbol base")
	}
	r1.Symbols().Code("zzz")
	if _, found := r2.Symbols().Lookup("zzz"); found {
		t.Error("a symbol added by one reader shows in another's base")
	}
	r3, _ := c.get(k, nil, false)
	if _, found := r3.Symbols().Lookup("zzz"); found {
		t.Error("a symbol added by a reader shows in the cache")
	}
	for i, want := range []string{"a", "b", "a"} {
		if got := r2.Get(i).String(); got != want {
			t.Errorf("row %d reads %q, want %q", i, got, want)
		}
	}
}
