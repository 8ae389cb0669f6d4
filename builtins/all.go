// This file assembles the default registry from every family.

package builtins

import "sync"

var (
	defaultOnce sync.Once
	defaultReg  *Registry
)

// Default returns the registry holding every built-in family.
func Default() *Registry {
	defaultOnce.Do(func() {
		r := NewRegistry()
		RegisterAll(r)
		defaultReg = r
	})
	return defaultReg
}

// RegisterAll registers every family of this package into r.
func RegisterAll(r *Registry) {
	registerArith(r)
	registerCompare(r)
	registerLogic(r)
	registerIndex(r)
	registerCast(r)
	registerCore(r)
	registerAggregate(r)
	registerHigherOrder(r)
}
