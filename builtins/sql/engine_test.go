package sql

import (
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/vm"
	"github.com/porpoisedb/porpoise/vm/value"
)

func newSession() *vm.Session {
	u := builtins.Universe()
	AddTo(u)
	return vm.NewSession(vm.Options{Universe: u})
}

// run runs src in a fresh session and returns the console text of the
// last value.
func run(t *testing.T, src string) string {
	t.Helper()
	s := newSession()
	v, err := s.Run("test", []byte(src))
	if err != nil {
		t.Fatalf("%s\n-> error: %v", src, err)
	}
	if v == nil {
		return ""
	}
	return v.String()
}

const trades = "sym = `C`MS`MS`MS`IBM`IBM`C`C`C$SYMBOL\n" +
	"price= 49.6 29.46 29.52 30.02 174.97 175.23 50.76 50.32 51.29\n" +
	"qty = 2200 1900 2100 3200 6800 5400 1300 2500 8800\n" +
	"timestamp = [09:34:07,09:36:42,09:36:51,09:36:59,09:32:47,09:35:26,09:34:16,09:34:26,09:38:12]\n" +
	"t1 = table(timestamp, sym, qty, price)\n"

func TestQueries(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		got := run(t, trades+src)
		if strings.TrimSpace(got) != strings.TrimSpace(want) {
			t.Errorf("%s\ngot:\n%s\nwant:\n%s", src, got, want)
		}
	}
	f("select count(sym) as counts from t1 group by sym", `
sym counts
--- ------
C   4     
MS  3     
IBM 2     `)
	f("exec count(*) from t1", "9")
	f("select sum(qty) from t1 where sym = `C, price > 50", "sum_qty\n-------\n12600  ")
}

var _ = value.Int(0)
