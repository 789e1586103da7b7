package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Job is what a handler gets of a leased job.
type Job struct {
	ID       string
	Type     string
	Payload  json.RawMessage
	Attempts int // 1 on the first attempt
}

// Handler does the work of one job and returns its result (anything
// encoding/json can encode, nil for none), or an error to fail the attempt.
// ctx is cancelled when the worker gives the job up (shutdown, or a lost
// lease): stop early if you can.
//
// Delivery is at least once: a job whose worker died half-way runs again, so
// a handler must be safe to repeat (an upsert rather than an insert; an
// idempotency key passed on to a payment or email provider).
type Handler func(ctx context.Context, job Job) (any, error)

// Registry is the handlers by job type.
type Registry struct {
	handlers map[string]Handler
}

// NewRegistry is an empty registry.
func NewRegistry() *Registry {
	return &Registry{handlers: map[string]Handler{}}
}

// Register adds the handler of a job type; a type has one handler at most.
func (r *Registry) Register(kind string, handler Handler) *Registry {
	if _, taken := r.handlers[kind]; taken {
		panic(fmt.Sprintf("worker: a handler for job type %q is already registered", kind))
	}
	r.handlers[kind] = handler
	return r
}

// Handler is the handler of a job type, if one is registered.
func (r *Registry) Handler(kind string) (Handler, bool) {
	handler, ok := r.handlers[kind]
	return handler, ok
}

// Types lists the registered job types, sorted.
func (r *Registry) Types() []string {
	types := make([]string, 0, len(r.handlers))
	for kind := range r.handlers {
		types = append(types, kind)
	}
	slices.Sort(types)
	return types
}

// Examples is the registry of the example handlers; register your own beside them.
func Examples() *Registry {
	return NewRegistry().
		Register("echo", Echo).
		Register("sleep", Sleep).
		Register("fail", Fail)
}

// Echo returns its payload: the smallest job that completes.
func Echo(_ context.Context, job Job) (any, error) {
	return job.Payload, nil
}

// Sleep works for payload.seconds (default 1): a long job, kept alive by heartbeats.
func Sleep(ctx context.Context, job Job) (any, error) {
	var payload struct {
		Seconds *float64 `json:"seconds"`
	}
	if err := json.Unmarshal(job.Payload, &payload); err != nil {
		return nil, errors.New("seconds must be a number from 0 to 3600")
	}
	seconds := 1.0
	if payload.Seconds != nil {
		seconds = *payload.Seconds
	}
	if !(seconds >= 0 && seconds <= 3600) {
		return nil, errors.New("seconds must be a number from 0 to 3600")
	}
	timer := time.NewTimer(time.Duration(seconds * float64(time.Second)))
	defer timer.Stop()
	select {
	case <-timer.C:
		return map[string]float64{"slept": seconds}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Fail always fails, with payload.message if there is one: watch it back
// off, retry and finally go dead.
func Fail(_ context.Context, job Job) (any, error) {
	var payload struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(job.Payload, &payload)
	if payload.Message == "" {
		payload.Message = "this job always fails"
	}
	return nil, errors.New(payload.Message)
}
