//go:build !unix

package builtins

import "os"

// mapFile reads the whole file where memory mapping is not wired up.
func mapFile(name string) (data []byte, release func(), err error) {
	b, err := os.ReadFile(name)
	return b, func() {}, err
}
