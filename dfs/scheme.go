// This file defines partition schemes (VALUE, RANGE, HASH, LIST and their
// COMPO combination), partition directory names, and the mapping of rows
// to partitions.

package dfs

import (
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// PartType is a partition type; the numbers are the script constants.
type PartType int

const (
	SEQ   PartType = 0
	VALUE PartType = 1
	RANGE PartType = 2
	LIST  PartType = 3
	COMPO PartType = 4
	HASH  PartType = 5
)

var partTypeNames = map[PartType]string{SEQ: "SEQ", VALUE: "VALUE", RANGE: "RANGE", LIST: "LIST", COMPO: "COMPO", HASH: "HASH"}

func (p PartType) String() string { return partTypeNames[p] }

// Key is one partitioning value: I for integral and temporal schemes, S
// for SYMBOL and STRING schemes.
type Key struct {
	I int64  `json:"i,omitempty"`
	S string `json:"s,omitempty"`
}

// Level is one level of a partition scheme.
type Level struct {
	Type    PartType   `json:"type"`
	ColType value.Type `json:"colType"`
	// Values: VALUE partition values in order; RANGE boundaries.
	Values []Key `json:"values,omitempty"`
	// Lists: LIST partitions.
	Lists [][]Key `json:"lists,omitempty"`
	// Buckets: HASH partition count.
	Buckets int `json:"buckets,omitempty"`
}

func isStrType(t value.Type) bool { return t == value.SYMBOL || t == value.STRING }

func (l *Level) strKeys() bool { return isStrType(l.ColType) }

func (l *Level) less(a, b Key) bool {
	if l.strKeys() {
		return a.S < b.S
	}
	return a.I < b.I
}

// cmpKeys orders keys as less does.
func (l *Level) cmpKeys(a, b Key) int {
	switch {
	case l.less(a, b):
		return -1
	case l.less(b, a):
		return 1
	}
	return 0
}

// keyString formats a key for a directory name (DolphinDB style:
// 2023.01.08 -> 20230108).
func (l *Level) keyString(k Key) string {
	if l.strKeys() {
		if k.S == "" {
			return "NULL"
		}
		return k.S
	}
	if l.ColType.IsTemporal() {
		s := value.FormatTemporal(l.ColType, k.I)
		return strings.NewReplacer(".", "", ":", "", "T", "").Replace(s)
	}
	return strconv.FormatInt(k.I, 10)
}

// KeyValue returns k as a script scalar of the level's type.
func (l *Level) KeyValue(k Key) value.Value {
	if l.strKeys() {
		if l.ColType == value.SYMBOL {
			return value.Symbol(k.S)
		}
		return value.String(k.S)
	}
	v := value.NewVector(l.ColType, 1)
	switch l.ColType.Width() {
	case 1:
		v.Int8s()[0] = int8(k.I)
	case 2:
		v.Shorts()[0] = int16(k.I)
	case 4:
		if k.I == math.MinInt64 {
			v.Ints()[0] = math.MinInt32
		} else {
			v.Ints()[0] = int32(k.I)
		}
	case 8:
		v.Longs()[0] = k.I
	default:
		return value.Long(k.I)
	}
	return v.Get(0)
}

// dirName is the directory of partition i of a RANGE, HASH or LIST level.
func (l *Level) dirName(i int) string {
	switch l.Type {
	case RANGE:
		return l.keyString(l.Values[i]) + "_" + l.keyString(l.Values[i+1])
	case HASH:
		return "Key" + strconv.Itoa(i)
	case LIST:
		return "List" + strconv.Itoa(i)
	}
	return ""
}

// keysOf converts a column (or scheme vector) to keys, casting temporal
// columns to the level type (a DATETIME column in DATE partitions).
func keysOf(col *value.Vector, t value.Type) (ints []int64, strs []string, null []bool, err error) {
	if isStrType(t) {
		n := col.Len()
		strs = make([]string, n)
		switch col.Type() {
		case value.SYMBOL:
			syms := col.Symbols().Syms
			for i, c := range col.Ints() {
				strs[i] = syms[c]
			}
		case value.STRING:
			copy(strs, col.Strings())
		default:
			for i := 0; i < n; i++ {
				strs[i] = col.Get(i).String()
			}
		}
		return nil, strs, nil, nil
	}
	if col.Type() != t {
		c, err := value.Cast(col, t)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%w: can't convert partition column of type %s to %s: %v", ErrInvalid, col.Type(), t, err)
		}
		col = c.(*value.Vector)
	}
	n := col.Len()
	ints = make([]int64, n)
	switch col.Type().Width() {
	case 1:
		for i, x := range col.Int8s() {
			ints[i] = int64(x)
		}
	case 2:
		for i, x := range col.Shorts() {
			ints[i] = int64(x)
		}
	case 4:
		for i, x := range col.Ints() {
			ints[i] = int64(x)
			if x == math.MinInt32 {
				ints[i] = math.MinInt64
			}
		}
	case 8:
		copy(ints, col.Longs())
	default:
		return nil, nil, nil, fmt.Errorf("%w: %s can't be a partition column type", ErrInvalid, col.Type())
	}
	if t.Width() == 1 || t.Width() == 2 {
		for i := range ints {
			if col.IsNullAt(i) {
				ints[i] = math.MinInt64
			}
		}
	}
	return ints, nil, nil, nil
}

// intKeyFn returns a getter of row i's key for an integral or temporal
// level of type t, converting a finer temporal column on the fly (a
// DATETIME column in DATE partitions); nulls give math.MinInt64.
func intKeyFn(col *value.Vector, t value.Type) (func(int) int64, error) {
	day := map[value.Type]int64{value.DATETIME: 86400, value.TIMESTAMP: 86400000, value.NANOTIMESTAMP: 86400000000000}
	if t == value.DATE {
		if per, ok := day[col.Type()]; ok {
			floor := func(x int64) int64 {
				q := x / per
				if x%per != 0 && x < 0 {
					q--
				}
				return q
			}
			if col.Type() == value.DATETIME {
				xs := col.Ints()
				return func(i int) int64 {
					if xs[i] == math.MinInt32 {
						return math.MinInt64
					}
					return floor(int64(xs[i]))
				}, nil
			}
			xs := col.Longs()
			return func(i int) int64 {
				if xs[i] == math.MinInt64 {
					return math.MinInt64
				}
				return floor(xs[i])
			}, nil
		}
	}
	if col.Type() != t {
		c, err := value.Cast(col, t)
		if err != nil {
			return nil, fmt.Errorf("%w: can't convert partition column of type %s to %s: %v", ErrInvalid, col.Type(), t, err)
		}
		col = c.(*value.Vector)
	}
	switch col.Type().Width() {
	case 1:
		xs := col.Int8s()
		return func(i int) int64 {
			if xs[i] == math.MinInt8 {
				return math.MinInt64
			}
			return int64(xs[i])
		}, nil
	case 2:
		xs := col.Shorts()
		return func(i int) int64 {
			if xs[i] == math.MinInt16 {
				return math.MinInt64
			}
			return int64(xs[i])
		}, nil
	case 4:
		xs := col.Ints()
		return func(i int) int64 {
			if xs[i] == math.MinInt32 {
				return math.MinInt64
			}
			return int64(xs[i])
		}, nil
	case 8:
		xs := col.Longs()
		return func(i int) int64 { return xs[i] }, nil
	}
	return nil, fmt.Errorf("%w: %s can't be a partition column type", ErrInvalid, col.Type())
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// assignment is the result of mapping rows to partitions on one level:
// idx[i] is the partition of row i (-1: row dropped), dirs[p] its
// directory name and keys[p] its key (VALUE), newKeys the VALUE keys not
// yet in the scheme.
type assignment struct {
	idx     []int32
	dirs    []string
	keys    []Key
	newKeys []Key
}

// assign maps a column to partitions of level l. policy is the
// newValuePartitionPolicy for VALUE levels (add, skip, fail).
func (l *Level) assign(col *value.Vector, policy string) (*assignment, error) {
	var strs []string
	var ikey func(int) int64
	var err error
	strK := l.strKeys()
	if strK {
		_, strs, _, err = keysOf(col, l.ColType)
	} else {
		ikey, err = intKeyFn(col, l.ColType)
	}
	if err != nil {
		return nil, err
	}
	n := col.Len()
	a := &assignment{idx: make([]int32, n)}
	keyAt := func(i int) Key {
		if strK {
			return Key{S: strs[i]}
		}
		return Key{I: ikey(i)}
	}
	isNull := func(k Key) bool {
		if strK {
			return k.S == ""
		}
		return k.I == math.MinInt64
	}
	switch l.Type {
	case VALUE:
		known := make(map[Key]bool, len(l.Values))
		for _, k := range l.Values {
			known[k] = true
		}
		slot := map[Key]int32{}
		var last Key
		lastIdx := int32(-2)
		for i := 0; i < n; i++ {
			k := keyAt(i)
			if lastIdx != -2 && k == last {
				a.idx[i] = lastIdx
				continue
			}
			p, ok := slot[k]
			if !ok {
				switch {
				case isNull(k):
					p = -1
				case known[k]:
					p = int32(len(a.dirs))
				case policy == "add":
					p = int32(len(a.dirs))
					a.newKeys = append(a.newKeys, k)
				case policy == "fail":
					return nil, uerr(ErrInvalid, fmt.Sprintf("The value %s is not in the VALUE partition scheme and newValuePartitionPolicy is fail.", l.keyString(k)))
				default:
					p = -1
				}
				if p >= 0 {
					a.dirs = append(a.dirs, l.keyString(k))
					a.keys = append(a.keys, k)
				}
				slot[k] = p
			}
			a.idx[i], last, lastIdx = p, k, p
		}
		return a, nil
	case RANGE, HASH, LIST:
		np := 0
		switch l.Type {
		case RANGE:
			np = len(l.Values) - 1
		case HASH:
			np = l.Buckets
		case LIST:
			np = len(l.Lists)
		}
		listIdx := map[Key]int32{}
		for p, ks := range l.Lists {
			for _, k := range ks {
				listIdx[k] = int32(p)
			}
		}
		slot := make([]int32, np)
		for i := range slot {
			slot[i] = -1
		}
		for i := 0; i < n; i++ {
			k := keyAt(i)
			p := int32(-1)
			if !isNull(k) {
				switch l.Type {
				case RANGE:
					j := sort.Search(len(l.Values), func(j int) bool { return l.less(k, l.Values[j]) })
					if j > 0 && j < len(l.Values) {
						p = int32(j - 1)
					}
				case HASH:
					if strK {
						p = int32(hashString(k.S) % uint64(l.Buckets))
					} else {
						p = int32(uint64(k.I) % uint64(l.Buckets))
					}
				case LIST:
					if q, ok := listIdx[k]; ok {
						p = q
					}
				}
			}
			if p >= 0 {
				if slot[p] < 0 {
					slot[p] = int32(len(a.dirs))
					a.dirs = append(a.dirs, l.dirName(int(p)))
					a.keys = append(a.keys, Key{I: int64(p)})
				}
				p = slot[p]
			}
			a.idx[i] = p
		}
		return a, nil
	}
	return nil, fmt.Errorf("%w: partition type %v", ErrInvalid, l.Type)
}

// parseLevel builds a level from a script partition type and scheme.
func parseLevel(pt PartType, scheme value.Value) (*Level, error) {
	l := &Level{Type: pt}
	vecKeys := func(v *value.Vector) ([]Key, error) {
		ints, strs, _, err := keysOf(v, v.Type())
		if err != nil {
			return nil, err
		}
		out := make([]Key, v.Len())
		for i := range out {
			if strs != nil {
				out[i] = Key{S: strs[i]}
			} else {
				out[i] = Key{I: ints[i]}
			}
		}
		return out, nil
	}
	toVec := func(x value.Value) (*value.Vector, error) {
		switch v := x.(type) {
		case *value.Vector:
			return v, nil
		}
		if x.Form() == value.SCALAR {
			r := value.MakeVector([]value.Value{x})
			if v, ok := r.(*value.Vector); ok {
				return v, nil
			}
		}
		if p, ok := x.(interface{ Vector() *value.Vector }); ok {
			return p.Vector(), nil
		}
		return nil, uerr(ErrInvalid, "The partition scheme must be a vector.")
	}
	switch pt {
	case VALUE, RANGE:
		v, err := toVec(scheme)
		if err != nil {
			return nil, err
		}
		if v.Type() == value.ANY {
			return nil, uerr(ErrInvalid, "The partition scheme must be a typed vector.")
		}
		l.ColType = v.Type()
		if l.Values, err = vecKeys(v); err != nil {
			return nil, err
		}
		if pt == RANGE {
			if len(l.Values) < 2 {
				return nil, uerr(ErrInvalid, "A RANGE partition scheme needs at least two boundaries.")
			}
			for i := 1; i < len(l.Values); i++ {
				if !l.less(l.Values[i-1], l.Values[i]) {
					return nil, uerr(ErrInvalid, "The boundaries of a RANGE partition scheme must be increasing.")
				}
			}
		} else {
			seen := map[Key]bool{}
			out := l.Values[:0]
			for _, k := range l.Values {
				if !seen[k] {
					seen[k] = true
					out = append(out, k)
				}
			}
			l.Values = out
		}
	case HASH:
		v, err := toVec(scheme)
		if err != nil || v.Len() != 2 {
			return nil, uerr(ErrInvalid, "A HASH partition scheme must be [type, buckets], e.g. [INT, 10].")
		}
		t, ok1 := value.ToInt64(v.Get(0))
		n, ok2 := value.ToInt64(v.Get(1))
		if !ok1 || !ok2 || n <= 0 {
			return nil, uerr(ErrInvalid, "A HASH partition scheme must be [type, buckets], e.g. [INT, 10].")
		}
		l.ColType, l.Buckets = value.Type(t), int(n)
	case LIST:
		v, err := toVec(scheme)
		if err != nil || v.Type() != value.ANY {
			return nil, uerr(ErrInvalid, "A LIST partition scheme must be a tuple of vectors.")
		}
		for _, e := range v.Elems() {
			ev, err := toVec(e)
			if err != nil {
				return nil, err
			}
			l.ColType = ev.Type()
			ks, err := vecKeys(ev)
			if err != nil {
				return nil, err
			}
			l.Lists = append(l.Lists, ks)
		}
	default:
		return nil, uerr(ErrInvalid, fmt.Sprintf("Unsupported partition type %d.", pt))
	}
	switch l.ColType {
	case value.FLOAT, value.DOUBLE, value.BOOL:
		return nil, uerr(ErrInvalid, fmt.Sprintf("The data type %s can't be used for a partition column", l.ColType))
	}
	return l, nil
}

// schemeVector returns the scheme of a level as a script value.
func (l *Level) schemeValue() value.Value {
	switch l.Type {
	case HASH:
		return value.NewIntVector([]int32{int32(l.ColType), int32(l.Buckets)})
	case LIST:
		el := make([]value.Value, len(l.Lists))
		for i, ks := range l.Lists {
			el[i] = l.keysVector(ks)
		}
		return value.NewTuple(el)
	}
	return l.keysVector(l.Values)
}

func (l *Level) keysVector(ks []Key) value.Value {
	el := make([]value.Value, len(ks))
	for i, k := range ks {
		el[i] = l.KeyValue(k)
	}
	if len(el) == 0 {
		return value.NewVector(l.ColType, 0)
	}
	return value.MakeVector(el)
}
