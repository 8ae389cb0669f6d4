// This file defines Engine, the interpreter a session runs scripts on, and
// its default implementation over vm.Session.

package server

import (
	"io"

	"github.com/porpoisedb/porpoise/vm"
	"github.com/porpoisedb/porpoise/vm/value"
)

// Engine runs one session's scripts. Run is called by one goroutine at a
// time; Cancel may be called from any goroutine while Run is running.
type Engine interface {
	Run(name string, src []byte) (value.Value, error)
	// SetVar assigns a session variable; nil removes it.
	SetVar(name string, v value.Value)
	Cancel()
}

// EngineConfig is what the server hands to Options.NewEngine.
type EngineConfig struct {
	// Universe is the built-ins plus the server's session functions.
	Universe  map[string]value.Function
	Constants map[string]value.Value
	Shared    *vm.Shared
	// Out receives print output (sent to the client as MSG frames).
	Out io.Writer
}

// NewVMEngine returns a vm.Session.
func NewVMEngine(c EngineConfig) Engine {
	return vm.NewSession(vm.Options{Universe: c.Universe, Out: c.Out, Shared: c.Shared, Constants: c.Constants})
}
