package sql

import (
	"math/rand/v2"
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

// joinBenchTables returns a left table of n rows (id INT in [0, keys),
// sym SYMBOL, price DOUBLE) and a right table of keys rows (id 0..keys-1
// shuffled, qty INT, name STRING): the shape of a fact table joined with a
// dimension table.
func joinBenchTables(n, keys int) (l, r *value.Table) {
	rnd := rand.New(rand.NewPCG(3, 4))
	lid := value.NewVector(value.INT, n)
	price := value.NewVector(value.DOUBLE, n)
	ids, ps := lid.Ints(), price.Doubles()
	for i := range n {
		ids[i] = int32(rnd.IntN(keys))
		ps[i] = rnd.Float64() * 100
	}
	rid := value.NewVector(value.INT, keys)
	qty := value.NewVector(value.INT, keys)
	rids, qs := rid.Ints(), qty.Ints()
	for i, p := range rnd.Perm(keys) {
		rids[i] = int32(p)
		qs[i] = int32(i)
	}
	names := make([]value.Value, keys)
	for i := range names {
		names[i] = value.String("n" + string(rune('a'+i%26)))
	}
	l, _ = value.NewTable([]string{"id", "price"}, []value.Value{lid, price})
	r, _ = value.NewTable([]string{"id", "qty", "name"}, []value.Value{rid, qty, value.MakeVector(names)})
	return l, r
}

// BenchmarkEj1Mx10k is ej(l, r, `id) of 1 M left rows on 10 k right keys.
func BenchmarkEj1Mx10k(b *testing.B) {
	l, r := joinBenchTables(1_000_000, 10_000)
	args := []value.Value{l, r, value.String("id")}
	for b.Loop() {
		v, err := joinTables(joinInner, false, args, []string{"l", "r"})
		if err != nil || v.(*value.Table).Rows() != 1_000_000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkLj1Mx10k is lj(l, r, `id) of 1 M left rows on 10 k right keys.
func BenchmarkLj1Mx10k(b *testing.B) {
	l, r := joinBenchTables(1_000_000, 10_000)
	args := []value.Value{l, r, value.String("id")}
	for b.Loop() {
		v, err := joinTables(joinLeft, false, args, []string{"l", "r"})
		if err != nil || v.(*value.Table).Rows() != 1_000_000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkLjSymbolString1Mx10k joins a SYMBOL key with a STRING key.
func BenchmarkLjSymbolString1Mx10k(b *testing.B) {
	const n, keys = 1_000_000, 10_000
	rnd := rand.New(rand.NewPCG(5, 6))
	syms := make([]value.Value, n)
	for i := range syms {
		syms[i] = value.Symbol(symName(rnd.IntN(keys)))
	}
	strs := make([]value.Value, keys)
	for i := range strs {
		strs[i] = value.String(symName(i))
	}
	l, _ := value.NewTable([]string{"k"}, []value.Value{value.MakeVector(syms)})
	r, _ := value.NewTable([]string{"k", "v"}, []value.Value{value.MakeVector(strs), value.NewVector(value.INT, keys)})
	args := []value.Value{l, r, value.String("k")}
	for b.Loop() {
		if _, err := joinTables(joinLeft, false, args, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func symName(i int) string {
	b := []byte("S0000")
	for k := 4; k > 0; k-- {
		b[k] = byte('0' + i%10)
		i /= 10
	}
	return string(b)
}

// asofBenchTables returns quotes and trades of 1 M rows each over 100
// symbols, both sorted by time (TIMESTAMP).
func asofBenchTables(n int) (trades, quotes *value.Table) {
	rnd := rand.New(rand.NewPCG(7, 8))
	mk := func(step int64) *value.Table {
		syms := make([]value.Value, n)
		ts := value.NewVector(value.TIMESTAMP, n)
		px := value.NewVector(value.DOUBLE, n)
		t := int64(1_700_000_000_000)
		for i := range n {
			syms[i] = value.Symbol(symName(rnd.IntN(100)))
			t += 1 + rnd.Int64N(step)
			ts.Longs()[i] = t
			px.Doubles()[i] = rnd.Float64()
		}
		tb, _ := value.NewTable([]string{"sym", "time", "price"}, []value.Value{value.MakeVector(syms), ts, px})
		return tb
	}
	return mk(10), mk(10)
}

// BenchmarkAj1M is aj(trades, quotes, `sym`time) on 1 M rows each.
func BenchmarkAj1M(b *testing.B) {
	trades, quotes := asofBenchTables(1_000_000)
	args := []value.Value{trades, quotes, value.MakeVector([]value.Value{value.String("sym"), value.String("time")})}
	for b.Loop() {
		v, err := ajTables(args, []string{"trades", "quotes"})
		if err != nil || v.(*value.Table).Rows() != 1_000_000 {
			b.Fatal(err)
		}
	}
}
