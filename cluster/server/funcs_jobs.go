// This file defines the job and session functions: getConsoleJobs,
// getRecentJobs, cancelJob, cancelConsoleJob, submitJob, getJobReturn,
// getJobStatus, closeSessions and getSessionMemoryStat.

package server

import (
	"fmt"
	"net"
	"slices"
	"time"

	"github.com/porpoisedb/porpoise/vm/value"
)

func init() {
	sessionFuncList = append(sessionFuncList, []*sessionFunc{
		{name: "getConsoleJobs", min: 0, max: 1, impl: fnGetConsoleJobs},
		{name: "getRecentJobs", min: 0, max: 1, impl: fnGetRecentJobs},
		{name: "cancelConsoleJob", min: 1, max: 1, impl: fnCancelConsoleJob},
		{name: "cancelJob", min: 1, max: 1, impl: fnCancelJob},
		{name: "submitJob", min: 3, max: 3 + 64, impl: fnSubmitJob},
		{name: "getJobReturn", min: 1, max: 2, impl: fnGetJobReturn},
		{name: "getJobStatus", min: 1, max: 1, impl: fnGetJobStatus},
		{name: "closeSessions", min: 1, max: 1, impl: fnCloseSessions},
		{name: "getSessionMemoryStat", min: 0, max: 0, impl: fnSessionMemoryStat},
	}...)
}

// columns builds a table from alternating names and vectors.
func columns(pairs ...any) (value.Value, error) {
	var names []string
	var cols []value.Value
	for i := 0; i < len(pairs); i += 2 {
		names = append(names, pairs[i].(string))
		cols = append(cols, pairs[i+1].(value.Value))
	}
	return value.NewTable(names, cols)
}

func timestamps(ts []time.Time) *value.Vector {
	x := make([]int64, len(ts))
	for i, t := range ts {
		if t.IsZero() {
			x[i] = value.NullLong
			continue
		}
		// Local wall clock as a zone-less TIMESTAMP, as the real server.
		_, off := t.Zone()
		x[i] = t.UnixMilli() + int64(off)*1000
	}
	return value.NewInt64Vector(value.TIMESTAMP, x)
}

func collect[T any](js []Job, f func(*Job) T) []T {
	out := make([]T, len(js))
	for i := range js {
		out[i] = f(&js[i])
	}
	return out
}

func fnGetConsoleJobs(se *Session, _ []value.Value) (value.Value, error) {
	js := se.srv.jobs.consoleJobs()
	if !se.srv.users.IsAdmin(se.User()) {
		js = slices.DeleteFunc(js, func(j Job) bool { return j.User != se.User() })
	}
	slices.SortFunc(js, func(a, b Job) int { return a.Received.Compare(b.Received) })
	node := se.srv.opts.NodeAlias
	return columns(
		"node", value.NewStringVector(collect(js, func(*Job) string { return node })),
		"userID", value.NewStringVector(collect(js, func(j *Job) string { return j.User })),
		"rootJobId", value.NewStringVector(collect(js, func(j *Job) string { return j.RootJobID })),
		"jobType", value.NewStringVector(collect(js, func(j *Job) string { return j.Type })),
		"desc", value.NewStringVector(collect(js, func(j *Job) string { return j.Desc })),
		"priority", value.NewIntVector(collect(js, func(j *Job) int32 { return int32(j.Priority) })),
		"parallelism", value.NewIntVector(collect(js, func(j *Job) int32 { return int32(j.Parallelism) })),
		"receiveTime", timestamps(collect(js, func(j *Job) time.Time { return j.Received })),
		"sessionId", value.NewLongVector(collect(js, func(j *Job) int64 { return int64(j.SessionID) })),
		"remoteIP", value.NewStringVector(collect(js, func(j *Job) string { return remoteIP(se.srv, j.SessionID) })),
		"totalTasks", value.NewIntVector(collect(js, func(*Job) int32 { return 1 })),
		"finishedTasks", value.NewIntVector(collect(js, func(*Job) int32 { return 0 })),
		"runningTask", value.NewIntVector(collect(js, func(j *Job) int32 { return boolInt(!j.Start.IsZero()) })),
	)
}

func boolInt(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

func remoteIP(s *Server, sid uint64) string {
	if se := s.session(sid); se != nil {
		if a, ok := se.remote.(*net.TCPAddr); ok {
			return a.IP.String()
		}
	}
	return ""
}

func jobTable(node string, js []Job) (value.Value, error) {
	return columns(
		"node", value.NewStringVector(collect(js, func(*Job) string { return node })),
		"userID", value.NewStringVector(collect(js, func(j *Job) string { return j.User })),
		"jobId", value.NewStringVector(collect(js, func(j *Job) string { return j.ID })),
		"rootJobId", value.NewStringVector(collect(js, func(j *Job) string { return j.RootJobID })),
		"jobDesc", value.NewStringVector(collect(js, func(j *Job) string { return j.Desc })),
		"priority", value.NewIntVector(collect(js, func(j *Job) int32 { return int32(j.Priority) })),
		"parallelism", value.NewIntVector(collect(js, func(j *Job) int32 { return int32(j.Parallelism) })),
		"receivedTime", timestamps(collect(js, func(j *Job) time.Time { return j.Received })),
		"startTime", timestamps(collect(js, func(j *Job) time.Time { return j.Start })),
		"endTime", timestamps(collect(js, func(j *Job) time.Time { return j.End })),
		"errorMsg", value.NewStringVector(collect(js, func(j *Job) string { return j.Err })),
	)
}

func intArg(v value.Value) (int, bool) {
	switch x := v.(type) {
	case value.Int:
		return int(x), true
	case value.Long:
		return int(x), true
	case value.Short:
		return int(x), true
	}
	return 0, false
}

func fnGetRecentJobs(se *Session, args []value.Value) (value.Value, error) {
	n := -1
	if len(args) > 0 {
		var ok bool
		if n, ok = intArg(args[0]); !ok || n < 0 {
			return nil, fmt.Errorf("getRecentJobs: n must be a non-negative integer")
		}
	}
	js := se.srv.jobs.recent(-1)
	if !se.srv.users.IsAdmin(se.User()) {
		js = slices.DeleteFunc(js, func(j Job) bool { return j.User != se.User() })
	}
	if n >= 0 && len(js) > n {
		js = js[len(js)-n:]
	}
	return jobTable(se.srv.opts.NodeAlias, js)
}

func fnCancelConsoleJob(se *Session, args []value.Value) (value.Value, error) {
	ids, err := strs(args[0], "rootJobIds")
	if err != nil {
		return nil, err
	}
	return nil, se.srv.jobs.cancelConsole(ids, se.User(), se.srv.users.IsAdmin(se.User()))
}

func fnCancelJob(se *Session, args []value.Value) (value.Value, error) {
	ids, err := strs(args[0], "jobIds")
	if err != nil {
		return nil, err
	}
	return nil, se.srv.jobs.cancelBatch(ids, se.User(), se.srv.users.IsAdmin(se.User()))
}

func fnSubmitJob(se *Session, args []value.Value) (value.Value, error) {
	id, err := str(args, 0, "jobId")
	if err != nil {
		return nil, err
	}
	desc, err := str(args, 1, "jobDesc")
	if err != nil {
		return nil, err
	}
	if args[2].Type() != value.FUNCTIONDEF {
		return nil, fmt.Errorf("submitJob: func must be a function")
	}
	id, err = se.srv.jobs.submit(se, id, desc, args[2], slices.Clone(args[3:]))
	if err != nil {
		return nil, err
	}
	return value.String(id), nil
}

func fnGetJobReturn(se *Session, args []value.Value) (value.Value, error) {
	id, err := str(args, 0, "jobId")
	if err != nil {
		return nil, err
	}
	job, err := se.srv.jobs.batchJob(id)
	if err != nil {
		return nil, err
	}
	if boolArg(args, 1) {
		select {
		case <-job.done:
		case <-se.cancelled():
			return nil, errCancelled
		}
	}
	select {
	case <-job.done:
	default:
		return nil, fmt.Errorf("The job %s is not complete yet.", id)
	}
	if job.Err != "" {
		return nil, fmt.Errorf("%s", job.Err)
	}
	return job.result, nil
}

func fnGetJobStatus(se *Session, args []value.Value) (value.Value, error) {
	id, err := str(args, 0, "jobId")
	if err != nil {
		return nil, err
	}
	job, err := se.srv.jobs.batchJob(id)
	if err != nil {
		return nil, err
	}
	se.srv.jobs.mu.Lock()
	snap := *job
	se.srv.jobs.mu.Unlock()
	return jobTable(se.srv.opts.NodeAlias, []Job{snap})
}

func fnCloseSessions(se *Session, args []value.Value) (value.Value, error) {
	var ids []uint64
	switch x := args[0].(type) {
	case *value.Vector:
		for i := range x.Len() {
			n, ok := intArg(x.Get(i))
			if !ok {
				return nil, fmt.Errorf("closeSessions: sessionIds must be integers")
			}
			ids = append(ids, uint64(n))
		}
	default:
		n, ok := intArg(x)
		if !ok {
			return nil, fmt.Errorf("closeSessions: sessionIds must be integers")
		}
		ids = append(ids, uint64(n))
	}
	admin := se.srv.users.IsAdmin(se.User())
	for _, id := range ids {
		other := se.srv.session(id)
		if other == nil {
			continue
		}
		if !admin && other.User() != se.User() {
			return nil, fmt.Errorf("Only administrators can close sessions of other users")
		}
		if other == se {
			// Close after the reply is written.
			go func() { time.Sleep(100 * time.Millisecond); se.close() }()
			continue
		}
		other.eng.Cancel()
		other.close()
	}
	return nil, nil
}

// memSizer is implemented by engines that account their session memory.
type memSizer interface{ MemSize() int64 }

func fnSessionMemoryStat(se *Session, _ []value.Value) (value.Value, error) {
	ss := se.srv.sessionList()
	if !se.srv.users.IsAdmin(se.User()) {
		ss = slices.DeleteFunc(ss, func(o *Session) bool { return o.User() != se.User() })
	}
	slices.SortFunc(ss, func(a, b *Session) int { return a.created.Compare(b.created) })
	var users, ips []string
	var ids, mem []int64
	var ports []int32
	var created, active []time.Time
	for _, o := range ss {
		users = append(users, o.User())
		ids = append(ids, int64(o.ID))
		m := o.uploaded.Load()
		if ms, ok := o.eng.(memSizer); ok {
			m = ms.MemSize()
		}
		mem = append(mem, m)
		ip, port := "", int32(0)
		if a, ok := o.remote.(*net.TCPAddr); ok {
			ip, port = a.IP.String(), int32(a.Port)
		}
		ips, ports = append(ips, ip), append(ports, port)
		o.mu.Lock()
		created, active = append(created, o.created), append(active, o.lastActive)
		o.mu.Unlock()
	}
	return columns(
		"userId", value.NewStringVector(users),
		"sessionId", value.NewLongVector(ids),
		"memSize", value.NewLongVector(mem),
		"remoteIP", value.NewStringVector(ips),
		"remotePort", value.NewIntVector(ports),
		"createTime", timestamps(created),
		"lastActiveTime", timestamps(active),
	)
}

// sizeOf estimates the memory held by v.
func sizeOf(v value.Value) int64 {
	switch x := v.(type) {
	case *value.Vector:
		n := int64(len(x.Raw()))
		for _, s := range x.Strings() {
			n += int64(len(s)) + 16
		}
		for _, e := range x.Elems() {
			n += sizeOf(e) + 16
		}
		if in := x.Inner(); in != nil {
			n += sizeOf(in) + int64(4*len(x.Offsets()))
		}
		return n
	case *value.Table:
		var n int64
		for _, c := range x.Columns() {
			n += sizeOf(c)
		}
		return n
	case *value.Pair:
		return sizeOf(x.Vector())
	case *value.Matrix:
		return sizeOf(x.Data())
	}
	return 16
}
