// This file defines the known-failure list: case ids expected to fail,
// each with a reason, read from a text file.

package dostest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KnownFailuresFile is the list's file name. It is looked for in the
// tested folder and in its parent (tests/known_failures.txt serves
// tests/lang).
const KnownFailuresFile = "known_failures.txt"

// Known maps a case id ("vectors.dos:vector_append") to the reason it is
// expected to fail. A nil Known lists nothing.
type Known map[string]string

// Reason returns the recorded reason and whether id is listed.
func (k Known) Reason(id string) (string, bool) {
	r, ok := k[id]
	return r, ok
}

// ParseKnown reads the list format: one case id a line; a "#" starts a
// comment. The reason of an entry is its trailing comment or else the
// comment lines just above it:
//
//	# SQL is not implemented yet
//	table_basic.dos:select_where
//	vectors.dos:vector_sort   # sort! of a SYMBOL vector
func ParseKnown(name string, src []byte) (Known, error) {
	k := Known{}
	var pending []string // comment lines above the current entry
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		entry, comment, _ := strings.Cut(line, "#")
		entry, comment = strings.TrimSpace(entry), strings.TrimSpace(comment)
		if entry == "" {
			if line == "" {
				pending = nil
			} else {
				pending = append(pending, comment)
			}
			continue
		}
		if strings.ContainsAny(entry, " \t") || !strings.Contains(entry, ":") {
			return nil, fmt.Errorf("%s:%d: %q is not a case id (want file.dos:case)", name, n, entry)
		}
		reason := comment
		if reason == "" {
			reason = strings.Join(pending, " ")
		}
		if _, dup := k[entry]; dup {
			return nil, fmt.Errorf("%s:%d: %s is listed twice", name, n, entry)
		}
		k[entry] = reason
	}
	return k, sc.Err()
}

// LoadKnown reads a list file; a missing file is an empty list.
func LoadKnown(path string) (Known, error) {
	src, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return Known{}, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseKnown(path, src)
}

// FindKnown returns the path of the list that serves a test file or
// folder: KnownFailuresFile in the folder (or the file's folder), else in
// its parent; "" when there is none.
func FindKnown(path string) string {
	dir := path
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		dir = filepath.Dir(path)
	}
	for _, d := range []string{dir, filepath.Dir(dir)} {
		p := filepath.Join(d, KnownFailuresFile)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}
