package config

import (
	"errors"
	"fmt"
	"time"
)

// Config is everything the blog API reads from its environment.
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
	// AdminEmail and AdminPassword make the first admin at start-up; both
	// empty makes none.
	AdminEmail    string
	AdminPassword string
}

// MinSecretLength is the shortest JWT_SECRET accepted: HS256 is only as strong
// as its key, and a short one can be brute-forced offline from any token.
const MinSecretLength = 32

// MinPasswordLength is the shortest password of any account, the first
// admin's included.
const MinPasswordLength = 8

// Load reads the configuration; the error lists every variable at fault.
func Load(env Lookup) (Config, error) {
	server, serverErr := ReadServer(env)
	secret, secretErr := Required(env, "JWT_SECRET")
	if secretErr == nil && len(secret) < MinSecretLength {
		secretErr = fmt.Errorf("JWT_SECRET must be at least %d characters", MinSecretLength)
	}
	ttl, ttlErr := Int(env, "JWT_TTL_SECONDS", 24*3600, 1, 30*24*3600)
	limit, limitErr := Int(env, "AUTH_RATE_LIMIT_PER_MINUTE", 20, 1, 1_000_000)
	hashes, hashesErr := Int(env, "PASSWORD_HASH_CONCURRENCY", 4, 1, 256)
	adminEmail := String(env, "ADMIN_EMAIL", "")
	// The password as given: spaces may be part of it.
	adminPassword, _ := env("ADMIN_PASSWORD")
	var adminErr error
	switch {
	case adminEmail == "" && adminPassword != "":
		adminErr = errors.New("ADMIN_PASSWORD is set but ADMIN_EMAIL is not")
	case adminEmail != "" && len([]rune(adminPassword)) < MinPasswordLength:
		adminErr = fmt.Errorf("ADMIN_PASSWORD must be at least %d characters when ADMIN_EMAIL is set", MinPasswordLength)
	}
	return Config{
		Server:                  server,
		JWTSecret:               secret,
		TokenTTL:                time.Duration(ttl) * time.Second,
		AuthRateLimit:           limit,
		PasswordHashConcurrency: hashes,
		AdminEmail:              adminEmail,
		AdminPassword:           adminPassword,
	}, errors.Join(serverErr, secretErr, ttlErr, limitErr, hashesErr, adminErr)
}
