// Package loadtest drives a node with many concurrent client connections
// running small scripts, and reports throughput and latency. The command
// in ./run wraps it (make bench); tests/server runs a small instance.
package loadtest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/porpoisedb/porpoise/client"
)

// Config is one load run.
type Config struct {
	Addr     string
	User     string
	Password string
	Conns    int      // concurrent connections
	Requests int      // scripts per connection
	Scripts  []string // cycled; default: small arithmetic and vector scripts
}

// Result summarizes a run.
type Result struct {
	Requests int
	Errors   int
	Elapsed  time.Duration
	P50, P99 time.Duration
	Max      time.Duration
}

// PerSecond is the request throughput.
func (r Result) PerSecond() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

func (r Result) String() string {
	return fmt.Sprintf("%d requests (%d errors) in %v: %.0f requests/s, p50 %v, p99 %v, max %v",
		r.Requests, r.Errors, r.Elapsed.Round(time.Millisecond), r.PerSecond(), r.P50, r.P99, r.Max)
}

var defaultScripts = []string{"1+1", "x = 1 2 3; sum(x)", "max(1..100)", "`a`b`c", "2024.01.02 + 1"}

// Run opens the connections, then lets each run its scripts back to back.
func Run(ctx context.Context, c Config) (Result, error) {
	if len(c.Scripts) == 0 {
		c.Scripts = defaultScripts
	}
	conns := make([]*client.Conn, c.Conns)
	defer func() {
		for _, cn := range conns {
			if cn != nil {
				cn.Close()
			}
		}
	}()
	for i := range conns {
		cn, err := client.DialContext(ctx, c.Addr, c.User, c.Password)
		if err != nil {
			return Result{}, fmt.Errorf("connection %d: %w", i, err)
		}
		conns[i] = cn
	}
	lat := make([][]time.Duration, c.Conns)
	errs := make([]int, c.Conns)
	var wg sync.WaitGroup
	start := time.Now()
	for i, cn := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := make([]time.Duration, 0, c.Requests)
			for k := 0; k < c.Requests && ctx.Err() == nil; k++ {
				t0 := time.Now()
				if _, err := cn.Run(c.Scripts[(i+k)%len(c.Scripts)]); err != nil {
					errs[i]++
				}
				l = append(l, time.Since(t0))
			}
			lat[i] = l
		}()
	}
	wg.Wait()
	r := Result{Elapsed: time.Since(start)}
	var all []time.Duration
	for i := range lat {
		all = append(all, lat[i]...)
		r.Errors += errs[i]
	}
	r.Requests = len(all)
	if len(all) > 0 {
		slices.Sort(all)
		r.P50 = all[len(all)/2]
		r.P99 = all[len(all)*99/100]
		r.Max = all[len(all)-1]
	}
	return r, ctx.Err()
}
