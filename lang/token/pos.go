// Package token owns source positions and line tables shared by the
// scanner, parser, compiler and error messages.
package token

import (
	"bytes"
	"fmt"
	"sort"
)

var newline = []byte{'\n'}

// Pos is a byte offset into a script plus one, so that the zero value
// means "no position".
type Pos int32

// NoPos is the zero Pos: the node has no source position.
const NoPos Pos = 0

// IsValid reports whether p names a real offset.
func (p Pos) IsValid() bool { return p != NoPos }

// Offset returns the 0-based byte offset of p.
func (p Pos) Offset() int { return int(p) - 1 }

// PosOf converts a 0-based byte offset into a Pos.
func PosOf(offset int) Pos { return Pos(offset + 1) }

// Position is a Pos resolved to a line and column (both 1-based; the column
// counts bytes).
type Position struct {
	Filename string
	Line     int
	Col      int
}

func (p Position) String() string {
	if p.Filename == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Col)
}

// File is a script's name plus its line table. It is immutable once built and
// safe for concurrent use.
type File struct {
	Name  string
	Src   []byte
	lines []int // byte offset at which each line starts
}

// NewFile builds the line table of src.
func NewFile(name string, src []byte) *File {
	lines := make([]int, 1, bytes.Count(src, newline)+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		lines = append(lines, i)
	}
	return &File{Name: name, Src: src, lines: lines}
}

// Position resolves p. An invalid p yields line 0.
func (f *File) Position(p Pos) Position {
	if f == nil || !p.IsValid() {
		return Position{}
	}
	off := p.Offset()
	i := sort.SearchInts(f.lines, off+1) - 1
	if i < 0 {
		i = 0
	}
	return Position{Filename: f.Name, Line: i + 1, Col: off - f.lines[i] + 1}
}

// Line returns the text of 1-based line n without its newline.
func (f *File) Line(n int) string {
	if f == nil || n < 1 || n > len(f.lines) {
		return ""
	}
	start := f.lines[n-1]
	end := len(f.Src)
	if n < len(f.lines) {
		end = f.lines[n] - 1
	}
	if end > start && f.Src[end-1] == '\r' {
		end--
	}
	return string(f.Src[start:end])
}
