package value

import (
	"errors"
	"strings"
	"testing"
)

func mustLit(t *testing.T, typ Type, text string) Value {
	t.Helper()
	v, err := ParseLiteral(typ, text)
	if err != nil {
		t.Fatalf("ParseLiteral(%s, %q): %v", typ, text, err)
	}
	return v
}

func TestLiteralDisplay(t *testing.T) {
	f := func(typ Type, in, want string) {
		t.Helper()
		v := mustLit(t, typ, in)
		if v.Type() != typ {
			t.Errorf("ParseLiteral(%s, %q) type %s", typ, in, v.Type())
		}
		if got := v.String(); got != want {
			t.Errorf("ParseLiteral(%s, %q).String() = %q, want %q", typ, in, got, want)
		}
	}
	f(BOOL, "true", "true")
	f(BOOL, "false", "false")
	f(BOOL, "", "")
	f(CHAR, "97", "a")
	f(CHAR, "1", "1")
	f(SHORT, "122", "122")
	f(INT, "21", "21")
	f(INT, "-5", "-5")
	f(INT, "", "")
	f(LONG, "22", "22")
	f(FLOAT, "2.1", "2.1")
	f(DOUBLE, "2.5", "2.5")
	f(DOUBLE, "1e3", "1000")
	f(DOUBLE, "10", "10")
	f(DOUBLE, "4833.3333333", "4833.333333")
	f(DOUBLE, "3.14159265", "3.141593")
	f(DOUBLE, "1189796", "1.189796e+06")
	f(DOUBLE, "0.0000005358979", "5.358979e-07")
	f(DOUBLE, "1000000", "1e+06")
	f(DOUBLE, "999999", "999999")
	f(DOUBLE, "-0.5", "-0.5")
	f(DOUBLE, "0", "0")
	f(DATE, "2013.06.13", "2013.06.13")
	f(DATE, "1970.01.01", "1970.01.01")
	f(DATE, "1969.12.31", "1969.12.31")
	f(DATE, "2000.02.29", "2000.02.29")
	f(MONTH, "2012.06M", "2012.06M")
	f(TIME, "13:30:10.008", "13:30:10.008")
	f(MINUTE, "13:30m", "13:30m")
	f(SECOND, "13:30:10", "13:30:10")
	f(SECOND, "10:30:01s", "10:30:01")
	f(DATETIME, "2012.06.13T13:30:10", "2012.06.13T13:30:10")
	f(DATETIME, "2012.06.13 13:30:10", "2012.06.13T13:30:10")
	f(TIMESTAMP, "2012.06.13 13:30:10.008", "2012.06.13T13:30:10.008")
	f(NANOTIME, "13:30:10.008007006", "13:30:10.008007006")
	f(NANOTIME, "13:30:10.0080", "13:30:10.008000000")
	f(NANOTIMESTAMP, "2012.06.13T13:30:10.008007006", "2012.06.13T13:30:10.008007006")
	f(NANOTIMESTAMP, "1960.01.01T00:00:00.000000001", "1960.01.01T00:00:00.000000001")
	f(DURATION, "3M", "3M")
	f(DURATION, "200ms", "200ms")
	f(DECIMAL64, "3.141", "3.141")
	f(DECIMAL64, "-0.05", "-0.05")
	f(DECIMAL32, "12", "12")
	f(DECIMAL128, "-123456789012345678901234.5", "-123456789012345678901234.5")
	f(STRING, "hello", "hello")
	f(SYMBOL, "IBM", "IBM")
	f(UUID, "5d212a78-cc48-e3b1-4235-b4d91473ee87", "5d212a78-cc48-e3b1-4235-b4d91473ee87")
	f(IPADDR, "192.168.1.13", "192.168.1.13")
	f(IPADDR, "2001:db8::1", "2001:db8:0:0:0:0:0:1")
	f(INT128, "e1671797c52e15f763380b45e841ec32", "e1671797c52e15f763380b45e841ec32")

	if got := mustLit(t, DECIMAL64, "3.141").(Decimal64); got.Scale != 3 || got.V != 3141 {
		t.Errorf("decimal literal = %+v", got)
	}
	if _, err := ParseLiteral(INT, "abc"); err == nil {
		t.Errorf("ParseLiteral(INT, abc) succeeded")
	}
}

func TestScalarDisplay(t *testing.T) {
	f := func(v Value, want string) {
		t.Helper()
		if got := v.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", v, got, want)
		}
	}
	f(Complex{2.3, 4.0}, "2.3+4.0i")
	f(Complex{2, -1.5}, "2.0-1.5i")
	f(Point{1, 2}, "(1.0, 2.0)")
	f(Point{117.6, 24.1}, "(117.6, 24.1)")
	f(Decimal32{V: 3142, Scale: 3}, "3.142")
	f(Decimal32{V: 5, Scale: 3}, "0.005")
	f(Decimal64{V: -5, Scale: 2}, "-0.05")
	f(DateHour(YMDToDays(2012, 6, 13)*24+13), "2012.06.13T13")
	f(Char('a'), "a")
	f(Void{}, "")
	f(Double(NullDouble), "")
	f(Float(NullFloat), "")
	f(Int(NullInt), "")
	f(Double(1.0/3), "0.333333")
	f(Float(0.1), "0.1")
}

func TestScriptString(t *testing.T) {
	f := func(v Value, want string) {
		t.Helper()
		if got := ScriptString(v); got != want {
			t.Errorf("ScriptString(%#v) = %q, want %q", v, got, want)
		}
	}
	f(String("IBM"), `"IBM"`)
	f(Char('a'), `'a'`)
	f(Int(NullInt), "")
	f(Date(0), "1970.01.01")
	f(Bool(1), "true")
	if got := NullLiteral(INT); got != "00i" {
		t.Errorf("NullLiteral(INT) = %q", got)
	}
}

func TestCivil(t *testing.T) {
	for d := -800000; d < 800000; d += 17 {
		y, m, dd := DaysToYMD(d)
		if YMDToDays(y, m, dd) != d {
			t.Fatalf("round trip %d -> %d.%d.%d", d, y, m, dd)
		}
	}
	if YMDToDays(2018, 5, 28)-YMDToDays(2018, 2, 17) != 100 {
		t.Errorf("2018.02.17+100 != 2018.05.28")
	}
}

func vec(t *testing.T, typ Type, texts ...string) *Vector {
	t.Helper()
	elems := make([]Value, len(texts))
	for i, s := range texts {
		elems[i] = mustLit(t, typ, s)
	}
	v, ok := MakeVector(elems).(*Vector)
	if !ok {
		t.Fatalf("MakeVector not a vector")
	}
	return v
}

func TestVectorDisplay(t *testing.T) {
	f := func(v Value, want string) {
		t.Helper()
		if got := v.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
	f(vec(t, INT, "1", "2", "", "", "3"), "[1,2,,,3]")
	f(vec(t, STRING, "IBM", "MSFT"), `["IBM","MSFT"]`)
	f(vec(t, DOUBLE, "1.5", "", "2"), "[1.5,,2]")
	f(vec(t, DATE, "2013.06.13", ""), "[2013.06.13,]")
	f(vec(t, BOOL, "true", "false"), "[true,false]")
	f(vec(t, INT, ""), "[00i]")
	f(NewVector(INT, 0), "[]")
	f(NewCharVector([]int8{'a', 'b'}), "['a','b']")
	f(NewSymbolVector([]string{"a", "", "b"}), `["a",,"b"]`)
	big := make([]int32, 40)
	for i := range big {
		big[i] = int32(i)
	}
	want := "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29...]"
	f(NewIntVector(big), want)
	tup := NewTuple([]Value{NewIntVector([]int32{1, 2, 3}), NewStringVector([]string{"IBM", "MSFT"}), Double(2.5)})
	f(tup, `([1,2,3],["IBM","MSFT"],2.5)`)
	f(NewTuple([]Value{Int(2), Int(NullInt)}), "(2,)")
	f(NewTuple(nil), "()")
	av := NewArrayVector([]int32{0, 3, 5}, NewIntVector([]int32{1, 2, 3, 4, 5}))
	f(av, "[[1,2,3],[4,5]]")
	p, err := NewPair(Int(2), Int(5))
	if err != nil {
		t.Fatal(err)
	}
	f(p, "2 : 5")
	p, _ = NewPair(String("Hello"), String("World"))
	f(p, `"Hello" : "World"`)
}

func TestMakeVector(t *testing.T) {
	f := func(elems []Value, want string) {
		t.Helper()
		if got := TypeStr(MakeVector(elems)); got != want {
			t.Errorf("TypeStr(MakeVector(%v)) = %q, want %q", elems, got, want)
		}
	}
	f([]Value{Int(10), Double(2.5)}, "FAST DOUBLE VECTOR")
	f([]Value{Int(3), Void{}, Int(6)}, "FAST INT VECTOR")
	f([]Value{Int(1), Long(2)}, "FAST LONG VECTOR")
	f([]Value{Bool(1), Char(2)}, "FAST CHAR VECTOR")
	f([]Value{String("a"), String("b")}, "STRING VECTOR")
	f([]Value{Int(3), Date(1), String("GOOG")}, "ANY VECTOR")
	// "[1, 'A']" is a tuple: https://docs.dolphindb.com/en/Programming/DataTypesandStructures/DataForms/Vector/TupleANYVector.html
	f([]Value{Int(1), Char('A')}, "ANY VECTOR")
	f([]Value{NewIntVector([]int32{1}), Int(2)}, "ANY VECTOR")
	v := MakeVector([]Value{Int(10), Double(2.5)})
	if got := v.String(); got != "[10,2.5]" {
		t.Errorf("got %s", got)
	}
	if got := MakeVector([]Value{Int(3), Date(15340), String("GOOG")}).String(); got != `(3,2012.01.01,"GOOG")` {
		t.Errorf("tuple display %s", got)
	}
}

func TestTypeStr(t *testing.T) {
	f := func(v Value, want string) {
		t.Helper()
		if got := TypeStr(v); got != want {
			t.Errorf("TypeStr = %q, want %q", got, want)
		}
	}
	f(Int(3), "INT")
	f(Double(1.2), "DOUBLE")
	f(String("Hello"), "STRING")
	f(Void{}, "VOID")
	f(NewIntVector(nil), "FAST INT VECTOR")
	f(NewSymbolVector(nil), "FAST SYMBOL VECTOR")
	f(NewStringVector(nil), "STRING VECTOR")
	f(NewTuple(nil), "ANY VECTOR")
	m, _ := FromVector(NewDoubleVector([]float64{1, 2}), 1, 2)
	f(m, "FAST DOUBLE MATRIX")
	p, _ := NewPair(Int(1), Int(2))
	f(p, "INT PAIR")
	f(NewSet(INT), "INT SET")
}

func TestSeq(t *testing.T) {
	f := func(a, b Value, want string) {
		t.Helper()
		v, err := Seq(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.String(); got != want {
			t.Errorf("Seq = %q, want %q", got, want)
		}
	}
	f(Int(0), Int(4), "[0,1,2,3,4]")
	f(Int(11), Int(8), "[11,10,9,8]")
	f(Date(0), Date(2), "[1970.01.01,1970.01.02,1970.01.03]")
	f(Long(1), Int(2), "[1,2]")
	if _, err := Seq(Double(1), Double(2)); err == nil {
		t.Errorf("Seq of doubles succeeded")
	}
}

func TestVectorOps(t *testing.T) {
	v := NewIntVector([]int32{1, 2, 3})
	if err := v.Append(Int(4)); err != nil {
		t.Fatal(err)
	}
	if err := v.Append(NewIntVector([]int32{5, 6})); err != nil {
		t.Fatal(err)
	}
	if err := v.Append(Double(7.2)); err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != "[1,2,3,4,5,6,7]" {
		t.Errorf("append: %s", got)
	}
	err := v.Append(String("XOM"))
	if err == nil || err.Error() != "Incompatible type. Expected: INT, Actual: STRING" {
		t.Errorf("append string: %v", err)
	}
	for i := 0; i < 1000; i++ {
		_ = v.Append(Int(int32(i)))
	}
	if v.Len() != 1007 || v.Get(1006) != Int(999) {
		t.Errorf("grow: len %d last %v", v.Len(), v.Get(1006))
	}
	if err := v.Set(0, Void{}); err != nil || !v.IsNullAt(0) || !v.HasNull() {
		t.Errorf("set null: %v", err)
	}
	g := v.Gather([]int{1, -1, 2000, 2})
	if got := g.String(); got != "[2,,,3]" {
		t.Errorf("gather: %s", got)
	}
	s := v.Slice(1, 3)
	if got := s.String(); got != "[2,3]" {
		t.Errorf("slice: %s", got)
	}
	c := s.Clone()
	_ = c.Set(0, Int(100))
	if s.Get(0) != Int(2) {
		t.Errorf("clone aliases")
	}
	vv := MakeVector([]Value{Void{}, Void{}}).(*Vector)
	if err := vv.Append(Int(3)); err != nil || vv.String() != "[,,3]" || vv.Type() != INT {
		t.Errorf("void vector append: %v %s", err, vv)
	}
	sv := NewSymbolVector([]string{"a", "b"})
	if err := sv.Append(String("c")); err != nil || sv.String() != `["a","b","c"]` {
		t.Errorf("symbol append: %v %s", err, sv)
	}
	tup := NewTuple(nil)
	_ = tup.Append(NewIntVector([]int32{1, 2, 3}))
	_ = tup.Append(String("GS"))
	if got := tup.String(); got != `([1,2,3],"GS")` {
		t.Errorf("tuple append: %s", got)
	}
	av := NewVector(INT+ArrayVectorBase, 0)
	if err := av.Append(NewTuple([]Value{NewIntVector([]int32{1, 2, 3}), NewIntVector([]int32{4, 5})})); err != nil {
		t.Fatal(err)
	}
	if got := av.String(); got != "[[1,2,3],[4,5]]" {
		t.Errorf("array vector append: %s", got)
	}
	if got := av.Get(1).String(); got != "[4,5]" {
		t.Errorf("array vector row: %s", got)
	}
}

func TestCast(t *testing.T) {
	f := func(v Value, typ Type, want string) {
		t.Helper()
		r, err := Cast(v, typ)
		if err != nil {
			t.Fatalf("Cast(%v, %s): %v", v, typ, err)
		}
		if r.Type() != typ {
			t.Errorf("Cast(%v, %s) type %s", v, typ, r.Type())
		}
		if got := r.String(); got != want {
			t.Errorf("Cast(%v, %s) = %q, want %q", v, typ, got, want)
		}
	}
	f(Double(8.9), INT, "9")
	f(Double(-2.5), INT, "-3")
	f(Double(2.5), INT, "3")
	f(Double(1e20), INT, "")
	f(String("42"), INT, "42")
	f(String("128.9"), INT, "128")
	f(String("abc"), INT, "")
	f(String("2.5"), DOUBLE, "2.5")
	f(String("2011.10.12"), DATE, "2011.10.12")
	f(mustLit(t, DATETIME, "2012.06.13T13:30:10"), DATE, "2012.06.13")
	f(mustLit(t, DATETIME, "2012.06.13T13:30:10"), SECOND, "13:30:10")
	f(mustLit(t, DATETIME, "2012.06.13T13:30:10"), TIMESTAMP, "2012.06.13T13:30:10.000")
	f(mustLit(t, DATETIME, "2012.06.13T13:30:10"), MINUTE, "13:30m")
	f(mustLit(t, DATE, "2016.02.14"), MONTH, "2016.02M")
	f(mustLit(t, MONTH, "2016.03M"), DATE, "2016.03.01")
	f(mustLit(t, TIMESTAMP, "1969.12.31T23:59:59.999"), DATE, "1969.12.31")
	f(mustLit(t, NANOTIMESTAMP, "2012.06.13T13:30:10.008007006"), TIME, "13:30:10.008")
	f(mustLit(t, TIMESTAMP, "2012.06.13T13:30:10.008"), DATEHOUR, "2012.06.13T13")
	f(Int(1), DATE, "1970.01.02")
	f(Int(0), DATETIME, "1970.01.01T00:00:00")
	f(Int(10), STRING, "10")
	f(Double(2.5), STRING, "2.5")
	f(Int(5), BOOL, "true")
	f(Int(0), BOOL, "false")
	f(String("true"), BOOL, "true")
	f(Int(NullInt), DOUBLE, "")
	f(Void{}, INT, "")
	f(Bool(1), INT, "1")

	d, err := CastDecimal(Double(3.1415926), DECIMAL32, 3)
	if err != nil || d.String() != "3.142" {
		t.Errorf("decimal32(3.1415926,3) = %v %v", d, err)
	}
	d, err = CastDecimal(Int(5), DECIMAL64, 2)
	if err != nil || d.String() != "5.00" {
		t.Errorf("decimal64(5,2) = %v %v", d, err)
	}
	_, err = CastDecimal(String("1000000000"), DECIMAL32, 0)
	if err == nil || err.Error() != "Can't convert STRING to DECIMAL32(0): parse 1000000000 to DECIMAL32(0) failed: decimal overflow" {
		t.Errorf("decimal overflow error: %v", err)
	}
	_, err = CastDecimal(Int(5), DECIMAL32, 10)
	if err == nil {
		t.Errorf("scale 10 accepted for DECIMAL32")
	}
	d, _ = CastDecimal(Decimal64{V: 31415, Scale: 4}, DECIMAL64, 2)
	if d.String() != "3.14" {
		t.Errorf("rescale = %v", d)
	}
	d, _ = CastDecimal(Decimal64{V: 31415, Scale: 4}, DECIMAL128, 6)
	if d.String() != "3.141500" {
		t.Errorf("to decimal128 = %v", d)
	}
	if x, _ := ToFloat64(Decimal32{V: 3142, Scale: 3}); x != 3.142 {
		t.Errorf("ToFloat64 decimal = %v", x)
	}

	fv := func(v *Vector, typ Type, want string) {
		t.Helper()
		r, err := Cast(v, typ)
		if err != nil {
			t.Fatalf("Cast(%v, %s): %v", v, typ, err)
		}
		if got := r.String(); got != want {
			t.Errorf("Cast(%v, %s) = %q, want %q", v, typ, got, want)
		}
	}
	fv(NewDoubleVector([]float64{1.5, NullDouble, -2.5, 8.9}), INT, "[2,,-3,9]")
	fv(NewIntVector([]int32{1, NullInt, 3}), DOUBLE, "[1,,3]")
	fv(NewIntVector([]int32{1, NullInt, 3}), STRING, `["1",,"3"]`)
	fv(NewIntVector([]int32{0, 1}), DATE, "[1970.01.01,1970.01.02]")
	fv(NewStringVector([]string{"1", "x", "3"}), LONG, "[1,,3]")
	fv(NewStringVector([]string{"a", "b", "a"}), SYMBOL, `["a","b","a"]`)
	fv(NewIntVector([]int32{1, 0, NullInt}), BOOL, "[true,false,]")
	fv(NewInt64Vector(TIMESTAMP, []int64{0, 86400000 + 1000}), DATE, "[1970.01.01,1970.01.02]")
	dv, err := CastDecimal(NewDoubleVector([]float64{1.005, 2}), DECIMAL64, 2)
	if err != nil || dv.String() != "[1.01,2.00]" && dv.String() != "[1.00,2.00]" {
		t.Errorf("decimal vector %v %v", dv, err)
	}
	// typestr shows no scale: https://docs.dolphindb.com/en/Functions/d/decimal32.html
	if TypeStr(dv) != "FAST DECIMAL64 VECTOR" {
		t.Errorf("decimal typestr %s", TypeStr(dv))
	}
}

func TestCommonType(t *testing.T) {
	f := func(a, b, want Type) {
		t.Helper()
		if got := CommonType(a, b); got != want {
			t.Errorf("CommonType(%s, %s) = %s, want %s", a, b, got, want)
		}
	}
	f(INT, DOUBLE, DOUBLE)
	f(BOOL, CHAR, CHAR)
	f(SHORT, LONG, LONG)
	f(LONG, FLOAT, FLOAT)
	f(VOID, DATE, DATE)
	f(STRING, SYMBOL, STRING)
	f(DATE, INT, ANY)
	f(DECIMAL32, INT, DECIMAL32)
	f(DECIMAL32, DOUBLE, DOUBLE)
}

func TestEqual(t *testing.T) {
	f := func(a, b Value, want bool) {
		t.Helper()
		if got := Equal(a, b); got != want {
			t.Errorf("Equal(%v, %v) = %v, want %v", a, b, got, want)
		}
	}
	f(Int(1), Int(1), true)
	f(Int(1), Long(1), false)
	f(Int(NullInt), Int(NullInt), true)
	f(Void{}, Void{}, true)
	f(Double(0.1), Double(0.1), true)
	f(NewIntVector([]int32{1, 2}), NewIntVector([]int32{1, 2}), true)
	f(NewIntVector([]int32{1, 2}), NewIntVector([]int32{1, 3}), false)
	f(NewIntVector([]int32{1}), NewLongVector([]int64{1}), false)
	f(NewSymbolVector([]string{"a"}), NewSymbolVector([]string{"a"}), true)
	f(NewTuple([]Value{Int(1), String("a")}), NewTuple([]Value{Int(1), String("a")}), true)
	f(Decimal32{V: 10, Scale: 1}, Decimal32{V: 100, Scale: 2}, true)
	t1, _ := NewTable([]string{"a"}, []Value{NewIntVector([]int32{1, 2})})
	t2, _ := NewTable([]string{"a"}, []Value{NewIntVector([]int32{1, 2})})
	f(t1, t2, true)
	d1 := NewDict(STRING, INT, false)
	_ = d1.Set(String("x"), Int(1))
	d2 := NewDict(STRING, INT, false)
	_ = d2.Set(String("x"), Int(1))
	f(d1, d2, true)
	_ = d2.Set(String("y"), Int(1))
	f(d1, d2, false)
}

func TestTruthy(t *testing.T) {
	f := func(v Value, want bool, wantErr bool) {
		t.Helper()
		got, err := Truthy(v)
		if (err != nil) != wantErr || got != want {
			t.Errorf("Truthy(%v) = %v, %v", v, got, err)
		}
	}
	f(Bool(1), true, false)
	f(Bool(NullBool), false, false)
	f(Int(0), false, false)
	f(Double(0.5), true, false)
	f(Void{}, false, false)
	f(NewIntVector([]int32{1}), false, true)
	f(String("a"), false, true)
}

func TestForms(t *testing.T) {
	f := func(v Value, want string) {
		t.Helper()
		if got := v.String(); got != want {
			t.Errorf("String() =\n%s\nwant\n%s", got, want)
		}
	}
	m, err := FromVector(NewIntVector([]int32{1, 2, 3, 4, 5, 6}), 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	f(m, "#0 #1\n-- --\n1  4 \n2  5 \n3  6 ")
	if m.At(1, 1) != Int(5) || m.Column(1).String() != "[4,5,6]" {
		t.Errorf("matrix access")
	}
	m9, _ := FromVector(NewIntVector([]int32{1, 2, 3, 4, 5, 6, 7, 8, 9}), 3, 3)
	_ = m9.SetRowLabels(NewIntVector([]int32{1, 2, 3}))
	_ = m9.SetColLabels(NewStringVector([]string{"c1", "c2", "c3"}))
	f(m9, "  c1 c2 c3\n  -- -- --\n1|1  4  7 \n2|2  5  8 \n3|3  6  9 ")

	s := NewSet(INT)
	_ = s.Add(NewIntVector([]int32{4, 3, 5, 3}))
	if s.Len() != 3 || !s.Contains(Int(5)) || s.Contains(Int(6)) || !s.Contains(Long(4)) {
		t.Errorf("set ops")
	}
	f(s, "set(4,3,5)")
	sn := NewSet(INT)
	_ = sn.Add(Int(NullInt))
	f(sn, "set(00i)")
	if TypeStr(s) != "INT SET" || s.Keys().String() != "[4,3,5]" {
		t.Errorf("set keys")
	}

	d := NewDict(INT, DOUBLE, true)
	for i, k := range []int32{1, 2, 3, 1} {
		_ = d.Set(Int(k), Double([]float64{2.3, 4.6, 5.3, 6.4}[i]))
	}
	f(d, "1->6.4\n2->4.6\n3->5.3")
	if v, ok := d.Get(Int(2)); !ok || v != Double(4.6) {
		t.Errorf("dict get")
	}
	if _, ok := d.Get(Int(9)); ok {
		t.Errorf("dict missing key")
	}
	d.Delete(Int(2))
	if d.Len() != 2 || d.Keys().String() != "[1,3]" || d.Values().String() != "[6.4,5.3]" {
		t.Errorf("dict delete: %s %s", d.Keys(), d.Values())
	}
	if TypeStr(d) != "INT->DOUBLE DICTIONARY" {
		t.Errorf("dict typestr %s", TypeStr(d))
	}

	tb, err := NewTable([]string{"id", "name", "avg_wage"}, []Value{
		NewIntVector([]int32{3, 4}),
		NewStringVector([]string{"Jerry", "Jessica"}),
		NewIntVector([]int32{5500, 6000}),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "id name    avg_wage\n-- ------- --------\n3  Jerry   5500    \n4  Jessica 6000    "
	f(tb, want)
	if tb.Rows() != 2 || tb.Col("NAME") == nil || tb.ColIndex("avg_wage") != 2 {
		t.Errorf("table access")
	}
	if got := tb.Row(1).String(); got != "id->4\nname->Jessica\navg_wage->6000" {
		t.Errorf("row dict %q", got)
	}
	if _, err := NewTable([]string{"a", "b"}, []Value{NewIntVector([]int32{1}), NewIntVector([]int32{1, 2})}); err == nil {
		t.Errorf("ragged table accepted")
	}
	et, err := NewEmptyTable([]string{"a", "b", "c", "d"}, []Type{INT, BOOL, STRING, DATE}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := et.String(); got != "a b     c d\n- ----- - -\n0 false    \n0 false    " {
		t.Errorf("empty table %q", got)
	}
	big := make([]int32, 35)
	bt, _ := NewTable([]string{"x"}, []Value{NewIntVector(big)})
	lines := strings.Split(bt.String(), "\n")
	if len(lines) != 33 || lines[32] != "..." {
		t.Errorf("table truncation: %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

func TestMemoryLimit(t *testing.T) {
	defer SetMemoryLimit(0)
	SetMemoryLimit(1 << 20)
	defer func() {
		r := recover()
		var oom *OutOfMemoryError
		if e, ok := r.(error); !ok || !errors.As(e, &oom) {
			t.Fatalf("recovered %v, want *OutOfMemoryError", r)
		}
	}()
	_ = NewVector(LONG, 10<<20)
	t.Fatal("allocation past the limit succeeded")
}

func TestArrow(t *testing.T) {
	v := NewIntVector([]int32{1, NullInt, 3})
	a := v.Arrow()
	defer a.Release()
	if a.Len() != 3 || a.NullN() != 1 || !a.IsNull(1) || a.IsNull(0) {
		t.Errorf("arrow nulls: len %d nulls %d", a.Len(), a.NullN())
	}
	d := NewDoubleVector([]float64{1.5, 2})
	ad := d.Arrow()
	defer ad.Release()
	if ad.NullN() != 0 {
		t.Errorf("double nulls")
	}
	d.Doubles()[0] = 9
	if got := ad.ValueStr(0); got != "9" {
		t.Errorf("arrow array does not share the buffer: %s", got)
	}
	s := NewStringVector([]string{"a", "", "c"})
	as := s.Arrow()
	defer as.Release()
	if as.NullN() != 1 || as.ValueStr(2) != "c" {
		t.Errorf("string arrow")
	}
	sy := NewSymbolVector([]string{"a", "", "c"})
	asy := sy.Arrow()
	defer asy.Release()
	if asy.NullN() != 1 {
		t.Errorf("symbol arrow nulls %d", asy.NullN())
	}
	b := NewBoolVector([]int8{1, 0, NullBool})
	ab := b.Arrow()
	defer ab.Release()
	if ab.NullN() != 1 {
		t.Errorf("bool arrow nulls")
	}
	ts := NewInt64Vector(TIMESTAMP, []int64{0, NullLong})
	at := ts.Arrow()
	defer at.Release()
	if at.NullN() != 1 {
		t.Errorf("timestamp arrow nulls")
	}
}

func TestMatrixAppendColumns(t *testing.T) {
	v := NewVector(INT, 6)
	copy(v.Ints(), []int32{1, 2, 3, 4, 5, 6})
	m, err := FromVector(v, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	w := NewVector(INT, 4)
	copy(w.Ints(), []int32{7, 9, 8, 6})
	if err := m.AppendColumns(w); err != nil {
		t.Fatal(err)
	}
	if m.Cols() != 5 || m.At(1, 4).String() != "6" {
		t.Errorf("after append: %d cols, m[1,4] = %v", m.Cols(), m.At(1, 4))
	}
	if err := m.AppendColumns(NewVector(INT, 3)); err == nil {
		t.Error("appending 3 elements to a 2-row matrix succeeded")
	}
}

func TestTableKeys(t *testing.T) {
	id := NewVector(INT, 3)
	copy(id.Ints(), []int32{1, 2, 1})
	tb, err := NewTable([]string{"id"}, []Value{id})
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.SetKeys([]string{"id"}); err == nil {
		t.Error("duplicate keys accepted")
	}
	id.Ints()[2] = 3
	if err := tb.SetKeys([]string{"ID"}); err != nil || len(tb.Keys()) != 1 {
		t.Errorf("SetKeys: %v, keys %v", err, tb.Keys())
	}
	if err := tb.SetKeys([]string{"nope"}); err == nil {
		t.Error("missing key column accepted")
	}
}
