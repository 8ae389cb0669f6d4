// This file defines the cache of decoded columns: segment files never
// change once written (their names carry the writing transaction's id), so
// a decoded column can be kept and handed out as a copy, like DolphinDB's
// in-memory cache of recently read OLAP partitions.

package dfs

import (
	"container/list"
	"sync"

	"github.com/porpoisedb/porpoise/vm/value"
)

type colKey struct {
	path string
	col  int
}

type colEntry struct {
	key  colKey
	v    *value.Vector
	size int64
}

// colCache is an LRU of decoded columns bounded by bytes. Safe for
// concurrent use.
type colCache struct {
	mu    sync.Mutex
	max   int64
	size  int64
	ll    *list.List
	items map[colKey]*list.Element
}

func newColCache(max int64) *colCache {
	return &colCache{max: max, ll: list.New(), items: map[colKey]*list.Element{}}
}

func vecBytes(v *value.Vector) int64 {
	if w := v.Type().Width(); w > 0 {
		return int64(v.Len() * w)
	}
	var n int64
	for _, s := range v.Strings() {
		n += int64(len(s)) + 16
	}
	return n
}

// get returns a private copy of the cached column; SYMBOL codes go into
// base when it is not nil. With shared (and no base), it is the cached
// storage itself, which the caller must neither modify nor hand out.
func (c *colCache) get(k colKey, base *value.SymbolBase, shared bool) (*value.Vector, bool) {
	if c == nil || c.max <= 0 {
		return nil, false
	}
	c.mu.Lock()
	e, ok := c.items[k]
	if ok {
		c.ll.MoveToFront(e)
	}
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	v := e.Value.(*colEntry).v
	switch {
	case shared && v.Type() != value.SYMBOL:
		return v, true
	case shared && base == nil:
		// The codes are only read; the base is the reader's own so that
		// symbols a query adds (to a result sharing it) never touch a
		// base another reader uses.
		return v.SharingCodes(v.Symbols().Clone()), true
	}
	return copyVector(v, base), true
}

func (c *colCache) put(k colKey, v *value.Vector) {
	if c == nil || c.max <= 0 {
		return
	}
	size := vecBytes(v)
	if size > c.max/4 {
		return
	}
	v = copyVector(v, nil)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; ok {
		return
	}
	c.items[k] = c.ll.PushFront(&colEntry{key: k, v: v, size: size})
	c.size += size
	for c.size > c.max {
		e := c.ll.Back()
		ent := e.Value.(*colEntry)
		c.ll.Remove(e)
		delete(c.items, ent.key)
		c.size -= ent.size
	}
}

// copyVector copies v's storage; a SYMBOL vector gets its codes in base
// (a new one when nil), so no two readers ever share a base they might
// grow.
func copyVector(v *value.Vector, base *value.SymbolBase) *value.Vector {
	if v.Type() != value.SYMBOL {
		return v.Clone()
	}
	old := v.Symbols()
	if base == nil {
		// Same symbols in the same order give the same codes.
		base = value.NewSymbolBase()
		for _, s := range old.Syms {
			base.Code(s)
		}
		return value.NewSymbolVectorCodes(v.Ints(), base)
	}
	m := make([]int32, len(old.Syms))
	for i, s := range old.Syms {
		m[i] = base.Code(s)
	}
	codes := make([]int32, v.Len())
	for i, c := range v.Ints() {
		codes[i] = m[c]
	}
	return value.NewSymbolVectorCodes(codes, base)
}
