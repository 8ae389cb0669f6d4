// This file declares the random family: rand norm seed shuffle shuffle!
// randNormal randUniform randDiscrete randBinomial randExp randPoisson.
// One process-wide generator (seedable by seed) is locked once per call.

package builtins

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/porpoisedb/porpoise/vm/value"
)

var (
	rngMu sync.Mutex
	rng   = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
)

// withRNG runs f holding the generator.
func withRNG(f func(r *rand.Rand)) {
	rngMu.Lock()
	defer rngMu.Unlock()
	f(rng)
}

var randomFuncs = []*Func{
	{Name: "rand", Params: []string{"X", "[count]"}, Kind: System, Doc: "Random values in [0, X) or samples of vector X; count may be rows:cols.", Impl: randImpl},
	{Name: "seed", Params: []string{"X"}, Kind: System, Doc: "Seeds the random generator.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		s, err := argInt("seed", a[0])
		if err != nil {
			return nil, err
		}
		withRNG(func(*rand.Rand) { rng = rand.New(rand.NewPCG(uint64(s), uint64(s)^0x9e3779b97f4a7c15)) })
		return value.Nothing, nil
	}},
	{Name: "norm", Params: []string{"mean", "std", "count"}, Kind: System, Doc: "count normal samples.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return distImpl("norm", a, 2, func(r *rand.Rand, p []float64) float64 { return p[0] + p[1]*r.NormFloat64() })
	}},
	{Name: "randNormal", Params: []string{"mean", "stdev", "count"}, Kind: System, Doc: "count normal samples.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return distImpl("randNormal", a, 2, func(r *rand.Rand, p []float64) float64 { return p[0] + p[1]*r.NormFloat64() })
	}},
	{Name: "randUniform", Params: []string{"lower", "upper", "count"}, Kind: System, Doc: "count uniform samples in [lower, upper).", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return distImpl("randUniform", a, 2, func(r *rand.Rand, p []float64) float64 { return p[0] + (p[1]-p[0])*r.Float64() })
	}},
	{Name: "randExp", Params: []string{"mean", "count"}, Kind: System, Doc: "count exponential samples.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return distImpl("randExp", a, 1, func(r *rand.Rand, p []float64) float64 { return p[0] * r.ExpFloat64() })
	}},
	{Name: "randPoisson", Params: []string{"mean", "count"}, Kind: System, Doc: "count Poisson samples.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return distImpl("randPoisson", a, 1, func(r *rand.Rand, p []float64) float64 {
			l, k, q := math.Exp(-p[0]), 0.0, 1.0
			for {
				q *= r.Float64()
				if q <= l {
					return k
				}
				k++
			}
		})
	}},
	{Name: "randBinomial", Params: []string{"trials", "p", "count"}, Kind: System, Doc: "count binomial samples.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		return distImpl("randBinomial", a, 2, func(r *rand.Rand, p []float64) float64 {
			k := 0.0
			for range int(p[0]) {
				if r.Float64() < p[1] {
					k++
				}
			}
			return k
		})
	}},
	{Name: "randDiscrete", Params: []string{"v", "p", "count"}, Kind: System, Doc: "count samples of v with probabilities p.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) {
		v, err := vecArg("randDiscrete", a[0])
		if err != nil {
			return nil, err
		}
		p, err := f64s("randDiscrete", a[1])
		if err != nil {
			return nil, err
		}
		n, err := argInt("randDiscrete", a[2])
		if err != nil {
			return nil, err
		}
		tot := 0.0
		for _, x := range p {
			tot += x
		}
		idx := make([]int, n)
		withRNG(func(r *rand.Rand) {
			for i := range idx {
				u, j := r.Float64()*tot, 0
				for j < len(p)-1 && u >= p[j] {
					u -= p[j]
					j++
				}
				idx[i] = j
			}
		})
		return v.Gather(idx), nil
	}},
	{Name: "shuffle", Params: []string{"X"}, Kind: Vector, Doc: "A random permutation of X.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return shuffle(a[0], false) }},
	{Name: "shuffle!", Params: []string{"X"}, Kind: Vector, Doc: "Shuffles X in place.", Impl: func(_ value.Env, a []value.Value) (value.Value, error) { return shuffle(a[0], true) }},
}

func registerRandom(r *Registry) { r.Register(randomFuncs...) }

// countArg decodes a count (n) or shape (rows:cols).
func countArg(fn string, v value.Value) (n, rows, cols int, err error) {
	if p, ok := v.(*value.Pair); ok {
		r, _ := value.ToInt64(p.First())
		c, _ := value.ToInt64(p.Second())
		return int(r * c), int(r), int(c), nil
	}
	x, err := argInt(fn, v)
	if x < 0 {
		err = fmt.Errorf("Usage: %s. count must be a non-negative integer.", fn)
	}
	return int(x), -1, -1, err
}

func shaped(v *value.Vector, rows, cols int) (value.Value, error) {
	if rows < 0 {
		return v, nil
	}
	return value.FromVector(v, rows, cols)
}

func randImpl(_ value.Env, a []value.Value) (value.Value, error) {
	x := a[0]
	scalar := len(a) < 2 || a[1] == nil
	n, rows, cols := 1, -1, -1
	if !scalar {
		var err error
		if n, rows, cols, err = countArg("rand(X, count)", a[1]); err != nil {
			return nil, err
		}
	}
	if x.Form() != value.SCALAR {
		v, err := vecArg("rand", x)
		if err != nil {
			return nil, err
		}
		if v.Len() == 0 {
			return nil, fmt.Errorf("Usage: rand(X, count). X must not be empty.")
		}
		idx := make([]int, n)
		withRNG(func(r *rand.Rand) {
			for i := range idx {
				idx[i] = r.IntN(v.Len())
			}
		})
		out := v.Gather(idx)
		if scalar {
			return out.Get(0), nil
		}
		return shaped(out, rows, cols)
	}
	t := x.Type()
	var out *value.Vector
	switch {
	case t == value.FLOAT || t == value.DOUBLE:
		hi, _ := value.ToFloat64(x)
		v, s := newDoubles(n)
		withRNG(func(r *rand.Rand) {
			for i := range s {
				s[i] = r.Float64() * hi
			}
		})
		out = v
		if t == value.FLOAT {
			c, err := castVec(v, t)
			if err != nil {
				return nil, err
			}
			out = c
		}
	case isIntegral(t) || t.IsTemporal():
		hi, _ := value.ToInt64(x)
		if hi <= 0 {
			return nil, fmt.Errorf("Usage: rand(X, count). X must be positive.")
		}
		lv := value.NewVector(value.LONG, n)
		s := lv.Longs()[:n]
		withRNG(func(r *rand.Rand) {
			for i := range s {
				s[i] = r.Int64N(hi)
			}
		})
		out = lv
		if t != value.LONG {
			st := t
			if t == value.BOOL {
				st = value.BOOL
			}
			c, err := castVec(lv, st)
			if err != nil {
				return nil, err
			}
			out = c
		}
	case t == value.UUID || t == value.IPADDR || t == value.INT128:
		out = value.NewVector(t, n)
		b := out.Bytes16()[:n]
		withRNG(func(r *rand.Rand) {
			for i := range b {
				for j := range b[i] {
					b[i][j] = byte(r.Uint32())
				}
			}
		})
	case isLiteral(t):
		return randImpl(nil, append([]value.Value{toVector(x)}, a[1:]...))
	default:
		return nil, fmt.Errorf("Usage: rand(X, count). X must be a numeric scalar or a vector.")
	}
	if scalar {
		return out.Get(0), nil
	}
	return shaped(out, rows, cols)
}

// distImpl draws count samples from f given np numeric parameters.
func distImpl(name string, a []value.Value, np int, f func(r *rand.Rand, p []float64) float64) (value.Value, error) {
	p := make([]float64, np)
	for i := range p {
		x, ok := value.ToFloat64(a[i])
		if !ok {
			return nil, fmt.Errorf("Usage: %s. The parameters must be numeric scalars.", name)
		}
		p[i] = x
	}
	n, rows, cols, err := countArg(name, a[np])
	if err != nil {
		return nil, err
	}
	v, s := newDoubles(n)
	withRNG(func(r *rand.Rand) {
		for i := range s {
			s[i] = f(r, p)
		}
	})
	if name == "randPoisson" || name == "randBinomial" {
		c, err := castVec(v, value.INT)
		if err != nil {
			return nil, err
		}
		return shaped(c, rows, cols)
	}
	return shaped(v, rows, cols)
}

func permutation(n int) []int {
	idx := make([]int, n)
	withRNG(func(r *rand.Rand) {
		for i, j := range r.Perm(n) {
			idx[i] = j
		}
	})
	return idx
}

func shuffle(x value.Value, inPlace bool) (value.Value, error) {
	switch v := x.(type) {
	case *value.Table:
		return v.Gather(permutation(v.Rows())), nil
	case *value.Matrix:
		return perColumn(v, func(c *value.Vector) (value.Value, error) { return c.Gather(permutation(c.Len())), nil })
	}
	v, err := vecArg("shuffle", x)
	if err != nil {
		return nil, err
	}
	r := v.Gather(permutation(v.Len()))
	if inPlace {
		if err := overwrite(v, r); err != nil {
			return nil, err
		}
		return v, nil
	}
	return r, nil
}
