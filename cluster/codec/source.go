// This file defines the Decoder's byte source: a byte slice or a buffered
// stream, read with bounded, incremental allocations.

package codec

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Errors the decoder classifies with errors.Is.
var (
	// ErrTruncated: the input ended inside an object.
	ErrTruncated = errors.New("truncated object")
	// ErrInvalid: a malformed object (unknown type or form, bad length,
	// bad symbol base ...).
	ErrInvalid = errors.New("invalid object")
)

// chunk is the largest allocation made ahead of the bytes it will hold.
const chunk = 64 << 10

// source reads from either a byte slice (b, pos) or a buffered stream (br).
type source struct {
	b   []byte
	pos int
	br  *bufio.Reader
	n   int64 // bytes consumed
}

func newSource(r io.Reader) *source {
	if br, ok := r.(*bufio.Reader); ok {
		return &source{br: br}
	}
	return &source{br: bufio.NewReader(r)}
}

// known returns the number of bytes left in slice mode, or -1 for a stream.
func (s *source) known() int64 {
	if s.br != nil {
		return -1
	}
	return int64(len(s.b) - s.pos)
}

// check fails fast when a slice source cannot hold n more bytes. For a
// stream it does nothing: reads grow as bytes arrive.
func (s *source) check(n int64) error {
	if n < 0 {
		return fmt.Errorf("%w: negative length", ErrInvalid)
	}
	if k := s.known(); k >= 0 && n > k {
		return fmt.Errorf("%w: need %d bytes, %d left", ErrTruncated, n, k)
	}
	return nil
}

func truncated(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return ErrTruncated
	}
	return err
}

// small reads exactly n (≤ 16) bytes into a scratch array.
func (s *source) small(dst []byte) error {
	if s.br == nil {
		if len(s.b)-s.pos < len(dst) {
			return ErrTruncated
		}
		copy(dst, s.b[s.pos:])
		s.pos += len(dst)
		s.n += int64(len(dst))
		return nil
	}
	k, err := io.ReadFull(s.br, dst)
	s.n += int64(k)
	return truncated(err)
}

func (s *source) byte() (byte, error) {
	if s.br == nil {
		if s.pos >= len(s.b) {
			return 0, ErrTruncated
		}
		s.pos++
		s.n++
		return s.b[s.pos-1], nil
	}
	c, err := s.br.ReadByte()
	if err != nil {
		return 0, truncated(err)
	}
	s.n++
	return c, nil
}

// bytes reads exactly n bytes into a new slice. In stream mode the slice
// grows in chunks as bytes arrive, so a lying length costs at most one
// chunk (plus what the peer actually sent) before the read fails.
func (s *source) bytes(n int64) ([]byte, error) {
	if err := s.check(n); err != nil {
		return nil, err
	}
	if s.br == nil {
		out := make([]byte, n)
		copy(out, s.b[s.pos:])
		s.pos += int(n)
		s.n += n
		return out, nil
	}
	out := make([]byte, 0, min(n, chunk))
	for int64(len(out)) < n {
		if len(out) == cap(out) {
			grown := make([]byte, len(out), min(2*int64(cap(out)), n))
			copy(grown, out)
			out = grown
		}
		k, err := io.ReadFull(s.br, out[len(out):cap(out)])
		out = out[:len(out)+k]
		s.n += int64(k)
		if err != nil {
			return nil, truncated(err)
		}
	}
	return out, nil
}

// cstring reads bytes up to a 0x00 terminator (dropped).
func (s *source) cstring() (string, error) {
	if s.br == nil {
		i := bytes.IndexByte(s.b[s.pos:], 0)
		if i < 0 {
			return "", fmt.Errorf("%w: unterminated string", ErrTruncated)
		}
		str := string(s.b[s.pos : s.pos+i])
		s.pos += i + 1
		s.n += int64(i + 1)
		return str, nil
	}
	line, err := s.br.ReadSlice(0)
	if err == nil {
		s.n += int64(len(line))
		return string(line[:len(line)-1]), nil
	}
	var buf []byte
	for err == bufio.ErrBufferFull {
		buf = append(buf, line...)
		s.n += int64(len(line))
		line, err = s.br.ReadSlice(0)
	}
	if err != nil {
		return "", truncated(err)
	}
	s.n += int64(len(line))
	buf = append(buf, line[:len(line)-1]...)
	return string(buf), nil
}
