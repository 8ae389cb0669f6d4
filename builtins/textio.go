// This file is the text import/export family: loadText, ploadText,
// extractTextSchema and saveText (loadTextEx is in textio_ex.go). The
// reader is in textio_parse.go. Paths are the host's: a relative path
// resolves against the working folder, which is what getHomeDir reports.

package builtins

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

var textioFuncs = []*Func{
	{Name: "loadText", Params: []string{"filename", "[delimiter]", "[schema]", "[skipRows]", "[arrayDelimiter]", "[containHeader]", "[arrayMarker]"}, Kind: System, Doc: "Loads a text file into an in-memory table.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return loadTextImpl("loadText", a)
	}},
	{Name: "ploadText", Params: []string{"filename", "[delimiter]", "[schema]", "[skipRows]", "[arrayDelimiter]", "[containHeader]", "[arrayMarker]"}, Kind: System, Doc: "Loads a text file into an in-memory table, parsing in parallel.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return loadTextImpl("ploadText", a)
	}},
	{Name: "extractTextSchema", Params: []string{"filename", "[delimiter]", "[skipRows]"}, Kind: System, Doc: "The schema (name, type) DolphinDB infers for a text file.", Impl: extractTextSchemaImpl},
	{Name: "saveText", Params: []string{"obj", "filename", "[delimiter]", "[append]", "[header]"}, Kind: System, Doc: "Writes a table or vector to a text file.", Impl: saveTextImpl},
	{Name: "loadTextEx", Params: []string{"dbHandle", "tableName", "partitionColumns", "filename", "[delimiter]", "[schema]", "[skipRows]", "[transform]", "[sortColumns]", "[atomic]", "[arrayDelimiter]", "[containHeader]", "[arrayMarker]"}, Kind: System, Doc: "Loads a text file into a DFS table, creating the table when it doesn't exist.", Impl: loadTextExImpl},
}

func registerTextIO(r *Registry) { r.Register(textioFuncs...) }

// textArgs are the arguments loadText and its relatives share.
type textArgs struct {
	fn            string
	file          string
	delim         string
	schema        *value.Table
	skipRows      int
	arrayDelim    string
	containHeader int // -1 unset, 0 false, 1 true
}

func present(a []value.Value, i int) bool {
	return i < len(a) && a[i] != nil && a[i].Type() != value.VOID
}

func stringScalar(v value.Value) (string, bool) {
	if v.Form() != value.SCALAR || v.Type() != value.STRING && v.Type() != value.SYMBOL {
		return "", false
	}
	return v.String(), true
}

// parseTextArgs reads filename, delimiter, schema, skipRows,
// arrayDelimiter and containHeader from a at the given positions (-1:
// the function has no such argument).
func parseTextArgs(fn string, a []value.Value, iFile, iDelim, iSchema, iSkip, iArr, iHdr int) (*textArgs, error) {
	ta := &textArgs{fn: fn, delim: ",", containHeader: -1}
	f, ok := stringScalar(a[iFile])
	if !ok || f == "" {
		return nil, fmt.Errorf("%s: filename must be a non-empty string scalar", fn)
	}
	ta.file = f
	if present(a, iDelim) {
		d, ok := stringScalar(a[iDelim])
		if !ok && a[iDelim].Type() == value.CHAR && a[iDelim].Form() == value.SCALAR {
			x, _ := value.ToInt64(a[iDelim])
			d, ok = string(rune(x)), true
		}
		if !ok || d == "" {
			return nil, fmt.Errorf("%s: delimiter must be a non-empty string scalar", fn)
		}
		ta.delim = d
	}
	if iSchema >= 0 && present(a, iSchema) {
		t, ok := a[iSchema].(*value.Table)
		if !ok {
			return nil, fmt.Errorf("%s: schema must be a table with columns name and type", fn)
		}
		ta.schema = t
	}
	if present(a, iSkip) {
		n, err := intArg(fn, a, iSkip, 0)
		if err != nil {
			return nil, err
		}
		if n < 0 || n > 1024 {
			return nil, fmt.Errorf("%s: skipRows must be an integer between 0 and 1024", fn)
		}
		ta.skipRows = int(n)
	}
	if iArr >= 0 && present(a, iArr) {
		d, ok := stringScalar(a[iArr])
		if !ok && a[iArr].Type() == value.CHAR {
			x, _ := value.ToInt64(a[iArr])
			d, ok = string(rune(x)), true
		}
		if !ok || len(d) != 1 {
			return nil, fmt.Errorf("%s: arrayDelimiter must be a single character", fn)
		}
		ta.arrayDelim = d
	}
	if iHdr >= 0 && present(a, iHdr) {
		if a[iHdr].Type() != value.BOOL || a[iHdr].Form() != value.SCALAR {
			return nil, fmt.Errorf("%s: containHeader must be a Boolean scalar", fn)
		}
		x, _ := value.ToInt64(a[iHdr])
		ta.containHeader = int(x)
	}
	return ta, nil
}

// openText maps the file (the caller calls r.release when done with it) and skips the BOM and skipRows lines; it
// returns the reader and the offset of the first record.
func openText(ta *textArgs) (*textReader, int, error) {
	data, release, err := mapFile(ta.file)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, 0, fmt.Errorf("%s: Failed to open file %s: the file doesn't exist", ta.fn, ta.file)
		default:
			return nil, 0, fmt.Errorf("%s: Failed to open file %s: %v", ta.fn, ta.file, err)
		}
	}
	r := &textReader{file: ta.file, data: data, delim: []byte(ta.delim), release: release}
	pos := 0
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		pos = 3
	}
	for i := 0; i < ta.skipRows && pos < len(data); i++ {
		j := strings.IndexByte(string(data[pos:min(len(data), pos+1<<20)]), '\n')
		if j < 0 {
			for j = pos; j < len(data) && data[j] != '\n'; j++ {
			}
			pos = min(len(data), j+1)
			continue
		}
		pos += j + 1
	}
	return r, pos, nil
}

// textLayout is what the first records say about a file: its column
// names, inferred types and where the data starts.
type textLayout struct {
	names []string
	types []value.Type
	start int
}

func startsWithDigit(b []byte) bool { return len(b) > 0 && b[0] >= '0' && b[0] <= '9' }

// layoutOf reads the header (as containHeader says, or DolphinDB's rule:
// the first line is a header when none of its fields starts with a digit)
// and infers the types from a sample of the records after it.
func layoutOf(ta *textArgs, r *textReader, pos int) (*textLayout, error) {
	var fields [][]byte
	var quoted []bool
	for pos < len(r.data) {
		var next int
		fields, quoted, next = r.nextRecord(pos, fields, quoted)
		if !blank(fields, quoted) {
			break
		}
		pos = next
	}
	if pos >= len(r.data) {
		return nil, fmt.Errorf("%s: the file %s is empty", ta.fn, ta.file)
	}
	first := make([][]byte, len(fields))
	copy(first, fields)
	header := ta.containHeader == 1
	if ta.containHeader < 0 {
		header = true
		for _, f := range first {
			if startsWithDigit(f) {
				header = false
				break
			}
		}
	}
	lay := &textLayout{start: pos}
	ncol := len(first)
	if header {
		_, _, lay.start = r.nextRecord(pos, nil, nil)
		lay.names = make([]string, ncol)
		for i, f := range first {
			lay.names[i] = columnName(string(f), i)
		}
	} else {
		lay.names = make([]string, ncol)
		for i := range lay.names {
			lay.names[i] = "col" + strconv.Itoa(i)
		}
	}
	var sample [][][]byte
	for p := lay.start; p < len(r.data) && len(sample) < textSampleRows; {
		var f [][]byte
		var q []bool
		f, q, p = r.nextRecord(p, nil, nil)
		if !blank(f, q) {
			sample = append(sample, f)
		}
	}
	lay.types = inferTypes(sample, ncol)
	return lay, nil
}

// columnName makes a header field a valid column name as DolphinDB does:
// characters other than letters, digits and '_' become '_', and a name
// not starting with a letter gets a leading 'c'.
func columnName(s string, i int) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "col" + strconv.Itoa(i)
	}
	var b strings.Builder
	for _, r := range s {
		if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if c := out[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c > 127) {
		out = "c" + out
	}
	return out
}

// parseTypeName reads a schema type: INT, symbol, DECIMAL32(2), INT[] ...
func parseTypeName(s string) (value.Type, int32, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasPrefix(s, "DECIMAL") {
		j := strings.IndexByte(s, ')')
		if j < i {
			return 0, 0, false
		}
		sc, err := strconv.Atoi(strings.TrimSpace(s[i+1 : j]))
		if err != nil || sc < 0 {
			return 0, 0, false
		}
		t, ok := value.TypeByName(s[:i] + s[j+1:])
		return t, int32(sc), ok
	}
	t, ok := value.TypeByName(s)
	if ok && (t == value.VOID || t == value.ANY) {
		return 0, 0, false
	}
	return t, 0, ok
}

// columnsFor builds the columns to load from the layout and the schema.
func columnsFor(ta *textArgs, lay *textLayout) ([]*textCol, error) {
	if ta.schema == nil {
		cols := make([]*textCol, len(lay.names))
		for i := range cols {
			cols[i] = &textCol{src: i, name: lay.names[i], typ: lay.types[i]}
		}
		return cols, nil
	}
	s := ta.schema
	get := func(name string) *value.Vector {
		for i, n := range s.Names() {
			if strings.EqualFold(n, name) {
				return s.Column(i)
			}
		}
		return nil
	}
	names, types, formats, idx := get("name"), get("type"), get("format"), get("col")
	if names == nil || types == nil {
		return nil, fmt.Errorf("%s: the schema table must have the columns name and type", ta.fn)
	}
	n := s.Rows()
	if idx == nil && n != len(lay.names) {
		return nil, fmt.Errorf("%s: the schema has %d columns but the file %s has %d", ta.fn, n, ta.file, len(lay.names))
	}
	cols := make([]*textCol, n)
	prev := -1
	for i := 0; i < n; i++ {
		c := &textCol{src: i, name: names.Get(i).String()}
		if c.name == "" {
			c.name = lay.names[min(i, len(lay.names)-1)]
		}
		tn := types.Get(i).String()
		t, scale, ok := parseTypeName(tn)
		if !ok {
			return nil, fmt.Errorf("%s: invalid data type '%s' for column %s in the schema", ta.fn, tn, c.name)
		}
		c.typ, c.scale = t, scale
		if idx != nil {
			k, ok := value.ToInt64(idx.Get(i))
			if !ok || k < 0 || int(k) >= len(lay.names) || int(k) <= prev {
				return nil, fmt.Errorf("%s: the col column of the schema must be ascending column indices of the file %s (0 to %d)", ta.fn, ta.file, len(lay.names)-1)
			}
			c.src, prev = int(k), int(k)
		}
		if formats != nil {
			c.format = strings.TrimSpace(formats.Get(i).String())
		}
		switch {
		case t.IsArray():
			c.viaText = true
		case t.IsDecimal(), t == value.UUID, t == value.IPADDR, t == value.INT128, t == value.DATEHOUR,
			t == value.COMPLEX, t == value.POINT, t == value.DURATION:
			c.viaText = true
		case c.format != "" && t.IsTemporal():
			c.viaText = true
		}
		cols[i] = c
	}
	return cols, nil
}

// finishCol converts a column gathered as text into its type.
func finishCol(ta *textArgs, c *textCol, v *value.Vector) (*value.Vector, error) {
	if !c.viaText {
		return v, nil
	}
	var out value.Value
	var err error
	switch t := c.typ; {
	case t.IsArray():
		out, err = arrayColumn(ta, c, v)
	case c.format != "" && t.IsTemporal():
		out, err = temporalParseImpl(nil, []value.Value{v, value.String(c.format)})
		if err == nil && out.Type() != t {
			out, err = value.Cast(out, t)
		}
	case t.IsDecimal():
		out, err = value.CastDecimal(v, t, int(c.scale))
	default:
		out, err = value.Cast(v, t)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: column %s of %s: %v", ta.fn, c.name, ta.file, err)
	}
	vec, ok := out.(*value.Vector)
	if !ok {
		return nil, fmt.Errorf("%s: column %s of %s could not be converted to %s", ta.fn, c.name, ta.file, c.typ)
	}
	return vec, nil
}

// arrayColumn splits each cell on arrayDelimiter into an array vector
// row; a cell may be wrapped in brackets.
func arrayColumn(ta *textArgs, c *textCol, v *value.Vector) (value.Value, error) {
	sep := ta.arrayDelim
	if sep == "" {
		sep = ","
	}
	var flat []string
	ends := make([]int64, v.Len())
	for i, s := range v.Strings() {
		s = strings.TrimSpace(s)
		s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
		if s != "" {
			for _, e := range strings.Split(s, sep) {
				flat = append(flat, strings.TrimSpace(e))
			}
		}
		ends[i] = int64(len(flat))
	}
	elem := c.typ.Elem()
	var inner value.Value = value.NewStringVector(flat)
	var err error
	if elem.IsDecimal() {
		inner, err = value.CastDecimal(inner, elem, int(c.scale))
	} else if elem != value.STRING {
		inner, err = value.Cast(inner, elem)
	}
	if err != nil {
		return nil, err
	}
	iv, ok := inner.(*value.Vector)
	if !ok {
		return nil, fmt.Errorf("cannot build a %s column", c.typ)
	}
	offs := make([]int32, len(ends)+1)
	for i, e := range ends {
		offs[i+1] = int32(e)
	}
	return value.NewArrayVector(offs, iv), nil
}

// loadTextArgs are loadText's argument positions.
func loadTextImpl(fn string, a []value.Value) (value.Value, error) {
	ta, err := parseTextArgs(fn, a, 0, 1, 2, 3, 4, 5)
	if err != nil {
		return nil, err
	}
	return loadTextFile(ta)
}

// loadTextFile loads ta.file into an in-memory table.
func loadTextFile(ta *textArgs) (*value.Table, error) {
	r, pos, err := openText(ta)
	if err != nil {
		return nil, err
	}
	defer r.release()
	lay, err := layoutOf(ta, r, pos)
	if err != nil {
		return nil, err
	}
	cols, err := columnsFor(ta, lay)
	if err != nil {
		return nil, err
	}
	vecs, err := r.parseColumns(lay.start, cols)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(cols))
	vals := make([]value.Value, len(cols))
	for i, c := range cols {
		v, err := finishCol(ta, c, vecs[i])
		if err != nil {
			return nil, err
		}
		names[i], vals[i] = c.name, v
	}
	t, err := value.NewTable(names, vals)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %v", ta.fn, ta.file, err)
	}
	return t, nil
}

func extractTextSchemaImpl(_ value.Env, a []value.Value) (value.Value, error) {
	ta, err := parseTextArgs("extractTextSchema", a, 0, 1, -1, 2, -1, -1)
	if err != nil {
		return nil, err
	}
	r, pos, err := openText(ta)
	if err != nil {
		return nil, err
	}
	defer r.release()
	lay, err := layoutOf(ta, r, pos)
	if err != nil {
		return nil, err
	}
	types := make([]string, len(lay.types))
	for i, t := range lay.types {
		types[i] = t.String()
	}
	return value.NewTable([]string{"name", "type"}, []value.Value{
		value.NewStringVector(append([]string(nil), lay.names...)), value.NewStringVector(types),
	})
}

// ---- saveText ----

func saveTextImpl(_ value.Env, a []value.Value) (value.Value, error) {
	const fn = "saveText"
	file, ok := stringScalar(a[1])
	if !ok || file == "" {
		return nil, fmt.Errorf("%s: filename must be a non-empty string scalar", fn)
	}
	delim := ","
	if present(a, 2) {
		d, ok := stringScalar(a[2])
		if !ok && a[2].Type() == value.CHAR && a[2].Form() == value.SCALAR {
			x, _ := value.ToInt64(a[2])
			d, ok = string(rune(x)), true
		}
		if !ok || d == "" {
			return nil, fmt.Errorf("%s: delimiter must be a non-empty string scalar", fn)
		}
		delim = d
	}
	appendMode, header := false, true
	for i, p := range []*bool{&appendMode, &header} {
		if present(a, 3+i) {
			if a[3+i].Type() != value.BOOL || a[3+i].Form() != value.SCALAR {
				return nil, fmt.Errorf("%s: %s must be a Boolean scalar", fn, []string{"append", "header"}[i])
			}
			x, _ := value.ToInt64(a[3+i])
			*p = x != 0
		}
	}
	var names []string
	var cols []*value.Vector
	switch x := a[0].(type) {
	case *value.Table:
		names, cols = x.Names(), x.Columns()
	case *value.Vector:
		if x.Type() == value.ANY {
			return nil, fmt.Errorf("%s: obj must be a table or a typed vector", fn)
		}
		cols, header = []*value.Vector{x}, false
	default:
		return nil, fmt.Errorf("%s: obj must be a table or a vector", fn)
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if appendMode {
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
		// Appending to a file that already has rows adds no second header.
		if st, err := os.Stat(file); err == nil && st.Size() > 0 {
			header = false
		}
	}
	f, err := os.OpenFile(file, flags, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%s: Failed to open file %s: %v", fn, file, err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if header && len(names) > 0 {
		for i, n := range names {
			if i > 0 {
				w.WriteString(delim)
			}
			w.WriteString(quoteField(n, delim))
		}
		w.WriteByte('\n')
	}
	n := 0
	if len(cols) > 0 {
		n = cols[0].Len()
	}
	var buf []byte
	for r := 0; r < n; r++ {
		buf = buf[:0]
		for i, c := range cols {
			if i > 0 {
				buf = append(buf, delim...)
			}
			buf = appendCell(buf, c, r, delim)
		}
		buf = append(buf, '\n')
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: failed to write %s: %v", fn, file, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("%s: failed to write %s: %v", fn, file, err)
	}
	return value.Void{}, nil
}

// quoteField wraps text that would not read back as one field in double
// quotes (doubling inner quotes).
func quoteField(s, delim string) string {
	if s == "" || !strings.Contains(s, delim) && !strings.ContainsAny(s, "\"\n\r") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// appendCell writes row r of c as saveText does: nulls empty, temporals
// in DolphinDB's literal form (2023.01.08, 13:30:10.008), numbers in
// their shortest exact form.
func appendCell(b []byte, c *value.Vector, r int, delim string) []byte {
	t := c.Type()
	if c.IsNullAt(r) && !t.IsArray() {
		return b
	}
	switch {
	case t == value.INT:
		return strconv.AppendInt(b, int64(c.Ints()[r]), 10)
	case t == value.LONG:
		return strconv.AppendInt(b, c.Longs()[r], 10)
	case t == value.SHORT:
		return strconv.AppendInt(b, int64(c.Shorts()[r]), 10)
	case t == value.DOUBLE:
		return appendFloat(b, c.Doubles()[r], 64)
	case t == value.FLOAT:
		return appendFloat(b, float64(c.Floats()[r]), 32)
	case t == value.BOOL:
		if c.Int8s()[r] != 0 {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case t == value.CHAR:
		return strconv.AppendInt(b, int64(c.Int8s()[r]), 10)
	case t == value.STRING || t == value.SYMBOL || t == value.BLOB:
		return append(b, quoteField(c.Get(r).String(), delim)...)
	case t.IsTemporal():
		x, _ := value.ToInt64(c.Get(r))
		return value.AppendTemporal(b, t, x)
	case t.IsArray():
		s := c.Get(r).String()
		s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
		return append(b, quoteField(s, delim)...)
	}
	return append(b, quoteField(c.Get(r).String(), delim)...)
}

// appendFloat writes the shortest text that reads back to x: plain
// decimals for everyday magnitudes (26785580, 0.0015), exponent form only
// for very large or small ones.
func appendFloat(b []byte, x float64, bits int) []byte {
	if a := math.Abs(x); a == 0 || a >= 1e-4 && a < 1e15 {
		return strconv.AppendFloat(b, x, 'f', -1, bits)
	}
	return strconv.AppendFloat(b, x, 'g', -1, bits)
}
