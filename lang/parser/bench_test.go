package parser

import (
	"bytes"
	"os"
	"testing"

	"github.com/porpoisedb/porpoise/lang/token"
)

// benchSource returns ~1 MB of realistic script (testdata/sample.dos
// repeated).
func benchSource(b *testing.B) []byte {
	sample, err := os.ReadFile("testdata/sample.dos")
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for buf.Len() < 1<<20 {
		buf.Write(sample)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// BenchmarkParse parses ~1 MB of realistic script.
func BenchmarkParse(b *testing.B) {
	src := benchSource(b)
	if _, err := Parse("bench.dos", src); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Parse("bench.dos", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScan scans the same script into tokens, without parsing.
func BenchmarkScan(b *testing.B) {
	src := string(benchSource(b))
	file := token.NewFile("bench.dos", []byte(src))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var errs ErrorList
		s := newScanner(src, file, &errs)
		for {
			var t tok
			s.scanInto(&t)
			if t.kind == token.EOF {
				break
			}
		}
	}
}
