package cache

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a store shared by every replica: a value is a Redis string whose
// expiry Redis itself enforces (SET … PX), so nothing here sweeps old keys.
type Redis struct {
	client *redis.Client
	prefix string
}

// redisTimeout bounds every Redis command and connection attempt. The cache
// only saves a provider call, so an unreachable Redis must cost a request
// little more than this before it goes to the provider instead.
const redisTimeout = 500 * time.Millisecond

// NewRedis connects lazily to the Redis at url (redis://host:port/db); keys
// are namespaced under prefix. Nothing is dialled until the first command.
func NewRedis(url, prefix string) (*Redis, error) {
	options, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	options.DialTimeout = redisTimeout
	options.ReadTimeout = redisTimeout
	options.WriteTimeout = redisTimeout
	// No retries: a failed lookup is a cache miss, not worth a second wait.
	options.MaxRetries = -1
	// Redis before 7.2 has no CLIENT SETINFO; don't send it.
	options.DisableIdentity = true
	return &Redis{client: redis.NewClient(options), prefix: prefix}, nil
}

// Get is the value under key; a key Redis has expired is simply not found.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, bool, error) {
	value, err := r.client.Get(ctx, r.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("redis: %w", err)
	}
	return value, true, nil
}

// Set stores value with an expiry of ttl, set in Redis.
func (r *Redis) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := r.client.Set(ctx, r.prefix+key, value, ttl).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

// Ping asks Redis for a PONG.
func (r *Redis) Ping(ctx context.Context) error {
	if err := r.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

// Close closes the connection pool.
func (r *Redis) Close() error {
	return r.client.Close()
}
