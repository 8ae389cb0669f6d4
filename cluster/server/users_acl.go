// This file defines groups and access rights on Users: grant, deny,
// revoke, and the Allowed check used for DFS reads and writes.

package server

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// CreateGroup adds a group with the given members.
func (u *Users) CreateGroup(name string, members []string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if !validName.MatchString(name) {
		return fmt.Errorf("Invalid group name '%s'.", name)
	}
	if _, ok := u.groups[name]; ok {
		return fmt.Errorf("The group '%s' already exists.", name)
	}
	if _, ok := u.users[name]; ok {
		return fmt.Errorf("The name '%s' is already used by a user.", name)
	}
	for _, m := range members {
		if _, ok := u.users[m]; !ok {
			return fmt.Errorf("The user '%s' doesn't exist.", m)
		}
	}
	u.groups[name] = &groupRec{Name: name}
	for _, m := range members {
		u.join(m, name)
	}
	return u.save()
}

// DeleteGroup removes a group.
func (u *Users) DeleteGroup(name string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	g, ok := u.groups[name]
	if !ok {
		return fmt.Errorf("The group '%s' doesn't exist.", name)
	}
	for _, m := range slices.Clone(g.Members) {
		u.leave(m, name)
	}
	delete(u.groups, name)
	return u.save()
}

// SetMembership adds (join) or removes users from groups.
func (u *Users) SetMembership(users, groups []string, join bool) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, n := range users {
		if _, ok := u.users[n]; !ok {
			return fmt.Errorf("The user '%s' doesn't exist.", n)
		}
	}
	for _, g := range groups {
		if _, ok := u.groups[g]; !ok {
			return fmt.Errorf("The group '%s' doesn't exist.", g)
		}
	}
	for _, n := range users {
		for _, g := range groups {
			if join {
				u.join(n, g)
			} else {
				u.leave(n, g)
			}
		}
	}
	return u.save()
}

// UserNames lists the users, sorted.
func (u *Users) UserNames() []string {
	u.mu.RLock()
	defer u.mu.RUnlock()
	out := make([]string, 0, len(u.users))
	for n := range u.users {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// GroupNames lists the groups, sorted.
func (u *Users) GroupNames() []string {
	u.mu.RLock()
	defer u.mu.RUnlock()
	out := make([]string, 0, len(u.groups))
	for n := range u.groups {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Members lists a group's users.
func (u *Users) Members(group string) ([]string, error) {
	u.mu.RLock()
	defer u.mu.RUnlock()
	g, ok := u.groups[group]
	if !ok {
		return nil, fmt.Errorf("The group '%s' doesn't exist.", group)
	}
	return slices.Sorted(slices.Values(g.Members)), nil
}

// GroupsOf lists a user's groups.
func (u *Users) GroupsOf(user string) ([]string, error) {
	u.mu.RLock()
	defer u.mu.RUnlock()
	r, ok := u.users[user]
	if !ok {
		return nil, fmt.Errorf("The user '%s' doesn't exist.", user)
	}
	return slices.Sorted(slices.Values(r.Groups)), nil
}

// rightsOf returns the allow and deny sets of a user or group.
func (u *Users) rightsOf(name string) (allow, deny *rights, err error) {
	if r, ok := u.users[name]; ok {
		return &r.Allow, &r.Deny, nil
	}
	if g, ok := u.groups[name]; ok {
		return &g.Allow, &g.Deny, nil
	}
	return nil, nil, fmt.Errorf("The user or group '%s' doesn't exist.", name)
}

func validAccess(access string) error {
	if slices.Contains(AccessTypes, access) {
		return nil
	}
	return fmt.Errorf("Invalid privilege type %s.", access)
}

// Change applies grant, deny or revoke of access on objs ("*" when empty)
// to a user or group.
func (u *Users) Change(op, name, access string, objs []string) error {
	if err := validAccess(access); err != nil {
		return err
	}
	if len(objs) == 0 {
		objs = []string{"*"}
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	allow, deny, err := u.rightsOf(name)
	if err != nil {
		return err
	}
	for _, p := range []*rights{allow, deny} {
		if *p == nil {
			*p = rights{}
		}
	}
	for _, o := range objs {
		(*allow)[access] = slices.DeleteFunc((*allow)[access], func(x string) bool { return x == o })
		(*deny)[access] = slices.DeleteFunc((*deny)[access], func(x string) bool { return x == o })
		switch op {
		case "grant":
			(*allow)[access] = append((*allow)[access], o)
		case "deny":
			(*deny)[access] = append((*deny)[access], o)
		}
	}
	return u.save()
}

// covers reports whether a right on pattern applies to obj: "*", the
// object itself, an enclosing path ("dfs://db" covers "dfs://db/pt"), or a
// prefix pattern ("dfs://db*", as DB_OWNER grants take).
func covers(pattern, obj string) bool {
	if pattern == "*" || pattern == obj || strings.HasPrefix(obj, strings.TrimSuffix(pattern, "/")+"/") {
		return true
	}
	return len(pattern) > 1 && strings.HasSuffix(pattern, "*") && strings.HasPrefix(obj, strings.TrimSuffix(pattern, "*"))
}

func match(r rights, access, obj string) bool {
	for _, p := range r[access] {
		if covers(p, obj) {
			return true
		}
	}
	return false
}

// owns reports whether r holds DB_OWNER on the database of obj itself (a
// database it created, or a prefix grant): a global DB_OWNER only lets a
// user create databases, not use other users' ones.
func owns(r rights, obj string) bool {
	for _, p := range r["DB_OWNER"] {
		if p != "*" && covers(p, obj) {
			return true
		}
	}
	return false
}

// implied lists the access types whose grant gives access (besides access
// itself and DB ownership): TABLE_WRITE includes inserting, updating and
// deleting, and DB_X gives TABLE_X on every table of the database.
func implied(access string) []string {
	out := []string{access}
	switch access {
	case "TABLE_INSERT", "TABLE_UPDATE", "TABLE_DELETE":
		out = append(out, "TABLE_WRITE")
	case "DB_INSERT", "DB_UPDATE", "DB_DELETE":
		out = append(out, "DB_WRITE")
	}
	for _, a := range out {
		if strings.HasPrefix(a, "TABLE_") {
			out = append(out, "DB_"+strings.TrimPrefix(a, "TABLE_"))
		}
	}
	return out
}

// Allowed reports whether user may perform access on obj (a DFS path such
// as "dfs://db/table"). Administrators may do anything; a deny on the user
// or any of its groups, of access or of a type that implies it, wins over
// a grant.
func (u *Users) Allowed(user, access, obj string) bool {
	u.mu.RLock()
	defer u.mu.RUnlock()
	r, ok := u.users[user]
	if !ok {
		return false
	}
	if r.Admin {
		return true
	}
	sets := []*rights{&r.Allow}
	denies := []rights{r.Deny}
	for _, g := range r.Groups {
		if gr := u.groups[g]; gr != nil {
			sets = append(sets, &gr.Allow)
			denies = append(denies, gr.Deny)
		}
	}
	accesses := implied(access)
	for _, d := range denies {
		for _, a := range accesses {
			if match(d, a, obj) {
				return false
			}
		}
	}
	for _, s := range sets {
		for _, a := range accesses {
			if match(*s, a, obj) {
				return true
			}
		}
		if access != "DB_OWNER" && owns(*s, obj) {
			return true
		}
	}
	return false
}

// setOwner records (own) or forgets user's ownership of the database db,
// as a DB_OWNER grant on db.
func (u *Users) setOwner(user, db string, own bool) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	changed := false
	for _, r := range u.users {
		if own && r.Name != user {
			continue
		}
		if r.Allow == nil {
			r.Allow = rights{}
		}
		had := slices.Contains(r.Allow["DB_OWNER"], db)
		r.Allow["DB_OWNER"] = slices.DeleteFunc(r.Allow["DB_OWNER"], func(x string) bool { return x == db })
		if own {
			r.Allow["DB_OWNER"] = append(r.Allow["DB_OWNER"], db)
		}
		changed = changed || own || had
	}
	if !changed {
		return nil
	}
	return u.save()
}

// CheckAccess is Allowed as an error, for DFS reads and writes.
func (u *Users) CheckAccess(user, access, obj string) error {
	if u.Allowed(user, access, obj) {
		return nil
	}
	return fmt.Errorf("<NoPrivilege>Not granted to %s %s", accessVerb(access), obj)
}

// accessVerb words an access type as DolphinDB's privilege errors do
// ("Not granted to read table dfs://db/pt").
func accessVerb(access string) string {
	switch access {
	case "TABLE_READ", "DB_READ":
		return "read table"
	case "TABLE_WRITE", "DB_WRITE":
		return "write table"
	case "TABLE_INSERT", "DB_INSERT":
		return "write data to table"
	case "TABLE_UPDATE", "DB_UPDATE":
		return "update table"
	case "TABLE_DELETE", "DB_DELETE":
		return "delete data of table"
	case "DBOBJ_CREATE":
		return "create table in"
	case "DBOBJ_DELETE":
		return "delete table in"
	}
	return strings.ToLower(strings.ReplaceAll(access, "_", " "))
}

// owned reports whether user owns the database db (created it, or holds a
// DB_OWNER grant on it or on a prefix of it).
func (u *Users) owned(user, db string) bool {
	u.mu.RLock()
	defer u.mu.RUnlock()
	r, ok := u.users[user]
	if !ok {
		return false
	}
	if owns(r.Allow, db) {
		return true
	}
	for _, g := range r.Groups {
		if gr := u.groups[g]; gr != nil && owns(gr.Allow, db) {
			return true
		}
	}
	return false
}
