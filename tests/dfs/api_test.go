package dfs

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/builtins/sql"
	"github.com/porpoisedb/porpoise/client"
	"github.com/porpoisedb/porpoise/cluster/server"
	"github.com/porpoisedb/porpoise/dfs"
	"github.com/porpoisedb/porpoise/vm/value"
)

// apiServer starts a node with DFS storage, as cmd/dolphindb does, and
// returns an admin connection.
func apiServer(t *testing.T) *client.Conn {
	t.Helper()
	home := t.TempDir()
	st, err := dfs.Open(dfs.Config{Home: home, NoSync: true, NewValuePartitionPolicy: "add", Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	u := builtins.Universe()
	sql.AddTo(u)
	for n, f := range dfs.Functions(st, u) {
		u[n] = f
	}
	ready := make(chan net.Addr, 1)
	opts := server.Options{Addr: "127.0.0.1:0", Home: home, Logger: server.NewLogger(io.Discard, zerolog.InfoLevel), Universe: u, Ready: func(a net.Addr) { ready <- a }}
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
	t.Cleanup(func() { cancel(); wg.Wait(); st.Close() })
	var addr net.Addr
	select {
	case addr = <-ready:
		if addr == nil {
			t.FailNow()
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	c, err := client.Dial(addr.String(), "admin", "123456")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestHandleOverAPI: a DFS table handle asked for by an API client (the
// value of loadTable, of createPartitionedTable, or a variable) arrives as
// the table's data; metadata functions answer on the handle; a column of it
// is refused with S02008, as DolphinDB does.
func TestHandleOverAPI(t *testing.T) {
	c := apiServer(t)
	if _, err := c.Run(`db = database("dfs://apiDB", VALUE, 1..3)
pt = db.createPartitionedTable(table(1:0, ` + "`id`x" + `, [INT, DOUBLE]), "pt", "id")
pt.append!(table(1 2 3 3 as id, 1.5 2.5 3.5 4.5 as x))`); err != nil {
		t.Fatal(err)
	}
	for _, script := range []string{`loadTable("dfs://apiDB", "pt")`, `pt`, `select * from pt`} {
		v, err := c.Run(script)
		if err != nil {
			t.Fatalf("%s: %v", script, err)
		}
		tb, ok := v.(*value.Table)
		if !ok || tb.Rows() != 4 || strings.Join(tb.Names(), ",") != "id,x" {
			t.Fatalf("%s: got %T %v", script, v, v)
		}
		if got := tb.Col("x").String(); got != "[1.5,2.5,3.5,4.5]" {
			t.Fatalf("%s: x = %s", script, got)
		}
	}
	for script, want := range map[string]string{
		`rows(pt)`: "4", `size(pt)`: "4", `typestr(pt)`: "SEGMENTED DFS TABLE", `columnNames(pt)`: `["id","x"]`, `cols(pt)`: "2",
		`size(1 2 NULL)`: "3", `typestr(1 2)`: "FAST INT VECTOR", `(1 2 3)[1]`: "2",
		`(select size(x) as n from table(1 1 2 as k, 1 2 3 as x) group by k).n`: "[2,1]",
	} {
		v, err := c.Run(script)
		if err != nil {
			t.Fatalf("%s: %v", script, err)
		}
		if v.String() != want {
			t.Fatalf("%s = %s, want %s", script, v.String(), want)
		}
	}
	const s02008 = "Direct access using column names is not supported to retrieve data from a DFS table. Please use a SQL query instead. RefId:S02008"
	if _, err := c.Run("pt[`x]"); err == nil || !strings.Contains(err.Error(), s02008) {
		t.Fatalf("pt[`x]: %v", err)
	}
}
