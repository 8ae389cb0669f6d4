package tests

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/porpoisedb/porpoise/tests/dostest"
)

// TestLang runs every case of lang/*.dos and lang/modules/*.dos. Cases listed in
// known_failures.txt are skipped while they fail and fail once they pass.
func TestLang(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("lang", "*.dos"))
	if err != nil {
		t.Fatal(err)
	}
	modFiles, err := filepath.Glob(filepath.Join("lang", "modules", "*.dos"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, modFiles...)
	if len(files) == 0 {
		t.Skip("no lang/*.dos files")
	}
	known, err := dostest.LoadKnown(dostest.KnownFailuresFile)
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(known)
	noteSuite(".dos")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			results, err := r.RunFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for _, res := range results {
				t.Run(res.Case.Name, func(t *testing.T) {
					where := res.Case.File + ":" + strconv.Itoa(res.Case.Line)
					if res.Verdict == dostest.Fail || res.Verdict == dostest.Skip {
						noteFailure(res.Case.ID(), res.Reason)
					}
					switch res.Verdict {
					case dostest.Fail:
						t.Errorf("%s: %s", where, res.Reason)
						if res.Output != "" {
							t.Logf("output:\n%s", res.Output)
						}
					case dostest.Skip:
						t.Skipf("known failure: %s", res.Reason)
					case dostest.Fixed:
						t.Errorf("%s passes now: remove %s from %s", where, res.Case.ID(), dostest.KnownFailuresFile)
					}
				})
			}
		})
	}
}
