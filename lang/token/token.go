// This file defines the token kinds produced by the scanner and the
// DolphinDB wire type codes that literal tokens carry.

package token

// Kind is the kind of a lexical token.
type Kind uint8

// Token kinds. Words other than the few reserved statement keywords are
// IDENT: SQL keywords (select, from, ...) and word operators (and, in, like
// ...) are recognised by the parser from the text, case-insensitively where
// DolphinDB allows it, because most of them are also function names.
const (
	EOF      Kind = iota
	ILLEGAL       // a character or malformed literal the scanner rejected
	IDENT         // name, also "name!" (append!)
	LITERAL       // number, temporal, duration, typed null, bool, NULL; see LitKind/LitType
	STRING        // "..." or '...' of other than one character
	CHAR          // 'a'
	BACKTICK      // `word or `a`b`c (a run of backtick words without spaces)
	QIDENT        // _"column name"
	MACRO         // _$name
	MACROS        // _$$name
	ADVERB        // :E :L ... :EC (text without the colon)

	// Operators and punctuation.
	ADD        // +
	SUB        // -
	MUL        // *
	QUO        // /
	BACKSLASH  // \
	REM        // %
	POW        // **
	DOLLAR     // $
	LARROW     // <-
	LSS        // <
	LEQ        // <=
	GTR        // >
	GEQ        // >=
	EQL        // ==
	NEQ        // !=
	LTGT       // <>
	SHL        // <<
	SHR        // >>
	AND        // &
	LAND       // &&
	OR         // |
	LOR        // ||
	XOR        // ^
	NOT        // !
	ASSIGN     // =
	ADD_ASSIGN // +=
	SUB_ASSIGN // -=
	MUL_ASSIGN // *=
	QUO_ASSIGN // /=
	REM_ASSIGN // %=
	RAT_ASSIGN // \=
	AND_ASSIGN // &=
	OR_ASSIGN  // |=
	XOR_ASSIGN // ^=
	COLON      // :
	COLONCOLON // ::
	DOTDOT     // ..
	ELLIPSIS   // ... (a column range in a select list: col1...col10)
	DOT        // .
	COMMA      // ,
	SEMI       // ;
	LPAREN     // (
	RPAREN     // )
	LBRACK     // [
	RBRACK     // ]
	LBRACE     // {
	RBRACE     // }
	QUESTION   // ?
	ARROW      // ->
	AT         // @

	// Reserved statement keywords (case-sensitive).
	DEF
	DEFG
	IF
	ELSE
	FOR
	DO
	WHILE
	BREAK
	CONTINUE
	RETURN
	TRY
	CATCH
	THROW

	maxKind
)

var kindNames = [...]string{
	EOF: "EOF", ILLEGAL: "ILLEGAL", IDENT: "identifier", LITERAL: "literal",
	STRING: "string", CHAR: "char", BACKTICK: "`", QIDENT: "_\"\"", MACRO: "_$",
	MACROS: "_$$", ADVERB: "adverb",
	ADD: "+", SUB: "-", MUL: "*", QUO: "/", BACKSLASH: "\\", REM: "%", POW: "**",
	DOLLAR: "$", LARROW: "<-", LSS: "<", LEQ: "<=", GTR: ">", GEQ: ">=", EQL: "==",
	NEQ: "!=", LTGT: "<>", SHL: "<<", SHR: ">>", AND: "&", LAND: "&&", OR: "|",
	LOR: "||", XOR: "^", NOT: "!", ASSIGN: "=", ADD_ASSIGN: "+=", SUB_ASSIGN: "-=",
	MUL_ASSIGN: "*=", QUO_ASSIGN: "/=", REM_ASSIGN: "%=", RAT_ASSIGN: "\\=", AND_ASSIGN: "&=",
	OR_ASSIGN: "|=", XOR_ASSIGN: "^=", COLON: ":", COLONCOLON: "::", DOTDOT: "..", ELLIPSIS: "...",
	DOT: ".", COMMA: ",", SEMI: ";", LPAREN: "(", RPAREN: ")", LBRACK: "[",
	RBRACK: "]", LBRACE: "{", RBRACE: "}", QUESTION: "?", ARROW: "->", AT: "@",
	DEF: "def", DEFG: "defg", IF: "if", ELSE: "else", FOR: "for", DO: "do",
	WHILE: "while", BREAK: "break", CONTINUE: "continue", RETURN: "return",
	TRY: "try", CATCH: "catch", THROW: "throw",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "?"
}

// IsAssignOp reports whether k is = or a compound assignment operator.
func (k Kind) IsAssignOp() bool { return k >= ASSIGN && k <= XOR_ASSIGN }

// Keywords maps the reserved statement keywords to their kinds.
var Keywords = map[string]Kind{
	"def": DEF, "defg": DEFG, "if": IF, "else": ELSE, "for": FOR, "do": DO,
	"while": WHILE, "break": BREAK, "continue": CONTINUE, "return": RETURN,
	"try": TRY, "catch": CATCH, "throw": THROW,
}

// DolphinDB wire type codes (vm/value.Type) of the types a literal can have.
const (
	TypeVOID          uint8 = 0
	TypeBOOL          uint8 = 1
	TypeCHAR          uint8 = 2
	TypeSHORT         uint8 = 3
	TypeINT           uint8 = 4
	TypeLONG          uint8 = 5
	TypeDATE          uint8 = 6
	TypeMONTH         uint8 = 7
	TypeTIME          uint8 = 8
	TypeMINUTE        uint8 = 9
	TypeSECOND        uint8 = 10
	TypeDATETIME      uint8 = 11
	TypeTIMESTAMP     uint8 = 12
	TypeNANOTIME      uint8 = 13
	TypeNANOTIMESTAMP uint8 = 14
	TypeFLOAT         uint8 = 15
	TypeDOUBLE        uint8 = 16
	TypeSYMBOL        uint8 = 17
	TypeSTRING        uint8 = 18
	TypeDATEHOUR      uint8 = 28
	TypeDURATION      uint8 = 36
	TypeDECIMAL64     uint8 = 38
)
