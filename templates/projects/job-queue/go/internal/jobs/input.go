package jobs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxNameLength is the longest queue or job type name.
const MaxNameLength = 64

// NameRule is what a job type must be.
const NameRule = "must be 1 to 64 characters of A-Z, a-z, 0-9, _, . and -"

// QueueRule is what a queue name must be. A queue name is also a path
// segment, and clients resolve the segments "." and ".." before sending
// (/queues/../jobs becomes /jobs): at least one character must not be a dot.
const QueueRule = "must be 1 to 64 characters of A-Z, a-z, 0-9, _, . and -, not only dots"

var namePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// IsName tells whether text is a valid job type.
func IsName(text string) bool {
	return namePattern.MatchString(text)
}

// IsQueueName tells whether text is a valid queue name.
func IsQueueName(text string) bool {
	return IsName(text) && strings.Trim(text, ".") != ""
}

var keyPattern = regexp.MustCompile(`^[!-~]{1,255}$`)

// IsIdempotencyKey tells whether text may be an Idempotency-Key: 1 to 255
// printable ASCII characters, no spaces.
func IsIdempotencyKey(text string) bool {
	return keyPattern.MatchString(text)
}

var uuidPattern = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)

// JobID is the job id of a path, lower-cased; ok is false when text is not
// a UUID, which names no job (a 404, as for an id that does not exist).
func JobID(text string) (id string, ok bool) {
	if !uuidPattern.MatchString(text) {
		return "", false
	}
	return strings.ToLower(text), true
}

// RFC3339Rule is the message of a runAt that is not a timestamp.
const RFC3339Rule = "must be an RFC 3339 timestamp, e.g. 2026-11-21T14:03:07.123Z"

var rfc3339Pattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$`)

// ParseRunAt reads an RFC 3339 timestamp with a time and an offset, in UTC to
// the millisecond (the precision the API shows), or says what is wrong with it.
func ParseRunAt(text string) (time.Time, string) {
	if !rfc3339Pattern.MatchString(text) {
		return time.Time{}, RFC3339Rule
	}
	// time.RFC3339Nano takes an upper-case T and Z only, as RFC 3339 allows either.
	normalised := strings.ToUpper(text)
	parsed, err := time.Parse(time.RFC3339Nano, normalised)
	if err != nil {
		// The shape is right, the calendar is not: 30 February, hour 25.
		return time.Time{}, "must be a valid date and time"
	}
	parsed = parsed.UTC().Truncate(time.Millisecond)
	if parsed.Year() < 1 || parsed.Year() > 9999 {
		// Outside these years the RFC 3339 form, and so the stored text, breaks.
		return time.Time{}, "must be between the years 1 and 9999 in UTC"
	}
	return parsed, ""
}

// MaxJSONBytes is the largest payload or result: 64 KiB of JSON text.
const MaxJSONBytes = 64 * 1024

// EncodeJSON is the compact JSON text of a value as the client sent it, as it
// is stored, or what is wrong with it. The limit counts the bytes of that text.
func EncodeJSON(raw json.RawMessage) (string, string) {
	if !utf8.Valid(raw) {
		return "", "must be valid UTF-8"
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return "", "must be JSON"
	}
	if compact.Len() > MaxJSONBytes {
		return "", fmt.Sprintf("must be at most %d bytes as JSON, not %d", MaxJSONBytes, compact.Len())
	}
	return compact.String(), ""
}

// canonical is JSON text with object keys sorted at every level and numbers
// as written: equal values, equal text, whatever the order of the keys.
func canonical(text string) string {
	decoder := json.NewDecoder(strings.NewReader(text))
	decoder.UseNumber()
	var value any
	if err := decoder.Decode(&value); err != nil {
		return text
	}
	encoded, err := json.Marshal(value) // encoding/json sorts map keys
	if err != nil {
		return text
	}
	return string(encoded)
}
