// This file runs the API protocol on a connection: reading requests,
// running them as jobs in the connection's session, and writing replies.
// The same loop serves TCP and WebSocket through a transport.

package server

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"

	"github.com/porpoisedb/porpoise/cluster/codec"
	"github.com/porpoisedb/porpoise/vm/value"
)

// transport reads requests and writes complete API messages.
type transport interface {
	// next reads one request. A non-nil error whose class is codec.ErrInvalid
	// or codec.ErrTruncated is a protocol error.
	next() (*codec.Request, error)
	// send writes one complete API message (a MSG frame or a response).
	send(msg []byte) error
	// resync reports whether the stream can continue after a bad request
	// (true for WebSocket: each message is one request).
	resync() bool
}

type tcpTransport struct {
	nc net.Conn
	br *bufio.Reader
	bw *bufio.Writer
}

func (t *tcpTransport) next() (*codec.Request, error) { return codec.ReadRequest(t.br) }
func (t *tcpTransport) resync() bool                  { return false }

func (t *tcpTransport) send(msg []byte) error {
	if _, err := t.bw.Write(msg); err != nil {
		return err
	}
	return t.bw.Flush()
}

// serveAPI runs the binary API protocol on a TCP connection.
func (s *Server) serveAPI(nc net.Conn, br *bufio.Reader) {
	t := &tcpTransport{nc: nc, br: br, bw: bufio.NewWriterSize(nc, 64<<10)}
	s.runConn(t, nc.RemoteAddr(), "api", func() { nc.Close() })
}

// runConn serves requests on t until the peer leaves or breaks the protocol.
func (s *Server) runConn(t transport, remote net.Addr, kind string, closeFn func()) {
	if n := s.conns.Add(1); n > int64(s.opts.MaxConnections) {
		s.conns.Add(-1)
		s.log.Warn().Str("remote", remote.String()).Int("maxConnections", s.opts.MaxConnections).Msg("connection refused")
		if _, err := t.next(); err == nil {
			_ = t.send(codec.AppendError(nil, "0", fmt.Sprintf("The number of connections has reached the limit (maxConnections=%d).", s.opts.MaxConnections)))
		}
		return
	}
	defer s.conns.Add(-1)
	se := s.newSession(remote, kind, closeFn)
	defer s.dropSession(se)
	s.log.Debug().Uint64("session", se.ID).Str("remote", remote.String()).Str("kind", kind).Msg("session opened")
	defer s.log.Debug().Uint64("session", se.ID).Msg("session closed")
	var buf []byte
	for {
		req, err := t.next()
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
				return
			}
			if errors.Is(err, codec.ErrInvalid) || errors.Is(err, codec.ErrTruncated) || isOOM(err) {
				s.log.Warn().Err(err).Uint64("session", se.ID).Str("remote", remote.String()).Msg("bad request")
				buf = codec.AppendError(buf[:0], se.sid(), "Invalid request: "+err.Error())
				if t.send(buf) != nil || !t.resync() {
					return
				}
				continue
			}
			return // connection error
		}
		if buf, err = s.handle(se, t, req, buf[:0]); err != nil {
			return
		}
	}
}

func isOOM(err error) bool {
	var oom *value.OutOfMemoryError
	return errors.As(err, &oom)
}

var funcName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$`)

// handle runs one request and writes its reply (unless async). It returns
// an error only when the connection must close.
func (s *Server) handle(se *Session, t transport, req *codec.Request, buf []byte) ([]byte, error) {
	se.touch()
	sid := se.sid()
	reply := func(v value.Value, err error) ([]byte, error) {
		if req.Async() && req.Command != "connect" {
			return buf, nil
		}
		if err == nil {
			v, err = resultValue(v)
		}
		if err != nil {
			buf = codec.AppendError(buf, sid, errorText(err))
		} else if tb, ok := v.(*value.Table); ok && req.FetchSize >= 8192 {
			buf, err = appendPaged(buf, sid, tb, req.FetchSize)
		} else {
			buf, err = codec.AppendResponse(buf, sid, v)
		}
		if err != nil {
			buf = codec.AppendError(buf[:0], sid, err.Error())
		}
		return buf, t.send(buf)
	}
	if req.Flags&(codec.FlagPython|codec.FlagQ) != 0 {
		return reply(nil, errors.New("Python and q sessions are not supported"))
	}
	switch req.Command {
	case "connect":
		if !req.Login {
			return reply(nil, nil)
		}
		if err := s.login(se, req.User, req.Password); err != nil {
			return reply(nil, err)
		}
		return reply(value.Bool(1), nil)
	case "function":
		if !funcName.MatchString(req.Name) {
			return reply(nil, fmt.Errorf("Can't recognize function name %s", req.Name))
		}
	case "variable":
		for _, n := range req.Names {
			if !funcName.MatchString(n) || strings.Contains(n, "::") {
				return reply(nil, fmt.Errorf("Invalid variable name %s", n))
			}
		}
	}
	if req.API2 && !req.Async() {
		se.out.set(func(text string) {
			_ = t.send(codec.AppendMSG(nil, text))
		})
	}
	v, err := s.jobs.runConsole(se, req)
	se.out.set(nil)
	if req.Flags&codec.FlagClearSession != 0 {
		s.clearSession(se)
	}
	return reply(v, err)
}

// execute runs a script, function or variable request on the session's
// engine (called by the job runner on a worker).
func (se *Session) execute(req *codec.Request) (value.Value, error) {
	switch req.Command {
	case "script":
		return se.eng.Run("", []byte(req.Script))
	case "function":
		return callFunction(se.eng, req.Name, req.Args)
	case "variable":
		var n int64
		for i, name := range req.Names {
			se.eng.SetVar(name, req.Args[i])
			n += sizeOf(req.Args[i])
		}
		se.uploaded.Add(n)
		return nil, nil
	}
	return nil, fmt.Errorf("Unknown command %s", req.Command)
}

// callFunction calls name(args...) by binding the arguments to hidden
// session variables and running a one-line script.
func callFunction(eng Engine, name string, args []value.Value) (value.Value, error) {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			b.WriteByte(',')
		}
		if _, ok := a.(value.Void); ok {
			// VOID means "not supplied": pass NULL.
			b.WriteString("NULL")
			continue
		}
		v := fmt.Sprintf("__porpoise_arg%d__", i)
		if fd, ok := a.(codec.FuncDef); ok && funcName.MatchString(fd.Name) {
			b.WriteString(fd.Name)
			continue
		}
		eng.SetVar(v, a)
		b.WriteString(v)
	}
	b.WriteByte(')')
	defer func() {
		for i := range args {
			eng.SetVar(fmt.Sprintf("__porpoise_arg%d__", i), nil)
		}
	}()
	return eng.Run("", []byte(b.String()))
}

func (s *Server) clearSession(se *Session) {
	se.eng.Cancel()
	se.eng = s.opts.NewEngine(EngineConfig{Universe: s.universe(se), Constants: s.constants(), Shared: s.opts.Shared, Out: se.out})
	se.uploaded.Store(0)
}

// errorText is the one-line status of a failed request.
func errorText(err error) string {
	return codec.OneLine(err.Error())
}

// appendPaged writes a table as an ANY vector of tables of at most size
// rows each (protocol.md §5.2).
func appendPaged(buf []byte, sid string, tb *value.Table, size int) ([]byte, error) {
	n := tb.Rows()
	blocks := (n + size - 1) / size
	if blocks == 0 {
		blocks = 1
	}
	buf = append(buf, sid...)
	buf = append(buf, " 1 1\nOK\n"...)
	buf = append(buf, byte(value.ANY), byte(value.VECTOR))
	buf = appendI32(buf, int32(blocks))
	buf = appendI32(buf, 1)
	var err error
	for lo := 0; lo < n || lo == 0; lo += size {
		if buf, err = codec.MarshalValue(buf, tb.Slice(lo, min(lo+size, n)), true); err != nil {
			return nil, err
		}
		if n == 0 {
			break
		}
	}
	return buf, nil
}

func appendI32(b []byte, x int32) []byte {
	return append(b, byte(x), byte(x>>8), byte(x>>16), byte(x>>24))
}
