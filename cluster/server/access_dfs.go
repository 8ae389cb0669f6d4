// This file checks DolphinDB's access types on DFS reads and writes: the
// session's universe wraps the DFS functions (package dfs) so that each
// call first checks the session's current user against the grants.
// Administrators bypass the checks, as in DolphinDB.

package server

import (
	"strings"

	"github.com/porpoisedb/porpoise/dfs"
	"github.com/porpoisedb/porpoise/vm/value"
)

// accessFunc is a universe function guarded by an access check.
type accessFunc struct {
	inner value.Function
	se    *Session
	// check returns the privilege error for the call, or nil.
	check func(se *Session, env value.Env, a []value.Value) error
	// after runs after a successful call (database ownership).
	after func(se *Session, a []value.Value)
}

func (f *accessFunc) Type() value.Type { return value.FUNCTIONDEF }
func (f *accessFunc) Form() value.Form { return value.SCALAR }
func (f *accessFunc) String() string   { return f.inner.String() }
func (f *accessFunc) Name() string     { return f.inner.Name() }

// ParamNames keeps the keyword arguments of the wrapped function.
func (f *accessFunc) ParamNames() []string {
	if pn, ok := f.inner.(value.ParamNamer); ok {
		return pn.ParamNames()
	}
	return nil
}

func (f *accessFunc) Call(env value.Env, a []value.Value) (value.Value, error) {
	if !f.se.srv.users.IsAdmin(f.se.User()) {
		if err := f.check(f.se, env, a); err != nil {
			return nil, err
		}
	}
	r, err := f.inner.Call(env, a)
	if err == nil && f.after != nil {
		f.after(f.se, a)
	}
	return r, err
}

func accessArg(a []value.Value, i int) value.Value {
	if i < len(a) {
		if _, ok := a[i].(value.Void); !ok {
			return a[i]
		}
	}
	return nil
}

func accessStr(v value.Value) (string, bool) {
	switch s := v.(type) {
	case value.String:
		return string(s), true
	case value.Symbol:
		return string(s), true
	}
	return "", false
}

// dfsDB is the DFS database path of a database handle or a "dfs://" string
// ("" for anything else: the wrapped function reports the error).
func dfsDB(v value.Value) string {
	if d, ok := v.(*dfs.Database); ok {
		return d.Name
	}
	if s, ok := accessStr(v); ok {
		if s = dfs.NormalizeDB(s); strings.HasPrefix(s, "dfs://") {
			return s
		}
	}
	return ""
}

// need checks access on obj for the session's user.
func need(se *Session, access, obj string) error {
	return se.srv.users.CheckAccess(se.User(), access, obj)
}

// needAny passes when any of accesses is allowed, else reports the first.
func needAny(se *Session, obj string, accesses ...string) error {
	for _, a := range accesses {
		if se.srv.users.Allowed(se.User(), a, obj) {
			return nil
		}
	}
	return need(se, accesses[0], obj)
}

// tableObj is "dfs://db/table" from a database argument and a table name.
func tableObj(db, v value.Value) (string, bool) {
	d := dfsDB(db)
	t, ok := accessStr(v)
	if d == "" || !ok {
		return "", false
	}
	return strings.TrimSuffix(d, "/") + "/" + t, true
}

func errNoManage() error {
	return errorString("<NoPrivilege>Not granted to create or delete databases")
}

type errorString string

func (e errorString) Error() string { return string(e) }

// exists reports whether the DFS database db exists, through the
// universe's existsDatabase.
func exists(u map[string]value.Function, env value.Env, db string) bool {
	f := u["existsDatabase"]
	if f == nil {
		return false
	}
	v, err := f.Call(env, []value.Value{value.String(db)})
	if err != nil {
		return false
	}
	b, ok := value.ToInt64(v)
	return ok && b != 0
}

// guardDFS wraps the DFS functions of u for se.
func guardDFS(u map[string]value.Function, se *Session) {
	wrap := func(name string, check func(*Session, value.Env, []value.Value) error, after func(*Session, []value.Value)) {
		if f, ok := u[name]; ok && f != nil {
			u[name] = &accessFunc{inner: f, se: se, check: check, after: after}
		}
	}
	// Reads.
	wrap("loadTable", func(se *Session, _ value.Env, a []value.Value) error {
		if obj, ok := tableObj(accessArg(a, 0), accessArg(a, 1)); ok {
			return need(se, "TABLE_READ", obj)
		}
		return nil
	}, nil)
	// Appends to DFS tables: TABLE_WRITE or TABLE_INSERT.
	appendCheck := func(se *Session, _ value.Env, a []value.Value) error {
		if h, ok := accessArg(a, 0).(*dfs.Table); ok {
			obj := strings.TrimSuffix(h.DB, "/") + "/" + h.Name
			return needAny(se, obj, "TABLE_INSERT", "TABLE_WRITE")
		}
		return nil
	}
	wrap("append!", appendCheck, nil)
	wrap("tableInsert", appendCheck, nil)
	// Creating a database: DB_OWNER (or DB_MANAGE); the creator owns it.
	creating := func(env value.Env, a []value.Value) string {
		if accessArg(a, 1) == nil {
			return ""
		}
		if d := dfsDB(accessArg(a, 0)); d != "" && !exists(u, env, d) {
			return d
		}
		return ""
	}
	var created string
	wrap("database", func(se *Session, env value.Env, a []value.Value) error {
		created = ""
		d := creating(env, a)
		if d == "" {
			return nil
		}
		if needAny(se, d, "DB_OWNER", "DB_MANAGE") != nil {
			return errNoManage()
		}
		created = d
		return nil
	}, func(se *Session, a []value.Value) {
		if created != "" {
			_ = se.srv.users.setOwner(se.User(), created, true)
			created = ""
		}
	})
	wrap("dropDatabase", func(se *Session, _ value.Env, a []value.Value) error {
		d := dfsDB(accessArg(a, 0))
		if d == "" {
			return nil
		}
		if !se.srv.users.Allowed(se.User(), "DB_MANAGE", d) && !se.srv.users.owned(se.User(), d) {
			return errNoManage()
		}
		return nil
	}, func(se *Session, a []value.Value) {
		if d := dfsDB(accessArg(a, 0)); d != "" {
			_ = se.srv.users.setOwner("", d, false)
		}
	})
	// Tables of a database: DBOBJ_CREATE / DBOBJ_DELETE (or ownership).
	dbObj := func(access string) func(*Session, value.Env, []value.Value) error {
		return func(se *Session, _ value.Env, a []value.Value) error {
			if d := dfsDB(accessArg(a, 0)); d != "" {
				return need(se, access, d)
			}
			return nil
		}
	}
	for _, n := range []string{"createPartitionedTable", "createTable", "createDimensionTable", "addValuePartitions"} {
		wrap(n, dbObj("DBOBJ_CREATE"), nil)
	}
	wrap("dropTable", dbObj("DBOBJ_DELETE"), nil)
	// Deleting data of a table: TABLE_DELETE (TABLE_WRITE includes it) or
	// DBOBJ_DELETE on the database.
	wrap("dropPartition", func(se *Session, _ value.Env, a []value.Value) error {
		d := dfsDB(accessArg(a, 0))
		if d == "" {
			return nil
		}
		if se.srv.users.Allowed(se.User(), "DBOBJ_DELETE", d) {
			return nil
		}
		if obj, ok := tableObj(accessArg(a, 0), accessArg(a, 2)); ok {
			return need(se, "TABLE_DELETE", obj)
		}
		return need(se, "DBOBJ_DELETE", d)
	}, nil)
	wrap("truncate", func(se *Session, _ value.Env, a []value.Value) error {
		if obj, ok := tableObj(accessArg(a, 0), accessArg(a, 1)); ok {
			return need(se, "TABLE_DELETE", obj)
		}
		return nil
	}, nil)
}
