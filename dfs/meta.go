// This file defines the controller's metadata objects: databases, tables,
// chunks (table-in-partition) and segment references. They are immutable
// once published: the catalog replaces them copy-on-write, so a snapshot
// is a pointer.

package dfs

import (
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// ColDef is a column of a DFS table.
type ColDef struct {
	Name  string     `json:"name"`
	Type  value.Type `json:"type"`
	Scale int32      `json:"scale,omitempty"`
	// Compress is the column's compression method (compressMethods); ""
	// is the default, DefaultCompressMethod.
	Compress string `json:"compress,omitempty"`
	// Comment is setColumnComment's text, shown by schema().colDefs.
	Comment string `json:"comment,omitempty"`
	// Phys is the column's name in segment files when it differs from
	// Name: segments name their columns, and a reader finds a column by
	// this name, so rename! keeps the old one here, and addColumn gives a
	// new column a name no dropped column had ("" is Name).
	Phys string `json:"phys,omitempty"`
}

// phys is the column's name in segment files.
func (c ColDef) phys() string {
	if c.Phys != "" {
		return c.Phys
	}
	return c.Name
}

// DBMeta is a database.
type DBMeta struct {
	Name        string                `json:"name"` // dfs://name
	Levels      []*Level              `json:"levels"`
	Engine      string                `json:"engine"`
	Atomic      string                `json:"atomic"`
	Granularity string                `json:"chunkGranularity"`
	Tables      map[string]*TableMeta `json:"tables"`
	Seq         uint64                `json:"seq"`
}

// TableMeta is a table of a database.
type TableMeta struct {
	Name      string   `json:"name"`
	Cols      []ColDef `json:"cols"`
	PartCols  []string `json:"partCols,omitempty"`
	Dimension bool     `json:"dimension,omitempty"`
	SortCols  []string `json:"sortCols,omitempty"`
	KeepDup   string   `json:"keepDuplicates,omitempty"`
	Seq       uint64   `json:"seq"`
	// Dir is the table's directory under each partition when it is not
	// Name: renameTable keeps the files where they are.
	Dir string `json:"dir,omitempty"`
	// ColSeq numbers the columns addColumn adds, for their Phys names.
	ColSeq uint64                `json:"colSeq,omitempty"`
	Chunks map[string]*ChunkMeta `json:"chunks"`
}

// ChunkMeta is one chunk: a table's data in one partition.
type ChunkMeta struct {
	ID      string   `json:"id"`
	Path    string   `json:"path"` // "/20230108" or "/20230108/Key3"
	Dirs    []string `json:"dirs"`
	Keys    []Key    `json:"keys"` // per level: VALUE key, or partition index
	Version uint64   `json:"version"`
	Rows    int64    `json:"rows"`
	Segs    []SegRef `json:"segs"`
}

// SegRef names one segment file of a chunk and the commit that made it
// visible.
type SegRef struct {
	TID   uint64 `json:"tid"`
	CID   uint64 `json:"cid"`
	File  string `json:"file"` // relative to the volume
	Vol   int    `json:"vol"`
	Rows  int64  `json:"rows"`
	Level int    `json:"level,omitempty"` // TSDB level: 0 fresh, 1 merged
	Size  int64  `json:"size"`
}

// ShortName is the database name without "dfs://".
func (d *DBMeta) ShortName() string { return strings.TrimPrefix(d.Name, "dfs://") }

func (d *DBMeta) clone() *DBMeta {
	c := *d
	c.Tables = make(map[string]*TableMeta, len(d.Tables))
	for k, v := range d.Tables {
		c.Tables[k] = v
	}
	lv := make([]*Level, len(d.Levels))
	copy(lv, d.Levels)
	c.Levels = lv
	return &c
}

func (t *TableMeta) clone() *TableMeta {
	c := *t
	c.Chunks = make(map[string]*ChunkMeta, len(t.Chunks))
	for k, v := range t.Chunks {
		c.Chunks[k] = v
	}
	return &c
}

// table returns the table named name (case-sensitive as DolphinDB).
func (d *DBMeta) table(name string) *TableMeta { return d.Tables[name] }

// ColIndex returns the position of column name, or -1.
func (t *TableMeta) ColIndex(name string) int {
	for i, c := range t.Cols {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

// Names returns the column names.
func (t *TableMeta) Names() []string {
	out := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = c.Name
	}
	return out
}

// dir is the table's directory name under a partition.
func (t *TableMeta) dir() string {
	if t.Dir != "" {
		return t.Dir
	}
	return t.Name
}

// physNames returns the columns' names in segment files.
func (t *TableMeta) physNames() []string {
	out := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = c.phys()
	}
	return out
}

// Methods returns the columns' compression methods, defaults filled in.
func (t *TableMeta) Methods() []string {
	out := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = c.Compress
		if out[i] == "" {
			out[i] = DefaultCompressMethod
		}
	}
	return out
}

// Types returns the column types.
func (t *TableMeta) Types() []value.Type {
	out := make([]value.Type, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = c.Type
	}
	return out
}

// atomicChunk reports whether the database's atomic level is CHUNK:
// writes wait for locked chunks and may commit chunk by chunk.
func (d *DBMeta) atomicChunk() bool { return strings.EqualFold(d.Atomic, "CHUNK") }

// engineTSDB reports whether the database uses the TSDB engine.
func (d *DBMeta) engineTSDB() bool { return strings.EqualFold(d.Engine, "TSDB") }
