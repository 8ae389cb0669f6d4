package builtins

import "testing"

// coverageFloor is the number of functions the registry held when it was
// last raised; the test fails if the registry shrinks below it. The
// comparison with the manual's index is tests/coverage_test.go, over all
// the functions a node offers.
const coverageFloor = 694

func TestCoverage(t *testing.T) {
	if n := len(Default().Names()); n < coverageFloor {
		t.Errorf("%d registered functions, below the floor %d", n, coverageFloor)
	}
}
