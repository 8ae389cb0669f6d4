// This file defines the scalar types: one named Go type per DolphinDB type.
// A null scalar holds its type's sentinel (NullInt, NullDouble, "" ...);
// Void is the untyped NULL.

package value

// Nothing is the Void of a call that returned no value (print(x), a
// function without return): unlike an explicit NULL, the console shows
// nothing for it.
var Nothing = Void{Nothing: true}

// Scalar types. Temporal types count units since 1970.01.01 (DATE days,
// DATETIME seconds, TIMESTAMP ms, NANOTIMESTAMP ns, DATEHOUR hours), MONTH
// counts months since year 0 (year*12+month-1), and time-of-day types count
// units since midnight.
type (
	Void          struct{ Nothing bool }
	Bool          int8
	Char          int8
	Short         int16
	Int           int32
	Long          int64
	Date          int32
	Month         int32
	Time          int32
	Minute        int32
	Second        int32
	DateTime      int32
	Timestamp     int64
	NanoTime      int64
	NanoTimestamp int64
	DateHour      int32
	Float         float32
	Double        float64
	String        string
	Symbol        string
	Blob          string
	Uuid          [16]byte
	IPAddr        [16]byte
	Int128        [16]byte
	Decimal32     struct {
		V     int32
		Scale int32
	}
	Decimal64 struct {
		V     int64
		Scale int32
	}
	// Decimal128 holds a 128-bit two's complement integer as Hi:Lo.
	Decimal128 struct {
		Lo    uint64
		Hi    int64
		Scale int32
	}
	Complex struct{ Re, Im float64 }
	Point   struct{ X, Y float64 }
	// Duration is n units; Unit is one of ns us ms s m H d w M y B or a
	// trading-calendar id such as XNYS.
	Duration struct {
		N    int64
		Unit string
	}
)

func (Void) Type() Type          { return VOID }
func (Bool) Type() Type          { return BOOL }
func (Char) Type() Type          { return CHAR }
func (Short) Type() Type         { return SHORT }
func (Int) Type() Type           { return INT }
func (Long) Type() Type          { return LONG }
func (Date) Type() Type          { return DATE }
func (Month) Type() Type         { return MONTH }
func (Time) Type() Type          { return TIME }
func (Minute) Type() Type        { return MINUTE }
func (Second) Type() Type        { return SECOND }
func (DateTime) Type() Type      { return DATETIME }
func (Timestamp) Type() Type     { return TIMESTAMP }
func (NanoTime) Type() Type      { return NANOTIME }
func (NanoTimestamp) Type() Type { return NANOTIMESTAMP }
func (DateHour) Type() Type      { return DATEHOUR }
func (Float) Type() Type         { return FLOAT }
func (Double) Type() Type        { return DOUBLE }
func (String) Type() Type        { return STRING }
func (Symbol) Type() Type        { return SYMBOL }
func (Blob) Type() Type          { return BLOB }
func (Uuid) Type() Type          { return UUID }
func (IPAddr) Type() Type        { return IPADDR }
func (Int128) Type() Type        { return INT128 }
func (Decimal32) Type() Type     { return DECIMAL32 }
func (Decimal64) Type() Type     { return DECIMAL64 }
func (Decimal128) Type() Type    { return DECIMAL128 }
func (Complex) Type() Type       { return COMPLEX }
func (Point) Type() Type         { return POINT }
func (Duration) Type() Type      { return DURATION }

func (Void) Form() Form          { return SCALAR }
func (Bool) Form() Form          { return SCALAR }
func (Char) Form() Form          { return SCALAR }
func (Short) Form() Form         { return SCALAR }
func (Int) Form() Form           { return SCALAR }
func (Long) Form() Form          { return SCALAR }
func (Date) Form() Form          { return SCALAR }
func (Month) Form() Form         { return SCALAR }
func (Time) Form() Form          { return SCALAR }
func (Minute) Form() Form        { return SCALAR }
func (Second) Form() Form        { return SCALAR }
func (DateTime) Form() Form      { return SCALAR }
func (Timestamp) Form() Form     { return SCALAR }
func (NanoTime) Form() Form      { return SCALAR }
func (NanoTimestamp) Form() Form { return SCALAR }
func (DateHour) Form() Form      { return SCALAR }
func (Float) Form() Form         { return SCALAR }
func (Double) Form() Form        { return SCALAR }
func (String) Form() Form        { return SCALAR }
func (Symbol) Form() Form        { return SCALAR }
func (Blob) Form() Form          { return SCALAR }
func (Uuid) Form() Form          { return SCALAR }
func (IPAddr) Form() Form        { return SCALAR }
func (Int128) Form() Form        { return SCALAR }
func (Decimal32) Form() Form     { return SCALAR }
func (Decimal64) Form() Form     { return SCALAR }
func (Decimal128) Form() Form    { return SCALAR }
func (Complex) Form() Form       { return SCALAR }
func (Point) Form() Form         { return SCALAR }
func (Duration) Form() Form      { return SCALAR }
