// Package jobs is the queue itself: jobs, their states and the rules that
// move them from one to the next, their storage, and the HTTP routes over it.
package jobs

import (
	"errors"
	"fmt"
	"time"
)

// State is a job's state as the API shows it.
type State string

// The states of the contract. Scheduled is never stored: it is an available
// job whose runAt is still ahead, so no timer has to flip it when the time comes.
const (
	Scheduled State = "scheduled"
	Available State = "available"
	Running   State = "running"
	Completed State = "completed"
	Dead      State = "dead"
	Cancelled State = "cancelled"
)

// States lists every state, in the order of GET /queues/{queue}/stats.
var States = []State{Available, Scheduled, Running, Completed, Dead, Cancelled}

// LeaseExpired is the lastError of a job whose lease ran out.
const LeaseExpired = "lease expired"

// ErrState is a change the job's current state forbids: a 409 that changes nothing.
var ErrState = errors.New("jobs: not allowed in this state")

func stateError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrState}, args...)...)
}

// record is a job as stored, and what each transition changes in place.
type record struct {
	seq            int64
	id             string
	queue          string
	kind           string
	payload        string
	state          State // never Scheduled
	priority       int
	attempts       int
	maxAttempts    int
	runAt          time.Time
	createdAt      time.Time
	updatedAt      time.Time
	lastError      *string
	result         *string
	leaseToken     *string
	leaseExpiresAt *time.Time
	leasedBy       *string
}

// shown is the state the API shows at now.
func (r *record) shown(now time.Time) State {
	if r.state == Available && r.runAt.After(now) {
		return Scheduled
	}
	return r.state
}

// touch moves updatedAt on to now, or a millisecond past its last value if
// now is not later: every change is visible in updatedAt.
func (r *record) touch(now time.Time) {
	if now.After(r.updatedAt) {
		r.updatedAt = now
	} else {
		r.updatedAt = r.updatedAt.Add(time.Millisecond)
	}
}

// holds tells whether token is the job's current, unexpired lease. A lease
// past its expiry is stale even before the next lease request reclaims it:
// its worker stalled, and the job may already be on its way to another.
func (r *record) holds(token string, now time.Time) bool {
	return r.state == Running && r.leaseToken != nil && *r.leaseToken == token &&
		r.leaseExpiresAt != nil && r.leaseExpiresAt.After(now)
}

func (r *record) checkLease(token string, now time.Time) error {
	if !r.holds(token, now) {
		return stateError("the lease token is not the current lease of job %s", r.id)
	}
	return nil
}

func (r *record) endLease(now time.Time) {
	r.leaseToken, r.leaseExpiresAt = nil, nil
	r.touch(now)
}

// giveUpOrRetry makes the job dead when no attempts are left, else ready
// again from retryAt.
func (r *record) giveUpOrRetry(message string, retryAt, now time.Time) {
	r.lastError = &message
	if r.attempts >= r.maxAttempts {
		r.state = Dead
	} else {
		r.state, r.runAt = Available, retryAt
	}
	r.endLease(now)
}

// claim leases a ready job to workerID for leaseFor, under a fresh token.
func (r *record) claim(workerID, token string, leaseFor time.Duration, now time.Time) error {
	if r.shown(now) != Available {
		return stateError("job %s is not ready to run", r.id)
	}
	expires := now.Add(leaseFor)
	r.state, r.attempts = Running, r.attempts+1
	r.leaseToken, r.leaseExpiresAt, r.leasedBy = &token, &expires, &workerID
	r.touch(now)
	return nil
}

// extend renews the lease for leaseFor from now.
func (r *record) extend(token string, leaseFor time.Duration, now time.Time) error {
	if err := r.checkLease(token, now); err != nil {
		return err
	}
	expires := now.Add(leaseFor)
	r.leaseExpiresAt = &expires
	r.touch(now)
	return nil
}

// complete ends the job with its result (JSON text, or nil for none).
func (r *record) complete(token string, result *string, now time.Time) error {
	if err := r.checkLease(token, now); err != nil {
		return err
	}
	r.state, r.result = Completed, result
	r.endLease(now)
	return nil
}

// fail is a failed attempt: the job runs again at retryAt, or is dead if
// that was its last attempt.
func (r *record) fail(token, message string, retryAt, now time.Time) error {
	if err := r.checkLease(token, now); err != nil {
		return err
	}
	r.giveUpOrRetry(message, retryAt, now)
	return nil
}

// expire takes back a lease that ran out: its worker is presumed dead. The
// job keeps its place in line, ready again at its original runAt.
func (r *record) expire(now time.Time) {
	r.giveUpOrRetry(LeaseExpired, r.runAt, now)
}

// retry gives a dead job a fresh set of attempts, from now. lastError
// stays, so whoever retried can still see why it died.
func (r *record) retry(now time.Time) error {
	if r.state != Dead {
		return stateError("job %s is %s, not dead", r.id, r.shown(now))
	}
	r.state, r.attempts, r.runAt = Available, 0, now
	r.touch(now)
	return nil
}

// cancel stops a job that has not started.
func (r *record) cancel(now time.Time) error {
	if r.state != Available {
		return stateError("job %s is %s: only a waiting job can be cancelled", r.id, r.shown(now))
	}
	r.state = Cancelled
	r.touch(now)
	return nil
}
