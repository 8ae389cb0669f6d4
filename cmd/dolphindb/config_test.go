package main

import (
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	f := func(src, wantErr string) {
		t.Helper()
		_, err := parseConfig("x.cfg", []byte(src))
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("parseConfig(%q): %v", src, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("parseConfig(%q) error = %v, want one containing %q", src, err, wantErr)
		}
	}
	f("mode=single\n# comment\n\nmaxMemSize=4 # GB\nunknownKey=kept\n", "")
	f("P1-datanode.volumes=/v1\n%-datanode.maxMemSize=16\nDFSnode?.workerNum=4\n", "")
	f("mode=single\nno equals sign\n", "x.cfg:2: \"no equals sign\" is not a key=value line")
	f("=value\n", "x.cfg:1: \"\" is not a parameter name")
	f("bad key=1\n", "x.cfg:1: \"bad key\" is not a parameter name")
	f("a.b c.key=1\n", "x.cfg:1:")
	f("mode=single\nP1.persistenceDir=/hdd/<ALIAS>\n", "x.cfg:2: the macro <ALIAS> is not allowed")
	f("P%.persistenceDir=/hdd/<ALIAS>\n", "")

	cf, err := parseConfig("x.cfg", []byte("\ufeffa=1\n  b = two words  \nn1.c=3\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []configLine{{"", "a", "1", "x.cfg:1"}, {"", "b", "two words", "x.cfg:2"}, {"n1", "c", "3", "x.cfg:3"}}
	if len(cf.Lines) != len(want) {
		t.Fatalf("lines %+v", cf.Lines)
	}
	for i, l := range cf.Lines {
		if l != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, l, want[i])
		}
	}
	if cf, _ := parseConfig("x.cfg", []byte("\nmode=single\n")); len(cf.Warnings) != 1 {
		t.Errorf("empty first line: warnings %q", cf.Warnings)
	}
}

func TestResolve(t *testing.T) {
	src := "maxMemSize=32\n" +
		"volumes=/v/<ALIAS>\n" +
		"P1-%.maxMemSize=16\n" +
		"P1-dn?.maxMemSize=15\n" +
		"P1-dn1.maxMemSize=8\n" +
		"P2-dn1.workerNum=2\n" +
		"workerNum=4\n" +
		"workerNum=5\n" +
		"%.publicName=pub\n"
	cf, err := parseConfig("c.cfg", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f := func(alias string, cmd map[string]setting, key, want, from string) {
		t.Helper()
		got, _ := resolve(cmd, cf, alias)
		if got[key].Value != want || got[key].From != from {
			t.Errorf("alias %s: %s = %+v, want %q from %s", alias, key, got[key], want, from)
		}
	}
	f("P1-dn1", nil, "maxMemSize", "8", "c.cfg:5")  // alias-qualified
	f("P1-dn2", nil, "maxMemSize", "16", "c.cfg:3") // first matching wildcard
	f("P3-dn1", nil, "maxMemSize", "32", "c.cfg:1") // unqualified
	f("P3-dn1", nil, "volumes", "/v/P3-dn1", "c.cfg:2")
	f("P2-dn1", nil, "workerNum", "2", "c.cfg:6")
	f("P1-dn1", nil, "workerNum", "4", "c.cfg:7") // first occurrence wins
	f("P1-dn1", nil, "publicName", "pub", "c.cfg:9")
	f("P1-dn1", map[string]setting{"maxMemSize": {"1", "command line -maxMemSize"}}, "maxMemSize", "1", "command line -maxMemSize")
	_, warnings := resolve(nil, cf, "x")
	if len(warnings) != 1 || !strings.Contains(warnings[0], "c.cfg:8: workerNum is set again") {
		t.Errorf("warnings %q", warnings)
	}
}

func TestParseArgs(t *testing.T) {
	got, err := parseArgs([]string{"-home", "h", "-run", "-", "--console=0", "-newKey", "v", "-version"})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"home": "h", "run": "-", "console": "0", "newKey": "v", "version": ""} {
		if s, ok := got[k]; !ok || s.Value != v {
			t.Errorf("%s = %+v, want %q", k, s, v)
		}
	}
	for _, bad := range [][]string{{"-home"}, {"stray"}, {"-"}, {"-a.b", "1"}} {
		if _, err := parseArgs(bad); err == nil {
			t.Errorf("parseArgs(%q) accepted", bad)
		}
	}
}

func TestParseSite(t *testing.T) {
	if a, err := parseSite("localhost:8848:local8848"); err != nil || a != "local8848" {
		t.Errorf("parseSite = %q, %v", a, err)
	}
	for _, bad := range []string{"localhost:8848", "h:x:a", "h:0:a", ":1:a", "h:1:"} {
		if _, err := parseSite(bad); err == nil {
			t.Errorf("parseSite(%q) accepted", bad)
		}
	}
}

func TestLogLine(t *testing.T) {
	var b strings.Builder
	l, closeLog, err := newLogger("", 1, &b)
	if err != nil {
		t.Fatal(err)
	}
	defer closeLog()
	l.Warn().Msg("Failed to bind the socket")
	line := b.String()
	// 2024-01-01 12:00:00.000000 <WARNING> :Failed to bind the socket
	if len(line) < 27 || line[4] != '-' || line[10] != ' ' || line[19] != '.' || line[26:] != " <WARNING> :Failed to bind the socket\n" {
		t.Errorf("log line %q", line)
	}
}
