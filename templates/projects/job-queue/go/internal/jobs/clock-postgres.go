package jobs

import (
	"context"
	"time"
)

// PostgreSQL serves any number of API replicas, so time is the database's:
// each change reads clock_timestamp() once it holds its row locks, and every
// decision (is a lease still held, has it run out, is a job due yet)
// compares it with times the database handed out the same way. Replicas then
// agree whatever their own clocks say; with each replica's clock, one running
// a minute fast would take a job from a worker that still heartbeats.
// clock_timestamp() is the moment of the call, not of the transaction's
// start (now()), so a change that reads it after taking its lock comes after
// every earlier change.
func (s *Store) now(ctx context.Context, q querier) (time.Time, error) {
	var now time.Time
	if err := q.QueryRowContext(ctx, `SELECT clock_timestamp()`).Scan(&now); err != nil {
		return time.Time{}, err
	}
	return now.UTC().Truncate(time.Millisecond), nil
}

// forUpdate locks the row a change reads until its transaction ends, so a
// concurrent change of the same job waits and then sees this one's result.
const forUpdate = " FOR UPDATE"

// skipLocked is how a lease takes rows: concurrent leases skip the rows
// another one locked instead of waiting for them, so they never hand out the
// same job, and a row being acked or nacked right now is left alone.
const skipLocked = " FOR UPDATE SKIP LOCKED"
