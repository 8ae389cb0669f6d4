package builtins

import "testing"

func TestExtras(t *testing.T) {
	cases(t, [][2]string{
		{"rowWavg(matrix(1 2, 3 4), matrix(1 1, 1 1))", "FAST DOUBLE VECTOR [2,3]"},
		{"maxDrawdown(10 12 9 11 6)", "DOUBLE 0.5"},
		{"pdfNormal(0, 1, 0)", "DOUBLE 0.398942"},
		{"cdfNormal(0, 1, 0)", "DOUBLE 0.5"},
		{"tril(matrix(1 2, 3 4))", "FAST INT MATRIX #0 #1\n-- --\n1  0 \n2  4 "},
		{"corrMatrix(matrix(1 2 3, 2 4 7))[0,0]", "DOUBLE 1"},
		{"lowerBound(1 3 5 7, 4 5 9)", "FAST INT VECTOR [2,2,4]"},
		{"isPeak(1 3 2 4 1)", "FAST BOOL VECTOR [false,true,false,true,false]"},
		{"cumdenseRank(3 1 3 2)", "FAST INT VECTOR [0,0,1,1]"},
		{"tmove(1 2 3 4, 10 20 30 40, 2)", "FAST INT VECTOR [,,10,20]"},
		{"compose(neg, abs)(-3)", "INT 3"},
		{"spearmanr(1 2 3 4, 1 3 2 4)", "DOUBLE 0.8"},
		{"zscore(1 2 3)", "FAST DOUBLE VECTOR [-1,0,1]"},
		{"rms(3 4)", "DOUBLE 3.535534"},
		{"ifirstHit(gt, 1 4 6 8, 5)", "INT 2"},
		{"reshape(1..6, 2:3)", "FAST INT MATRIX #0 #1 #2\n-- -- --\n1  3  5 \n2  4  6 "},
		{"set(1 2) & set(2 3)", "INT SET set(2)"},
		{"isortTop(4 1 3 2, 2)", "FAST INT VECTOR [1,3]"},
		{"accumulate(x -> x * 2, 3, 1)", "FAST INT VECTOR [1,2,4,8]"},
		{"ewmMean(1 2 3, com=0.5)", "FAST DOUBLE VECTOR [1,1.75,2.615385]"},
		{"mavg(7 4 6 NULL -5, 2 3 5)", "FAST DOUBLE VECTOR [,,5.6,5.2,-1.857143]"},
	})
}

func TestTopN(t *testing.T) {
	cases(t, [][2]string{
		{"msumTopN(1 2 3 4 5, 5 4 3 2 1, 3, 2)", "FAST DOUBLE VECTOR [1,3,5,7,9]"},
		{"mavgTopN(1 2 3 4, 4 3 2 1, 4, 2, false)", "FAST DOUBLE VECTOR [1,1.5,1.5,1.5]"},
		{"pivot(sum, 1 2 3 4, `a`a`b`b, `x`y`x`y)", "FAST LONG MATRIX   x y\n  - -\na|1 2\nb|3 4"},
		{"trueRange(10 11, 8 9, 9 10)", "FAST DOUBLE VECTOR [2,2]"},
		{"searchK(5 1 NULL 3, 2)", "INT 3"},
		{"funcByName(\"sum\")(1 2 3)", "LONG 6"},
	})
}
