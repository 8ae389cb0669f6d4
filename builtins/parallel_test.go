package builtins

import (
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/porpoisedb/porpoise/vm/value"
)

// forkEnv is a minimal Env whose Fork hands out independent copies.
type forkEnv struct{ forks *atomic.Int32 }

func (e forkEnv) Out() io.Writer                 { return io.Discard }
func (e forkEnv) CheckCancel() error             { return nil }
func (e forkEnv) Var(string) (value.Value, bool) { return nil, false }
func (e forkEnv) Call(f value.Function, a []value.Value) (value.Value, error) {
	return f.Call(e, a)
}
func (e forkEnv) Fork() value.Env { e.forks.Add(1); return e }

func TestPeachParallel(t *testing.T) {
	SetLocalExecutors(4)
	defer SetLocalExecutors(0)
	var running, peak atomic.Int32
	slow := &Builtin{Decl: &Func{Name: "slow", Params: []string{"x"}, MinArgs: 1, MaxArgs: 1, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		running.Add(-1)
		return a[0], nil
	}}}
	env := forkEnv{forks: new(atomic.Int32)}
	peach, _ := Default().Lookup("peach")
	r, err := peach.Call(env, []value.Value{slow, ints(1, 2, 3, 4, 5, 6, 7, 8)})
	if err != nil {
		t.Fatal(err)
	}
	if r.String() != "[1,2,3,4,5,6,7,8]" {
		t.Fatalf("peach = %s", r)
	}
	if peak.Load() < 2 || env.forks.Load() != 4 {
		t.Fatalf("peak concurrency %d, forks %d", peak.Load(), env.forks.Load())
	}
}
