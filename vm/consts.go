// This file materializes a Program's constants once per load, and defines
// the language constants (type names, form names, pi, DFLT ...).

package vm

import (
	"math"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/vm/value"
)

// loaded is a Program with its constants materialized and a cache of the
// built-ins its operators call.
type loaded struct {
	prog   *compile.Program
	consts []value.Value
	ops    []value.Function // by name index: the universe's function of each name, or nil
}

func (s *Session) load(prog *compile.Program) (*loaded, error) {
	lp := &loaded{prog: prog, consts: make([]value.Value, len(prog.Consts)), ops: make([]value.Function, len(prog.Names))}
	// Filled here, not on first use: forked threads (peach, mr, DFS
	// partitions) run one program at once, and a lazily written
	// interface slot would be a data race.
	for i, name := range prog.Names {
		lp.ops[i] = s.universe[name]
	}
	for i, k := range prog.Consts {
		var v value.Value
		var err error
		switch k.Kind {
		case compile.ConstLiteral:
			v, err = s.literal(k.Expr)
		case compile.ConstString:
			v = value.String(k.Str)
		case compile.ConstName:
			v = s.consts[k.Str]
			if v == nil {
				err = errorf("Cannot recognize the token %s", k.Str)
			}
		case compile.ConstCode:
			c := &Code{Node: k.Node}
			if k.Str == "metacode" {
				c.Src = sourceOf(prog, k.Node)
			}
			v = c
		}
		if err != nil {
			e := asEvalError(err, "SYSTEM")
			if k.Expr != nil {
				e.Msg = "Syntax Error: [line #" + itoa(prog.File.Position(k.Expr.Pos()).Line) + "] " + e.Msg
			}
			return nil, e
		}
		lp.consts[i] = v
	}
	return lp, nil
}

// literal builds the value of a constant expression.
func (s *Session) literal(e ast.Expr) (value.Value, error) {
	switch e := e.(type) {
	case *ast.Literal:
		if e.Kind == ast.LitNull {
			return value.NullOf(value.Type(e.Type)), nil
		}
		return value.ParseLiteral(value.Type(e.Type), e.Text)
	case *ast.UnaryExpr:
		l := e.X.(*ast.Literal)
		return value.ParseLiteral(value.Type(l.Type), "-"+l.Text)
	case *ast.VectorLit:
		return s.vectorLit(e.Elems)
	case *ast.ArrayLit:
		return s.vectorLit(e.Elems)
	}
	return nil, errorf("not a constant")
}

func (s *Session) vectorLit(elems []ast.Expr) (value.Value, error) {
	vals := make([]value.Value, len(elems))
	for i, x := range elems {
		v, err := s.literal(x)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	if len(vals) == 0 {
		return value.NewTuple(nil), nil
	}
	return value.MakeVector(vals), nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// defaultConstants are the names DolphinDB script uses as values: type
// names (INT is 4), form names, partition schemes, object kinds for
// defined/undef, isDuplicated's keep modes, and pi, e, DFLT.
func defaultConstants() map[string]value.Value {
	m := map[string]value.Value{
		"pi": value.Double(math.Pi), "e": value.Double(math.E), "DFLT": dflt{},
		"SCALAR": value.Int(0), "VECTOR": value.Int(1), "PAIR": value.Int(2), "MATRIX": value.Int(3),
		"SET": value.Int(4), "DICT": value.Int(5), "TABLE": value.Int(6),
		"SEQ": value.Int(0), "VALUE": value.Int(1), "RANGE": value.Int(2), "LIST": value.Int(3),
		"COMPO": value.Int(4), "HASH": value.Int(5),
		"VAR": value.Int(0), "SHARED": value.Int(1), "DEF": value.Int(2), "GLOBAL": value.Int(3),
		// isDuplicated's keep: which of a run of duplicates is not marked.
		"FIRST": value.Int(0), "LAST": value.Int(1), "NONE": value.Int(2),
		// createPartitionedTable's keepDuplicates: FIRST, LAST or ALL.
		"ALL": value.Int(2),
	}
	// sql(hint=HINT_KEEPORDER) and select [HINT_KEEPORDER]: the same flags.
	for name, flag := range ast.HintFlags {
		m[name] = value.Int(flag)
	}
	for t := 0; t < 64; t++ {
		name := value.Type(t).String()
		if name == "UNKNOWN" {
			continue
		}
		m[name] = value.Int(t)
		m[name+"[]"] = value.Int(t + int(value.ArrayVectorBase))
	}
	return m
}
