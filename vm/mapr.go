// This file runs the mapr statement: it attaches a map-reduce definition
// to a user-defined aggregate function, which the SQL engine then uses for
// distributed group by and for cgroup by
// (https://docs.dolphindb.cn/en/Programming/ProgrammingStatements/mapr.html).
//
// The definition lives on the function value, so it is seen wherever the
// function is: in the session that ran the statement, and in every session
// of the node when the function and its mapr come from a boot script (whose
// functions are system functions, see Options.System).

package vm

import (
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// MapReduce implements value.MapReducer: the function's mapr definition,
// nil when none was declared.
func (c *Closure) MapReduce() *value.MapReduce { return c.mapr.Load() }

// defineMapr registers the mapr statement node; vals are the values MAPR
// popped, in the order fcomp.mapr pushed them.
func (t *Thread) defineMapr(node ast.Node, vals []value.Value) error {
	s := node.(*ast.MaprStmt)
	next := 0
	fn := func() value.Value { v := vals[next]; next++; return v }
	udaf, ok := fn().(*Closure)
	if !ok || !udaf.fn.Aggregate {
		return errorf("The function [%s] of a mapr statement must be a user-defined aggregate function (defg).", s.Name.Name)
	}
	if udaf.sess != t.sess {
		// A system function is the node's: a session's mapr would change
		// it for every session.
		return errorf("The function [%s] is a system function; its mapr statement can only be in the script that defines it.", s.Name.Name)
	}
	if len(s.Params) != len(udaf.fn.Params) {
		return errorf("The mapr statement of [%s] declares %d parameters but the function has %d.", s.Name.Name, len(s.Params), len(udaf.fn.Params))
	}
	def := &value.MapReduce{Name: s.Name.Name, Params: make([]string, len(s.Params))}
	for i, p := range s.Params {
		def.Params[i] = p.Name
	}
	function := func(what string, id *ast.Ident, args int) (value.Function, error) {
		f, ok := fn().(value.Function)
		if !ok {
			return nil, errorf("The %s [%s] of the mapr statement of [%s] is not a function.", what, id.Name, s.Name.Name)
		}
		// A user function's arity is known now; a built-in checks its
		// arguments when called.
		if c, ok := f.(*Closure); ok {
			required := 0
			for _, p := range c.fn.Params {
				if p.Default < 0 {
					required++
				}
			}
			if args < required || args > len(c.fn.Params) {
				return nil, errorf("The %s [%s] of the mapr statement of [%s] takes %d arguments but is given %d.", what, id.Name, s.Name.Name, len(c.fn.Params), args)
			}
		}
		return f, nil
	}
	def.Maps = make([]value.MapCall, len(s.Maps))
	for i, m := range s.Maps {
		f, err := function("map function", m.Fun.(*ast.Ident), len(m.Args))
		if err != nil {
			return err
		}
		def.Maps[i].Fn = f
	}
	var err error
	if def.Reduce, err = function("reduce function", s.Reduce, len(s.Maps)); err != nil {
		return err
	}
	if s.Cums != nil {
		def.Cums = make([]value.Function, len(s.Cums))
		for i, c := range s.Cums {
			if def.Cums[i], err = function("cumulative function", c, 1); err != nil {
				return err
			}
		}
		if def.Running, err = function("running reduce function", s.Running, len(s.Cums)); err != nil {
			return err
		}
	}
	for i, m := range s.Maps {
		def.Maps[i].Args = make([]value.MapArg, len(m.Args))
		for j, a := range m.Args {
			arg := value.MapArg{Param: -1}
			if id, ok := a.Value.(*ast.Ident); ok {
				for k, p := range def.Params {
					if p == id.Name {
						arg.Param = k
					}
				}
			} else {
				arg.Const = fn()
			}
			def.Maps[i].Args[j] = arg
		}
	}
	udaf.mapr.Store(def)
	return nil
}
