// This file defines the node's configuration: DolphinDB's command line
// (-key value for any parameter), its key=value config files with
// alias-qualified lines, and the resolution of one value per key
// (cluster.md §a.2).

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// setting is one resolved value and where it came from ("command line" or
// "file:line"), for error messages.
type setting struct {
	Value, From string
}

// configLine is one key=value line of a config file. Qualifier is the
// node alias or alias pattern before the last '.' of the key ("" for an
// unqualified line).
type configLine struct {
	Qualifier, Key, Value string
	From                  string // "file:line"
}

// configFile is a parsed config file, in file order.
type configFile struct {
	Path     string
	Lines    []configLine
	Warnings []string
}

// keyRE is what a parameter name (or qualifier) may look like. Qualifiers
// may also hold the wildcards % and ?, and '-' (P1-datanode).
var (
	keyRE       = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	qualifierRE = regexp.MustCompile(`^[A-Za-z0-9_%?\-]+$`)
)

// parseConfig parses DolphinDB's config file format: one key=value a
// line; blank lines and lines starting with # are ignored, as is a " #"
// comment after a value; a key may carry a node qualifier, alias.key=value,
// where the alias may use the wildcards % (any run) and ? (one character).
// Unknown keys are kept. A line that is not of this form is an error naming
// the file and line.
func parseConfig(path string, src []byte) (*configFile, error) {
	cf := &configFile{Path: path}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		from := fmt.Sprintf("%s:%d", path, n)
		raw := sc.Text()
		if n == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		line := strings.TrimSpace(raw)
		if line == "" {
			if n == 1 {
				// DolphinDB refuses files whose first line is empty; we only warn.
				cf.Warnings = append(cf.Warnings, from+": the first line is empty (DolphinDB refuses such files)")
			}
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.Index(line, " #"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		} else if i := strings.Index(line, "\t#"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok {
			return nil, fmt.Errorf("%s: %q is not a key=value line", from, raw)
		}
		cl := configLine{Key: k, Value: v, From: from}
		if i := strings.LastIndexByte(k, '.'); i >= 0 {
			cl.Qualifier, cl.Key = k[:i], k[i+1:]
			if !qualifierRE.MatchString(cl.Qualifier) {
				return nil, fmt.Errorf("%s: %q is not a node alias or alias pattern in %q", from, cl.Qualifier, raw)
			}
			if strings.Contains(v, "<ALIAS>") && !strings.ContainsAny(cl.Qualifier, "%?") {
				return nil, fmt.Errorf("%s: the macro <ALIAS> is not allowed in the node-qualified parameter %q", from, k)
			}
		}
		if !keyRE.MatchString(cl.Key) {
			return nil, fmt.Errorf("%s: %q is not a parameter name in %q", from, cl.Key, raw)
		}
		cf.Lines = append(cf.Lines, cl)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return cf, nil
}

// loadConfig reads and parses a config file.
func loadConfig(path string) (*configFile, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseConfig(path, src)
}

// aliasMatch reports whether the qualifier pattern matches alias: % is any
// run of characters, ? exactly one.
func aliasMatch(pattern, alias string) bool {
	if !strings.ContainsAny(pattern, "%?") {
		return pattern == alias
	}
	var re strings.Builder
	re.WriteString("^")
	for _, r := range pattern {
		switch r {
		case '%':
			re.WriteString(".*")
		case '?':
			re.WriteString(".")
		default:
			re.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	re.WriteString("$")
	ok, _ := regexp.MatchString(re.String(), alias)
	return ok
}

// resolve returns one value per key for the node alias, by precedence:
// the command line, then an alias-qualified line, then the first matching
// wildcard-qualified line, then an unqualified line (with <ALIAS> replaced
// by the alias). At one level the first occurrence wins; later duplicates
// give warnings.
func resolve(cmdline map[string]setting, cf *configFile, alias string) (map[string]setting, []string) {
	const (
		exact = iota
		wildcard
		plain
	)
	best := map[string]int{}
	out := map[string]setting{}
	var warnings []string
	if cf != nil {
		for _, l := range cf.Lines {
			level := plain
			switch {
			case l.Qualifier == "":
			case !aliasMatch(l.Qualifier, alias):
				continue
			case strings.ContainsAny(l.Qualifier, "%?"):
				level = wildcard
			default:
				level = exact
			}
			prev, seen := best[l.Key]
			if seen && prev <= level {
				if prev == level && level != wildcard {
					warnings = append(warnings, fmt.Sprintf("%s: %s is set again; the first value (%s) is used", l.From, l.Key, out[l.Key].From))
				}
				continue
			}
			v := l.Value
			if level == plain {
				v = strings.ReplaceAll(v, "<ALIAS>", alias)
			}
			best[l.Key] = level
			out[l.Key] = setting{Value: v, From: l.From}
		}
	}
	for k, s := range cmdline {
		out[k] = s
	}
	return out, warnings
}
