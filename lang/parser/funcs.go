// This file defines what the parser knows about function names: which
// names may be applied by juxtaposition (`sum x`), and the precedence a
// built-in takes when it is written infix (`x add y`).

package parser

import "sync"

// unaryFuncs are the built-ins the parser applies by juxtaposition:
// `print x` is print(x). Functions defined with def earlier in the same
// script qualify as well. RegisterUnaryFuncs adds more.
var unaryFuncs = map[string]bool{}

var unaryMu sync.RWMutex

func init() {
	for _, f := range []string{
		"print", "typestr", "type", "form", "size", "count", "rows", "cols", "shape",
		"sum", "sum2", "sum3", "sum4", "avg", "mean", "med", "max", "min", "std", "stdp",
		"var", "varp", "prod", "first", "last", "firstNot", "lastNot", "nunique", "mode",
		"abs", "neg", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
		"exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt", "square",
		"floor", "ceil", "round", "signum", "sign", "reciprocal",
		"isNull", "isValid", "isNothing", "isVoid", "not", "any", "all",
		"reverse", "sort", "sort!", "isort", "isort!", "rank", "denseRank", "flatten",
		"transpose", "inverse", "det", "diag", "keys", "values", "distinct", "unique",
		"cumsum", "cumprod", "cummax", "cummin", "cumavg", "cumcount", "deltas", "ratios",
		"prev", "next", "til", "rand", "shuffle", "asis", "copy",
		"string", "int", "long", "short", "char", "bool", "double", "float", "symbol",
		"date", "month", "time", "minute", "second", "datetime", "timestamp", "nanotime",
		"nanotimestamp", "datehour", "year", "monthOfYear", "dayOfMonth", "dayOfWeek",
		"weekday", "hour", "hourOfDay", "minuteOfHour", "secondOfMinute",
		"upper", "lower", "trim", "strlen", "strReverse", "ltrim", "rtrim",
		"schema", "columnNames", "typestr", "eval", "parseExpr", "sqlCol",
		"isSorted", "isDuplicated",
		"undef", "objs", "funcByName", "nameOfValue",
		"dropna", "ifirstNot", "ilastNot", "imax", "imin", "hex", "md5", "zscore", "kurtosis",
		"skew", "nullFill", "bfill", "ffill", "lfill", "bfill!", "ffill!", "lfill!",
		"clear!", "pop!", "getFunctionViews", "defs", "vectorNorm", "enlist",
	} {
		unaryFuncs[f] = true
	}
}

// RegisterUnaryFuncs marks names as usable by juxtaposition (`f x` is
// f(x)). The builtins registry calls it at start-up; it is safe for
// concurrent use.
func RegisterUnaryFuncs(names ...string) {
	unaryMu.Lock()
	defer unaryMu.Unlock()
	for _, n := range names {
		unaryFuncs[n] = true
	}
}

// isUnaryFunc reports whether name may be applied by juxtaposition.
func (p *parser) isUnaryFunc(name string) bool {
	if p.funcs[name] {
		return true
	}
	unaryMu.RLock()
	ok := unaryFuncs[name]
	unaryMu.RUnlock()
	return ok
}

// Precedence levels (higher binds tighter).
const (
	precOr      = 1
	precAnd     = 2
	precAt      = 3 // x at cond: at takes a whole comparison as its index
	precCompare = 4
	precBitOr   = 5
	precBitXor  = 6
	precBitAnd  = 7
	precShift   = 8
	precAdd     = 9
	precMul     = 10 // also $ <- ** \ and infix user functions
	precPair    = 15 // : and ..
)

// infixPrec gives the precedence of a built-in written infix that has a
// symbol operator; any other name written infix binds at precMul.
var infixPrec = map[string]int{
	"add": precAdd, "sub": precAdd,
	"lt": precCompare, "le": precCompare, "gt": precCompare, "ge": precCompare,
	"eq": precCompare, "ne": precCompare, "nullCompare": precCompare,
	"bitAnd": precBitAnd, "bitOr": precBitOr, "bitXor": precBitXor,
	"lshift": precShift, "rshift": precShift,
	"pair": precPair, "seq": precPair, "at": precAt,
}

// sqlWords end an expression inside a SQL query: they introduce clauses
// or belong to the surrounding construct.
var sqlWords = map[string]bool{
	"from": true, "where": true, "group": true, "context": true, "pivot": true,
	"cgroup": true, "order": true, "by": true, "having": true, "limit": true,
	"as": true, "asc": true, "desc": true, "nulls": true, "on": true, "join": true,
	"inner": true, "left": true, "right": true, "full": true, "cross": true,
	"outer": true, "semi": true, "asof": true, "map": true, "csort": true,
	"union": true, "when": true, "then": true, "end": true, "set": true,
	"values": true, "into": true, "partitioned": true, "over": true,
	"select": true, "exec": true,
}

// isSQLWord reports whether t is a word that ends an expression in SQL.
func (p *parser) isSQLWord(t *tok) bool {
	if len(p.text(t)) > 11 {
		return false
	}
	return sqlWords[p.lower(t)]
}
