package server_test

import (
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// Over WebSocket each message is one request: a bad message gets an error
// reply and the connection goes on; the offered subprotocol is echoed.
func TestWebSocketFraming(t *testing.T) {
	addr, _ := startServer(t, nil)
	d := websocket.Dialer{Subprotocols: []string{"python"}}
	c, resp, err := d.Dial("ws://"+addr+"/any/path", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if resp.Header.Get("Sec-WebSocket-Protocol") != "python" {
		t.Fatalf("subprotocol not echoed: %v", resp.Header)
	}
	ask := func(msg string) string {
		t.Helper()
		if err := c.WriteMessage(websocket.BinaryMessage, []byte(msg)); err != nil {
			t.Fatal(err)
		}
		_, b, err := c.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if got := ask("API2 0 26 / 0_1_4_64\nconnect\nlogin\nadmin\n123456"); !strings.HasSuffix(got, " 1 1\nOK\n\x01\x00\x01") {
		t.Fatalf("connect: %q", got)
	}
	if got := ask("API2 0 17 / 0_1_4_64\nfunction\nadd\n2\n1\n\x04\x00\x01"); !strings.Contains(got, " 0 1\nInvalid request") {
		t.Fatalf("truncated: %q", got)
	}
	if got := ask("API2 0 17 / 0_1_4_64\nfunction\nadd\n2\n1\n\x04\x00\x01\x00\x00\x00\x63\x00\x02\x00\x00\x00"); !strings.Contains(got, "unknown data type 99") {
		t.Fatalf("unknown type: %q", got)
	}
	if got := ask("API2 0 10 / 0_1_4_64\nscript\n1+1"); !strings.HasSuffix(got, " 1 1\nOK\n\x04\x00\x02\x00\x00\x00") {
		t.Fatalf("1+1: %q", got)
	}
	if err := c.WriteMessage(websocket.BinaryMessage, []byte("API2 0 18 / 0_1_4_64\nscript\nprint(\"hi\")")); err != nil {
		t.Fatal(err)
	}
	if _, b, _ := c.ReadMessage(); string(b) != "MSG\nhi\x00" {
		t.Fatalf("MSG frame %q", b)
	}
	if _, b, _ := c.ReadMessage(); !strings.HasSuffix(string(b), " 0 1\nOK\n") && !strings.HasSuffix(string(b), " 1 1\nOK\n\x00\x00\x01") {
		t.Fatalf("after print %q", b)
	}
}
