// This file defines MemFS, an in-memory FS for tests. It remembers what was
// synced, so CrashClone can model a power loss: unsynced bytes vanish.

package vfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// MemFS is an in-memory FS. Safe for concurrent use.
type MemFS struct {
	mu    sync.Mutex
	files map[string]*memNode
	dirs  map[string]bool
}

type memNode struct {
	data   []byte
	synced []byte
	wasSyn bool
}

// NewMem returns an empty in-memory FS.
func NewMem() *MemFS {
	return &MemFS{files: map[string]*memNode{}, dirs: map[string]bool{"/": true, ".": true}}
}

func clean(name string) string { return filepath.ToSlash(filepath.Clean(name)) }

func notExist(op, name string) error {
	return &fs.PathError{Op: op, Path: name, Err: os.ErrNotExist}
}

type memFile struct {
	fs     *MemFS
	name   string
	node   *memNode
	pos    int
	append bool
}

func (f *memFile) Read(p []byte) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.pos >= len(f.node.data) {
		return 0, io.EOF
	}
	n := copy(p, f.node.data[f.pos:])
	f.pos += n
	return n, nil
}

func (f *memFile) ReadAt(p []byte, off int64) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if off >= int64(len(f.node.data)) {
		return 0, io.EOF
	}
	n := copy(p, f.node.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *memFile) Write(p []byte) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.append {
		f.pos = len(f.node.data)
	}
	end := f.pos + len(p)
	if end > len(f.node.data) {
		f.node.data = append(f.node.data, make([]byte, end-len(f.node.data))...)
	}
	copy(f.node.data[f.pos:], p)
	f.pos = end
	return len(p), nil
}

func (f *memFile) Close() error { return nil }

func (f *memFile) Sync() error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	f.node.synced = append([]byte(nil), f.node.data...)
	f.node.wasSyn = true
	return nil
}

func (f *memFile) Size() (int64, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	return int64(len(f.node.data)), nil
}

func (m *MemFS) parentOK(name string) bool {
	return m.dirs[clean(path.Dir(name))]
}

// Create implements FS.
func (m *MemFS) Create(name string) (File, error) {
	name = clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.parentOK(name) {
		return nil, notExist("create", name)
	}
	n := &memNode{}
	m.files[name] = n
	return &memFile{fs: m, name: name, node: n}, nil
}

// Open implements FS.
func (m *MemFS) Open(name string) (File, error) {
	name = clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.files[name]
	if !ok {
		return nil, notExist("open", name)
	}
	return &memFile{fs: m, name: name, node: n}, nil
}

// OpenAppend implements FS.
func (m *MemFS) OpenAppend(name string) (File, error) {
	name = clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.files[name]
	if !ok {
		if !m.parentOK(name) {
			return nil, notExist("open", name)
		}
		n = &memNode{}
		m.files[name] = n
	}
	return &memFile{fs: m, name: name, node: n, append: true}, nil
}

// Remove implements FS.
func (m *MemFS) Remove(name string) error {
	name = clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.files[name]; ok {
		delete(m.files, name)
		return nil
	}
	if m.dirs[name] {
		for k := range m.files {
			if strings.HasPrefix(k, name+"/") {
				return errors.New("remove " + name + ": directory not empty")
			}
		}
		delete(m.dirs, name)
		return nil
	}
	return notExist("remove", name)
}

// RemoveAll implements FS.
func (m *MemFS) RemoveAll(name string) error {
	name = clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.files, name)
	delete(m.dirs, name)
	for k := range m.files {
		if strings.HasPrefix(k, name+"/") {
			delete(m.files, k)
		}
	}
	for k := range m.dirs {
		if strings.HasPrefix(k, name+"/") {
			delete(m.dirs, k)
		}
	}
	return nil
}

// Rename implements FS.
func (m *MemFS) Rename(oldname, newname string) error {
	oldname, newname = clean(oldname), clean(newname)
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.files[oldname]
	if !ok {
		return notExist("rename", oldname)
	}
	if !m.parentOK(newname) {
		return notExist("rename", newname)
	}
	delete(m.files, oldname)
	m.files[newname] = n
	return nil
}

// MkdirAll implements FS.
func (m *MemFS) MkdirAll(dir string) error {
	dir = clean(dir)
	m.mu.Lock()
	defer m.mu.Unlock()
	for d := dir; ; d = clean(path.Dir(d)) {
		m.dirs[d] = true
		if d == "/" || d == "." {
			break
		}
	}
	return nil
}

// ReadDir implements FS.
func (m *MemFS) ReadDir(dir string) ([]string, error) {
	dir = clean(dir)
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.dirs[dir] {
		return nil, notExist("readdir", dir)
	}
	seen := map[string]bool{}
	add := func(p string) {
		if clean(path.Dir(p)) == dir && p != dir {
			seen[path.Base(p)] = true
		}
	}
	for k := range m.files {
		add(k)
	}
	for k := range m.dirs {
		add(k)
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}

// Exists implements FS.
func (m *MemFS) Exists(name string) bool {
	name = clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.files[name]
	return ok || m.dirs[name]
}

// SyncDir implements FS.
func (m *MemFS) SyncDir(string) error { return nil }

// Truncate implements FS.
func (m *MemFS) Truncate(name string, size int64) error {
	name = clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.files[name]
	if !ok {
		return notExist("truncate", name)
	}
	if int64(len(n.data)) > size {
		n.data = n.data[:size]
	}
	return nil
}

// CrashClone returns a copy holding only synced bytes: files never synced
// are gone, others are cut back to their last sync (a power loss).
func (m *MemFS) CrashClone() *MemFS {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := NewMem()
	for k, v := range m.dirs {
		c.dirs[k] = v
	}
	for k, n := range m.files {
		if !n.wasSyn {
			continue
		}
		d := append([]byte(nil), n.synced...)
		c.files[k] = &memNode{data: d, synced: append([]byte(nil), d...), wasSyn: true}
	}
	return c
}

// Mutate lets a test corrupt a file's bytes in place.
func (m *MemFS) Mutate(name string, fn func([]byte) []byte) error {
	name = clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.files[name]
	if !ok {
		return notExist("mutate", name)
	}
	n.data = fn(n.data)
	return nil
}
