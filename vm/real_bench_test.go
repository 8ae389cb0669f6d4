// This file benchmarks the VM's speed goals with the real built-in library
// (an external test package, so package vm itself does not depend on it).

package vm_test

import (
	"testing"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/vm"
)

func realSession() *vm.Session {
	return vm.NewSession(vm.Options{Universe: builtins.Universe()})
}

// benchScript times src in one session after three untimed runs: the
// first runs of a fresh process pay the kernel's first-touch page faults
// for the heap (about 2 ms per MB on this VM), which a warm server does not.
func benchScript(b *testing.B, src string) {
	s := realSession()
	for range 3 {
		if _, err := s.Run("warm-up", []byte(src)); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, err := s.Run("bench", []byte(src)); err != nil {
			b.Fatal(err)
		}
	}
}

// Goal: under 1.5 s.
func BenchmarkRealLoopSum(b *testing.B) { benchScript(b, "s = 0; for(i in 0..9999999) s += i") }

// Goal: under 30 ms.
func BenchmarkRealVectorAdd(b *testing.B) { benchScript(b, "x = 1..10000000 + 1") }

// The two halves of the vector goal.
func BenchmarkRealSeq(b *testing.B) { benchScript(b, "x = 1..10000000") }

func BenchmarkRealLoopSumDouble(b *testing.B) {
	benchScript(b, "s = 0.0; for(i in 0..9999999) s += i")
}

func BenchmarkRealLoopSumLong(b *testing.B) {
	benchScript(b, "s = 0l; for(i in 0..9999999) s += i")
}
