// This file defines Pos and the marker methods of every node.

package ast

import "github.com/porpoisedb/porpoise/lang/token"

func (x *Literal) Pos() token.Pos      { return x.ValuePos }
func (x *VectorLit) Pos() token.Pos    { return x.Start }
func (x *ArrayLit) Pos() token.Pos     { return x.Lbrack }
func (x *TupleLit) Pos() token.Pos     { return x.Lparen }
func (x *DictLit) Pos() token.Pos      { return x.Lbrace }
func (x *Ident) Pos() token.Pos        { return x.NamePos }
func (x *MacroVar) Pos() token.Pos     { return x.DollarPos }
func (x *OpFunc) Pos() token.Pos       { return x.OpPos }
func (x *ParenExpr) Pos() token.Pos    { return x.Lparen }
func (x *UnaryExpr) Pos() token.Pos    { return x.OpPos }
func (x *BinaryExpr) Pos() token.Pos   { return x.X.Pos() }
func (x *TernaryExpr) Pos() token.Pos  { return x.Cond.Pos() }
func (x *CallExpr) Pos() token.Pos     { return callPos(x) }
func (x *PartialExpr) Pos() token.Pos  { return x.Fun.Pos() }
func (x *IndexExpr) Pos() token.Pos    { return x.X.Pos() }
func (x *SliceExpr) Pos() token.Pos    { return slicePos(x) }
func (x *SelectorExpr) Pos() token.Pos { return x.X.Pos() }
func (x *AdverbExpr) Pos() token.Pos   { return x.Fun.Pos() }
func (x *FuncLit) Pos() token.Pos      { return x.Start }
func (x *RefExpr) Pos() token.Pos      { return x.Amp }
func (x *MetaCode) Pos() token.Pos     { return x.Lt }
func (x *CaseExpr) Pos() token.Pos     { return x.Case }
func (x *BetweenExpr) Pos() token.Pos  { return x.X.Pos() }
func (x *IsNullExpr) Pos() token.Pos   { return x.X.Pos() }
func (x *ExistsExpr) Pos() token.Pos   { return x.Exists }
func (x *JoinExpr) Pos() token.Pos     { return x.Left.Pos() }
func (x *AliasedExpr) Pos() token.Pos  { return x.X.Pos() }
func (x *SelectExpr) Pos() token.Pos   { return x.Start }
func (x *ColumnRange) Pos() token.Pos  { return x.Start }
func (x *WindowExpr) Pos() token.Pos   { return x.Call.Pos() }

// Pos makes a Script a Node (so ast.Print takes one); it is the start of
// the script, or NoPos when the script is empty.
func (s *Script) Pos() token.Pos {
	for _, c := range s.Chunks {
		if len(c) > 0 {
			return c[0].Pos()
		}
	}
	return token.NoPos
}

func (*Literal) exprNode()      {}
func (*VectorLit) exprNode()    {}
func (*ArrayLit) exprNode()     {}
func (*TupleLit) exprNode()     {}
func (*DictLit) exprNode()      {}
func (*Ident) exprNode()        {}
func (*MacroVar) exprNode()     {}
func (*OpFunc) exprNode()       {}
func (*ParenExpr) exprNode()    {}
func (*UnaryExpr) exprNode()    {}
func (*BinaryExpr) exprNode()   {}
func (*TernaryExpr) exprNode()  {}
func (*CallExpr) exprNode()     {}
func (*PartialExpr) exprNode()  {}
func (*IndexExpr) exprNode()    {}
func (*SliceExpr) exprNode()    {}
func (*SelectorExpr) exprNode() {}
func (*AdverbExpr) exprNode()   {}
func (*FuncLit) exprNode()      {}
func (*RefExpr) exprNode()      {}
func (*MetaCode) exprNode()     {}
func (*CaseExpr) exprNode()     {}
func (*BetweenExpr) exprNode()  {}
func (*IsNullExpr) exprNode()   {}
func (*ExistsExpr) exprNode()   {}
func (*JoinExpr) exprNode()     {}
func (*AliasedExpr) exprNode()  {}
func (*SelectExpr) exprNode()   {}
func (*ColumnRange) exprNode()  {}
func (*WindowExpr) exprNode()   {}

func (s *ExprStmt) Pos() token.Pos           { return s.X.Pos() }
func (s *AssignStmt) Pos() token.Pos         { return assignPos(s) }
func (s *BlockStmt) Pos() token.Pos          { return s.Lbrace }
func (s *Annotation) Pos() token.Pos         { return s.At }
func (s *FuncDecl) Pos() token.Pos           { return s.Def }
func (s *IfStmt) Pos() token.Pos             { return s.If }
func (s *ForStmt) Pos() token.Pos            { return s.For }
func (s *WhileStmt) Pos() token.Pos          { return s.While }
func (s *DoWhileStmt) Pos() token.Pos        { return s.Do }
func (s *BranchStmt) Pos() token.Pos         { return s.TokPos }
func (s *ReturnStmt) Pos() token.Pos         { return s.Return }
func (s *TryStmt) Pos() token.Pos            { return s.Try }
func (s *ThrowStmt) Pos() token.Pos          { return s.Throw }
func (s *ShareStmt) Pos() token.Pos          { return s.Share }
func (s *UndefStmt) Pos() token.Pos          { return s.Undef }
func (s *GoStmt) Pos() token.Pos             { return s.Go }
func (s *ModuleStmt) Pos() token.Pos         { return s.Module }
func (s *UseStmt) Pos() token.Pos            { return s.Use }
func (s *AssertStmt) Pos() token.Pos         { return s.Assert }
func (s *TimerStmt) Pos() token.Pos          { return s.Timer }
func (s *TransactionStmt) Pos() token.Pos    { return s.Transaction }
func (s *MaprStmt) Pos() token.Pos           { return s.Mapr }
func (s *EmptyStmt) Pos() token.Pos          { return s.Semi }
func (s *UpdateStmt) Pos() token.Pos         { return s.Update }
func (s *DeleteStmt) Pos() token.Pos         { return s.Delete }
func (s *InsertStmt) Pos() token.Pos         { return s.Insert }
func (s *CreateTableStmt) Pos() token.Pos    { return s.Create }
func (s *CreateDatabaseStmt) Pos() token.Pos { return s.Create }
func (s *AlterStmt) Pos() token.Pos          { return s.Alter }
func (s *DropStmt) Pos() token.Pos           { return s.Drop }

func (*ExprStmt) stmtNode()           {}
func (*AssignStmt) stmtNode()         {}
func (*BlockStmt) stmtNode()          {}
func (*Annotation) stmtNode()         {}
func (*FuncDecl) stmtNode()           {}
func (*IfStmt) stmtNode()             {}
func (*ForStmt) stmtNode()            {}
func (*WhileStmt) stmtNode()          {}
func (*DoWhileStmt) stmtNode()        {}
func (*BranchStmt) stmtNode()         {}
func (*ReturnStmt) stmtNode()         {}
func (*TryStmt) stmtNode()            {}
func (*ThrowStmt) stmtNode()          {}
func (*ShareStmt) stmtNode()          {}
func (*UndefStmt) stmtNode()          {}
func (*GoStmt) stmtNode()             {}
func (*ModuleStmt) stmtNode()         {}
func (*UseStmt) stmtNode()            {}
func (*AssertStmt) stmtNode()         {}
func (*TimerStmt) stmtNode()          {}
func (*TransactionStmt) stmtNode()    {}
func (*MaprStmt) stmtNode()           {}
func (*EmptyStmt) stmtNode()          {}
func (*UpdateStmt) stmtNode()         {}
func (*DeleteStmt) stmtNode()         {}
func (*InsertStmt) stmtNode()         {}
func (*CreateTableStmt) stmtNode()    {}
func (*CreateDatabaseStmt) stmtNode() {}
func (*AlterStmt) stmtNode()          {}
func (*DropStmt) stmtNode()           {}

func callPos(x *CallExpr) token.Pos {
	if x.Style == CallMethod && len(x.Args) > 0 && x.Args[0].Value != nil {
		return x.Args[0].Value.Pos()
	}
	return x.Fun.Pos()
}

func slicePos(x *SliceExpr) token.Pos {
	if x.Lo != nil {
		return x.Lo.Pos()
	}
	return x.Colon
}

func assignPos(s *AssignStmt) token.Pos {
	if len(s.Lhs) > 0 {
		return s.Lhs[0].Pos()
	}
	return s.OpPos
}
