// This file defines repartitionDS: data sources of a query over a new
// partitioning of its rows (ranges or values of a column, or the column's
// own partitions of a COMPO table), or one per query of a tuple.
//
// Source: https://docs.dolphindb.cn/en/Functions/r/repartitionDS.html,
// the tutorial https://docs.dolphindb.cn/en/Tutorials/general_computing.html.

package sql

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// The partition types' values as scripts see them (the constants VALUE
// and RANGE; builtins/sql does not import dfs).
const (
	partValue = 1
	partRange = 2
)

func init() {
	declare(&builtins.Func{Name: "repartitionDS", Params: []string{"query", "[column]", "[partitionType]", "[partitionScheme]", "[local]"}, Kind: builtins.System, Doc: "Data sources of a query over a new partitioning of its rows.", Impl: fnRepartitionDS})
}

// partitionGrouper is a DFS table whose partitions group by one level's
// key (dfs.Table).
type partitionGrouper interface {
	dfsPartitioned
	PartitionGroups(col string, condCols, condOps []string, condVals [][]value.Value) ([]string, func(i int, cols []string, shared bool) (*value.Table, error), error)
}

func fnRepartitionDS(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	if _, err := optBool("repartitionDS", "local", a, 4, true); err != nil {
		return nil, err
	}
	if x, ok := a[0].(*value.Vector); ok && x.Type() == value.ANY {
		if given(a, 1) || given(a, 2) || given(a, 3) {
			return nil, fmt.Errorf("repartitionDS: when query is a tuple of metacode, column, partitionType and partitionScheme must not be specified")
		}
		out := make([]value.Value, x.Len())
		for i := range out {
			q, text, err := dsQuery(x.Get(i))
			if err != nil {
				return nil, fmt.Errorf("repartitionDS: each element of query must be metacode of a SQL query")
			}
			out[i] = &dataSource{q: q, text: text}
		}
		return value.NewTuple(out), nil
	}
	q, text, err := dsQuery(a[0])
	if err != nil {
		return nil, fmt.Errorf("repartitionDS: the argument query must be metacode of a SQL query or a tuple of them")
	}
	if !given(a, 1) {
		return nil, fmt.Errorf("repartitionDS: the argument column must be specified when query is metacode")
	}
	var col string
	switch x := a[1].(type) {
	case value.String:
		col = string(x)
	case value.Symbol:
		col = string(x)
	default:
		return nil, fmt.Errorf("repartitionDS: the argument column must be a column name (a string scalar)")
	}
	if !given(a, 2) && !given(a, 3) {
		return ownPartitions(ev, q, text, col)
	}
	if !given(a, 2) || !given(a, 3) {
		return nil, fmt.Errorf("repartitionDS: partitionType and partitionScheme must be given together")
	}
	pt, ok := value.ToInt64(a[2])
	scheme, isVec := a[3].(*value.Vector)
	if !ok || a[2].Form() != value.SCALAR || !isVec {
		return nil, fmt.Errorf("repartitionDS: partitionType must be VALUE or RANGE and partitionScheme a vector")
	}
	colExpr := &ast.Ident{Name: col}
	var out []value.Value
	switch pt {
	case partRange:
		if scheme.Len() < 2 {
			return nil, fmt.Errorf("repartitionDS: a RANGE partitionScheme needs at least two boundaries")
		}
		for i := 0; i+1 < scheme.Len(); i++ {
			lo := &ast.BinaryExpr{X: colExpr, Op: ">=", Y: valueExpr(ev, scheme.Get(i))}
			hi := &ast.BinaryExpr{X: colExpr, Op: "<", Y: valueExpr(ev, scheme.Get(i+1))}
			out = append(out, narrowed(q, text, lo, hi))
		}
	case partValue:
		for i := range scheme.Len() {
			eq := &ast.BinaryExpr{X: colExpr, Op: "==", Y: valueExpr(ev, scheme.Get(i))}
			out = append(out, narrowed(q, text, eq))
		}
	default:
		return nil, fmt.Errorf("repartitionDS: partitionType must be VALUE or RANGE")
	}
	return value.NewTuple(out), nil
}

// narrowed is the data source of q with conds added to its where clause:
// run as a query, the DFS table prunes its partitions by them.
func narrowed(q *ast.SelectExpr, text string, conds ...ast.Expr) *dataSource {
	n := *q
	n.Where = append(append([]ast.Expr{}, q.Where...), conds...)
	parts := make([]string, len(conds))
	for i, c := range conds {
		parts[i] = ast.Print(c)
	}
	sep := " where "
	if len(q.Where) > 0 {
		sep = ","
	}
	// The condition goes before any group/order clause in the text.
	head, tail := splitAtClause(text)
	return &dataSource{q: &n, text: head + sep + strings.Join(parts, ",") + tail}
}

// splitAtClause splits a query's text before its group/context/pivot/
// order by, limit or having clause, where added conditions belong.
func splitAtClause(text string) (head, tail string) {
	cut := len(text)
	for _, kw := range []string{" group by ", " context by ", " pivot by ", " cgroup by ", " order by ", " having ", " limit "} {
		if i := strings.Index(text, kw); i >= 0 && i < cut {
			cut = i
		}
	}
	return text[:cut], text[cut:]
}

// ownPartitions is repartitionDS(query, column) on a DFS table: one data
// source per partition of column's level, each holding the partitions
// with that key at every other level.
func ownPartitions(ev Evaluator, q *ast.SelectExpr, text, col string) (value.Value, error) {
	v, qual, ok, err := fromValue(ev, q)
	if err != nil {
		return nil, err
	}
	d, isDFS := v.(partitionGrouper)
	if !ok || !isDFS {
		return nil, fmt.Errorf("repartitionDS: without partitionType and partitionScheme the query must be on a partitioned table")
	}
	names := d.ColumnNames()
	pcols, ptypes := d.PartitionColumnNames(), d.PartitionColumnTypes()
	cc, ops, vals := pruneConds(ev, q.Where, pcols, ptypes, names)
	labels, read, err := d.PartitionGroups(col, cc, ops, vals)
	if err != nil {
		return nil, err
	}
	out := make([]value.Value, len(labels))
	for i, l := range labels {
		view := &partitionView{path: l, names: names, pcols: pcols, ptypes: ptypes, workers: d.LocalExecutors(),
			read: func(cols []string, shared bool) (*value.Table, error) { return read(i, cols, shared) }}
		out[i] = &dataSource{q: q, qual: qual, text: text, part: view}
	}
	return value.NewTuple(out), nil
}
