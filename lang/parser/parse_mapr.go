// This file defines the parsing of the mapr statement, DolphinDB's
// map-reduce declaration of a user-defined aggregate function
// (https://docs.dolphindb.cn/en/Programming/ProgrammingStatements/mapr.html).

package parser

import (
	"strconv"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/token"
)

// parseMapr parses a mapr statement; the current token is the word mapr.
//
//	mapr    = "mapr" ident "(" [ident {"," ident}] ")" "{" mapCall {"," mapCall} "->" ident
//	          [";" ident {"," ident} "->" ident] "}"
//	mapCall = ident "(" [arg {"," arg}] ")"     arg: a parameter of the signature, a literal or -literal
func (p *parser) parseMapr() ast.Stmt {
	t := p.tok
	if p.funcDepth > 0 {
		p.errorAt(t, "The mapr statement can only be used at the top level")
	}
	p.next()
	s := &ast.MaprStmt{Mapr: token.PosOf(int(t.pos))}
	s.Name = p.ident("an aggregate function name")
	p.expect(token.LPAREN, "to start the parameter list of "+s.Name.Name)
	p.nest++
	params := map[string]bool{}
	for p.tok.kind != token.RPAREN {
		pt := p.tok
		id := p.ident("a parameter name")
		if params[id.Name] {
			p.errorAt(pt, "Duplicate parameter name "+id.Name)
		}
		params[id.Name] = true
		s.Params = append(s.Params, id)
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	p.expect(token.RPAREN, "to close the parameter list of "+s.Name.Name)
	p.expect(token.LBRACE, "to start the map-reduce definition of "+s.Name.Name)
	for {
		s.Maps = append(s.Maps, p.parseMapCall(s.Name.Name, params))
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	p.expect(token.ARROW, "after the map functions of "+s.Name.Name)
	s.Reduce = p.ident("the reduce function")
	if p.tok.kind == token.SEMI {
		p.next()
		for {
			s.Cums = append(s.Cums, p.ident("a cumulative function"))
			if p.tok.kind != token.COMMA {
				break
			}
			p.next()
		}
		at := p.tok
		p.expect(token.ARROW, "after the cumulative functions of "+s.Name.Name)
		if len(s.Cums) != len(s.Maps) {
			p.errorAt(at, "The mapr statement of "+s.Name.Name+" has "+strconv.Itoa(len(s.Maps))+
				" map functions but "+strconv.Itoa(len(s.Cums))+" cumulative functions; they must correspond one to one")
		}
		s.Running = p.ident("the running reduce function")
	}
	p.nest--
	if p.tok.kind != token.RBRACE {
		p.errorAt(p.tok, "} expected to close the mapr statement of "+s.Name.Name)
	}
	p.next()
	p.afterBlk = p.i // the "}" ends the statement, as a block's does
	return s
}

// parseMapCall parses one map function call of a mapr statement: its
// arguments are the aggregate function's parameters, bound to the query's
// arguments, or literals.
func (p *parser) parseMapCall(udaf string, params map[string]bool) *ast.CallExpr {
	fun := p.ident("a map function")
	lp := p.expect(token.LPAREN, "after the map function "+fun.Name)
	c := &ast.CallExpr{Fun: fun, Lparen: token.PosOf(int(lp.pos))}
	for p.tok.kind != token.RPAREN {
		at := p.tok
		x := p.parseExpr()
		switch x := x.(type) {
		case *ast.Ident:
			if x.Quoted || !params[x.Name] {
				p.errorAt(at, "The argument "+ast.Print(x)+" of the map function "+fun.Name+" must be a parameter of "+udaf)
			}
		case *ast.Literal:
		case *ast.UnaryExpr:
			if _, ok := x.X.(*ast.Literal); !ok || x.Op != "-" {
				p.errorAt(at, "The argument "+ast.Print(x)+" of the map function "+fun.Name+" must be a parameter of "+udaf+" or a constant")
			}
		default:
			p.errorAt(at, "The argument "+ast.Print(x)+" of the map function "+fun.Name+" must be a parameter of "+udaf+" or a constant")
		}
		c.Args = append(c.Args, ast.Arg{Value: x})
		if p.tok.kind != token.COMMA {
			break
		}
		p.next()
	}
	p.expect(token.RPAREN, "to close the map function "+fun.Name)
	return c
}
