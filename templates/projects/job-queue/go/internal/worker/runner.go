package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// ShutdownError is the lastError of a job nacked because its worker stopped
// before the job finished.
const ShutdownError = "worker shutting down"

// MaxErrorLength is the longest lastError the API takes.
const MaxErrorLength = 10_000

// requestTimeout bounds each call to the API made outside a job's own context.
const requestTimeout = 10 * time.Second

// Runner is the worker loop: lease, run, heartbeat, report, and stop cleanly.
//
// Up to Concurrency jobs run at once, while a ticker heartbeats every held
// lease a third of the way through its length, so a long job keeps a short
// lease alive. When Run's context ends (SIGTERM, Ctrl-C) the runner stops
// leasing; running jobs get Shutdown to finish and report, and whatever is
// still running then is nacked with ShutdownError before Run returns.
//
// A nack is a failed attempt: the job comes back after its backoff, or is
// dead if that was its last attempt. The API has no way to hand a lease back
// unspent; the alternative, exiting without a word, would leave the job
// running until its lease ran out and then count the attempt all the same.
// Give the grace period room for your longest job (WORKER_SHUTDOWN_SECONDS,
// and the container's stop timeout above it) so that a deploy rarely nacks.
type Runner struct {
	api      API
	registry *Registry
	cfg      Config
	logger   *slog.Logger

	mu   sync.Mutex
	held map[string]*held // leases whose outcome is not reported yet, by job id
	wake chan struct{}    // a job finished: a slot is free
}

type held struct {
	lease  Lease
	cancel context.CancelFunc
}

// NewRunner runs the jobs of cfg.Queue that api hands out with the handlers of registry.
func NewRunner(api API, registry *Registry, cfg Config, logger *slog.Logger) *Runner {
	return &Runner{api: api, registry: registry, cfg: cfg, logger: logger,
		held: map[string]*held{}, wake: make(chan struct{}, 1)}
}

// Run serves the queue until ctx ends, then shuts down as described on Runner.
func (r *Runner) Run(ctx context.Context) {
	r.logger.Info("worker started", slog.String("worker_id", r.cfg.WorkerID), slog.String("queue", r.cfg.Queue))
	// Jobs outlive ctx: they get the grace period, then their own cancellation.
	jobs, cancelJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelJobs()
	var running sync.WaitGroup
	stopHeartbeats := r.heartbeats()
	defer stopHeartbeats()

	for ctx.Err() == nil {
		leases := r.lease(r.cfg.Concurrency - r.count())
		for _, lease := range leases {
			running.Add(1)
			go func() {
				defer running.Done()
				r.run(jobs, lease)
			}()
		}
		if len(leases) == 0 {
			// Idle, or every slot busy: a finishing job or the signal ends the wait early.
			timer := time.NewTimer(r.cfg.Poll)
			select {
			case <-ctx.Done():
			case <-r.wake:
			case <-timer.C:
			}
			timer.Stop()
		}
	}
	r.shutDown(&running)
	r.logger.Info("worker stopped", slog.String("worker_id", r.cfg.WorkerID))
}

func (r *Runner) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.held)
}

// lease asks for up to free jobs and holds them. The request is not tied to
// the signal: a lease the API granted must reach the worker, to be run or
// nacked, or the job would sit running until its lease ran out.
func (r *Runner) lease(free int) []Lease {
	if free <= 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	leases, err := r.api.Lease(ctx, r.cfg.Queue, r.cfg.WorkerID, r.cfg.LeaseFor, free)
	if err != nil {
		r.logger.Warn("could not lease jobs", slog.String("error", err.Error()))
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, lease := range leases {
		r.held[lease.JobID] = &held{lease: lease}
	}
	return leases
}

// release lets go of a lease and tells whether it was still held: only its
// first releaser (the job finishing, shutdown, a lost lease) may act on it.
func (r *Runner) release(jobID string) (*held, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h, ok := r.held[jobID]
	delete(r.held, jobID)
	return h, ok
}

func (r *Runner) run(parent context.Context, lease Lease) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	r.mu.Lock()
	if h, ok := r.held[lease.JobID]; ok {
		h.cancel = cancel
	}
	r.mu.Unlock()
	defer func() {
		select {
		case r.wake <- struct{}{}:
		default:
		}
	}()
	log := r.logger.With(slog.String("job_id", lease.JobID), slog.String("type", lease.Type))

	result, err := r.handle(ctx, lease)
	if _, ok := r.release(lease.JobID); !ok {
		// Shutdown or a lost lease gave the job up while it ran: nothing to report.
		log.Info("job given up while it ran")
		return
	}
	report, cancelReport := context.WithTimeout(context.Background(), requestTimeout)
	defer cancelReport()
	if err != nil {
		log.Warn("job failed", slog.String("error", err.Error()))
		err = r.api.Nack(report, lease, truncate(err.Error()))
	} else {
		log.Info("job completed")
		err = r.api.Ack(report, lease, result)
	}
	switch {
	case errors.Is(err, ErrLeaseLost):
		log.Warn("lease lost: the outcome was discarded")
	case err != nil:
		// The lease will run out and the job will run again: at least once.
		log.Warn("could not report the outcome", slog.String("error", err.Error()))
	}
}

// handle runs the job's handler; a panic fails the attempt, not the worker.
func (r *Runner) handle(ctx context.Context, lease Lease) (result json.RawMessage, err error) {
	handler, ok := r.registry.Handler(lease.Type)
	if !ok {
		return nil, fmt.Errorf("no handler for job type %q", lease.Type)
	}
	defer func() {
		if failure := recover(); failure != nil {
			err = fmt.Errorf("handler panicked: %v", failure)
		}
	}()
	value, err := handler(ctx, Job{ID: lease.JobID, Type: lease.Type, Payload: lease.Payload, Attempts: lease.Attempts})
	if err != nil {
		return nil, err
	}
	// A result the API cannot take fails here, as the handler's fault.
	return json.Marshal(value)
}

func truncate(message string) string {
	runes := []rune(message)
	if len(runes) > MaxErrorLength {
		return string(runes[:MaxErrorLength])
	}
	return message
}

// shutDown gives the running jobs the grace period, then nacks the ones
// still held.
func (r *Runner) shutDown(running *sync.WaitGroup) {
	finished := make(chan struct{})
	go func() {
		running.Wait()
		close(finished)
	}()
	grace := time.NewTimer(r.cfg.Shutdown)
	defer grace.Stop()
	select {
	case <-finished:
		return
	case <-grace.C:
	}
	r.mu.Lock()
	unfinished := make([]*held, 0, len(r.held))
	for id, h := range r.held {
		unfinished = append(unfinished, h)
		delete(r.held, id)
	}
	r.mu.Unlock()
	var nacks sync.WaitGroup
	for _, h := range unfinished {
		nacks.Add(1)
		go func() {
			defer nacks.Done()
			if h.cancel != nil {
				h.cancel()
			}
			log := r.logger.With(slog.String("job_id", h.lease.JobID), slog.String("type", h.lease.Type))
			log.Warn("still running at shutdown: nacking it")
			ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
			defer cancel()
			if err := r.api.Nack(ctx, h.lease, ShutdownError); err != nil {
				log.Warn("could not nack it", slog.String("error", err.Error()))
			}
		}()
	}
	nacks.Wait()
}

// heartbeats extends every held lease a third of the way through its
// length, until the returned function is called.
func (r *Runner) heartbeats() (stop func()) {
	ticker := time.NewTicker(r.cfg.LeaseFor / 3)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				r.heartbeat()
			}
		}
	}()
	return func() {
		ticker.Stop()
		close(done)
		wg.Wait()
	}
}

func (r *Runner) heartbeat() {
	r.mu.Lock()
	leases := make([]Lease, 0, len(r.held))
	for _, h := range r.held {
		leases = append(leases, h.lease)
	}
	r.mu.Unlock()
	var wg sync.WaitGroup
	for _, lease := range leases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
			defer cancel()
			err := r.api.Heartbeat(ctx, lease, r.cfg.LeaseFor)
			switch {
			case errors.Is(err, ErrLeaseLost):
				r.logger.Warn("lease lost: another worker may run the job", slog.String("job_id", lease.JobID))
				if h, ok := r.release(lease.JobID); ok && h.cancel != nil {
					h.cancel()
				}
			case err != nil:
				// Probably a blip: the next heartbeat may still come in time.
				r.logger.Warn("heartbeat failed", slog.String("job_id", lease.JobID), slog.String("error", err.Error()))
			}
		}()
	}
	wg.Wait()
}
