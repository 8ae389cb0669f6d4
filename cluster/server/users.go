// This file defines Users: the node's users, groups and access rights,
// persisted as JSON under <home>/sysmgmt with salted PBKDF2 password
// hashes.

package server

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Admin is the built-in administrator, created with password 123456.
const (
	Admin           = "admin"
	defaultPassword = "123456"
	pbkdf2Rounds    = 4096
)

// AccessTypes are DolphinDB's privilege names accepted by grant, deny and
// revoke.
var AccessTypes = []string{
	"TABLE_READ", "TABLE_WRITE", "TABLE_INSERT", "TABLE_UPDATE", "TABLE_DELETE",
	"DB_READ", "DB_WRITE", "DB_INSERT", "DB_UPDATE", "DB_DELETE",
	"DBOBJ_CREATE", "DBOBJ_DELETE", "DB_MANAGE", "DB_OWNER",
	"VIEW_EXEC", "VIEW_OWNER", "SCRIPT_EXEC", "TEST_EXEC",
	"QUERY_RESULT_MEM_LIMIT", "TASK_GROUP_MEM_LIMIT", "COMPUTE_GROUP_EXEC",
}

// rights maps an access type to the objects it covers ("*" = all).
type rights map[string][]string

type userRec struct {
	Name   string   `json:"name"`
	Salt   []byte   `json:"salt"`
	Hash   []byte   `json:"hash"`
	Admin  bool     `json:"admin"`
	Groups []string `json:"groups,omitempty"`
	Allow  rights   `json:"allow,omitempty"`
	Deny   rights   `json:"deny,omitempty"`
}

type groupRec struct {
	Name    string   `json:"name"`
	Members []string `json:"members,omitempty"`
	Allow   rights   `json:"allow,omitempty"`
	Deny    rights   `json:"deny,omitempty"`
}

// Users is the node's access-control store. It is safe for concurrent use.
type Users struct {
	mu     sync.RWMutex
	path   string // "" = memory only
	users  map[string]*userRec
	groups map[string]*groupRec
}

type aclFile struct {
	Users  []*userRec  `json:"users"`
	Groups []*groupRec `json:"groups"`
}

// OpenUsers loads home/sysmgmt/acl.json, creating admin/123456 when the
// store is new. An empty home keeps the store in memory.
func OpenUsers(home string) (*Users, error) {
	u := &Users{users: map[string]*userRec{}, groups: map[string]*groupRec{}}
	if home != "" {
		u.path = filepath.Join(home, "sysmgmt", "acl.json")
		b, err := os.ReadFile(u.path)
		switch {
		case err == nil:
			var f aclFile
			if err := json.Unmarshal(b, &f); err != nil {
				return nil, fmt.Errorf("server: %s: %w", u.path, err)
			}
			for _, r := range f.Users {
				u.users[r.Name] = r
			}
			for _, g := range f.Groups {
				u.groups[g.Name] = g
			}
		case !errors.Is(err, os.ErrNotExist):
			return nil, fmt.Errorf("server: %w", err)
		}
	}
	if _, ok := u.users[Admin]; !ok {
		u.mu.Lock()
		err := u.add(Admin, defaultPassword, true)
		u.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
	return u, nil
}

func hashPassword(pwd string, salt []byte) []byte {
	h, err := pbkdf2.Key(sha256.New, pwd, salt, pbkdf2Rounds, 32)
	if err != nil {
		panic(err) // only for invalid parameters
	}
	return h
}

// save writes the store atomically; the caller holds mu.
func (u *Users) save() error {
	if u.path == "" {
		return nil
	}
	f := aclFile{}
	for _, r := range u.users {
		f.Users = append(f.Users, r)
	}
	for _, g := range u.groups {
		f.Groups = append(f.Groups, g)
	}
	sort.Slice(f.Users, func(i, j int) bool { return f.Users[i].Name < f.Users[j].Name })
	sort.Slice(f.Groups, func(i, j int) bool { return f.Groups[i].Name < f.Groups[j].Name })
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(u.path), 0o755); err != nil {
		return err
	}
	tmp := u.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, u.path)
}

var validName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,29}$`)

// add creates a user; the caller holds mu.
func (u *Users) add(name, pwd string, admin bool) error {
	if !validName.MatchString(name) {
		return fmt.Errorf("Invalid user name '%s'. A user name must start with a letter and contain only letters, digits or underscores (at most 30 characters).", name)
	}
	if _, ok := u.users[name]; ok {
		return fmt.Errorf("The user name '%s' already exists.", name)
	}
	if _, ok := u.groups[name]; ok {
		return fmt.Errorf("The name '%s' is already used by a group.", name)
	}
	if err := checkPassword(pwd); err != nil {
		return err
	}
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	u.users[name] = &userRec{Name: name, Salt: salt, Hash: hashPassword(pwd, salt), Admin: admin}
	return u.save()
}

func checkPassword(pwd string) error {
	if len(pwd) < 1 || len(pwd) > 20 || strings.ContainsAny(pwd, " \t\r\n") {
		return errors.New("Invalid password. A password must have 1 to 20 characters with no spaces or control characters.")
	}
	return nil
}

// errBadLogin is the real server's message for any failed login.
var errBadLogin = errors.New("The user name or password is incorrect.")

// Authenticate checks a user's password.
func (u *Users) Authenticate(name, pwd string) error {
	u.mu.RLock()
	r, ok := u.users[name]
	u.mu.RUnlock()
	if !ok {
		hashPassword(pwd, make([]byte, 16)) // same cost as a real check
		return errBadLogin
	}
	if subtle.ConstantTimeCompare(hashPassword(pwd, r.Salt), r.Hash) != 1 {
		return errBadLogin
	}
	return nil
}

// IsAdmin reports whether name is an administrator.
func (u *Users) IsAdmin(name string) bool {
	u.mu.RLock()
	defer u.mu.RUnlock()
	r, ok := u.users[name]
	return ok && r.Admin
}

// Create adds a user with the given groups.
func (u *Users) Create(name, pwd string, groups []string, admin bool) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, g := range groups {
		if _, ok := u.groups[g]; !ok {
			return fmt.Errorf("The group '%s' doesn't exist.", g)
		}
	}
	if err := u.add(name, pwd, admin); err != nil {
		return err
	}
	for _, g := range groups {
		u.join(name, g)
	}
	return u.save()
}

func (u *Users) join(user, group string) {
	r, g := u.users[user], u.groups[group]
	if !slices.Contains(r.Groups, group) {
		r.Groups = append(r.Groups, group)
	}
	if !slices.Contains(g.Members, user) {
		g.Members = append(g.Members, user)
	}
}

func (u *Users) leave(user, group string) {
	if r := u.users[user]; r != nil {
		r.Groups = slices.DeleteFunc(r.Groups, func(x string) bool { return x == group })
	}
	if g := u.groups[group]; g != nil {
		g.Members = slices.DeleteFunc(g.Members, func(x string) bool { return x == user })
	}
}

// Delete removes a user.
func (u *Users) Delete(name string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	r, ok := u.users[name]
	if !ok {
		return fmt.Errorf("The user '%s' doesn't exist.", name)
	}
	if name == Admin {
		return errors.New("The user admin can't be deleted.")
	}
	for _, g := range slices.Clone(r.Groups) {
		u.leave(name, g)
	}
	delete(u.users, name)
	return u.save()
}

// SetPassword replaces a user's password.
func (u *Users) SetPassword(name, pwd string) error {
	if err := checkPassword(pwd); err != nil {
		return err
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	r, ok := u.users[name]
	if !ok {
		return fmt.Errorf("The user '%s' doesn't exist.", name)
	}
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	r.Salt, r.Hash = salt, hashPassword(pwd, salt)
	return u.save()
}
