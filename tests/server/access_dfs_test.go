package server_test

import (
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/client"
	"github.com/porpoisedb/porpoise/cluster/server"
	"github.com/porpoisedb/porpoise/dfs"
)

// startDFSServer is startServer with DFS storage under the home, opened
// as cmd/dolphindb's openStorage does.
func startDFSServer(t *testing.T) string {
	t.Helper()
	addr, _ := startServer(t, func(o *server.Options) {
		st, err := dfs.Open(dfs.Config{Home: o.Home, NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		for name, f := range dfs.Functions(st, o.Universe) {
			o.Universe[name] = f
		}
	})
	return addr
}

func TestDFSAccess(t *testing.T) {
	addr := startDFSServer(t)
	admin := dial(t, addr)
	mustRun(t, admin, `db = database("dfs://db", VALUE, 1..3)
t = table(1 2 3 as id, 1.0 2.0 3.0 as v)
pt = createPartitionedTable(db, t, "pt", "id")
pt.append!(t)
createUser("u1", "pw1")`)
	u1, err := client.Dial(addr, "u1", "pw1")
	if err != nil {
		t.Fatal(err)
	}
	defer u1.Close()
	const read = `<NoPrivilege>Not granted to read table dfs://db/pt`
	wantErr(t, u1, `rows(loadTable("dfs://db", "pt"))`, read)
	wantErr(t, u1, `loadTable("dfs://db", "pt")`, read)
	wantErr(t, u1, `database("dfs://db2", VALUE, 1..3)`, "Not granted to create or delete databases")
	wantErr(t, u1, `createPartitionedTable(database("dfs://db"), table(1 as id, 1.0 as v), "pt2", "id")`, "<NoPrivilege>Not granted to create table in dfs://db")
	wantErr(t, u1, `dropTable(database("dfs://db"), "pt")`, "<NoPrivilege>")
	wantErr(t, u1, `dropDatabase("dfs://db")`, "<NoPrivilege>")

	mustRun(t, admin, `grant("u1", TABLE_READ, "dfs://db/pt")`)
	if got := mustRun(t, u1, `rows(loadTable("dfs://db", "pt"))`); got != "3" {
		t.Fatalf("count %s", got)
	}
	// A handle got by admin and passed on is still checked on write.
	const write = `<NoPrivilege>Not granted to write data to table dfs://db/pt`
	wantErr(t, u1, `pt = loadTable("dfs://db", "pt"); pt.append!(table(1 as id, 9.0 as v))`, write)
	wantErr(t, u1, `tableInsert(loadTable("dfs://db", "pt"), 1, 9.0)`, write)
	wantErr(t, u1, `truncate("dfs://db", "pt")`, "<NoPrivilege>")

	mustRun(t, admin, `grant("u1", TABLE_WRITE, "dfs://db/pt")`)
	mustRun(t, u1, `loadTable("dfs://db", "pt").append!(table(1 as id, 9.0 as v)); 0`)
	if got := mustRun(t, admin, `rows(loadTable("dfs://db", "pt"))`); got != "4" {
		t.Fatalf("count after u1's append %s", got)
	}

	// Deny wins over grant, also at database level and through a group.
	mustRun(t, admin, `deny("u1", TABLE_READ, "dfs://db/pt")`)
	wantErr(t, u1, `loadTable("dfs://db", "pt")`, read)
	mustRun(t, admin, `revoke("u1", TABLE_READ, "dfs://db/pt"); grant("u1", DB_READ, "dfs://db")`)
	mustRun(t, u1, `rows(loadTable("dfs://db", "pt"))`)
	mustRun(t, admin, `createGroup("g", "u1"); deny("g", TABLE_READ, "dfs://db")`)
	wantErr(t, u1, `loadTable("dfs://db", "pt")`, read)

	// DB_OWNER lets u1 create databases and manage its own, not others'.
	mustRun(t, admin, `grant("u1", DB_OWNER)`)
	mustRun(t, u1, `db2 = database("dfs://u1db", VALUE, 1..3)
t2 = createPartitionedTable(db2, table(1 as id, 1.0 as v), "t", "id")
t2.append!(table(1 2 as id, 1.0 2.0 as v)); 0`)
	if got := mustRun(t, u1, `rows(loadTable("dfs://u1db", "t"))`); got != "2" {
		t.Fatalf("own table count %s", got)
	}
	wantErr(t, u1, `dropDatabase("dfs://db")`, "Not granted to create or delete databases")
	mustRun(t, u1, `dropDatabase("dfs://u1db")`)

	// Guests read nothing; admin is never checked.
	g := dial(t, addr)
	mustRun(t, g, "logout()")
	wantErr(t, g, `loadTable("dfs://db", "pt")`, read)
	if got := mustRun(t, admin, `rows(loadTable("dfs://db", "pt"))`); !strings.HasPrefix(got, "4") {
		t.Fatalf("admin count %s", got)
	}
}
