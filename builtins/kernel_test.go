package builtins

import (
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

// call runs the named built-in.
func call(t *testing.T, name string, args ...value.Value) (value.Value, error) {
	t.Helper()
	f, ok := Default().Lookup(name)
	if !ok {
		t.Fatalf("no builtin %s", name)
	}
	return f.Call(nil, args)
}

func ints(x ...int32) *value.Vector      { return value.NewIntVector(x) }
func doubles(x ...float64) *value.Vector { return value.NewDoubleVector(x) }

// show renders a result as typestr + display for comparison.
func show(v value.Value, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return value.TypeStr(v) + " " + v.String()
}

func TestArith(t *testing.T) {
	f := func(name string, x, y value.Value, want string) {
		t.Helper()
		got := show(call(t, name, x, y))
		if got != want {
			t.Errorf("%s(%v, %v) = %q, want %q", name, x, y, got, want)
		}
	}
	f("add", value.Int(3), value.Int(2), "INT 5")
	f("add", ints(1, 2, 3), value.Int(1), "FAST INT VECTOR [2,3,4]")
	f("add", value.Int(1), ints(1, 2, 3), "FAST INT VECTOR [2,3,4]")
	f("add", ints(1, 2, 3), ints(4, 5, 6), "FAST INT VECTOR [5,7,9]")
	f("add", ints(1, 2, 3), ints(4, 5), "error: The size of the first operand (3) doesn't match the size of the second operand (2).")
	f("add", ints(1, 2, value.NullInt), ints(2, value.NullInt, 3), "FAST INT VECTOR [3,,]")
	f("add", value.Int(5), value.Void{}, "INT ")
	f("add", value.Int(2147483647), value.Int(1), "INT ")
	f("add", value.Int(2147483647), value.Int(3), "INT -2147483646")
	f("add", value.Int(1), value.Double(1.5), "DOUBLE 2.5")
	f("add", value.Bool(1), value.Bool(1), "INT 2")
	f("add", value.Short(1), value.Char(1), "INT 2")
	f("add", value.Int(1), value.Long(1), "LONG 2")
	f("add", value.Float(1.5), value.Int(1), "FLOAT 2.5")
	f("div", value.Int(5), value.Int(2), "INT 2")
	f("div", value.Int(-7), value.Int(2), "INT -4")
	f("div", value.Int(1), value.Int(0), "INT ")
	f("div", value.Double(9), value.Int(2), "DOUBLE 4.5")
	f("ratio", value.Int(9), value.Int(2), "DOUBLE 4.5")
	f("mod", value.Int(-10), value.Int(3), "INT 2")
	f("mod", value.Int(-10), value.Int(-3), "INT -1")
	f("mod", value.Int(-1), value.Int(5), "INT 4")
	f("mod", ints(-1, 2, 3), value.Int(-5), "FAST INT VECTOR [-1,-3,-2]")
	f("mod", value.Int(3), value.Int(0), "INT ")
	f("mul", value.Double(2), value.Double(value.NullDouble), "DOUBLE ")
	f("sub", value.Int(10), doubles(1, 2), "FAST DOUBLE VECTOR [9,8]")
	f("bitAnd", value.Int(6), value.Int(3), "INT 2")
	f("bitXor", value.Int(6), value.Int(3), "INT 5")
	f("lshift", value.Int(1), value.Int(4), "INT 16")
	f("add", value.String("a"), value.String("b"), "STRING ab")
	f("add", value.String("a"), value.Int(1), "STRING a1")
	f("div", value.String("a"), value.Int(1), "error: Arguments for div method can not be string.")
}

func TestTemporalArith(t *testing.T) {
	f := func(name string, x, y value.Value, want string) {
		t.Helper()
		got := show(call(t, name, x, y))
		if got != want {
			t.Errorf("%s(%v, %v) = %q, want %q", name, x, y, got, want)
		}
	}
	lit := func(s string) value.Value {
		typ, x, ok := value.ParseTemporal(s)
		if !ok {
			t.Fatalf("bad literal %s", s)
		}
		return boxInt(typ, x, false, 0)
	}
	f("sub", lit("2016.02M"), value.Int(13), "MONTH 2015.01M")
	f("add", lit("2018.02.17"), value.Int(100), "DATE 2018.05.28")
	f("add", lit("01:20:15"), value.Int(200), "SECOND 01:23:35")
	f("add", lit("2023.01.08T09:30:00"), value.Int(60), "DATETIME 2023.01.08T09:31:00")
	f("add", lit("23:59m"), value.Int(10), "MINUTE 00:09m")
	f("sub", lit("00:00:01"), value.Int(2), "SECOND 23:59:59")
	f("add", lit("23:59:59.900"), value.Int(200), "TIME 00:00:00.100")
	f("sub", lit("2018.02.17"), lit("2018.02.10"), "INT 7")
	f("add", value.Int(1), lit("2018.02.17"), "DATE 2018.02.18")
}
