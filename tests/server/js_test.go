package server_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestJavaScriptClient installs the official DolphinDB JavaScript API from
// npm (pinned by js/package-lock.json, into js/.npm) and runs
// js/client_test.mjs against a live server over WebSocket.
func TestJavaScriptClient(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		msg := "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n" +
			"!! SKIPPING the official JavaScript client test: `node` is not installed. !!\n" +
			"!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
		fmt.Fprint(os.Stderr, msg)
		t.Skip(msg)
	}
	dir, err := filepath.Abs("js")
	if err != nil {
		t.Fatal(err)
	}
	// npm installs into js/.npm: the go tool skips dot folders, and the
	// package tree holds Go files of its own.
	deps := filepath.Join(dir, ".npm")
	module := filepath.Join(deps, "node_modules", "dolphindb", "index.js")
	if _, err := os.Stat(module); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			t.Fatal("node is installed but npm is not")
		}
		if err := os.MkdirAll(deps, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"package.json", "package-lock.json"} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(deps, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts")
		cmd.Dir = deps
		cmd.Env = append(os.Environ(), "npm_config_cache="+filepath.Join(deps, "cache"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci: %v\n%s", err, out)
		}
	}
	addr, _ := startServer(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "client_test.mjs", "ws://"+addr)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DOLPHINDB_JS="+module)
	out, err := cmd.CombinedOutput()
	t.Logf("node output:\n%s", out)
	if err != nil {
		t.Fatalf("JavaScript client: %v", err)
	}
}
