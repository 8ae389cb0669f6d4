package tests

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/porpoisedb/porpoise/client"
	"github.com/porpoisedb/porpoise/tests/dostest"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

// dolphindb builds cmd/dolphindb once into a temporary folder.
func dolphindb(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "porpoise-cli")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "dolphindb")
		out, err := exec.Command("go", "build", "-o", binPath, "../cmd/dolphindb").CombinedOutput()
		if err != nil {
			binErr = &buildError{err, string(out)}
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + e.out }

func TestMain(m *testing.M) {
	code := m.Run()
	if *updateKnown {
		if err := writeKnown(dostest.KnownFailuresFile); err != nil {
			fmt.Fprintln(os.Stderr, "-update-known:", err)
			code = 1
		}
	}
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs the binary in dir with stdin.
func run(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(dolphindb(t), args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errOut.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

func writeFile(t *testing.T, path, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCLIRunStdin(t *testing.T) {
	r := run(t, t.TempDir(), "1 2 3 + 1\n", "-run", "-")
	if r.code != 0 || r.stdout != "[2,3,4]\n" || r.stderr != "" {
		t.Errorf("-run -: exit %d, stdout %q, stderr %q; want 0, \"[2,3,4]\\n\", \"\"", r.code, r.stdout, r.stderr)
	}
}

func TestCLIRunFileError(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "bad.dos"), "x = 1\ny = (x, 2\n")
	r := run(t, dir, "", "-run", "bad.dos")
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "Syntax Error") {
		t.Errorf("-run bad.dos: exit %d, stdout %q, stderr %q; want 1, nothing, a Syntax Error", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, "", "-run", "missing.dos")
	if r.code != 1 || !strings.Contains(r.stderr, "missing.dos") {
		t.Errorf("-run missing.dos: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestCLITest(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "suite", "a.dos"),
		"// one case passes, one fails\n"+
			"@testing: case = \"runs\"\n"+
			"x = 1\n\n"+
			"@testing: case = \"expects_a_syntax_error\", syntaxError = 1\n"+
			"x = 1\n")
	r := run(t, dir, "", "-test", "suite")
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if r.code != 1 || lines[len(lines)-1] != "1 passed, 1 failed" {
		t.Errorf("-test: exit %d, stdout:\n%s\nstderr: %s\nwant exit 1 and last line \"1 passed, 1 failed\"", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "--- FAIL: a.dos:expects_a_syntax_error") {
		t.Errorf("-test does not name the failing case:\n%s", r.stdout)
	}

	// The known-failure list turns the failure into a skip.
	writeFile(t, filepath.Join(dir, "suite", "known_failures.txt"), "a.dos:expects_a_syntax_error # demo\n")
	r = run(t, dir, "", "-test", "suite")
	if r.code != 0 || !strings.HasSuffix(r.stdout, "1 skipped (known failures)\n1 passed, 0 failed\n") {
		t.Errorf("-test with a known failure: exit %d, stdout:\n%s", r.code, r.stdout)
	}

	// test(file) from a script reports the same way.
	r = run(t, dir, "test(\"suite/a.dos\")\n", "-run", "-")
	if !strings.Contains(r.stdout, "1 skipped (known failures)\n1 passed, 0 failed\n") {
		t.Errorf("test(file): exit %d, stdout:\n%s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
}

func TestCLIConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "dolphindb.cfg")
	writeFile(t, cfg, "localSite=localhost:8848:local8848\nthis is not a setting\n")
	r := run(t, dir, "", "-home", dir, "-run", "-")
	if r.code != 1 || !strings.Contains(r.stderr, cfg+":2:") {
		t.Errorf("bad config line: exit %d, stderr %q; want 1 and %s:2:", r.code, r.stderr, cfg)
	}

	writeFile(t, cfg, "localSite=localhost:8848:n1\nmaxMemSize=4\nn1.maxMemSize=lots\n")
	r = run(t, dir, "", "-home", dir, "-run", "-")
	if r.code != 1 || !strings.Contains(r.stderr, cfg+":3: maxMemSize") {
		t.Errorf("bad alias-qualified value: exit %d, stderr %q", r.code, r.stderr)
	}
	// The command line wins over the file.
	r = run(t, dir, "1 2 3 + 1\n", "-home", dir, "-maxMemSize", "1", "-run", "-")
	if r.code != 0 || r.stdout != "[2,3,4]\n" {
		t.Errorf("-maxMemSize override: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	r = run(t, dir, "", "-config", filepath.Join(dir, "none.cfg"))
	if r.code != 1 || !strings.Contains(r.stderr, "none.cfg") {
		t.Errorf("missing -config: exit %d, stderr %q", r.code, r.stderr)
	}
	r = run(t, dir, "", "-home", t.TempDir(), "-mode", "controller")
	if r.code != 1 || !strings.Contains(r.stderr, "not available in this build yet") {
		t.Errorf("-mode controller: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestCLIConsole(t *testing.T) {
	home := t.TempDir()
	r := run(t, home, "1 2 3 +\n1\nquit\n", "-home", home, "-console", "1", "-localSite", freeSite(t), "-logFile", filepath.Join(home, "log", "node.log"))
	if r.code != 0 || r.stdout != "[2,3,4]\n" {
		t.Errorf("console: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	log, err := os.ReadFile(filepath.Join(home, "log", "node.log"))
	if err != nil {
		t.Fatal(err)
	}
	// 2024-01-01 12:00:00.000000 <INFO> :Porpoise ... starting
	if first := strings.SplitN(string(log), "\n", 2)[0]; len(first) < 35 || first[26:35] != " <INFO> :" {
		t.Errorf("log line %q is not in DolphinDB's shape", first)
	}
	if _, err := os.Stat(filepath.Join(home, ".dolphindb_history")); err != nil {
		t.Errorf("no console history in the home: %v", err)
	}
}

// freeSite returns a localSite on a loopback port that was free a moment ago.
func freeSite(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprintf("127.0.0.1:%d:node1", ln.Addr().(*net.TCPAddr).Port)
}

// TestCLIServesAPI starts a node without a console, as the tutorial's
// startSingle.sh does, runs a script through the API port with the Go
// client, and stops the node with SIGTERM.
func TestCLIServesAPI(t *testing.T) {
	home := t.TempDir()
	site := freeSite(t)
	cmd := exec.Command(dolphindb(t), "-home", home, "-console", "0", "-localSite", site)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	addr := site[:strings.LastIndexByte(site, ':')]
	var conn *client.Conn
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if conn, err = client.Dial(addr, "admin", "123456"); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("no API on %s: %v (stderr %q)", addr, err, stderr.String())
	}
	v, err := conn.Run("1 2 3 + 1")
	conn.Close()
	if err != nil || v.String() != "[2,3,4]" {
		t.Errorf("1 2 3 + 1 over the API: %v, %v", v, err)
	}
	// The remote console: dolphindb -remote host:port, over the same port.
	rc := exec.Command(dolphindb(t), "-remote", addr)
	rc.Dir = home
	rc.Stdin = strings.NewReader("x = 1 2 3\nx + 1\nprint(\"hello\")\nquit\n")
	out, err := rc.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "[2,3,4]") || !strings.Contains(string(out), "hello") {
		t.Errorf("-remote console: %v, output %q", err, out)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("node exit after SIGTERM: %v (stderr %q)", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Error("node did not stop within 10 s of SIGTERM")
	}
}
