package dfs

import "testing"

func TestMatchPath(t *testing.T) {
	for _, c := range []struct {
		p, s string
		ok   bool
	}{
		{"/db/%", "/db/1", true}, {"/db%", "/db/1/Key2", true}, {"/db/%", "/dbx/1", false},
		{"/db/?", "/db/1", true}, {"/db/?", "/db/10", false}, {"/db/1*", "/db/10", true},
		{"*", "", true}, {"/db/%/Key1", "/db/20230108/Key1", true}, {"/db/%/Key1", "/db/20230108/Key12", false},
		{"/db/1", "/db/1", true}, {"/db/1", "/db/12", false}, {"%a%b", "xxaybzb", true},
	} {
		if got := matchPath(c.p, c.s); got != c.ok {
			t.Errorf("matchPath(%q, %q) = %v", c.p, c.s, got)
		}
	}
}
