package dfs

import (
	"os"
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

// TestMapReduceReadsOnePartition corrupts every column file but one day's
// of 20 daily partitions: group-by and aggregate queries (which run per
// partition) whose where selects that day still succeed with the right
// values, so they read only that partition; the same queries over all days
// name a corrupt file.
func TestMapReduceReadsOnePartition(t *testing.T) {
	// Truncated: whichever columns a query reads, opening fails.
	s := damagedDays(t, "mr20", `
db = database("dfs://mr20", VALUE, 2023.01.08..2023.01.27)
pt = db.createPartitionedTable(table(1:0, `+"`d`sym`x"+`, [DATE, SYMBOL, INT]), "pt", "d")
pt.append!(table(take(2023.01.08..2023.01.27, 2000) as d, take(`+"`A`B`C"+`, 2000) as sym, 1..2000 as x))
`, 20, "20230110", func(path string) error { return os.Truncate(path, 10) })
	// Day 3 holds x = 3, 23, 43, ... 1983 (100 rows), sym C B A C B A ...
	for _, c := range []struct{ q, want string }{
		{`exec count(*) from pt where d = 2023.01.10`, "100"},
		{`exec sum(x) from pt where d = 2023.01.10`, "99300"},
		{`exec first(x) from pt where d = 2023.01.10, x > 100`, "103"},
		{`select sum(x) from pt where d = 2023.01.10 group by d`, "[99300]"},                             // pinned
		{`select count(*) from pt where d = 2023.01.10 group by sym`, "[34,33,33]"},                      // merged
		{`select max(x) from pt where d >= 2023.01.10, d < 2023.01.11 group by sym`, "[1983,1943,1963]"}, // merged
		{`select med(x) from pt where d = 2023.01.10 group by d`, "[993]"},                               // pinned, no merge
	} {
		v, err := s.Run("one", []byte(c.q))
		if tb, ok := v.(*value.Table); ok && err == nil {
			v = tb.Column(1) // the aggregate, after the key
		}
		if err != nil || v.String() != c.want {
			t.Errorf("%s: %v %v, want %s", c.q, v, err, c.want)
		}
	}
	for _, q := range []string{`exec count(*) from pt`, `select sum(x) from pt group by sym`, `select max(x) from pt group by d`} {
		if _, err := s.Run("all", []byte(q)); err == nil || !strings.Contains(err.Error(), ".seg") {
			t.Errorf("%s over all partitions: %v", q, err)
		}
	}
}
