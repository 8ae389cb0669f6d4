// This file serves HTTP on the node port: WebSocket upgrades carrying the
// API protocol (protocol.md §6) and a minimal status page.

package server

import (
	"bufio"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"sync"

	"github.com/gorilla/websocket"

	"github.com/porpoisedb/porpoise/cluster/codec"
)

// maxWSMessage bounds one WebSocket message (a single upload may be 2 GiB).
const maxWSMessage = 4 << 30

var upgrader = websocket.Upgrader{
	ReadBufferSize:  64 << 10,
	WriteBufferSize: 64 << 10,
	// The web UI and the JS API connect from any origin.
	CheckOrigin: func(*http.Request) bool { return true },
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if websocket.IsWebSocketUpgrade(r) {
		s.serveWS(w, r)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.servePage(w, r)
	default:
		http.Error(w, "The HTTP/JSON API is not supported by this node.", http.StatusNotImplemented)
	}
}

func (s *Server) servePage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Porpoise</title></head>
<body>
<h1>Porpoise</h1>
<p>A DolphinDB-compatible database node.</p>
<table>
<tr><td>Node</td><td>%s</td></tr>
<tr><td>Address</td><td>%s</td></tr>
<tr><td>Version</td><td>%s</td></tr>
<tr><td>Started</td><td>%s</td></tr>
<tr><td>Sessions</td><td>%d</td></tr>
</table>
<p>Connect with DolphinDB's client libraries (API protocol or WebSocket) on this port.</p>
</body></html>
`, html.EscapeString(s.opts.NodeAlias), html.EscapeString(s.Addr().String()), Version,
		s.started.Format("2006.01.02 15:04:05"), len(s.sessionList()))
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	// Echo the subprotocol the client offered (python, q, streaming).
	var hdr http.Header
	if p := websocket.Subprotocols(r); len(p) > 0 {
		hdr = http.Header{"Sec-Websocket-Protocol": {p[0]}}
	}
	c, err := upgrader.Upgrade(w, r, hdr)
	if err != nil {
		s.log.Debug().Err(err).Msg("websocket upgrade")
		return
	}
	defer c.Close()
	c.SetReadLimit(maxWSMessage)
	if c.Subprotocol() == "streaming" {
		_ = c.WriteMessage(websocket.BinaryMessage, codec.AppendError(nil, "0", "Streaming subscriptions are not supported yet"))
		return
	}
	t := &wsTransport{c: c}
	s.runConn(t, c.RemoteAddr(), "websocket", func() { c.Close() })
}

// wsTransport carries one API message per WebSocket message.
type wsTransport struct {
	c  *websocket.Conn
	mu sync.Mutex
}

func (t *wsTransport) resync() bool { return true }

func (t *wsTransport) next() (*codec.Request, error) {
	for {
		typ, r, err := t.c.NextReader()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				return nil, io.EOF
			}
			return nil, err
		}
		if typ != websocket.BinaryMessage && typ != websocket.TextMessage {
			continue
		}
		req, err := codec.ReadRequest(bufio.NewReaderSize(r, 64<<10))
		if err == io.EOF {
			err = fmt.Errorf("%w: empty message", codec.ErrTruncated)
		}
		return req, err
	}
}

func (t *wsTransport) send(msg []byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.c.WriteMessage(websocket.BinaryMessage, msg)
}
