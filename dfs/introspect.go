// This file defines getChunksMeta and getTabletsMeta: the chunks of this
// node with the columns DolphinDB's manual lists for them.

package dfs

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// matchPath reports whether s matches a chunkPath pattern: '%' and '*'
// match any run of characters, '?' one character, as in DolphinDB's
// getChunksMeta and getTabletsMeta.
func matchPath(pattern, s string) bool {
	// Iterative wildcard match with backtracking to the last star.
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && (pattern[p] == '%' || pattern[p] == '*'):
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && (pattern[p] == '%' || pattern[p] == '*') {
		p++
	}
	return p == len(pattern)
}

// topArg is the top argument: at most that many rows (default 1024, -1
// for no limit).
func topArg(v value.Value) (int, error) {
	if v == nil {
		return 1024, nil
	}
	n, ok := toInt(v)
	if !ok || n == 0 || n < -1 {
		return 0, userErr("top must be a positive integer or -1.")
	}
	if n == -1 {
		return int(^uint(0) >> 1), nil
	}
	return int(n), nil
}

// partitionDir is the physical directory of a partition of database db
// (short name) on this node.
func (s *Store) partitionDir(db, path string) string {
	rel := filepath.FromSlash("CHUNKS/" + db + strings.TrimSuffix(path, "/"))
	if dc, ok := s.cs.(*diskChunkStore); ok && len(dc.vols) > 0 {
		return filepath.Join(dc.vols[dc.volFor(path)], rel)
	}
	return rel
}

var chunkStates = map[string]int32{"FIN": 0, "BCOMM": 1, "COMM": 2}

// chunksMeta is getChunksMeta([chunkPath], [top]): one row per chunk held
// by this node, columns site, chunkId, path (physical), dfsPath
// ("/db/partition"), type (1: tablet chunk), flag (0: not deleted), size
// (0 for a tablet chunk, as the manual says; getTabletsMeta has its disk
// usage), version, state (0 FIN, 1 BCOMM, 2 COMM), versionList
// ("cid : V,table=>V:rows; #") and resolved.
func (s *Store) chunksMeta(pattern string, topV value.Value) (value.Value, error) {
	top, err := topArg(topV)
	if err != nil {
		return nil, err
	}
	chunks := s.cs.Chunks()
	sort.SliceStable(chunks, func(i, j int) bool {
		a, b := chunks[i], chunks[j]
		if a.DB+a.Path != b.DB+b.Path {
			return a.DB+a.Path < b.DB+b.Path
		}
		return a.Table < b.Table
	})
	var site, id, path, dfsPath, vlist []string
	var typ, flag, state []int32
	var size, ver []int64
	var resolved []bool
	for _, c := range chunks {
		dp := "/" + c.DB + c.Path
		if pattern != "" && !matchPath(pattern, dp) {
			continue
		}
		if len(id) >= top {
			break
		}
		site = append(site, s.cfg.NodeAlias)
		id = append(id, c.ID)
		path = append(path, s.partitionDir(c.DB, c.Path))
		dfsPath = append(dfsPath, dp)
		typ = append(typ, 1)
		flag = append(flag, 0)
		size = append(size, 0)
		ver = append(ver, int64(c.Version))
		state = append(state, chunkStates[c.State])
		vlist = append(vlist, fmt.Sprintf("cid : %d,%s=>%d:%d; #", c.Version, c.Table, c.Version, c.Rows))
		resolved = append(resolved, false)
	}
	res := value.NewVector(value.BOOL, len(resolved))
	for i, r := range resolved {
		if r {
			res.Int8s()[i] = 1
		}
	}
	return value.NewTable([]string{"site", "chunkId", "path", "dfsPath", "type", "flag", "size", "version", "state", "versionList", "resolved"}, []value.Value{
		value.NewStringVector(site), value.NewStringVector(id), value.NewStringVector(path), value.NewStringVector(dfsPath),
		value.NewIntVector(typ), value.NewIntVector(flag), value.NewLongVector(size), value.NewLongVector(ver),
		value.NewIntVector(state), value.NewStringVector(vlist), res})
}

// tabletsMeta is getTabletsMeta([chunkPath], [tableName], [diskUsage],
// [top]): one row per table-in-partition with rows, columns chunkId, path
// (physical), dfsPath, tableName, version, rowNum, createCids (the commits
// whose files hold the chunk's data, "[c1,c2]"), latestPhysicalDir (the
// directory of the table's files) and, with diskUsage, diskUsage (bytes).
func (s *Store) tabletsMeta(pattern, table string, diskUsage bool, topV value.Value) (value.Value, error) {
	top, err := topArg(topV)
	if err != nil {
		return nil, err
	}
	var id, path, dfsPath, tab, cids, phys []string
	var ver, rows, disk []int64
	for _, n := range s.cat.Databases() {
		d, _ := s.cat.Database(n)
		for _, tn := range sortedTables(d) {
			if table != "" && table != "%" && table != "*" && tn != table {
				continue
			}
			snap, err := s.Snapshot(n, tn)
			if err != nil {
				continue
			}
			for _, ch := range snap.Chunks {
				dp := "/" + d.ShortName() + ch.Path
				// The manual: chunks without records are not listed.
				if ch.Rows == 0 || (pattern != "" && !matchPath(pattern, dp)) {
					continue
				}
				if len(id) >= top {
					break
				}
				var size int64
				var cs []string
				seen := map[uint64]bool{}
				for _, sg := range ch.Segs {
					size += sg.Size
					if !seen[sg.CID] {
						seen[sg.CID] = true
						cs = append(cs, strconv.FormatUint(sg.CID, 10))
					}
				}
				id, path, dfsPath, tab = append(id, ch.ID), append(path, s.partitionDir(d.ShortName(), ch.Path)), append(dfsPath, dp), append(tab, tn)
				ver, rows, disk = append(ver, int64(ch.Version)), append(rows, ch.Rows), append(disk, size)
				cids, phys = append(cids, "["+strings.Join(cs, ",")+"]"), append(phys, tn)
			}
		}
	}
	names := []string{"chunkId", "path", "dfsPath", "tableName", "version", "rowNum", "createCids", "latestPhysicalDir"}
	cols := []value.Value{value.NewStringVector(id), value.NewStringVector(path), value.NewStringVector(dfsPath), value.NewStringVector(tab),
		value.NewLongVector(ver), value.NewLongVector(rows), value.NewStringVector(cids), value.NewStringVector(phys)}
	if diskUsage {
		names, cols = append(names, "diskUsage"), append(cols, value.NewLongVector(disk))
	}
	return value.NewTable(names, cols)
}
