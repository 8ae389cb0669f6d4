// This file groups rows: each key column becomes dense int32 codes (SYMBOL
// codes as they are, small integer ranges by offset, anything else through
// a first-seen hash table), several keys combine into one code, and every
// selected row gets a slot. Slot statistics (rows, first and last row) are
// computed as partials over morsels and merged.

package sql

import (
	"math"

	"github.com/porpoisedb/porpoise/vm/value"
)

// grouping is the slot of each selected row and the present slots.
type grouping struct {
	ids    []int32    // slot of each selected row; nil while dense computes them
	dense  []denseKey // direct encoding, when ids is nil
	n      int        // selected rows
	nslots int
	keys   []key   // key values aligned with the selection
	slots  []int32 // present slots, in output order
	count  []int64 // rows per slot
	first  []int32 // first selected row of each slot
	last   []int32 // last selected row of each slot
	offs   []int32 // rows of group g: rows[offs[g]:offs[g+1]] (by need)
	rows   []int32
}

// maxDense bounds the slot count of the direct (array-indexed) paths.
func maxDense(n int) int { return n + 1<<16 }

// key is a group-by key over the selected rows: the vector v, or, when
// div > 0, floor(v / div) as type typ (date(DateTime) is DateTime / 86400).
type key struct {
	v   *value.Vector
	div int64
	typ value.Type
}

func vecKeys(vs []*value.Vector) []key {
	out := make([]key, len(vs))
	for i, v := range vs {
		out[i] = key{v: v}
	}
	return out
}

// values materialises a derived key.
func (k key) values() *value.Vector {
	if k.div == 0 {
		return k.v
	}
	res := make([]int32, k.v.Len())
	if k.v.Type().Width() == 4 {
		xs := k.v.Ints()
		morsels(len(xs), func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				res[i] = int32(floorDiv64(int64(xs[i]), int64(value.NullInt), k.div))
			}
		})
	} else {
		xs := k.v.Longs()
		morsels(len(xs), func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				res[i] = int32(floorDiv64(xs[i], value.NullLong, k.div))
			}
		})
	}
	return value.NewInt32Vector(k.typ, res)
}

// floorDiv64 divides rounding down; null stays null (as INT's null).
func floorDiv64(x, null, div int64) int64 {
	if x == null {
		return int64(value.NullInt)
	}
	q := x / div
	if x%div < 0 {
		q--
	}
	return q
}

type keyCodes struct {
	codes []int32
	card  int
}

// newGrouping groups n rows by the keys and computes the slot statistics.
func newGrouping(keys []key, n int) *grouping {
	g := slotsOf(keys, n)
	g.run(nil)
	return g
}

// slotsOf assigns slots to n rows by the keys, without a pass over the
// rows yet (run makes it).
func slotsOf(keys []key, n int) *grouping {
	g := &grouping{keys: keys, n: n}
	if len(keys) == 0 {
		g.ids, g.nslots = make([]int32, n), 1
	} else if dks, card, ok := denseKeys(keys, n); ok {
		g.dense, g.nslots = dks, card
		switch {
		case len(dks) == 1 && dks[0].codes != nil:
			g.ids = dks[0].codes
		case len(dks) == 1 && dks[0].sym:
			g.ids = keys[0].v.Ints()
		}
	} else {
		kc := hashed(keys, n)
		g.ids, g.nslots = kc.codes, kc.card
	}
	return g
}

// run makes one pass over the rows in morsels: each chunk's slots are
// computed once, then the slot statistics (rows, first and last row) and
// every kernel's partial are updated. It fills g.slots and returns the
// partials of each kernel, in row order.
func (g *grouping) run(ks []kernel) [][]kpart {
	type part struct {
		count       []int64
		first, last []int32
		kp          []kpart
	}
	parts := make([]part, 8)
	np := morsels(g.n, func(k, lo, hi int) {
		p := part{count: make([]int64, g.nslots), first: make([]int32, g.nslots), last: make([]int32, g.nslots)}
		for _, kr := range ks {
			p.kp = append(p.kp, kr.part(g.nslots))
		}
		var bounds []int32
		g.each(lo, hi, func(ids []int32, a int) {
			count, first, last := p.count, p.first, p.last
			if bounds = runs(ids, bounds[:0]); bounds != nil {
				// Sorted data: whole runs of one slot at a time.
				for r := 0; r+1 < len(bounds); r++ {
					i, j := bounds[r], bounds[r+1]
					s := ids[i]
					if count[s] == 0 {
						first[s] = int32(a) + i
					}
					count[s] += int64(j - i)
					last[s] = int32(a) + j - 1
				}
				for _, x := range p.kp {
					if rk, ok := x.(runAdder); ok {
						rk.addRuns(ids, a, bounds)
					} else {
						x.add(ids, a)
					}
				}
				return
			}
			for i, s := range ids {
				if count[s] == 0 {
					first[s] = int32(a + i)
				}
				count[s]++
				last[s] = int32(a + i)
			}
			for _, x := range p.kp {
				x.add(ids, a)
			}
		})
		parts[k] = p
	})
	out := make([][]kpart, len(ks))
	for i := range ks {
		for _, p := range parts[:np] {
			out[i] = append(out[i], p.kp[i])
		}
	}
	if g.count != nil {
		return out // statistics known; keep the slot order
	}
	if g.fixRanges() {
		return g.run(ks)
	}
	acc := parts[0]
	for _, p := range parts[1:np] {
		for s, c := range p.count {
			if c == 0 {
				continue
			}
			if acc.count[s] == 0 {
				acc.first[s] = p.first[s]
			}
			acc.count[s] += c
			acc.last[s] = p.last[s]
		}
	}
	g.count, g.first, g.last = acc.count, acc.first, acc.last
	g.slots = nil
	if g.n == 0 && len(g.keys) == 0 {
		g.slots = []int32{0} // an aggregate over no rows still gives one row
	} else {
		for s, c := range g.count {
			if c > 0 {
				g.slots = append(g.slots, int32(s))
			}
		}
	}
	return out
}

// fixRanges reports a value outside an estimated key range seen by the
// last pass; it then makes the ranges exact (or falls back to hashing) so
// that the pass can be redone.
func (g *grouping) fixRanges() bool {
	bad := false
	for _, d := range g.dense {
		if d.guess && d.bad.Load() {
			bad = true
		}
	}
	if !bad {
		for i := range g.dense {
			g.dense[i].guess = false
		}
		return false
	}
	prod := int64(1)
	for i := range g.dense {
		if g.dense[i].guess {
			g.dense[i].exact()
		}
		prod *= g.dense[i].card
	}
	if prod > int64(maxDense(g.n)) {
		h := hashed(g.keys, g.n)
		g.dense, g.ids, g.nslots = nil, h.codes, h.card
	} else {
		g.nslots = int(prod)
	}
	return true
}

// hashed numbers the key combinations through hash tables.
func hashed(keys []key, n int) keyCodes {
	kc := encodeKey(keys[0].values(), n)
	for _, k := range keys[1:] {
		kc = combine(kc, encodeKey(k.values(), n), n)
	}
	return kc
}

// runs returns the starts of the runs of equal slots in ids followed by
// len(ids), or nil when runs are too short to pay (fewer than 16 rows on
// average).
func runs(ids []int32, buf []int32) []int32 {
	if len(ids) == 0 {
		return nil
	}
	buf = append(buf, 0)
	limit := len(ids) / 16
	prev := ids[0]
	for i, s := range ids {
		if s != prev {
			buf = append(buf, int32(i))
			if len(buf) > limit {
				return nil
			}
			prev = s
		}
	}
	return append(buf, int32(len(ids)))
}

// ngroups is the number of groups.
func (g *grouping) ngroups() int { return len(g.slots) }

// groupRows fills offs/rows: the selected rows of each group, in order.
func (g *grouping) groupRows() {
	if g.offs != nil {
		return
	}
	pos := make([]int32, g.nslots)
	g.offs = make([]int32, len(g.slots)+1)
	for i, s := range g.slots {
		g.offs[i+1] = g.offs[i] + int32(g.count[s])
		pos[s] = g.offs[i]
	}
	ids := g.allIDs()
	g.rows = make([]int32, len(ids))
	for i, s := range ids {
		g.rows[pos[s]] = int32(i)
		pos[s]++
	}
}

// keyColumns returns the key values of each group (at its first row).
func (g *grouping) keyColumns() []*value.Vector {
	idx := make([]int, len(g.slots))
	for i, s := range g.slots {
		idx[i] = int(g.first[s])
	}
	out := make([]*value.Vector, len(g.keys))
	for i, k := range g.keys {
		k.v = k.v.Gather(idx)
		out[i] = k.values()
	}
	return out
}

// encodeKey turns a key vector into dense codes.
func encodeKey(v *value.Vector, n int) keyCodes {
	switch v.Type() {
	case value.SYMBOL:
		return keyCodes{v.Ints(), len(v.Symbols().Syms)}
	case value.BOOL, value.CHAR:
		xs := v.Int8s()
		return offsetCodes(xs, math.MinInt8, 1<<8)
	case value.SHORT:
		xs := v.Shorts()
		return offsetCodes(xs, math.MinInt16, 1<<16)
	case value.STRING, value.BLOB:
		if idx := v.StringIndex(); idx != nil {
			return keyCodes{idx.Codes, len(idx.Base.Syms)}
		}
		return hashStrings(v.Strings())
	case value.DOUBLE:
		return hashCodes(v.Doubles())
	case value.FLOAT:
		return hashCodes(v.Floats())
	}
	switch v.Type().Width() {
	case 4:
		if v.Type() != value.DECIMAL32 {
			return rangeCodes(v.Ints(), value.NullInt, n)
		}
	case 8:
		if v.Type() != value.DECIMAL64 {
			return rangeCodes(v.Longs(), value.NullLong, n)
		}
	}
	strs := make([]string, v.Len())
	for i := range strs {
		strs[i] = v.Get(i).String()
	}
	return hashStrings(strs)
}

func offsetCodes[T int8 | int16](xs []T, base int, card int) keyCodes {
	codes := make([]int32, len(xs))
	for i, x := range xs {
		codes[i] = int32(int(x) - base)
	}
	return keyCodes{codes, card}
}

// rangeCodes maps integers by offset from their minimum when the range is
// small (null, the minimum of the type, gets the last code), else hashes.
func rangeCodes[T int32 | int64](xs []T, null T, n int) keyCodes {
	lo, hi := T(0), T(-1)
	hasNull := false
	for _, x := range xs {
		if x == null {
			hasNull = true
			continue
		}
		if hi < lo {
			lo, hi = x, x
		} else if x < lo {
			lo = x
		} else if x > hi {
			hi = x
		}
	}
	span := int64(hi) - int64(lo) + 1
	if hi < lo {
		span = 0
	}
	if span+1 > int64(maxDense(n)) {
		return hashCodes(xs)
	}
	codes := make([]int32, len(xs))
	nullCode := int32(span)
	morsels(len(xs), func(_, a, b int) {
		for i := a; i < b; i++ {
			x := xs[i]
			if x == null {
				codes[i] = nullCode
			} else {
				codes[i] = int32(int64(x) - int64(lo))
			}
		}
	})
	card := int(span)
	if hasNull {
		card++
	}
	return keyCodes{codes, card}
}

// hashCodes numbers distinct values in first-seen order.
func hashCodes[T comparable](xs []T) keyCodes {
	m := map[T]int32{}
	codes := make([]int32, len(xs))
	var prev T
	prevCode := int32(-1)
	for i, x := range xs {
		if prevCode >= 0 && x == prev {
			codes[i] = prevCode
			continue
		}
		c, ok := m[x]
		if !ok {
			c = int32(len(m))
			m[x] = c
		}
		codes[i], prev, prevCode = c, x, c
	}
	return keyCodes{codes, len(m)}
}

func hashStrings(xs []string) keyCodes { return hashCodes(xs) }

// combine merges two key codes into one: directly when the product of the
// cardinalities is small, else by hashing the pair.
func combine(a, b keyCodes, n int) keyCodes {
	prod := int64(a.card) * int64(b.card)
	codes := make([]int32, len(a.codes))
	if prod <= int64(maxDense(n)) {
		card := int32(b.card)
		morsels(len(codes), func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				codes[i] = a.codes[i]*card + b.codes[i]
			}
		})
		return keyCodes{codes, int(prod)}
	}
	pairs := make([]int64, len(codes))
	for i := range pairs {
		pairs[i] = int64(a.codes[i])*int64(b.card) + int64(b.codes[i])
	}
	return hashCodes(pairs)
}
