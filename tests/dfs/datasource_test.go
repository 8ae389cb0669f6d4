package dfs

import (
	"strconv"
	"strings"
	"testing"
)

// TestDataSourceReadsItsPartition corrupts the first column block (d) of
// every segment file but one day's, and queries d: sqlDS reads nothing, the data source of that day materialises
// (so it read only its partition), and one of another day names a
// corrupt file.
func TestDataSourceReadsItsPartition(t *testing.T) {
	s := damagedDays(t, "dsOne", `
db = database("dfs://dsOne", VALUE, 2023.01.08..2023.01.12)
pt = db.createPartitionedTable(table(1:0, `+"`d`x"+`, [DATE, INT]), "pt", "d")
pt.append!(table(take(2023.01.08..2023.01.12, 500) as d, 1..500 as x))
`, 5, "20230110", flipByte)
	v, err := s.Run("ds", []byte(`pt = loadTable("dfs://dsOne", "pt"); ds = sqlDS(<select d, x from pt where x > 0>); size(ds)`))
	if err != nil || v.String() != "5" {
		t.Fatalf("sqlDS: %v %v", v, err)
	}
	v, err = s.Run("one", []byte(`mr([ds[2]], def(t): sum(t.x), +)`))
	want := 0
	for x := 1; x <= 500; x++ {
		if x%5 == 3 { // 2023.01.10 is the third date of take's cycle
			want += x
		}
	}
	if err != nil || v.String() != strconv.Itoa(want) {
		t.Fatalf("one partition: %v %v, want %d", v, err, want)
	}
	_, err = s.Run("other", []byte(`mr([ds[0]], def(t): sum(t.x), +)`))
	if err == nil || !strings.Contains(err.Error(), ".seg") {
		t.Fatalf("a corrupt partition: %v", err)
	}
	_, err = s.Run("all", []byte(`mr(ds, def(t): sum(t.x), +)`))
	if err == nil || !strings.Contains(err.Error(), ".seg") {
		t.Fatalf("all partitions: %v", err)
	}
}
