// This file defines the job system: console jobs (one per request) run on
// workerNum workers, batch jobs (submitJob) on maxBatchJobWorker workers,
// and the registries behind getConsoleJobs, getRecentJobs and cancelJob.

package server

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/porpoisedb/porpoise/cluster/codec"
	"github.com/porpoisedb/porpoise/vm/value"
)

// Job is a console or batch job.
type Job struct {
	ID          string // batch job id (jobId); empty for console jobs
	RootJobID   string
	SessionID   uint64
	User        string
	Type        string // script, function, variable, batch
	Desc        string
	Priority    int
	Parallelism int
	Received    time.Time
	Start       time.Time
	End         time.Time
	Err         string

	eng    Engine
	result value.Value
	done   chan struct{}
	cancel bool
}

// maxRecent bounds the finished batch jobs kept for getRecentJobs.
const maxRecent = 10000

type jobs struct {
	srv     *Server
	workers chan struct{}
	batch   chan struct{}

	mu      sync.Mutex
	console map[string]*Job // running console jobs by root job id
	batches map[string]*Job // batch jobs by id
	order   []string        // batch job ids, oldest first
	stopped bool
}

func newJobs(s *Server, workers, batch int) *jobs {
	return &jobs{
		srv:     s,
		workers: make(chan struct{}, workers),
		batch:   make(chan struct{}, batch),
		console: map[string]*Job{},
		batches: map[string]*Job{},
	}
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func describe(req *codec.Request) string {
	var d string
	switch req.Command {
	case "script":
		d = req.Script
	case "function":
		d = req.Name
	case "variable":
		d = strings.Join(req.Names, ",")
	}
	if len(d) > 256 {
		d = d[:256]
	}
	return d
}

// runConsole runs a request of se as a console job on a worker. Urgent
// requests (flag 1) skip the queue so that cancellations get through.
func (j *jobs) runConsole(se *Session, req *codec.Request) (value.Value, error) {
	job := &Job{
		RootJobID: newUUID(), SessionID: se.ID, User: se.User(), Type: req.Command,
		Desc: describe(req), Priority: req.Priority, Parallelism: req.Parallelism,
		Received: time.Now(), eng: se.eng,
	}
	j.mu.Lock()
	j.console[job.RootJobID] = job
	j.mu.Unlock()
	defer func() {
		j.mu.Lock()
		delete(j.console, job.RootJobID)
		j.mu.Unlock()
	}()
	if req.Flags&codec.FlagUrgent == 0 {
		j.workers <- struct{}{}
		defer func() { <-j.workers }()
	}
	j.mu.Lock()
	job.Start = time.Now()
	cancelled := job.cancel
	j.mu.Unlock()
	if cancelled {
		return nil, errCancelled
	}
	return se.execute(req)
}

var errCancelled = errors.New("The task was cancelled.")

// consoleJobs returns a snapshot of the running console jobs.
func (j *jobs) consoleJobs() []Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Job, 0, len(j.console))
	for _, job := range j.console {
		out = append(out, *job)
	}
	return out
}

// cancelConsole cancels running console jobs by root job id; a non-admin
// may cancel only its own.
func (j *jobs) cancelConsole(ids []string, user string, admin bool) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, id := range ids {
		job, ok := j.console[id]
		if !ok {
			continue
		}
		if !admin && job.User != user {
			return fmt.Errorf("Only administrators or the owner can cancel the job %s", id)
		}
		job.cancel = true
		job.eng.Cancel()
	}
	return nil
}

// cancelSession cancels the console jobs of a closed session.
func (j *jobs) cancelSession(id uint64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, job := range j.console {
		if job.SessionID == id {
			job.cancel = true
			job.eng.Cancel()
		}
	}
}

// submit queues fn(args...) as a batch job running in a new session of
// user and returns its id.
func (j *jobs) submit(se *Session, id, desc string, fn value.Value, args []value.Value) (string, error) {
	if !validJobID(id) {
		return "", fmt.Errorf("Invalid job id '%s'", id)
	}
	eng := j.srv.opts.NewEngine(EngineConfig{
		Universe: j.srv.universe(se), Constants: j.srv.constants(), Shared: j.srv.opts.Shared, Out: io.Discard,
	})
	job := &Job{
		RootJobID: newUUID(), SessionID: se.ID, User: se.User(), Type: "batch", Desc: desc,
		Priority: 4, Parallelism: 2, Received: time.Now(), eng: eng, done: make(chan struct{}),
	}
	j.mu.Lock()
	if j.stopped {
		j.mu.Unlock()
		return "", errors.New("The server is shutting down")
	}
	job.ID = id
	for k := 1; j.batches[job.ID] != nil; k++ {
		job.ID = fmt.Sprintf("%s%d", id, k)
	}
	j.batches[job.ID] = job
	j.order = append(j.order, job.ID)
	if len(j.order) > maxRecent {
		old := j.order[0]
		if b := j.batches[old]; b != nil && !b.End.IsZero() {
			delete(j.batches, old)
			j.order = j.order[1:]
		}
	}
	j.mu.Unlock()
	go j.runBatch(job, fn, args)
	return job.ID, nil
}

func validJobID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	return funcName.MatchString(id)
}

func (j *jobs) runBatch(job *Job, fn value.Value, args []value.Value) {
	j.batch <- struct{}{}
	defer func() { <-j.batch }()
	j.mu.Lock()
	job.Start = time.Now()
	cancelled := job.cancel
	j.mu.Unlock()
	var v value.Value
	var err error
	if cancelled {
		err = errCancelled
	} else {
		job.eng.SetVar("__porpoise_fn__", fn)
		v, err = callFunction(job.eng, "__porpoise_fn__", args)
	}
	j.mu.Lock()
	job.End = time.Now()
	job.result = v
	if err != nil {
		job.Err = codec.OneLine(err.Error())
	}
	j.mu.Unlock()
	close(job.done)
	j.srv.log.Info().Str("jobId", job.ID).Str("user", job.User).Str("error", job.Err).Msg("batch job finished")
}

// batchJob returns the batch job id.
func (j *jobs) batchJob(id string) (*Job, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	job, ok := j.batches[id]
	if !ok {
		return nil, fmt.Errorf("The job %s doesn't exist.", id)
	}
	return job, nil
}

// recent returns up to n batch jobs, newest last.
func (j *jobs) recent(n int) []Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	ids := j.order
	if n >= 0 && len(ids) > n {
		ids = ids[len(ids)-n:]
	}
	out := make([]Job, 0, len(ids))
	for _, id := range ids {
		if job := j.batches[id]; job != nil {
			out = append(out, *job)
		}
	}
	return out
}

// cancelBatch cancels queued or running batch jobs.
func (j *jobs) cancelBatch(ids []string, user string, admin bool) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, id := range ids {
		job, ok := j.batches[id]
		if !ok {
			return fmt.Errorf("The job %s doesn't exist.", id)
		}
		if !admin && job.User != user {
			return fmt.Errorf("Only administrators or the owner can cancel the job %s", id)
		}
		job.cancel = true
		job.eng.Cancel()
	}
	return nil
}

func (j *jobs) stop() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.stopped = true
	for _, job := range j.batches {
		job.cancel = true
		job.eng.Cancel()
	}
}
