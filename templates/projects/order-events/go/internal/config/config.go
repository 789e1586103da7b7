package config

import (
	"errors"
	"time"
)

// Config is everything the three processes read from their environment:
// the API, the relay and the consumer share one configuration, so that they
// agree on the stream, the claim timeout and the dead-letter threshold.
type Config struct {
	Server
	// RedisURL names the broker: redis://[user:password@]host:port[/database].
	RedisURL string
	// ClaimIdle is how long a delivered message may stay unacknowledged before
	// another consumer claims it (CLAIM_IDLE_MS): longer than the slowest
	// handler, or a slow message is processed twice at once.
	ClaimIdle time.Duration
	// MaxDeliveries is how many deliveries a message gets before it goes to
	// the dead-letter stream (MAX_DELIVERIES).
	MaxDeliveries int
	// RelayPoll is how often the relay looks for unpublished outbox rows when
	// the last look found none (RELAY_POLL_MS).
	RelayPoll time.Duration
	// StreamMaxLength caps the stream, approximately (STREAM_MAX_LENGTH):
	// Redis keeps the stream in memory, and this is its retention.
	StreamMaxLength int
	// ConsumerName names this consumer in its groups (CONSUMER_NAME); by
	// default the host name and process id, unique per process.
	ConsumerName string
}

// Load reads the configuration; the error lists every variable at fault.
func Load(env Lookup) (Config, error) {
	server, serverErr := ReadServer(env)
	claim, claimErr := Int(env, "CLAIM_IDLE_MS", 30_000, 100, 24*3600*1000)
	deliveries, deliveriesErr := Int(env, "MAX_DELIVERIES", 5, 1, 1000)
	poll, pollErr := Int(env, "RELAY_POLL_MS", 200, 10, 60_000)
	length, lengthErr := Int(env, "STREAM_MAX_LENGTH", 100_000, 1000, 1_000_000_000)
	return Config{
		Server:          server,
		RedisURL:        String(env, "REDIS_URL", "redis://127.0.0.1:6379/0"),
		ClaimIdle:       time.Duration(claim) * time.Millisecond,
		MaxDeliveries:   deliveries,
		RelayPoll:       time.Duration(poll) * time.Millisecond,
		StreamMaxLength: length,
		ConsumerName:    String(env, "CONSUMER_NAME", ""),
	}, errors.Join(serverErr, claimErr, deliveriesErr, pollErr, lengthErr)
}
