// This file defines the node's local sessions: the console, -run, -test
// and boot scripts run in-process but see the same session functions
// (login, user management, getNodeAlias ...) as network sessions.

package server

import (
	"net"
	"time"

	"github.com/porpoisedb/porpoise/vm/value"
)

// loopback stands for the remote address of local sessions in logs.
var loopback = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}

// NewLocal is New without a port: for -run and -test, which serve no
// clients but still need the user store and the session functions.
// Serve must not be called on it.
func NewLocal(opts Options) (*Server, error) {
	opts.Listener = newChanListener(loopback)
	return New(opts)
}

// LocalUniverse returns the built-ins plus the session functions bound to
// a new local session. The console of a node is trusted as DolphinDB's
// local console is: the session starts logged in as admin.
func (s *Server) LocalUniverse() map[string]value.Function {
	se := &Session{srv: s, remote: loopback, kind: "console", created: time.Now(), user: "admin", close: func() {}}
	se.lastActive = se.created
	se.out = &printWriter{}
	se.done = make(chan struct{})
	return s.universe(se)
}

// Constants returns the language constants the server adds to sessions
// (the access types TABLE_READ ...).
func (s *Server) Constants() map[string]value.Value { return s.constants() }
