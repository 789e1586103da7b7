package config

import (
	"errors"
	"fmt"
	"time"
)

// Config is everything the chat server reads from its environment.
type Config struct {
	Server
	JWTSecret string
	TokenTTL  time.Duration
	// AuthRateLimit is how many register or login attempts one client
	// address may make per minute, per route.
	AuthRateLimit int
	// PasswordHashConcurrency caps the argon2id hashes computed at once; each
	// takes 19 MiB, so this bounds the memory a burst of logins can claim.
	PasswordHashConcurrency int
	// WSIdleTimeout closes a WebSocket that sent no frame for this long.
	WSIdleTimeout time.Duration
	// WSSendQueueSize is how many frames may wait to be written to one
	// WebSocket before its client counts as too slow and is disconnected.
	WSSendQueueSize int
}

// MinSecretLength is the shortest JWT_SECRET accepted: HS256 is only as strong
// as its key, and a short one can be brute-forced offline from any token.
const MinSecretLength = 32

// Load reads the configuration; the error lists every variable at fault.
func Load(env Lookup) (Config, error) {
	server, serverErr := ReadServer(env)
	secret, secretErr := Required(env, "JWT_SECRET")
	if secretErr == nil && len(secret) < MinSecretLength {
		secretErr = fmt.Errorf("JWT_SECRET must be at least %d characters", MinSecretLength)
	}
	ttl, ttlErr := Int(env, "JWT_TTL_SECONDS", 3600, 1, 30*24*3600)
	limit, limitErr := Int(env, "AUTH_RATE_LIMIT_PER_MINUTE", 20, 1, 1_000_000)
	hashes, hashesErr := Int(env, "PASSWORD_HASH_CONCURRENCY", 4, 1, 256)
	idle, idleErr := Int(env, "WS_IDLE_TIMEOUT_SECONDS", 60, 1, 86_400)
	queue, queueErr := Int(env, "WS_SEND_QUEUE_SIZE", 100, 1, 100_000)
	return Config{
		Server:                  server,
		JWTSecret:               secret,
		TokenTTL:                time.Duration(ttl) * time.Second,
		AuthRateLimit:           limit,
		PasswordHashConcurrency: hashes,
		WSIdleTimeout:           time.Duration(idle) * time.Second,
		WSSendQueueSize:         queue,
	}, errors.Join(serverErr, secretErr, ttlErr, limitErr, hashesErr, idleErr, queueErr)
}
