// This file defines modules: `use a::b` loads <ModuleDir>/a/b.dos, a
// script that starts with `module a::b` and holds function definitions,
// once per session; its functions become session functions named a::b::f
// (see lang/resolve/module.go for how names find them).

package vm

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/porpoisedb/porpoise/lang/ast"
	"github.com/porpoisedb/porpoise/lang/parser"
)

type moduleState uint8

const (
	moduleLoading moduleState = iota + 1
	moduleLoaded
)

// SetModuleDir changes the folder modules are loaded from.
func (s *Session) SetModuleDir(dir string) { s.moduleDir = dir }

// ModuleDir returns the folder modules are loaded from.
func (s *Session) ModuleDir() string { return s.moduleDir }

// ImportedModules implements resolve.ModuleEnv.
func (s *Session) ImportedModules() []string { return s.imports }

// UseModule implements resolve.ModuleEnv: it loads module path unless
// loaded and imports it.
func (s *Session) UseModule(path string) error {
	if err := s.loadModule(path); err != nil {
		return err
	}
	if !slices.Contains(s.imports, path) {
		s.imports = append(s.imports, path)
	}
	return nil
}

// moduleFile returns the file of module a::b: <dir>/a/b.dos.
func (s *Session) moduleFile(path string) string {
	parts := append([]string{s.moduleDir}, strings.Split(path, "::")...)
	return filepath.Join(parts...) + ".dos"
}

// loadModule parses and runs the file of module path once.
func (s *Session) loadModule(path string) error {
	switch s.modules[path] {
	case moduleLoaded:
		return nil
	case moduleLoading:
		return errorf("Circular module reference: module [%s] uses itself.", path)
	}
	for _, part := range strings.Split(path, "::") {
		if part == "" || part == "." || part == ".." || strings.ContainsAny(part, `/\`) {
			return errorf("Invalid module name [%s].", path)
		}
	}
	file := s.moduleFile(path)
	src, err := os.ReadFile(file)
	if err != nil {
		return errorf("Can't find module [%s] (%s).", path, file)
	}
	script, err := parser.Parse(file, src)
	if err != nil {
		return moduleError(path, file, err)
	}
	if err := checkModule(script, path); err != nil {
		return err
	}
	if s.modules == nil {
		s.modules = map[string]moduleState{}
	}
	s.modules[path] = moduleLoading
	for _, chunk := range script.Chunks {
		t := s.newThread()
		if _, err := t.runChunk(script.File, chunk); err != nil {
			delete(s.modules, path)
			return moduleError(path, file, err)
		}
	}
	s.modules[path] = moduleLoaded
	return nil
}

// moduleError reports an error in the file of module path.
func moduleError(path, file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "Syntax Error: ")
	return errorf("Failed to load module [%s] (%s): %s", path, file, msg)
}

// checkModule verifies that a module file starts with `module path` and
// holds only function definitions and use statements.
func checkModule(script *ast.Script, path string) error {
	first := true
	for _, chunk := range script.Chunks {
		for _, st := range chunk {
			switch st := st.(type) {
			case *ast.EmptyStmt, *ast.Annotation:
				continue
			case *ast.ModuleStmt:
				if !first {
					return errorf("The module statement must be the first statement of a module file.")
				}
				if st.Path != path {
					return errorf("The module [%s] is declared as [%s] in its file.", path, st.Path)
				}
			case *ast.FuncDecl, *ast.UseStmt:
				if first {
					return errorf("The module file of [%s] must start with the statement: module %s", path, path)
				}
			default:
				return errorf("A module file can only contain function definitions: module [%s].", path)
			}
			first = false
		}
	}
	if first {
		return errorf("The module file of [%s] must start with the statement: module %s", path, path)
	}
	return nil
}
