// Package sql is the SQL engine: it runs select/exec, update, delete,
// insert, create/alter on in-memory tables, the join functions, and the
// metaprogramming functions (sql, sqlCol, sqlColAlias ...). The VM hands it
// every SQL node through the universe function "__sql"; expressions inside
// clauses are evaluated by the VM through the Evaluator interface, with
// table columns bound as variables, so every built-in works in a query.
//
// A query works on a frame: columns plus an optional selection of row
// indices. where narrows the selection, never copies; group by computes a
// slot id per row and runs typed accumulators as partials over morsels that
// are then merged; everything else (context by, pivot by, order by, joins)
// gathers rows by index.
//
// This file defines the entry points and the interfaces the engine needs
// from the VM.
package sql

import (
	"fmt"
	"sync"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// Evaluator is what the engine needs from the thread that calls it; the
// VM's Thread implements it (vm/sql_eval.go).
type Evaluator interface {
	value.Env
	// EvalIn evaluates e with the names cols knows bound to its values,
	// then the caller's variables; "a.b" is asked for a qualified name.
	EvalIn(e ast.Expr, cols func(name string) (value.Value, bool)) (value.Value, error)
	// LookupFunc finds a user function or built-in.
	LookupFunc(name string) (value.Function, bool)
	// NewCode makes a CODE value (metacode) of a node.
	NewCode(node ast.Node, src string) value.Value
}

// varSetter is implemented by evaluators that can assign session
// variables (create table).
type varSetter interface {
	SetVar(name string, v value.Value)
}

// codeValue is a CODE value holding a node (vm.Code).
type codeValue interface {
	value.Value
	SQLNode() ast.Node
}

// Hook is the universe name the VM calls with each SQL node.
const Hook = "__sql"

// funcs are the SQL engine's functions; the metaprogramming ones are
// declared in meta_funcs.go and added by its init.
var funcs = []*builtins.Func{
	{Name: Hook, Params: []string{"code"}, Kind: builtins.System, Doc: "Runs a SQL node (the VM's SQL hook).", Impl: runHook},
	{Name: "ej", Params: []string{"leftTable", "rightTable", "matchingCols", "[rightMatchingCols]", "[leftFilter]", "[rightFilter]"}, Kind: builtins.System, Doc: "Equi join.", Impl: joinImpl(joinInner, false), Named: joinNamed(joinInner, false)},
	{Name: "sej", Params: []string{"leftTable", "rightTable", "matchingCols", "[rightMatchingCols]", "[leftFilter]", "[rightFilter]"}, Kind: builtins.System, Doc: "Equi join sorted by the matching columns.", Impl: joinImpl(joinInner, true), Named: joinNamed(joinInner, true)},
	{Name: "lj", Params: []string{"leftTable", "rightTable", "matchingCols", "[rightMatchingCols]", "[leftFilter]", "[rightFilter]"}, Kind: builtins.System, Doc: "Left join.", Impl: joinImpl(joinLeft, false), Named: joinNamed(joinLeft, false)},
	{Name: "lsj", Params: []string{"leftTable", "rightTable", "matchingCols", "[rightMatchingCols]", "[leftFilter]", "[rightFilter]"}, Kind: builtins.System, Doc: "Left semi join: the first matching right row.", Impl: joinImpl(joinLeftSemi, false), Named: joinNamed(joinLeftSemi, false)},
	{Name: "fj", Params: []string{"leftTable", "rightTable", "matchingCols", "[rightMatchingCols]", "[leftFilter]", "[rightFilter]"}, Kind: builtins.System, Doc: "Full join.", Impl: joinImpl(joinFull, false), Named: joinNamed(joinFull, false)},
	{Name: "aj", Params: []string{"leftTable", "rightTable", "matchingCols", "[rightMatchingCols]"}, Kind: builtins.System, Doc: "Asof join.", Impl: ajImpl, Named: ajNamed},
	{Name: "wj", Params: []string{"leftTable", "rightTable", "window", "aggs", "matchingCols", "[rightMatchingCols]"}, Kind: builtins.System, Doc: "Window join.", Impl: wjImpl(false)},
	{Name: "pwj", Params: []string{"leftTable", "rightTable", "window", "aggs", "matchingCols", "[rightMatchingCols]"}, Kind: builtins.System, Doc: "Prevailing window join.", Impl: wjImpl(true)},
	{Name: "cj", Params: []string{"leftTable", "rightTable"}, Kind: builtins.System, Doc: "Cross join.", Impl: cjImpl, Named: cjNamed},
	{Name: "unionAll", Params: []string{"tableA", "[tableB]", "[byColName]"}, Kind: builtins.System, Doc: "Appends tables by column position.", Impl: fnUnionAll},
	{Name: "update!", Params: []string{"table", "colNames", "newValues", "[filter]"}, Kind: builtins.System, Doc: "Updates or adds columns in place.", Impl: fnUpdateBang},
	{Name: "tableInsert", Params: []string{"table", "args..."}, Kind: builtins.System, Doc: "Appends rows; returns the number inserted.", Impl: fnTableInsert},
}

// override is a function the engine extends rather than owns: make builds
// it from the universe's function of that name (nil if there is none),
// which it calls for the arguments it does not handle itself.
type override struct {
	name   string
	params []string
	doc    string
	make   func(prev value.Function) builtins.Impl
}

// overrides: erase!(table, <filter>) needs the engine's where clause; the
// set, dictionary and boolean-filter cases stay the built-in's.
var overrides = []override{
	{name: "erase!", params: []string{"obj", "key|filter"}, doc: "Removes keys from a set or dictionary, or the rows of a table a filter (metacode) selects.", make: eraseBang},
}

func (o override) fn(prev value.Function) *builtins.Func {
	return &builtins.Func{Name: o.name, Params: o.params, Kind: builtins.System, Doc: o.doc, Impl: o.make(prev)}
}

// Register adds the engine's functions to r, skipping names r already
// has (another family may own tableInsert or cj; r's own erase! is kept,
// as a registry can't replace a function: AddTo extends it).
func Register(r *builtins.Registry) {
	for _, f := range funcs {
		if _, ok := r.Lookup(f.Name); !ok {
			r.Register(f)
		}
	}
	for _, o := range overrides {
		if _, ok := r.Lookup(o.name); !ok {
			r.Register(o.fn(nil))
		}
	}
}

// AddTo adds the engine's functions to a universe (the map of
// builtins.Universe()), keeping the functions it already has (another
// family may own cj, tableInsert or unionAll), and extends the overrides
// (erase!) with the cases that need the engine. cmd/dolphindb calls it on
// the universe it hands to vm.NewSession.
func AddTo(u map[string]value.Function) {
	r := own()
	for _, f := range funcs {
		if _, ok := u[f.Name]; !ok {
			b, _ := r.Lookup(f.Name)
			u[f.Name] = b
		}
	}
	for _, o := range overrides {
		if b, ok := u[o.name].(*builtins.Builtin); ok && b.Decl.Doc == o.doc {
			continue // already extended (AddTo called twice on u)
		}
		one := builtins.NewRegistry()
		one.Register(o.fn(u[o.name]))
		u[o.name], _ = one.Lookup(o.name)
	}
}

// own is a registry of the engine's functions alone, built once.
var own = sync.OnceValue(func() *builtins.Registry {
	r := builtins.NewRegistry()
	r.Register(funcs...)
	return r
})

func evaluator(env value.Env) (Evaluator, error) {
	ev, ok := env.(Evaluator)
	if !ok {
		return nil, fmt.Errorf("SQL needs the VM's evaluator")
	}
	return ev, nil
}

// runHook runs one SQL node.
func runHook(env value.Env, args []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	c, ok := args[0].(codeValue)
	if !ok {
		return nil, fmt.Errorf("__sql: the argument must be metacode")
	}
	return Exec(ev, c.SQLNode())
}

// Exec runs a SQL node: a query, or update/delete/insert/create/alter.
func Exec(ev Evaluator, n ast.Node) (value.Value, error) {
	switch n := n.(type) {
	case *ast.SelectExpr:
		return runSelect(ev, n, nil)
	case *ast.UpdateStmt:
		if ok, err := dfsDML(ev, n); ok {
			return nil, err
		}
		return nil, runUpdate(ev, n)
	case *ast.DeleteStmt:
		if ok, err := dfsDML(ev, n); ok {
			return nil, err
		}
		return nil, runDelete(ev, n)
	case *ast.InsertStmt:
		return nil, runInsert(ev, n)
	case *ast.CreateTableStmt:
		return nil, runCreate(ev, n)
	case *ast.CreateDatabaseStmt:
		return nil, runCreateDatabase(ev, n)
	case *ast.AlterStmt:
		return nil, runAlter(ev, n)
	case *ast.DropStmt:
		return nil, runDrop(ev, n)
	case *ast.ParenExpr:
		return Exec(ev, n.X)
	case ast.Expr:
		return ev.EvalIn(n, nil)
	}
	return nil, fmt.Errorf("This SQL statement is not supported on in-memory tables")
}

// dropTable runs drop table [if exists] t on an in-memory table: the
// session variable named by t (a string or a name) is undefined.
func dropTable(ev Evaluator, n *ast.DropStmt) error {
	name := ""
	switch x := n.Name.(type) {
	case *ast.Ident:
		name = x.Name
	default:
		v, err := ev.EvalIn(n.Name, nil)
		if err != nil {
			return err
		}
		if v.Type() != value.STRING && v.Type() != value.SYMBOL || v.Form() != value.SCALAR {
			return fmt.Errorf("drop table: the table name must be a string")
		}
		name = v.String()
	}
	v, ok := ev.Var(name)
	if !ok || v == nil {
		if n.IfExists {
			return nil
		}
		return fmt.Errorf("The table %s does not exist", name)
	}
	if _, isTable := v.(*value.Table); !isTable {
		return fmt.Errorf("%s is not a table", name)
	}
	undef, ok := ev.LookupFunc("undef")
	if !ok {
		return fmt.Errorf("drop table needs the function undef")
	}
	_, err := ev.Call(undef, []value.Value{value.String(name)})
	return err
}
