package sql

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

// maprDefs are the manual's UDAFs with their mapr statements
// (docs.dolphindb.cn mapr, tutorial udaf), a mean and a two-argument one.
const maprDefs = `
defg harmonicMean(x){
	return x.reciprocal().avg().reciprocal()
}
def reciprocalAvg(x) : reciprocal(x).avg()
defg harmonicMeanReduce(reciprocalAvgs, counts) : wavg(reciprocalAvgs, counts).reciprocal()
mapr harmonicMean(x){reciprocalAvg(x), count(x) -> harmonicMeanReduce}

defg geometricMean(x){
	return x.log().avg().exp()
}
def logAvg(x) : log(x).avg()
defg geometricMeanReduce(logAvgs, counts) : wavg(logAvgs, counts).exp()
def geometricMeanRunning(logAvgs, counts) : cumwavg(logAvgs, counts).exp()
mapr geometricMean(x){logAvg(x), count(x) -> geometricMeanReduce; copy, copy -> geometricMeanRunning}

defg myMean(x) : sum(x) \ count(x)
defg myMeanReduce(sums, counts) : sum(sums) \ sum(counts)
mapr myMean(x){sum(x), count(x) -> myMeanReduce}

defg tval(x, w){
	wavgX = wavg(x, w)
	wavgX2 = wavg(x*x, w)
	return wavgX/sqrt(wavgX2 - wavgX.square())
}
def wsum2(x, w): wsum(x*x, w)
defg tvalReduce(wsumX, wsumX2, w){
	wavgX = wsumX.sum() \ w.sum()
	wavgX2 = wsumX2.sum() \ w.sum()
	return wavgX/sqrt(wavgX2 - wavgX.square())
}
def tvalRunning(wsumX, wsumX2, w){
	wavgX = wsumX \ w
	wavgX2 = wsumX2 \ w
	return wavgX/sqrt(wavgX2 - wavgX.square())
}
mapr tval(x, w){wsum(x, w), wsum2(x, w), contextSum(w, x) -> tvalReduce; cumsum, cumsum, cumsum -> tvalRunning}
`

const maprAggs = "harmonicMean(x + 1) as h, geometricMean(x + 1) as g, myMean(v) as mv, tval(x, w) as tv, count(*) as n"

// maprQueries: as mrQueriesUnderTest, with UDAFs merged through mapr.
var maprQueries = []struct {
	q    string
	pins string
}{
	{"select " + maprAggs + " from T group by sym", "HASH LIST"},
	{"select " + maprAggs + " from T group by id", "RANGE"},
	{"select " + maprAggs + " from T group by date(ts) as d, id", "VALUE RANGE COMPO"},
	{"select " + maprAggs + " from T", ""},
	{"select harmonicMean(x + 1) * 2 + sum(v) as e, max(x) from T where v > 0 group by sym, id % 3 as k", "HASH LIST"},
	{"select myMean(x) as m from T group by sym having myMean(x) > 4 order by m desc", "HASH LIST"},
	{"exec geometricMean(x + 1) from T where sym = `B", ""},
	{"select tval(x, w) from T group by v", ""},
}

// TestMaprMatchesMemory runs queries with mapr UDAFs on each partitioned
// table and on the same rows in memory: the merge plan (or the pinned one)
// runs and gives the in-memory values up to float rounding.
func TestMaprMatchesMemory(t *testing.T) {
	for _, workers := range []int{1, 3} {
		for _, sc := range mrSchemes {
			t.Run(fmt.Sprintf("%s/%d", sc.name, workers), func(t *testing.T) {
				s := dfsSession(t, workers)
				if _, err := s.Run("data", []byte(maprDefs+mrData+sc.create+"\nm = select * from pt\n")); err != nil {
					t.Fatal(err)
				}
				for _, c := range maprQueries {
					want := mrMerge
					if strings.Contains(" "+c.pins+" ", " "+sc.name+" ") {
						want = mrPinned
					}
					got, exp, ran := runBothWays(t, s, c.q)
					if ran != int(want) {
						t.Errorf("%s: plan %d, want %d", c.q, ran, want)
					}
					if d := closeValue(got, exp); d != "" {
						t.Errorf("%s: %s\nDFS:\n%v\nmemory:\n%v", c.q, d, got, exp)
					}
				}
			})
		}
	}
}

// closeValue is sameValue with DOUBLE values compared to 1e-9 relative.
func closeValue(a, b value.Value) string {
	ta, ok1 := a.(*value.Table)
	tb, ok2 := b.(*value.Table)
	if !ok1 || !ok2 {
		va, ok1 := a.(*value.Vector)
		vb, ok2 := b.(*value.Vector)
		if ok1 && ok2 {
			return closeVector(va, vb)
		}
		if x, y, ok := scalarDoubles(a, b); ok && closeFloat(x, y) {
			return ""
		}
		return sameValue(a, b)
	}
	if fmt.Sprint(ta.Names()) != fmt.Sprint(tb.Names()) {
		return fmt.Sprintf("columns %v vs %v", ta.Names(), tb.Names())
	}
	for j := range ta.NumCols() {
		if d := closeVector(ta.Column(j), tb.Column(j)); d != "" {
			return ta.Names()[j] + ": " + d
		}
	}
	return ""
}

func scalarDoubles(a, b value.Value) (float64, float64, bool) {
	if a.Type() != value.DOUBLE || b.Type() != value.DOUBLE || a.Form() != value.SCALAR || b.Form() != value.SCALAR {
		return 0, 0, false
	}
	va := value.NewVector(value.DOUBLE, 0)
	vb := value.NewVector(value.DOUBLE, 0)
	if va.Append(a) != nil || vb.Append(b) != nil {
		return 0, 0, false
	}
	return va.Doubles()[0], vb.Doubles()[0], true
}

func closeVector(a, b *value.Vector) string {
	if a.Type() != value.DOUBLE || b.Type() != value.DOUBLE || a.Len() != b.Len() {
		return sameVector(a, b)
	}
	for i := range a.Len() {
		if a.IsNullAt(i) != b.IsNullAt(i) || !a.IsNullAt(i) && !closeFloat(a.Doubles()[i], b.Doubles()[i]) {
			return fmt.Sprintf("row %d: %v vs %v", i, a.Get(i), b.Get(i))
		}
	}
	return ""
}

func closeFloat(x, y float64) bool {
	if x == y || math.IsNaN(x) && math.IsNaN(y) {
		return true
	}
	return math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y))
}
