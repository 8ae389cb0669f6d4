package builtins

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

func writeTemp(t testing.TB, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func loadFile(t *testing.T, path string, containHeader int) *value.Table {
	t.Helper()
	tb, err := loadTextFile(&textArgs{fn: "loadText", file: path, delim: ",", containHeader: containHeader})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestClassify(t *testing.T) {
	cases := map[string]value.Type{
		"12":                                   value.INT,
		"-3000000000":                          value.LONG,
		"1.5":                                  value.DOUBLE,
		"1e10":                                 value.DOUBLE,
		"000001":                               value.SYMBOL, // a code, not a number
		"20230108":                             digitDate,
		"2023.01.08":                           value.DATE,
		"2023-01-08":                           value.DATE,
		"23.04.10":                             value.DATE,
		"12:34:56":                             value.SECOND,
		"12:34":                                value.MINUTE,
		"12:34:56.789":                         value.TIME,
		"12:34:56.789012":                      value.NANOTIME,
		"2023.01.08T12:34:56":                  value.DATETIME,
		"2023.01.08 12:34:56.123":              value.TIMESTAMP,
		"2023.01.08T12:34:56.123456789":        value.NANOTIMESTAMP,
		"2023.01M":                             value.MONTH,
		"true":                                 value.BOOL,
		"FALSE":                                value.BOOL,
		"AAPL":                                 value.SYMBOL,
		"192.168.1.1":                          value.IPADDR,
		"5d3c1c2a-1f1e-4c3b-9a8b-7c6d5e4f3a2b": value.UUID,
	}
	for in, want := range cases {
		if got := classify([]byte(in)); got != want {
			t.Errorf("classify(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestMergeType(t *testing.T) {
	cases := []struct{ a, b, want value.Type }{
		{value.INT, value.LONG, value.LONG},
		{value.INT, value.DOUBLE, value.DOUBLE},
		{digitDate, value.INT, value.INT},
		{value.DATETIME, value.TIMESTAMP, value.TIMESTAMP},
		{value.SECOND, value.TIME, value.TIME},
		{value.DATE, value.INT, value.SYMBOL},
		{value.VOID, value.DATE, value.DATE},
	}
	for _, c := range cases {
		if got := mergeType(c.a, c.b); got != c.want {
			t.Errorf("mergeType(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestLoadTextQuotedAndNulls(t *testing.T) {
	p := writeTemp(t, "q.csv", "id,name,v\r\n1,\"a,b\",1.5\r\n2,\"say \"\"hi\"\"\nthere\",\r\n3,,2\r\n\r\n")
	tb := loadFile(t, p, -1)
	if tb.Rows() != 3 || strings.Join(tb.Names(), " ") != "id name v" {
		t.Fatalf("rows %d names %v", tb.Rows(), tb.Names())
	}
	name := tb.Col("name").Strings()
	if name[0] != "a,b" || name[1] != "say \"hi\"\nthere" || name[2] != "" {
		t.Errorf("name = %q", name)
	}
	v := tb.Col("v").Doubles()
	if v[0] != 1.5 || v[1] != value.NullDouble || v[2] != 2 {
		t.Errorf("v = %v", v)
	}
}

func TestLoadTextHeaderRule(t *testing.T) {
	// A first line with a field starting with a digit is data.
	p := writeTemp(t, "h.csv", "1,x\n2,y\n")
	tb := loadFile(t, p, -1)
	if tb.Rows() != 2 || tb.Names()[0] != "col0" {
		t.Fatalf("rows %d names %v", tb.Rows(), tb.Names())
	}
	tb = loadFile(t, p, 1)
	if tb.Rows() != 1 || tb.Names()[0] != "c1" {
		t.Fatalf("containHeader=true: rows %d names %v", tb.Rows(), tb.Names())
	}
	p = writeTemp(t, "n.csv", "a-b,1st\n1,2\n")
	if n := loadFile(t, p, 1).Names(); n[0] != "a_b" || n[1] != "c1st" {
		t.Fatalf("names %v", n)
	}
}

func TestLoadTextChunksAgree(t *testing.T) {
	// Big enough for several chunks, with quoted newlines near the cuts.
	var b strings.Builder
	b.WriteString("k,s,x\n")
	for i := 0; i < 120000; i++ {
		fmt.Fprintf(&b, "%d,\"s%d\n%d\",%d.5\n", i, i%7, i, i)
	}
	p := writeTemp(t, "big.csv", b.String())
	tb := loadFile(t, p, -1)
	if tb.Rows() != 120000 {
		t.Fatalf("rows %d", tb.Rows())
	}
	k, x := tb.Col("k").Ints(), tb.Col("x").Doubles()
	s := tb.Col("s")
	for i := range k {
		if k[i] != int32(i) || x[i] != float64(i)+0.5 || s.Get(i).String() != fmt.Sprintf("s%d\n%d", i%7, i) {
			t.Fatalf("row %d: %d %v %q", i, k[i], x[i], s.Get(i).String())
		}
	}
}

func TestLoadTextDirectChunks(t *testing.T) {
	// No quotes: chunks parse into windows of the final columns. Blank
	// lines and CRLF must not shift rows between chunks.
	var b strings.Builder
	b.WriteString("k,s,d,x\r\n")
	for i := 0; i < 150000; i++ {
		if i%1000 == 7 {
			b.WriteString("\r\n")
		}
		fmt.Fprintf(&b, "%d,%s,2021.01.%02d,%d.25\r\n", i, []string{"a", "b", "c"}[i%3], 1+i%28, i)
	}
	p := writeTemp(t, "direct.csv", b.String())
	tb := loadFile(t, p, -1)
	if tb.Rows() != 150000 {
		t.Fatalf("rows %d", tb.Rows())
	}
	k, x, d, s := tb.Col("k").Ints(), tb.Col("x").Doubles(), tb.Col("d").Ints(), tb.Col("s")
	for i := range k {
		if k[i] != int32(i) || x[i] != float64(i)+0.25 || int(d[i]) != value.YMDToDays(2021, 1, 1+i%28) || s.Get(i).String() != []string{"a", "b", "c"}[i%3] {
			t.Fatalf("row %d: %d %v %d %q", i, k[i], x[i], d[i], s.Get(i).String())
		}
	}
}

func TestLoadTextErrors(t *testing.T) {
	_, err := loadTextFile(&textArgs{fn: "loadText", file: "/no/such/file.csv", delim: ",", containHeader: -1})
	if err == nil || !strings.Contains(err.Error(), "/no/such/file.csv") {
		t.Errorf("missing file: %v", err)
	}
	p := writeTemp(t, "e.csv", "")
	if _, err := loadTextFile(&textArgs{fn: "loadText", file: p, delim: ",", containHeader: -1}); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("empty file: %v", err)
	}
	p = writeTemp(t, "s.csv", "a,b\n1,2\n")
	bad, _ := value.NewTable([]string{"name", "type"}, []value.Value{value.NewStringVector([]string{"a", "b"}), value.NewStringVector([]string{"INT", "NOTATYPE"})})
	if _, err := loadTextFile(&textArgs{fn: "loadText", file: p, delim: ",", containHeader: -1, schema: bad}); err == nil || !strings.Contains(err.Error(), "NOTATYPE") {
		t.Errorf("bad schema: %v", err)
	}
}

// candleCSV writes rows of the tutorial's candle_201801.csv shape.
func candleCSV(tb testing.TB, rows int) string {
	p := filepath.Join(tb.TempDir(), "candle.csv")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	b := bufio.NewWriter(f)
	b.WriteString("symbol,exchange,cycle,tradingDay,date,time,open,high,low,close,volume,turnover,unixTime\n")
	for i := 0; i < rows; i++ {
		d := 2 + i%20
		// Sorted by symbol, 240 one-minute bars a day for 20 days.
		fmt.Fprintf(b, "%06d,SZSE,1,2018.01.%02d,2018.01.%02d,%d,13.%02d,13.39,13.35,13.38,%d,2.678558E7,%d\n",
			i/4800+1, d, d, 93100000+i%240*100000, i%100, 2003635+i, 1514856660000+int64(i)*60000)
	}
	if err := b.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestCandleTypes(t *testing.T) {
	p := candleCSV(t, 5000)
	tb := loadFile(t, p, -1)
	want := []value.Type{value.SYMBOL, value.SYMBOL, value.INT, value.DATE, value.DATE, value.INT,
		value.DOUBLE, value.DOUBLE, value.DOUBLE, value.DOUBLE, value.INT, value.DOUBLE, value.LONG}
	for i, c := range tb.Columns() {
		if c.Type() != want[i] {
			t.Errorf("column %s: %v, want %v", tb.Names()[i], c.Type(), want[i])
		}
	}
}

func TestParseFloatB(t *testing.T) {
	for _, s := range []string{"13.35", "-0.001", "2.678558E7", "1e-5", "123456789012345678", "0.1", "+7", "3.", ".5", "1.7976931348623157e308", "4.9e-324", "00012.500"} {
		want, _ := strconv.ParseFloat(s, 64)
		got, ok := parseFloatB([]byte(s), 64)
		if !ok || got != want {
			t.Errorf("parseFloatB(%q) = %v %v, want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "-", "abc", "1.2.3", "NaN", "1e"} {
		if v, ok := parseFloatB([]byte(s), 64); ok {
			t.Errorf("parseFloatB(%q) = %v, want no number", s, v)
		}
	}
}
