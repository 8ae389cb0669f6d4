// This file defines the codec's own values for wire types the value
// package does not model: function definitions and system objects sent as
// text, and the DATEMINUTE type code.

package codec

import "github.com/porpoisedb/porpoise/vm/value"

// dateMinute is type 29 (minutes since epoch); decoded as DATETIME.
const dateMinute value.Type = 29

// FuncDef is a FUNCTIONDEF scalar as sent on the wire: a kind byte (0
// system function, 1 system procedure, 2 operator, 3 user-defined, 4
// partial ...) and a name. The server resolves it by name.
type FuncDef struct {
	Kind byte
	Name string
}

func (FuncDef) Type() value.Type { return value.FUNCTIONDEF }
func (FuncDef) Form() value.Form { return value.SCALAR }
func (f FuncDef) String() string { return f.Name }

// SysObj is a HANDLE, CODE, DATASOURCE or RESOURCE scalar: text only.
type SysObj struct {
	T    value.Type
	Text string
}

func (s SysObj) Type() value.Type { return s.T }
func (SysObj) Form() value.Form   { return value.SCALAR }
func (s SysObj) String() string   { return s.Text }
