// This file compiles statements.

package compile

import (
	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/resolve"
)

// compoundOps maps compound assignment operators to built-ins.
var compoundOps = map[string]string{
	"+=": "add", "-=": "sub", "*=": "mul", "/=": "div", "%=": "mod", "\\=": "ratio",
	"&=": "bitAnd", "|=": "bitOr", "^=": "bitXor", "<<=": "lshift", ">>=": "rshift",
	"<-=": "join",
}

func (f *fcomp) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case nil, *ast.EmptyStmt, *ast.GoStmt, *ast.FuncDecl:
		// FuncDecls are compiled and defined when the chunk starts.
	case *ast.Annotation:
		if s.Name == "testing" {
			for _, a := range s.Attrs {
				if a.Key == "case" {
					if l, ok := a.Value.(*ast.Literal); ok {
						f.emit(SETCASE, f.c.str(l.Text), 0)
					}
				}
			}
		}
	case *ast.ExprStmt:
		f.expr(s.X)
		f.emit(POP, 0, 0)
	case *ast.AssignStmt:
		f.assign(s)
	case *ast.BlockStmt:
		for _, x := range s.List {
			f.stmt(x)
		}
	case *ast.IfStmt:
		f.expr(s.Cond)
		f.setPos(s.Cond.Pos())
		j := f.emit(JMPF, 0, 0)
		f.stmt(s.Then)
		if s.Else == nil {
			f.patch(j)
			return
		}
		end := f.emit(JMP, 0, 0)
		f.patch(j)
		f.stmt(s.Else)
		f.patch(end)
	case *ast.ForStmt:
		f.forStmt(s)
	case *ast.WhileStmt:
		top := f.here()
		f.expr(s.Cond)
		f.setPos(s.Cond.Pos())
		exit := f.emit(JMPF, 0, 0)
		l := f.pushLoop(false)
		f.stmt(s.Body)
		f.emit(JMP, top, 0)
		f.popLoop(l, top)
		f.patch(exit)
	case *ast.DoWhileStmt:
		top := f.here()
		l := f.pushLoop(false)
		f.stmt(s.Body)
		cont := f.here()
		f.expr(s.Cond)
		f.setPos(s.Cond.Pos())
		f.emit(JMPT, top, 0)
		f.popLoop(l, cont)
	case *ast.BranchStmt:
		f.branch(s)
	case *ast.ReturnStmt:
		switch len(s.Results) {
		case 0:
			f.emit(NIL, 0, 0)
		case 1:
			f.expr(s.Results[0])
		default:
			f.exprs(s.Results)
			f.emit(TUPLE, int32(len(s.Results)), 0)
		}
		f.setPos(s.Pos())
		f.emit(RETURN, 1, 0)
	case *ast.TryStmt:
		f.tryStmt(s)
	case *ast.ThrowStmt:
		f.expr(s.X)
		f.setPos(s.Pos())
		f.emit(THROW, 0, 0)
	case *ast.ShareStmt:
		f.expr(s.X)
		f.setPos(s.Pos())
		f.emit(SHARE, f.c.name(s.Name), 0)
	case *ast.UndefStmt:
		f.emit(UNDEFALL, 0, 0)
	case *ast.AssertStmt:
		has := int32(0)
		if s.Sub != nil {
			f.expr(s.Sub)
			has = 1
		}
		f.expr(s.X)
		f.setPos(s.Pos())
		f.emit(ASSERT, has, 0)
	case *ast.TimerStmt:
		f.emit(TIMERSTART, 0, 0)
		if s.Count == nil {
			f.stmt(s.Body)
		} else {
			f.expr(s.Count)
			f.setPos(s.Count.Pos())
			f.emit(REPEAT, 0, 0)
			top := f.here()
			next := f.emit(NEXT, 0, 0)
			f.emit(POP, 0, 0)
			f.stmt(s.Body)
			f.emit(JMP, top, 0)
			f.patch(next)
			f.depth--
		}
		f.emit(TIMEREND, 0, 0)
	case *ast.TransactionStmt:
		f.stmt(s.Body)
	case *ast.MaprStmt:
		f.mapr(s)
	case *ast.ModuleStmt, *ast.UseStmt:
		// Resolved already: the resolver loads modules when it meets use.
		if u, ok := s.(*ast.UseStmt); ok && u.Catalog {
			f.c.errorf(s.Pos(), "use catalog is not supported yet.")
		}
	case *ast.UpdateStmt, *ast.DeleteStmt, *ast.InsertStmt, *ast.CreateTableStmt,
		*ast.CreateDatabaseStmt, *ast.AlterStmt, *ast.DropStmt:
		f.setPos(s.Pos())
		f.emit(SQL, f.c.constant(Const{Kind: ConstCode, Node: s}), 0)
		f.emit(POP, 0, 0)
	default:
		f.c.errorf(s.Pos(), "unsupported statement")
	}
}

func (f *fcomp) pushLoop(iter bool) *loop {
	l := &loop{iter: iter, tryDepth: f.tries}
	f.loops = append(f.loops, l)
	return l
}

// popLoop patches the loop's continues to cont and its breaks to here.
func (f *fcomp) popLoop(l *loop, cont int32) {
	f.loops = f.loops[:len(f.loops)-1]
	for _, pc := range l.conts {
		f.fn.Code[pc].A = cont
	}
	for _, pc := range l.breaks {
		f.patch(pc)
	}
}

func (f *fcomp) branch(s *ast.BranchStmt) {
	if len(f.loops) == 0 {
		f.c.errorf(s.Pos(), "%s must be used inside a loop.", s.Tok)
	}
	l := f.loops[len(f.loops)-1]
	for i := f.tries; i > l.tryDepth; i-- {
		f.emit(ENDTRY, 0, 0)
	}
	if s.Tok == "continue" {
		l.conts = append(l.conts, f.emit(JMP, 0, 0))
		return
	}
	if l.iter {
		f.emit(ENDITER, 0, 0)
	}
	l.breaks = append(l.breaks, f.emit(JMP, 0, 0))
}

func (f *fcomp) forStmt(s *ast.ForStmt) {
	if r, ok := s.X.(*ast.BinaryExpr); ok && r.Op == ".." && r.Fun == nil {
		// for (i in a..b): iterate without building the vector.
		f.expr(r.X)
		f.expr(r.Y)
		f.setPos(r.OpPos)
		f.emit(ITERSEQ, f.c.name(OperatorName("..")), 0)
	} else {
		f.expr(s.X)
		f.setPos(s.X.Pos())
		f.emit(ITER, 0, 0)
	}
	top := f.here()
	next := f.emit(NEXT, 0, 0)
	if len(s.Vars) == 1 {
		f.store(s.Vars[0])
	} else {
		f.emit(UNPACK, int32(len(s.Vars)), 0)
		for i := len(s.Vars) - 1; i >= 0; i-- {
			f.store(s.Vars[i])
		}
	}
	l := f.pushLoop(true)
	f.stmt(s.Body)
	f.emit(JMP, top, 0)
	f.popLoop(l, top)
	f.patch(next)
	f.depth-- // NEXT pushes nothing when it exits
}

func (f *fcomp) tryStmt(s *ast.TryStmt) {
	h := f.emit(TRY, 0, 0)
	f.tries++
	f.stmt(s.Body)
	f.tries--
	f.emit(ENDTRY, 0, 0)
	end := f.emit(JMP, 0, 0)
	f.patch(h)
	f.depth++ // the exception
	if s.CatchVar != nil {
		f.store(s.CatchVar)
	} else {
		f.emit(POP, 0, 0)
	}
	if s.Catch != nil {
		f.stmt(s.Catch)
	}
	f.patch(end)
}

func (f *fcomp) assign(s *ast.AssignStmt) {
	if len(s.Lhs) == 1 && len(s.Rhs) == 1 {
		f.assign1(s.Lhs[0], s.Op, s.Rhs[0], s.Ref)
		return
	}
	if s.Op != "=" && s.Op != "" {
		f.c.errorf(s.Pos(), "Compound assignment needs exactly one variable.")
	}
	if len(s.Rhs) == len(s.Lhs) {
		for _, r := range s.Rhs {
			f.expr(r)
			if _, ok := r.(*ast.Ident); ok {
				f.emit(COPY, 0, 0)
			}
		}
	} else if len(s.Rhs) == 1 {
		f.expr(s.Rhs[0])
		f.setPos(s.Pos())
		f.emit(UNPACK, int32(len(s.Lhs)), 0)
	} else {
		f.c.errorf(s.Pos(), "The number of variables doesn't match the number of values.")
	}
	for i := len(s.Lhs) - 1; i >= 0; i-- {
		id, ok := s.Lhs[i].(*ast.Ident)
		if !ok {
			f.c.errorf(s.Lhs[i].Pos(), "Only variables can be assigned in a multiple assignment.")
		}
		f.store(id)
	}
}

func (f *fcomp) assign1(lhs ast.Expr, op string, rhs ast.Expr, ref bool) {
	name, compound := compoundOps[op]
	if op != "=" && op != "" && !compound {
		f.c.errorf(lhs.Pos(), "Unknown assignment operator %s", op)
	}
	switch l := lhs.(type) {
	case *ast.ParenExpr:
		f.assign1(l.X, op, rhs, ref)
	case *ast.RefExpr:
		f.expr(rhs)
		f.store(l.X)
	case *ast.Ident:
		if compound {
			if b := f.c.res.Idents[l]; b != nil && b.Scope == resolve.Local && b.Index < len(f.fn.Params) && f.fn.Params[b.Index].Mutable {
				f.fn.Params[b.Index].WriteBack = true
			}
			f.load(l)
			f.load(l)
			f.expr(rhs)
			f.setPos(lhs.Pos())
			f.binop(name)
			f.emit(INPLACE, 0, 0)
		} else {
			f.expr(rhs)
			if _, ok := rhs.(*ast.Ident); ok && !ref {
				f.emit(COPY, 0, 0)
			}
		}
		f.store(l)
	case *ast.IndexExpr:
		base, ok := l.X.(*ast.Ident)
		if !ok {
			f.c.errorf(lhs.Pos(), "Indexed assignment needs a variable.")
		}
		f.load(base)
		for _, i := range l.Indices {
			f.optExpr(i)
		}
		if compound {
			f.load(base)
			for _, i := range l.Indices {
				f.optExpr(i)
			}
			f.setPos(l.Lbrack)
			f.emit(INDEX, int32(len(l.Indices)), 0)
			f.expr(rhs)
			f.binop(name)
		} else {
			f.expr(rhs)
		}
		f.setPos(l.Lbrack)
		f.emit(SETINDEX, int32(len(l.Indices)), 0)
		f.store(base)
	case *ast.SelectorExpr:
		base, ok := l.X.(*ast.Ident)
		if !ok {
			f.c.errorf(lhs.Pos(), "Member assignment needs a variable.")
		}
		f.load(base)
		if compound {
			f.load(base)
			f.emit(MEMBER, f.c.name(l.Sel.Name), 0)
			f.expr(rhs)
			f.binop(name)
		} else {
			f.expr(rhs)
		}
		f.setPos(l.Sel.Pos())
		f.emit(SETMEMBER, f.c.name(l.Sel.Name), 0)
		f.store(base)
	default:
		f.c.errorf(lhs.Pos(), "Invalid assignment target.")
	}
}

// mapr pushes the functions a mapr statement names - the aggregate, each
// map function, the reduce function, then the cumulative functions and the
// running reduce function of the cgroup by part - followed by the constant
// arguments of the map calls in order; MAPR pops them (B values) and
// registers the definition, whose shape it reads from the node consts[A].
func (f *fcomp) mapr(s *ast.MaprStmt) {
	n := 0
	load := func(id *ast.Ident) {
		f.load(id)
		n++
	}
	load(s.Name)
	for _, m := range s.Maps {
		load(m.Fun.(*ast.Ident))
	}
	load(s.Reduce)
	for _, c := range s.Cums {
		load(c)
	}
	if s.Running != nil {
		load(s.Running)
	}
	for _, m := range s.Maps {
		for _, a := range m.Args {
			if _, ok := a.Value.(*ast.Ident); !ok {
				f.expr(a.Value) // a constant: the parser allows nothing else
				n++
			}
		}
	}
	f.setPos(s.Pos())
	f.emit(MAPR, f.c.constant(Const{Kind: ConstCode, Node: s}), int32(n))
}
