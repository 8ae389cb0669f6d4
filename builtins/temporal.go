// This file declares the temporal family: calendar extractors (year
// monthOfYear dayOfWeek hour ...), period boundaries (monthBegin ...),
// temporalAdd, bar, dailyAlignedBar, concatDateTime, now/today and the
// clock conversions. Every temporal element is split once into (days since
// epoch, nanoseconds of day) by splitT; each function is an operation on
// that pair lifted by tmap.

package builtins

import (
	"fmt"
	"time"

	"github.com/porpoisedb/porpoise/vm/value"
)

const (
	nsPerDay = 86400000000000
	nsPerSec = 1000000000
)

// splitT returns days since epoch and ns of day of x in type t; hasDate
// is false for the time-of-day types.
func splitT(t value.Type, x int64) (days, nod int64, hasDate bool) {
	fd := func(x, unitsPerDay, ns int64) (int64, int64) {
		d := x / unitsPerDay
		r := x % unitsPerDay
		if r < 0 {
			d--
			r += unitsPerDay
		}
		return d, r * ns
	}
	switch t {
	case value.DATE:
		return x, 0, true
	case value.MONTH:
		y, m := x/12, x%12+1
		return int64(value.YMDToDays(int(y), int(m), 1)), 0, true
	case value.DATEHOUR:
		d, n := fd(x, 24, 3600*nsPerSec)
		return d, n, true
	case value.DATETIME:
		d, n := fd(x, 86400, nsPerSec)
		return d, n, true
	case value.TIMESTAMP:
		d, n := fd(x, 86400000, 1000000)
		return d, n, true
	case value.NANOTIMESTAMP:
		d, n := fd(x, nsPerDay, 1)
		return d, n, true
	case value.TIME:
		return 0, x * 1000000, false
	case value.MINUTE:
		return 0, x * 60 * nsPerSec, false
	case value.SECOND:
		return 0, x * nsPerSec, false
	case value.NANOTIME:
		return 0, x, false
	}
	return 0, 0, false
}

// joinT is splitT's inverse.
func joinT(t value.Type, days, nod int64) int64 {
	switch t {
	case value.DATE:
		return days
	case value.MONTH:
		y, m, _ := value.DaysToYMD(int(days))
		return int64(y*12 + m - 1)
	case value.DATEHOUR:
		return days*24 + nod/(3600*nsPerSec)
	case value.DATETIME:
		return days*86400 + nod/nsPerSec
	case value.TIMESTAMP:
		return days*86400000 + nod/1000000
	case value.NANOTIMESTAMP:
		return days*nsPerDay + nod
	case value.TIME:
		return nod / 1000000
	case value.MINUTE:
		return nod / (60 * nsPerSec)
	case value.SECOND:
		return nod / nsPerSec
	case value.NANOTIME:
		return nod
	}
	return days
}

// tmap applies f(days, nod) to each element of temporal X, giving type rt
// (rt == 0 keeps X's type); needDate rejects time-of-day inputs.
func tmap(name string, x value.Value, rt value.Type, needDate bool, f func(days, nod int64) int64) (value.Value, error) {
	if r, ok, err := mapForms1(x, func(v value.Value) (value.Value, error) { return tmap(name, v, rt, needDate, f) }); ok {
		return r, err
	}
	t := x.Type()
	if !t.IsTemporal() {
		return nil, fmt.Errorf("The function [%s] expects a temporal argument, but the actual type is %s", name, t)
	}
	if _, _, hd := splitT(t, 0); needDate && !hd {
		return nil, fmt.Errorf("The function [%s] doesn't support %s", name, t)
	}
	if rt == 0 {
		rt = t
	}
	o := newOperand(x)
	xs := as[int64](&o, false)
	res := newResult[int64](value.LONG, 0, len(xs), o.scalar)
	for i, v := range xs {
		if v == value.NullLong {
			res.out[i] = value.NullLong
			continue
		}
		d, n, _ := splitT(t, v)
		res.out[i] = f(d, n)
	}
	return castTemporal(res.value(), rt)
}

// castTemporal reinterprets LONG counts as type rt (no unit conversion).
func castTemporal(v value.Value, rt value.Type) (value.Value, error) {
	if rt == value.LONG {
		return v, nil
	}
	if !rt.IsTemporal() {
		return value.Cast(v, rt)
	}
	if vec, ok := v.(*value.Vector); ok {
		ls := vec.Longs()[:vec.Len()]
		if kindOf(rt) == kI64 {
			return value.NewInt64Vector(rt, ls), nil
		}
		out := make([]int32, len(ls))
		for i, x := range ls {
			if x == value.NullLong {
				out[i] = value.NullInt
			} else {
				out[i] = int32(x)
			}
		}
		return value.NewInt32Vector(rt, out), nil
	}
	r := scalarRaw(v)
	return boxInt(rt, r.i, r.null, 0), nil
}

func tfn(name, doc string, rt value.Type, needDate bool, f func(days, nod int64) int64) *Func {
	return &Func{Name: name, Params: []string{"X"}, Kind: Operator, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return tmap(name, a[0], rt, needDate, f)
	}}
}

func ymd(days int64) (int, int, int) { return value.DaysToYMD(int(days)) }

// dow is the weekday with Monday = 0.
func dow(days int64) int64 { return ((days+3)%7 + 7) % 7 }

func b64(b bool) int64 { return int64(b2i(b)) }

func monthStart(days int64) int64 {
	y, m, _ := ymd(days)
	return int64(value.YMDToDays(y, m, 1))
}

func monthLast(days int64) int64 {
	y, m, _ := ymd(days)
	return int64(value.YMDToDays(y, m, value.DaysInMonth(y, m)))
}

func quarterStart(days int64) int64 {
	y, m, _ := ymd(days)
	return int64(value.YMDToDays(y, (m-1)/3*3+1, 1))
}

func quarterLast(days int64) int64 {
	y, m, _ := ymd(days)
	qm := (m-1)/3*3 + 3
	return int64(value.YMDToDays(y, qm, value.DaysInMonth(y, qm)))
}

// addMonths adds n months to a date, clamping the day to the month's end.
func addMonths(days, n int64) int64 {
	y, m, d := ymd(days)
	t := int64(y)*12 + int64(m-1) + n
	ny, nm := int(t/12), int(t%12)+1
	if t < 0 && t%12 != 0 {
		ny--
		nm = int(t%12) + 13
	}
	return int64(value.YMDToDays(ny, nm, min(d, value.DaysInMonth(ny, nm))))
}

func isoWeek(days int64) int64 {
	// Thursday of this week decides the year.
	th := days - dow(days) + 3
	y, _, _ := ymd(th)
	jan1 := int64(value.YMDToDays(y, 1, 1))
	return (th-jan1)/7 + 1
}

var temporalFuncs = []*Func{
	tfn("year", "The year as INT.", value.INT, true, func(d, _ int64) int64 { y, _, _ := ymd(d); return int64(y) }),
	tfn("monthOfYear", "The month 1-12.", value.INT, true, func(d, _ int64) int64 { _, m, _ := ymd(d); return int64(m) }),
	tfn("dayOfMonth", "The day of the month.", value.INT, true, func(d, _ int64) int64 { _, _, dd := ymd(d); return int64(dd) }),
	tfn("dayOfYear", "The day of the year, 1-based.", value.INT, true, func(d, _ int64) int64 {
		y, _, _ := ymd(d)
		return d - int64(value.YMDToDays(y, 1, 1)) + 1
	}),
	tfn("dayOfWeek", "The weekday, Monday = 0.", value.INT, true, func(d, _ int64) int64 { return dow(d) }),
	tfn("weekOfYear", "The ISO week number.", value.INT, true, func(d, _ int64) int64 { return isoWeek(d) }),
	tfn("quarterOfYear", "The quarter 1-4.", value.INT, true, func(d, _ int64) int64 { _, m, _ := ymd(d); return int64((m-1)/3 + 1) }),
	tfn("hour", "The hour 0-23.", value.INT, false, func(_, n int64) int64 { return n / (3600 * nsPerSec) }),
	tfn("minuteOfHour", "The minute 0-59.", value.INT, false, func(_, n int64) int64 { return n / (60 * nsPerSec) % 60 }),
	tfn("secondOfMinute", "The second 0-59.", value.INT, false, func(_, n int64) int64 { return n / nsPerSec % 60 }),
	tfn("millisecond", "The millisecond 0-999.", value.INT, false, func(_, n int64) int64 { return n / 1000000 % 1000 }),
	tfn("microsecond", "The microsecond 0-999999.", value.INT, false, func(_, n int64) int64 { return n / 1000 % 1000000 }),
	tfn("nanosecond", "The nanosecond 0-999999999.", value.INT, false, func(_, n int64) int64 { return n % nsPerSec }),
	tfn("isMonthStart", "Whether the date is the first of its month.", value.BOOL, true, func(d, _ int64) int64 { return b64(monthStart(d) == d) }),
	tfn("isMonthEnd", "Whether the date is the last of its month.", value.BOOL, true, func(d, _ int64) int64 { return b64(monthLast(d) == d) }),
	tfn("isQuarterStart", "Whether the date starts a quarter.", value.BOOL, true, func(d, _ int64) int64 { return b64(quarterStart(d) == d) }),
	tfn("isQuarterEnd", "Whether the date ends a quarter.", value.BOOL, true, func(d, _ int64) int64 { return b64(quarterLast(d) == d) }),
	tfn("isYearStart", "Whether the date is January 1.", value.BOOL, true, func(d, _ int64) int64 { _, m, dd := ymd(d); return b64(m == 1 && dd == 1) }),
	tfn("isYearEnd", "Whether the date is December 31.", value.BOOL, true, func(d, _ int64) int64 { _, m, dd := ymd(d); return b64(m == 12 && dd == 31) }),
	tfn("daysInMonth", "Days of the date's month.", value.INT, true, func(d, _ int64) int64 { y, m, _ := ymd(d); return int64(value.DaysInMonth(y, m)) }),
	tfn("monthBegin", "First day of the month.", value.DATE, true, func(d, _ int64) int64 { return monthStart(d) }),
	tfn("monthEnd", "Last day of the month.", value.DATE, true, func(d, _ int64) int64 { return monthLast(d) }),
	tfn("quarterBegin", "First day of the quarter.", value.DATE, true, func(d, _ int64) int64 { return quarterStart(d) }),
	tfn("quarterEnd", "Last day of the quarter.", value.DATE, true, func(d, _ int64) int64 { return quarterLast(d) }),
	tfn("yearBegin", "January 1 of the year.", value.DATE, true, func(d, _ int64) int64 { y, _, _ := ymd(d); return int64(value.YMDToDays(y, 1, 1)) }),
	tfn("yearEnd", "December 31 of the year.", value.DATE, true, func(d, _ int64) int64 { y, _, _ := ymd(d); return int64(value.YMDToDays(y, 12, 31)) }),
	tfn("weekBegin", "Monday of the week.", value.DATE, true, func(d, _ int64) int64 { return d - dow(d) }),
	tfn("weekEnd", "Sunday of the week.", value.DATE, true, func(d, _ int64) int64 { return d - dow(d) + 6 }),
	tfn("semiMonthBegin", "The 1st or 15th.", value.DATE, true, func(d, _ int64) int64 {
		if _, _, dd := ymd(d); dd >= 15 {
			return monthStart(d) + 14
		}
		return monthStart(d)
	}),
	tfn("semiMonthEnd", "The 15th or the month's last day.", value.DATE, true, func(d, _ int64) int64 {
		if _, _, dd := ymd(d); dd <= 15 {
			return monthStart(d) + 14
		}
		return monthLast(d)
	}),
	tfn("businessMonthBegin", "First weekday of the month.", value.DATE, true, func(d, _ int64) int64 { return nextBusiness(monthStart(d), 1) }),
	tfn("businessMonthEnd", "Last weekday of the month.", value.DATE, true, func(d, _ int64) int64 { return nextBusiness(monthLast(d), -1) }),
	tfn("businessYearBegin", "First weekday of the year.", value.DATE, true, func(d, _ int64) int64 {
		y, _, _ := ymd(d)
		return nextBusiness(int64(value.YMDToDays(y, 1, 1)), 1)
	}),
	tfn("businessYearEnd", "Last weekday of the year.", value.DATE, true, func(d, _ int64) int64 {
		y, _, _ := ymd(d)
		return nextBusiness(int64(value.YMDToDays(y, 12, 31)), -1)
	}),
	tfn("businessDay", "The date, moved back to Friday when on a weekend.", value.DATE, true, func(d, _ int64) int64 { return nextBusiness(d, -1) }),
	{Name: "weekday", Params: []string{"X", "[startFromSunday]"}, Kind: Operator, Doc: "Day of week: Sunday = 0 (or Monday = 0 when startFromSunday is false).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		sun := len(a) < 2 || argBool(a[1], true)
		return tmap("weekday", a[0], value.INT, true, func(d, _ int64) int64 {
			if sun {
				return (dow(d) + 1) % 7
			}
			return dow(d)
		})
	}},
	{Name: "isLeapYear", Params: []string{"X"}, Kind: Operator, Doc: "Whether the year is a leap year.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		if isIntegral(a[0].Type()) {
			return predUnary("isLeapYear", a[0], func(y float64) bool { return y != nullF && value.IsLeapYear(int(y)) })
		}
		return tmap("isLeapYear", a[0], value.BOOL, true, func(d, _ int64) int64 { y, _, _ := ymd(d); return b64(value.IsLeapYear(y)) })
	}},
	{Name: "temporalAdd", Params: []string{"obj", "duration", "[unit]"}, Kind: Operator, Doc: "Adds n units (ns us ms s m H d w M y B) to a temporal value.", Impl: temporalAddImpl},
	{Name: "bar", Params: []string{"X", "interval", "[closed]"}, Kind: Operator, Doc: "X floored to a multiple of interval.", Impl: barImpl},
	{Name: "dailyAlignedBar", Params: []string{"X", "timeOffset", "n", "[timeEnd]", "[mergeSessionEnd]"}, Kind: Operator, Doc: "Bars of length n aligned to daily session starts.", Impl: dailyBarImpl},
	{Name: "concatDateTime", Params: []string{"date", "time"}, Kind: Operator, Doc: "Combines a DATE and a time-of-day value.", Impl: concatDateTimeImpl},
	{Name: "now", Params: []string{"[nanoSecond]"}, Kind: System, Doc: "Current local TIMESTAMP (NANOTIMESTAMP with nanoSecond=true).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		t := time.Now()
		off := localOffset(t)
		if len(a) > 0 && argBool(a[0], false) {
			return value.NanoTimestamp(t.UnixNano() + off*nsPerSec), nil
		}
		return value.Timestamp(t.UnixMilli() + off*1000), nil
	}},
	{Name: "today", Params: []string{}, Kind: System, Doc: "Current local DATE.", Impl: func(_ value.Env, _ []value.Value) (value.Value, error) {
		t := time.Now()
		return value.Date((t.Unix() + localOffset(t)) / 86400), nil
	}},
	{Name: "localtime", Params: []string{"X"}, Kind: Operator, Doc: "UTC to local time.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return shiftZone(a[0], localOffset(time.Now()))
	}},
	{Name: "gmtime", Params: []string{"X"}, Kind: Operator, Doc: "Local time to UTC.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return shiftZone(a[0], -localOffset(time.Now()))
	}},
	{Name: "convertTZ", Params: []string{"obj", "srcTZ", "destTZ"}, Kind: Operator, Doc: "Converts between time zones.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		src, err := time.LoadLocation(a[1].String())
		if err != nil {
			return nil, fmt.Errorf("Invalid time zone %s", a[1].String())
		}
		dst, err := time.LoadLocation(a[2].String())
		if err != nil {
			return nil, fmt.Errorf("Invalid time zone %s", a[2].String())
		}
		t := a[0].Type()
		return tmap("convertTZ", a[0], 0, true, func(d, n int64) int64 {
			y, m, dd := ymd(d)
			w := time.Date(y, time.Month(m), dd, 0, 0, 0, 0, src).Add(time.Duration(n)).In(dst)
			_, off := w.Zone()
			ns := w.Unix()*nsPerSec + int64(w.Nanosecond()) + int64(off)*nsPerSec
			d2, n2, _ := splitT(value.NANOTIMESTAMP, ns)
			return joinT(t, d2, n2)
		})
	}},
}

func registerTemporal(r *Registry) { r.Register(temporalFuncs...) }

func nextBusiness(d, dir int64) int64 {
	for dow(d) >= 5 {
		d += dir
	}
	return d
}

func localOffset(t time.Time) int64 {
	_, off := t.Zone()
	return int64(off)
}

// shiftZone adds sec seconds to a date-bearing temporal value.
func shiftZone(x value.Value, sec int64) (value.Value, error) {
	return tmap("localtime", x, 0, true, func(d, n int64) int64 {
		ns := d*nsPerDay + n + sec*nsPerSec
		dd, nn, _ := splitT(value.NANOTIMESTAMP, ns)
		return joinT(x.Type(), dd, nn)
	})
}

func temporalAddImpl(_ value.Env, a []value.Value) (value.Value, error) {
	var n int64
	var unit string
	if nv, ok := a[1].(*value.Vector); ok && isIntegral(nv.Type()) && len(a) > 2 {
		// A vector of counts (the manual's temporalAdd(t, 0..11, "s")): one
		// multiplication for a unit of fixed length, else each in turn.
		unit := a[2].String()
		if un, ok := unitNanos[unit]; ok {
			if tn := typeNanos(a[0].Type()); tn > 0 && un%tn == 0 {
				k, err := arith(opMul, nv, value.Long(un/tn))
				if err != nil {
					return nil, err
				}
				return arith(opAdd, a[0], k)
			}
		}
		out := make([]value.Value, nv.Len())
		for i := range out {
			v, err := temporalAddImpl(nil, []value.Value{a[0], nv.Get(i), a[2]})
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return value.MakeVector(out), nil
	}
	if d, ok := a[1].(value.Duration); ok {
		n, unit = d.N, d.Unit
	} else {
		var err error
		if n, err = argInt("temporalAdd", a[1]); err != nil {
			return nil, err
		}
		unit = strArg(a, 2, "")
		if unit == "" {
			return nil, fmt.Errorf("Usage: temporalAdd(obj, duration, [unit]). unit is required when duration is an integer.")
		}
	}
	t := a[0].Type()
	if t == value.MONTH && (unit == "M" || unit == "y") {
		if unit == "y" {
			n *= 12
		}
		return arith(opAdd, a[0], value.Int(n))
	}
	switch unit {
	case "M", "y":
		if unit == "y" {
			n *= 12
		}
		return tmap("temporalAdd", a[0], 0, true, func(d, nod int64) int64 { return joinT(t, addMonths(d, n), nod) })
	case "B":
		return tmap("temporalAdd", a[0], 0, true, func(d, nod int64) int64 {
			step := int64(1)
			if n < 0 {
				step = -1
			}
			for k := int64(0); k != n; k += step {
				d += step
				for dow(d) >= 5 {
					d += step
				}
			}
			return joinT(t, d, nod)
		})
	}
	un, ok := unitNanos[unit]
	if !ok {
		return nil, fmt.Errorf("temporalAdd: unsupported unit %s", unit)
	}
	tn := typeNanos(t)
	if tn == 0 {
		return nil, fmt.Errorf("The function [temporalAdd] doesn't support %s", t)
	}
	if un < tn && n*un%tn != 0 {
		return nil, fmt.Errorf("temporalAdd: the unit %s is finer than %s", unit, t)
	}
	return arith(opAdd, a[0], value.Long(n*un/tn))
}

func barImpl(_ value.Env, a []value.Value) (value.Value, error) {
	t := a[0].Type()
	step, err := durationUnits(a[1], t)
	if err != nil {
		return nil, err
	}
	if d, ok := a[1].(value.Duration); ok && (d.Unit == "M" || d.Unit == "y") && t != value.MONTH {
		months := d.N
		if d.Unit == "y" {
			months *= 12
		}
		return tmap("bar", a[0], 0, true, func(dd, _ int64) int64 {
			y, m, _ := ymd(dd)
			k := int64(y*12 + m - 1)
			k -= ((k % months) + months) % months
			return joinT(t, int64(value.YMDToDays(int(k/12), int(k%12)+1, 1)), 0)
		})
	}
	if step <= 0 {
		return nil, fmt.Errorf("Usage: bar(X, interval). interval must be positive.")
	}
	closedRight := strArg(a, 2, "left") == "right"
	o := newOperand(a[0])
	xs := as[int64](&o, false)
	res := newResult[int64](value.LONG, 0, len(xs), o.scalar)
	for i, x := range xs {
		if x == value.NullLong {
			res.out[i] = x
			continue
		}
		r := ((x % step) + step) % step
		v := x - r
		if closedRight && r != 0 {
			v += step
		}
		if closedRight && r == 0 {
			v = x
		}
		res.out[i] = v
	}
	if t.IsTemporal() {
		return castTemporal(res.value(), t)
	}
	if t == value.DOUBLE || t == value.FLOAT {
		return floatBinary("bar", func(x, s float64) float64 { return x - fmod(x, s) })(nil, a[:2])
	}
	return value.Cast(res.value(), value.CommonType(t, value.INT))
}

func fmod(x, s float64) float64 {
	r := x - s*float64(int64(x/s))
	if r < 0 {
		r += s
	}
	return r
}

func dailyBarImpl(_ value.Env, a []value.Value) (value.Value, error) {
	t := a[0].Type()
	offs := elems(a[1])
	step, err := durationUnits(a[2], t)
	if err != nil {
		return nil, err
	}
	_, _, hd := splitT(t, 0)
	tn := typeNanos(t)
	startNs := make([]int64, len(offs))
	for i, o := range offs {
		_, n, _ := splitT(o.Type(), scalarRaw(o).i)
		startNs[i] = n
	}
	stepNs := step * tn
	return tmap("dailyAlignedBar", a[0], 0, false, func(d, n int64) int64 {
		s := startNs[0]
		for _, st := range startNs {
			if n >= st {
				s = st
			}
		}
		if n < startNs[0] && hd {
			s = startNs[len(startNs)-1]
			if len(startNs) > 1 || n < s {
				d--
				n += nsPerDay
			}
		}
		b := s + (n-s)/stepNs*stepNs
		if hd {
			return joinT(t, d, 0) + b/tn
		}
		return b / tn
	})
}

func concatDateTimeImpl(_ value.Env, a []value.Value) (value.Value, error) {
	dt, tt := a[0].Type(), a[1].Type()
	rt := value.DATETIME
	switch tt {
	case value.TIME:
		rt = value.TIMESTAMP
	case value.NANOTIME:
		rt = value.NANOTIMESTAMP
	}
	ds, ts := i64s(a[0]), i64s(a[1])
	n := max(len(ds), len(ts))
	if len(ds) != len(ts) && len(ds) != 1 && len(ts) != 1 {
		return nil, sizeMismatch(len(ds), len(ts))
	}
	out := make([]int64, n)
	for i := range out {
		d, t := ds[i%len(ds)], ts[i%len(ts)]
		if d == value.NullLong || t == value.NullLong {
			out[i] = value.NullLong
			continue
		}
		dd, _, _ := splitT(dt, d)
		_, nod, _ := splitT(tt, t)
		out[i] = joinT(rt, dd, nod)
	}
	if a[0].Form() == value.SCALAR && a[1].Form() == value.SCALAR {
		return castTemporal(value.Long(out[0]), rt)
	}
	return castTemporal(value.NewLongVector(out), rt)
}
