package builtins

import (
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/vm"
	"github.com/porpoisedb/porpoise/vm/value"
)

// eval runs a DolphinDB script on a fresh session over the default
// registry and returns the last value as "TYPESTR display".
func eval(t *testing.T, src string) (string, error) {
	t.Helper()
	var out strings.Builder
	s := vm.NewSession(vm.Options{Universe: Universe(), Out: &out})
	v, err := s.Run("test", []byte(src))
	if err != nil {
		return "", err
	}
	if v == nil {
		return "", nil
	}
	return value.TypeStr(v) + " " + v.String(), nil
}

// cases checks script -> "TYPESTR display" pairs; a want starting with
// "!" expects an error containing the rest.
func cases(t *testing.T, cs [][2]string) {
	t.Helper()
	for _, c := range cs {
		got, err := eval(t, c[0])
		if strings.HasPrefix(c[1], "!") {
			if err == nil || !strings.Contains(err.Error(), c[1][1:]) {
				t.Errorf("%s: got %q, %v; want error %q", c[0], got, err, c[1][1:])
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: error %v", c[0], err)
			continue
		}
		if got != c[1] {
			t.Errorf("%s:\n got %q\nwant %q", c[0], got, c[1])
		}
	}
}
