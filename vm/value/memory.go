// This file is the memory account: every vector buffer is charged to it,
// and an allocation past the limit is refused with an error instead of the
// process being killed by the OS.

package value

import (
	"fmt"
	"runtime"
	"sync/atomic"
)

var (
	memLimit atomic.Int64 // 0: no limit
	memUsed  atomic.Int64
)

// OutOfMemoryError is the panic value of a refused allocation. The VM
// recovers it at the call boundary and reports it as a script error.
type OutOfMemoryError struct {
	Want, Used, Limit int64
}

func (e *OutOfMemoryError) Error() string {
	return fmt.Sprintf("Out of memory: failed to allocate %d bytes (%d of maxMemSize %d bytes in use)", e.Want, e.Used, e.Limit)
}

// SetMemoryLimit sets the account's limit in bytes (0 removes it).
func SetMemoryLimit(bytes int64) { memLimit.Store(bytes) }

// MemoryLimit returns the current limit (0: none).
func MemoryLimit() int64 { return memLimit.Load() }

// MemoryUsed returns the bytes charged and not yet released.
func MemoryUsed() int64 { return memUsed.Load() }

// Reserve charges n bytes to the account or panics with
// *OutOfMemoryError. Large reservations are released by the garbage
// collector's cleanup of the owning buffer; small ones (< 64 KiB) are
// checked against the limit but not tracked, to keep small vectors cheap.
func Reserve(n int64) {
	limit := memLimit.Load()
	if n < 64<<10 {
		if limit > 0 && memUsed.Load()+n > limit {
			runtime.GC()
			if memUsed.Load()+n > limit {
				panic(&OutOfMemoryError{Want: n, Used: memUsed.Load(), Limit: limit})
			}
		}
		return
	}
	used := memUsed.Add(n)
	if limit > 0 && used > limit {
		memUsed.Add(-n)
		// Buffers that are garbage but not yet collected still count:
		// collect once and retry before refusing.
		runtime.GC()
		used = memUsed.Add(n)
		if used > limit {
			memUsed.Add(-n)
			panic(&OutOfMemoryError{Want: n, Used: used - n, Limit: limit})
		}
	}
}

// release is registered as the cleanup of large buffers.
func release(n int64) { memUsed.Add(-n) }
