// This file defines frame, the relation a query works on, and how FROM
// sources become frames.

package sql

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// frame is named columns plus an optional selection of row indices: the
// rows of the frame are cols[*][sel[i]] (all rows when sel is nil).
type frame struct {
	names []string        // column names as the result will show them
	quals []string        // table name or alias of each column, for a.b
	origs []string        // column names in their source table
	cols  []*value.Vector // base columns
	sel   []int           // selected base rows; nil means all
	all   bool            // sel == nil
	n     int             // base row count
	cache map[int]*value.Vector
	// hidden marks columns a query can name but select * leaves out (the
	// right keys of a join); nil when there are none.
	hidden []bool
}

func newFrame(t *value.Table, qual string) *frame {
	f := &frame{all: true, n: t.Rows()}
	for i, n := range t.Names() {
		f.names = append(f.names, n)
		f.quals = append(f.quals, qual)
		f.origs = append(f.origs, n)
		f.cols = append(f.cols, t.Column(i))
	}
	return f
}

// rows is the number of selected rows.
func (f *frame) rows() int {
	if f.all {
		return f.n
	}
	return len(f.sel)
}

// base returns the base row of selected row i.
func (f *frame) base(i int) int {
	if f.all {
		return i
	}
	return f.sel[i]
}

// withSel returns the frame over the selected base rows sel.
func (f *frame) withSel(sel []int) *frame {
	g := *f
	g.sel, g.all, g.cache = sel, false, nil
	return &g
}

// find returns the column named name ("a.b" for qualified names), or -1.
func (f *frame) find(name string) int {
	if i := strings.IndexByte(name, '.'); i > 0 {
		q, c := name[:i], name[i+1:]
		for j := range f.cols {
			if strings.EqualFold(f.quals[j], q) && strings.EqualFold(f.origs[j], c) {
				return j
			}
		}
		return -1
	}
	for j, n := range f.names {
		if strings.EqualFold(n, name) {
			return j
		}
	}
	return -1
}

// col returns column j restricted to the selection (gathered once).
func (f *frame) col(j int) *value.Vector {
	if f.all {
		return f.cols[j]
	}
	if v, ok := f.cache[j]; ok {
		return v
	}
	v := f.cols[j].Gather(f.sel)
	if f.cache == nil {
		f.cache = map[int]*value.Vector{}
	}
	f.cache[j] = v
	return v
}

// lookup binds column names for Evaluator.EvalIn.
func (f *frame) lookup(name string) (value.Value, bool) {
	if j := f.find(name); j >= 0 {
		return f.col(j), true
	}
	return nil, false
}

// table materialises the selected rows as a table.
func (f *frame) table() (*value.Table, error) {
	cols := make([]value.Value, len(f.cols))
	for j := range f.cols {
		cols[j] = f.col(j)
	}
	return value.NewTable(uniqueNames(f.names), cols)
}

// sourceFrame evaluates a FROM clause.
func sourceFrame(ev Evaluator, from ast.Expr) (*frame, error) {
	switch x := from.(type) {
	case nil:
		return &frame{all: true, n: 1}, nil
	case *ast.ParenExpr:
		return sourceFrame(ev, x.X)
	case *ast.AliasedExpr:
		f, err := sourceFrame(ev, x.X)
		if err != nil {
			return nil, err
		}
		for j := range f.quals {
			f.quals[j] = x.Alias
		}
		return f, nil
	case *ast.JoinExpr:
		return joinFrame(ev, x)
	case *ast.CallExpr:
		if isJoinCall(x) {
			return joinCallFrame(ev, x)
		}
	case *ast.Ident:
		if t, ok := boundTables.Load(x.Name); ok {
			return newFrame(t.(*value.Table), ""), nil
		}
	case *ast.SelectExpr:
		v, err := runSelect(ev, x, nil)
		if err != nil {
			return nil, err
		}
		t, ok := v.(*value.Table)
		if !ok {
			return nil, fmt.Errorf("A nested query in from must return a table")
		}
		return newFrame(t, ""), nil
	}
	v, err := ev.EvalIn(from, nil)
	if err != nil {
		return nil, err
	}
	t, ok := v.(*value.Table)
	if !ok {
		return nil, fmt.Errorf("The from clause must be a table, not %s", value.TypeStr(v))
	}
	return newFrame(t, sourceName(from)), nil
}

// sourceName is the name a FROM source is known by: its variable name.
func sourceName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.AliasedExpr:
		return x.Alias
	case *ast.ParenExpr:
		return sourceName(x.X)
	}
	return ""
}

// uniqueNames suffixes repeated names with _1, _2 ...
func uniqueNames(names []string) []string {
	seen := map[string]int{}
	out := make([]string, len(names))
	for i, n := range names {
		k := strings.ToLower(n)
		if c, ok := seen[k]; ok {
			for {
				c++
				cand := fmt.Sprintf("%s_%d", n, c)
				if _, dup := seen[strings.ToLower(cand)]; !dup {
					seen[k] = c
					n = cand
					break
				}
			}
		}
		seen[strings.ToLower(n)] = 0
		out[i] = n
	}
	return out
}
