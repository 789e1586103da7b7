package broker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is the Broker on Redis Streams.
type Redis struct {
	client *redis.Client
	// maxLength trims the stream, approximately, on every XADD.
	maxLength int64
}

// deadCounts is the hash of dead letters per group of a stream: counted as
// they are written, so /pipeline/stats needs no scan of the dead stream.
func deadCounts(stream string) string {
	return DeadStream(stream) + ":counts"
}

// slogPrinter sends go-redis's own messages (a failed dial, a pool
// warning) to the service's JSON log instead of plain text on stderr.
type slogPrinter struct {
	logger *slog.Logger
}

func (p slogPrinter) Printf(ctx context.Context, format string, v ...any) {
	p.logger.WarnContext(ctx, fmt.Sprintf(format, v...), slog.String("component", "go-redis"))
}

// LogTo sends go-redis's own log lines to logger; call it once, at start-up.
func LogTo(logger *slog.Logger) {
	redis.SetLogger(slogPrinter{logger: logger})
}

// OpenRedis connects to url (redis://[user:password@]host:port[/db]) lazily:
// the first command dials. maxLength is the approximate cap of every stream
// this broker appends to.
func OpenRedis(url string, maxLength int) (*Redis, error) {
	options, err := redis.ParseURL(url)
	if err != nil {
		// The parse error would quote the URL, password included.
		return nil, errors.New("REDIS_URL is not a valid redis:// URL")
	}
	// Fail fast while Redis is away: the relay and the consumers retry on
	// their own schedule, and /readyz must answer within its two seconds.
	options.DialTimeout = time.Second
	options.MaxRetries = 1
	return &Redis{client: redis.NewClient(options), maxLength: int64(maxLength)}, nil
}

// Close closes the connections.
func (b *Redis) Close() error {
	return b.client.Close()
}

// classify wraps a failure to talk to Redis in ErrUnavailable; a reply
// Redis sent on purpose (NOGROUP, WRONGTYPE…) stays itself.
func classify(err error) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	var reply redis.Error
	if errors.As(err, &reply) && !strings.HasPrefix(reply.Error(), "LOADING") {
		return err
	}
	return fmt.Errorf("%w: %v", ErrUnavailable, err)
}

// EnsureGroups implements Broker: XGROUP CREATE … $ MKSTREAM, BUSYGROUP ignored.
func (b *Redis) EnsureGroups(ctx context.Context, stream string, groups ...string) error {
	for _, group := range groups {
		err := b.client.XGroupCreateMkStream(ctx, stream, group, "$").Err()
		if err != nil && !redis.HasErrorPrefix(err, "BUSYGROUP") {
			return classify(err)
		}
	}
	return nil
}

// Publish implements Broker: one pipeline of XADDs, which Redis applies in order.
func (b *Redis) Publish(ctx context.Context, stream string, entries []Fields) (int, error) {
	cmds, err := b.client.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		for _, entry := range entries {
			pipe.XAdd(ctx, &redis.XAddArgs{Stream: stream, MaxLen: b.maxLength, Approx: true, Values: []string(entry)})
		}
		return nil
	})
	for i, cmd := range cmds {
		if cmd.Err() != nil {
			return i, classify(cmd.Err())
		}
	}
	if err != nil {
		return 0, classify(err)
	}
	return len(entries), nil
}

func messages(entries []redis.XMessage, deliveries int64) []Message {
	out := make([]Message, 0, len(entries))
	for _, entry := range entries {
		fields := make(map[string]string, len(entry.Values))
		for name, value := range entry.Values {
			fields[name] = fmt.Sprint(value)
		}
		out = append(out, Message{ID: entry.ID, Fields: fields, Deliveries: deliveries})
	}
	return out
}

// Read implements Broker: XREADGROUP … STREAMS stream >.
func (b *Redis) Read(ctx context.Context, stream, group, consumer string, count int, block time.Duration) ([]Message, error) {
	streams, err := b.client.XReadGroup(ctx, &redis.XReadGroupArgs{
		Group: group, Consumer: consumer, Streams: []string{stream, ">"}, Count: int64(count), Block: block,
	}).Result()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, classify(err)
	}
	var out []Message
	for _, s := range streams {
		out = append(out, messages(s.Messages, 1)...)
	}
	return out, nil
}

// Claim implements Broker: XAUTOCLAIM from the start of the pending entries,
// then XPENDING for the delivery count of each entry claimed (XAUTOCLAIM
// increments it but does not say it).
func (b *Redis) Claim(ctx context.Context, stream, group, consumer string, minIdle time.Duration, count int) ([]Message, error) {
	entries, _, err := b.client.XAutoClaim(ctx, &redis.XAutoClaimArgs{
		Stream: stream, Group: group, MinIdle: minIdle, Start: "0-0", Count: int64(count), Consumer: consumer,
	}).Result()
	if err != nil {
		return nil, classify(err)
	}
	claimed := messages(entries, 0)
	for i := range claimed {
		pending, err := b.client.XPendingExt(ctx, &redis.XPendingExtArgs{
			Stream: stream, Group: group, Start: claimed[i].ID, End: claimed[i].ID, Count: 1,
		}).Result()
		if err != nil {
			return nil, classify(err)
		}
		if len(pending) == 1 {
			claimed[i].Deliveries = pending[0].RetryCount
		}
	}
	return claimed, nil
}

// Ack implements Broker.
func (b *Redis) Ack(ctx context.Context, stream, group, id string) error {
	return classify(b.client.XAck(ctx, stream, group, id).Err())
}

// DeadLetter implements Broker: XADD to the dead stream, XACK and the count
// in one MULTI, so a dead letter is never written without its entry leaving
// the group's pending list, or the other way round.
func (b *Redis) DeadLetter(ctx context.Context, stream, group string, message Message, reason string) error {
	_, err := b.client.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.XAdd(ctx, &redis.XAddArgs{
			Stream: DeadStream(stream), MaxLen: b.maxLength, Approx: true, Values: deadLetterFields(group, message, reason),
		})
		pipe.XAck(ctx, stream, group, message.ID)
		pipe.HIncrBy(ctx, deadCounts(stream), group, 1)
		return nil
	})
	return classify(err)
}

// Stats implements Broker: XLEN, XINFO GROUPS and the dead-letter counts.
func (b *Redis) Stats(ctx context.Context, stream string) (Stream, error) {
	length, err := b.client.XLen(ctx, stream).Result()
	if err != nil {
		return Stream{}, classify(err)
	}
	groups, err := b.client.XInfoGroups(ctx, stream).Result()
	if err != nil && !redis.HasErrorPrefix(err, "ERR no such key") {
		return Stream{}, classify(err)
	}
	dead, err := b.client.HGetAll(ctx, deadCounts(stream)).Result()
	if err != nil {
		return Stream{}, classify(err)
	}
	out := Stream{Length: length, Groups: map[string]Group{}}
	for _, g := range groups {
		lag := g.Lag
		if lag < 0 {
			// Redis cannot tell (entries were deleted or trimmed mid-way):
			// count what follows the group's last delivered entry.
			after, err := b.client.XRangeN(ctx, stream, "("+g.LastDeliveredID, "+", 100_000).Result()
			if err != nil {
				return Stream{}, classify(err)
			}
			lag = int64(len(after))
		}
		var deadLettered int64
		_, _ = fmt.Sscan(dead[g.Name], &deadLettered)
		out.Groups[g.Name] = Group{Pending: g.Pending, Lag: lag, DeadLettered: deadLettered}
	}
	return out, nil
}

// Ping implements Broker.
func (b *Redis) Ping(ctx context.Context) error {
	return classify(b.client.Ping(ctx).Err())
}
