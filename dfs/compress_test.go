package dfs

import (
	"bytes"
	"math"
	"math/rand"
	"path/filepath"
	"testing"

	"github.com/porpoisedb/porpoise/dfs/vfs"
	"github.com/porpoisedb/porpoise/vm/value"
)

// roundTrip encodes v with method and decodes it back.
func roundTrip(t *testing.T, v *value.Vector, method string) *value.Vector {
	t.Helper()
	b, codec, err := encodeColumn(v, 0, v.Len(), method)
	if err != nil {
		t.Fatalf("%s %s: %v", method, v.Type(), err)
	}
	if method != MethodZstd && codec != codecLZ4 || method == MethodZstd && codec != codecZstd {
		t.Fatalf("%s: codec %d", method, codec)
	}
	out, err := decodeColumn(b, codec, v.Type(), v.Scale(), v.Len(), nil)
	if err != nil {
		t.Fatalf("%s %s: decode: %v", method, v.Type(), err)
	}
	return out
}

func TestCompressMethodsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	n := 5000
	shorts := make([]int16, n)
	ints := make([]int32, n)
	longs := make([]int64, n)
	dts := make([]int32, n)
	dbl := make([]float64, n)
	strs := make([]string, n)
	for i := 0; i < n; i++ {
		shorts[i] = int16(rng.Intn(1 << 16))
		ints[i] = int32(rng.Uint32())
		longs[i] = int64(rng.Uint64())
		dts[i] = int32(1673170200 + (i%242)*60)
		dbl[i] = rng.Float64()
		strs[i] = string(rune('a' + rng.Intn(26)))
	}
	// Extremes and nulls: delta-of-delta must wrap, not lose them.
	ints[0], ints[1], ints[2] = math.MinInt32, math.MaxInt32, math.MinInt32
	longs[3], longs[4] = math.MinInt64, math.MaxInt64
	shorts[7] = math.MinInt16
	cols := []*value.Vector{
		value.NewShortVector(shorts), value.NewIntVector(ints), value.NewLongVector(longs),
		value.NewInt32Vector(value.DATETIME, dts), value.NewDoubleVector(dbl),
		value.NewStringVector(strs), value.NewSymbolVector(strs),
	}
	for _, c := range cols {
		for _, m := range []string{MethodLZ4, MethodZstd, MethodDelta, ""} {
			out := roundTrip(t, c, m)
			if out.Len() != c.Len() || out.String() != c.String() {
				t.Fatalf("%s %s: round trip differs", m, c.Type())
			}
		}
	}
}

func TestDeltaSmallerOnRegularSeries(t *testing.T) {
	n := 100000
	ts := make([]int64, n)
	for i := range ts {
		ts[i] = 1673170200000 + int64(i)*1000
	}
	v := value.NewLongVector(ts)
	d, _, _ := encodeColumn(v, 0, n, MethodDelta)
	l, _, _ := encodeColumn(v, 0, n, MethodLZ4)
	if len(d)*10 > len(l) {
		t.Fatalf("delta %d bytes, lz4 %d bytes: delta-of-delta should collapse a regular series", len(d), len(l))
	}
}

func TestLZ4FramesAndCorruption(t *testing.T) {
	// More than one frame, part compressible, part not.
	raw := make([]byte, lz4Frame+12345)
	rand.New(rand.NewSource(2)).Read(raw[:lz4Frame/2])
	b := lz4Encode(raw)
	out, err := lz4Decode(b)
	if err != nil || !bytes.Equal(out, raw) {
		t.Fatalf("lz4 frames: %v", err)
	}
	// Every truncation and a flipped byte give an error, never a panic.
	for i := 0; i < len(b); i += len(b)/97 + 1 {
		if _, err := lz4Decode(b[:i]); err == nil && i < len(b) {
			t.Fatalf("truncated at %d: no error", i)
		}
	}
	bad := append([]byte(nil), b...)
	bad[len(bad)/2] ^= 0xff
	lz4Decode(bad)
	if _, err := decodeColumn([]byte{1, 2, 3}, 7, value.INT, 0, 1, nil); err == nil {
		t.Fatal("unknown codec accepted")
	}
	if ok := decodeDelta(make([]byte, 8), []byte{4, 0x80}, 4, 2); ok {
		t.Fatal("bad delta payload accepted")
	}
}

// TestLegacySegmentReadable reads a segment file written by the encoder
// before codecs were recorded (every block zstd, no codec in the footer).
func TestLegacySegmentReadable(t *testing.T) {
	r, err := openSegment(vfs.OS, filepath.Join("testdata", "legacy_zstd.seg"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	if r.rows() != 300 {
		t.Fatalf("rows %d", r.rows())
	}
	want := []string{"i", "dt", "d", "s", "str"}
	for i, name := range want {
		if r.footer.Cols[i].Name != name || r.footer.Cols[i].Codec != codecZstd {
			t.Fatalf("column %d: %+v", i, r.footer.Cols[i])
		}
		v, err := r.decode(i, nil)
		if err != nil {
			t.Fatal(err)
		}
		if v.Len() != 300 {
			t.Fatalf("column %s: %d rows", name, v.Len())
		}
	}
	i, _ := r.decode(0, nil)
	if !i.IsNullAt(5) || i.Get(6).String() != "3" {
		t.Fatalf("column i: %v", i.Get(6))
	}
	dt, _ := r.decode(1, nil)
	if dt.Get(1).String() != "2023.01.08T09:31:00" {
		t.Fatalf("column dt: %v", dt.Get(1))
	}
	s, _ := r.decode(3, nil)
	if s.Get(4).String() != "B" {
		t.Fatalf("column s: %v", s.Get(4))
	}
}
