// This file defines the console display of tables and matrices
// (language.md §10.4, §10.5), laid out as DolphinDB's getString does:
// columns padded to their width plus one separating space (so lines may
// end in spaces), long cells cut to "...", at most 30 rows then "...",
// columns until 120 characters then a "..." column. String() has no final
// newline.

package value

import "strings"

// cellString is an element as a table or matrix cell shows it (getString:
// strings unquoted, nulls empty).
func cellString(v *Vector, i int) string {
	if v.typ == ANY {
		e := v.elems[i]
		if e == nil {
			return ""
		}
		return e.String()
	}
	if v.typ.IsArray() {
		return v.Get(i).String()
	}
	return v.elemString(i)
}

// gridColumn appends one column (header + cells) of width w to lines,
// cutting long cells to w-3 characters plus "...".
func gridColumn(lines []strings.Builder, cells []string, w int) {
	for i, c := range cells {
		if len(c) <= w {
			lines[i].WriteString(c)
			for k := len(c); k < w; k++ {
				lines[i].WriteByte(' ')
			}
			continue
		}
		if w > 3 {
			lines[i].WriteString(c[:w-3])
		}
		lines[i].WriteString("...")
	}
}

func joinGrid(lines []strings.Builder, sep string, more bool) string {
	var b strings.Builder
	b.WriteString(lines[0].String())
	b.WriteByte('\n')
	b.WriteString(sep)
	for i := 1; i < len(lines); i++ {
		b.WriteByte('\n')
		b.WriteString(lines[i].String())
	}
	if more {
		b.WriteString("\n...")
	}
	return b.String()
}

func maxLen(cells []string) int {
	w := 0
	for _, c := range cells {
		w = max(w, len(c))
	}
	return w
}

// String prints the table: names, dashes, at most 30 rows then "...",
// columns until the 120-character width is used.
func (t *Table) String() string {
	ncols := len(t.cols)
	rows := min(DisplayRows, t.Rows())
	if ncols == 0 {
		return ""
	}
	capW := DisplayWidth/min(ncols, DisplayCols) + 5
	lines := make([]strings.Builder, rows+1)
	var sep strings.Builder
	length, cur := 0, 0
	cells := make([]string, rows+1)
	for length < DisplayWidth && cur < ncols {
		cells[0] = t.names[cur]
		c := t.cols[cur]
		for i := range rows {
			cells[i+1] = cellString(c, i)
		}
		w := min(maxLen(cells[1:]), capW)
		if len(cells[0]) > w {
			w = min(capW, len(cells[0]))
		}
		if length+w > DisplayWidth && cur+1 < ncols {
			break
		}
		// A cell wider than the cap is cut, and columns are always
		// separated by a space: a cell of exactly the cap's width must not
		// run into the next column.
		sep.WriteString(strings.Repeat("-", w))
		gridColumn(lines, cells, w)
		if cur < ncols-1 {
			w++
			sep.WriteByte(' ')
			for i := range lines {
				lines[i].WriteByte(' ')
			}
		}
		length += w
		cur++
	}
	if cur < ncols {
		for i := range lines {
			lines[i].WriteString("...")
		}
		sep.WriteString("---")
	}
	return joinGrid(lines, sep.String(), rows < t.Rows())
}

// String prints the matrix with #0 #1 ... headers (or column labels) and,
// with row labels, a label column followed by "|" ("" and a space on the
// header line).
func (m *Matrix) String() string {
	const limitColWidth = 25
	rows := min(DisplayRows, m.rows)
	lines := make([]strings.Builder, rows+1)
	var sep strings.Builder
	length, cur := 0, 0
	cells := make([]string, rows+1)
	if m.rowLabels != nil {
		cells[0] = ""
		for i := range rows {
			cells[i+1] = cellString(m.rowLabels, i)
		}
		w := maxLen(cells)
		gridColumn(lines, cells, w)
		for i := range lines {
			if i == 0 {
				lines[i].WriteByte(' ')
			} else {
				lines[i].WriteByte('|')
			}
		}
		w++
		sep.WriteString(strings.Repeat(" ", w))
		length += w
	}
	for length < DisplayWidth && cur < m.cols {
		if m.colLabels != nil {
			cells[0] = cellString(m.colLabels, cur)
		} else {
			cells[0] = "#" + itoa(cur)
		}
		for i := range rows {
			cells[i+1] = cellString(m.data, cur*m.rows+i)
		}
		w := min(maxLen(cells[1:]), limitColWidth)
		if len(cells[0]) > w {
			w = min(limitColWidth, len(cells[0]))
		}
		sep.WriteString(strings.Repeat("-", w))
		last := cur == m.cols-1
		if !last {
			sep.WriteByte(' ')
		}
		if length+w+1 > DisplayWidth && cur+1 < m.cols {
			break
		}
		gridColumn(lines, cells, w)
		if !last {
			w++
			for i := range lines {
				lines[i].WriteByte(' ')
			}
		}
		length += w
		cur++
	}
	if cur < m.cols {
		for i := range lines {
			lines[i].WriteString("...")
		}
		sep.WriteString("---")
	}
	return joinGrid(lines, sep.String(), rows < m.rows)
}

func itoa(i int) string { return Int(int32(i)).String() }
