package jobs

import (
	"context"
	"time"
)

// A SQLite database is a file of this one process, so the process's clock is
// the only clock there is, and every lease decision follows it.
func (s *Store) now(context.Context, querier) (time.Time, error) {
	return s.clock().UTC().Truncate(time.Millisecond), nil
}

// SQLite has no row locks. Every transaction begins IMMEDIATE (the
// database's _txlock=immediate), so it holds the single write lock from its
// first statement to its end: transactions never overlap, and two leases
// cannot read the same ready job.
const (
	forUpdate  = ""
	skipLocked = ""
)
