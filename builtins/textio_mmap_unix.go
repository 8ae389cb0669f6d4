//go:build unix

package builtins

import (
	"os"
	"syscall"
)

// mapFile maps a file read-only instead of reading it: loading a large
// text file then costs no zeroed buffer and no copy out of the page
// cache. Nothing may keep a slice of the data after release: the reader
// copies every string it keeps.
func mapFile(name string) (data []byte, release func(), err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if st.IsDir() {
		return nil, nil, syscall.EISDIR
	}
	size := st.Size()
	if size == 0 || size != int64(int(size)) || !st.Mode().IsRegular() {
		// Empty files cannot be mapped; pipes and devices have no size.
		b, err := os.ReadFile(name)
		return b, func() {}, err
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE|mmapPopulate)
	if err != nil {
		b, err := os.ReadFile(name)
		return b, func() {}, err
	}
	return b, func() { _ = syscall.Munmap(b) }, nil
}
