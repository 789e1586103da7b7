package config

import (
	"errors"
	"time"
)

// Config is everything the job-queue API reads from its environment.
type Config struct {
	Server
	// A nacked job waits RetryBase × 2^(attempts−1), plus up to 50 % jitter,
	// and never longer than RetryMax.
	RetryBase time.Duration
	RetryMax  time.Duration
}

// maxRetrySeconds is thirty days: a longer wait is an outage to fix, not a retry policy.
const maxRetrySeconds = 30 * 24 * 3600

// Load reads the configuration; the error lists every variable at fault.
func Load(env Lookup) (Config, error) {
	server, serverErr := ReadServer(env)
	base, baseErr := Int(env, "RETRY_BASE_SECONDS", 10, 0, maxRetrySeconds)
	ceiling, ceilingErr := Int(env, "RETRY_MAX_SECONDS", 3600, 0, maxRetrySeconds)
	var orderErr error
	if baseErr == nil && ceilingErr == nil && ceiling < base {
		// A cap below the base would make every retry wait the cap: surely a typo.
		orderErr = errors.New("RETRY_MAX_SECONDS must not be less than RETRY_BASE_SECONDS")
	}
	return Config{
		Server:    server,
		RetryBase: time.Duration(base) * time.Second,
		RetryMax:  time.Duration(ceiling) * time.Second,
	}, errors.Join(serverErr, baseErr, ceilingErr, orderErr)
}
