// This file defines the report: one line per failing, skipped or fixed
// case (every case when verbose), and the totals.

package dostest

import (
	"fmt"
	"io"
	"strings"
)

// Summary counts results. Fixed cases count as failed: the known-failure
// list must drop them.
type Summary struct {
	Passed, Failed, Skipped, Fixed int
}

// Add counts one result.
func (s *Summary) Add(r Result) {
	switch r.Verdict {
	case Pass:
		s.Passed++
	case Fail:
		s.Failed++
	case Skip:
		s.Skipped++
	case Fixed:
		s.Fixed++
		s.Failed++
	}
}

// Line is the last line of a report: "N passed, N failed".
func (s Summary) Line() string {
	return fmt.Sprintf("%d passed, %d failed", s.Passed, s.Failed)
}

// Report writes results as a run goes.
type Report struct {
	W       io.Writer
	Verbose bool // also list passing cases
	Summary Summary
}

// Result writes one result and counts it.
func (p *Report) Result(r Result) {
	p.Summary.Add(r)
	where := fmt.Sprintf("%s (%s:%d)", r.Case.ID(), r.Case.File, r.Case.Line)
	switch r.Verdict {
	case Pass:
		if p.Verbose {
			fmt.Fprintf(p.W, "--- PASS: %s %s\n", where, seconds(r))
		}
	case Fail:
		fmt.Fprintf(p.W, "--- FAIL: %s %s\n", where, seconds(r))
		fmt.Fprintln(p.W, indent(r.Reason))
		if r.Output != "" {
			fmt.Fprintln(p.W, indent("output:\n"+strings.TrimRight(r.Output, "\n")))
		}
	case Skip:
		fmt.Fprintf(p.W, "--- SKIP: %s known failure: %s\n", where, r.Reason)
	case Fixed:
		fmt.Fprintf(p.W, "--- FIXED: %s passes but is listed in %s (%s): remove it from the list\n", where, KnownFailuresFile, r.Reason)
	}
}

// FileError reports a file that could not be run at all; it counts as one
// failure.
func (p *Report) FileError(path string, err error) {
	p.Summary.Failed++
	fmt.Fprintf(p.W, "--- FAIL: %s\n%s\n", path, indent(err.Error()))
}

// End writes the totals; the last line is Summary.Line().
func (p *Report) End() {
	if p.Summary.Skipped > 0 {
		fmt.Fprintf(p.W, "%d skipped (known failures)\n", p.Summary.Skipped)
	}
	fmt.Fprintln(p.W, p.Summary.Line())
}

func seconds(r Result) string { return fmt.Sprintf("(%.2fs)", r.Elapsed.Seconds()) }

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// RunPath runs a file or every test file of a folder, writing to rep.
// It returns an error only when path cannot be listed.
func (r *Runner) RunPath(path string, rep *Report) error {
	files, err := Files(path)
	if err != nil {
		return err
	}
	for _, f := range files {
		results, err := r.RunFile(f)
		if err != nil {
			rep.FileError(f, err)
			continue
		}
		for _, res := range results {
			rep.Result(res)
		}
	}
	return nil
}
