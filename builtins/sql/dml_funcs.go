// This file holds the functional forms of DML (update!, tableInsert,
// unionAll, erase! of table rows) and the argument readers they share with the join and
// metaprogramming functions.

package sql

import (
	"fmt"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// fnUpdateBang is update!(table, colNames, newValues, [filter]); newValues
// and filter are metacode evaluated with the table's columns.
func fnUpdateBang(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	t, ok := a[0].(*value.Table)
	if !ok {
		return nil, fmt.Errorf("update!: the first argument must be a table")
	}
	names := stringList(a[1])
	exprs, err := codeList(a[2])
	if err != nil {
		exprs = nil // plain values, not metacode
	}
	if exprs != nil && len(names) != len(exprs) {
		return nil, fmt.Errorf("update!: colNames and newValues must have the same length")
	}
	f := newFrame(t, "")
	if len(a) > 3 && a[3] != nil {
		conds, err := codeList(a[3])
		if err != nil {
			return nil, err
		}
		if f, err = applyWhere(ev, f, conds); err != nil {
			return nil, err
		}
	}
	for i, name := range names {
		var v value.Value
		if exprs != nil {
			if v, err = ev.EvalIn(exprs[i], f.lookup); err != nil {
				return nil, err
			}
		} else if len(names) == 1 {
			v = a[2]
		} else if tup, ok := a[2].(*value.Vector); ok && tup.Type() == value.ANY && i < tup.Len() {
			v = tup.Elems()[i]
		} else {
			return nil, fmt.Errorf("update!: newValues must be metacode or one value per column")
		}
		col, err := column(v, f.rows(), name)
		if err != nil {
			return nil, err
		}
		if err := assignColumn(t, name, col, f); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func fnTableInsert(_ value.Env, a []value.Value) (value.Value, error) {
	t, ok := a[0].(*value.Table)
	if !ok {
		return nil, fmt.Errorf("tableInsert: the first argument must be a table")
	}
	before := t.Rows()
	if len(a) == 2 {
		if src, ok := a[1].(*value.Table); ok {
			if err := builtins.AppendRows(t, src); err != nil {
				return nil, err
			}
			return value.Int(int32(src.Rows())), nil
		}
		if tup, ok := a[1].(*value.Vector); ok && tup.Type() == value.ANY {
			a = append(a[:1:1], tup.Elems()...)
		}
	}
	if err := insertValues(t, nil, a[1:]); err != nil {
		return nil, err
	}
	return value.Int(int32(t.Rows() - before)), nil
}

func fnUnionAll(_ value.Env, a []value.Value) (value.Value, error) {
	var list []*value.Table
	add := func(v value.Value) error {
		switch x := v.(type) {
		case *value.Table:
			list = append(list, x)
		case *value.Vector:
			for _, e := range x.Elems() {
				t, ok := e.(*value.Table)
				if !ok {
					return fmt.Errorf("unionAll: every element must be a table")
				}
				list = append(list, t)
			}
		case nil:
		default:
			return fmt.Errorf("unionAll: the arguments must be tables")
		}
		return nil
	}
	if err := add(a[0]); err != nil {
		return nil, err
	}
	if len(a) > 1 {
		if _, isBool := a[1].(value.Bool); !isBool {
			if err := add(a[1]); err != nil {
				return nil, err
			}
		}
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("unionAll: no table")
	}
	out := list[0].Clone()
	for _, t := range list[1:] {
		if err := out.AppendTable(t); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// stringList reads a STRING/SYMBOL scalar or vector.
func stringList(v value.Value) []string {
	switch x := v.(type) {
	case *value.Vector:
		out := make([]string, x.Len())
		for i := range out {
			out[i] = x.Get(i).String()
		}
		return out
	case nil:
		return nil
	}
	return []string{v.String()}
}

// codeList reads metacode or a tuple of metacode as expressions.
func codeList(v value.Value) ([]ast.Expr, error) {
	switch x := v.(type) {
	case codeValue:
		e, ok := x.SQLNode().(ast.Expr)
		if !ok {
			return nil, fmt.Errorf("expected metacode of an expression")
		}
		if arr, ok := e.(*ast.ArrayLit); ok {
			return arr.Elems, nil
		}
		return []ast.Expr{e}, nil
	case *value.Vector:
		if x.Type() == value.ANY {
			var out []ast.Expr
			for _, el := range x.Elems() {
				es, err := codeList(el)
				if err != nil {
					return nil, err
				}
				out = append(out, es...)
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("expected metacode, not %s", value.TypeStr(v))
}

// eraseBang is erase!(obj, key|filter): for a table and a metacode filter
// it deletes the rows the filter selects, as delete from obj where filter
// does; anything else goes to prev, the built-in erase!.
func eraseBang(prev value.Function) builtins.Impl {
	return func(env value.Env, a []value.Value) (value.Value, error) {
		t, isTable := a[0].(*value.Table)
		_, isCode := a[1].(codeValue)
		if !isTable || !isCode {
			if prev == nil {
				return nil, fmt.Errorf("erase!: the filter must be metacode")
			}
			return prev.Call(env, a)
		}
		ev, err := evaluator(env)
		if err != nil {
			return nil, err
		}
		conds, err := codeList(a[1])
		if err != nil {
			return nil, err
		}
		return t, deleteWhere(ev, t, "", conds)
	}
}
