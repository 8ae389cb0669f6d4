// Package server_test runs a real node server on 127.0.0.1 and talks to
// it with the project's Go client, raw sockets and the official
// JavaScript client.
package server_test

import (
	"context"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/client"
	"github.com/porpoisedb/porpoise/cluster/server"
)

// startServer runs a server on a random loopback port until the test ends.
func startServer(t testing.TB, mod func(*server.Options)) (addr string, home string) {
	t.Helper()
	home = t.TempDir()
	var logw io.Writer = io.Discard
	if os.Getenv("PORPOISE_TEST_LOG") != "" {
		logw = os.Stderr
	}
	opts := server.Options{
		Addr:     "127.0.0.1:0",
		Home:     home,
		Logger:   server.NewLogger(logw, zerolog.DebugLevel),
		Universe: builtins.Universe(),
	}
	if mod != nil {
		mod(&opts)
	}
	ready := make(chan net.Addr, 1)
	opts.Ready = func(a net.Addr) { ready <- a }
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := server.Serve(ctx, opts); err != nil {
			t.Errorf("Serve: %v", err)
			close(ready)
		}
	}()
	t.Cleanup(func() { cancel(); wg.Wait() })
	select {
	case a := <-ready:
		if a == nil {
			t.FailNow()
		}
		return a.String(), home
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	return "", ""
}

func dial(t testing.TB, addr string) *client.Conn {
	t.Helper()
	c, err := client.Dial(addr, "admin", "123456")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestSmoke(t *testing.T) {
	addr, _ := startServer(t, nil)
	c := dial(t, addr)
	v, err := c.Run("1+1")
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != "2" {
		t.Fatalf("got %v", v)
	}
}
