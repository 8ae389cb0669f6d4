package builtins

import (
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/porpoisedb/porpoise/vm/value"
)

// mapFile reads a whole text file into memory charged to the memory
// account (maxMemSize refuses a file too big to load, with an error). It
// reads rather than memory-maps the file: a mapped file truncated by
// another process while it loads would kill the server with SIGBUS.
// release is a no-op kept for the caller's shape.
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
	if !st.Mode().IsRegular() || st.Size() == 0 {
		// Pipes and devices have no size: read to the end.
		b, err := io.ReadAll(f)
		return b, func() {}, err
	}
	size := st.Size()
	if size != int64(int(size)) {
		return nil, nil, fmt.Errorf("the file is too large to load (%d bytes)", size)
	}
	buf := value.NewVector(value.CHAR, int(size)).Raw()
	n, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF {
		// Shrunk since Stat: load what is there.
		err = nil
	}
	return buf[:n], func() {}, err
}
