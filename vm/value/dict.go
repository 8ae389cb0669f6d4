// This file defines Dict, DolphinDB's dictionary: scalar keys of one type
// mapped to values of one type or ANY, ordered (insertion order) or not.

package value

import (
	"fmt"
	"strings"
)

// Dict maps keys to values. An unordered dict also iterates in insertion
// order here (DolphinDB's hash order is not reproduced).
type Dict struct {
	keyType, valType Type
	keyScale         int32
	valScale         int32
	ordered          bool
	index            map[Value]int
	keys, vals       []Value
}

// NewDict returns an empty dictionary keyType->valType (valType ANY holds
// any object).
func NewDict(keyType, valType Type, ordered bool) *Dict {
	return &Dict{keyType: keyType, valType: valType, ordered: ordered, index: map[Value]int{}}
}

func (d *Dict) Type() Type { return d.valType }
func (d *Dict) Form() Form { return DICT }

// KeyType is the key type.
func (d *Dict) KeyType() Type { return d.keyType }

// ValueType is the value type (ANY for any object).
func (d *Dict) ValueType() Type { return d.valType }

// Ordered reports whether the dict keeps insertion order (isOrderedDict).
func (d *Dict) Ordered() bool { return d.ordered }

// Len is the number of entries.
func (d *Dict) Len() int { return len(d.keys) }

// Get returns the value of key k.
func (d *Dict) Get(k Value) (Value, bool) {
	nk, err := normKey(d.keyType, d.keyScale, k)
	if err != nil {
		return nil, false
	}
	i, ok := d.index[nk]
	if !ok {
		return nil, false
	}
	return d.vals[i], true
}

// Set stores k->v, converting k to the key type and v to the value type
// (unless ANY). An existing key keeps its position.
func (d *Dict) Set(k, v Value) error {
	nk, err := normKey(d.keyType, d.keyScale, k)
	if err != nil {
		return err
	}
	if d.valType != ANY {
		if v.Form() != SCALAR {
			return fmt.Errorf("The value of the dictionary must be a %s scalar", d.valType)
		}
		if v.Type() != d.valType || d.valType.IsDecimal() && scaleOf(v) != d.valScale {
			if !assignable(v.Type(), d.valType) {
				return fmt.Errorf("Incompatible type. Expected: %s, Actual: %s", d.valType, v.Type())
			}
			if d.valType.IsDecimal() && len(d.keys) == 0 && v.Type().IsDecimal() {
				d.valScale = scaleOf(v)
			}
			c, err := castTo(v, d.valType, d.valScale)
			if err != nil {
				return err
			}
			v = c
		}
	}
	if i, ok := d.index[nk]; ok {
		d.vals[i] = v
		return nil
	}
	d.index[nk] = len(d.keys)
	d.keys = append(d.keys, nk)
	d.vals = append(d.vals, v)
	return nil
}

// Delete removes key k, reporting whether it was present.
func (d *Dict) Delete(k Value) bool {
	nk, err := normKey(d.keyType, d.keyScale, k)
	if err != nil {
		return false
	}
	i, ok := d.index[nk]
	if !ok {
		return false
	}
	delete(d.index, nk)
	copy(d.keys[i:], d.keys[i+1:])
	copy(d.vals[i:], d.vals[i+1:])
	d.keys = d.keys[:len(d.keys)-1]
	d.vals = d.vals[:len(d.vals)-1]
	for j := i; j < len(d.keys); j++ {
		d.index[d.keys[j]] = j
	}
	return true
}

// Clear removes every entry.
func (d *Dict) Clear() {
	d.index = map[Value]int{}
	d.keys, d.vals = nil, nil
}

// Keys returns the keys as a typed vector.
func (d *Dict) Keys() *Vector { return vectorOf(d.keyType, d.keyScale, d.keys) }

// Values returns the values as a typed vector (a tuple for ANY).
func (d *Dict) Values() *Vector { return vectorOf(d.valType, d.valScale, d.vals) }

// KeyAt and ValueAt give entry i in iteration order.
func (d *Dict) KeyAt(i int) Value   { return d.keys[i] }
func (d *Dict) ValueAt(i int) Value { return d.vals[i] }

// Clone copies the dictionary (values are shared).
func (d *Dict) Clone() *Dict {
	r := *d
	r.index = make(map[Value]int, len(d.index))
	for k, v := range d.index {
		r.index[k] = v
	}
	r.keys = append([]Value(nil), d.keys...)
	r.vals = append([]Value(nil), d.vals...)
	return &r
}

// String prints one key->value line per entry (at most 30, then "...").
func (d *Dict) String() string {
	var b strings.Builder
	d.appendTo(&b, "")
	return strings.TrimSuffix(b.String(), "\n")
}

func (d *Dict) appendTo(b *strings.Builder, indent string) {
	for i, k := range d.keys {
		if i == DisplayRows {
			b.WriteString(indent)
			b.WriteString("...\n")
			break
		}
		b.WriteString(indent)
		b.WriteString(k.String())
		b.WriteString("->")
		switch v := d.vals[i].(type) {
		case *Dict:
			b.WriteByte('\n')
			v.appendTo(b, indent+"  ")
			continue
		case *Table, *Matrix:
			b.WriteByte('\n')
			b.WriteString(v.String())
		default:
			if v != nil {
				b.WriteString(v.String())
			}
		}
		b.WriteByte('\n')
	}
}
