package codec

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/porpoisedb/porpoise/vm/value"
)

// FuzzDecodeHeader feeds whole requests (header line, body, arguments).
func FuzzDecodeHeader(f *testing.F) {
	for _, s := range []string{
		"API2 1166953221 10 / 0_1_4_64\nscript\n1+1",
		"API2  8 / 0_1_4_64\nconnect\n",
		"API2 0 26 / 0_1_4_64\nconnect\nlogin\nadmin\n123456",
		"API 0 8\nconnect\n",
		"API2 1 17 / 0_1_4_64__8192\nfunction\nadd\n2\n1\n\x04\x00\x01\x00\x00\x00\x04\x00\x02\x00\x00\x00",
		"API2 1 14\nvariable\nx\n1\n1\x04\x00\x01\x00\x00\x00",
		"API2 1 16 / 32_1_4_64__0\nvariable\na,b\n2\n0\n\x00\x04\x00\x00\x00\x01\x00\x12hi\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		br := bufio.NewReaderSize(bytes.NewReader(in), 16)
		for range 4 {
			req, err := ReadRequest(br)
			if err != nil {
				return
			}
			if len(req.Args) != req.NArgs {
				t.Fatalf("%d args of %d", len(req.Args), req.NArgs)
			}
		}
	})
}

// fuzzForm decodes [type, form] + body in both byte orders and both
// source kinds; they must agree, and a decoded value must re-encode.
func fuzzForm(f *testing.F, form value.Form) {
	for _, v := range samples(f) {
		if v.Form() != form {
			continue
		}
		for _, le := range []bool{true, false} {
			enc, err := MarshalValue(nil, v, le)
			if err != nil {
				f.Fatal(err)
			}
			t := enc[0]
			if !le {
				t = enc[1]
			}
			f.Add(t, le, enc[2:])
		}
	}
	f.Fuzz(func(t *testing.T, typ byte, le bool, body []byte) {
		obj := append([]byte{typ, byte(form)}, body...)
		if !le {
			obj[0], obj[1] = obj[1], obj[0]
		}
		v1, err1 := NewBytesDecoder(obj, le).Decode()
		v2, err2 := NewDecoder(bufio.NewReaderSize(bytes.NewReader(obj), 16), le).Decode()
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("bytes: %v, stream: %v", err1, err2)
		}
		if err1 != nil {
			return
		}
		e1, err1 := MarshalValue(nil, v1, le)
		e2, err2 := MarshalValue(nil, v2, le)
		if (err1 == nil) != (err2 == nil) || !bytes.Equal(e1, e2) {
			t.Fatalf("re-encodings differ: %v %v", err1, err2)
		}
	})
}

func FuzzDecodeScalar(f *testing.F) { fuzzForm(f, value.SCALAR) }
func FuzzDecodeVector(f *testing.F) { fuzzForm(f, value.VECTOR) }
func FuzzDecodePair(f *testing.F)   { fuzzForm(f, value.PAIR) }
func FuzzDecodeMatrix(f *testing.F) { fuzzForm(f, value.MATRIX) }
func FuzzDecodeSet(f *testing.F)    { fuzzForm(f, value.SET) }
func FuzzDecodeDict(f *testing.F)   { fuzzForm(f, value.DICT) }
func FuzzDecodeTable(f *testing.F)  { fuzzForm(f, value.TABLE) }

// FuzzDecodeCompressed feeds type-26 blocks: the LZ4 decoder and the
// element decoders behind it.
func FuzzDecodeCompressed(f *testing.F) {
	payload := []byte{0xf0, 0x01, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0}
	frame := append([]byte{byte(len(payload)), 0, 0, 0}, payload...)
	body := []byte{byte(20 + len(frame)), 0, 0, 0, 1, 0, 0, 0, 0, 1, 0xff, 1, byte(value.INT), 4, 0, 0, 0xff, 0xff, 0xff, 0xff, 4, 0, 0, 0, 0xff, 0xff, 0xff, 0xff}
	f.Add(append(body, frame...))
	f.Fuzz(func(t *testing.T, body []byte) {
		obj := append([]byte{26, 1}, body...)
		_, _ = NewBytesDecoder(obj, true).Decode()
	})
}
