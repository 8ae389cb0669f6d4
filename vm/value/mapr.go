// This file defines MapReduce, the map-reduce implementation that a mapr
// statement gives a user-defined aggregate function, so that the SQL engine
// can run the function per partition (and cumulatively for cgroup by)
// without the language's syntax tree.

package value

// MapReduce is the definition of mapr udaf(params){map1(args), ... -> reduce
// [; cum1, ... -> running]}.
//
// Distributed group by: each partition computes every map call on each
// group's rows; per group, the map results of the partitions (in partition
// order) form one vector per map call, and Reduce(vec1, ..., vecN) is the
// group's value. cgroup by: each group's map results, in the groups' order,
// form one vector per map call; Cums[i] is applied to vector i and
// Running(cum1, ..., cumN) gives one value per group.
type MapReduce struct {
	Name    string // the aggregate function
	Params  []string
	Maps    []MapCall
	Reduce  Function
	Cums    []Function // nil without the cgroup by part
	Running Function   // nil without the cgroup by part
}

// MapCall is one map function with its arguments.
type MapCall struct {
	Fn   Function
	Args []MapArg
}

// MapArg is an argument of a map call: the aggregate's parameter number
// Param (the query's argument in that position), or Const when Param < 0.
type MapArg struct {
	Param int
	Const Value
}

// Bind returns the arguments of the map call given the aggregate call's
// arguments (one per parameter).
func (c MapCall) Bind(args []Value) []Value {
	out := make([]Value, len(c.Args))
	for i, a := range c.Args {
		if a.Param >= 0 {
			out[i] = args[a.Param]
		} else {
			out[i] = a.Const
		}
	}
	return out
}

// MapReducer is implemented by the user functions that may carry a mapr
// definition; MapReduce is nil while none was declared.
type MapReducer interface {
	MapReduce() *MapReduce
}
