// This file resolves function names through modules: `module a::b` makes a
// chunk a module whose functions are known as a::b::f, and `use a::b`
// imports one. An unqualified name f resolves, in order, to the function f
// of the current module, to the single imported module defining f (two are
// an error), then to the root namespace (session functions and built-ins);
// ns::f names a module function explicitly and ::f a built-in.

package resolve

import (
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
)

// ModuleEnv is optionally implemented by an Env that supports modules.
type ModuleEnv interface {
	// UseModule loads the module path (a::b) if it is not loaded yet, so
	// that its functions are session functions named a::b::f, and imports
	// it into the session.
	UseModule(path string) error
	// ImportedModules lists the modules imported so far, in import order.
	ImportedModules() []string
}

// moduleOf returns the module a chunk defines (its first statement is
// `module a::b`), or "".
func moduleOf(stmts []ast.Stmt) string {
	for _, s := range stmts {
		switch s := s.(type) {
		case *ast.EmptyStmt, *ast.Annotation:
			continue
		case *ast.ModuleStmt:
			return s.Path
		}
		return ""
	}
	return ""
}

// imports returns the session's imported modules.
func (r *resolver) imports() []string {
	if me, ok := r.env.(ModuleEnv); ok {
		return me.ImportedModules()
	}
	return nil
}

// useModule handles `use a::b`.
func (r *resolver) useModule(s *ast.UseStmt) {
	if s.Catalog {
		return
	}
	me, ok := r.env.(ModuleEnv)
	if !ok {
		r.errorf(s.Pos(), s.Path, "Modules are not supported in this context.")
	}
	if err := me.UseModule(s.Path); err != nil {
		r.errorf(s.Pos(), s.Path, err.Error())
	}
}

// inModule reports whether module is named by ns: its full path (a::b) or
// its last part (b).
func inModule(module, ns string) bool {
	return module == ns || strings.HasSuffix(module, "::"+ns)
}

// funcName returns the name under which the function written name is
// known to the session, following the module rules, and whether there is
// one.
func (r *resolver) funcName(id *ast.Ident) (string, bool) {
	name := id.Name
	if i := strings.LastIndex(name, "::"); i > 0 {
		// Explicit ns::f.
		if r.isFunc(name) {
			return name, true
		}
		ns, f := name[:i], name[i+2:]
		if r.module != "" && inModule(r.module, ns) && r.isFunc(r.module+"::"+f) {
			return r.module + "::" + f, true
		}
		for _, m := range r.imports() {
			if inModule(m, ns) && r.isFunc(m+"::"+f) {
				return m + "::" + f, true
			}
		}
		return "", false
	}
	if r.module != "" {
		if q := r.module + "::" + name; r.isFunc(q) {
			return q, true
		}
	}
	found := ""
	for _, m := range r.imports() {
		if q := m + "::" + name; r.isFunc(q) {
			if found != "" {
				r.errorf(id.Pos(), name, "The function ["+name+"] is defined in more than one imported module ("+
					found[:len(found)-len(name)-2]+", "+m+"). Use module::"+name+" to choose one.")
			}
			found = q
		}
	}
	if found != "" {
		return found, true
	}
	if r.isFunc(name) {
		return name, true
	}
	return "", false
}
