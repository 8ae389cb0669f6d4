// This file defines Session: one connection's interpreter, login identity
// and bookkeeping, and the server's session table.

package server

import (
	"crypto/rand"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/porpoisedb/porpoise/vm/value"
)

// Guest is the user of a session that has not logged in.
const Guest = "guest"

// Session belongs to one API or WebSocket connection (protocol.md §3.4).
type Session struct {
	ID     uint64
	srv    *Server
	eng    Engine
	remote net.Addr
	// kind is "api" or "websocket".
	kind    string
	created time.Time

	mu         sync.Mutex
	user       string
	lastActive time.Time
	close      func() // closes the connection

	// out routes print output of the running request.
	out *printWriter
	// done is closed when the session ends.
	done chan struct{}
	// uploaded estimates the bytes of variables uploaded by the client.
	uploaded atomic.Int64
}

// User is the logged-in user, or Guest.
func (se *Session) User() string {
	se.mu.Lock()
	defer se.mu.Unlock()
	return se.user
}

func (se *Session) setUser(u string) {
	se.mu.Lock()
	se.user = u
	se.mu.Unlock()
}

func (se *Session) touch() {
	se.mu.Lock()
	se.lastActive = time.Now()
	se.mu.Unlock()
}

// cancelled is closed when the session ends.
func (se *Session) cancelled() <-chan struct{} { return se.done }

// sid is the session id as sent in response headers.
func (se *Session) sid() string { return strconv.FormatUint(se.ID, 10) }

// newSession registers a session with a fresh random id and its engine.
func (s *Server) newSession(remote net.Addr, kind string, closeFn func()) *Session {
	se := &Session{srv: s, remote: remote, kind: kind, created: time.Now(), user: Guest, close: closeFn}
	se.lastActive = se.created
	se.out = &printWriter{}
	se.done = make(chan struct{})
	s.mu.Lock()
	for se.ID == 0 || s.sessions[se.ID] != nil {
		var b [4]byte
		_, _ = rand.Read(b[:])
		se.ID = uint64(binary.LittleEndian.Uint32(b[:]) &^ (1 << 31))
	}
	s.sessions[se.ID] = se
	s.mu.Unlock()
	se.eng = s.opts.NewEngine(EngineConfig{
		Universe:  s.universe(se),
		Constants: s.constants(),
		Shared:    s.opts.Shared,
		Out:       se.out,
	})
	return se
}

func (s *Server) dropSession(se *Session) {
	s.mu.Lock()
	delete(s.sessions, se.ID)
	s.mu.Unlock()
	close(se.done)
	s.jobs.cancelSession(se.ID)
}

// session returns the session with id.
func (s *Server) session(id uint64) *Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[id]
}

// sessionList returns a snapshot of all sessions.
func (s *Server) sessionList() []*Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*Session, 0, len(s.sessions))
	for _, se := range s.sessions {
		out = append(out, se)
	}
	return out
}

// universe is the built-ins plus the session functions bound to se.
func (s *Server) universe(se *Session) map[string]value.Function {
	fs := sessionFuncs()
	u := make(map[string]value.Function, len(s.opts.Universe)+len(fs))
	for n, f := range s.opts.Universe {
		u[n] = f
	}
	for _, f := range fs {
		if _, ok := u[f.name]; ok && f.weak {
			continue
		}
		u[f.name] = &boundFunc{def: f, se: se}
	}
	guardDFS(u, se)
	return u
}

// printWriter forwards print output to the current request's sink.
type printWriter struct {
	mu   sync.Mutex
	sink func(string)
}

func (w *printWriter) set(sink func(string)) {
	w.mu.Lock()
	w.sink = sink
	w.mu.Unlock()
}

func (w *printWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	sink := w.sink
	w.mu.Unlock()
	if sink != nil && len(p) > 0 {
		text := string(p)
		if text[len(text)-1] == '\n' {
			text = text[:len(text)-1]
		}
		sink(text)
	}
	return len(p), nil
}

var _ io.Writer = (*printWriter)(nil)
