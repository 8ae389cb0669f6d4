// Package repl owns the interactive console: reading statements with
// readline (history, multi-line input), running them in a session that is
// passed in, printing results and errors, and cancelling a running
// statement on Ctrl-C.
package repl

// This file defines Console and its read-run-print loop.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"

	"github.com/chzyer/readline"
	"github.com/porpoisedb/porpoise/vm/value"
)

// Runner is the session the console drives. Run parses and runs one
// submitted script and returns the value of its last expression statement
// (nil if none). Cancel is called from another goroutine while Run runs
// and makes it return an error.
type Runner interface {
	Run(name string, src []byte) (value.Value, error)
	Cancel()
}

// Console is a readline console over a Runner. Set the fields, then call
// Run once. A Console is used by one goroutine.
type Console struct {
	Runner Runner
	// Name is the script name in error positions ("console" if empty).
	Name string
	// Prompt and ContinuePrompt default to "> " and "  ".
	Prompt, ContinuePrompt string
	// HistoryFile keeps input across runs ("" for none).
	HistoryFile string
	// In, Out and Err default to the process's stdin, stdout and stderr.
	// In need not be a terminal.
	In       io.ReadCloser
	Out, Err io.Writer
	// Terminal forces (or denies) terminal mode; nil asks whether In and
	// Out are terminals.
	Terminal *bool
	// CatchInterrupt makes SIGINT cancel a running statement instead of
	// ending the process (set it in the server, not in tests).
	CatchInterrupt bool

	running atomic.Bool
}

// Run reads statements until end of input or "quit". Errors of statements
// are printed, never returned; Run returns only errors of the console
// itself.
func (c *Console) Run() error {
	if c.Name == "" {
		c.Name = "console"
	}
	if c.Prompt == "" {
		c.Prompt = "> "
	}
	if c.ContinuePrompt == "" {
		c.ContinuePrompt = "  "
	}
	if c.In == nil {
		c.In = os.Stdin
	}
	if c.Out == nil {
		c.Out = os.Stdout
	}
	if c.Err == nil {
		c.Err = os.Stderr
	}
	cfg := &readline.Config{
		Prompt:          c.Prompt,
		HistoryFile:     c.HistoryFile,
		Stdin:           c.In,
		Stdout:          c.Out,
		Stderr:          c.Err,
		InterruptPrompt: "^C",
	}
	if c.Terminal != nil {
		term := *c.Terminal
		cfg.FuncIsTerminal = func() bool { return term }
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return err
	}
	defer rl.Close()

	if c.CatchInterrupt {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt)
		defer signal.Stop(sig)
		go func() {
			for range sig {
				if c.running.Load() {
					c.Runner.Cancel()
				}
			}
		}()
	}

	var pending []string
	for {
		if len(pending) == 0 {
			rl.SetPrompt(c.Prompt)
		} else {
			rl.SetPrompt(c.ContinuePrompt)
		}
		line, err := rl.Readline()
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			pending = pending[:0] // Ctrl-C at the prompt drops the input
			continue
		case errors.Is(err, io.EOF):
			if len(pending) > 0 {
				c.submit(strings.Join(pending, "\n"))
			}
			return nil
		case err != nil:
			return err
		}
		if len(pending) == 0 {
			switch strings.TrimSpace(line) {
			case "":
				continue
			case "quit", "quit;", "quit()":
				return nil
			}
		}
		pending = append(pending, line)
		src := strings.Join(pending, "\n")
		if NeedsMore(src) {
			continue
		}
		pending = pending[:0]
		c.submit(src)
	}
}

// submit runs one statement and prints its result or error.
func (c *Console) submit(src string) {
	b := []byte(src)
	c.running.Store(true)
	v, err := c.run(b)
	c.running.Store(false)
	if err != nil {
		fmt.Fprintln(c.Err, FormatError(c.Name, b, err))
		return
	}
	if s, ok := Display(v); ok {
		fmt.Fprintln(c.Out, s)
	}
}

// run calls the runner, turning a panic of the VM into an error so one
// bad statement does not end the console.
func (c *Console) run(src []byte) (v value.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("internal error: %v", p)
		}
	}()
	return c.Runner.Run(c.Name, src)
}
