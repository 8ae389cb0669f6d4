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
	registerMath(r)
	registerStats(r)
	registerCumulative(r)
	registerOrder(r)
	registerMoving(r)
	registerStrings(r)
	registerRandom(r)
	registerVector(r)
	registerHigherOrder2(r)
	registerTMoving(r)
	registerMatrix(r)
	registerLinalg(r)
	registerTemporal(r)
	registerTFormat(r)
	registerTable(r)
	registerSystem(r)
	registerExtras(r)
	registerExtras2(r)
	registerTopN(r)
	registerUpsert(r)
	registerTextIO(r)
	registerIndexed(r) // wraps moving functions: keep last
}
