// Package stdlib owns Porpoise's DolphinDB-script modules (.dos files, as
// in DolphinDB's modules directory) shipped inside the binary. A module
// a::b lives at a/b.dos and starts with "module a::b". There are none yet;
// the first one adds "//go:embed" for its folder to FS.
package stdlib

import "embed"

// FS holds the module files, read-only.
var FS embed.FS
