//go:build linux

package builtins

import "syscall"

// mmapPopulate asks Linux to read the whole file in when mapping it: one
// bulk fault-in instead of a page fault per 4 KB during the parse.
const mmapPopulate = syscall.MAP_POPULATE
