package tests

import (
	"path/filepath"
	"strings"
	"testing"
)

// maprInit is an init script with a defg function and its mapr statement
// (docs.dolphindb.cn mapr: "add the mapr statement and its functions to
// the init script"). parts gives 0 when it runs itself; through its mapr
// on a DFS table, the group's count in each partition as digits.
const maprInit = `
defg parts(x) : 0
defg digits(counts) : long(sum(counts * pow(10, reverse(0..(size(counts) - 1)))))
mapr parts(x){count(x) -> digits; copy -> cumsum}
`

const maprQuery = `
db = database("dfs://maprBoot", VALUE, 2023.01.01..2023.01.03)
t = table(2023.01.01 2023.01.01 2023.01.02 2023.01.03 2023.01.03 as d, ` + "`A`B`A`A`A" + ` as s, 1 2 3 4 5 as x)
pt = db.createPartitionedTable(t, "pt", "d")
pt.append!(t)
r = select parts(x) as p from pt group by s
c = select parts(x) as p from t cgroup by d order by d
string(r.p) join string(c.p)
`

// TestMaprInitScript: the init script's functions and their mapr
// definitions are the node's, so a -run script and every -test case (each
// in a fresh session) use them without defining them.
func TestMaprInitScript(t *testing.T) {
	home := t.TempDir()
	writeFile(t, filepath.Join(home, "init.dos"), maprInit)
	writeFile(t, filepath.Join(home, "q.dos"), maprQuery)
	r := run(t, home, "", "-home", home, "-init", "init.dos", "-newValuePartitionPolicy", "add", "-run", "q.dos")
	if want := `["112","1","2","3","5"]`; r.code != 0 || strings.TrimSpace(r.stdout) != want {
		t.Errorf("-run with the init script: exit %d, stdout %q, stderr %q; want %s", r.code, r.stdout, r.stderr, want)
	}
	writeFile(t, filepath.Join(home, "suite", "a.dos"), `@testing: case = "one"
t = table(1 1 2 as k, 1 2 3 as x)
r = select parts(x) as p from t group by k
assert 1, eqObj(r.p, [0, 0])

@testing: case = "two"
t = table(1 1 2 as k, 1 2 3 as x)
r = select parts(x) as p from t cgroup by k order by k
assert 1, eqObj(r.p, 2 3)
`)
	r = run(t, home, "", "-home", home, "-init", "init.dos", "-test", "suite")
	if r.code != 0 || !strings.HasSuffix(r.stdout, "2 passed, 0 failed\n") {
		t.Errorf("-test with the init script: exit %d, stdout:\n%s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	// Without the init script the functions are unknown.
	home = t.TempDir()
	writeFile(t, filepath.Join(home, "q.dos"), maprQuery)
	r = run(t, home, "", "-home", home, "-newValuePartitionPolicy", "add", "-run", "q.dos")
	if r.code != 1 || !strings.Contains(r.stderr, "parts") {
		t.Errorf("-run without the init script: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
