// Package client is a Go client for DolphinDB's binary API protocol
// (docs/protocol.md), used by tests, by the remote console and by the
// cluster for remote calls. A Conn is one session on one TCP connection;
// it runs one request at a time and is safe for concurrent use (requests
// are serialized).
package client

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/porpoisedb/porpoise/cluster/codec"
	"github.com/porpoisedb/porpoise/vm/value"
)

// ServerError is an error reported by the server (the status line).
type ServerError struct{ Msg string }

func (e *ServerError) Error() string { return e.Msg }

// Conn is a connection with its session.
type Conn struct {
	mu  sync.Mutex
	nc  net.Conn
	br  *bufio.Reader
	sid string
	// sidCopy lets SessionID read the id while a request is running.
	sidCopy atomic.Pointer[string]
	buf     []byte

	// OnPrint receives print output (MSG frames); nil discards it.
	OnPrint func(string)
	// FetchSize, when ≥ 8192, asks for table results in pages; Run then
	// returns the pages as a tuple of tables.
	FetchSize int
}

// Dial connects to addr ("host:port") and logs in when user is not empty.
func Dial(addr, user, password string) (*Conn, error) {
	return DialContext(context.Background(), addr, user, password)
}

// DialContext is Dial with a context for the connection set-up.
func DialContext(ctx context.Context, addr, user, password string) (*Conn, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	if tc, ok := nc.(*net.TCPConn); ok {
		_ = tc.SetNoDelay(true)
		_ = tc.SetKeepAlivePeriod(30 * time.Second)
	}
	c := &Conn{nc: nc, br: bufio.NewReaderSize(nc, 64<<10), sid: "0"}
	if dl, ok := ctx.Deadline(); ok {
		_ = nc.SetDeadline(dl)
		defer nc.SetDeadline(time.Time{})
	}
	body := "connect\n"
	if user != "" {
		body = "connect\nlogin\n" + user + "\n" + password
	}
	if _, err := c.roundTrip("API", body, nil, false); err != nil {
		nc.Close()
		return nil, err
	}
	return c, nil
}

// Close closes the connection and so ends the session.
func (c *Conn) Close() error { return c.nc.Close() }

// SessionID is the server's id for this session.
func (c *Conn) SessionID() string {
	if p := c.sidCopy.Load(); p != nil {
		return *p
	}
	return "0"
}

// Run runs a script and returns the value of its last statement (nil when
// it has none).
func (c *Conn) Run(script string) (value.Value, error) {
	return c.roundTrip("API2", "script\n"+script, nil, false)
}

// RunAsync sends a script with the asynchronous flag: the server replies
// nothing.
func (c *Conn) RunAsync(script string) error {
	_, err := c.roundTrip("API2", "script\n"+script, nil, true)
	return err
}

// Call calls the function fn with args.
func (c *Conn) Call(fn string, args ...value.Value) (value.Value, error) {
	body := fmt.Sprintf("function\n%s\n%d\n1\n", fn, len(args))
	return c.roundTrip("API2", body, args, false)
}

// Upload assigns session variables on the server.
func (c *Conn) Upload(vars map[string]value.Value) error {
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	sort.Strings(names)
	args := make([]value.Value, len(names))
	for i, n := range names {
		args[i] = vars[n]
	}
	body := fmt.Sprintf("variable\n%s\n%d\n1\n", strings.Join(names, ","), len(args))
	_, err := c.roundTrip("API2", body, args, false)
	return err
}

// roundTrip sends one request and reads its response.
func (c *Conn) roundTrip(api, body string, args []value.Value, async bool) (value.Value, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	flags := 0
	if async {
		flags |= codec.FlagAsync
	}
	opts := fmt.Sprintf("%d_1_4_64", flags)
	if c.FetchSize > 0 {
		opts += "__" + strconv.Itoa(c.FetchSize)
	}
	b := c.buf[:0]
	b = fmt.Appendf(b, "%s %s %d / %s\n", api, c.sid, len(body), opts)
	b = append(b, body...)
	var err error
	for _, a := range args {
		if b, err = codec.MarshalValue(b, a, true); err != nil {
			return nil, err
		}
	}
	c.buf = b
	if _, err := c.nc.Write(b); err != nil {
		return nil, err
	}
	if async {
		return nil, nil
	}
	return c.readResponse()
}

// maxStatusLine bounds a response header or error line.
const maxStatusLine = 1 << 20

func (c *Conn) line() (string, error) {
	var out []byte
	for {
		chunk, err := c.br.ReadSlice('\n')
		out = append(out, chunk...)
		if len(out) > maxStatusLine {
			return "", errors.New("client: response line too long")
		}
		if err == nil {
			return string(out[:len(out)-1]), nil
		}
		if err != bufio.ErrBufferFull {
			return "", err
		}
	}
}

func (c *Conn) readResponse() (value.Value, error) {
	for {
		head, err := c.line()
		if err != nil {
			return nil, err
		}
		if head == "MSG" {
			text, err := c.br.ReadBytes(0)
			if err != nil {
				return nil, err
			}
			if c.OnPrint != nil {
				c.OnPrint(string(bytes.TrimSuffix(text, []byte{0})))
			}
			continue
		}
		f := strings.Split(head, " ")
		if len(f) != 3 || (f[2] != "0" && f[2] != "1") {
			return nil, fmt.Errorf("client: malformed response header %.64q", head)
		}
		n, err := strconv.Atoi(f[1])
		if err != nil || n < 0 || n > 1 {
			return nil, fmt.Errorf("client: malformed response header %.64q", head)
		}
		if c.sid != f[0] {
			c.sid = f[0]
			sid := f[0]
			c.sidCopy.Store(&sid)
		}
		status, err := c.line()
		if err != nil {
			return nil, err
		}
		if status != "OK" {
			return nil, &ServerError{Msg: status}
		}
		if n == 0 {
			return nil, nil
		}
		return codec.NewDecoder(c.br, f[2] == "1").Decode()
	}
}
