// Package server owns a node's client-facing port: one listener that serves
// DolphinDB's binary API protocol over TCP, the same protocol over
// WebSocket, and HTTP (docs/protocol.md §1), telling them apart by the
// first bytes. It also owns sessions, users and access rights, and jobs.
//
// This file defines Options, Server and Serve.
package server

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/vm"
	"github.com/porpoisedb/porpoise/vm/value"
)

// Version is what version() reports to clients; api-go treats a string
// starting with "3" as a server with reverse streaming.
const Version = "3.00.1 2024.06.20"

// Options configure a node's server. Zero values take the defaults noted.
type Options struct {
	// Addr is the listen address, "host:port" (localSite). ":0" picks a
	// free port; see Server.Addr.
	Addr string
	// Listener, when set, is used instead of listening on Addr.
	Listener net.Listener
	// NodeAlias names the node (default "local8848"-style from the port).
	NodeAlias string
	// Home is the node's home directory; users and grants persist under
	// Home/sysmgmt. Empty: kept in memory only.
	Home string
	// Logger receives the server's log lines (default: discarded).
	Logger zerolog.Logger
	// Universe holds the built-in functions (builtins.Universe()). The
	// server adds its session-level functions on top for each session.
	Universe map[string]value.Function
	// Constants adds language constants to every session.
	Constants map[string]value.Value
	// Shared is the node's table of shared objects (default: a new one).
	Shared *vm.Shared
	// NewEngine makes the interpreter of a session (default: a vm.Session).
	NewEngine func(EngineConfig) Engine
	// WorkerNum is the number of console jobs that run at once (default:
	// the number of CPUs). Urgent requests do not wait for a worker.
	WorkerNum int
	// MaxConnections bounds API and WebSocket connections (default 512).
	MaxConnections int
	// MaxBatchJobWorker bounds batch jobs (submitJob) running at once
	// (default WorkerNum).
	MaxBatchJobWorker int
	// Ready, when set, is called once with the bound address.
	Ready func(net.Addr)
}

// Server is a running node port. Create it with New, run it with Serve.
type Server struct {
	opts  Options
	log   zerolog.Logger
	ln    net.Listener
	users *Users
	jobs  *jobs

	httpLn  *chanListener
	httpSrv *http.Server

	conns    atomic.Int64 // API and WebSocket connections
	mu       sync.Mutex
	sessions map[uint64]*Session
	open     map[net.Conn]struct{}
	closed   bool
	started  time.Time
}

// Serve listens per opts and serves until ctx is done; then it closes the
// listener and every connection and returns nil. The CLI calls it with
// the node's configuration.
func Serve(ctx context.Context, opts Options) error {
	s, err := New(opts)
	if err != nil {
		return err
	}
	return s.Serve(ctx)
}

// New binds the listener and loads the user store.
func New(opts Options) (*Server, error) {
	if opts.WorkerNum <= 0 {
		opts.WorkerNum = runtime.NumCPU()
	}
	if opts.MaxConnections <= 0 {
		opts.MaxConnections = 512
	}
	if opts.MaxBatchJobWorker <= 0 {
		opts.MaxBatchJobWorker = opts.WorkerNum
	}
	if opts.Shared == nil {
		opts.Shared = vm.NewShared()
	}
	if opts.NewEngine == nil {
		opts.NewEngine = NewVMEngine
	}
	users, err := OpenUsers(opts.Home)
	if err != nil {
		return nil, err
	}
	ln := opts.Listener
	if ln == nil {
		if ln, err = net.Listen("tcp", opts.Addr); err != nil {
			return nil, fmt.Errorf("server: %w", err)
		}
	}
	if opts.NodeAlias == "" {
		opts.NodeAlias = "local"
		if a, ok := ln.Addr().(*net.TCPAddr); ok {
			opts.NodeAlias = fmt.Sprintf("local%d", a.Port)
		}
	}
	s := &Server{
		opts:     opts,
		log:      opts.Logger,
		ln:       ln,
		users:    users,
		sessions: map[uint64]*Session{},
		open:     map[net.Conn]struct{}{},
		started:  time.Now(),
	}
	s.jobs = newJobs(s, opts.WorkerNum, opts.MaxBatchJobWorker)
	s.httpLn = newChanListener(ln.Addr())
	s.httpSrv = &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: 30 * time.Second, ErrorLog: nil}
	return s, nil
}

// Addr is the bound address.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Users is the node's user store (for access checks by other packages).
func (s *Server) Users() *Users { return s.users }

// Serve accepts connections until ctx is done.
func (s *Server) Serve(ctx context.Context) error {
	s.log.Info().Str("addr", s.ln.Addr().String()).Int("workerNum", s.opts.WorkerNum).
		Int("maxConnections", s.opts.MaxConnections).Msg("server listening")
	if s.opts.Ready != nil {
		s.opts.Ready(s.ln.Addr())
	}
	go func() { _ = s.httpSrv.Serve(s.httpLn) }()
	stop := context.AfterFunc(ctx, s.shutdown)
	defer stop()
	var delay time.Duration
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			if ctx.Err() != nil || s.isClosed() {
				s.shutdown()
				return nil
			}
			// Temporary failures (EMFILE ...): back off and retry.
			s.log.Warn().Err(err).Msg("accept")
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			time.Sleep(delay)
			continue
		}
		delay = 0
		if !s.track(nc) {
			nc.Close()
			return nil
		}
		go s.serveConn(nc)
	}
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *Server) track(nc net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.open[nc] = struct{}{}
	return true
}

func (s *Server) untrack(nc net.Conn) {
	s.mu.Lock()
	delete(s.open, nc)
	s.mu.Unlock()
}

func (s *Server) shutdown() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := make([]net.Conn, 0, len(s.open))
	for c := range s.open {
		conns = append(conns, c)
	}
	sessions := make([]*Session, 0, len(s.sessions))
	for _, se := range s.sessions {
		sessions = append(sessions, se)
	}
	s.mu.Unlock()
	s.ln.Close()
	s.httpLn.Close()
	for _, se := range sessions {
		se.eng.Cancel()
	}
	for _, c := range conns {
		c.Close()
	}
	s.jobs.stop()
	s.log.Info().Msg("server stopped")
}

// serveConn sniffs the first bytes and hands the connection to the API
// protocol or to the HTTP server (which also upgrades WebSockets).
func (s *Server) serveConn(nc net.Conn) {
	br := bufio.NewReaderSize(nc, 64<<10)
	_ = nc.SetReadDeadline(time.Now().Add(time.Minute))
	head, err := br.Peek(4)
	_ = nc.SetReadDeadline(time.Time{})
	if err != nil {
		s.untrack(nc)
		nc.Close()
		return
	}
	switch string(head) {
	case "API ", "API2":
		defer s.untrack(nc)
		defer nc.Close()
		s.serveAPI(nc, br)
	case "GET ", "POST", "HEAD", "PUT ", "OPTI", "DELE", "PATC":
		// The HTTP server owns the connection from here; untrack happens
		// when it closes.
		s.httpLn.push(&peekedConn{Conn: nc, br: br, srv: s})
	default:
		s.log.Debug().Str("remote", nc.RemoteAddr().String()).Hex("head", head).Msg("unknown protocol; closing")
		s.untrack(nc)
		nc.Close()
	}
}

// peekedConn replays the sniffed bytes to the HTTP server.
type peekedConn struct {
	net.Conn
	br   *bufio.Reader
	srv  *Server
	once sync.Once
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.br.Read(p) }

func (c *peekedConn) Close() error {
	c.once.Do(func() { c.srv.untrack(c.Conn) })
	return c.Conn.Close()
}

// chanListener feeds sniffed connections to http.Server.
type chanListener struct {
	addr net.Addr
	ch   chan net.Conn
	done chan struct{}
	once sync.Once
}

func newChanListener(addr net.Addr) *chanListener {
	return &chanListener{addr: addr, ch: make(chan net.Conn), done: make(chan struct{})}
}

func (l *chanListener) push(c net.Conn) {
	select {
	case l.ch <- c:
	case <-l.done:
		c.Close()
	}
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ch:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *chanListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *chanListener) Addr() net.Addr { return l.addr }
