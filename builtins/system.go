// This file declares system and introspection functions: version sleep
// getMemoryUsage memSize setMaxMemSize syntax help defs getEnv
// getHomeDir getSessionMemoryStat toJson fromJson. (objs, undef and
// defined belong to the VM.)

package builtins

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/porpoisedb/porpoise/vm/value"
)

// Version is what version() reports.
var Version = "2.00.10 2023.07.18 LINUX x86_64 Porpoise"

var systemFuncs = []*Func{
	{Name: "version", Params: []string{}, Kind: System, Doc: "Server version string.", Impl: func(_ value.Env, _ []value.Value) (value.Value, error) { return value.String(Version), nil }},
	{Name: "sleep", Params: []string{"milliseconds"}, Kind: System, Doc: "Pauses the session; cancellable.", Impl: func(env value.Env, a []value.Value) (value.Value, error) {
		ms, err := argInt("sleep", a[0])
		if err != nil {
			return nil, err
		}
		end := time.Now().Add(time.Duration(ms) * time.Millisecond)
		for time.Now().Before(end) {
			if env != nil {
				if err := env.CheckCancel(); err != nil {
					return nil, err
				}
			}
			time.Sleep(min(time.Until(end), 20*time.Millisecond))
		}
		return value.Nothing, nil
	}},
	{Name: "getMemoryUsage", Params: []string{}, Kind: System, Doc: "Bytes allocated by objects of this node.", Impl: func(_ value.Env, _ []value.Value) (value.Value, error) { return value.Long(value.MemoryUsed()), nil }},
	{Name: "setMaxMemSize", Params: []string{"memSize"}, Kind: System, Doc: "Sets the memory limit in GB.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		gb, ok := value.ToFloat64(a[0])
		if !ok {
			return nil, fmt.Errorf("Usage: setMaxMemSize(memSize). memSize must be a number of GB.")
		}
		value.SetMemoryLimit(int64(gb * (1 << 30)))
		return value.Nothing, nil
	}},
	{Name: "memSize", Params: []string{"obj"}, Kind: System, Doc: "Approximate bytes used by obj.", Impl: fn1(func(x value.Value) (value.Value, error) { return value.Long(memSize(x)), nil })},
	{Name: "syntax", Params: []string{"func"}, Kind: System, Doc: "The function's signature, e.g. sum(X).", Impl: fn1(func(x value.Value) (value.Value, error) {
		b, ok := x.(*Builtin)
		if !ok {
			if f, ok := x.(value.Function); ok {
				if pn, ok := f.(value.ParamNamer); ok {
					return value.String(f.Name() + "(" + strings.Join(pn.ParamNames(), ", ") + ")"), nil
				}
				return value.String(f.Name() + "()"), nil
			}
			return nil, fmt.Errorf("Usage: syntax(func). func must be a function.")
		}
		return value.String(signature(b.Decl)), nil
	})},
	{Name: "help", Params: []string{"func"}, Kind: System, Doc: "Signature and description of a built-in.", Impl: fn1(func(x value.Value) (value.Value, error) {
		b, ok := x.(*Builtin)
		if !ok {
			if f, ok := x.(value.Function); ok {
				b, ok = registryFn().Lookup(f.Name())
			}
			if !ok {
				return nil, fmt.Errorf("Usage: help(func). func must be a built-in function.")
			}
		}
		return value.String(signature(b.Decl) + "\n" + b.Decl.Doc), nil
	})},
	{Name: "defs", Params: []string{"[pattern]"}, Kind: System, Doc: "Table of built-in functions: name, isCommand, userDefined, minParamCount, maxParamCount, syntax.", Impl: defsImpl},
	{Name: "getEnv", Params: []string{"name", "[default]"}, Kind: System, Doc: "Environment variable.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		if v, ok := os.LookupEnv(a[0].String()); ok {
			return value.String(v), nil
		}
		return value.String(strArg(a, 1, "")), nil
	}},
	{Name: "getHomeDir", Params: []string{}, Kind: System, Doc: "The node's home directory.", Impl: func(_ value.Env, _ []value.Value) (value.Value, error) {
		d, _ := os.Getwd()
		return value.String(d), nil
	}},
	// The server binds its own getSessionMemoryStat to each session (a
	// built-in doesn't win over it); this one serves a node without
	// sessions (-run, -test): its one console session.
	{Name: "getSessionMemoryStat", Params: []string{}, Kind: System, Doc: "Memory held by each session (here the one console session).", Impl: sessionMemoryStat},
	{Name: "toJson", Params: []string{"obj"}, Kind: System, Doc: "JSON text of an object.", Impl: fn1(func(x value.Value) (value.Value, error) {
		b, err := json.Marshal(jsonOf(x))
		if err != nil {
			return nil, err
		}
		return value.String(b), nil
	})},
	{Name: "fromJson", Params: []string{"X"}, Kind: System, Doc: "Parses JSON into dictionaries, vectors and scalars.", Impl: fn1(func(x value.Value) (value.Value, error) {
		var v any
		if err := json.Unmarshal([]byte(x.String()), &v); err != nil {
			return nil, fmt.Errorf("fromJson: invalid JSON: %v", err)
		}
		return fromJSON(v), nil
	})},
}

// registryFn breaks the initialisation cycle systemFuncs -> Default.
var registryFn func() *Registry

func init() { registryFn = Default }

func registerSystem(r *Registry) { r.Register(systemFuncs...) }

func signature(f *Func) string {
	return f.Name + "(" + strings.Join(f.Params, ", ") + ")"
}

// defsImpl is defs([pattern]): every function the session can call (the
// node's built-ins, its SQL, DFS and server functions, then user-defined
// ones), filtered by a LIKE pattern.
func defsImpl(env value.Env, a []value.Value) (value.Value, error) {
	var re *regexp.Regexp
	if len(a) > 0 && a[0] != nil {
		p := regexp.QuoteMeta(a[0].String())
		p = strings.NewReplacer("%", ".*", "_", ".").Replace(p)
		re = regexp.MustCompile("(?i)^" + p + "$")
	}
	builtin := map[string]value.Function{}
	user := map[string]value.Function{}
	if fs, ok := env.(interface {
		Functions() (builtin, user map[string]value.Function)
	}); ok {
		builtin, user = fs.Functions()
	} else {
		r := registryFn()
		for _, n := range r.Names() {
			b, _ := r.Lookup(n)
			builtin[n] = b
		}
	}
	var names, syn []string
	var minP, maxP []int32
	var cmd, ud []int8
	add := func(fns map[string]value.Function, userDefined int8) {
		for _, n := range slices.Sorted(maps.Keys(fns)) {
			if re != nil && !re.MatchString(n) || strings.HasPrefix(n, "__") {
				continue // internal hooks (__sql, __metaBind) are not the user's
			}
			lo, hi, sig := arity(n, fns[n], userDefined == 1)
			names = append(names, n)
			syn = append(syn, sig)
			minP = append(minP, lo)
			maxP = append(maxP, hi)
			cmd = append(cmd, 0)
			ud = append(ud, userDefined)
		}
	}
	add(builtin, 0)
	add(user, 1)
	return value.NewTable([]string{"name", "isCommand", "userDefined", "minParamCount", "maxParamCount", "syntax"},
		[]value.Value{value.NewStringVector(names), value.NewBoolVector(cmd), value.NewBoolVector(ud), value.NewIntVector(minP), value.NewIntVector(maxP), value.NewStringVector(syn)})
}

// arity returns the least and most arguments of f (most NULL: any) and
// its syntax line; optional parameters are written [p].
func arity(name string, f value.Function, userDefined bool) (lo, hi int32, syntax string) {
	if b, ok := f.(*Builtin); ok {
		hi = int32(b.Decl.MaxArgs)
		if hi < 0 {
			hi = value.NullInt
		}
		return int32(b.Decl.MinArgs), hi, signature(b.Decl)
	}
	pn, ok := f.(value.ParamNamer)
	if !ok {
		return value.NullInt, value.NullInt, name + "(...)"
	}
	params := pn.ParamNames()
	marked := false
	for _, p := range params {
		if strings.HasPrefix(p, "[") {
			marked = true
		} else {
			lo++
		}
	}
	if !marked && !userDefined {
		// A system function that does not mark its optional parameters
		// (the DFS and server ones) has an unknown least count.
		lo = value.NullInt
	}
	return lo, int32(len(params)), name + "(" + strings.Join(params, ", ") + ")"
}

func memSize(x value.Value) int64 {
	switch v := x.(type) {
	case *value.Vector:
		switch {
		case v.Type() == value.ANY:
			s := int64(16 * v.Len())
			for _, e := range v.Elems() {
				s += memSize(e)
			}
			return s
		case isLiteral(v.Type()) && v.Type() != value.SYMBOL:
			s := int64(0)
			for _, str := range v.Strings() {
				s += int64(len(str)) + 1
			}
			return s
		}
		return int64(len(v.Raw()))
	case *value.Matrix:
		return memSize(v.Data())
	case *value.Table:
		s := int64(0)
		for _, c := range v.Columns() {
			s += memSize(c)
		}
		return s
	case *value.Dict:
		return int64(v.Len()) * 32
	case *value.Set:
		return int64(v.Len()) * 16
	}
	return 16
}

func jsonOf(x value.Value) any {
	switch v := x.(type) {
	case *value.Vector, *value.Pair:
		es := elems(v)
		out := make([]any, len(es))
		for i, e := range es {
			out[i] = jsonOf(e)
		}
		return out
	case *value.Matrix:
		return jsonOf(v.Data())
	case *value.Dict:
		m := map[string]any{}
		for i := range v.Len() {
			m[v.KeyAt(i).String()] = jsonOf(v.ValueAt(i))
		}
		return m
	case *value.Table:
		m := map[string]any{}
		for i, n := range v.Names() {
			m[n] = jsonOf(v.Column(i))
		}
		return m
	case *value.Set:
		return jsonOf(v.Keys())
	}
	if value.IsNull(x) {
		return nil
	}
	switch {
	case x.Type() == value.BOOL:
		return argBool(x, false)
	case x.Type().IsNumeric() && !x.Type().IsDecimal():
		f, _ := value.ToFloat64(x)
		return f
	}
	return x.String()
}

func fromJSON(v any) value.Value {
	switch x := v.(type) {
	case nil:
		return value.Void{}
	case bool:
		return value.Bool(b2i(x))
	case float64:
		if x == float64(int64(x)) && x >= -2147483647 && x <= 2147483647 {
			return value.Int(int32(x))
		}
		return value.Double(x)
	case string:
		return value.String(x)
	case []any:
		out := make([]value.Value, len(x))
		for i, e := range x {
			out[i] = fromJSON(e)
		}
		return value.MakeVector(out)
	case map[string]any:
		d := value.NewDict(value.STRING, value.ANY, true)
		for k, e := range x {
			_ = d.Set(value.String(k), fromJSON(e))
		}
		return d
	}
	return value.Void{}
}

// started is when the node started: the console session's createTime.
var started = time.Now()

// sessionMemoryStat is getSessionMemoryStat() of a node without a server:
// one row, the console session, holding all the memory values hold.
func sessionMemoryStat(_ value.Env, _ []value.Value) (value.Value, error) {
	wall := func(t time.Time) int64 { // local wall clock, zone-less
		_, off := t.Zone()
		return t.UnixMilli() + int64(off)*1000
	}
	return value.NewTable([]string{"userId", "sessionId", "memSize", "remoteIP", "remotePort", "createTime", "lastActiveTime"}, []value.Value{
		value.NewStringVector([]string{"admin"}),
		value.NewLongVector([]int64{0}),
		value.NewLongVector([]int64{value.MemoryUsed()}),
		value.NewStringVector([]string{""}),
		value.NewIntVector([]int32{0}),
		value.NewInt64Vector(value.TIMESTAMP, []int64{wall(started)}),
		value.NewInt64Vector(value.TIMESTAMP, []int64{wall(time.Now())}),
	})
}
