package value

import (
	"strings"
	"testing"
)

// A cell as wide as the column cap (120/ncols+5) must not run into the next
// column: every line of a 9-column table with 19-character DATETIME cells
// splits into 9 fields.
func TestTableCellAtCapKeepsSeparator(t *testing.T) {
	names := []string{"a", "DateTime", "c", "d", "e", "f", "g", "h", "i"}
	cols := make([]Value, len(names))
	for i := range cols {
		cols[i] = NewDoubleVector([]float64{10.5, 11.25})
	}
	dt := NewVector(DATETIME, 2)
	dt.Ints()[0], dt.Ints()[1] = 1673170200, 1673170260
	cols[1] = dt
	tb, err := NewTable(names, cols)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(tb.String(), "\n") {
		if got := len(strings.Fields(line)); got != len(names) {
			t.Errorf("line %q has %d fields, want %d", line, got, len(names))
		}
	}
}
