// Package broker is the little the pipeline needs from a log-structured
// message broker: append to a stream, read it through consumer groups,
// acknowledge, claim what a dead consumer held, and dead-letter what no
// consumer can handle. Redis Streams implement it (redis.go) for the
// processes; Memory implements the same rules for the tests of the domain,
// which then need no Redis.
package broker

import (
	"context"
	"errors"
	"time"
)

// Message is one stream entry as a consumer receives it.
type Message struct {
	// ID is the entry's id in the stream, e.g. "1700000000000-0".
	ID string
	// Fields are the entry's field-value pairs.
	Fields map[string]string
	// Deliveries counts the times the entry was delivered to the group, this
	// delivery included.
	Deliveries int64
}

// Fields are an entry's field-value pairs in the order they are written:
// name, value, name, value…
type Fields []string

// Group is what /pipeline/stats shows of a consumer group.
type Group struct {
	// Pending entries were delivered and are not acknowledged yet.
	Pending int64 `json:"pending"`
	// Lag entries were added to the stream and not yet delivered to the group.
	Lag int64 `json:"lag"`
	// DeadLettered entries were moved to the dead-letter stream by this group.
	DeadLettered int64 `json:"deadLettered"`
}

// Stream is what /pipeline/stats shows of a stream.
type Stream struct {
	Length int64            `json:"length"`
	Groups map[string]Group `json:"groups"`
}

// ErrUnavailable wraps every failure to reach the broker.
var ErrUnavailable = errors.New("the message broker is unavailable")

// Broker is a stream store with consumer groups.
type Broker interface {
	// EnsureGroups creates the stream and each group reading from its end,
	// leaving alone the groups that exist.
	EnsureGroups(ctx context.Context, stream string, groups ...string) error
	// Publish appends entries in order; published is how many were appended
	// (a prefix of entries) when err is not nil.
	Publish(ctx context.Context, stream string, entries []Fields) (published int, err error)
	// Read delivers up to count entries the group has not had yet, waiting up
	// to block for the first.
	Read(ctx context.Context, stream, group, consumer string, count int, block time.Duration) ([]Message, error)
	// Claim hands consumer up to count entries of the group that were
	// delivered and left unacknowledged for at least minIdle.
	Claim(ctx context.Context, stream, group, consumer string, minIdle time.Duration, count int) ([]Message, error)
	// Ack acknowledges an entry for the group.
	Ack(ctx context.Context, stream, group, id string) error
	// DeadLetter moves a message to `<stream>.dead` with its fields and
	// group, error, deliveries and sourceId, and acknowledges it, at once.
	DeadLetter(ctx context.Context, stream, group string, message Message, reason string) error
	// Stats counts the stream and each of its groups.
	Stats(ctx context.Context, stream string) (Stream, error)
	// Ping tells whether the broker answers.
	Ping(ctx context.Context) error
}

// DeadStream is the dead-letter stream of stream.
func DeadStream(stream string) string {
	return stream + ".dead"
}

// deadLetterFields are the fields of a dead letter: the entry's own, then
// why it died.
func deadLetterFields(group string, message Message, reason string) []string {
	fields := make([]string, 0, 2*len(message.Fields)+8)
	for name, value := range message.Fields {
		switch name {
		case "group", "error", "deliveries", "sourceId":
			continue // ours to set: an entry cannot pass for its own dead letter
		}
		fields = append(fields, name, value)
	}
	return append(fields,
		"group", group,
		"error", oneLine(reason),
		"deliveries", formatInt(message.Deliveries),
		"sourceId", message.ID,
	)
}

// oneLine keeps an error readable in one field: newlines become spaces and
// it stops at 500 bytes.
func oneLine(text string) string {
	out := make([]rune, 0, len(text))
	for _, r := range text {
		if r == '\n' || r == '\r' || r == '\t' {
			r = ' '
		}
		out = append(out, r)
		if len(out) >= 500 {
			break
		}
	}
	return string(out)
}
