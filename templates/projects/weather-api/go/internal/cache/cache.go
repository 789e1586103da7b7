// Package cache stores the service's answers for a while: bytes under a key,
// each with a lifetime. The weather service decides what goes in and how long
// it stays fresh; a store only keeps it and forgets it when its time is up.
package cache

import (
	"context"
	"time"
)

// Store is where cached answers live.
type Store interface {
	// Get is the value under key, if the store still holds it. An error
	// means the store could not be asked (Redis down): callers carry on
	// without the cache rather than fail.
	Get(ctx context.Context, key string) (value []byte, found bool, err error)
	// Set keeps value under key for ttl, replacing what was there.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Ping tells whether the store answers, for /readyz.
	Ping(ctx context.Context) error
	// Close lets go of what the store holds open.
	Close() error
}
