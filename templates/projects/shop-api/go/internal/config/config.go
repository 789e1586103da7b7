package config

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"time"
)

// Config is everything the shop API reads from its environment.
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
	// Currency is the ISO 4217 code of every price, cart, order and payment.
	Currency string
	// WebhookSecret signs and verifies the payment events.
	WebhookSecret string
	// WebhookURL is where the simulator sends its events; empty means this
	// server's own POST /webhooks/payments.
	WebhookURL string
	// SettleAfter is how long a pending payment waits before the simulator
	// sends the event that settles it.
	SettleAfter time.Duration
	// RetryBackoff is the wait before each new attempt to deliver an event
	// (1, 2, 4 and 8 s: five attempts in all); tests shrink it.
	RetryBackoff []time.Duration
}

// MinSecretLength is the shortest JWT_SECRET or PAYMENT_WEBHOOK_SECRET
// accepted: an HMAC is only as strong as its key, and a short one can be
// brute-forced offline from any token or signed event.
const MinSecretLength = 32

// MinPasswordLength is the shortest password of any account, the first
// admin's included.
const MinPasswordLength = 8

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

// DefaultRetryBackoff is the wait before the second to the fifth attempt.
var DefaultRetryBackoff = []time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}

// Load reads the configuration; the error lists every variable at fault.
func Load(env Lookup) (Config, error) {
	server, serverErr := ReadServer(env)
	secret, secretErr := secretOf(env, "JWT_SECRET")
	webhookSecret, webhookErr := secretOf(env, "PAYMENT_WEBHOOK_SECRET")
	ttl, ttlErr := Int(env, "JWT_TTL_SECONDS", 3600, 1, 30*24*3600)
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
	currency := String(env, "SHOP_CURRENCY", "USD")
	var currencyErr error
	if !currencyPattern.MatchString(currency) {
		currencyErr = fmt.Errorf("SHOP_CURRENCY must be three upper-case letters (an ISO 4217 code such as USD), got %q", currency)
	}
	settle, settleErr := seconds(env, "PAYMENT_SETTLE_SECONDS", 2)
	return Config{
		Server:                  server,
		JWTSecret:               secret,
		TokenTTL:                time.Duration(ttl) * time.Second,
		AuthRateLimit:           limit,
		PasswordHashConcurrency: hashes,
		AdminEmail:              adminEmail,
		AdminPassword:           adminPassword,
		Currency:                currency,
		WebhookSecret:           webhookSecret,
		WebhookURL:              String(env, "PAYMENT_WEBHOOK_URL", ""),
		SettleAfter:             settle,
		RetryBackoff:            DefaultRetryBackoff,
	}, errors.Join(serverErr, secretErr, webhookErr, ttlErr, limitErr, hashesErr, adminErr, currencyErr, settleErr)
}

func secretOf(env Lookup, name string) (string, error) {
	secret, err := Required(env, name)
	if err == nil && len(secret) < MinSecretLength {
		err = fmt.Errorf("%s must be at least %d characters", name, MinSecretLength)
	}
	return secret, err
}

// seconds reads a duration in seconds, fractions allowed, from 0 to a day.
func seconds(env Lookup, name string, fallback float64) (time.Duration, error) {
	text := String(env, name, "")
	value := fallback
	if text != "" {
		parsed, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(parsed) || parsed < 0 || parsed > 86400 {
			return time.Duration(fallback * float64(time.Second)),
				fmt.Errorf("%s must be a number of seconds from 0 to 86400, got %q", name, text)
		}
		value = parsed
	}
	return time.Duration(value * float64(time.Second)), nil
}

// WebhookTarget is where the simulator posts its events.
func (c Config) WebhookTarget() string {
	if c.WebhookURL != "" {
		return c.WebhookURL
	}
	return "http://127.0.0.1:" + strconv.Itoa(c.Port) + "/webhooks/payments"
}
