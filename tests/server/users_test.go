package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/client"
	"github.com/porpoisedb/porpoise/cluster/server"
)

func mustRun(t *testing.T, c *client.Conn, script string) string {
	t.Helper()
	v, err := c.Run(script)
	if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	if v == nil {
		return ""
	}
	return v.String()
}

func wantErr(t *testing.T, c *client.Conn, script, substr string) {
	t.Helper()
	_, err := c.Run(script)
	if err == nil || !strings.Contains(err.Error(), substr) {
		t.Fatalf("%s: want error containing %q, got %v", script, substr, err)
	}
}

func TestUsersAndGrants(t *testing.T) {
	addr, home := startServer(t, nil)
	admin := dial(t, addr)
	mustRun(t, admin, "createUser(`alice, `pw1)")
	mustRun(t, admin, "createGroup(`quants, `alice)")
	mustRun(t, admin, `grant("quants", TABLE_READ, "dfs://db/pt")`)
	mustRun(t, admin, `deny("alice", DB_WRITE, "dfs://db")`)
	wantErr(t, admin, "createUser(`alice, `pw2)", "already exists")
	if got := mustRun(t, admin, "getUserList()"); got != `["admin","alice"]` {
		t.Fatalf("users %s", got)
	}
	if got := mustRun(t, admin, "getUsersByGroupId(`quants)"); got != `["alice"]` {
		t.Fatalf("members %s", got)
	}
	alice, err := client.Dial(addr, "alice", "pw1")
	if err != nil {
		t.Fatal(err)
	}
	defer alice.Close()
	wantErr(t, alice, "createUser(`bob, `x)", "Only administrators")
	mustRun(t, alice, "changePwd(`pw1, `pw2)")
	if _, err := client.Dial(addr, "alice", "pw1"); err == nil {
		t.Fatal("old password still works")
	}
	// The script form of login (api-go) and logout.
	c := dial(t, addr)
	mustRun(t, c, "logout()")
	wantErr(t, c, "createUser(`bob, `x)", "Only administrators")
	if got := mustRun(t, c, "login('alice', 'pw2')"); got != "true" {
		t.Fatalf("login returned %s", got)
	}
	// Persisted, hashed: a new store over the same home sees alice's rights.
	raw, err := os.ReadFile(filepath.Join(home, "sysmgmt", "acl.json"))
	if err != nil || strings.Contains(string(raw), "pw2") || strings.Contains(string(raw), "123456") {
		t.Fatalf("acl file: %v", err)
	}
	u, err := server.OpenUsers(home)
	if err != nil {
		t.Fatal(err)
	}
	if err := u.Authenticate("alice", "pw2"); err != nil {
		t.Fatal(err)
	}
	if !u.Allowed("alice", "TABLE_READ", "dfs://db/pt") || u.Allowed("alice", "TABLE_READ", "dfs://db/other") ||
		u.Allowed("alice", "DB_WRITE", "dfs://db/pt") || !u.Allowed("admin", "DB_WRITE", "dfs://db") {
		t.Fatal("rights not persisted")
	}
	mustRun(t, admin, `revoke("quants", TABLE_READ, "dfs://db/pt")`)
	mustRun(t, admin, "resetPwd(`alice, `pw3)")
	mustRun(t, admin, "deleteUser(`alice)")
	wantErr(t, admin, "deleteUser(`admin)", "can't be deleted")
	mustRun(t, admin, "deleteGroup(`quants)")
}
