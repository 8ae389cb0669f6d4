package parser

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkParse parses ~1 MB of realistic script (testdata/sample.dos
// repeated).
func BenchmarkParse(b *testing.B) {
	sample, err := os.ReadFile("testdata/sample.dos")
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for buf.Len() < 1<<20 {
		buf.Write(sample)
		buf.WriteByte('\n')
	}
	src := buf.Bytes()
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
