// This file defines segment files: the columnar files a transaction writes
// into one chunk (table-in-partition).
//
// Layout: "PSEG" | column blocks | footer JSON | footerLen u32 |
// crc32c(footer) u32 | "PSG1". Each block is one column, encoded (plain,
// dictionary, strings, symbols, delta-of-delta) and compressed with the
// column's method (lz4 or zstd); the footer lists name, type, scale,
// offset, length, crc32c and codec of each block, and the row count. A reader reads the footer, then only the blocks it needs, and
// checks each block's checksum: a corrupt file is an ErrCorrupt naming the
// file, never data.

package dfs

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/porpoisedb/porpoise/dfs/vfs"
	"github.com/porpoisedb/porpoise/vm/value"
)

const segMagic, segTail = "PSEG", "PSG1"

type segCol struct {
	Name  string     `json:"n"`
	Type  value.Type `json:"t"`
	Scale int32      `json:"s,omitempty"`
	Off   int64      `json:"o"`
	Len   int64      `json:"l"`
	CRC   uint32     `json:"c"`
	// Codec is the block's compression (codecZstd when absent, as in
	// files written before it was recorded).
	Codec uint8 `json:"z,omitempty"`
}

type segFooter struct {
	Rows int64    `json:"rows"`
	Cols []segCol `json:"cols"`
}

// encodeSegment encodes rows [lo, hi) of the columns (names are the
// schema's) with up to par goroutines, column i with compression method
// methods[i] ("" or missing: the default).
func encodeSegment(names []string, cols []*value.Vector, methods []string, lo, hi int, par int) ([]byte, error) {
	blocks := make([][]byte, len(cols))
	codecs := make([]uint8, len(cols))
	errs := make([]error, len(cols))
	if par < 1 {
		par = 1
	}
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	for i, c := range cols {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			m := ""
			if i < len(methods) {
				m = methods[i]
			}
			errs[i] = safe(func() (err error) { blocks[i], codecs[i], err = encodeColumn(c, lo, hi, m); return })
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	size := 4
	for _, b := range blocks {
		size += len(b)
	}
	out := make([]byte, 0, size+256+64*len(cols))
	out = append(out, segMagic...)
	f := segFooter{}
	f.Rows = int64(hi - lo)
	for i, b := range blocks {
		f.Cols = append(f.Cols, segCol{Name: names[i], Type: cols[i].Type(), Scale: cols[i].Scale(), Off: int64(len(out)), Len: int64(len(b)), CRC: crc(b), Codec: codecs[i]})
		out = append(out, b...)
	}
	fj, err := json.Marshal(&f)
	if err != nil {
		return nil, err
	}
	out = append(out, fj...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(fj)))
	out = binary.LittleEndian.AppendUint32(out, crc(fj))
	return append(out, segTail...), nil
}

// writeSegment writes data to path via path.tmp: write, fsync, rename.
func writeSegment(fs vfs.FS, path string, data []byte, sync bool) error {
	if err := vfs.WriteFileAtomic(fs, path, data, sync); err != nil {
		return fmt.Errorf("write segment %s: %w", path, err)
	}
	return nil
}

// segReader reads columns of one segment file.
type segReader struct {
	cache  *colCache
	shared bool // cached non-SYMBOL columns may be returned without a copy
	path   string
	f      vfs.File
	footer segFooter
}

func corruptf(path, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrCorrupt, path, fmt.Sprintf(format, args...))
}

func openSegment(fs vfs.FS, path string) (*segReader, error) {
	f, err := fs.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: the column file %s does not exist", ErrMissing, path)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r := &segReader{path: path, f: f}
	if err := r.readFooter(); err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

func (r *segReader) readFooter() error {
	size, err := r.f.Size()
	if err != nil {
		return err
	}
	if size < 16 {
		return corruptf(r.path, "file of %d bytes is too short", size)
	}
	var tail [12]byte
	if _, err := r.f.ReadAt(tail[:], size-12); err != nil && err != io.EOF {
		return fmt.Errorf("read %s: %w", r.path, err)
	}
	if string(tail[8:]) != segTail {
		return corruptf(r.path, "bad trailer")
	}
	fl := int64(binary.LittleEndian.Uint32(tail[0:]))
	if fl > size-16 {
		return corruptf(r.path, "bad footer length")
	}
	fj := make([]byte, fl)
	if _, err := r.f.ReadAt(fj, size-12-fl); err != nil && err != io.EOF {
		return fmt.Errorf("read %s: %w", r.path, err)
	}
	if crc(fj) != binary.LittleEndian.Uint32(tail[4:]) {
		return corruptf(r.path, "footer checksum mismatch")
	}
	if err := json.Unmarshal(fj, &r.footer); err != nil {
		return corruptf(r.path, "bad footer: %v", err)
	}
	for _, c := range r.footer.Cols {
		if c.Off < 4 || c.Off+c.Len > size-12-fl {
			return corruptf(r.path, "column %s out of bounds", c.Name)
		}
	}
	return nil
}

func (r *segReader) close() { r.f.Close() }

func (r *segReader) rows() int { return int(r.footer.Rows) }

// column reads and decodes column i (file position), through the cache
// when there is one.
func (r *segReader) column(i int, base *value.SymbolBase) (*value.Vector, error) {
	k := colKey{r.path, i}
	if v, ok := r.cache.get(k, base, r.shared); ok {
		return v, nil
	}
	v, err := r.decode(i, base)
	if err == nil {
		r.cache.put(k, v)
	}
	return v, err
}

// schemaColumn reads the schema column c: the segment's column of c's
// segment-file name, or, when the segment has none (written before
// addColumn added c, or by an append of fewer columns), nulls.
func (r *segReader) schemaColumn(c ColDef, base *value.SymbolBase) (*value.Vector, error) {
	name := c.phys()
	for i, sc := range r.footer.Cols {
		if sc.Name == name {
			return r.column(i, base)
		}
	}
	v := value.NewNullVector(c.Type, r.rows())
	if c.Type.IsDecimal() {
		d := value.NewDecimalVector(c.Type, c.Scale, 0)
		if err := d.AppendVector(v); err != nil {
			return nil, err
		}
		v = d
	}
	return v, nil
}

// hasColumn reports whether the segment holds a column of that
// segment-file name.
func (r *segReader) hasColumn(name string) bool {
	for _, sc := range r.footer.Cols {
		if sc.Name == name {
			return true
		}
	}
	return false
}

func (r *segReader) decode(i int, base *value.SymbolBase) (*value.Vector, error) {
	if i >= len(r.footer.Cols) {
		return nil, corruptf(r.path, "has %d columns, column %d requested", len(r.footer.Cols), i+1)
	}
	c := r.footer.Cols[i]
	b := make([]byte, c.Len)
	if _, err := r.f.ReadAt(b, c.Off); err != nil && err != io.EOF {
		return nil, fmt.Errorf("read %s: %w", r.path, err)
	}
	if crc(b) != c.CRC {
		return nil, corruptf(r.path, "checksum mismatch in column %s", c.Name)
	}
	v, err := decodeColumn(b, c.Codec, c.Type, c.Scale, int(r.footer.Rows), base)
	if err != nil {
		return nil, corruptf(r.path, "column %s: %v", c.Name, err)
	}
	return v, nil
}

// verify checks every block checksum.
func (r *segReader) verify() error {
	for _, c := range r.footer.Cols {
		b := make([]byte, c.Len)
		if _, err := r.f.ReadAt(b, c.Off); err != nil && err != io.EOF {
			return fmt.Errorf("read %s: %w", r.path, err)
		}
		if crc(b) != c.CRC {
			return corruptf(r.path, "checksum mismatch in column %s", c.Name)
		}
	}
	return nil
}
