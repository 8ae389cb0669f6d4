package vfs

import (
	"errors"
	"strings"
	"testing"
)

func TestMemCrashCloneKeepsSyncedOnly(t *testing.T) {
	m := NewMem()
	m.MkdirAll("/d")
	f, _ := m.Create("/d/a")
	f.Write([]byte("hello"))
	f.Sync()
	f.Write([]byte(" world"))
	g, _ := m.Create("/d/b")
	g.Write([]byte("never synced"))
	c := m.CrashClone()
	b, err := ReadFile(c, "/d/a")
	if err != nil || string(b) != "hello" {
		t.Fatalf("a: %q %v", b, err)
	}
	if c.Exists("/d/b") {
		t.Fatal("b survived a crash without a sync")
	}
	names, _ := m.ReadDir("/d")
	if strings.Join(names, ",") != "a,b" {
		t.Fatalf("readdir %v", names)
	}
}

func TestErrorFSTraceAndInjection(t *testing.T) {
	m := NewMem()
	e := NewErrorFS(m, "/r/", OnNth(2, "sync", ""))
	e.MkdirAll("/r/x")
	if err := WriteFileAtomic(e, "/r/x/f", []byte("abc"), true); err != nil {
		t.Fatal(err)
	}
	err := WriteFileAtomic(e, "/r/x/g", []byte("de"), true)
	if !errors.Is(err, ErrInjected) {
		t.Fatalf("want injected error, got %v", err)
	}
	want := `mkdir x
create x/f.tmp
write x/f.tmp 3
sync x/f.tmp
close x/f.tmp
rename x/f.tmp -> x/f
syncdir x
create x/g.tmp
write x/g.tmp 2
sync x/g.tmp -> error
close x/g.tmp
remove x/g.tmp`
	if got := e.Trace(); got != want {
		t.Fatalf("trace:\n%s", got)
	}
	if m.Exists("/r/x/g") || m.Exists("/r/x/g.tmp") {
		t.Fatal("a failed atomic write left a file")
	}
}
