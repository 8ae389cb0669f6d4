// This file declares the time-based moving family tm*: the window of
// element i holds the elements j <= i with T[j] > T[i] - window, where
// window is a DURATION (3s, 5m, 1d ...) or an integer in T's unit. T must
// be ascending. Windows are found with two pointers; the aggregate runs
// over each window's valid values.

package builtins

import (
	"fmt"
	"strings"

	"github.com/porpoisedb/porpoise/vm/value"
)

// unitNanos is the length of a duration unit in nanoseconds.
var unitNanos = map[string]int64{
	"ns": 1, "us": 1000, "ms": 1000000, "s": 1000000000, "m": 60000000000,
	"H": 3600000000000, "d": 86400000000000, "w": 7 * 86400000000000,
}

// typeNanos is the length of one unit of temporal type t in nanoseconds.
func typeNanos(t value.Type) int64 {
	switch t {
	case value.DATE:
		return unitNanos["d"]
	case value.TIME, value.TIMESTAMP:
		return unitNanos["ms"]
	case value.MINUTE:
		return unitNanos["m"]
	case value.SECOND, value.DATETIME:
		return unitNanos["s"]
	case value.NANOTIME, value.NANOTIMESTAMP:
		return 1
	case value.DATEHOUR:
		return unitNanos["H"]
	}
	return 0
}

// DurationUnits is durationUnits for the SQL engine (interval in group by).
func DurationUnits(w value.Value, t value.Type) (int64, error) { return durationUnits(w, t) }

// durationUnits converts a window (DURATION or integer) to units of t.
func durationUnits(w value.Value, t value.Type) (int64, error) {
	d, ok := w.(value.Duration)
	if !ok {
		x, ok := value.ToInt64(w)
		if !ok {
			return 0, fmt.Errorf("The window must be a DURATION or an integer.")
		}
		return x, nil
	}
	if t == value.MONTH {
		switch d.Unit {
		case "M":
			return d.N, nil
		case "y":
			return d.N * 12, nil
		}
	}
	un, ok := unitNanos[d.Unit]
	tn := typeNanos(t)
	if !ok || tn == 0 {
		return 0, fmt.Errorf("The duration unit %s is not supported for %s.", d.Unit, t)
	}
	return d.N * un / tn, nil
}

// timeWindows returns, for each i, the first index of its window.
func timeWindows(name string, tv, w value.Value, _ bool) ([]int, error) {
	if !tv.Type().IsTemporal() && !isIntegral(tv.Type()) {
		return nil, fmt.Errorf("Usage: %s(T, X, window). T must be a temporal or integral vector.", name)
	}
	ts := i64s(tv)
	span, err := durationUnits(w, tv.Type())
	if err != nil {
		return nil, err
	}
	lo := make([]int, len(ts))
	j := 0
	for i, t := range ts {
		for j < i && ts[j] <= t-span {
			j++
		}
		lo[i] = j
	}
	return lo, nil
}

// tmFK is a tm* function computed by a sliding kernel in O(n) or
// O(n log n) rather than by rescanning each window.
func tmFK(name, doc string, rt func(value.Type) value.Type, k tmKernel) *Func {
	return &Func{Name: name, Params: []string{"T", "X", "window"}, Kind: Vector, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		lo, xs, err := tmArgs(name, a)
		if err != nil {
			return nil, err
		}
		out, res := newDoubles(len(xs))
		k(xs, lo, res)
		return fromF64(out, rt(a[1].Type())), nil
	}}
}

func tmArgs(name string, a []value.Value) ([]int, []float64, error) {
	lo, err := timeWindows(name, a[0], a[2], false)
	if err != nil {
		return nil, nil, err
	}
	xs, err := f64s(name, a[1])
	if err != nil {
		return nil, nil, err
	}
	if len(xs) != len(lo) {
		return nil, nil, sizeMismatch(len(lo), len(xs))
	}
	return lo, xs, nil
}

func tmF(name, doc string, rt func(value.Type) value.Type, f func(win []float64) float64) *Func {
	return &Func{Name: name, Params: []string{"T", "X", "window"}, Kind: Vector, Doc: doc, Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		lo, xs, err := tmArgs(name, a)
		if err != nil {
			return nil, err
		}
		out, res := newDoubles(len(xs))
		buf := make([]float64, 0, 16)
		for i := range xs {
			buf = buf[:0]
			for _, x := range xs[lo[i] : i+1] {
				if x != nullF {
					buf = append(buf, x)
				}
			}
			r := nullF
			if len(buf) > 0 || strings.HasSuffix(name, "count") {
				r = f(buf)
			}
			if r != r {
				r = nullF
			}
			res[i] = r
		}
		return fromF64(out, rt(a[1].Type())), nil
	}}
}

func sliceSum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

var tmFuncs = []*Func{
	tmFK("tmsum", "Time-window sum.", sumType, tmSumsK(func(s, _ float64, c int) (float64, bool) { return s, c > 0 })),
	tmFK("tmavg", "Time-window average.", doubleType, tmSumsK(func(s, _ float64, c int) (float64, bool) { return s / float64(c), c > 0 })),
	tmFK("tmcount", "Time-window count of non-null values.", intType, tmSumsK(func(_, _ float64, c int) (float64, bool) { return float64(c), true })),
	tmFK("tmmax", "Time-window maximum.", keepType, tmExtremeK(true)),
	tmFK("tmmin", "Time-window minimum.", keepType, tmExtremeK(false)),
	tmFK("tmfirst", "First value of the time window.", keepType, tmEdgeK(false)),
	tmFK("tmlast", "Last value of the time window.", keepType, tmEdgeK(true)),
	tmFK("tmmed", "Time-window median.", doubleType, tmOrderK(func(t *rankTree) float64 { return t.quantile(0.5, "linear") })),
	tmF("tmstd", "Time-window sample standard deviation.", doubleType, func(v []float64) float64 { return nullSqrt(variance(v, true)) }),
	tmF("tmstdp", "Time-window population standard deviation.", doubleType, func(v []float64) float64 { return nullSqrt(variance(v, false)) }),
	tmF("tmvar", "Time-window sample variance.", doubleType, func(v []float64) float64 { return variance(v, true) }),
	tmF("tmvarp", "Time-window population variance.", doubleType, func(v []float64) float64 { return variance(v, false) }),
	tmF("tmprod", "Time-window product.", doubleType, func(v []float64) float64 {
		p := 1.0
		for _, x := range v {
			p *= x
		}
		return p
	}),
	tmFK("tmsum2", "Time-window sum of squares.", doubleType, tmSumsK(func(_, s2 float64, c int) (float64, bool) { return s2, c > 0 })),
	tmF("tmskew", "Time-window skewness.", doubleType, func(v []float64) float64 { return skewOf(v, true) }),
	tmF("tmkurtosis", "Time-window kurtosis.", doubleType, func(v []float64) float64 { return kurtOf(v, true) }),
}

func registerTMoving(r *Registry) { r.Register(tmFuncs...) }
