// This file defines the names a column range (col1...col10) stands for.

package ast

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxRangeSpan is the largest difference DolphinDB allows between the
// numbers at the two ends of a column range.
const MaxRangeSpan = 32768

// Names returns the column names r stands for, in order: the shared
// prefix followed by each number from From's to To's (descending when
// To's is smaller), zero-padded to the digits' width when they are
// written with leading zeros (col0001...col0010).
func (r *ColumnRange) Names() ([]string, error) { return RangeNames(r.From, r.To) }

// RangeNames returns the names from...to stands for (see ColumnRange.Names).
func RangeNames(from, to string) ([]string, error) {
	p1, d1, ok1 := splitNumbered(from)
	p2, d2, ok2 := splitNumbered(to)
	switch {
	case !ok1:
		return nil, fmt.Errorf("The column name %s in a column range must be letters or underscores followed by digits", from)
	case !ok2:
		return nil, fmt.Errorf("The column name %s in a column range must be letters or underscores followed by digits", to)
	case !strings.EqualFold(p1, p2):
		return nil, fmt.Errorf("The columns %s and %s of a column range must have the same prefix", from, to)
	}
	// The span is checked on the digit strings first so that numbers too
	// long for an int64 are an error, not an overflow.
	n1, err1 := strconv.ParseInt(d1, 10, 64)
	n2, err2 := strconv.ParseInt(d2, 10, 64)
	if err1 != nil || err2 != nil || n2-n1 > MaxRangeSpan || n1-n2 > MaxRangeSpan {
		return nil, fmt.Errorf("The difference between the numbers of the column range %s...%s must not exceed %d", from, to, MaxRangeSpan)
	}
	width := 0
	if padded(d1) || padded(d2) {
		if len(d1) != len(d2) {
			return nil, fmt.Errorf("The numbers of the column range %s...%s must have the same number of digits when written with leading zeros", from, to)
		}
		width = len(d1)
	}
	step := int64(1)
	if n2 < n1 {
		step = -1
	}
	names := make([]string, 0, (n2-n1)*step+1)
	for n := n1; ; n += step {
		names = append(names, fmt.Sprintf("%s%0*d", p1, width, n))
		if n == n2 {
			return names, nil
		}
	}
}

// splitNumbered splits a name matching [a-zA-Z_]+[0-9]+ into its prefix
// and digits.
func splitNumbered(name string) (prefix, digits string, ok bool) {
	i := len(name)
	for i > 0 && name[i-1] >= '0' && name[i-1] <= '9' {
		i--
	}
	if i == 0 || i == len(name) {
		return "", "", false
	}
	for _, c := range []byte(name[:i]) {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return "", "", false
		}
	}
	return name[:i], name[i:], true
}

func padded(digits string) bool { return len(digits) > 1 && digits[0] == '0' }
