// This file defines -test and the built-in test(scriptFile, [outputFile],
// [testMemLeaking]): DolphinDB's unit-test runner over tests/dostest.

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/porpoisedb/porpoise/tests/dostest"
	"github.com/porpoisedb/porpoise/vm"
	"github.com/porpoisedb/porpoise/vm/value"
)

// runner returns a test runner whose cases run in fresh sessions of this
// node, with the known-failure list that serves path.
func (n *node) runner(path string) (*dostest.Runner, error) {
	r := &dostest.Runner{
		NewSession:    func(out io.Writer) dostest.Session { return n.newSession(out) },
		IsSyntaxError: vm.IsSyntaxError,
	}
	if kf := dostest.FindKnown(path); kf != "" {
		known, err := dostest.LoadKnown(kf)
		if err != nil {
			return nil, err
		}
		r.Known = known
	}
	return r, nil
}

// runTests is -test: run files or folders (several separated by commas),
// report to stdout, end with one "N passed, N failed" line for all of
// them; exit 1 when any case failed.
func (n *node) runTests(paths string) error {
	rep := &dostest.Report{W: n.stdout}
	for _, path := range strings.Split(paths, ",") {
		r, err := n.runner(path)
		if err != nil {
			return fail("dolphindb: -test: %v", err)
		}
		if err := r.RunPath(path, rep); err != nil {
			return fail("dolphindb: -test: %v", err)
		}
	}
	rep.End()
	n.log.Info().Msgf("test %s: %s", paths, rep.Summary.Line())
	if rep.Summary.Failed > 0 {
		return &exitError{code: 1}
	}
	return nil
}

// testFunc is the built-in test. It writes the report to the session's
// output, or to outputFile (relative paths are under the home), and
// returns nothing, as the manual documents.
type testFunc struct{ node *node }

func (*testFunc) Type() value.Type { return value.FUNCTIONDEF }
func (*testFunc) Form() value.Form { return value.SCALAR }
func (*testFunc) String() string   { return "test" }
func (*testFunc) Name() string     { return "test" }

func (f *testFunc) Call(env value.Env, args []value.Value) (value.Value, error) {
	if len(args) < 1 || len(args) > 3 {
		return nil, fmt.Errorf("test: expects 1 to 3 arguments (scriptFile, [outputFile], [testMemLeaking]), got %d", len(args))
	}
	script, ok := stringArg(args[0])
	if !ok {
		return nil, errors.New("test: scriptFile must be a string scalar")
	}
	path := f.node.findFile(script)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("test: cannot open %s: %v", script, err)
	}
	out := env.Out()
	if len(args) >= 2 {
		if _, isVoid := args[1].(value.Void); !isVoid {
			outPath, ok := stringArg(args[1])
			if !ok {
				return nil, errors.New("test: outputFile must be a string scalar")
			}
			if !filepath.IsAbs(outPath) {
				outPath = filepath.Join(f.node.home, outPath)
			}
			if st, err := os.Stat(outPath); err == nil && st.IsDir() {
				outPath = filepath.Join(outPath, filepath.Base(path))
			}
			file, err := os.Create(outPath)
			if err != nil {
				return nil, fmt.Errorf("test: %v", err)
			}
			defer file.Close()
			out = file
		}
	}
	r, err := f.node.runner(path)
	if err != nil {
		return nil, fmt.Errorf("test: %v", err)
	}
	rep := &dostest.Report{W: out, Verbose: true}
	if err := r.RunPath(path, rep); err != nil {
		return nil, fmt.Errorf("test: %v", err)
	}
	rep.End()
	return value.Void{}, nil
}

func stringArg(v value.Value) (string, bool) {
	switch s := v.(type) {
	case value.String:
		return string(s), true
	case value.Symbol:
		return string(s), true
	}
	return "", false
}
