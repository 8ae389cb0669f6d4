package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/porpoisedb/porpoise/client"
	"github.com/porpoisedb/porpoise/cluster/server"
	"github.com/porpoisedb/porpoise/vm/value"
)

func TestJobs(t *testing.T) {
	addr, _ := startServer(t, func(o *server.Options) { o.WorkerNum = 2; o.MaxBatchJobWorker = 1 })
	c := dial(t, addr)
	mustRun(t, c, "def slowSum(n) { s = 0; for (i in 0:n) { s = s + i }; return s }")
	id := mustRun(t, c, "submitJob(`job1, `sum, slowSum, 1000)")
	if id != "job1" {
		t.Fatalf("job id %s", id)
	}
	if got := mustRun(t, c, "getJobReturn(`job1, true)"); got != "499500" {
		t.Fatalf("job return %s", got)
	}
	if got := mustRun(t, c, "r = getRecentJobs(); r.jobId"); !strings.Contains(got, "job1") {
		t.Fatalf("recent jobs %s", got)
	}
	// A long console job, cancelled from another connection.
	long := dial(t, addr)
	done := make(chan error, 1)
	go func() {
		_, err := long.Run("s = 0; for (i in 0:2000000000) { s = s + 1 }; s")
		done <- err
	}()
	var jobs value.Value
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		var err error
		all, err := c.Run("getConsoleJobs()")
		if err != nil {
			t.Fatal(err)
		}
		tb := all.(*value.Table)
		var ids []string
		for i := range tb.Rows() {
			if tb.Col("sessionId").Get(i).String() == long.SessionID() {
				ids = append(ids, tb.Col("rootJobId").Get(i).String())
			}
		}
		if len(ids) > 0 {
			jobs = value.NewStringVector(ids)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := c.Upload(map[string]value.Value{"jobs": jobs}); err != nil {
		t.Fatal(err)
	}
	mustRun(t, c, "cancelConsoleJob(jobs)")
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "cancel") {
			t.Fatalf("cancelled job: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("job not cancelled")
	}
	if got := mustRun(t, long, "1+1"); got != "2" {
		t.Fatal(got)
	}
	stat, err := c.Run("getSessionMemoryStat()")
	if err != nil || stat.(*value.Table).Rows() < 2 {
		t.Fatalf("memory stat: %v", err)
	}
	mustRun(t, c, "closeSessions("+long.SessionID()+")")
	if _, err := long.Run("1+1"); err == nil {
		t.Fatal("closed session still answers")
	}
}

func TestMaxConnections(t *testing.T) {
	addr, _ := startServer(t, func(o *server.Options) { o.MaxConnections = 2 })
	a, b := dial(t, addr), dial(t, addr)
	if _, err := client.Dial(addr, "admin", "123456"); err == nil || !strings.Contains(err.Error(), "maxConnections") {
		t.Fatalf("third connection: %v", err)
	}
	a.Close()
	time.Sleep(100 * time.Millisecond)
	c := dial(t, addr)
	if mustRun(t, c, "1") != "1" || mustRun(t, b, "2") != "2" {
		t.Fatal()
	}
}

func TestHTTPPage(t *testing.T) {
	addr, _ := startServer(t, nil)
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), "<title>Porpoise</title>") {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
}
