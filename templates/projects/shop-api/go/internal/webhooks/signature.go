// Package webhooks receives the payment processor's signed events (here the
// built-in simulator's) and settles payments with them, each event once.
package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader carries `t=<unix seconds>,v1=<hex HMAC-SHA256>`.
const SignatureHeader = "Webhook-Signature"

// Tolerance is how far the signature's timestamp may be from now, either
// way: an event captured and replayed later is refused.
const Tolerance = 300 * time.Second

// The ways a signature fails; none of them says what the right one is.
var (
	ErrMalformed = errors.New("the Webhook-Signature header is missing or malformed: expected t=<unix seconds>,v1=<hex>")
	ErrStale     = errors.New("the signature is stale: its timestamp is more than 300 seconds from now")
	ErrMismatch  = errors.New("no v1 signature matches the body")
)

func mac(secret []byte, timestamp int64, body []byte) []byte {
	digest := hmac.New(sha256.New, secret)
	digest.Write([]byte(strconv.FormatInt(timestamp, 10) + "."))
	digest.Write(body)
	return digest.Sum(nil)
}

// Sign is the Webhook-Signature of body sent at the time given.
func Sign(secret []byte, at time.Time, body []byte) string {
	timestamp := at.Unix()
	return "t=" + strconv.FormatInt(timestamp, 10) + ",v1=" + hex.EncodeToString(mac(secret, timestamp, body))
}

// Verify checks a Webhook-Signature header against the raw body, as
// Stripe's scheme does: comma-separated items, one `t`, one or more `v1`
// (any of which may match, so a secret can be rolled), unknown items
// ignored. The HMAC is compared in constant time.
func Verify(secret []byte, header string, body []byte, now time.Time) error {
	var timestamp int64
	seenTimestamp := false
	var signatures []string
	for _, item := range strings.Split(header, ",") {
		name, value, found := strings.Cut(strings.TrimSpace(item), "=")
		if !found {
			continue
		}
		switch name {
		case "t":
			parsed, err := strconv.ParseInt(value, 10, 64)
			if seenTimestamp || err != nil || value == "" || strings.Trim(value, "0123456789") != "" {
				return ErrMalformed
			}
			timestamp, seenTimestamp = parsed, true
		case "v1":
			signatures = append(signatures, value)
		}
	}
	if !seenTimestamp || len(signatures) == 0 {
		return ErrMalformed
	}
	if age := now.Sub(time.Unix(timestamp, 0)); age > Tolerance || age < -Tolerance {
		return ErrStale
	}
	want := mac(secret, timestamp, body)
	for _, signature := range signatures {
		if got, err := hex.DecodeString(signature); err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return ErrMismatch
}
