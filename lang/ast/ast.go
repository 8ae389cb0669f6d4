// Package ast defines the syntax tree of DolphinDB script: expressions,
// statements, SQL queries and metacode. The parser builds it, the printer
// (print.go) turns it back into script, and the compiler lowers it.
//
// Every node records the position of its first token; nodes never hold
// runtime values (literals keep their source text and DolphinDB type code),
// so this package imports nothing but lang/token.
package ast

import "github.com/porpoisedb/porpoise/lang/token"

// Node is any syntax tree node.
type Node interface {
	Pos() token.Pos // position of the first token
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement node.
type Stmt interface {
	Node
	stmtNode()
}

// ---------------------------------------------------------------------------
// Literals

// LitKind says how a Literal's Text is to be read. The exact DolphinDB type
// is in Literal.Type.
type LitKind uint8

const (
	LitNumber   LitKind = iota // integer or floating number; Text has no suffix ("21", "2.5", "1e3")
	LitString                  // "..." or '...' (2+ chars) or `word; Text is the unescaped content
	LitChar                    // 'a'; Text is the one unescaped character
	LitBool                    // true / false / 1b / 0b; Text is "true" or "false"
	LitTemporal                // date/time literal; Text is the literal as written ("2013.06.13", "13:30m")
	LitDuration                // 1s, 3M; Text is the literal as written ("3M")
	LitNull                    // NULL / null (Type VOID) or a typed null 00i (Type INT ...)
	LitDecimal                 // 3.141P; Text is "3.141"
)

// Literal is a scalar constant. Type is DolphinDB's wire type code
// (vm/value.Type) of the literal: 4 INT for "21", 5 LONG for "22l", 6 DATE for
// "2013.06.13", 36 DURATION for "3M", 0 VOID for NULL, 38 DECIMAL64 for "3.141P" ...
type Literal struct {
	ValuePos token.Pos
	Kind     LitKind
	Type     uint8
	Text     string
	Raw      string // source text, for printing
}

// VectorLit is a space-separated constant vector: 1 2 3, `a`b, 2012.01.01 2012.01.02.
// Elems are literals or negated literals (UnaryExpr{Op:"-"}). Backtick runs
// written without spaces (`IBM`MSFT) are one VectorLit with Backticks set.
type VectorLit struct {
	Start     token.Pos
	Elems     []Expr
	Backticks bool
}

// ArrayLit is [e1, e2, ...].
type ArrayLit struct {
	Lbrack token.Pos
	Elems  []Expr
}

// TupleLit is (e1, e2, ...), (e,) or (): always an ANY vector.
type TupleLit struct {
	Lparen token.Pos
	Elems  []Expr
}

// DictLit is the JSON-like dictionary {k1: v1, k2: v2}. Keys are literals or
// identifiers (an identifier key stands for its name as a STRING).
type DictLit struct {
	Lbrace token.Pos
	Keys   []Expr
	Values []Expr
}

// ---------------------------------------------------------------------------
// Names and operators

// Ident is a name: a variable, a function, a column, or a qualified name
// "mod::f" / "::f". Quoted is set for _"odd name" column references.
type Ident struct {
	Name    string
	NamePos token.Pos // after Name: the node packs into 24 bytes
	Quoted  bool
}

// MacroVar is _$name (one column name held in a variable) or _$$name (a list).
type MacroVar struct {
	DollarPos token.Pos
	Name      string
	Many      bool
}

// OpFunc is an operator symbol used as a function value: the `+` of
// `+:A 1..10` or the `\` of `eachPre(\, price)`. Op is the symbol.
type OpFunc struct {
	OpPos token.Pos
	Op    string
}

// ParenExpr is (x).
type ParenExpr struct {
	Lparen token.Pos
	X      Expr
}

// UnaryExpr is -x or !x (Op "-" or "!"), and SQL `not x` (Op "not").
type UnaryExpr struct {
	OpPos token.Pos
	Op    string
	X     Expr
}

// BinaryExpr is x op y. Op is the operator as written: a symbol ("+", "<-",
// "..", ":", "$", "&&", "==", "<>", "**" ...) or a word operator ("and",
// "or", "in", "like", "between", "mod", "div", "not in", "not like",
// "ilike", "is", "is not" ...). For an infix call of a named or
// adverb-qualified function (`x add y`, `3 f 4`, `X +:L Y`) Op is "" and
// Fun holds the function expression.
type BinaryExpr struct {
	X     Expr
	OpPos token.Pos
	Op    string
	Fun   Expr
	Y     Expr
}

// TernaryExpr is cond ? a : b.
type TernaryExpr struct {
	Cond Expr
	Then Expr
	Else Expr
}

// Arg is one call argument: positional (Name == ""), keyword (name=value),
// or skipped (Value == nil, as in f(,3)).
type Arg struct {
	Name  string
	Value Expr
}

// CallStyle records how a call was written, for printing and for the
// method-call rule that the receiver becomes the first argument.
type CallStyle uint8

const (
	CallParen  CallStyle = iota // f(x, y)
	CallMethod                  // x.f(y): Args[0] is the receiver x
	CallJuxta                   // f x  (unary juxtaposition, applies to the whole rest)
)

// CallExpr is a function call.
type CallExpr struct {
	Fun    Expr
	Args   []Arg
	Lparen token.Pos // position of "(" (or of the argument for CallJuxta)
	Style  CallStyle
}

// PartialExpr is f{a, , c}: partial application. A nil Arg.Value is a hole.
type PartialExpr struct {
	Fun    Expr
	Lbrace token.Pos
	Args   []Arg
}

// IndexExpr is x[i], m[r, c], m[, c], m[r, ]. A nil index is an empty
// dimension.
type IndexExpr struct {
	X       Expr
	Lbrack  token.Pos
	Indices []Expr
}

// SliceExpr is an index with an open end: x[:4], x[3:]. Lo or Hi is nil
// where open. (x[a:b] with both ends parses as IndexExpr over a pair.)
type SliceExpr struct {
	Colon token.Pos
	Lo    Expr
	Hi    Expr
}

// SelectorExpr is x.name: a column, a dictionary key, a member.
type SelectorExpr struct {
	X   Expr
	Sel *Ident
}

// AdverbExpr is a function modified by a higher-order operator: Fun:E,
// Fun:L, ... Kind is the letter (E L R P O A T G C X H V) and Consistent the
// trailing C of :EC, :LC. Chains (+:E:L) nest: the outer AdverbExpr's Fun is
// the inner one. The node is a function value; applying it is a CallExpr or
// an infix BinaryExpr with Fun set.
type AdverbExpr struct {
	Fun        Expr
	ColonPos   token.Pos
	Kind       byte
	Consistent bool
}

// Param is a function parameter.
type Param struct {
	Name    *Ident
	Default Expr // nil when none
	Mutable bool
	Const   bool // written `const a`: the same as a plain parameter, spelled out
}

// FuncLitKind records how an anonymous function was written.
type FuncLitKind uint8

const (
	FuncDef    FuncLitKind = iota // def(a, b){...} or def(a, b): expr
	FuncArrow                     // x -> expr, (x, y) -> expr, def(x) -> expr
	FuncBraced                    // {x -> expr}, {x, y -> expr}, {def(x): expr}, {defg(x) -> expr}
)

// FuncLit is an anonymous function. Exactly one of Body and Expr is set.
// Aggregate is set for defg. A braced lambda applied by juxtaposition
// ({x -> x*x} 10) is a CallExpr of style CallJuxta; written between two
// operands (10 {x, y -> x+y} 1) it is the Fun of a BinaryExpr.
type FuncLit struct {
	Start     token.Pos
	Kind      FuncLitKind
	Params    []*Param
	Body      *BlockStmt
	Expr      Expr
	Aggregate bool
}

// RefExpr is &name: the function named name even when a variable shadows
// it, or a reference in `&x = y`.
type RefExpr struct {
	Amp token.Pos
	X   *Ident
}

// MetaCode is <expr>: unevaluated code (type CODE). X may be a SelectExpr.
type MetaCode struct {
	Lt token.Pos
	X  Expr
}

// ---------------------------------------------------------------------------
// SQL expressions

// CaseExpr is CASE [X] WHEN c THEN v ... [ELSE e] END.
type CaseExpr struct {
	Case  token.Pos
	X     Expr // optional simple-case operand
	Whens []Expr
	Thens []Expr
	Else  Expr
}

// BetweenExpr is SQL's x [NOT] BETWEEN lo AND hi. (`x between lo:hi` is a
// BinaryExpr with Op "between".)
type BetweenExpr struct {
	X   Expr
	Not bool
	Lo  Expr
	Hi  Expr
}

// IsNullExpr is x IS [NOT] NULL.
type IsNullExpr struct {
	X   Expr
	Not bool
}

// ExistsExpr is EXISTS (subquery).
type ExistsExpr struct {
	Exists token.Pos
	Query  *SelectExpr
}

// SelectItem is one select-list entry: Expr [as alias]. Aliases has one
// name, or several for a multi-output function (`ols(y, x) as `a`b`).
// Expr is a *Ident with Name "*" for `*`.
type SelectItem struct {
	Expr    Expr
	Aliases []string
	// AliasMacro is the macro variable of `as _$name` or `as _$$names`
	// (Aliases is then empty): the alias is the variable's value, which
	// the VM puts in Aliases before the query runs.
	AliasMacro *MacroVar
}

// ColumnRange is col1...col10 in a select list: the columns named by one
// prefix and consecutive numbers from From's to To's (Names lists them).
type ColumnRange struct {
	Start token.Pos
	From  string
	To    string
}

// WindowExpr is an analytic (window) function call in a select list:
// f(args) over ([partition by ...] [order by ...] [rows|range between ...
// and ...]). It gives one value per row of the query, computed over the
// rows of the row's partition that the frame selects.
type WindowExpr struct {
	Call      *CallExpr
	Over      token.Pos
	Partition []Expr
	OrderBy   []*OrderItem
	Frame     *WindowFrame // nil: the default frame
}

// WindowFrame is rows|range between Lo and Hi.
type WindowFrame struct {
	Range  bool // range (offsets on the order-by value), else rows
	Lo, Hi FrameBound
}

// FrameBound is one end of a window frame.
type FrameBound struct {
	Kind   BoundKind
	Offset Expr // n of n preceding / n following
}

// BoundKind is the kind of a frame bound, in frame order.
type BoundKind uint8

const (
	UnboundedPreceding BoundKind = iota
	Preceding
	CurrentRow
	Following
	UnboundedFollowing
)

// OrderItem is one ORDER BY / CSORT entry.
type OrderItem struct {
	Expr       Expr
	Desc       bool
	Asc        bool // asc written out: the printer keeps it, as it ends the item (order by x asc f 1)
	NullsFirst int8 // 0 default, 1 NULLS FIRST, -1 NULLS LAST
}

// JoinKind names a SQL join form.
type JoinKind uint8

const (
	JoinInner JoinKind = iota
	JoinLeft
	JoinRight
	JoinFull
	JoinCross
	JoinLeftSemi
	JoinAsof
	JoinWindow
)

// JoinExpr is `Left kind JOIN Right [ON cond]` inside FROM.
type JoinExpr struct {
	Left  Expr
	Kind  JoinKind
	Right Expr
	On    Expr
}

// AliasedExpr is a FROM source with an alias: `trades as t`, `trades t`;
// also a call argument naming a column: table(rand(10, n) as price).
type AliasedExpr struct {
	X     Expr
	Alias string
}

// GroupKind says which grouping clause a query has.
type GroupKind uint8

const (
	GroupNone GroupKind = iota
	GroupBy
	ContextBy
	PivotBy
	CGroupBy
)

// SelectExpr is a select or exec query; it is an expression (it yields a
// table, vector, scalar or matrix).
type SelectExpr struct {
	Start    token.Pos
	Exec     bool
	With     []*CTE
	Top      Expr // nil, a count, or a pair a:b
	Distinct bool
	Items    []*SelectItem
	From     Expr // nil (select without from), an expression, AliasedExpr or JoinExpr
	Map      bool
	Where    []Expr // comma-separated conditions, applied in sequence
	Group    GroupKind
	GroupBy  []*SelectItem
	// CGroupWithin holds the group by keys written before cgroup by
	// (group by sym cgroup by minute(time)): the cumulation restarts for
	// each of their groups. Group is CGroupBy and GroupBy the cgroup keys.
	CGroupWithin []*SelectItem
	Csort        []*OrderItem
	Having       Expr
	OrderBy      []*OrderItem
	Limit        Expr // count, or nil
	Offset       Expr // LIMIT offset, count
	Union        *SelectExpr
	UnionAll     bool
	// Hint is the sum of the HINT_* flags written in brackets after
	// select (select [HINT_KEEPORDER] ...), 0 for none.
	Hint int
}

// The HINT_* flags of select [HINT_...] and sql(hint=...), from the
// manual's hint page.
const (
	HintLocal      = 1
	HintHash       = 32
	HintSnapshot   = 64
	HintKeepOrder  = 128
	HintSeq        = 512
	HintNoMerge    = 1024
	HintPreload    = 4096
	HintExplain    = 32768
	HintSort       = 524288
	HintVectorized = 4194304
)

// HintFlags maps the HINT_* names to their flags.
var HintFlags = map[string]int{
	"HINT_LOCAL": HintLocal, "HINT_HASH": HintHash, "HINT_SNAPSHOT": HintSnapshot,
	"HINT_KEEPORDER": HintKeepOrder, "HINT_SEQ": HintSeq, "HINT_NOMERGE": HintNoMerge,
	"HINT_PRELOAD": HintPreload, "HINT_EXPLAIN": HintExplain, "HINT_SORT": HintSort,
	"HINT_VECTORIZED": HintVectorized,
}

// CTE is one WITH name AS (query) entry; Cols, when given (with
// tmp(a, b) as (...)), renames the query's columns.
type CTE struct {
	Name  string
	Cols  []string
	Query *SelectExpr
}

// ---------------------------------------------------------------------------
// Statements

// ExprStmt is an expression used as a statement; its value is what the
// console prints when it is the last statement.
type ExprStmt struct {
	X Expr
}

// AssignStmt is x = e, x, y = a, b, x += e, x[i] = v, &x = y.
// Op is "=", "+=", "-=", "*=", "/=", "\=", "%=" ... Ref is set for &x = y;
// Const for `const x = e`, which declares x a constant that cannot be
// rebound or modified afterwards.
type AssignStmt struct {
	Lhs   []Expr
	Rhs   []Expr
	Op    string
	OpPos token.Pos
	Ref   bool
	Const bool
}

// BlockStmt is { stmts }.
type BlockStmt struct {
	Lbrace token.Pos
	List   []Stmt
}

// Annotation is an @name line: @testing: case = "x", exception = 1, or @state.
type Annotation struct {
	At    token.Pos
	Name  string
	Attrs []AnnotationAttr
}

// AnnotationAttr is one key = value of an annotation.
type AnnotationAttr struct {
	Key   string
	Value Expr
}

// FuncDecl is def name(params){...}, def name(params): expr, defg (Aggregate),
// or a forward declaration (Body and Expr both nil).
type FuncDecl struct {
	Def         token.Pos
	Name        *Ident
	Params      []*Param
	Body        *BlockStmt
	Expr        Expr
	Aggregate   bool
	Annotations []*Annotation
}

// IfStmt is if (cond) then [else else].
type IfStmt struct {
	If   token.Pos
	Cond Expr
	Then Stmt
	Else Stmt
}

// ForStmt is for (x in X) body. Vars has more than one name for
// for (k, v in d) style loops where supported.
type ForStmt struct {
	For  token.Pos
	Vars []*Ident
	X    Expr
	Body Stmt
}

// WhileStmt is while (cond) body.
type WhileStmt struct {
	While token.Pos
	Cond  Expr
	Body  Stmt
}

// DoWhileStmt is do body while (cond).
type DoWhileStmt struct {
	Do   token.Pos
	Body Stmt
	Cond Expr
}

// BranchStmt is break or continue (Tok "break" / "continue").
type BranchStmt struct {
	TokPos token.Pos
	Tok    string
}

// ReturnStmt is return [e1, e2 ...]; several results return a tuple.
type ReturnStmt struct {
	Return  token.Pos
	Results []Expr
}

// TryStmt is try {...} catch (ex) {...}.
type TryStmt struct {
	Try      token.Pos
	Body     *BlockStmt
	CatchVar *Ident // nil for catch without a name
	Catch    *BlockStmt
}

// ThrowStmt is throw expr.
type ThrowStmt struct {
	Throw token.Pos
	X     Expr
}

// ShareStmt is share x as name.
type ShareStmt struct {
	Share token.Pos
	X     Expr
	Name  string
}

// UndefStmt is undef all [, kind] written with the keyword form. (undef(`x)
// is an ordinary call.)
type UndefStmt struct {
	Undef token.Pos
	All   bool
	Args  []Expr
}

// GoStmt is go: it ends a separately parsed and run chunk.
type GoStmt struct {
	Go token.Pos
}

// ModuleStmt is module a::b.
type ModuleStmt struct {
	Module token.Pos
	Path   string
}

// UseStmt is use a::b (or use catalog x: Catalog set).
type UseStmt struct {
	Use     token.Pos
	Path    string
	Catalog bool
}

// AssertStmt is assert expr or assert subcase, expr.
type AssertStmt struct {
	Assert token.Pos
	Sub    Expr // nil when absent
	X      Expr
}

// TimerStmt is timer stmt / timer(n) stmt.
type TimerStmt struct {
	Timer token.Pos
	Count Expr // nil: once
	Body  Stmt
}

// TransactionStmt is transaction { ... }.
type TransactionStmt struct {
	Transaction token.Pos
	Body        *BlockStmt
}

// EmptyStmt is a lone ";".
type EmptyStmt struct {
	Semi token.Pos
}

// MaprStmt is mapr udaf(params){mapF1(args), ... -> reduce[; cumF1, ... ->
// running]}: the map-reduce implementation of a user-defined aggregate
// function, which distributed queries run per partition (the map calls on
// each partition's group rows, the reduce function over their results) and
// cgroup by runs cumulatively (the cumulative functions over the map
// results of the groups in order, then the running reduce function). The
// map arguments are parameters of the signature or literals. Cums is nil
// without the cgroup by part; otherwise it has one function per map call.
type MaprStmt struct {
	Mapr    token.Pos
	Name    *Ident
	Params  []*Ident
	Maps    []*CallExpr
	Reduce  *Ident
	Cums    []*Ident
	Running *Ident
}

// ---------------------------------------------------------------------------
// SQL statements (expressions in DolphinDB, but they produce no value)

// UpdateStmt is update t set c = e, ... [from joined] [where ...]
// [context by ... [csort ...]] [having ...].
type UpdateStmt struct {
	Update    token.Pos
	Table     Expr
	Sets      []*SetClause
	From      Expr
	Where     []Expr
	ContextBy []*SelectItem
	Csort     []*OrderItem // order of the rows within each context-by group
	Having    Expr
}

// SetClause is col = expr.
type SetClause struct {
	Col   *Ident
	Value Expr
}

// DeleteStmt is delete from t [where ...], or delete t from <join of t
// and others> [where ...], which deletes the rows of t that the joined
// rows selected come from.
type DeleteStmt struct {
	Delete token.Pos
	Table  Expr
	From   Expr // nil for delete from t
	Where  []Expr
}

// InsertStmt is insert into t [(c1, c2)] values (v1, v2), (...).
type InsertStmt struct {
	Insert token.Pos
	Table  Expr
	Cols   []string
	Rows   [][]Expr
	Query  *SelectExpr // insert into t select ...
}

// ColumnDef is one column of CREATE TABLE: name TYPE [comment ...], or
// name TYPE[comment="...", compress="delta"].
type ColumnDef struct {
	Name     string
	Type     Expr // an Ident such as INT, or a call such as DECIMAL32(2) / INT[]
	Comment  string
	Compress string // compression method ("lz4", "delta" ...), "" for the default
}

// CreateTableStmt is create table "dfs://db"."tb" (cols) [partitioned by ...] [opts].
type CreateTableStmt struct {
	Create      token.Pos
	DB          Expr // nil for an in-memory table
	Name        Expr
	Cols        []*ColumnDef
	PartitionBy []Expr
	Options     []Arg // sortColumns=`c, keepDuplicates=ALL ...
	Query       *SelectExpr
}

// CreateDatabaseStmt is create database "dfs://db" partitioned by VALUE(...), ... [, engine='TSDB'].
type CreateDatabaseStmt struct {
	Create      token.Pos
	Path        Expr
	PartitionBy []*CallExpr
	Options     []Arg
}

// AlterStmt is alter table t add c TYPE / drop c / rename c to d.
type AlterStmt struct {
	Alter  token.Pos
	Table  Expr
	Action string // "add", "drop", "rename"
	Col    string
	Type   Expr
	NewCol string
}

// DropStmt is drop table t / drop database d.
type DropStmt struct {
	Drop     token.Pos
	What     string // "table" or "database"
	Name     Expr
	IfExists bool
	DB       Expr // database of drop table "dfs://db"."tb"; nil otherwise
}

// ---------------------------------------------------------------------------
// Scripts

// Script is a parsed script. Chunks are the parts separated by `go`
// statements: each is resolved and run before the next is resolved.
type Script struct {
	File   *token.File
	Chunks [][]Stmt
}
