package server_test

import (
	"bufio"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"
)

// rawExchange sends raw bytes and returns what the server answers until it
// closes the connection or goes quiet.
func rawExchange(t *testing.T, addr string, req []byte) string {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if _, err := nc.Write(req); err != nil {
		t.Fatal(err)
	}
	// End of input: a truncated request can only be detected at EOF.
	_ = nc.(*net.TCPConn).CloseWrite()
	_ = nc.SetReadDeadline(time.Now().Add(2 * time.Second))
	var out strings.Builder
	br := bufio.NewReader(nc)
	for {
		b, err := br.ReadByte()
		if err != nil {
			break
		}
		out.WriteByte(b)
	}
	return out.String()
}

func TestMalformedRequests(t *testing.T) {
	addr, _ := startServer(t, nil)
	other := dial(t, addr)
	f := func(name string, req string, wantErr bool) {
		t.Helper()
		got := rawExchange(t, addr, []byte(req))
		if wantErr {
			if !strings.Contains(got, " 0 1\n") || strings.Contains(got, "\nOK\n") {
				t.Fatalf("%s: reply %q", name, got)
			}
		}
		// The server keeps serving others.
		if v, err := other.Run("1+2"); err != nil || v.String() != "3" {
			t.Fatalf("%s: other client: %v %v", name, v, err)
		}
	}
	f("garbage", "HELLO WORLD\n", false)
	f("malformed header", "API2 0 x / 0_1_4_64\nscript\n1", true)
	f("header without length", "API2 0\n", true)
	f("unknown command", "API2 0 3 / 0_1_4_64\nfoo", true)
	f("huge header line", "API2 "+strings.Repeat("9", 10000)+"\n", true)
	f("truncated object", "API2 0 17 / 0_1_4_64\nfunction\nadd\n2\n1\n\x04\x00\x01\x00\x00\x00\x04\x00\x02", true)
	f("unknown type id", "API2 0 17 / 0_1_4_64\nfunction\nadd\n2\n1\n\x04\x00\x01\x00\x00\x00\x63\x00\x02\x00\x00\x00", true)
	f("2 GB vector", "API2 0 17 / 0_1_4_64\nfunction\nadd\n2\n1\n\x10\x01\xff\xff\xff\x7f\x01\x00\x00\x00\x00\x00", true)
	f("2 GB body", "API2 0 2147483647 / 0_1_4_64\nscript\n1+1", true)
	f("2 GB string", "API2 0 17 / 0_1_4_64\nfunction\nadd\n2\n1\n\x20\x00\xff\xff\xff\x7fabc", true)
}

// A 2 GB length field that the bytes never back must not make the server
// reserve the memory: the heap stays flat while such requests are pending.
func TestHugeLengthNoReservation(t *testing.T) {
	addr, _ := startServer(t, nil)
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, req := range []string{
		"API2 0 2147483647 / 0_1_4_64\nscript\n",
		"API2 0 17 / 0_1_4_64\nfunction\nadd\n1\n1\n\x10\x01\xff\xff\xff\x7f\x01\x00\x00\x00",
		"API2 0 14 / 0_1_4_64\nvariable\nx\n1\n1\n\x00\x06\xff\xff\xff\x7f\xff\xff\xff\x7f",
		"API2 0 14 / 0_1_4_64\nvariable\nx\n1\n1\n\x12\x01\xff\xff\xff\x7f\x01\x00\x00\x00abc",
	} {
		for range 5 {
			nc, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, nc)
			if _, err := io.WriteString(nc, req); err != nil {
				t.Fatal(err)
			}
		}
	}
	time.Sleep(300 * time.Millisecond)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 64<<20 {
		t.Fatalf("heap grew by %d MB with 20 pending 2 GB requests", grew>>20)
	}
	c := dial(t, addr)
	if v, err := c.Run("1+1"); err != nil || v.String() != "2" {
		t.Fatalf("%v %v", v, err)
	}
}
