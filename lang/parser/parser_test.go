package parser

import (
	"strings"
	"testing"

	"github.com/porpoisedb/porpoise/lang/ast"
)

// TestParse checks grouping: the tree is printed with every binary
// expression in parentheses.
func TestParse(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		s, err := Parse("t.dos", []byte(in))
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			return
		}
		if got := ast.PrintDebug(s); got != want {
			t.Errorf("Parse(%q)\n got: %s\nwant: %s", in, got, want)
		}
	}
	// Literals and vectors.
	f("1 2 3", "1 2 3")
	f("x = 1 -2 3", "x = 1 -2 3")
	f("x=-1 2 3", "x = -1 2 3")
	f("1 - 2", "(1 - 2)")
	f("1-2", "(1 - 2)")
	f("x -1", "(x - 1)")
	f("`IBM`MSFT", "`IBM`MSFT")
	f("`a `b", "`a `b")
	f("2012.06.13 13:30:10", "2012.06.13 13:30:10")
	f("2012.06.13 2012.06.14", "2012.06.13 2012.06.14")
	f("[1, 2, 3]", "[1, 2, 3]")
	f("(1, 2)", "(1, 2)")
	f("(1,)", "(1,)")
	f("()", "()")
	f("(x)", "(x)")
	f("{a:1, \"b\":2}", "{a: 1, \"b\": 2}")
	f("{x -> x*x}", "{x -> (x * x)}")
	// Precedence.
	f("1+2*3", "(1 + (2 * 3))")
	f("1:3+1", "((1:3) + 1)")
	f("1..10 * 2", "((1..10) * 2)")
	f("-n..n", "(-n..n)")
	f("!x-1", "(!x - 1)")
	f("a && b || c", "((a && b) || c)")
	f("x and y or z", "((x and y) or z)")
	f("1<2<=3.5", "((1 < 2) <= 3.5)")
	f("x in y && z", "((x in y) && z)")
	f("2 add 3 sub 5 f1 5", "((2 add 3) sub (5 f1 5))")
	f("x$INT + 1", "((x $ INT) + 1)")
	f("a <- b + c", "((a <- b) + c)")
	f("a & b | c ^ d", "((a & b) | (c ^ d))")
	f("x << 1 + 2", "(x << (1 + 2))")
	f("c ? a : b", "c ? a : b")
	f("x > 0 ? 1 : 2", "(x > 0 ? 1 : 2)")
	// Juxtaposition.
	f("sum 1 2 3 == 6", "sum (1 2 3 == 6)")
	f("avg sin abs -100..100", "avg sin abs (-100..100)")
	f("sin x + cos x", "sin (x + cos x)")
	f("print x", "print x")
	f("x add y", "(x add y)")
	f("3 f 4", "(3 f 4)")
	f("def f(x): x+1\nf 3", "def f(x): (x + 1)\nf 3")
	// Calls, members, indexing.
	f("f(a=1, b=2)", "f(a=1, b=2)")
	f("f(,3)", "f(, 3)")
	f("x.f(y)", "x.f(y)")
	f("t.price", "t.price")
	f("x.f{p}(a)", "f{x, p}(a)")
	f("v.{x -> x*x}()", "v.{x -> (x * x)}()")
	f("x[i]", "x[i]")
	f("m[r, c]", "m[r, c]")
	f("m[,c]", "m[, c]")
	f("x[:4]", "x[:4]")
	f("x[3:]", "x[3:]")
	f("x[2:4]", "x[(2:4)]")
	f("(sum)[1..10]", "(sum)[(1..10)]")
	f("f{a,}", "f{a, }")
	f("f{,1}", "f{, 1}")
	f("svd{m, computeUV=true}", "svd{m, computeUV=true}")
	f("&sum", "&sum")
	f("::f()", "::f()")
	f("mod::f()", "mod::f()")
	f("array(INT[], 0)", "array(INT[], 0)")
	// Lambdas.
	f("x -> x+1", "x -> (x + 1)")
	f("(x, y) -> x+y", "(x, y) -> (x + y)")
	f("def(a,b): a+b", "def(a, b): (a + b)")
	f("def(x) -> x*x", "x -> (x * x)")
	f("{x, y -> x+y}", "{x, y -> (x + y)}")
	// Adverbs and operators as values.
	f("f:E x", "f:E x")
	f("X +:L Y", "(X +:L Y)")
	f("+:A 1..10", "+:A (1..10)")
	f("c +:E:L c", "(c +:E:L c)")
	f("eachPre(\\, x)", "eachPre(\\, x)")
	f("accumulate(+, x)", "accumulate(+, x)")
	f("f:EC x", "f:EC x")
	// Metacode and macros.
	f("<x + 1>", "<(x + 1)>")
	f("<select * from t where x > 1>", "<select * from t where (x > 1)>")
	f("a < b", "(a < b)")
	f("_\"col name\"", "_\"col name\"")
	f("_$name + _$$names", "(_$name + _$$names)")
	// Statements.
	f("x, y = a, b", "x, y = a, b")
	f("x += 1", "x += 1")
	f("x[i] = v", "x[i] = v")
	f("t[`c] = v", "t[`c] = v")
	f("&x = y", "&x = y")
	f("def f(a, b=1, mutable c){ return a+b }", "def f(a, b=1, mutable c) {\n\treturn (a + b)\n}")
	f("def f2(a,b)", "def f2(a, b)")
	f("if (x) y = 1 else y = 2", "if (x) y = 1 else y = 2")
	f("if (x) {\n y = 1\n}\nelse {\n y = 2\n}", "if (x) {\n\ty = 1\n} else {\n\ty = 2\n}")
	f("for (x in 0:3) print x", "for (x in (0:3)) print x")
	f("do { x += 1 } while (x < 3)", "do {\n\tx += 1\n} while ((x < 3))")
	f("while (x) break", "while (x) break")
	f("return a, b", "return a, b")
	f("try { f() } catch(ex) { print ex }", "try {\n\tf()\n} catch(ex) {\n\tprint ex\n}")
	f("throw \"x\"", "throw \"x\"")
	f("share t as s", "share t as s")
	f("undef all", "undef all")
	f("undef `x, VAR", "undef `x, VAR")
	f("x = 1\ngo\ny = 2", "x = 1\ngo\ny = 2")
	f("module a::b", "module a::b")
	f("use a::b", "use a::b")
	f("@testing: case = \"name\", exception = 1\nassert 1 == 1", "@testing: case = \"name\", exception = 1\nassert (1 == 1)")
	f("@state\ndef f(x){ return x }", "@state\ndef f(x) {\n\treturn x\n}")
	f("assert \"sub\", x == 1", "assert \"sub\", (x == 1)")
	f("timer(10) x = 1", "timer(10) x = 1")
	f("timer x = 1", "timer x = 1")
	f("transaction { x = 1 }", "transaction {\n\tx = 1\n}")
	f("x = 1; y = 2", "x = 1\ny = 2")
	f("x = (1,\n2)", "x = (1, 2)")
	f("x = 1 +\n2", "x = (1 + 2)")
	// SQL.
	f("select * from t", "select * from t")
	f("SELECT a, sum(b) AS s FROM t WHERE a = 1, b > 2 GROUP BY a", "select a, sum(b) as s from t where (a = 1), (b > 2) group by a")
	f("select top 10 * from t", "select top 10 * from t")
	f("select top 2:5 * from t", "select top 2:5 * from t")
	f("select distinct a from t", "select distinct a from t")
	f("select ols(y, x) as `a`b from t", "select ols(y, x) as `a`b from t")
	f("select col1...col3 from t", "select col1...col3 from t")
	f("select x, col10...col1 as a1...a10, y from t", "select x, col10...col1 as `a1`a2`a3`a4`a5`a6`a7`a8`a9`a10, y from t")
	f("select c0001 ... c0003 as a from t", "select c0001...c0003 as a from t")
	f("select f(x) as a1...a2 from t", "select f(x) as `a1`a2 from t")
	f("<price*2 as updatedPrice>", "<(price * 2) as updatedPrice>")
	f("select * from t1 left join t2 on t1.id = t2.id", "select * from t1 left join t2 on (t1.id = t2.id)")
	f("select * from ej(t1, t2, `id)", "select * from ej(t1, t2, `id)")
	f("select * from trades as t", "select * from trades as t")
	f("select * from t where x between 1 and 3", "select * from t where (x between 1 and 3)")
	f("select * from t where x not in [1, 2]", "select * from t where (x not in [1, 2])")
	f("select * from t where s like \"A%\"", "select * from t where (s like \"A%\")")
	f("select * from t where x is not null", "select * from t where x is not null")
	f("select * from t order by x desc nulls last limit 10", "select * from t order by x desc nulls last limit 10")
	f("select * from t limit 2, 5", "select * from t limit 2, 5")
	f("select * from t context by s csort x having count(*) > 1", "select * from t context by s csort x having (count(*) > 1)")
	f("select v from t pivot by a, b", "select v from t pivot by a, b")
	f("select wavg(p, v) from t group by s cgroup by minute(time) as m order by m", "select wavg(p, v) from t group by s cgroup by minute(time) as m order by m")
	f("select * from t\nwhere x > 1\norder by x", "select * from t where (x > 1) order by x")
	f("select case when x > 1 then 1 else 0 end as y from t", "select case when (x > 1) then 1 else 0 end as y from t")
	f("select * from t where exists(select * from u)", "select * from t where exists(select * from u)")
	f("select * from a union all select * from b", "select * from a union all (select * from b)")
	f("with x as (select * from t) select * from x", "with x as (select * from t) select * from x")
	f("update t set a = 1, b = b + 1 where c = 2", "update t set a = 1, b = (b + 1) where (c = 2)")
	f("delete from t where x = 1", "delete from t where (x = 1)")
	f("insert into t values (1, 2), (3, 4)", "insert into t values (1, 2), (3, 4)")
	f("insert into t(a, b) values (1, 2)", "insert into t(a, b) values (1, 2)")
	f("create table \"dfs://db\".\"tb\" (a INT, b SYMBOL comment \"x\") partitioned by a, sortColumns=`b", "create table \"dfs://db\".\"tb\" (a INT, b SYMBOL comment \"x\") partitioned by a, sortColumns=`b")
	f("create database \"dfs://db\" partitioned by VALUE(1..3), HASH([SYMBOL, 10]), engine='TSDB'", "create database \"dfs://db\" partitioned by VALUE((1..3)), HASH([SYMBOL, 10]), engine='TSDB'")
	f("alter table t add c INT", "alter table t add c INT")
	f("create table \"dfs://db\".\"tb\" (d DATE[comment=\"time_col\", compress=\"delta\"], v INT[][compress=\"lz4\"], w DECIMAL32(2)[comment=\"w\"]) partitioned by d", "create table \"dfs://db\".\"tb\" (d DATE[comment=\"time_col\", compress=\"delta\"], v INT[][compress=\"lz4\"], w DECIMAL32(2) comment \"w\") partitioned by d")
	f("delete t2 from ej(t2, t1, `id) where flag = 1", "delete t2 from ej(t2, t1, `id) where (flag = 1)")
	f("update t set c = cumsum(v) context by s csort d desc having count(*) > 1", "update t set c = cumsum(v) context by s csort d desc having (count(*) > 1)")
	f("(select * from a) union all (select * from b order by x)", "(select * from a union all (select * from b order by x))")
	f("(select * from a limit 1) union select * from b union all (select * from c)", "(select * from a limit 1 union (select * from b union all (select * from c)))")
	f("alter table t rename c to d", "alter table t rename c to d")
	f("drop table if exists t", "drop table if exists t")
	f("drop database \"dfs://db\"", "drop database \"dfs://db\"")
	// const, \=, adverbs after a space, defg and braced lambdas as operators.
	f("const a = 10", "const a = 10")
	f("def f(const a){ return a }", "def f(const a) {\n\treturn a\n}")
	f("x \\= 2", "x \\= 2")
	f("x ** :L 1 1", "(x **:L 1 1)")
	f("f = defg(x, y){ return sum(x*y) }", "f = defg(x, y) {\n\treturn sum((x * y))\n}")
	f("{defg(x) -> sum(x)}", "{defg(x): sum(x)}")
	f("{def(x):x*x} 4", "{x -> (x * x)} 4")
	f("{x->x*x} 10 {x,y->x+y} 1", "{x -> (x * x)} (10 {x, y -> (x + y)} 1)")
	f("2 *{x->x*x} 10", "(2 * {x -> (x * x)} 10)")
	f("{x->x*x}{x->x+1} 10", "{x -> (x * x)} {x -> (x + 1)} 10")
	f("{x->x} f 1", "({x -> x} f 1)")
	f("x = `C 120`BH 100", "x = `C 120 `BH 100")
	f("table(1 2 as `_a, 3 4 as \"2 ab\")", "table(1 2 as _a, 3 4 as \"2 ab\")")
	f("x at x > 3", "(x at (x > 3))")
	f("x at y and z", "((x at y) and z)")
	f("def f(x){x+=1 return x}", "def f(x) {\n\tx += 1\n\treturn x\n}")
	f("a::b::f(1)", "a::b::f(1)")
}

// TestRobust checks inputs that must fail cleanly rather than crash.
func TestRobust(t *testing.T) {
	f := func(in, wantMsg string) {
		t.Helper()
		_, err := Parse("r.dos", []byte(in))
		if err == nil {
			t.Errorf("Parse(%.20q...): no error", in)
			return
		}
		if !strings.Contains(err.Error(), wantMsg) {
			t.Errorf("Parse(%.20q...) = %v, want %q", in, err, wantMsg)
		}
	}
	f(strings.Repeat("(", 100000), "too deep")
	f(strings.Repeat("-", 100000)+"x", "too deep")
	f(strings.Repeat("[", 5000)+strings.Repeat("]", 5000), "too deep")
	f(strings.Repeat("if (x) ", 5000)+"y", "too deep")
	f("x = \xff\xfe", "Cannot recognize the token")
	f("x = \"abc", "The string is not closed")
	if _, err := ParseExpr("1 +"); err == nil {
		t.Error("ParseExpr(1 +): no error")
	}
	if x, err := ParseExpr("a + b * 2"); err != nil || ast.PrintDebug(x) != "(a + (b * 2))" {
		t.Errorf("ParseExpr = %v, %v", x, err)
	}
	if _, err := ParseExpr("a b c d"); err == nil {
		t.Error("ParseExpr(a b c d): no error")
	}
}

// TestMapr checks the tree of mapr statements and their printing, which
// is one line whatever the source's layout.
func TestMapr(t *testing.T) {
	src := "mapr tval(x, w){wsum(x, w), wsum2(x, w),\n\tcontextSum(w, x) -> tvalReduce;\n\tcumsum, cumsum, cumsum -> tvalRunning}\ny = 1"
	s, err := Parse("t.dos", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Chunks) != 1 || len(s.Chunks[0]) != 2 {
		t.Fatalf("statements: %#v", s.Chunks)
	}
	m, ok := s.Chunks[0][0].(*ast.MaprStmt)
	if !ok {
		t.Fatalf("got %T", s.Chunks[0][0])
	}
	if m.Name.Name != "tval" || len(m.Params) != 2 || len(m.Maps) != 3 || m.Reduce.Name != "tvalReduce" ||
		len(m.Cums) != 3 || m.Running.Name != "tvalRunning" {
		t.Errorf("tree: %+v", m)
	}
	want := "mapr tval(x, w){wsum(x, w), wsum2(x, w), contextSum(w, x) -> tvalReduce; cumsum, cumsum, cumsum -> tvalRunning}\ny = 1"
	if got := ast.Print(s); got != want {
		t.Errorf("print:\n got: %s\nwant: %s", got, want)
	}
	// Without the cgroup by part Cums stays nil; mapr not followed by a
	// name and "(" is a variable or a function named mapr.
	s, err = Parse("t.dos", []byte("mapr f(x){g(x, -2, `a, \"s\", 1.5) -> r}\nmapr = 1\nmapr(1)"))
	if err != nil {
		t.Fatal(err)
	}
	if m := s.Chunks[0][0].(*ast.MaprStmt); m.Cums != nil || m.Running != nil {
		t.Errorf("cgroup part: %+v", m)
	}
	for _, st := range s.Chunks[0][1:] {
		if _, ok := st.(*ast.MaprStmt); ok {
			t.Errorf("%s: got %T", ast.Print(st), st)
		}
	}
}
