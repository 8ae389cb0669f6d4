package vm

import (
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

// maprOf returns the mapr definition of the function name as the session
// sees it.
func maprOf(t *testing.T, s *Session, name string) *value.MapReduce {
	t.Helper()
	f, ok := s.lookupFunc(name)
	if !ok {
		t.Fatalf("no function %s", name)
	}
	m, ok := f.(value.MapReducer)
	if !ok {
		t.Fatalf("%s (%T) cannot carry a mapr definition", name, f)
	}
	return m.MapReduce()
}

const maprDefs = `
defg f(x, w) { return x }
def m(x) { return x }
def m2(x, k) { return x }
defg r(a, b) { return a }
def c(v) { return v }
def rr(a, b) { return a }
`

func TestMaprDefinition(t *testing.T) {
	s := NewSession(Options{Universe: testUniverse()})
	if _, err := s.Run("a", []byte(maprDefs)); err != nil {
		t.Fatal(err)
	}
	if maprOf(t, s, "f") != nil {
		t.Fatal("a definition before any mapr statement")
	}
	if _, err := s.Run("b", []byte("mapr f(y, z){m(z), m2(y, -7) -> r}")); err != nil {
		t.Fatal(err)
	}
	d := maprOf(t, s, "f")
	if d == nil || d.Name != "f" || strings.Join(d.Params, ",") != "y,z" || len(d.Maps) != 2 ||
		d.Reduce.Name() != "r" || d.Cums != nil || d.Running != nil {
		t.Fatalf("definition: %+v", d)
	}
	if d.Maps[0].Fn.Name() != "m" || len(d.Maps[0].Args) != 1 || d.Maps[0].Args[0].Param != 1 {
		t.Errorf("map 0: %+v", d.Maps[0])
	}
	a := d.Maps[1].Args
	if d.Maps[1].Fn.Name() != "m2" || len(a) != 2 || a[0].Param != 0 || a[1].Param != -1 || a[1].Const.String() != "-7" {
		t.Errorf("map 1: %+v", d.Maps[1])
	}
	bound := d.Maps[1].Bind([]value.Value{value.String("y"), value.String("z")})
	if len(bound) != 2 || bound[0].String() != "y" || bound[1].String() != "-7" {
		t.Errorf("Bind: %v", bound)
	}
	// A later statement replaces the definition; the cgroup by part.
	if _, err := s.Run("c", []byte("mapr f(x, w){m(x), m(w) -> r; c, c -> rr}")); err != nil {
		t.Fatal(err)
	}
	d = maprOf(t, s, "f")
	if len(d.Cums) != 2 || d.Cums[1].Name() != "c" || d.Running.Name() != "rr" {
		t.Errorf("cgroup part: %+v", d)
	}
}

func TestMaprErrors(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		s := NewSession(Options{Universe: testUniverse()})
		_, err := s.Run("e", []byte(maprDefs+src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", src, err, want)
		}
	}
	f("mapr m(x){m(x) -> r}", "The function [m] of a mapr statement must be a user-defined aggregate function (defg).")
	f("mapr f(x){m(x) -> r}", "The mapr statement of [f] declares 1 parameters but the function has 2.")
	f("mapr f(x, w){zz(x) -> r}", "Cannot recognize the function name zz")
	f("mapr g(x, w){m(x) -> r}", "Cannot recognize the function name g")
	f("mapr f(x, w){m(x) -> r; c -> nope}", "Cannot recognize the function name nope")
	f("mapr f(x, w){m(x), m(w) -> c}", "The reduce function [c] of the mapr statement of [f] takes 1 arguments but is given 2.")
	f("mapr f(x, w){m(x), m(w) -> r; c, c -> c}", "The running reduce function [c] of the mapr statement of [f] takes 1 arguments but is given 2.")
	f("mapr f(x, w){m2(x) -> r}", "The map function [m2] of the mapr statement of [f] takes 2 arguments but is given 1.")
	f("mapr f(x, w){m(x, w) -> r}", "The map function [m] of the mapr statement of [f] takes 1 arguments but is given 2.")
	f("x = 1\nmapr f(x, w){m(x) -> x}", "Cannot recognize the function name x")
}

// TestMaprSystem: the functions of a system session (the boot scripts)
// and their mapr definitions are seen by every session of the node; a
// session's own definitions are its own.
func TestMaprSystem(t *testing.T) {
	shared := NewShared()
	boot := NewSession(Options{Universe: testUniverse(), Shared: shared, System: true})
	if _, err := boot.Run("init", []byte(maprDefs+"mapr f(x, w){m(x), m(w) -> r; c, c -> rr}")); err != nil {
		t.Fatal(err)
	}
	s1 := NewSession(Options{Universe: testUniverse(), Shared: shared})
	if v, err := s1.Run("q", []byte("f(4, 5) + m(1)")); err != nil || v.String() != "5" {
		t.Errorf("system functions: %v %v", v, err)
	}
	if d := maprOf(t, s1, "f"); d == nil || d.Running.Name() != "rr" {
		t.Errorf("system mapr: %+v", d)
	}
	// A session's mapr cannot change a system function for every session.
	if _, err := s1.Run("q", []byte("mapr f(x, w){m(x) -> m}")); err == nil || !strings.Contains(err.Error(), "is a system function") {
		t.Errorf("mapr of a system function: %v", err)
	}
	// A session's own f hides the system one, without its mapr; its
	// definitions stay in the session.
	if _, err := s1.Run("q", []byte("defg f(x, w) { return w }\ndef own(x) { return x }")); err != nil {
		t.Fatal(err)
	}
	if d := maprOf(t, s1, "f"); d != nil {
		t.Errorf("the session's f has the system mapr: %+v", d)
	}
	s2 := NewSession(Options{Universe: testUniverse(), Shared: shared})
	if d := maprOf(t, s2, "f"); d == nil {
		t.Error("another session lost the system mapr")
	}
	if _, err := s2.Run("q", []byte("own(1)")); err == nil {
		t.Error("a session's function is visible to another session")
	}
}
