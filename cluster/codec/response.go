// This file defines the response side of the protocol (§3): the response
// header, error lines, MSG frames and paged (fetchSize) results.

package codec

import (
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// AppendResponse appends "<sid> <n> 1\nOK\n" and, when v is not nil, the
// object (n = 1). Replies are always little-endian.
func AppendResponse(dst []byte, sid string, v value.Value) ([]byte, error) {
	if v == nil {
		return append(append(dst, sid...), " 0 1\nOK\n"...), nil
	}
	start := len(dst)
	dst = append(append(dst, sid...), " 1 1\nOK\n"...)
	out, err := MarshalValue(dst, v, true)
	if err != nil {
		return dst[:start], err
	}
	return out, nil
}

// AppendError appends an error response; msg is folded onto one line.
func AppendError(dst []byte, sid, msg string) []byte {
	dst = append(append(dst, sid...), " 0 1\n"...)
	return append(append(dst, OneLine(msg)...), '\n')
}

// OneLine replaces line breaks and NULs so msg fits a status line.
func OneLine(msg string) string {
	if msg == "" {
		return "Unknown error"
	}
	if !strings.ContainsAny(msg, "\r\n\x00") {
		return msg
	}
	msg = strings.TrimRight(msg, "\r\n")
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\x00", "").Replace(msg)
}

// AppendMSG appends a print frame "MSG\n<text>\x00" (text cut at a NUL).
func AppendMSG(dst []byte, text string) []byte {
	return cstring(append(dst, "MSG\n"...), text)
}
