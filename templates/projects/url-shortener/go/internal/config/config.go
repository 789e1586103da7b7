package config

import "errors"

// Config is everything the URL shortener reads from its environment.
type Config struct {
	Server
	// ShortenRateLimit is how many links one client address may create per
	// minute: anyone may create links, so that is the route spammers hammer.
	ShortenRateLimit int
}

// Load reads the configuration; the error lists every variable at fault.
func Load(env Lookup) (Config, error) {
	server, serverErr := ReadServer(env)
	limit, limitErr := Int(env, "SHORTEN_RATE_LIMIT_PER_MINUTE", 60, 1, 1_000_000)
	return Config{Server: server, ShortenRateLimit: limit}, errors.Join(serverErr, limitErr)
}
