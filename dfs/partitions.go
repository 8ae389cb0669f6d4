// This file defines the partition maintenance functions: dropPartition (by
// paths or by conditions on the partitioning columns, with deleteSchema),
// addValuePartitions and addRangePartitions (with their level argument).

package dfs

import (
	"fmt"
	"math"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// partSel is the partitions dropPartition selects: exact chunk paths, or
// per level a set of keys (nil: any partition of that level). Keys are
// those of ChunkMeta.Keys: the value for VALUE levels, the partition
// index for the others.
type partSel struct {
	paths  []string
	levels []map[Key]bool
	// level0 are the VALUE keys of the first level the selection names as
	// a whole (for deleteSchema); nil when it names parts of them.
	level0 []Key
}

// toVector makes a scalar a one-element vector.
func toVector(v value.Value) (*value.Vector, bool) {
	if vec, ok := v.(*value.Vector); ok {
		return vec, vec.Type() != value.ANY
	}
	if v != nil && v.Form() == value.SCALAR {
		vec, ok := value.MakeVector([]value.Value{v}).(*value.Vector)
		return vec, ok
	}
	return nil, false
}

// levelKeys maps condition values to the keys of level l's partitions
// holding them (values outside the scheme select nothing).
func levelKeys(l *Level, v value.Value) (map[Key]bool, []Key, error) {
	vec, ok := toVector(v)
	if !ok {
		return nil, nil, userErr("dropPartition: a partition condition must be a scalar or a vector of the partitioning column's type.")
	}
	a, err := l.assign(vec, "add")
	if err != nil {
		return nil, nil, err
	}
	set := make(map[Key]bool, len(a.keys))
	for _, k := range a.keys {
		set[k] = true
	}
	return set, a.keys, nil
}

// selectPartitions reads dropPartition's partitionPaths: paths ("/" + the
// directories of every level), or a condition: values of the first
// level's column, or for COMPO a tuple with one condition (or nothing) per
// level, as the manual's [2017.08.07, 0] and [, [0, 100]].
func selectPartitions(d *DBMeta, v value.Value) (*partSel, error) {
	if v == nil {
		return nil, userErr("dropPartition: partitionPaths must be given.")
	}
	if ss, ok := strsArg(v); ok && len(ss) > 0 && (len(d.Levels) == 0 || !d.Levels[0].strKeys() || strings.HasPrefix(ss[0], "/")) {
		sel := &partSel{}
		for _, s := range ss {
			sel.paths = append(sel.paths, "/"+strings.Trim(s, "/"))
		}
		if len(d.Levels) == 1 && d.Levels[0].Type == VALUE {
			l := d.Levels[0]
			for _, k := range l.Values {
				if contains(sel.paths, "/"+l.keyString(k)) {
					sel.level0 = append(sel.level0, k)
				}
			}
		}
		return sel, nil
	}
	if len(d.Levels) == 0 {
		return nil, userErr("dropPartition: the database is not partitioned.")
	}
	sel := &partSel{levels: make([]map[Key]bool, len(d.Levels))}
	conds := []value.Value{v}
	if vec, ok := v.(*value.Vector); ok && vec.Type() == value.ANY {
		if len(d.Levels) == 1 || vec.Len() > len(d.Levels) {
			return nil, userErr("dropPartition: a tuple of conditions needs one element per partition level (%d).", len(d.Levels))
		}
		conds = vec.Elems()
	}
	for i, c := range conds {
		if _, void := c.(value.Void); void || c == nil {
			continue
		}
		set, keys, err := levelKeys(d.Levels[i], c)
		if err != nil {
			return nil, err
		}
		sel.levels[i] = set
		if i == 0 {
			sel.level0 = keys
		}
	}
	for i := 1; i < len(sel.levels); i++ {
		if sel.levels[i] != nil {
			sel.level0 = nil
		}
	}
	if sel.levels[0] == nil || d.Levels[0].Type != VALUE {
		sel.level0 = nil
	}
	return sel, nil
}

// match reports whether a chunk is selected.
func (sel *partSel) match(ch *ChunkMeta) bool {
	if sel.levels == nil {
		return contains(sel.paths, ch.Path)
	}
	for i, set := range sel.levels {
		if set == nil {
			continue
		}
		if i >= len(ch.Keys) || !set[ch.Keys[i]] {
			return false
		}
	}
	return true
}

// fnDropPartition is dropPartition(dbHandle, partitionPaths, [tableName],
// [forceDelete], [deleteSchema]). tableName may be left out only when the
// database's chunkGranularity is DATABASE (then every table's partitions
// go). forceDelete is accepted: no partition of a single node is ever in
// recovery.
func (st *Store) fnDropPartition(a []value.Value) (value.Value, error) {
	db, err := dbArg(st, arg(a, 0))
	if err != nil {
		return nil, err
	}
	d, err := st.Database(db)
	if err != nil {
		return nil, err
	}
	table := ""
	if v := arg(a, 2); v != nil {
		var ok bool
		if table, ok = strArg(v); !ok {
			return nil, userErr("dropPartition: tableName must be a string.")
		}
	}
	if table == "" && d.Granularity != "DATABASE" {
		return nil, userErr("dropPartition: tableName must be specified unless the chunkGranularity of the database is DATABASE.")
	}
	if table != "" && d.Tables[table] == nil {
		return nil, uerr(ErrNotFound, fmt.Sprintf("The table [%s] does not exist in the database [%s].", table, d.Name))
	}
	sel, err := selectPartitions(d, arg(a, 1))
	if err != nil {
		return nil, err
	}
	deleteSchema := false
	if b, ok := toInt(arg(a, 4)); ok && b != 0 {
		deleteSchema = true
	}
	return value.Nothing, st.dropSelected(d, table, sel, deleteSchema)
}

// dropSelected drops the selected chunks of table ("" every table) and,
// with deleteSchema where the manual allows it (one table in the
// database, a VALUE first level, whole first-level partitions selected),
// their first-level values from the scheme.
func (st *Store) dropSelected(d *DBMeta, table string, sel *partSel, deleteSchema bool) error {
	var paths []string
	seen := map[string]bool{}
	for tn, t := range d.Tables {
		if table != "" && tn != table {
			continue
		}
		for p, ch := range t.Chunks {
			if !seen[p] && sel.match(ch) {
				seen[p] = true
				paths = append(paths, p)
			}
		}
	}
	var dropKeys []Key
	if deleteSchema && len(d.Tables) == 1 && len(d.Levels) > 0 && d.Levels[0].Type == VALUE {
		dropKeys = sel.level0
	}
	if len(paths) == 0 && len(dropKeys) == 0 {
		return nil
	}
	gone, err := st.cat.DropChunks(d.Name, table, paths, dropKeys)
	if err != nil {
		return err
	}
	st.dropFiles(d, gone)
	return nil
}

// DropPartitions drops chunks by partition path ("/20230108",
// "/20230108/Key3") of one table or of every table ("").
func (st *Store) DropPartitions(db, table string, paths []string) error {
	d, err := st.Database(NormalizeDB(db))
	if err != nil {
		return err
	}
	sel := &partSel{}
	for _, p := range paths {
		sel.paths = append(sel.paths, "/"+strings.Trim(p, "/"))
	}
	return st.dropSelected(d, table, sel, false)
}

// fnAddPartitions is addValuePartitions(dbHandle, newValues, [level=0],
// [locations]) (kind VALUE) and addRangePartitions(dbHandle, newRanges,
// [level=0], [locations]) (kind RANGE). It returns the number of
// partitions added. locations (partition sites of a cluster) is accepted;
// a single node holds every partition.
func (st *Store) fnAddPartitions(a []value.Value, kind PartType) (value.Value, error) {
	fname := "addValuePartitions"
	if kind == RANGE {
		fname = "addRangePartitions"
	}
	db, err := dbArg(st, arg(a, 0))
	if err != nil {
		return nil, err
	}
	d, err := st.Database(db)
	if err != nil {
		return nil, err
	}
	level := int64(0)
	if v := arg(a, 2); v != nil {
		var ok bool
		if level, ok = toInt(v); !ok || level < 0 {
			return nil, userErr("%s: level must be a non-negative integer.", fname)
		}
	}
	if int(level) >= len(d.Levels) || d.Levels[level].Type != kind {
		return nil, userErr("%s: the partition level %d of the database %s is not a %s partition.", fname, level, d.Name, kind)
	}
	l := d.Levels[level]
	vec, ok := toVector(arg(a, 1))
	if !ok {
		return nil, userErr("%s: the new partitions must be a scalar or a vector.", fname)
	}
	ints, strs, _, err := keysOf(vec, l.ColType)
	if err != nil {
		return nil, err
	}
	var keys []Key
	for j := 0; j < vec.Len(); j++ {
		k := Key{}
		if strs != nil {
			k.S = strs[j]
		} else {
			k.I = ints[j]
		}
		if (strs != nil && k.S == "") || (strs == nil && k.I == math.MinInt64) {
			continue // a null is no partition
		}
		keys = append(keys, k)
	}
	if kind == RANGE {
		// The manual: ascending, starting at the scheme's last boundary;
		// ranges only grow at the end.
		if len(keys) < 2 || keys[0] != l.Values[len(l.Values)-1] {
			return nil, userErr("addRangePartitions: the first element of newRanges must be the last boundary of the partition scheme (%s), followed by the new boundaries.", l.keyString(l.Values[len(l.Values)-1]))
		}
		for i := 1; i < len(keys); i++ {
			if !l.less(keys[i-1], keys[i]) {
				return nil, userErr("addRangePartitions: newRanges must be in ascending order.")
			}
		}
	}
	n, err := st.cat.AddPartitionKeys(d.Name, int(level), keys)
	return value.Int(n), err
}
