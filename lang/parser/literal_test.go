package parser

import (
	"testing"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

func TestLiteral(t *testing.T) {
	f := func(in string, kind ast.LitKind, typ uint8, text string) {
		t.Helper()
		x, err := ParseExpr(in)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", in, err)
			return
		}
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op == "-" {
			x = u.X
		}
		l, ok := x.(*ast.Literal)
		if !ok {
			t.Errorf("ParseExpr(%q) = %T, want *ast.Literal", in, x)
			return
		}
		if l.Kind != kind || l.Type != typ || l.Text != text {
			t.Errorf("ParseExpr(%q) = kind %d type %d text %q, want kind %d type %d text %q", in, l.Kind, l.Type, l.Text, kind, typ, text)
		}
	}
	n, s, tm, d := ast.LitNumber, ast.LitString, ast.LitTemporal, ast.LitDuration
	f("21", n, token.TypeINT, "21")
	f("2147483647", n, token.TypeINT, "2147483647")
	f("2147483648", n, token.TypeLONG, "2147483648")
	f("99999999999999999999", n, token.TypeDOUBLE, "99999999999999999999")
	f("97c", n, token.TypeCHAR, "97")
	f("122h", n, token.TypeSHORT, "122")
	f("3i", n, token.TypeINT, "3")
	f("22l", n, token.TypeLONG, "22")
	f("1b", ast.LitBool, token.TypeBOOL, "true")
	f("0b", ast.LitBool, token.TypeBOOL, "false")
	f("2.1f", n, token.TypeFLOAT, "2.1")
	f("3f", n, token.TypeFLOAT, "3")
	f("3F", n, token.TypeDOUBLE, "3")
	f("3.141P", ast.LitDecimal, token.TypeDECIMAL64, "3.141")
	f("2.1", n, token.TypeDOUBLE, "2.1")
	f("1.", n, token.TypeDOUBLE, "1.")
	f(".5", n, token.TypeDOUBLE, ".5")
	f("1e3", n, token.TypeDOUBLE, "1e3")
	f("1.1E+3", n, token.TypeDOUBLE, "1.1E+3")
	f("-5", n, token.TypeINT, "5")
	f("true", ast.LitBool, token.TypeBOOL, "true")
	f("false", ast.LitBool, token.TypeBOOL, "false")
	f("'a'", ast.LitChar, token.TypeCHAR, "a")
	f(`'\n'`, ast.LitChar, token.TypeCHAR, "\n")
	f("'ab'", s, token.TypeSTRING, "ab")
	f(`"a\"b\\c\td"`, s, token.TypeSTRING, "a\"b\\c\td")
	f(`"\x41\101"`, s, token.TypeSTRING, "AA")
	f("`IBM", s, token.TypeSTRING, "IBM")
	f("`600000.SH", s, token.TypeSTRING, "600000.SH")
	f("`", s, token.TypeSTRING, "")
	f("2013.06.13", tm, token.TypeDATE, "2013.06.13")
	f("2012.06M", tm, token.TypeMONTH, "2012.06M")
	f("13:30:10.008", tm, token.TypeTIME, "13:30:10.008")
	f("13:30m", tm, token.TypeMINUTE, "13:30m")
	f("13:30:10", tm, token.TypeSECOND, "13:30:10")
	f("10:30:01s", tm, token.TypeSECOND, "10:30:01s")
	f("2012.06.13T13:30:10", tm, token.TypeDATETIME, "2012.06.13T13:30:10")
	f("2012.06.13 13:30:10", tm, token.TypeDATETIME, "2012.06.13 13:30:10")
	f("2012.06.13 13:30:10.008", tm, token.TypeTIMESTAMP, "2012.06.13 13:30:10.008")
	f("2012.06.13T13:30:10.008", tm, token.TypeTIMESTAMP, "2012.06.13T13:30:10.008")
	f("13:30:10.008007006", tm, token.TypeNANOTIME, "13:30:10.008007006")
	f("13:30:10.0080", tm, token.TypeNANOTIME, "13:30:10.0080")
	f("2012.06.13T13:30:10.008007006", tm, token.TypeNANOTIMESTAMP, "2012.06.13T13:30:10.008007006")
	for _, u := range []string{"1s", "3M", "200ms", "30m", "5y", "2H", "1B", "3d", "1w", "10us", "5ns", "3XNYS"} {
		f(u, d, token.TypeDURATION, u)
	}
	f("NULL", ast.LitNull, token.TypeVOID, "NULL")
	f("null", ast.LitNull, token.TypeVOID, "null")
	nulls := map[string]uint8{"00b": token.TypeBOOL, "00c": token.TypeCHAR, "00h": token.TypeSHORT,
		"00i": token.TypeINT, "00l": token.TypeLONG, "00f": token.TypeFLOAT, "00F": token.TypeDOUBLE,
		"00d": token.TypeDATE, "00M": token.TypeMONTH, "00t": token.TypeTIME, "00m": token.TypeMINUTE,
		"00s": token.TypeSECOND, "00D": token.TypeDATETIME, "00T": token.TypeTIMESTAMP,
		"00n": token.TypeNANOTIME, "00N": token.TypeNANOTIMESTAMP}
	for lit, typ := range nulls {
		f(lit, ast.LitNull, typ, lit)
	}
}

// TestPrintLiteral checks literals built without Raw (by the compiler).
func TestPrintLiteral(t *testing.T) {
	f := func(l *ast.Literal, want string) {
		t.Helper()
		if got := ast.Print(l); got != want {
			t.Errorf("Print = %q, want %q", got, want)
		}
	}
	f(&ast.Literal{Kind: ast.LitString, Type: token.TypeSTRING, Text: "a\"b"}, `"a\"b"`)
	f(&ast.Literal{Kind: ast.LitNumber, Type: token.TypeLONG, Text: "5"}, "5l")
	f(&ast.Literal{Kind: ast.LitNumber, Type: token.TypeDOUBLE, Text: "5"}, "5F")
	f(&ast.Literal{Kind: ast.LitNull, Type: token.TypeINT}, "00i")
	f(&ast.Literal{Kind: ast.LitNull}, "NULL")
	f(&ast.Literal{Kind: ast.LitDecimal, Type: token.TypeDECIMAL64, Text: "3.14"}, "3.14P")
}
