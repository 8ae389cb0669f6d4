// This file defines the parsing of the SQL DDL statements: create table,
// create database, alter table and drop table/database.

package parser

import (
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// parseCreate parses create table / create database.
//
//	create = "create" "table" tableName "(" colDef {"," colDef} ")" [partitioned by parts] {"," option}
//	       | "create" "table" tableName "as" query
//	       | "create" "database" expr "partitioned" "by" call {"," call} {"," option}
//	colDef = name type ["comment" string]
//	option = ident "=" expr
func (p *parser) parseCreate() ast.Stmt {
	pos := p.pos()
	p.next()
	p.sql++
	defer func() { p.sql-- }()
	if p.word("database") {
		p.next()
		c := &ast.CreateDatabaseStmt{Create: pos, Path: p.parsePostfix(p.parsePrimary())}
		if !p.clause2("partitioned", "by") {
			p.errorAt(p.tok, "partitioned by expected in the create database statement")
		}
		p.next()
		p.next()
		parts, opts := p.parsePartitions(true)
		for _, x := range parts {
			call, ok := x.(*ast.CallExpr)
			if !ok {
				p.errorAt(p.tok, "A partition scheme such as VALUE(...) expected")
			}
			c.PartitionBy = append(c.PartitionBy, call)
		}
		c.Options = opts
		return c
	}
	p.next() // table
	c := &ast.CreateTableStmt{Create: pos}
	c.DB, c.Name = p.parseTableName()
	if p.word("as") {
		p.next()
		q, ok := p.parseSelect().(*ast.SelectExpr)
		if !ok {
			p.unexpected()
		}
		c.Query = q
		return c
	}
	p.expect(token.LPAREN, "to start the column definitions")
	p.nest++
	for {
		c.Cols = append(c.Cols, p.parseColumnDef())
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	p.nest--
	p.expect(token.RPAREN, "to close the column definitions")
	if p.clause2("partitioned", "by") {
		p.next()
		p.next()
		c.PartitionBy, c.Options = p.parsePartitions(true)
	} else if p.tok.kind == token.COMMA && !p.tok.nl {
		p.next()
		_, c.Options = p.parsePartitions(false)
	} else if c.DB != nil && p.tok.kind == token.IDENT && p.peek(1).kind == token.ASSIGN && tableOption[p.lower(p.tok)] {
		// A dimension table's options follow the columns directly, on the
		// next line in the manual's example; only the option names are
		// taken so that an assignment after the statement stays one.
		_, c.Options = p.parsePartitions(false)
	}
	return c
}

// tableOption holds the lower-cased options of create table in a database.
var tableOption = map[string]bool{"sortcolumns": true, "keepduplicates": true, "sortkeymappingfunction": true, "softdelete": true}

// parseTableName parses "dfs://db"."tb", db.tb or a single name.
func (p *parser) parseTableName() (db, name ast.Expr) {
	name = p.parseNamePart()
	if p.tok.kind == token.DOT && !p.tok.sp {
		p.next()
		return name, p.parseNamePart()
	}
	return nil, name
}

func (p *parser) parseNamePart() ast.Expr {
	t := p.tok
	switch t.kind {
	case token.STRING, token.BACKTICK:
		p.next()
		return p.literal(t)
	case token.QIDENT:
		return p.parsePrimary()
	}
	return p.ident("a table name")
}

// parseColumnDef parses one column of create table.
func (p *parser) parseColumnDef() *ast.ColumnDef {
	d := &ast.ColumnDef{}
	switch t := p.tok; t.kind {
	case token.STRING:
		d.Name = unquote(p.text(t))
		p.next()
	case token.QIDENT:
		d.Name = unquote(p.text(t)[1:])
		p.next()
	default:
		d.Name = p.ident("a column name").Name
	}
	if p.tok.kind != token.IDENT {
		p.errorAt(p.tok, "A column type expected after column "+d.Name)
	}
	// The type is read one postfix at a time so that DATE[comment="x"]
	// describes the column while INT[] and DECIMAL32(2) stay types.
	d.Type = p.parsePrimary()
	for {
		t := p.tok
		if t.kind == token.LBRACK && p.peek(1).kind == token.IDENT && p.peek(2).kind == token.ASSIGN {
			p.parseColumnDesc(d)
			break
		}
		if t.kind == token.LPAREN {
			args := p.parseArgs(token.LPAREN, token.RPAREN, "to close the data type ", d.Type)
			d.Type = &ast.CallExpr{Fun: d.Type, Lparen: token.PosOf(int(t.pos)), Args: args}
			continue
		}
		if t.kind == token.LBRACK {
			d.Type = p.parseIndex(d.Type)
			continue
		}
		break
	}
	for p.word("comment") {
		p.next()
		if p.tok.kind != token.STRING {
			p.errorAt(p.tok, "A string expected after comment")
		}
		d.Comment = unquote(p.text(p.tok))
		p.next()
	}
	return d
}

// parseColumnDesc parses the description of a column after its type:
//
//	desc = "[" ("comment" | "compress") "=" string {"," ...} "]"
func (p *parser) parseColumnDesc(d *ast.ColumnDef) {
	p.next()
	p.nest++
	for {
		key := p.lower(p.tok)
		if p.tok.kind != token.IDENT || key != "comment" && key != "compress" {
			p.errorAt(p.tok, "comment or compress expected in the description of column "+d.Name)
		}
		p.next()
		p.expect(token.ASSIGN, "after "+key)
		if p.tok.kind != token.STRING {
			p.errorAt(p.tok, "A string expected after "+key+"=")
		}
		if key == "comment" {
			d.Comment = unquote(p.text(p.tok))
		} else {
			d.Compress = unquote(p.text(p.tok))
		}
		p.next()
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	p.nest--
	p.expect(token.RBRACK, "to close the description of column "+d.Name)
}

// parsePartitions parses a comma list of partition expressions and
// name=value options; after partitioned by (needPart) at least one
// partition comes first.
func (p *parser) parsePartitions(needPart bool) (parts []ast.Expr, opts []ast.Arg) {
	for {
		if p.tok.kind == token.IDENT && p.peek(1).kind == token.ASSIGN {
			if needPart && len(parts) == 0 {
				// partitioned by A=0 names no partitioning column.
				p.errorAt(p.tok, "A partitioning column or scheme expected after partitioned by")
			}
			name := p.text(p.tok)
			p.next()
			p.next()
			opts = append(opts, ast.Arg{Name: name, Value: p.parseExpr()})
		} else if len(opts) == 0 {
			parts = append(parts, p.parseExpr())
		} else {
			p.errorAt(p.tok, "An option name=value expected")
		}
		if p.tok.kind != token.COMMA {
			return parts, opts
		}
		p.next()
	}
}

// parseAlter parses alter table.
//
//	alter = "alter" "table" name ("add" ["column"] ident type | "drop" ["column"] ident |
//	        "rename" ["column"] ident "to" ident)
func (p *parser) parseAlter() ast.Stmt {
	a := &ast.AlterStmt{Alter: p.pos()}
	p.next()
	p.next()
	p.sql++
	defer func() { p.sql-- }()
	a.Table = p.parseNamePart()
	switch {
	case p.word("add"), p.word("drop"), p.word("rename"):
		a.Action = p.lower(p.tok)
	default:
		p.errorAt(p.tok, "add, drop or rename expected in the alter statement")
	}
	p.next()
	if p.word("column") && p.peek(1).kind == token.IDENT {
		p.next()
	}
	a.Col = p.ident("a column name").Name
	switch a.Action {
	case "add":
		a.Type = p.parsePostfix(p.parsePrimary())
	case "rename":
		if !p.word("to") {
			p.errorAt(p.tok, "to expected in the alter statement")
		}
		p.next()
		a.NewCol = p.ident("a column name").Name
	}
	return a
}

// parseDrop parses drop table / drop database.
//
//	drop = "drop" ("table" | "database") ["if" "exists"] tableName
func (p *parser) parseDrop() ast.Stmt {
	d := &ast.DropStmt{Drop: p.pos()}
	p.next()
	d.What = p.lower(p.tok)
	p.next()
	if p.tok.kind == token.IF && p.is(p.peek(1), "exists") {
		d.IfExists = true
		p.next()
		p.next()
	}
	if d.What == "database" {
		d.Name = p.parseNamePart()
	} else {
		d.DB, d.Name = p.parseTableName()
	}
	return d
}
