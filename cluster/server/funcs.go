// This file defines the session-level functions the server adds to each
// session's universe, and the user-management ones: login, logout,
// createUser, deleteUser, resetPwd, changePwd, groups, grant/deny/revoke.

package server

import (
	"fmt"

	"github.com/porpoisedb/porpoise/vm/value"
)

// sessionFunc is a function that needs the calling session.
type sessionFunc struct {
	name     string
	min, max int
	// weak: a built-in of the same name wins.
	weak bool
	impl func(se *Session, args []value.Value) (value.Value, error)
}

// boundFunc is a sessionFunc bound to one session; it is a value.Function.
type boundFunc struct {
	def *sessionFunc
	se  *Session
}

func (f *boundFunc) Type() value.Type { return value.FUNCTIONDEF }
func (f *boundFunc) Form() value.Form { return value.SCALAR }
func (f *boundFunc) String() string   { return f.def.name }
func (f *boundFunc) Name() string     { return f.def.name }

func (f *boundFunc) Call(_ value.Env, args []value.Value) (value.Value, error) {
	if len(args) < f.def.min || len(args) > f.def.max {
		return nil, fmt.Errorf("The function [%s] expects %d~%d argument(s), but the actual number of arguments is: %d", f.def.name, f.def.min, f.def.max, len(args))
	}
	return f.def.impl(f.se, args)
}

var sessionFuncList []*sessionFunc

func sessionFuncs() []*sessionFunc { return sessionFuncList }

func init() {
	sessionFuncList = append(sessionFuncList, []*sessionFunc{
		{name: "login", min: 2, max: 3, impl: fnLogin},
		{name: "logout", min: 0, max: 0, impl: fnLogout},
		{name: "createUser", min: 2, max: 4, impl: fnCreateUser},
		{name: "deleteUser", min: 1, max: 1, impl: fnDeleteUser},
		{name: "resetPwd", min: 2, max: 2, impl: fnResetPwd},
		{name: "changePwd", min: 2, max: 2, impl: fnChangePwd},
		{name: "createGroup", min: 1, max: 2, impl: fnCreateGroup},
		{name: "deleteGroup", min: 1, max: 1, impl: fnDeleteGroup},
		{name: "addGroupMember", min: 2, max: 2, impl: fnGroupMember(true)},
		{name: "deleteGroupMember", min: 2, max: 2, impl: fnGroupMember(false)},
		{name: "getUserList", min: 0, max: 0, impl: fnGetUserList},
		{name: "getGroupList", min: 0, max: 0, impl: fnGetGroupList},
		{name: "getUsersByGroupId", min: 1, max: 1, impl: fnUsersByGroup},
		{name: "getGroupsByUserId", min: 1, max: 1, impl: fnGroupsByUser},
		{name: "grant", min: 2, max: 3, impl: fnAccess("grant")},
		{name: "deny", min: 2, max: 3, impl: fnAccess("deny")},
		{name: "revoke", min: 2, max: 3, impl: fnAccess("revoke")},
		{name: "getCurrentSessionAndUser", min: 0, max: 0, impl: fnSessionAndUser},
		{name: "isNodeInitialized", min: 0, max: 0, weak: true, impl: func(*Session, []value.Value) (value.Value, error) { return value.Bool(1), nil }},
		{name: "version", min: 0, max: 0, weak: true, impl: func(*Session, []value.Value) (value.Value, error) { return value.String(Version), nil }},
		{name: "getNodeAlias", min: 0, max: 0, weak: true, impl: func(se *Session, _ []value.Value) (value.Value, error) {
			return value.String(se.srv.opts.NodeAlias), nil
		}},
	}...)
}

// constants are the access types (TABLE_READ ...) as STRING constants.
func (s *Server) constants() map[string]value.Value {
	m := make(map[string]value.Value, len(s.opts.Constants)+len(AccessTypes))
	for _, a := range AccessTypes {
		m[a] = value.String(a)
	}
	for k, v := range s.opts.Constants {
		m[k] = v
	}
	return m
}

// login authenticates se as user.
func (s *Server) login(se *Session, user, pwd string) error {
	if err := s.users.Authenticate(user, pwd); err != nil {
		s.log.Warn().Str("user", user).Str("remote", se.remote.String()).Msg("login failed")
		return err
	}
	se.setUser(user)
	s.log.Info().Str("user", user).Uint64("session", se.ID).Msg("login")
	return nil
}

func str(args []value.Value, i int, what string) (string, error) {
	switch x := args[i].(type) {
	case value.String:
		return string(x), nil
	case value.Symbol:
		return string(x), nil
	case value.Function:
		return x.Name(), nil
	}
	return "", fmt.Errorf("%s must be a string scalar", what)
}

// strs accepts a string scalar or a STRING/SYMBOL vector.
func strs(v value.Value, what string) ([]string, error) {
	switch x := v.(type) {
	case value.String:
		return []string{string(x)}, nil
	case value.Symbol:
		return []string{string(x)}, nil
	case value.Void:
		return nil, nil
	case *value.Vector:
		if x.Type() == value.STRING || x.Type() == value.SYMBOL {
			out := make([]string, x.Len())
			for i := range out {
				out[i] = x.Get(i).String()
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("%s must be a string scalar or vector", what)
}

func boolArg(args []value.Value, i int) bool {
	if i >= len(args) {
		return false
	}
	b, ok := args[i].(value.Bool)
	return ok && b == 1
}

func (se *Session) requireAdmin(fn string) error {
	if !se.srv.users.IsAdmin(se.User()) {
		return fmt.Errorf("Only administrators execute function %s", fn)
	}
	return nil
}

func fnLogin(se *Session, args []value.Value) (value.Value, error) {
	user, err := str(args, 0, "userId")
	if err != nil {
		return nil, err
	}
	pwd, err := str(args, 1, "password")
	if err != nil {
		return nil, err
	}
	if boolArg(args, 2) {
		return nil, fmt.Errorf("Encrypted login is not supported; call login(userId, password)")
	}
	if err := se.srv.login(se, user, pwd); err != nil {
		return nil, err
	}
	return value.Bool(1), nil
}

func fnLogout(se *Session, _ []value.Value) (value.Value, error) {
	se.setUser(Guest)
	return nil, nil
}

func fnCreateUser(se *Session, args []value.Value) (value.Value, error) {
	if err := se.requireAdmin("createUser"); err != nil {
		return nil, err
	}
	user, err := str(args, 0, "userId")
	if err != nil {
		return nil, err
	}
	pwd, err := str(args, 1, "password")
	if err != nil {
		return nil, err
	}
	var groups []string
	if len(args) > 2 {
		if groups, err = strs(args[2], "groupIds"); err != nil {
			return nil, err
		}
	}
	return nil, se.srv.users.Create(user, pwd, groups, boolArg(args, 3))
}

func fnDeleteUser(se *Session, args []value.Value) (value.Value, error) {
	if err := se.requireAdmin("deleteUser"); err != nil {
		return nil, err
	}
	user, err := str(args, 0, "userId")
	if err != nil {
		return nil, err
	}
	return nil, se.srv.users.Delete(user)
}

func fnResetPwd(se *Session, args []value.Value) (value.Value, error) {
	if err := se.requireAdmin("resetPwd"); err != nil {
		return nil, err
	}
	user, err := str(args, 0, "userId")
	if err != nil {
		return nil, err
	}
	pwd, err := str(args, 1, "newPassword")
	if err != nil {
		return nil, err
	}
	return nil, se.srv.users.SetPassword(user, pwd)
}

func fnChangePwd(se *Session, args []value.Value) (value.Value, error) {
	old, err := str(args, 0, "oldPassword")
	if err != nil {
		return nil, err
	}
	pwd, err := str(args, 1, "newPassword")
	if err != nil {
		return nil, err
	}
	user := se.User()
	if user == Guest {
		return nil, fmt.Errorf("Please login first")
	}
	if err := se.srv.users.Authenticate(user, old); err != nil {
		return nil, fmt.Errorf("The old password is incorrect.")
	}
	return nil, se.srv.users.SetPassword(user, pwd)
}

func fnCreateGroup(se *Session, args []value.Value) (value.Value, error) {
	if err := se.requireAdmin("createGroup"); err != nil {
		return nil, err
	}
	g, err := str(args, 0, "groupId")
	if err != nil {
		return nil, err
	}
	var members []string
	if len(args) > 1 {
		if members, err = strs(args[1], "userIds"); err != nil {
			return nil, err
		}
	}
	return nil, se.srv.users.CreateGroup(g, members)
}

func fnDeleteGroup(se *Session, args []value.Value) (value.Value, error) {
	if err := se.requireAdmin("deleteGroup"); err != nil {
		return nil, err
	}
	g, err := str(args, 0, "groupId")
	if err != nil {
		return nil, err
	}
	return nil, se.srv.users.DeleteGroup(g)
}

func fnGroupMember(join bool) func(*Session, []value.Value) (value.Value, error) {
	return func(se *Session, args []value.Value) (value.Value, error) {
		if err := se.requireAdmin("addGroupMember"); err != nil {
			return nil, err
		}
		users, err := strs(args[0], "userIds")
		if err != nil {
			return nil, err
		}
		groups, err := strs(args[1], "groupIds")
		if err != nil {
			return nil, err
		}
		return nil, se.srv.users.SetMembership(users, groups, join)
	}
}

func fnGetUserList(se *Session, _ []value.Value) (value.Value, error) {
	if err := se.requireAdmin("getUserList"); err != nil {
		return nil, err
	}
	return value.NewStringVector(se.srv.users.UserNames()), nil
}

func fnGetGroupList(se *Session, _ []value.Value) (value.Value, error) {
	if err := se.requireAdmin("getGroupList"); err != nil {
		return nil, err
	}
	return value.NewStringVector(se.srv.users.GroupNames()), nil
}

func fnUsersByGroup(se *Session, args []value.Value) (value.Value, error) {
	g, err := str(args, 0, "groupId")
	if err != nil {
		return nil, err
	}
	m, err := se.srv.users.Members(g)
	if err != nil {
		return nil, err
	}
	return value.NewStringVector(m), nil
}

func fnGroupsByUser(se *Session, args []value.Value) (value.Value, error) {
	u, err := str(args, 0, "userId")
	if err != nil {
		return nil, err
	}
	m, err := se.srv.users.GroupsOf(u)
	if err != nil {
		return nil, err
	}
	return value.NewStringVector(m), nil
}

func fnAccess(op string) func(*Session, []value.Value) (value.Value, error) {
	return func(se *Session, args []value.Value) (value.Value, error) {
		if err := se.requireAdmin(op); err != nil {
			return nil, err
		}
		name, err := str(args, 0, "userId/groupId")
		if err != nil {
			return nil, err
		}
		access, err := str(args, 1, "accessType")
		if err != nil {
			return nil, err
		}
		var objs []string
		if len(args) > 2 {
			if objs, err = strs(args[2], "objs"); err != nil {
				return nil, err
			}
		}
		return nil, se.srv.users.Change(op, name, access, objs)
	}
}

func fnSessionAndUser(se *Session, _ []value.Value) (value.Value, error) {
	return value.NewTuple([]value.Value{value.Long(se.ID), value.String(se.User())}), nil
}
