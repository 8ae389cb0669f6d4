// This file is the dispatch loop over compile's bytecode.

package vm

import (
	"fmt"
	"time"

	"github.com/porpoisedb/porpoise/lang/compile"
	"github.com/porpoisedb/porpoise/vm/value"
)

type frame struct {
	fn     *compile.Funcode
	lp     *loaded
	pc     int
	locals []value.Value
	free   []value.Value
	stack  []value.Value
	arena  int // slots taken from the thread's arena
}

type handler struct {
	pc, sp, iters int
}

// runTop runs a program's top level.
func (t *Thread) runTop(lp *loaded) (value.Value, error) {
	fr := t.newFrame(lp.prog.Funcs[0], lp, nil)
	defer t.freeFrame(fr)
	return t.run(fr)
}

// run executes fr until it returns or fails.
func (t *Thread) run(fr *frame) (result value.Value, err error) {
	t.frames = append(t.frames, fr)
	defer func() { t.frames = t.frames[:len(t.frames)-1] }()

	fn := fr.fn
	code := fn.Code
	lp := fr.lp
	sess := t.sess
	locals := fr.locals
	stack := fr.stack[:0]
	var handlers []handler
	var iters []iterator
	var timers []time.Time
	var argNames []string
	pc := 0

	for {
		in := code[pc]
		pc++
		switch in.Op {
		case compile.NOP:
		case compile.POP:
			stack = stack[:len(stack)-1]
		case compile.DUP:
			stack = append(stack, stack[len(stack)-1])
		case compile.COPY:
			stack[len(stack)-1] = copyValue(stack[len(stack)-1])
		case compile.CONST:
			v := lp.consts[in.A]
			if vec, ok := v.(*value.Vector); ok {
				v = vec.Clone()
			}
			stack = append(stack, v)
		case compile.NIL:
			stack = append(stack, nil)
		case compile.LOCAL:
			v := locals[in.A]
			if v == nil && in.B == 0 {
				err = errorf("Variable '%s' isn't initialized.", fn.LocalNames[in.A])
				break
			}
			stack = append(stack, v)
		case compile.SETLOCAL:
			locals[in.A] = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		case compile.FREE:
			stack = append(stack, fr.free[in.A])
		case compile.GLOBAL:
			v := sess.globals[in.A]
			if v == nil {
				err = errorf("Variable '%s' isn't initialized.", lp.prog.Names[in.B])
				break
			}
			stack = append(stack, v)
		case compile.SETGLOBAL:
			sess.globals[in.A] = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		case compile.FUNC:
			f, ok := sess.lookupFunc(lp.prog.Names[in.A])
			if !ok {
				err = errorf("Cannot recognize the function name %s", lp.prog.Names[in.A])
				break
			}
			stack = append(stack, f)
		case compile.BUILTIN:
			f, ok := sess.universe[lp.prog.Names[in.A]]
			if !ok {
				err = errorf("Cannot recognize the function name %s", lp.prog.Names[in.A])
				break
			}
			stack = append(stack, f)
		case compile.SHARED:
			v, ok := sess.shared.Get(lp.prog.Names[in.A])
			if !ok {
				err = errorf("Cannot recognize the token %s", lp.prog.Names[in.A])
				break
			}
			stack = append(stack, v)
		case compile.DYNAMIC:
			v, ok := t.Var(lp.prog.Names[in.A])
			if !ok {
				err = errorf("Cannot recognize the token %s", lp.prog.Names[in.A])
				break
			}
			stack = append(stack, v)

		case compile.CALL, compile.CALLKW:
			n := int(in.B)
			base := len(stack) - n - 1
			var kw []string
			if in.Op == compile.CALLKW {
				kw = lp.prog.KwNames[in.A]
			}
			fr.pc = pc
			var r value.Value
			t.wbCallee = nil
			r, err = t.call(stack[base], stack[base+1:len(stack):len(stack)], kw, nil)
			if t.wbCallee != nil && t.wbCallee != stack[base] {
				t.wbCallee = nil // set by a call nested in a built-in
			}
			if r == nil {
				r = value.Nothing
			}
			clear(stack[base:])
			stack = append(stack[:base], r)
		case compile.CALLFN:
			n := int(in.B)
			base := len(stack) - n
			f, ok := sess.lookupFunc(lp.prog.Names[in.A])
			if !ok {
				err = errorf("Cannot recognize the function name %s", lp.prog.Names[in.A])
				break
			}
			fr.pc = pc
			var r value.Value
			t.wbCallee = nil
			r, err = t.call(f, stack[base:len(stack):len(stack)], nil, argNames)
			if t.wbCallee != nil && t.wbCallee != f {
				t.wbCallee = nil // set by a call nested in a built-in
			}
			argNames = nil
			if r == nil {
				r = value.Nothing
			}
			clear(stack[base:])
			stack = append(stack[:base], r)
		case compile.WRITEBACK:
			if t.wbCallee != nil {
				for _, ref := range lp.prog.ArgRefs[in.A] {
					if ref.Arg >= len(t.wbVals) || t.wbVals[ref.Arg] == nil {
						continue
					}
					if ref.Global {
						sess.globals[ref.Slot] = t.wbVals[ref.Arg]
					} else {
						locals[ref.Slot] = t.wbVals[ref.Arg]
					}
				}
				t.wbCallee, t.wbVals = nil, nil
			}
		case compile.ARGNAMES:
			argNames = lp.prog.KwNames[in.A]
		case compile.UNOP:
			f := lp.op(sess, in.A)
			if f == nil {
				err = errorf("Cannot recognize the function name %s", lp.prog.Names[in.A])
				break
			}
			var r value.Value
			r, err = t.callBuiltin(f, stack[len(stack)-1:], nil, nil)
			stack[len(stack)-1] = r
		case compile.BINOP:
			x, y := stack[len(stack)-2], stack[len(stack)-1]
			if in.B != compile.FastNone {
				if r, ok := t.box.fastBinop(in.B, x, y); ok {
					stack[len(stack)-2] = r
					stack = stack[:len(stack)-1]
					break
				}
			}
			f := lp.op(sess, in.A)
			if f == nil {
				err = errorf("Cannot recognize the function name %s", lp.prog.Names[in.A])
				break
			}
			var r value.Value
			r, err = t.callBuiltin(f, stack[len(stack)-2:], nil, nil)
			stack[len(stack)-1] = nil
			stack = stack[:len(stack)-1]
			stack[len(stack)-1] = r
		case compile.PARTIAL, compile.PARTIALKW:
			n := int(in.B)
			base := len(stack) - n - 1
			args := make([]value.Value, n)
			copy(args, stack[base+1:])
			callee := stack[base]
			if in.Op == compile.PARTIALKW {
				args, err = bindKeywords(callee, args, lp.prog.KwNames[in.A])
			}
			clear(stack[base:])
			stack = append(stack[:base], &Partial{fn: callee, args: args, sess: sess})
		case compile.MAKEFUNC:
			n := int(in.B)
			base := len(stack) - n
			free := make([]value.Value, n)
			copy(free, stack[base:])
			clear(stack[base:])
			stack = append(stack[:base], &Closure{fn: lp.prog.Funcs[in.A], lp: lp, free: free, sess: sess})

		case compile.TUPLE, compile.VECTOR:
			n := int(in.A)
			base := len(stack) - n
			elems := make([]value.Value, n)
			copy(elems, stack[base:])
			clear(stack[base:])
			var v value.Value
			if in.Op == compile.TUPLE {
				v = value.NewTuple(elems)
			} else {
				v = makeVector(elems)
			}
			stack = append(stack[:base], v)
		case compile.DICT:
			n := int(in.A)
			base := len(stack) - 2*n
			var v value.Value
			v, err = makeDict(stack[base:])
			clear(stack[base:])
			stack = append(stack[:base], v)

		case compile.INDEX:
			n := int(in.A)
			base := len(stack) - n - 1
			var r value.Value
			r, err = t.index(stack[base], stack[base+1:])
			clear(stack[base:])
			stack = append(stack[:base], r)
		case compile.RANGE:
			base := len(stack) - 2
			r := &openRange{lo: stack[base], hi: stack[base+1]}
			clear(stack[base:])
			stack = append(stack[:base], r)
		case compile.SLICE:
			base := len(stack) - 3
			var r value.Value
			r, err = t.slice(stack[base], stack[base+1], stack[base+2])
			clear(stack[base:])
			stack = append(stack[:base], r)
		case compile.MEMBER:
			var r value.Value
			r, err = t.member(stack[len(stack)-1], lp.prog.Names[in.A])
			stack[len(stack)-1] = r
		case compile.SETINDEX:
			n := int(in.A)
			base := len(stack) - n - 2
			var r value.Value
			r, err = t.setIndex(stack[base], stack[base+1:base+1+n], stack[len(stack)-1])
			clear(stack[base:])
			stack = append(stack[:base], r)
		case compile.SETMEMBER:
			base := len(stack) - 2
			var r value.Value
			r, err = setMember(stack[base], lp.prog.Names[in.A], stack[base+1])
			clear(stack[base:])
			stack = append(stack[:base], r)
		case compile.INPLACE:
			old, nw := stack[len(stack)-2], stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			stack[len(stack)-1] = inPlace(old, nw)
		case compile.UNPACK:
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			var parts []value.Value
			parts, err = unpack(x, int(in.A))
			stack = append(stack, parts...)

		case compile.JMP:
			if int(in.A) < pc && sess.cancelled.Load() {
				err = cancelledError()
				break
			}
			pc = int(in.A)
		case compile.JMPF, compile.JMPT:
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			var b bool
			b, err = truthy(c)
			if err == nil && b == (in.Op == compile.JMPT) {
				if int(in.A) < pc && sess.cancelled.Load() {
					err = cancelledError()
					break
				}
				pc = int(in.A)
			}
		case compile.TERNARY:
			c := stack[len(stack)-1]
			if c != nil && c.Form() != value.SCALAR {
				pc = int(in.B)
				break
			}
			stack = stack[:len(stack)-1]
			var b bool
			b, err = truthy(c)
			if err == nil && !b {
				pc = int(in.A)
			}

		case compile.ITERSEQ:
			lo, hi := stack[len(stack)-2], stack[len(stack)-1]
			clear(stack[len(stack)-2:])
			stack = stack[:len(stack)-2]
			it, ok := seqIter(lo, hi)
			if !ok {
				var seq value.Value
				if f := lp.op(sess, in.A); f == nil {
					err = errorf("Cannot recognize the function name %s", lp.prog.Names[in.A])
				} else if seq, err = t.callBuiltin(f, []value.Value{lo, hi}, nil, nil); err == nil {
					it, err = newIterator(seq)
				}
			}
			if err == nil {
				iters = append(iters, it)
			}
		case compile.ITER, compile.REPEAT:
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			var it iterator
			if in.Op == compile.REPEAT {
				it, err = repeatIter(x)
			} else {
				it, err = newIterator(x)
			}
			if err == nil {
				iters = append(iters, it)
			}
		case compile.NEXT:
			it := iters[len(iters)-1]
			if v, ok := it.next(&t.box); ok {
				stack = append(stack, v)
				if sess.cancelled.Load() {
					err = cancelledError()
				}
			} else {
				iters = iters[:len(iters)-1]
				pc = int(in.A)
			}
		case compile.ENDITER:
			iters = iters[:len(iters)-1]

		case compile.TRY:
			handlers = append(handlers, handler{pc: int(in.A), sp: len(stack), iters: len(iters)})
		case compile.ENDTRY:
			handlers = handlers[:len(handlers)-1]
		case compile.THROW:
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			err = thrown(x)
		case compile.RETURN:
			result = stack[len(stack)-1]
			if fn.Top {
				t.returned = t.returned || in.A == 1
				if v, ok := result.(value.Void); result == nil || ok && v.Nothing {
					result = nil
				}
			} else if result == nil {
				result = value.Nothing
			}
			clear(stack)
			return result, nil

		case compile.ASSERT:
			x := stack[len(stack)-1]
			var sub value.Value
			if in.A == 1 {
				sub = stack[len(stack)-2]
			}
			stack = stack[:len(stack)-1-int(in.A)]
			err = t.assert(sub, x)
		case compile.SHARE:
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if e := sess.shared.Set(lp.prog.Names[in.A], x); e != nil {
				err = e
			}
		case compile.UNDEFALL:
			clear(sess.globals)
		case compile.DEFFUNC:
			f := lp.prog.Funcs[in.A]
			c := &Closure{fn: f, lp: lp, sess: sess}
			sess.funcs[f.Name] = c
			if sess.system {
				sess.shared.setFunc(f.Name, c)
			}
		case compile.TIMERSTART:
			timers = append(timers, time.Now())
		case compile.TIMEREND:
			start := timers[len(timers)-1]
			timers = timers[:len(timers)-1]
			fmt.Fprintf(sess.out, "Time elapsed: %s ms\n", formatMillis(time.Since(start)))
		case compile.SETCASE:
			sess.caseName = lp.consts[in.A].String()
		case compile.MAPR:
			n := int(in.B)
			vals := stack[len(stack)-n:]
			err = t.defineMapr(lp.consts[in.A].(*Code).Node, vals)
			clear(vals)
			stack = stack[:len(stack)-n]
		case compile.METACODE:
			n := 2 * int(in.B)
			pairs := stack[len(stack)-n:]
			var r value.Value
			r, err = t.bindMeta(lp.consts[in.A].(*Code), pairs)
			clear(pairs)
			stack = append(stack[:len(stack)-n], r)
		case compile.SQL:
			fr.pc = pc
			var r value.Value
			r, err = t.sql(lp.consts[in.A].(*Code))
			stack = append(stack, r)
		default:
			err = errorf("internal error: illegal opcode %d", in.Op)
		}

		if err != nil {
			e := asEvalError(err, errCode(in.Op))
			if !e.cancelled && len(handlers) > 0 {
				h := handlers[len(handlers)-1]
				handlers = handlers[:len(handlers)-1]
				if len(stack) >= h.sp {
					clear(stack[h.sp:])
					stack = stack[:h.sp]
				}
				stack = append(stack, exceptionValue(e))
				iters = iters[:h.iters]
				pc = h.pc
				err = nil
				continue
			}
			e.CallStack = append(e.CallStack, Frame{Name: frameName(fn), Pos: fn.Position(pc - 1)})
			clear(stack)
			return nil, e
		}
	}
}

func errCode(op compile.Opcode) string {
	if op == compile.BINOP || op == compile.UNOP {
		return "SYSTEM_Operator"
	}
	return "SYSTEM"
}

func frameName(fn *compile.Funcode) string {
	if fn.Top {
		return ""
	}
	if fn.Name == "" {
		return "<lambda>"
	}
	return fn.Name
}

// op returns the built-in of name index i (resolved at load).
func (lp *loaded) op(_ *Session, i int32) value.Function { return lp.ops[i] }

func formatMillis(d time.Duration) string {
	ms := float64(d.Nanoseconds()) / 1e6
	return value.FormatFloat(float64(int64(ms*1000+0.5))/1000, 64)
}
