// This file defines -remote: the console of a node elsewhere, over
// DolphinDB's API protocol with the project's Go client.

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/porpoisedb/porpoise/client"
	"github.com/porpoisedb/porpoise/repl"
	"github.com/porpoisedb/porpoise/vm/value"
)

// remoteRunner is a repl.Runner over an API connection.
type remoteRunner struct {
	addr, user, pwd string
	conn            *client.Conn
}

func (r *remoteRunner) Run(_ string, src []byte) (value.Value, error) {
	return r.conn.Run(string(src))
}

// Cancel asks the node, over a second connection, to cancel the console
// job of this session, as DolphinDB's GUI does with cancelConsoleJob.
func (r *remoteRunner) Cancel() {
	c, err := client.Dial(r.addr, r.user, r.pwd)
	if err != nil {
		return
	}
	defer c.Close()
	_, _ = c.Run(fmt.Sprintf("jobs = exec rootJobId from getConsoleJobs() where sessionId = %s\nif (size(jobs) > 0) cancelConsoleJob(jobs)", r.conn.SessionID()))
}

// remoteConsole runs the console against addr ("host:port"), logging in
// with -userId/-password (default admin/123456).
func remoteConsole(addr, user, pwd string, stdin io.Reader, stdout, stderr io.Writer, home string) error {
	conn, err := client.Dial(addr, user, pwd)
	if err != nil {
		return fail("dolphindb: -remote %s: %v", addr, err)
	}
	defer conn.Close()
	conn.OnPrint = func(s string) { fmt.Fprint(stdout, s) }
	if stdinIsTerminal(stdin) {
		fmt.Fprintf(stdout, "Connected to %s as %s (session %s).\nType quit or press Ctrl-D to leave; Ctrl-C cancels a running statement.\n", addr, user, conn.SessionID())
	}
	in, ok := stdin.(io.ReadCloser)
	if !ok {
		in = io.NopCloser(stdin)
	}
	c := &repl.Console{
		Runner:         &remoteRunner{addr: addr, user: user, pwd: pwd, conn: conn},
		HistoryFile:    filepath.Join(home, ".dolphindb_history"),
		In:             in,
		Out:            stdout,
		Err:            stderr,
		CatchInterrupt: stdin == os.Stdin,
	}
	return c.Run()
}
