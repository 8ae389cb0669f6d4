package builtins

import "testing"

func TestTemporalFamily(t *testing.T) {
	cases(t, [][2]string{
		{"year(2012.06.13 2013.01.01)", "FAST INT VECTOR [2012,2013]"},
		{"monthOfYear(2012.06.13T13:30:10)", "INT 6"},
		{"dayOfWeek(2024.01.01)", "INT 0"},
		{"weekday(2024.01.07)", "INT 0"},
		{"hour(13:30:10)", "INT 13"},
		{"monthEnd(2012.02.13)", "DATE 2012.02.29"},
		{"temporalAdd(2016.12M, 2, \"M\")", "MONTH 2017.02M"},
		{"temporalAdd(2016.01.31, 1, \"M\")", "DATE 2016.02.29"},
		{"temporalAdd(2012.06.13T13:30:10, 2, \"m\")", "DATETIME 2012.06.13T13:32:10"},
		{"bar(13:31:20, 5m)", "SECOND 13:30:00"},
		{"bar(7 12 15, 5)", "FAST INT VECTOR [5,10,15]"},
		{"concatDateTime(2012.06.13, 13:30:10)", "DATETIME 2012.06.13T13:30:10"},
		{"temporalFormat(2012.06.13T13:30:10.008, \"yyyy-MM-dd HH:mm:ss.SSS\")", "STRING 2012-06-13 13:30:10.008"},
		{"temporalParse(\"2012-06-13\", \"yyyy-MM-dd\")", "DATE 2012.06.13"},
		{"temporalParse(\"bad\", \"yyyy-MM-dd\")", "DATE "},
		{"format(1234.5678, \"#,###.00\")", "STRING 1,234.57"},
		{"format(0.256, \"0.0%\")", "STRING 25.6%"},
		{"typestr(now())", "STRING TIMESTAMP"},
		{"tmsum(2012.01.01 2012.01.02 2012.01.05, 1 2 3, 3d)", "FAST INT VECTOR [1,3,3]"},
		{"dailyAlignedBar(2012.06.13T09:31:20, 09:30:00, 5m)", "DATETIME 2012.06.13T09:30:00"},
	})
}
