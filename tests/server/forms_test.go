package server_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/client"
	"github.com/porpoisedb/porpoise/vm/value"
)

// Every form and type the language produces survives the wire.
func TestScriptForms(t *testing.T) {
	addr, _ := startServer(t, nil)
	c := dial(t, addr)
	f := func(script, typ, form, display string) {
		t.Helper()
		v, err := c.Run(script)
		if err != nil {
			t.Fatalf("%s: %v", script, err)
		}
		if v.Type().String() != typ || v.Form().String() != form || v.String() != display {
			t.Fatalf("%s: got %s %s %q, want %s %s %q", script, v.Type(), v.Form(), v.String(), typ, form, display)
		}
	}
	f("1+1", "INT", "SCALAR", "2")
	f("true", "BOOL", "SCALAR", "true")
	f("'a'", "CHAR", "SCALAR", "a")
	f("1h", "SHORT", "SCALAR", "1")
	f("1l", "LONG", "SCALAR", "1")
	f("00i", "INT", "SCALAR", "")
	f("2024.01.02", "DATE", "SCALAR", "2024.01.02")
	f("2024.01M", "MONTH", "SCALAR", "2024.01M")
	f("13:30:10.008", "TIME", "SCALAR", "13:30:10.008")
	f("13:30m", "MINUTE", "SCALAR", "13:30m")
	f("13:30:10", "SECOND", "SCALAR", "13:30:10")
	f("2024.01.02T09:30:00", "DATETIME", "SCALAR", "2024.01.02T09:30:00")
	f("2024.01.02T09:30:00.123", "TIMESTAMP", "SCALAR", "2024.01.02T09:30:00.123")
	f("13:30:10.008007006", "NANOTIME", "SCALAR", "13:30:10.008007006")
	f("2024.01.02T09:30:00.123456789", "NANOTIMESTAMP", "SCALAR", "2024.01.02T09:30:00.123456789")
	f("datehour(2024.01.02T09:30:00)", "DATEHOUR", "SCALAR", "2024.01.02T09")
	f("1.5f", "FLOAT", "SCALAR", "1.5")
	f("1.5", "DOUBLE", "SCALAR", "1.5")
	f(`"hello"`, "STRING", "SCALAR", "hello")
	f("uuid('5d212a78-cc48-e3b1-4235-b4d91a731de4')", "UUID", "SCALAR", "5d212a78-cc48-e3b1-4235-b4d91a731de4")
	f("ipaddr('192.168.1.1')", "IPADDR", "SCALAR", "192.168.1.1")
	f("int128('e1671797c52e15f763380b45e841ec32')", "INT128", "SCALAR", "e1671797c52e15f763380b45e841ec32")
	f("decimal32(3.14, 2)", "DECIMAL32", "SCALAR", "3.14")
	f("decimal64(3.14, 4)", "DECIMAL64", "SCALAR", "3.1400")
	f("decimal128(3.14, 10)", "DECIMAL128", "SCALAR", "3.1400000000")
	f(`blob("abc")`, "BLOB", "SCALAR", "abc")
	f(`duration("3m")`, "DURATION", "SCALAR", "3m")
	f("sum", "FUNCTIONDEF", "SCALAR", "sum")
	f("1 2 NULL", "INT", "VECTOR", "[1,2,]")
	f("[1.5, NULL]", "DOUBLE", "VECTOR", "[1.5,]")
	f("`a`b`a", "STRING", "VECTOR", `["a","b","a"]`)
	f("symbol(`a`b`a)", "SYMBOL", "VECTOR", `["a","b","a"]`)
	f(`(1, "a", 2.5)`, "ANY", "VECTOR", `(1,"a",2.5)`)
	f("1:5", "INT", "PAIR", "1 : 5")
	f("matrix(1 2, 3 4)", "INT", "MATRIX", "#0 #1\n-- --\n1  3 \n2  4 ")
	f("set(1 2 3)", "INT", "SET", "set(1,2,3)")
	f("dict(`a`b, 1 2)", "INT", "DICTIONARY", "a->1\nb->2")
	f("table(1 2 3 as a, `x`y`z as b)", "ANY", "TABLE", "a b\n- -\n1 x\n2 y\n3 z")
	f("array(INT[], 0).append!([1 2, 3 4 5])", "INT[]", "VECTOR", "[[1,2],[3,4,5]]")
	if v, err := c.Run("x = 1"); err != nil || v != nil {
		t.Fatalf("assignment: %v %v", v, err)
	}
}

func TestCallUploadPrint(t *testing.T) {
	addr, _ := startServer(t, nil)
	c := dial(t, addr)
	v, err := c.Call("add", value.Int(1), value.Int(2))
	if err != nil || v.String() != "3" {
		t.Fatalf("add: %v %v", v, err)
	}
	if _, err := c.Run("def g(a, b) { return a * b }"); err != nil {
		t.Fatal(err)
	}
	v, err = c.Call("g", value.NewDoubleVector([]float64{1, 2}), value.Double(3))
	if err != nil || v.String() != "[3,6]" {
		t.Fatalf("g: %v %v", v, err)
	}
	tb, err := value.NewTable([]string{"sym", "price"}, []value.Value{
		value.NewSymbolVector([]string{"AAPL", "MSFT", "AAPL"}), value.NewDoubleVector([]float64{1, 2, 3}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Upload(map[string]value.Value{"t": tb, "n": value.Int(7)}); err != nil {
		t.Fatal(err)
	}
	v, err = c.Run("sum(t.price) + n")
	if err != nil || v.String() != "13" {
		t.Fatalf("uploaded: %v %v", v, err)
	}
	var printed []string
	c.OnPrint = func(s string) { printed = append(printed, s) }
	if _, err := c.Run(`print("hello"); print(1 2)`); err != nil {
		t.Fatal(err)
	}
	if strings.Join(printed, "|") != "hello|[1,2]" {
		t.Fatalf("printed %q", printed)
	}
	// async: no reply, but the script runs.
	if err := c.RunAsync("asyncVar = 42"); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Run("asyncVar"); err != nil || v.String() != "42" {
		t.Fatalf("async: %v %v", v, err)
	}
}

func TestErrorsKeepConnection(t *testing.T) {
	addr, _ := startServer(t, nil)
	c := dial(t, addr)
	for _, s := range []string{"1 +", "foo(1)", `throw "line1\nline2"`, "undefinedVar"} {
		_, err := c.Run(s)
		var se *client.ServerError
		if !errors.As(err, &se) || strings.ContainsAny(se.Msg, "\n\x00") {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if _, err := c.Call("no such"); err == nil {
		t.Fatal("bad function name accepted")
	}
	if v, err := c.Run("2*3"); err != nil || v.String() != "6" {
		t.Fatalf("after errors: %v %v", v, err)
	}
	if _, err := client.Dial(addr, "admin", "wrong"); err == nil || !strings.Contains(err.Error(), "user name or password is incorrect") {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestFetchSize(t *testing.T) {
	addr, _ := startServer(t, nil)
	c := dial(t, addr)
	c.FetchSize = 8192
	v, err := c.Run("table(1..20000 as id, take(`a`b, 20000) as s)")
	if err != nil {
		t.Fatal(err)
	}
	pages, ok := v.(*value.Vector)
	if !ok || pages.Type() != value.ANY || pages.Len() != 3 {
		t.Fatalf("got %v %v", v.Type(), v.Form())
	}
	total := 0
	for _, p := range pages.Elems() {
		total += p.(*value.Table).Rows()
	}
	if total != 20000 || pages.Elems()[2].(*value.Table).Rows() != 20000-2*8192 {
		t.Fatalf("rows %d", total)
	}
	if v, err := c.Run("1+1"); err != nil || v.String() != "2" {
		t.Fatalf("non-table with fetchSize: %v %v", v, err)
	}
}
