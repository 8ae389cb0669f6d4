package builtins

import "testing"

func TestOrderFamily(t *testing.T) {
	cases(t, [][2]string{
		{"sort(3 1 NULL 2)", "FAST INT VECTOR [,1,2,3]"},
		{"sort(3 1 NULL 2, false)", "FAST INT VECTOR [3,2,1,]"},
		{"isort(3 1 2)", "FAST INT VECTOR [1,2,0]"},
		{"x = 3 1 2; sort!(x); x", "FAST INT VECTOR [1,2,3]"},
		{"rank(3 1 NULL 2)", "FAST INT VECTOR [2,0,,1]"},
		{"rank(1 2 2 3, tiesMethod='average')", "FAST DOUBLE VECTOR [0,1.5,1.5,3]"},
		{"denseRank(5 5 1 3)", "FAST INT VECTOR [2,2,0,1]"},
		{"distinct(3 1 3 2 1)", "FAST INT VECTOR [3,1,2]"},
		{"prev(1 2 3)", "FAST INT VECTOR [,1,2]"},
		{"next(1 2 3)", "FAST INT VECTOR [2,3,]"},
		{"move(1 2 3 4, -2)", "FAST INT VECTOR [3,4,,]"},
		{"deltas(1 3 6)", "FAST INT VECTOR [,2,3]"},
		{"ratios(1 2 6)", "FAST DOUBLE VECTOR [,2,3]"},
		{"cumsum(1 1 2 3 4 5 NULL 8 9 1 3)", "FAST INT VECTOR [1,2,4,7,11,16,16,24,33,34,37]"},
		{"cumprod(1 2 3 4)", "FAST INT VECTOR [1,2,6,24]"},
		{"cummax(7 4 5 8 9)", "FAST INT VECTOR [7,7,7,8,9]"},
		{"cummin(NULL 4 5 2)", "FAST INT VECTOR [,4,4,2]"},
		{"cumavg(1 2 3)", "FAST DOUBLE VECTOR [1,1.5,2]"},
		{"med(3 6 1 5 9)", "DOUBLE 5"},
		{"std(1 2 3 4)", "DOUBLE 1.290994"},
		{"percentile(1 2 3 4 5, 50)", "DOUBLE 3"},
		{"wavg(1 2 3, 3 2 1)", "DOUBLE 1.666667"},
		{"max(2021.01.01 2020.05.06)", "DATE 2021.01.01"},
		{"min(3 NULL 1)", "INT 1"},
		{"max(`a`c`b)", "STRING c"},
		{"atImax(3 9 2, 1 2 3)", "INT 2"},
		{"imin(3 1 2 1)", "INT 1"},
		{"mode(1 2 2 3)", "INT 2"},
		{"nunique(1 2 2 NULL)", "INT 3"},
		{"firstNot(NULL 2 3)", "INT 2"},
	})
}

func TestMovingFamily(t *testing.T) {
	cases(t, [][2]string{
		{"msum(1 2 3 4, 2)", "FAST INT VECTOR [,3,5,7]"},
		{"msum(1.0 NULL 3 4, 2)", "FAST DOUBLE VECTOR [,1,3,7]"},
		{"msum(1.0 NULL 3 4, 2, 1)", "FAST DOUBLE VECTOR [1,1,3,7]"},
		{"mavg(1 2 3 4, 2)", "FAST DOUBLE VECTOR [,1.5,2.5,3.5]"},
		{"mmax(1 3 2 5 4, 3)", "FAST INT VECTOR [,,3,5,5]"},
		{"mmin(1 3 2 5 4, 3)", "FAST INT VECTOR [,,1,2,2]"},
		{"mimax(1 3 2 5 4, 3)", "FAST INT VECTOR [,,1,2,1]"},
		{"mstd(1 2 3 4, 3)", "FAST DOUBLE VECTOR [,,1,1]"},
		{"mcount(1 NULL 3 4, 2)", "FAST INT VECTOR [1,1,1,2]"},
		{"mmed(1 5 3 4, 3)", "FAST DOUBLE VECTOR [,,3,4]"},
		{"mcorr(1 2 3 4, 2 4 6 9, 3)", "FAST DOUBLE VECTOR [,,1,0.993399]"},
		{"mfirst(1 2 3 4, 3)", "FAST INT VECTOR [,,1,2]"},
		{"mrank(1 3 2 5, true, 3)", "FAST INT VECTOR [,,1,2]"},
		{"ema(1 2 3 4 5, 3)", "FAST DOUBLE VECTOR [,,2,3,4]"},
	})
}
