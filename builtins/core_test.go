package builtins

import (
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

func TestArity(t *testing.T) {
	_, err := call(t, "take", value.Int(1))
	want := "The function [take] expects 2 argument(s), but the actual number of arguments is: 1"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
	_, err = call(t, "eqObj", value.Int(1))
	if err == nil || err.Error() != "The function [eqObj] expects 2~3 argument(s), but the actual number of arguments is: 1" {
		t.Fatalf("got %v", err)
	}
}

func TestCore(t *testing.T) {
	f := func(name string, args []value.Value, want string) {
		t.Helper()
		got := show(call(t, name, args...))
		if got != want {
			t.Errorf("%s%v = %q, want %q", name, args, got, want)
		}
	}
	v := func(x ...value.Value) []value.Value { return x }
	f("eq", v(value.Void{}, value.Void{}), "BOOL true")
	f("lt", v(value.Int(1), value.Void{}), "BOOL false")
	f("gt", v(value.Int(1), value.Void{}), "BOOL true")
	f("lt", v(ints(1, value.NullInt), value.Int(0)), "FAST BOOL VECTOR [false,true]")
	f("eq", v(value.String("a"), value.Symbol("a")), "BOOL true")
	f("and", v(value.Bool(1), value.Int(value.NullInt)), "BOOL ")
	f("or", v(value.Void{}, value.Bool(1)), "BOOL true")
	f("or", v(value.Void{}, value.Bool(0)), "BOOL false")
	f("not", v(value.Int(0)), "BOOL true")
	f("count", v(ints(1, value.NullInt, 3)), "INT 2")
	f("size", v(ints(1, value.NullInt, 3)), "INT 3")
	f("sum", v(ints(1, 2, value.NullInt, 3)), "LONG 6")
	f("avg", v(ints(1, 2, value.NullInt, 3)), "DOUBLE 2")
	f("max", v(ints(1, 5, value.NullInt, 3)), "INT 5")
	f("min", v(ints(4, 5, value.NullInt, 3)), "INT 3")
	f("at", v(ints(1, 2, 3), value.Int(5)), "INT ")
	f("at", v(ints(1, 2, 3), value.NewBoolVector([]int8{1, 0, 1})), "FAST INT VECTOR [1,3]")
	f("take", v(ints(1, 2, 3), value.Int(5)), "FAST INT VECTOR [1,2,3,1,2]")
	f("til", v(value.Int(3)), "FAST INT VECTOR [0,1,2]")
	f("join", v(value.Int(1), value.Double(2.5)), "FAST DOUBLE VECTOR [1,2.5]")
	f("isNull", v(ints(1, value.NullInt)), "FAST BOOL VECTOR [false,true]")
	f("typestr", v(value.Void{}), "STRING VOID")
	f("cast", v(value.Double(8.9), value.Int(value.INT)), "INT 9")
	f("int", v(), "INT ")
	f("iif", v(value.NewBoolVector([]int8{1, 0}), ints(1, 2), ints(3, 4)), "FAST INT VECTOR [1,4]")
	p, _ := value.NewPair(value.Int(1), value.Int(3))
	f("add", v(p, value.Int(1)), "INT PAIR 2 : 4")
	tup := value.NewTuple([]value.Value{value.Int(2), ints(3, 5), value.Int(10)})
	f("add", v(tup, value.Int(2)), "ANY VECTOR (4,[5,7],12)")
}

func TestRegistryNames(t *testing.T) {
	names := Default().Names()
	if len(names) < 80 {
		t.Fatalf("only %d functions", len(names))
	}
	u := Universe()
	if u["add"].Name() != "add" {
		t.Fatal("Universe lacks add")
	}
}
