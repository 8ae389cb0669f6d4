// Command dolphindb is the Porpoise server: a DolphinDB-compatible node
// started with DolphinDB's command line and config files. This build runs a
// standalone (single) node serving its port and console, runs scripts (-run) and runs
// DolphinDB unit-test files (-test).
package main

// This file defines startup: the command line, the configuration, the log,
// boot scripts, and the choice of console, -run or -test.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/rs/zerolog"

	"github.com/porpoisedb/porpoise/builtins"
	sqlengine "github.com/porpoisedb/porpoise/builtins/sql"
	"github.com/porpoisedb/porpoise/cluster/server"
	"github.com/porpoisedb/porpoise/dfs"
	"github.com/porpoisedb/porpoise/repl"
	"github.com/porpoisedb/porpoise/vm"
	"github.com/porpoisedb/porpoise/vm/value"
)

// version is set at link time: -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `Usage: dolphindb [-key value]...

Porpoise, a DolphinDB-compatible server. Options are DolphinDB's: any
configuration parameter may be given as -key value and wins over the
config file.

  -home DIR          home directory (default: the working directory)
  -config FILE       config file (default: <home>/dolphindb.cfg)
  -logFile FILE      log file (default: <home>/dolphindb.log)
  -stdoutLog 0|1|2   log to the file, to stdout, or both (default 0)
  -console 0|1       interactive console (default 1 when stdin is a terminal);
                     either way the node serves DolphinDB's API, WebSocket
                     and its web page on the localSite port until SIGTERM
  -script FILE       init script run at boot in its own session
                     (default: <home>/dolphindb.dos if it exists)
  -mode MODE         single (default); controller, agent, datanode and
                     computenode are not available in this build yet
  -localSite H:P:A   host:port:alias of this node (default localhost:8848:local8848)
  -maxMemSize GB     memory limit in GB, 0 for none (default 0)

Porpoise's own:
  -run FILE|-        run a script (- reads stdin), print the value of its
                     last statement; exit 1 on error
  -test DIR|FILE     run DolphinDB unit-test files (@testing cases); the last
                     line is "N passed, N failed"; exit 1 if any failed
  -remote HOST:PORT  a console on another node over DolphinDB's API protocol
                     (log in with -userId and -password; default admin/123456)
  -version           print the version
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// node is the resolved startup state.
type node struct {
	home     string
	settings map[string]setting
	alias    string
	addr     string // host:port of localSite
	shared   *vm.Shared
	srv      *server.Server
	local    map[string]value.Function // universe of local sessions
	consts   map[string]value.Value
	log      zerolog.Logger
	universe map[string]value.Function
	stdin    io.Reader
	stdout   io.Writer
	stderr   io.Writer
}

// exitError carries an exit code and a message for stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func fail(format string, args ...any) error {
	return &exitError{code: 1, msg: fmt.Sprintf(format, args...)}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	err := start(args, stdin, stdout, stderr)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "dolphindb: %v\n", err)
	return 1
}

func start(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd, err := parseArgs(args)
	if err != nil {
		return fail("dolphindb: %v\nRun dolphindb -help for the options.", err)
	}
	if _, ok := cmd["help"]; ok {
		fmt.Fprint(stdout, usage)
		return nil
	}
	if _, ok := cmd["h"]; ok {
		fmt.Fprint(stdout, usage)
		return nil
	}
	if _, ok := cmd["version"]; ok {
		fmt.Fprintf(stdout, "Porpoise %s (DolphinDB-compatible) %s %s/%s\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return nil
	}
	if r, ok := cmd["remote"]; ok {
		user, pwd := "admin", "123456"
		if u, ok := cmd["userId"]; ok {
			user = u.Value
		}
		if p, ok := cmd["password"]; ok {
			pwd = p.Value
		}
		home, _ := os.Getwd()
		return remoteConsole(r.Value, user, pwd, stdin, stdout, stderr, home)
	}
	n := &node{stdin: stdin, stdout: stdout, stderr: stderr}
	if err := n.configure(cmd); err != nil {
		return err
	}
	_, isTest := n.settings["test"]
	_, isRun := n.settings["run"]
	if isTest && isRun {
		return fail("dolphindb: -run and -test cannot be used together")
	}

	// The log: DolphinDB logs to <home>/dolphindb.log; -run and -test log
	// only when asked to, so that their output stays clean.
	stdoutLog, _ := n.intSetting("stdoutLog", 0)
	logFile := ""
	if s, ok := n.settings["logFile"]; ok {
		logFile = s.Value
	} else if !isRun && !isTest {
		logFile = filepath.Join(n.home, "dolphindb.log")
	}
	if (isRun || isTest) && stdoutLog != 0 {
		// Keep stdout for results: the log goes to stderr instead.
		stdout = stderr
	}
	logger, closeLog, err := newLogger(logFile, stdoutLog, stdout)
	if err != nil {
		return fail("dolphindb: cannot open the log file: %v", err)
	}
	defer closeLog()
	n.log = logger
	n.log.Info().Msgf("Porpoise %s starting (DolphinDB-compatible), home %s", version, n.home)

	if gb, _ := n.floatSetting("maxMemSize", 0); gb > 0 {
		value.SetMemoryLimit(int64(gb * (1 << 30)))
		n.log.Info().Msgf("maxMemSize is %g GB", gb)
	}

	n.universe = builtins.Universe()
	sqlengine.AddTo(n.universe)
	n.universe["test"] = &testFunc{node: n}
	n.shared = vm.NewShared()
	st, err := n.openStorage()
	if err != nil {
		return err
	}
	defer st.Close()
	if k, _ := n.intSetting("localExecutors", 0); k > 0 {
		builtins.SetLocalExecutors(k)
	}

	if err := n.newServer(!isTest && !isRun); err != nil {
		return err
	}

	switch {
	case isTest:
		if err := n.bootScripts(false); err != nil {
			return err
		}
		return n.runTests(n.settings["test"].Value)
	case isRun:
		if err := n.bootScripts(false); err != nil {
			return err
		}
		return n.runScript(n.settings["run"].Value)
	}
	if err := n.bootScripts(true); err != nil {
		return err
	}
	console := stdinIsTerminal(stdin)
	if s, ok := n.settings["console"]; ok {
		console = truthy(s.Value)
	}
	defer n.serve()()
	defer n.log.Info().Msg("MainServer shutdown.")
	if !console {
		n.log.Info().Msgf("Node %s (mode single) started on %s without a console", n.alias, n.addr)
		waitForTermination()
		return nil
	}
	n.log.Info().Msgf("Node %s (mode single) started on %s with its console", n.alias, n.addr)
	return n.console()
}

// openStorage opens the node's DFS storage under the home (recovering
// unfinished transactions) and adds its functions to the universe.
func (n *node) openStorage() (*dfs.Store, error) {
	execs, _ := n.intSetting("localExecutors", 0)
	var vols []string
	if v := n.settings["volumes"].Value; v != "" {
		vols = strings.Split(v, ",")
	}
	st, err := dfs.Open(dfs.Config{
		Home:                    n.home,
		Volumes:                 vols,
		NewValuePartitionPolicy: n.settings["newValuePartitionPolicy"].Value,
		LocalExecutors:          execs,
		NodeAlias:               n.alias,
		Logger:                  n.log,
	})
	if err != nil {
		n.log.Error().Msgf("DFS storage: %v", err)
		return nil, fail("dolphindb: DFS storage: %v", err)
	}
	for name, f := range dfs.Functions(st, n.universe) {
		n.universe[name] = f
	}
	return st, nil
}

// newServer makes the node's server: listening on localSite for a node,
// without a port for -run and -test. DolphinDB refuses to start when the
// port is taken, and so does Porpoise. Local sessions (console, boot
// scripts, -run, -test) get the server's session functions.
func (n *node) newServer(listen bool) error {
	workers, _ := n.intSetting("workerNum", 0)
	maxConn, _ := n.intSetting("maxConnections", 0)
	batch, _ := n.intSetting("maxBatchJobWorker", 0)
	opts := server.Options{
		Addr:              n.addr,
		NodeAlias:         n.alias,
		Home:              n.home,
		Logger:            n.log,
		Universe:          n.universe,
		Shared:            n.shared,
		WorkerNum:         workers,
		MaxConnections:    maxConn,
		MaxBatchJobWorker: batch,
	}
	var srv *server.Server
	var err error
	if listen {
		srv, err = server.New(opts)
	} else {
		srv, err = server.NewLocal(opts)
	}
	if err != nil {
		n.log.Error().Msgf("Failed to start the server on localSite %s: %v", n.addr, err)
		return fail("dolphindb: cannot serve on localSite %s: %v", n.addr, err)
	}
	n.srv = srv
	n.local = srv.LocalUniverse()
	n.consts = srv.Constants()
	return nil
}

// serve runs the node's port: DolphinDB's API protocol, WebSocket and the
// web page.
func (n *node) serve() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := n.srv.Serve(ctx); err != nil {
			n.log.Error().Msgf("The server on %s stopped: %v", n.addr, err)
		}
	}()
	n.log.Info().Msgf("Listening on %s (API, WebSocket and web page)", n.srv.Addr())
	return func() { cancel(); <-done }
}

// waitForTermination blocks until SIGINT or SIGTERM.
func waitForTermination() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	signal.Stop(sig)
}

// configure resolves home, config file and settings, and checks the
// parameters this build understands.
func (n *node) configure(cmd map[string]setting) error {
	home := "."
	if s, ok := cmd["home"]; ok {
		home = s.Value
		st, err := os.Stat(home)
		if err != nil || !st.IsDir() {
			return fail("dolphindb: %s: the home directory %q does not exist", s.From, home)
		}
	}
	abs, err := filepath.Abs(home)
	if err != nil {
		return fail("dolphindb: home %q: %v", home, err)
	}
	n.home = abs

	var cf *configFile
	cfgPath := filepath.Join(n.home, "dolphindb.cfg")
	s, explicit := cmd["config"]
	if explicit {
		cfgPath = s.Value
	}
	cf, err = loadConfig(cfgPath)
	switch {
	case err == nil:
	case os.IsNotExist(err) && !explicit:
		cf = nil
	case os.IsNotExist(err):
		return fail("dolphindb: %s: the config file %q does not exist", s.From, cfgPath)
	default:
		return fail("dolphindb: %v", err)
	}

	// The alias (from localSite) decides which qualified lines apply.
	site := setting{Value: "localhost:8848:local8848", From: "default"}
	if cf != nil {
		for _, l := range cf.Lines {
			if l.Qualifier == "" && l.Key == "localSite" {
				site = setting{Value: l.Value, From: l.From}
				break
			}
		}
	}
	if c, ok := cmd["localSite"]; ok {
		site = c
	}
	alias, err := parseSite(site.Value)
	if err != nil {
		return fail("dolphindb: %s: localSite: %v", site.From, err)
	}
	n.alias = alias
	n.addr = site.Value[:strings.LastIndexByte(site.Value, ':')]

	var warnings []string
	if cf != nil {
		warnings = cf.Warnings
	}
	settings, w := resolve(cmd, cf, alias)
	n.settings = settings
	warnings = append(warnings, w...)
	for _, w := range warnings {
		fmt.Fprintf(n.stderr, "dolphindb: warning: %s\n", w)
	}
	return n.check()
}

// check validates the parameters this build acts on.
func (n *node) check() error {
	if s, ok := n.settings["mode"]; ok {
		switch s.Value {
		case "single":
		case "controller", "agent", "datanode", "computenode":
			return fail("dolphindb: %s: mode %s is not available in this build yet (only mode=single)", s.From, s.Value)
		default:
			return fail("dolphindb: %s: mode %q is not one of single, controller, agent, datanode, computenode", s.From, s.Value)
		}
	}
	for _, k := range []string{"workerNum", "localExecutors", "maxConnections", "stdoutLog"} {
		if _, err := n.intSetting(k, 0); err != nil {
			return err
		}
	}
	if s, ok := n.settings["stdoutLog"]; ok {
		if v, _ := strconv.Atoi(s.Value); v < 0 || v > 2 {
			return fail("dolphindb: %s: stdoutLog must be 0, 1 or 2, not %q", s.From, s.Value)
		}
	}
	if _, err := n.floatSetting("maxMemSize", 0); err != nil {
		return err
	}
	for _, k := range []string{"console", "dataSync", "lanCluster"} {
		if s, ok := n.settings[k]; ok && !isBool(s.Value) {
			return fail("dolphindb: %s: %s must be 0, 1, true or false, not %q", s.From, k, s.Value)
		}
	}
	if s, ok := n.settings["newValuePartitionPolicy"]; ok {
		switch s.Value {
		case "add", "skip", "fail":
		default:
			return fail("dolphindb: %s: newValuePartitionPolicy must be add, skip or fail, not %q", s.From, s.Value)
		}
	}
	return nil
}

// parseSite checks host:port:alias and returns the alias.
func parseSite(site string) (string, error) {
	parts := strings.Split(site, ":")
	if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
		return "", fmt.Errorf("%q is not host:port:alias", site)
	}
	if p, err := strconv.Atoi(parts[1]); err != nil || p <= 0 || p > 65535 {
		return "", fmt.Errorf("%q: port %q is not a number from 1 to 65535", site, parts[1])
	}
	return parts[2], nil
}

func (n *node) intSetting(key string, def int) (int, error) {
	s, ok := n.settings[key]
	if !ok {
		return def, nil
	}
	v, err := strconv.Atoi(s.Value)
	if err != nil || v < 0 {
		return def, fail("dolphindb: %s: %s must be a non-negative integer, not %q", s.From, key, s.Value)
	}
	return v, nil
}

func (n *node) floatSetting(key string, def float64) (float64, error) {
	s, ok := n.settings[key]
	if !ok {
		return def, nil
	}
	v, err := strconv.ParseFloat(s.Value, 64)
	if err != nil || v < 0 {
		return def, fail("dolphindb: %s: %s must be a non-negative number, not %q", s.From, key, s.Value)
	}
	return v, nil
}

func isBool(s string) bool {
	switch strings.ToLower(s) {
	case "0", "1", "true", "false":
		return true
	}
	return false
}

func truthy(s string) bool {
	switch strings.ToLower(s) {
	case "1", "true":
		return true
	}
	return false
}

func stdinIsTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// newSession opens a session of this node writing print output to out.
func (n *node) newSession(out io.Writer) *vm.Session {
	return vm.NewSession(vm.Options{Universe: n.local, Constants: n.consts, Out: out, Shared: n.shared})
}

// findFile resolves a script path: as given (relative to the working
// directory), else relative to the home.
func (n *node) findFile(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if hp := filepath.Join(n.home, p); fileExists(hp) {
		return hp
	}
	return p
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// bootScripts runs the init script (script, or its newer name init) and,
// for a server, the startup script, each in its own session. A script given
// explicitly must exist; errors inside scripts are logged and reported,
// never fatal (DolphinDB's rule for startup scripts).
func (n *node) bootScripts(server bool) error {
	type boot struct {
		keys      []string
		def, what string
	}
	boots := []boot{{[]string{"script", "init"}, "dolphindb.dos", "init"}}
	if server {
		boots = append(boots, boot{[]string{"startup"}, "startup.dos", "startup"})
	}
	for _, b := range boots {
		var path string
		for _, k := range b.keys {
			if s, ok := n.settings[k]; ok {
				path = n.findFile(s.Value)
				if !fileExists(path) {
					return fail("dolphindb: %s: the %s script %q does not exist", s.From, b.what, s.Value)
				}
				break
			}
		}
		if path == "" {
			if !server {
				continue
			}
			path = filepath.Join(n.home, b.def)
			if !fileExists(path) {
				continue
			}
		}
		n.log.Info().Msgf("Executing the %s script: %s", b.what, path)
		src, err := os.ReadFile(path)
		if err == nil {
			opts := vm.Options{Universe: n.local, Constants: n.consts, Out: n.stdout, Shared: n.shared}
			// The init script defines system-level functions, visible
			// to every session, and with them their mapr definitions.
			opts.System = b.what == "init"
			_, err = vm.NewSession(opts).Run(path, src)
		}
		if err != nil {
			msg := repl.FormatError(path, src, err)
			n.log.Error().Msgf("The %s script %s failed: %s", b.what, path, msg)
			fmt.Fprintf(n.stderr, "dolphindb: the %s script %s failed:\n%s\n", b.what, path, msg)
			continue
		}
		n.log.Info().Msgf("The %s script: %s execution completed.", b.what, path)
	}
	return nil
}

// runScript is -run: the whole file (or stdin for "-") as one script.
func (n *node) runScript(path string) error {
	var src []byte
	var err error
	name := path
	if path == "-" {
		name = "stdin"
		src, err = io.ReadAll(n.stdin)
	} else {
		src, err = os.ReadFile(path)
	}
	if err != nil {
		return fail("dolphindb: -run: %v", err)
	}
	s := n.newSession(n.stdout)
	stop := cancelOnInterrupt(s)
	v, err := s.Run(name, src)
	stop()
	if err != nil {
		n.log.Error().Msgf("%s failed: %v", name, err)
		return fail("%s", repl.FormatError(name, src, err))
	}
	if text, ok := repl.Display(v); ok {
		fmt.Fprintln(n.stdout, text)
	}
	return nil
}

// cancelOnInterrupt makes the first Ctrl-C cancel the running script; the
// returned function restores the default handling.
func cancelOnInterrupt(s *vm.Session) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			s.Cancel()
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
	}
}

// console runs the interactive console over one session.
func (n *node) console() error {
	if stdinIsTerminal(n.stdin) {
		fmt.Fprintf(n.stdout, "Porpoise %s, a DolphinDB-compatible server (node %s, mode single).\nType quit or press Ctrl-D to leave; Ctrl-C cancels a running statement.\n", version, n.alias)
	}
	in, ok := n.stdin.(io.ReadCloser)
	if !ok {
		in = io.NopCloser(n.stdin)
	}
	c := &repl.Console{
		Runner:         n.newSession(n.stdout),
		HistoryFile:    filepath.Join(n.home, ".dolphindb_history"),
		In:             in,
		Out:            n.stdout,
		Err:            n.stderr,
		CatchInterrupt: true,
	}
	return c.Run()
}
