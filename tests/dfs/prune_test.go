package dfs

import (
	"strings"
	"testing"
)

// TestPruneReadsOnePartition corrupts every column file but one day's; a
// query whose where selects that day still succeeds (so it read only that
// partition), and a full scan names a corrupt file.
func TestPruneReadsOnePartition(t *testing.T) {
	s := damagedDays(t, "prune20", `
db = database("dfs://prune20", VALUE, 2023.01.08..2023.01.27)
pt = db.createPartitionedTable(table(1:0, `+"`d`x"+`, [DATE, INT]), "pt", "d")
pt.append!(table(take(2023.01.08..2023.01.27, 2000) as d, 1..2000 as x))
`, 20, "20230110", flipByte)
	v, err := s.Run("one", []byte(`exec count(*) from loadTable("dfs://prune20", "pt") where d = 2023.01.10`))
	if err != nil || v.String() != "100" {
		t.Fatalf("one partition: %v %v", v, err)
	}
	_, err = s.Run("all", []byte(`exec count(*) from loadTable("dfs://prune20", "pt")`))
	if err == nil || !strings.Contains(err.Error(), ".seg") {
		t.Fatalf("full scan: %v", err)
	}
}
