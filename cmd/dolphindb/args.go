// This file defines the command line: DolphinDB's "-key value" for any
// configuration parameter, plus Porpoise's own -run and -test.

package main

import (
	"fmt"
	"strings"
)

// noValueFlags take no value.
var noValueFlags = map[string]bool{"help": true, "h": true, "version": true}

// parseArgs turns "-key value" and "-key=value" pairs into settings. Any
// key is accepted (unknown ones are kept, as DolphinDB keeps unknown
// parameters); "--key" is read as "-key". A value may start with '-'
// ("-run -" reads stdin). Repeating a key keeps the last value.
func parseArgs(args []string) (map[string]setting, error) {
	out := map[string]setting{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			return nil, fmt.Errorf("unexpected argument %q: options are -key value", a)
		}
		key := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		val, hasVal := "", false
		if k, v, ok := strings.Cut(key, "="); ok {
			key, val, hasVal = k, v, true
		}
		if !keyRE.MatchString(key) {
			return nil, fmt.Errorf("%q is not an option name", a)
		}
		if !hasVal && !noValueFlags[key] {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("option -%s needs a value", key)
			}
			i++
			val = args[i]
		}
		out[key] = setting{Value: val, From: "command line -" + key}
	}
	return out, nil
}
