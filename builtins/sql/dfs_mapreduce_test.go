package sql

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/dfs"
	"github.com/porpoisedb/porpoise/vm"
	"github.com/porpoisedb/porpoise/vm/value"
)

// dfsSession opens a storage in a temporary home and a session whose
// universe has the engine and the storage's functions.
func dfsSession(t testing.TB, executors int) *vm.Session {
	t.Helper()
	st, err := dfs.Open(dfs.Config{Home: t.TempDir(), NewValuePartitionPolicy: "add", Logger: zerolog.Nop(), NoSync: true, LocalExecutors: executors})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	u := builtins.Universe()
	AddTo(u)
	for n, f := range dfs.Functions(st, u) {
		u[n] = f
	}
	var out bytes.Buffer
	return vm.NewSession(vm.Options{Universe: u, Out: &out})
}

// mrData is the table every scheme stores: five days of half-hour rows,
// nulls in every column but ts, and values (quarters) whose sums and
// squares are exact, so that results compare bit for bit whatever the
// order of the additions.
const mrData = `
n = 240
i = 0..(n-1)
ts = 2023.01.01T00:00:00 + i * 1800
sym = symbol(iif(i % 11 == 4, "", string(take(["A","B","C","D","E"], n))))
id = iif(i % 13 == 5, int(NULL), i % 40)
x = iif(i % 7 == 3, double(NULL), (i % 37) / 4.0)
v = iif(i % 5 == 1, int(NULL), i % 11 - 3)
w = iif(i % 9 == 2, long(NULL), long(i % 6))
sh = short(iif(i % 17 == 0, int(NULL), i % 9))
s = iif(i % 10 == 0, "", "s" + string(i % 4))
t = table(ts, sym, id, x, v, w, sh, s)
`

// mrSchemes creates pt in one database per partition type.
var mrSchemes = []struct{ name, create string }{
	{"VALUE", `db = database("dfs://mrValue", VALUE, 2023.01.01..2023.01.06)
pt = db.createPartitionedTable(t, "pt", "ts")
pt.append!(t)
delete from pt where date(ts) = 2023.01.03`},
	{"RANGE", `db = database("dfs://mrRange", RANGE, 0 10 20 30 40 50 60)
pt = db.createPartitionedTable(t, "pt", "id")
pt.append!(t)`},
	{"HASH", `db = database("dfs://mrHash", HASH, [SYMBOL, 3])
pt = db.createPartitionedTable(t, "pt", "sym")
pt.append!(t)`},
	{"LIST", "db = database(\"dfs://mrList\", LIST, [`A`B, `C, `D`E`F])\npt = db.createPartitionedTable(t, \"pt\", \"sym\")\npt.append!(t)"},
	{"COMPO", `db1 = database("", VALUE, 2023.01.01..2023.01.06)
db2 = database("", RANGE, 0 20 40 60)
db = database("dfs://mrCompo", COMPO, [db1, db2])
pt = db.createPartitionedTable(t, "pt", ["ts", "id"])
pt.append!(t)`},
}

const allAggs = "count(*) as cs, count(x), count(s), sum(x), sum(v), sum(sh), avg(x), avg(v), std(x), var(v), stdp(x), varp(w), min(x), max(v), min(ts), max(sh), first(x), last(s), first(sym), last(v), wavg(x, w), wsum(v, w), wavg(x, v)"

// mrQueriesUnderTest: T is the table. pins lists the schemes whose
// partitions the keys determine (the pinned plan); merge says that the
// other schemes merge partials, else they concatenate.
var mrQueriesUnderTest = []struct {
	q     string
	pins  string
	merge bool
}{
	{"select " + allAggs + " from T group by sym", "HASH LIST", true},
	{"select " + allAggs + " from T group by date(ts) as d, sym", "VALUE HASH LIST", true},
	{"select " + allAggs + " from T group by id", "RANGE", true},
	{"select " + allAggs + " from T group by date(ts) as d, id", "VALUE RANGE COMPO", true},
	{"select " + allAggs + " from T", "", true},
	{"select count(*), sum(x), first(x), last(x), min(v) from T where x > 1000", "", true},
	{"select first(x), last(s), count(*) from T where v > 100", "", true},
	{"exec count(*) from T where date(ts) = 2023.01.02", "", true},
	{"exec sum(x) from T where sym = `B", "", true},
	{"select sum(x) as sx, count(*) as n from T group by sym, v % 3 as k having count(*) > 2 order by sx desc, sym, k limit 5", "HASH LIST", true},
	{"select sum(x) * 2 + count(v) as e, max(x) - min(x) as rng from T where sym in `A`C`E group by sym", "HASH LIST", true},
	{"select med(x), count(*) from T group by sym", "HASH LIST", false},
	{"select med(x) as mx, percentile(v, 50) as pv from T group by date(ts) as d", "VALUE", false},
	{"select sum(x) from T where x > avg(x) group by sym", "", false},
	{"select top 3 sum(x) from T group by sym, id", "RANGE HASH LIST", true},
	{"exec sum(x) from T group by sym", "HASH LIST", true},
	{"select sym, count(*) from T group by sym", "HASH LIST", true},
	{"select max(sym) as ms from T group by date(ts)", "VALUE", false},
	{"select count(*) from T where x > 1e9 group by sym", "HASH LIST", true},
	{"select sum(x), last(w) from T where date(ts) between 2023.01.02 and 2023.01.04 group by sym", "HASH LIST", true},
	{"select count(*) as n, first(ts) from T group by bar(id, 7) as b", "", true},
	{"select avg(x), sum(v) from T group by sym, ts", "VALUE HASH LIST", true},
	{"select sum(x), med(v) from T group by date(ts) as d, id order by d desc, id", "VALUE RANGE COMPO", false},
	{"select count(*) from T group by sym order by count desc, sym", "HASH LIST", true},
	{"select sum(x) from T group by date(ts) as d, sym having sum(x) > 5", "VALUE HASH LIST", true},
	{"select last(x) from T where deltas(v) > 0 group by sym", "", false},
}

// TestMapReduceMatchesMemory runs every query on each partitioned table
// and on the same rows as an in-memory table, and checks that the results
// are identical (names, types, values, row order) and that the expected
// plan ran.
func TestMapReduceMatchesMemory(t *testing.T) {
	for _, workers := range []int{1, 3} {
		for _, sc := range mrSchemes {
			t.Run(fmt.Sprintf("%s/%d", sc.name, workers), func(t *testing.T) {
				s := dfsSession(t, workers)
				if _, err := s.Run("data", []byte(mrData+sc.create+"\nm = select * from pt\n")); err != nil {
					t.Fatal(err)
				}
				for _, c := range mrQueriesUnderTest {
					want := mrNone
					if c.merge {
						want = mrMerge
					}
					if strings.Contains(" "+c.pins+" ", " "+sc.name+" ") {
						want = mrPinned
					}
					got, exp, ran := runBothWays(t, s, c.q)
					if ran != int(want) {
						t.Errorf("%s: plan %d, want %d", c.q, ran, want)
					}
					if d := sameValue(got, exp); d != "" {
						t.Errorf("%s: %s\nDFS:\n%v\nmemory:\n%v", c.q, d, got, exp)
					}
				}
			})
		}
	}
}

// runBothWays runs query q (T naming the table) on the DFS table pt and
// on its in-memory copy m, and reports which plan the DFS query ran
// (-1: the concatenating path).
func runBothWays(t *testing.T, s *vm.Session, q string) (got, exp value.Value, plan int) {
	t.Helper()
	before := [3]int64{mrQueries[0].Load(), mrQueries[1].Load(), mrQueries[2].Load()}
	got, err := s.Run("dfs", []byte(strings.ReplaceAll(q, "T", "pt")))
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	plan = -1
	for m := range before {
		if mrQueries[m].Load() != before[m] {
			plan = m
		}
	}
	exp, err = s.Run("mem", []byte(strings.ReplaceAll(q, "T", "m")))
	if err != nil {
		t.Fatalf("%s on memory: %v", q, err)
	}
	return got, exp, plan
}

// sameValue describes the first difference between two query results.
func sameValue(a, b value.Value) string {
	if a.Form() != b.Form() || a.Type() != b.Type() {
		return fmt.Sprintf("%s vs %s", value.TypeStr(a), value.TypeStr(b))
	}
	switch x := a.(type) {
	case *value.Table:
		y := b.(*value.Table)
		if fmt.Sprint(x.Names()) != fmt.Sprint(y.Names()) {
			return fmt.Sprintf("columns %v vs %v", x.Names(), y.Names())
		}
		for j := range x.NumCols() {
			if d := sameVector(x.Column(j), y.Column(j)); d != "" {
				return x.Names()[j] + ": " + d
			}
		}
		return ""
	case *value.Vector:
		return sameVector(x, b.(*value.Vector))
	}
	if a.String() != b.String() {
		return a.String() + " vs " + b.String()
	}
	return ""
}

func sameVector(a, b *value.Vector) string {
	if a.Type() != b.Type() || a.Len() != b.Len() {
		return fmt.Sprintf("%s[%d] vs %s[%d]", a.Type(), a.Len(), b.Type(), b.Len())
	}
	for i := range a.Len() {
		same := a.IsNullAt(i) == b.IsNullAt(i)
		switch a.Type() {
		case value.DOUBLE:
			same = same && math.Float64bits(a.Doubles()[i]) == math.Float64bits(b.Doubles()[i])
		case value.FLOAT:
			same = same && math.Float32bits(a.Floats()[i]) == math.Float32bits(b.Floats()[i])
		default:
			same = same && a.Get(i).String() == b.Get(i).String()
		}
		if !same {
			return fmt.Sprintf("row %d: %v vs %v", i, a.Get(i), b.Get(i))
		}
	}
	return ""
}
