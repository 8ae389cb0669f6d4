// This file defines DolphinDB's data sources on a standalone node: sqlDS
// splits a query into one data source per partition it touches, transDS!
// attaches transforms, and mr/imr (dfs_datasource_mr.go) materialise the
// sources and map-reduce over them.
//
// A data source is the query and a view of one partition: materialising it
// runs the query with the view as its from clause, so the query's own
// engine (where, group by, the per-partition plans) runs on that
// partition's rows alone and only the columns the query names are read.
// The partitions are pruned by the where clause once, when sqlDS runs,
// and all the sources of one call read the one snapshot taken then.
//
// Sources: https://docs.dolphindb.cn/en/Functions/s/sqlDS.html,
// https://docs.dolphindb.cn/en/Functions/t/transDS!.html, the tutorial
// https://docs.dolphindb.cn/en/Tutorials/general_computing.html.

package sql

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/builtins"
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

var dataSourceFuncs = []*builtins.Func{
	{Name: "sqlDS", Params: []string{"sqlObj", "[forcePartition]"}, Kind: builtins.System, Doc: "A tuple of data sources, one per partition the query touches.", Impl: fnSQLDS},
	{Name: "transDS!", Params: []string{"ds", "tempFunc"}, Kind: builtins.System, Doc: "Adds a transform to data sources: applied to the data each time they are materialised.", Impl: fnTransDS},
	{Name: "mr", Params: []string{"ds", "mapFunc", "[reduceFunc]", "[finalFunc]", "[parallel]"}, Kind: builtins.System, Doc: "Map-reduce over data sources.", Impl: fnMR},
	{Name: "imr", Params: []string{"ds", "initValue", "mapFunc", "[reduceFunc]", "[finalFunc]", "terminateFunc", "[carryover]"}, Kind: builtins.System, Doc: "Iterative map-reduce over data sources.", Impl: fnIMR},
}

func init() {
	for _, f := range dataSourceFuncs {
		declare(f)
	}
}

// dataSource is a DATASOURCE value: q run on part (nil: the whole query,
// for a from clause that is not a DFS table), then the transforms in
// order, each on the previous one's output.
type dataSource struct {
	q     *ast.SelectExpr
	qual  string // the from clause's name, for qualified columns (pt.x)
	text  string // the query as its metacode shows
	part  *partitionView
	trans []value.Function
}

func (d *dataSource) Type() value.Type { return value.DATASOURCE }
func (d *dataSource) Form() value.Form { return value.SCALAR }

// String is the manual's display: DataSource< select * from trades
// [partition = /stock/20190102/C] >.
func (d *dataSource) String() string {
	if d.part == nil {
		return "DataSource< " + d.text + " >"
	}
	return "DataSource< " + d.text + " [partition = " + d.part.path + "] >"
}

// materialise runs the data source on ev: the query, then the transforms
// (called on tenv, which may be another thread than ev).
func (d *dataSource) materialise(ev Evaluator, tenv value.Env) (value.Value, error) {
	q := *d.q
	if d.part != nil {
		var from ast.Expr = embedValue(d.part)
		if d.qual != "" {
			from = &ast.AliasedExpr{X: from, Alias: d.qual}
		}
		q.From = from
	}
	v, err := runSelect(ev, &q, nil)
	if err != nil {
		return nil, err
	}
	for _, f := range d.trans {
		if v, err = tenv.Call(f, []value.Value{v}); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// partitionView is one partition of a DFS table as a table of its own: a
// query whose from clause it is reads that partition alone (the
// dfsPartitioned methods the engine asks a DFS table for).
type partitionView struct {
	path   string
	names  []string
	pcols  []string
	ptypes []value.Type
	// workers is the table's localExecutors, for mr over several views.
	workers int
	read    func(cols []string, shared bool) (*value.Table, error)
}

func (p *partitionView) Type() value.Type { return value.ANY }
func (p *partitionView) Form() value.Form { return value.TABLE }
func (p *partitionView) String() string   { return "partition " + p.path }

func (p *partitionView) ColumnNames() []string              { return p.names }
func (p *partitionView) PartitionColumnNames() []string     { return p.pcols }
func (p *partitionView) PartitionColumnTypes() []value.Type { return p.ptypes }

// LocalExecutors is 1: the view is one partition, and mr runs several
// views on its own workers.
func (p *partitionView) LocalExecutors() int { return 1 }

// LoadPruned reads the partition: sqlDS chose it by the same conditions,
// and the where clause still filters its rows.
func (p *partitionView) LoadPruned(cols []string, _, _ []string, _ [][]value.Value, shared bool) (*value.Table, error) {
	return p.read(cols, shared)
}

func (p *partitionView) PrunedPartitions(_, _ []string, _ [][]value.Value) (int, func(int, []string, bool) (*value.Table, error), error) {
	return 1, func(_ int, cols []string, shared bool) (*value.Table, error) { return p.read(cols, shared) }, nil
}

// partitionReader is a DFS table that lists its pruned partitions with
// their paths (dfs.Table).
type partitionReader interface {
	dfsPartitioned
	PartitionReaders(condCols, condOps []string, condVals [][]value.Value) ([]string, func(i int, cols []string, shared bool) (*value.Table, error), error)
}

// fnSQLDS is sqlDS(sqlObj, [forcePartition=false]).
func fnSQLDS(env value.Env, a []value.Value) (value.Value, error) {
	ev, err := evaluator(env)
	if err != nil {
		return nil, err
	}
	q, text, err := dsQuery(a[0])
	if err != nil {
		return nil, err
	}
	force := false
	if given(a, 1) {
		b, ok := value.ToInt64(a[1])
		if !ok || a[1].Form() != value.SCALAR {
			return nil, fmt.Errorf("sqlDS: forcePartition must be a boolean scalar")
		}
		force = b != 0
	}
	whole := func() (value.Value, error) {
		return value.NewTuple([]value.Value{&dataSource{q: q, text: text}}), nil
	}
	if q.Union != nil || len(q.With) > 0 {
		return whole()
	}
	v, qual, ok, err := fromValue(ev, q)
	if err != nil {
		return nil, err
	}
	d, isDFS := v.(partitionReader)
	if !ok || !isDFS {
		return whole()
	}
	names := d.ColumnNames()
	pcols, ptypes := d.PartitionColumnNames(), d.PartitionColumnTypes()
	if !force {
		if err := splittable(q, pcols, ptypes); err != nil {
			return nil, err
		}
	}
	cc, ops, vals := pruneConds(ev, q.Where, pcols, ptypes, names)
	paths, read, err := d.PartitionReaders(cc, ops, vals)
	if err != nil {
		return nil, err
	}
	out := make([]value.Value, len(paths))
	for i, p := range paths {
		view := &partitionView{path: p, names: names, pcols: pcols, ptypes: ptypes, workers: d.LocalExecutors(),
			read: func(cols []string, shared bool) (*value.Table, error) { return read(i, cols, shared) }}
		out[i] = &dataSource{q: q, qual: qual, text: text, part: view}
	}
	return value.NewTuple(out), nil
}

// dsQuery is the select query of sqlDS's argument and its text.
func dsQuery(v value.Value) (*ast.SelectExpr, string, error) {
	c, ok := v.(codeValue)
	if ok {
		if q, isSelect := c.SQLNode().(*ast.SelectExpr); isSelect {
			text := strings.TrimSpace(c.String())
			text = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(text, "<"), ">"))
			return q, text, nil
		}
	}
	return nil, "", fmt.Errorf("sqlDS: the argument sqlObj must be metacode of a SQL query")
}

// splittable reports, as DolphinDB does without forcePartition, a query
// that split per partition would not give the query's result: groups
// that span partitions, or an order over all the rows.
func splittable(q *ast.SelectExpr, pcols []string, ptypes []value.Type) error {
	if len(q.OrderBy) > 0 {
		return fmt.Errorf("sqlDS: the query can't be split into sub-queries over partitions because it has an order by clause; set forcePartition=true to split it anyway")
	}
	if q.Group != ast.GroupNone && !pinned(q.GroupBy, pcols, ptypes) && !namesPartitionColumn(q.GroupBy, pcols) {
		return fmt.Errorf("sqlDS: the query can't be split into sub-queries over partitions because its grouping columns are not partitioning columns; set forcePartition=true to split it anyway")
	}
	return nil
}

// namesPartitionColumn reports a grouping key that is a partitioning
// column: DolphinDB splits such a query (the manual's rule), though with
// COMPO partitions a group may still come from several partitions, whose
// per-source results the map-reduce functions then combine.
func namesPartitionColumn(keys []*ast.SelectItem, pcols []string) bool {
	for _, k := range keys {
		id, ok := k.Expr.(*ast.Ident)
		if !ok {
			continue
		}
		for _, c := range pcols {
			if strings.EqualFold(id.Name, c) {
				return true
			}
		}
	}
	return false
}

// fnTransDS is transDS!(ds, tempFunc): ds is a data source or a tuple of
// them, changed in place and returned.
func fnTransDS(_ value.Env, a []value.Value) (value.Value, error) {
	f, ok := a[1].(value.Function)
	if !ok {
		return nil, fmt.Errorf("transDS!: the argument tempFunc must be a function")
	}
	var srcs []*dataSource
	switch x := a[0].(type) {
	case *dataSource:
		srcs = []*dataSource{x}
	case *value.Vector:
		for i := range x.Len() {
			s, ok := x.Get(i).(*dataSource)
			if !ok {
				return nil, fmt.Errorf("transDS!: the argument ds must be a data source or a tuple of data sources")
			}
			srcs = append(srcs, s)
		}
	default:
		return nil, fmt.Errorf("transDS!: the argument ds must be a data source or a tuple of data sources")
	}
	for _, s := range srcs {
		s.trans = append(s.trans, f)
	}
	return a[0], nil
}
