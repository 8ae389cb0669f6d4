//go:build unix && !linux

package builtins

// mmapPopulate is Linux's MAP_POPULATE; other systems fault pages in as
// the parse reads them.
const mmapPopulate = 0
