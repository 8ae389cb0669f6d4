// This file defines the request side of the protocol (§2): the header
// line with its options field, and the connect/script/function/variable
// bodies with their argument objects.

package codec

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// Request flag bits (§2.2).
const (
	FlagUrgent        = 1
	FlagAsync         = 4
	FlagPickle        = 8
	FlagClearSession  = 16
	FlagAPIClient     = 32
	FlagCompress      = 64
	FlagPython        = 2048
	FlagQ             = 4096
	FlagReverseStream = 131072
)

// MaxHeaderLine bounds the request header line.
const MaxHeaderLine = 4096

// Header is a parsed request header line.
type Header struct {
	API2        bool   // "API2": MSG frames may precede the response
	SessionID   string // may be empty
	BodyLen     int64
	Flags       int64
	Cancellable bool
	Priority    int
	Parallelism int
	FetchSize   int
	ClientID    string
	SeqNo       string
}

// Async reports flag 4: the client reads no response.
func (h *Header) Async() bool { return h.Flags&FlagAsync != 0 }

// ParseHeader parses a header line (without its LF):
// "API2 <sid> <len> [/ <flag>_<cancel>_<priority>_<parallelism>_<root>_<fetchSize>_<offset>_<clientId>_<seqNo>]".
func ParseHeader(line []byte) (Header, error) {
	h := Header{Priority: 4, Parallelism: 64, Cancellable: true}
	f := strings.Split(string(line), " ")
	if len(f) < 3 {
		return h, fmt.Errorf("%w: malformed request header", ErrInvalid)
	}
	switch f[0] {
	case "API":
	case "API2":
		h.API2 = true
	default:
		return h, fmt.Errorf("%w: unknown request type %.16q", ErrInvalid, f[0])
	}
	h.SessionID = f[1]
	n, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || n < 0 {
		return h, fmt.Errorf("%w: bad body length %.32q", ErrInvalid, f[2])
	}
	h.BodyLen = n
	if len(f) == 3 {
		return h, nil
	}
	if len(f) != 5 || f[3] != "/" {
		return h, fmt.Errorf("%w: malformed request options", ErrInvalid)
	}
	opts := strings.Split(f[4], "_")
	num := func(i int, def int64) (int64, error) {
		if i >= len(opts) || opts[i] == "" {
			return def, nil
		}
		x, err := strconv.ParseInt(opts[i], 10, 64)
		if err != nil {
			return def, fmt.Errorf("%w: bad request option %.32q", ErrInvalid, opts[i])
		}
		return x, nil
	}
	var c, p, par, fs int64
	if h.Flags, err = num(0, 0); err != nil {
		return h, err
	}
	if c, err = num(1, 1); err != nil {
		return h, err
	}
	if p, err = num(2, 4); err != nil {
		return h, err
	}
	if par, err = num(3, 64); err != nil {
		return h, err
	}
	if fs, err = num(5, 0); err != nil {
		return h, err
	}
	if fs < 0 || fs > 1<<30 {
		return h, fmt.Errorf("%w: bad fetchSize %d", ErrInvalid, fs)
	}
	h.Cancellable, h.Priority, h.Parallelism, h.FetchSize = c != 0, int(p), int(par), int(fs)
	if len(opts) > 7 {
		h.ClientID = opts[7]
	}
	if len(opts) > 8 {
		h.SeqNo = opts[8]
	}
	return h, nil
}

// Request is one complete API request.
type Request struct {
	Header
	Command string // connect, script, function, variable

	// connect with inline login
	Login    bool
	User     string
	Password string

	Script string // script

	Name  string        // function name
	Names []string      // variable names
	NArgs int           // announced number of objects
	Args  []value.Value // function arguments or variable values

	LittleEndian bool // byte order of Args
}

// ReadHeaderLine reads the header line, without its LF, refusing lines
// longer than MaxHeaderLine.
func ReadHeaderLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > MaxHeaderLine {
			return nil, fmt.Errorf("%w: request header longer than %d bytes", ErrInvalid, MaxHeaderLine)
		}
		if err == nil {
			return line[:len(line)-1], nil
		}
		if err != bufio.ErrBufferFull {
			if len(line) == 0 {
				return nil, err
			}
			return nil, truncated(err)
		}
	}
}

// ReadRequest reads one request: header line, body and argument objects.
func ReadRequest(br *bufio.Reader) (*Request, error) {
	line, err := ReadHeaderLine(br)
	if err != nil {
		return nil, err
	}
	h, err := ParseHeader(line)
	if err != nil {
		return nil, err
	}
	src := &source{br: br}
	body, err := src.bytes(h.BodyLen)
	if err != nil {
		return nil, err
	}
	req := &Request{Header: h, LittleEndian: true}
	if err := req.parseBody(body); err != nil {
		return nil, err
	}
	if req.Command == "function" || req.Command == "variable" {
		d := NewDecoder(br, req.LittleEndian)
		for range req.NArgs {
			v, err := d.Decode()
			if err != nil {
				return nil, fmt.Errorf("argument %d: %w", len(req.Args)+1, err)
			}
			req.Args = append(req.Args, v)
		}
	}
	return req, nil
}

// parseBody splits the body into the command and its fields.
func (r *Request) parseBody(body []byte) error {
	cmd, rest, _ := bytes.Cut(body, []byte{'\n'})
	r.Command = string(cmd)
	switch r.Command {
	case "connect":
		f := strings.Split(string(rest), "\n")
		if len(f) >= 3 && f[0] == "login" {
			r.Login, r.User, r.Password = true, f[1], f[2]
		}
		return nil
	case "script":
		r.Script = string(rest)
		return nil
	case "function", "variable":
		f := strings.Split(strings.TrimSuffix(string(rest), "\n"), "\n")
		if len(f) != 3 {
			return fmt.Errorf("%w: malformed %s request", ErrInvalid, r.Command)
		}
		n, err := strconv.Atoi(f[1])
		if err != nil || n < 0 || n > 1<<16 {
			return fmt.Errorf("%w: bad argument count %.16q", ErrInvalid, f[1])
		}
		switch f[2] {
		case "1":
		case "0":
			r.LittleEndian = false
		default:
			return fmt.Errorf("%w: bad byte order %.8q", ErrInvalid, f[2])
		}
		if r.Command == "function" {
			r.Name = f[0]
		} else {
			r.Names = strings.Split(f[0], ",")
			if len(r.Names) != n {
				return fmt.Errorf("%w: %d variable names for %d objects", ErrInvalid, len(r.Names), n)
			}
		}
		r.Args = make([]value.Value, 0, min(n, 64))
		r.NArgs = n
		return nil
	}
	return fmt.Errorf("%w: unknown command %.32q", ErrInvalid, r.Command)
}
