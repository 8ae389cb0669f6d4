package codec

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustTable(t testing.TB, names []string, cols ...value.Value) *value.Table {
	t.Helper()
	tb, err := value.NewTable(names, cols)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// §9.3's table: sym, ts, price.
func example93(t testing.TB) *value.Table {
	return mustTable(t, []string{"sym", "ts", "price"},
		value.NewSymbolVector([]string{"AAPL", "MSFT", "AAPL"}),
		value.NewInt32Vector(value.DATETIME, []int32{1704187800, 1704187801, 1704187802}),
		value.NewDoubleVector([]float64{185.5, value.NullDouble, 186.25}))
}

func TestProtocolExamples(t *testing.T) {
	f := func(name string, v value.Value, want string) {
		t.Helper()
		got, err := AppendResponse(nil, "1166953221", v)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if w := unhex(t, want); !bytes.Equal(got, w) {
			t.Fatalf("%s:\n got %x\nwant %x", name, got, w)
		}
		// And back.
		_, obj, _ := strings.Cut(string(got), "OK\n")
		if v == nil {
			return
		}
		back, err := NewBytesDecoder([]byte(obj), true).Decode()
		if err != nil {
			t.Fatalf("%s: decode: %v", name, err)
		}
		again, _ := MarshalValue(nil, back, true)
		if string(again) != obj {
			t.Fatalf("%s: round trip\n got %x\nwant %x", name, again, obj)
		}
	}
	// §9.1
	f("INT 2", value.Int(2), "31 31 36 36 39 35 33 32 32 31 20 31 20 31 0a 4f 4b 0a 04 00 02 00 00 00")
	// §9.2
	f("DOUBLE vector", value.NewDoubleVector([]float64{1.5, value.NullDouble, 3}), `
		31 31 36 36 39 35 33 32 32 31 20 31 20 31 0a 4f 4b 0a 10 01 03 00 00 00 01 00 00 00 00 00 00 00
		00 00 f8 3f ff ff ff ff ff ff ef ff 00 00 00 00 00 00 08 40`)
	// §9.3
	f("table", example93(t), `
		31 31 36 36 39 35 33 32 32 31 20 31 20 31 0a 4f 4b 0a 00 06 03 00 00 00 03 00 00 00 00 73 79 6d
		00 74 73 00 70 72 69 63 65 00 91 01 03 00 00 00 01 00 00 00 00 00 00 00 03 00 00 00 00 41 41 50
		4c 00 4d 53 46 54 00 01 00 00 00 02 00 00 00 01 00 00 00 0b 01 03 00 00 00 01 00 00 00 98 d7 93
		65 99 d7 93 65 9a d7 93 65 10 01 03 00 00 00 01 00 00 00 00 00 00 00 00 30 67 40 ff ff ff ff ff
		ff ef ff 00 00 00 00 00 48 67 40`)
	f("no object", nil, "31 31 36 36 39 35 33 32 32 31 20 30 20 31 0a 4f 4b 0a")
	f("NULL", value.Void{}, "31 31 36 36 39 35 33 32 32 31 20 31 20 31 0a 4f 4b 0a 00 00 01")
	f("BOOL true", value.Bool(1), "31 31 36 36 39 35 33 32 32 31 20 31 20 31 0a 4f 4b 0a 01 00 01")
	f("CHAR a", value.Char('a'), "31 31 36 36 39 35 33 32 32 31 20 31 20 31 0a 4f 4b 0a 02 00 61")
	if got := string(AppendError(nil, "1166953221", "Syntax Error: [line #1]\nfoo")); got != "1166953221 0 1\nSyntax Error: [line #1] foo\n" {
		t.Fatalf("error line %q", got)
	}
	if got := string(AppendMSG(nil, "hello\nworld")); got != "MSG\nhello\nworld\x00" {
		t.Fatalf("MSG %q", got)
	}
}

func TestPlainSymbolTable(t *testing.T) {
	// §9.3 with the plain SYMBOL column the Go client uploads.
	obj := unhex(t, `00 06 03 00 00 00 03 00 00 00 00 73 79 6d 00 74 73 00 70 72 69 63 65 00
		11 01 03 00 00 00 01 00 00 00 41 41 50 4c 00 4d 53 46 54 00 41 41 50 4c 00
		0b 01 03 00 00 00 01 00 00 00 98 d7 93 65 99 d7 93 65 9a d7 93 65 10 01 03 00 00 00 01
		00 00 00 00 00 00 00 00 30 67 40 ff ff ff ff ff ff ef ff 00 00 00 00 00 48 67 40`)
	v, err := NewBytesDecoder(obj, true).Decode()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := MarshalValue(nil, example93(t), true)
	got, _ := MarshalValue(nil, v, true)
	if !bytes.Equal(got, want) {
		t.Fatalf("got %x\nwant %x", got, want)
	}
}

func TestFunctionRequest(t *testing.T) {
	// §9.1: ddb.call('add', [1, 2])
	raw := append([]byte("API2 1166953221 17 / 0_1_4_64\nfunction\nadd\n2\n1\n"), unhex(t, "04 00 01 00 00 00 04 00 02 00 00 00")...)
	raw = append(raw, "API2  10 / 0_1_4_64__8192\nscript\n1+1"...)
	br := bufio.NewReader(bytes.NewReader(raw))
	req, err := ReadRequest(br)
	if err != nil {
		t.Fatal(err)
	}
	if req.Command != "function" || req.Name != "add" || len(req.Args) != 2 || req.Args[0] != value.Int(1) || req.Args[1] != value.Int(2) {
		t.Fatalf("%+v", req)
	}
	req, err = ReadRequest(br)
	if err != nil {
		t.Fatal(err)
	}
	if req.Command != "script" || req.Script != "1+1" || req.SessionID != "" || req.FetchSize != 8192 || !req.API2 {
		t.Fatalf("%+v", req)
	}
	if _, err := ReadRequest(br); err != io.EOF {
		t.Fatalf("want EOF, got %v", err)
	}
	for _, c := range []struct{ in, user, pwd string }{
		{"API2 0 26 / 0_1_4_64\nconnect\nlogin\nadmin\n123456", "admin", "123456"},
		{"API 0 32 / 32_1_4_2\nconnect\nlogin\nadmin\n123456\nfalse", "admin", "123456"},
		{"API 0 8\nconnect\n", "", ""},
	} {
		req, err := ReadRequest(bufio.NewReader(strings.NewReader(c.in)))
		if err != nil || req.Command != "connect" || req.User != c.user || req.Password != c.pwd {
			t.Fatalf("%q: %+v %v", c.in, req, err)
		}
	}
}

func TestBadRequests(t *testing.T) {
	for _, in := range []string{
		"GET / HTTP/1.1\n",
		"API2 0\n",
		"API2 0 -1\n",
		"API2 0 x\n",
		"API2 0 10 0_1\n",
		"API2 0 3 / 0_1\nfoo",
		"API2 0 20 / 0_1\nfunction\nadd\n1\n1\n\x04\x00", // body too short
		"API2 0 15 / 0_1\nfunction\nadd\n1\n",            // missing endian
		"API2 0 17 / 0_1\nfunction\nadd\n1\n1\n\x04\x00\x01",
		"API2 0 17 / 0_1\nfunction\nadd\n1\n1\n\x63\x00\x01\x00\x00\x00", // unknown type 99
		"API2 0 2147483647 / 0_1\nscript\n",
		"API2 0 10 / 0_1\n" + strings.Repeat("x", 5000),
		strings.Repeat("A", 5000),
	} {
		if req, err := ReadRequest(bufio.NewReader(strings.NewReader(in))); err == nil {
			t.Errorf("%.40q: no error: %+v", in, req)
		}
	}
}

// samples returns one value of each form and type.
func samples(t testing.TB) []value.Value {
	pair, _ := value.NewPair(value.Int(1), value.Int(5))
	m, _ := value.FromVector(value.NewIntVector([]int32{1, 2, 3, 4, 5, 6}), 2, 3)
	_ = m.SetColLabels(value.NewSymbolVector([]string{"a", "b", "c"}))
	s := value.NewSet(value.INT)
	_ = s.Add(value.NewIntVector([]int32{3, 1, 2}))
	d := value.NewDict(value.STRING, value.ANY, false)
	_ = d.Set(value.String("a"), value.Int(1))
	_ = d.Set(value.String("b"), value.NewDoubleVector([]float64{1, 2}))
	dec := value.NewDecimalVector(value.DECIMAL64, 2, 2)
	dec.Longs()[0], dec.Longs()[1] = 12345, value.NullLong
	inner := value.NewIntVector([]int32{1, 2, 3, 4})
	av := value.NewArrayVector([]int32{0, 1, 1, 4}, inner)
	uuid := value.Uuid{0x5d, 0x21, 0x2a, 0x78, 0xcc, 0x48, 0xe3, 0xb1, 0x42, 0x35, 0xb4, 0xd9, 0x1a, 0x73, 0x1d, 0xe4}
	uv := value.NewVector(value.UUID, 2)
	uv.Bytes16()[0] = uuid
	ip := value.NewVector(value.IPADDR, 1)
	ip.Bytes16()[0] = [16]byte{12: 192, 13: 168, 14: 1, 15: 1}
	return []value.Value{
		value.Void{}, value.Bool(1), value.Bool(value.NullBool), value.Char('a'), value.Short(-3), value.Int(42),
		value.Long(-1 << 40), value.Date(19724), value.Month(24288), value.Time(1000), value.Minute(60),
		value.Second(61), value.DateTime(1704187800), value.Timestamp(1704187800123), value.NanoTime(5),
		value.NanoTimestamp(1704187800123456789), value.DateHour(473385), value.Float(1.5),
		value.Double(math.Pi), value.String("héllo"), value.Symbol("AAPL"), value.Blob("a\x00b"),
		uuid, value.IPAddr{12: 10, 15: 1}, value.Int128{0: 1, 15: 2},
		value.Decimal32{V: 314, Scale: 2}, value.Decimal64{V: -5, Scale: 10},
		value.Decimal128{Lo: 7, Hi: -1, Scale: 20}, value.Complex{Re: 1, Im: -2}, value.Point{X: 3, Y: 4},
		value.Duration{N: 3, Unit: "m"}, value.Duration{N: 1, Unit: "XNYS"},
		FuncDef{Kind: 0, Name: "sum"}, SysObj{T: value.CODE, Text: "< x + 1 >"},
		value.NewBoolVector([]int8{1, 0, value.NullBool}), value.NewCharVector([]int8{'a'}),
		value.NewShortVector([]int16{1, value.NullShort}), value.NewIntVector([]int32{1, 2, value.NullInt}),
		value.NewLongVector(nil), value.NewFloatVector([]float32{1.25}),
		value.NewInt32Vector(value.DATE, []int32{1, 2}), value.NewInt64Vector(value.NANOTIMESTAMP, []int64{1}),
		value.NewStringVector([]string{"a", "", "ccc"}), value.NewBlobVector([]string{"x\x00y", ""}),
		value.NewSymbolVector([]string{"x", "y", "x", ""}), value.NewVector(value.VOID, 3),
		value.NewTuple([]value.Value{value.Int(1), value.String("s"), value.NewDoubleVector([]float64{1})}),
		uv, ip, dec, av, pair, m, s, d, example93(t),
		mustTable(t, []string{"a", "b", "c"}, av, value.NewSymbolVector([]string{"p", "q", "p"}), value.NewSymbolVector([]string{"r", "s", "t"})),
	}
}

func TestRoundTrip(t *testing.T) {
	for _, v := range samples(t) {
		for _, le := range []bool{true, false} {
			enc, err := MarshalValue(nil, v, le)
			if err != nil {
				t.Fatalf("%T %v: %v", v, v, err)
			}
			for _, stream := range []bool{false, true} {
				var d *Decoder
				if stream {
					d = NewDecoder(bytes.NewReader(enc), le)
				} else {
					d = NewBytesDecoder(enc, le)
				}
				back, err := d.Decode()
				if err != nil {
					t.Fatalf("%s %s le=%v stream=%v: %v\n%x", v.Type(), v.Form(), le, stream, err, enc)
				}
				if back.Form() != v.Form() || (v.Form() != value.TABLE && back.Type() != v.Type()) {
					t.Fatalf("%v: got %s %s", v, back.Type(), back.Form())
				}
				again, err := MarshalValue(nil, back, le)
				if err != nil || !bytes.Equal(again, enc) {
					t.Fatalf("%s %s le=%v: round trip\n got %x\nwant %x (%v)", v.Type(), v.Form(), le, again, enc, err)
				}
				if d.Consumed() != int64(len(enc)) {
					t.Fatalf("%v: consumed %d of %d", v, d.Consumed(), len(enc))
				}
			}
			// Every strict prefix is a truncated object.
			for i := 0; i < len(enc); i++ {
				if _, err := NewBytesDecoder(enc[:i], le).Decode(); err == nil {
					t.Fatalf("%s %s: prefix %d of %d decoded", v.Type(), v.Form(), i, len(enc))
				}
				if _, err := NewDecoder(bytes.NewReader(enc[:i]), le).Decode(); err == nil {
					t.Fatalf("%s %s: stream prefix %d of %d decoded", v.Type(), v.Form(), i, len(enc))
				}
			}
		}
	}
}

func TestUUIDBytes(t *testing.T) {
	u := value.Uuid{0x5d, 0x21, 0x2a, 0x78, 0xcc, 0x48, 0xe3, 0xb1, 0x42, 0x35, 0xb4, 0xd9, 0x1a, 0x73, 0x1d, 0xe4}
	got, _ := MarshalValue(nil, u, true)
	if hex.EncodeToString(got) != "1300e41d731ad9b43542b1e348cc782a215d" {
		t.Fatalf("%x", got)
	}
	ip, _ := MarshalValue(nil, value.IPAddr{12: 192, 13: 168, 14: 1, 15: 1}, true)
	if hex.EncodeToString(ip) != "1e000101a8c0000000000000000000000000" {
		t.Fatalf("%x", ip)
	}
}

func TestInvalidObjects(t *testing.T) {
	for _, s := range []string{
		"63 00 01",                         // unknown type 99
		"04 0c",                            // unknown form
		"04 01 ff ff ff ff 01 00 00 00",    // negative rows
		"04 01 ff ff ff 7f 01 00 00 00 01", // 2G rows, 1 byte
		"00 01 ff ff ff 7f 01 00 00 00",    // 2G VOID vector
		"91 01 01 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",    // base size 0, undefined
		"91 01 01 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00 00 05 00 00 00", // index out of base
		"44 01 01 00 00 00 01 00 00 00 00 00 01 00",                            // empty array block
		"44 01 01 00 00 00 01 00 00 00 01 00 03 00 01 04 00 00 00",             // bad unit
		"19 01 ff ff ff 7f 01 00 00 00 04 00 01 00 00 00",                      // 2G tuple
		"26 00 ff 7f 00 00 02 00 00 00",                                        // decimal scale
		"04 02 03 00 00 00 01 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00",    // pair of 3
	} {
		if v, err := NewBytesDecoder(unhex(t, s), true).Decode(); err == nil {
			t.Errorf("%s: decoded %v", s, v)
		}
		if v, err := NewDecoder(bytes.NewReader(unhex(t, s)), true).Decode(); err == nil {
			t.Errorf("%s: stream decoded %v", s, v)
		}
	}
	deep := bytes.Repeat(unhex(t, "19 01 01 00 00 00 01 00 00 00"), 100)
	if _, err := NewBytesDecoder(deep, true).Decode(); !errors.Is(err, ErrInvalid) {
		t.Fatalf("deep nesting: %v", err)
	}
}

// A length field of 2 GB on a stream that delivers a few bytes must fail
// without reserving memory for the announced length.
func TestHugeLengthNoReservation(t *testing.T) {
	for _, s := range []string{
		"10 01 ff ff ff 7f 01 00 00 00 00 00 00 00",                // DOUBLE vector of 2G rows
		"20 00 ff ff ff 7f 41 41",                                  // BLOB of 2 GB
		"12 01 ff ff ff 7f 01 00 00 00 41",                         // STRING vector of 2G rows
		"00 06 ff ff ff 7f ff ff ff 7f 00",                         // table 2G x 2G
		"91 01 ff ff ff 7f 01 00 00 00 00 00 00 00 ff ff ff 7f 00", // symbol base of 2G
	} {
		in := unhex(t, s)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := NewDecoder(bytes.NewReader(in), true).Decode()
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrTruncated) {
			t.Errorf("%s: want truncated, got %v", s, err)
		}
		if d := after.TotalAlloc - before.TotalAlloc; d > 1<<20 {
			t.Errorf("%s: allocated %d bytes", s, d)
		}
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadRequest(bufio.NewReader(strings.NewReader("API2 0 2147483647 / 0_1\nscript\n1+1")))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTruncated) || after.TotalAlloc-before.TotalAlloc > 1<<20 {
		t.Fatalf("2 GB body: %v, %d bytes", err, after.TotalAlloc-before.TotalAlloc)
	}
}

func TestLZ4Compressed(t *testing.T) {
	// INT vector 1..4 as one LZ4 block holding 16 literal bytes.
	payload := []byte{0xf0, 0x01}
	for i := int32(1); i <= 4; i++ {
		payload = append(payload, byte(i), 0, 0, 0)
	}
	frame := append([]byte{byte(len(payload)), 0, 0, 0}, payload...)
	var b []byte
	b = append(b, 26, 1)
	b = append(b, byte(20+len(frame)), 0, 0, 0, 1, 0, 0, 0)
	b = append(b, 0, 1, 0xff, 1, byte(value.INT), 4, 0, 0, 0xff, 0xff, 0xff, 0xff, 4, 0, 0, 0, 0xff, 0xff, 0xff, 0xff)
	b = append(b, frame...)
	v, err := NewBytesDecoder(b, true).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if got := v.(*value.Vector).Ints(); len(got) != 4 || got[3] != 4 {
		t.Fatalf("%v", got)
	}
	// A match that repeats the literals: 4 literal bytes, then copy 12.
	out, err := lz4Block(nil, []byte{0x48, 1, 2, 3, 4, 4, 0}, 1<<16)
	if err != nil || !bytes.Equal(out, bytes.Repeat([]byte{1, 2, 3, 4}, 4)) {
		t.Fatalf("%v %v", out, err)
	}
}
