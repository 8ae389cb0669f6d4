// This file defines the marker errors storage errors are classified with:
// wrap with %w, test with errors.Is (cockroachdb/pebble internal/base).

package dfs

import (
	"errors"
	"fmt"
)

var (
	// ErrCorrupt marks a file whose checksum or framing is wrong. The
	// message names the file.
	ErrCorrupt = errors.New("corrupt file")
	// ErrMissing marks a file the metadata names but the disk lacks.
	ErrMissing = errors.New("missing file")
	// ErrLocked marks a write that met a chunk locked by another
	// transaction (DolphinDB's S00002).
	ErrLocked = errors.New("chunk in transaction")
	// ErrNotFound marks an absent database, table or partition.
	ErrNotFound = errors.New("not found")
	// ErrExists marks a database or table that already exists.
	ErrExists = errors.New("already exists")
	// ErrInvalid marks a bad argument (scheme, column, type).
	ErrInvalid = errors.New("invalid argument")
	// ErrClosed marks use of a closed store.
	ErrClosed = errors.New("store closed")
)

// userError is an error whose text is shown as is to the script user while
// still matching a marker.
type userError struct {
	msg    string
	marker error
}

func (e *userError) Error() string { return e.msg }
func (e *userError) Unwrap() error { return e.marker }

func uerr(marker error, msg string) error { return &userError{msg: msg, marker: marker} }

// safe runs f, turning a panic (value.Reserve's *OutOfMemoryError when
// maxMemSize is exceeded) into an error: storage work runs on its own
// goroutines, where a panic would end the process.
func safe(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	return f()
}
