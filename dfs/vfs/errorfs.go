// This file defines ErrorFS: an FS wrapper that records every operation as
// a line of a trace and can fail chosen operations (pebble's vfs/errorfs).

package vfs

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
)

// ErrInjected is the error an ErrorFS returns for an injected fault.
var ErrInjected = errors.New("injected error")

// Injector decides whether op on path fails. op is one of create, open,
// append, write, sync, close, remove, removeall, rename, mkdir, readdir,
// syncdir, truncate, read.
type Injector func(op, path string) error

// OnNth fails the n-th (1-based) operation matching op (any op when "")
// and whose path contains sub.
func OnNth(n int, op, sub string) Injector {
	var mu sync.Mutex
	k := 0
	return func(o, p string) error {
		if (op != "" && o != op) || !strings.Contains(p, sub) {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		k++
		if k == n {
			return fmt.Errorf("%s %s: %w", o, p, ErrInjected)
		}
		return nil
	}
}

// ErrorFS wraps an FS with a trace and an injector.
type ErrorFS struct {
	FS     FS
	Root   string // trimmed from traced paths
	Inject Injector

	mu    sync.Mutex
	trace []string
}

// NewErrorFS wraps fs.
func NewErrorFS(fs FS, root string, inj Injector) *ErrorFS {
	return &ErrorFS{FS: fs, Root: root, Inject: inj}
}

// Trace returns the operations so far, one per line.
func (e *ErrorFS) Trace() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return strings.Join(e.trace, "\n")
}

// ResetTrace forgets the trace.
func (e *ErrorFS) ResetTrace() {
	e.mu.Lock()
	e.trace = nil
	e.mu.Unlock()
}

func (e *ErrorFS) op(op, path string, extra string) error {
	p := filepath.ToSlash(strings.TrimPrefix(path, e.Root))
	var err error
	if e.Inject != nil {
		err = e.Inject(op, p)
	}
	line := op + " " + p + extra
	if err != nil {
		line += " -> error"
	}
	e.mu.Lock()
	e.trace = append(e.trace, line)
	e.mu.Unlock()
	return err
}

type errFile struct {
	File
	e    *ErrorFS
	name string
}

func (f *errFile) Write(p []byte) (int, error) {
	if err := f.e.op("write", f.name, fmt.Sprintf(" %d", len(p))); err != nil {
		return 0, err
	}
	return f.File.Write(p)
}

func (f *errFile) Sync() error {
	if err := f.e.op("sync", f.name, ""); err != nil {
		return err
	}
	return f.File.Sync()
}

func (f *errFile) ReadAt(p []byte, off int64) (int, error) {
	if f.e.Inject != nil {
		if err := f.e.Inject("read", strings.TrimPrefix(f.name, f.e.Root)); err != nil {
			return 0, err
		}
	}
	return f.File.ReadAt(p, off)
}

func (f *errFile) Close() error {
	if err := f.e.op("close", f.name, ""); err != nil {
		f.File.Close()
		return err
	}
	return f.File.Close()
}

func (e *ErrorFS) wrap(f File, name string, err error) (File, error) {
	if err != nil {
		return nil, err
	}
	return &errFile{File: f, e: e, name: name}, nil
}

// Create implements FS.
func (e *ErrorFS) Create(name string) (File, error) {
	if err := e.op("create", name, ""); err != nil {
		return nil, err
	}
	f, err := e.FS.Create(name)
	return e.wrap(f, name, err)
}

// Open implements FS (not traced: reads are too many to be useful).
func (e *ErrorFS) Open(name string) (File, error) {
	if e.Inject != nil {
		if err := e.Inject("open", strings.TrimPrefix(name, e.Root)); err != nil {
			return nil, err
		}
	}
	f, err := e.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &errFile{File: f, e: e, name: name}, nil
}

// OpenAppend implements FS.
func (e *ErrorFS) OpenAppend(name string) (File, error) {
	if err := e.op("append", name, ""); err != nil {
		return nil, err
	}
	f, err := e.FS.OpenAppend(name)
	return e.wrap(f, name, err)
}

// Remove implements FS.
func (e *ErrorFS) Remove(name string) error {
	if err := e.op("remove", name, ""); err != nil {
		return err
	}
	return e.FS.Remove(name)
}

// RemoveAll implements FS.
func (e *ErrorFS) RemoveAll(name string) error {
	if err := e.op("removeall", name, ""); err != nil {
		return err
	}
	return e.FS.RemoveAll(name)
}

// Rename implements FS.
func (e *ErrorFS) Rename(o, n string) error {
	if err := e.op("rename", o, " -> "+filepath.ToSlash(strings.TrimPrefix(n, e.Root))); err != nil {
		return err
	}
	return e.FS.Rename(o, n)
}

// MkdirAll implements FS.
func (e *ErrorFS) MkdirAll(dir string) error {
	if err := e.op("mkdir", dir, ""); err != nil {
		return err
	}
	return e.FS.MkdirAll(dir)
}

// ReadDir implements FS (not traced).
func (e *ErrorFS) ReadDir(dir string) ([]string, error) { return e.FS.ReadDir(dir) }

// Exists implements FS (not traced).
func (e *ErrorFS) Exists(name string) bool { return e.FS.Exists(name) }

// SyncDir implements FS.
func (e *ErrorFS) SyncDir(dir string) error {
	if err := e.op("syncdir", dir, ""); err != nil {
		return err
	}
	return e.FS.SyncDir(dir)
}

// Truncate implements FS.
func (e *ErrorFS) Truncate(name string, size int64) error {
	if err := e.op("truncate", name, fmt.Sprintf(" %d", size)); err != nil {
		return err
	}
	return e.FS.Truncate(name, size)
}
