// This file runs the SQL DDL statements on DFS databases: create database,
// create table in a database (partitioned or dimension), alter table on a
// DFS table and drop table/database. Each becomes a call of the function
// the manual names for it (database, createPartitionedTable, createTable,
// addColumn, dropColumns!, rename!, dropTable, dropDatabase), so that the
// statement and the function check their arguments the same way.

package sql

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/vm/value"
)

// ddlCall evaluates fn(args) where args may name the values of bound by
// identifiers "__ddl<i>" (see ddlArgs).
type ddlCall struct {
	stmt  ast.Stmt // the statement, whose position the call's nodes take
	args  []ast.Arg
	bound map[string]value.Value
}

// val adds a named argument holding the value v.
func (c *ddlCall) val(name string, v value.Value) {
	if c.bound == nil {
		c.bound = map[string]value.Value{}
	}
	id := "__ddl" + strconv.Itoa(len(c.bound))
	c.bound[id] = v
	c.args = append(c.args, ast.Arg{Name: name, Value: &ast.Ident{NamePos: c.stmt.Pos(), Name: id}})
}

// expr adds a named argument written by the user.
func (c *ddlCall) expr(name string, e ast.Expr) {
	c.args = append(c.args, ast.Arg{Name: name, Value: e})
}

func (c *ddlCall) run(ev Evaluator, fn string) (value.Value, error) {
	pos := c.stmt.Pos()
	call := &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: fn}, Lparen: pos, Args: c.args}
	return ev.EvalIn(call, func(name string) (value.Value, bool) {
		v, ok := c.bound[name]
		return v, ok
	})
}

// ddlString evaluates e, which must be a string: a database path or a
// table name. A bare name (create table "dfs://db".pt) is its own text.
func ddlString(ev Evaluator, e ast.Expr, what string) (string, error) {
	switch x := e.(type) {
	case *ast.Literal:
		if x.Kind == ast.LitString {
			return x.Text, nil
		}
	case *ast.Ident:
		if what == "table name" {
			return x.Name, nil
		}
	}
	v, err := ev.EvalIn(e, nil)
	if err != nil {
		return "", err
	}
	if v.Form() != value.SCALAR || v.Type() != value.STRING && v.Type() != value.SYMBOL {
		return "", fmt.Errorf("The %s must be a string", what)
	}
	return v.String(), nil
}

// databaseOptions are the options of create database, as database's
// parameters.
var databaseOptions = []string{"engine", "atomic", "chunkGranularity"}

// runCreateDatabase runs create database path partitioned by
// TYPE(scheme), ... [, engine=...]: database(path, TYPE, scheme, ...) for
// one level, database(path, COMPO, [database("", TYPE, scheme), ...], ...)
// for two or three.
func runCreateDatabase(ev Evaluator, s *ast.CreateDatabaseStmt) error {
	path, err := ddlString(ev, s.Path, "database path")
	if err != nil {
		return err
	}
	if !strings.HasPrefix(path, "dfs://") {
		return fmt.Errorf("The create statement only supports creating DFS databases; the path must start with dfs://")
	}
	if n := len(s.PartitionBy); n == 0 || n > 3 {
		return fmt.Errorf("create database takes one to three partition types, not %d", n)
	}
	for _, p := range s.PartitionBy {
		if len(p.Args) != 1 || p.Args[0].Name != "" || p.Args[0].Value == nil {
			return fmt.Errorf("The partition type %s must be given one partition scheme", ast.Print(p.Fun))
		}
	}
	c := &ddlCall{stmt: s}
	c.val("directory", value.String(path))
	if len(s.PartitionBy) == 1 {
		c.expr("partitionType", s.PartitionBy[0].Fun)
		c.expr("partitionScheme", s.PartitionBy[0].Args[0].Value)
	} else {
		levels := make([]value.Value, len(s.PartitionBy))
		for i, p := range s.PartitionBy {
			lc := &ddlCall{stmt: s}
			lc.val("directory", value.String(""))
			lc.expr("partitionType", p.Fun)
			lc.expr("partitionScheme", p.Args[0].Value)
			if levels[i], err = lc.run(ev, "database"); err != nil {
				return err
			}
		}
		c.expr("partitionType", &ast.Ident{NamePos: s.Pos(), Name: "COMPO"})
		c.val("partitionScheme", value.NewTuple(levels))
	}
	for _, o := range s.Options {
		name, ok := option(o.Name, databaseOptions)
		if !ok {
			return fmt.Errorf("Unrecognized option %s of create database; expected engine, atomic or chunkGranularity", o.Name)
		}
		c.expr(name, o.Value)
	}
	_, err = c.run(ev, "database")
	return err
}

// option returns the spelling of name among opts, compared without case.
func option(name string, opts []string) (string, bool) {
	for _, o := range opts {
		if strings.EqualFold(o, name) {
			return o, true
		}
	}
	return "", false
}

// tableOptions are the options of create table that createPartitionedTable
// and createTable take.
var tableOptions = []string{"sortColumns", "keepDuplicates", "sortKeyMappingFunction", "softDelete"}

// runCreateDFSTable runs create table "dfs://db"."tb" (cols) [partitioned
// by cols] [, options]: createPartitionedTable with partitioned by, else
// createTable (a dimension table), then setColumnComment for the columns
// with a comment.
func runCreateDFSTable(ev Evaluator, s *ast.CreateTableStmt) error {
	if s.Query != nil {
		return fmt.Errorf("create table ... as select is not supported for a DFS table; create the table, then insert into it")
	}
	path, err := ddlString(ev, s.DB, "database path")
	if err != nil {
		return err
	}
	name, err := ddlString(ev, s.Name, "table name")
	if err != nil {
		return err
	}
	names := make([]string, len(s.Cols))
	types := make([]value.Type, len(s.Cols))
	var compress, comments *value.Dict
	for i, col := range s.Cols {
		names[i] = col.Name
		if types[i], err = typeOf(col.Type); err != nil {
			return err
		}
		if col.Compress != "" {
			if compress == nil {
				compress = value.NewDict(value.STRING, value.STRING, false)
			}
			if err := compress.Set(value.String(col.Name), value.String(col.Compress)); err != nil {
				return err
			}
		}
		if col.Comment != "" {
			if comments == nil {
				comments = value.NewDict(value.STRING, value.STRING, false)
			}
			if err := comments.Set(value.String(col.Name), value.String(col.Comment)); err != nil {
				return err
			}
		}
	}
	schema, err := value.NewEmptyTable(names, types, 0)
	if err != nil {
		return err
	}
	db := &ddlCall{stmt: s}
	db.val("directory", value.String(path))
	handle, err := db.run(ev, "database")
	if err != nil {
		return err
	}
	c := &ddlCall{stmt: s}
	c.val("dbHandle", handle)
	c.val("table", schema)
	c.val("tableName", value.String(name))
	fn := "createTable"
	if len(s.PartitionBy) > 0 {
		fn = "createPartitionedTable"
		parts := make([]string, len(s.PartitionBy))
		for i, p := range s.PartitionBy {
			if parts[i], err = partitionColumn(ev, p, names); err != nil {
				return err
			}
		}
		if len(parts) == 1 {
			c.val("partitionColumns", value.String(parts[0]))
		} else {
			c.val("partitionColumns", value.NewStringVector(parts))
		}
	}
	if compress != nil {
		c.val("compressMethods", compress)
	}
	for _, o := range s.Options {
		opt, ok := option(o.Name, tableOptions)
		if !ok {
			return fmt.Errorf("Unrecognized option %s of create table; expected sortColumns, keepDuplicates, sortKeyMappingFunction or softDelete", o.Name)
		}
		c.expr(opt, o.Value)
	}
	t, err := c.run(ev, fn)
	if err != nil || comments == nil {
		return err
	}
	cc := &ddlCall{stmt: s}
	cc.val("table", t)
	cc.val("columnComments", comments)
	_, err = cc.run(ev, "setColumnComment")
	return err
}

// partitionColumn is the name of the partitioning column p names: an
// identifier or a string naming a column of the table (in any case, as the
// manual's partitioned by ID for column id), or a function call such as
// partitionFunc(id), passed on as its text.
func partitionColumn(ev Evaluator, p ast.Expr, cols []string) (string, error) {
	var name string
	switch x := p.(type) {
	case *ast.Ident:
		name = x.Name
	case *ast.CallExpr:
		return ast.Print(x), nil
	default:
		s, err := ddlString(ev, p, "partitioning column")
		if err != nil {
			return "", err
		}
		name = s
	}
	for _, c := range cols {
		if strings.EqualFold(c, name) {
			return c, nil
		}
	}
	return "", fmt.Errorf("The partitioning column %s is not a column of the table", name)
}

// alterByFunction runs alter table on a table that is not an in-memory
// table (a DFS or dimension table): addColumn, dropColumns! or rename!,
// which check what the table's engine allows.
func alterByFunction(ev Evaluator, s *ast.AlterStmt, t value.Value) error {
	c := &ddlCall{stmt: s}
	c.val("", t)
	var fn string
	switch s.Action {
	case "add":
		fn = "addColumn"
		c.val("", value.String(s.Col))
		c.expr("", s.Type)
	case "drop":
		fn = "dropColumns!"
		c.val("", value.String(s.Col))
	case "rename":
		fn = "rename!"
		c.val("", value.String(s.Col))
		c.val("", value.String(s.NewCol))
	default:
		return fmt.Errorf("alter table %s is not supported", s.Action)
	}
	_, err := c.run(ev, fn)
	return err
}

// runDrop runs drop database [if exists] path and drop table [if exists]
// "dfs://db"."tb"; drop table of an in-memory table is dropTable's.
func runDrop(ev Evaluator, s *ast.DropStmt) error {
	if s.What == "table" && s.DB == nil {
		return dropTable(ev, s)
	}
	var path, name string
	var err error
	if s.What == "database" {
		path, err = ddlString(ev, s.Name, "database path")
	} else if path, err = ddlString(ev, s.DB, "database path"); err == nil {
		name, err = ddlString(ev, s.Name, "table name")
	}
	if err != nil {
		return err
	}
	exists := &ddlCall{stmt: s}
	exists.val("", value.String(path))
	fn := "existsDatabase"
	if s.What == "table" {
		exists.val("", value.String(name))
		fn = "existsTable"
	}
	v, err := exists.run(ev, fn)
	if err != nil {
		return err
	}
	found, err := value.Truthy(v)
	if err != nil {
		return err
	}
	if !found {
		if s.IfExists {
			return nil
		}
		if s.What == "table" {
			return fmt.Errorf("The table %s does not exist in the database %s", name, path)
		}
		return fmt.Errorf("The database %s does not exist", path)
	}
	c := &ddlCall{stmt: s}
	c.val("", value.String(path))
	if s.What == "database" {
		_, err = c.run(ev, "dropDatabase")
		return err
	}
	db, err := c.run(ev, "database")
	if err != nil {
		return err
	}
	d := &ddlCall{stmt: s}
	d.val("", db)
	d.val("", value.String(name))
	_, err = d.run(ev, "dropTable")
	return err
}
