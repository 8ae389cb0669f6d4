// This file walks SQL clauses. Names inside them may be columns, so an
// unknown name is not an error there; names that are variables of an
// enclosing function are still captured, so the SQL engine can find them
// at run time through Env.Var.

package resolve

import "github.com/porpoisedb/porpoise/lang/ast"

func (r *resolver) sqlNode(e ast.Expr) {
	r.sql++
	defer func() { r.sql-- }()
	switch e := e.(type) {
	case *ast.CaseExpr:
		r.expr(e.X)
		r.exprs(e.Whens)
		r.exprs(e.Thens)
		r.expr(e.Else)
	case *ast.BetweenExpr:
		r.expr(e.X)
		r.expr(e.Lo)
		r.expr(e.Hi)
	case *ast.IsNullExpr:
		r.expr(e.X)
	case *ast.ExistsExpr:
		r.sqlNode(e.Query)
	case *ast.JoinExpr:
		r.expr(e.Left)
		r.expr(e.Right)
		r.expr(e.On)
	case *ast.AliasedExpr:
		r.expr(e.X)
	case *ast.WindowExpr:
		r.expr(e.Call)
		r.exprs(e.Partition)
		r.orders(e.OrderBy)
		if e.Frame != nil {
			r.expr(e.Frame.Lo.Offset)
			r.expr(e.Frame.Hi.Offset)
		}
	case *ast.SelectExpr:
		if e == nil {
			return
		}
		for _, c := range e.With {
			r.sqlNode(c.Query)
		}
		r.expr(e.Top)
		r.items(e.Items)
		r.expr(e.From)
		r.exprs(e.Where)
		r.items(e.GroupBy)
		r.items(e.CGroupWithin)
		r.orders(e.Csort)
		r.expr(e.Having)
		r.orders(e.OrderBy)
		r.expr(e.Limit)
		r.expr(e.Offset)
		if e.Union != nil {
			r.sqlNode(e.Union)
		}
	}
}

func (r *resolver) items(list []*ast.SelectItem) {
	for _, it := range list {
		if id, ok := it.Expr.(*ast.Ident); ok && id.Name == "*" {
			continue
		}
		r.expr(it.Expr)
	}
}

func (r *resolver) orders(list []*ast.OrderItem) {
	for _, o := range list {
		r.expr(o.Expr)
	}
}

func (r *resolver) sqlStmt(s ast.Stmt) {
	r.sql++
	defer func() { r.sql-- }()
	switch s := s.(type) {
	case *ast.UpdateStmt:
		r.expr(s.Table)
		for _, c := range s.Sets {
			r.expr(c.Value)
		}
		r.expr(s.From)
		r.exprs(s.Where)
		r.items(s.ContextBy)
		r.orders(s.Csort)
		r.expr(s.Having)
	case *ast.DeleteStmt:
		r.expr(s.Table)
		r.expr(s.From)
		r.exprs(s.Where)
	case *ast.InsertStmt:
		r.expr(s.Table)
		for _, row := range s.Rows {
			r.exprs(row)
		}
		if s.Query != nil {
			r.sqlNode(s.Query)
		}
	case *ast.CreateTableStmt:
		r.expr(s.DB)
		r.expr(s.Name)
		r.exprs(s.PartitionBy)
		r.args(s.Options)
		if s.Query != nil {
			r.sqlNode(s.Query)
		}
	case *ast.CreateDatabaseStmt:
		r.expr(s.Path)
		for _, c := range s.PartitionBy {
			r.expr(c)
		}
		r.args(s.Options)
	case *ast.AlterStmt:
		r.expr(s.Table)
	case *ast.DropStmt:
		r.expr(s.Name)
	}
}
