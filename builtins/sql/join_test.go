package sql

import (
	"math/rand/v2"
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

// randKeyTable returns n rows of two key columns (k1 of type kt with nulls,
// k2 SYMBOL) drawn from small domains, so that keys repeat on both sides,
// and a row number column named rowName.
func randKeyTable(rnd *rand.Rand, n int, kt value.Type, rowName string) *value.Table {
	k1 := value.NewVector(kt, n)
	syms := make([]string, n)
	row := value.NewVector(value.INT, n)
	for i := range n {
		x := int64(rnd.IntN(6))
		null := rnd.IntN(8) == 0
		switch kt {
		case value.INT:
			k1.Ints()[i] = int32(x)
			if null {
				k1.Ints()[i] = value.NullInt
			}
		case value.LONG:
			k1.Longs()[i] = x
			if null {
				k1.Longs()[i] = value.NullLong
			}
		case value.DOUBLE:
			k1.Doubles()[i] = float64(x)
			if null {
				k1.Doubles()[i] = value.NullDouble
			}
		}
		syms[i] = []string{"a", "b", ""}[rnd.IntN(3)]
		row.Ints()[i] = int32(i)
	}
	t, _ := value.NewTable([]string{"k1", "k2", rowName}, []value.Value{k1, symVec(syms), row})
	return t
}

// symVec builds a SYMBOL vector ("" is the null symbol).
func symVec(strs []string) *value.Vector {
	v := value.NewVector(value.SYMBOL, len(strs))
	for i, s := range strs {
		v.Ints()[i] = v.Symbols().Code(s)
	}
	return v
}

// keyOf reads row i's keys as comparable values (ok false when null).
func keyOf(t *value.Table, i int) (float64, string, bool) {
	k1, k2 := t.Col("k1"), t.Col("k2")
	if k1.IsNullAt(i) || k2.IsNullAt(i) {
		return 0, "", false
	}
	f, _ := value.ToFloat64(k1.Get(i))
	return f, k2.Get(i).String(), true
}

// TestEquiJoinsMatchNestedLoops checks ej, lj, lsj and fj on random keys
// (nulls, duplicates, INT against LONG and DOUBLE) against the nested loop
// definition: pairs of equal non-null keys, left rows in order with their
// matches in right order, unmatched rows where each join puts them.
func TestEquiJoinsMatchNestedLoops(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	for iter := range 200 {
		lt := []value.Type{value.INT, value.LONG}[iter%2]
		rt := []value.Type{value.INT, value.LONG, value.DOUBLE}[iter%3]
		l := randKeyTable(rnd, rnd.IntN(30), lt, "lrow")
		r := randKeyTable(rnd, rnd.IntN(30), rt, "rrow")
		keys := value.MakeVector([]value.Value{value.String("k1"), value.String("k2")})
		for _, kind := range []joinKind{joinInner, joinLeft, joinLeftSemi, joinFull} {
			var wantL, wantR []int32
			matched := make([]bool, r.Rows())
			for i := range l.Rows() {
				a1, a2, ok := keyOf(l, i)
				found := false
				for j := range r.Rows() {
					b1, b2, ok2 := keyOf(r, j)
					if ok && ok2 && a1 == b1 && a2 == b2 {
						if kind == joinLeftSemi && found {
							continue
						}
						wantL, wantR = append(wantL, int32(i)), append(wantR, int32(j))
						found, matched[j] = true, true
					}
				}
				if !found && kind != joinInner {
					wantL, wantR = append(wantL, int32(i)), append(wantR, value.NullInt)
				}
			}
			if kind == joinFull {
				for j, m := range matched {
					if !m {
						wantL, wantR = append(wantL, value.NullInt), append(wantR, int32(j))
					}
				}
			}
			v, err := joinTables(kind, false, []value.Value{l, r, keys}, []string{"l", "r"})
			if err != nil {
				t.Fatal(err)
			}
			got := v.(*value.Table)
			gl, gr := got.Col("lrow"), got.Col("rrow")
			if gl.Len() != len(wantL) {
				t.Fatalf("iter %d kind %d: %d rows, want %d", iter, kind, gl.Len(), len(wantL))
			}
			for i := range wantL {
				if gl.Ints()[i] != wantL[i] || gr.Ints()[i] != wantR[i] {
					t.Fatalf("iter %d kind %d row %d: (%d, %d), want (%d, %d)", iter, kind, i, gl.Ints()[i], gr.Ints()[i], wantL[i], wantR[i])
				}
			}
		}
	}
}

// TestAsofJoinMatchesScan checks aj on random groups and times (nulls,
// equal times, left rows out of order) against a scan for the last right
// row of the group at or before each left time.
func TestAsofJoinMatchesScan(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 14))
	mk := func(n int, rowName string, sorted bool) *value.Table {
		syms := make([]string, n)
		ts := value.NewVector(value.TIMESTAMP, n)
		row := value.NewVector(value.INT, n)
		cur := int64(0)
		for i := range n {
			syms[i] = []string{"A", "B", "C", ""}[rnd.IntN(4)]
			if sorted {
				cur += int64(rnd.IntN(3))
				ts.Longs()[i] = cur
			} else {
				ts.Longs()[i] = int64(rnd.IntN(40))
			}
			if rnd.IntN(10) == 0 {
				ts.Longs()[i] = value.NullLong
			}
			row.Ints()[i] = int32(i)
		}
		tb, _ := value.NewTable([]string{"sym", "time", rowName}, []value.Value{symVec(syms), ts, row})
		return tb
	}
	for iter := range 300 {
		l := mk(rnd.IntN(40), "lrow", iter%2 == 0)
		r := mk(rnd.IntN(40), "rrow", iter%3 != 0)
		keys := value.MakeVector([]value.Value{value.String("sym"), value.String("time")})
		v, err := ajTables([]value.Value{l, r, keys}, []string{"l", "r"})
		if err != nil {
			t.Fatal(err)
		}
		got := v.(*value.Table).Col("rrow")
		for i := range l.Rows() {
			want := value.NullInt
			s, ti := l.Col("sym").Get(i).String(), l.Col("time").Longs()[i]
			best := int64(0)
			for j := range r.Rows() {
				rs, rtj := r.Col("sym").Get(j).String(), r.Col("time").Longs()[j]
				if s == "" || rs != s || ti == value.NullLong || rtj == value.NullLong || rtj > ti {
					continue
				}
				// The last row of the greatest time at or before ti, in
				// right-table order among equal times.
				if want == value.NullInt || rtj >= best {
					want, best = int32(j), rtj
				}
			}
			if got.Ints()[i] != want {
				t.Fatalf("iter %d left row %d: right row %d, want %d", iter, i, got.Ints()[i], want)
			}
		}
	}
}
