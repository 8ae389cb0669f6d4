package builtins

import (
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

// BenchmarkAddVector10M is 1..10000000 + 1: INT vector plus INT scalar,
// including the allocation of the result.
func BenchmarkAddVector10M(b *testing.B) {
	x, err := value.Seq(value.Int(1), value.Int(10000000))
	if err != nil {
		b.Fatal(err)
	}
	add, _ := Default().Lookup("add")
	args := []value.Value{x, value.Int(1)}
	b.SetBytes(10000000 * 4)
	for b.Loop() {
		if _, err := add.Call(nil, args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddDoubleVV10M(b *testing.B) {
	x := value.NewVector(value.DOUBLE, 10000000)
	add, _ := Default().Lookup("add")
	args := []value.Value{x, x}
	b.SetBytes(10000000 * 8)
	for b.Loop() {
		if _, err := add.Call(nil, args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLtVector10M(b *testing.B) {
	x, _ := value.Seq(value.Int(1), value.Int(10000000))
	lt, _ := Default().Lookup("lt")
	args := []value.Value{x, value.Int(5000000)}
	for b.Loop() {
		if _, err := lt.Call(nil, args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddScalar(b *testing.B) {
	add, _ := Default().Lookup("add")
	args := []value.Value{value.Int(1), value.Int(2)}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = add.Call(nil, args)
	}
}
