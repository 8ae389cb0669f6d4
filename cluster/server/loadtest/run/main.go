// Command run is the load test of issue 6: by default it starts a node
// server in-process on 127.0.0.1 and runs 200 connections × 1000 small
// scripts, printing requests/s, latency percentiles, and the heap before,
// during and after the run. With -addr it targets a running node instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/cluster/server"
	"github.com/porpoisedb/porpoise/cluster/server/loadtest"
)

func heapMB() float64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse) / (1 << 20)
}

func main() {
	addr := flag.String("addr", "", "target node host:port (default: start one in-process)")
	conns := flag.Int("conns", 200, "concurrent connections")
	reqs := flag.Int("requests", 1000, "scripts per connection")
	maxConn := flag.Int("maxConnections", 256, "maxConnections of the in-process server")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var before float64
	if *addr == "" {
		dir, err := os.MkdirTemp("", "porpoise-load")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer os.RemoveAll(dir)
		ready := make(chan net.Addr, 1)
		go func() {
			err := server.Serve(ctx, server.Options{
				Addr: "127.0.0.1:0", Home: dir, Universe: builtins.Universe(),
				Logger: server.NewLogger(io.Discard, zerolog.WarnLevel), MaxConnections: *maxConn,
				Ready: func(a net.Addr) { ready <- a },
			})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}()
		*addr = (<-ready).String()
		runtime.GC()
		before = heapMB()
	}
	fmt.Printf("load: %d connections × %d scripts against %s\n", *conns, *reqs, *addr)
	r, err := loadtest.Run(ctx, loadtest.Config{Addr: *addr, User: "admin", Password: "123456", Conns: *conns, Requests: *reqs})
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
	fmt.Println("load:", r)
	if before > 0 {
		during := heapMB()
		time.Sleep(500 * time.Millisecond) // sessions close
		runtime.GC()
		debug.FreeOSMemory()
		fmt.Printf("load: heap in use %.1f MB before, %.1f MB at the end of the run, %.1f MB after closing\n", before, during, heapMB())
	}
	if r.Errors > 0 {
		os.Exit(1)
	}
}
