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
// object itself, or an enclosing path ("dfs://db" covers "dfs://db/pt").
func covers(pattern, obj string) bool {
	return pattern == "*" || pattern == obj || strings.HasPrefix(obj, strings.TrimSuffix(pattern, "/")+"/")
}

func match(r rights, access, obj string) bool {
	for _, p := range r[access] {
		if covers(p, obj) {
			return true
		}
	}
	return false
}

// Allowed reports whether user may perform access on obj (a DFS path such
// as "dfs://db/table"). Administrators may do anything; a deny on the user
// or any of its groups wins over a grant.
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
	accesses := []string{access}
	// Database-level rights imply the table-level ones.
	if strings.HasPrefix(access, "TABLE_") {
		accesses = append(accesses, "DB_"+strings.TrimPrefix(access, "TABLE_"))
	}
	accesses = append(accesses, "DB_OWNER")
	if match(r.Deny, access, obj) {
		return false
	}
	for _, g := range r.Groups {
		if gr := u.groups[g]; gr != nil && match(gr.Deny, access, obj) {
			return false
		}
	}
	for _, a := range accesses {
		if match(r.Allow, a, obj) {
			return true
		}
		for _, g := range r.Groups {
			if gr := u.groups[g]; gr != nil && match(gr.Allow, a, obj) {
				return true
			}
		}
	}
	return false
}

// CheckAccess is Allowed as an error, for DFS reads and writes.
func (u *Users) CheckAccess(user, access, obj string) error {
	if u.Allowed(user, access, obj) {
		return nil
	}
	return fmt.Errorf("<NoPrivilege>Not granted to %s %s", strings.ToLower(strings.ReplaceAll(access, "_", " ")), obj)
}
