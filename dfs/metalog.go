// This file defines the framed record log used by both the controller's
// DFSMetaLog and the data node's CHUNK_METADATA edit log.
//
// A record is [len uint32 LE][crc32c(payload) uint32 LE][payload]. Replay
// stops at the first bad record: a short tail (a torn last write) or a
// checksum mismatch. Both are reported with the file name and offset; the
// records before stay valid.

package dfs

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"sync"

	"github.com/porpoisedb/porpoise/dfs/vfs"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func crc(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// metaLog appends records to one file. Safe for concurrent use.
type metaLog struct {
	mu   sync.Mutex
	fs   vfs.FS
	path string
	f    vfs.File
	size int64
}

func openMetaLog(fs vfs.FS, path string) (*metaLog, error) {
	f, err := fs.OpenAppend(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	n, err := f.Size()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &metaLog{fs: fs, path: path, f: f, size: n}, nil
}

// appendRecs writes records in one write and, if sync, fsyncs.
func (l *metaLog) appendRecs(sync bool, payloads ...[]byte) error {
	var buf []byte
	for _, p := range payloads {
		buf = appendFrame(buf, p)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return fmt.Errorf("%s: %w", l.path, ErrClosed)
	}
	if _, err := l.f.Write(buf); err != nil {
		l.undo()
		return fmt.Errorf("write %s: %w", l.path, err)
	}
	if sync {
		if err := l.f.Sync(); err != nil {
			l.undo()
			return fmt.Errorf("sync %s: %w", l.path, err)
		}
	}
	l.size += int64(len(buf))
	return nil
}

// undo cuts the file back to its last good size after a failed append, so
// a record the caller reports as failed is never replayed. If that fails
// too, the log refuses further appends.
func (l *metaLog) undo() {
	if err := l.fs.Truncate(l.path, l.size); err != nil {
		l.f.Close()
		l.f = nil
	}
}

func (l *metaLog) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// readMetaLog returns the valid records of path and, when replay stopped
// early, the offset of the first bad byte and an error naming the file.
// A missing file has no records.
func readMetaLog(fs vfs.FS, path string) (recs [][]byte, good int64, bad error) {
	if !fs.Exists(path) {
		return nil, 0, nil
	}
	data, err := vfs.ReadFile(fs, path)
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", path, err)
	}
	return parseFramed(data, path)
}

// parseFramed splits data into records; see readMetaLog.
func parseFramed(data []byte, path string) (recs [][]byte, good int64, bad error) {
	off := 0
	for off < len(data) {
		if len(data)-off < 8 {
			return recs, int64(off), fmt.Errorf("%w: %s is truncated at offset %d (incomplete record header)", ErrCorrupt, path, off)
		}
		n := int(binary.LittleEndian.Uint32(data[off:]))
		sum := binary.LittleEndian.Uint32(data[off+4:])
		if n > len(data)-off-8 {
			return recs, int64(off), fmt.Errorf("%w: %s is truncated at offset %d (record of %d bytes, %d left)", ErrCorrupt, path, off, n, len(data)-off-8)
		}
		p := data[off+8 : off+8+n]
		if crc(p) != sum {
			return recs, int64(off), fmt.Errorf("%w: %s has a checksum mismatch at offset %d", ErrCorrupt, path, off)
		}
		recs = append(recs, p)
		off += 8 + n
	}
	return recs, int64(off), nil
}

func appendFrame(buf, p []byte) []byte {
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(p)))
	buf = binary.LittleEndian.AppendUint32(buf, crc(p))
	return append(buf, p...)
}
