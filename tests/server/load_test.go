package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/porpoisedb/porpoise/cluster/server/loadtest"
)

// A small instance of the load test (the full one: go run
// ./cluster/server/loadtest/run).
func TestLoadSmall(t *testing.T) {
	addr, _ := startServer(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, err := loadtest.Run(ctx, loadtest.Config{Addr: addr, User: "admin", Password: "123456", Conns: 20, Requests: 100})
	if err != nil || r.Errors > 0 || r.Requests != 2000 {
		t.Fatalf("%v %v", r, err)
	}
	t.Log(r)
}

func BenchmarkRoundTrip(b *testing.B) {
	addr, _ := startServer(b, nil)
	c := dial(b, addr)
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Run("1+1"); err != nil {
			b.Fatal(err)
		}
	}
}
