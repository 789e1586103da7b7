package broker

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

// The Redis tests run against the server REDIS_URL names (the CI workflow's
// service, or `redis-server --port 6399` by hand with
// REDIS_URL=redis://127.0.0.1:6399/0), on streams of their own that they
// delete afterwards; without REDIS_URL they are skipped.
func redisBroker(t *testing.T) (*Redis, string) {
	t.Helper()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		t.Skip("REDIS_URL is not set: the Redis integration tests need a Redis")
	}
	b, err := OpenRedis(url, 1000)
	if err != nil {
		t.Fatal(err)
	}
	stream := fmt.Sprintf("test-%d", rand.Int64())
	t.Cleanup(func() {
		b.client.Del(context.Background(), stream, DeadStream(stream), deadCounts(stream))
		_ = b.Close()
	})
	if err := b.Ping(context.Background()); err != nil {
		t.Fatalf("REDIS_URL is set but Redis does not answer: %v", err)
	}
	return b, stream
}

func TestRedisGroupsPublishReadAck(t *testing.T) {
	b, stream := redisBroker(t)
	ctx := context.Background()
	for range 2 { // BUSYGROUP the second time: ignored
		if err := b.EnsureGroups(ctx, stream, "a", "b"); err != nil {
			t.Fatal(err)
		}
	}
	published, err := b.Publish(ctx, stream, []Fields{{"n", "1"}, {"n", "2"}})
	if err != nil || published != 2 {
		t.Fatal(published, err)
	}
	read, err := b.Read(ctx, stream, "a", "c1", 10, 100*time.Millisecond)
	if err != nil || len(read) != 2 || read[0].Fields["n"] != "1" || read[1].Fields["n"] != "2" || read[0].Deliveries != 1 {
		t.Fatalf("read %v %v", read, err)
	}
	if more, err := b.Read(ctx, stream, "a", "c2", 10, 50*time.Millisecond); err != nil || len(more) != 0 {
		t.Fatalf("a second consumer read %v %v", more, err)
	}
	if err := b.Ack(ctx, stream, "a", read[0].ID); err != nil {
		t.Fatal(err)
	}
	stats, err := b.Stats(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Length != 2 || stats.Groups["a"] != (Group{Pending: 1}) || stats.Groups["b"] != (Group{Lag: 2}) {
		t.Fatalf("stats %+v", stats)
	}
}

func TestRedisClaimCountsDeliveriesAndDeadLetters(t *testing.T) {
	b, stream := redisBroker(t)
	ctx := context.Background()
	_ = b.EnsureGroups(ctx, stream, "a")
	if _, err := b.Publish(ctx, stream, []Fields{{"id", "9", "data", "{"}}); err != nil {
		t.Fatal(err)
	}
	read, _ := b.Read(ctx, stream, "a", "dead", 1, 100*time.Millisecond)
	if len(read) != 1 {
		t.Fatalf("read %v", read)
	}
	if early, _ := b.Claim(ctx, stream, "a", "alive", time.Minute, 10); len(early) != 0 {
		t.Fatalf("claimed a message that is not idle: %v", early)
	}
	time.Sleep(60 * time.Millisecond)
	claimed, err := b.Claim(ctx, stream, "a", "alive", 50*time.Millisecond, 10)
	if err != nil || len(claimed) != 1 || claimed[0].ID != read[0].ID || claimed[0].Deliveries != 2 {
		t.Fatalf("claimed %v %v", claimed, err)
	}
	if err := b.DeadLetter(ctx, stream, "a", claimed[0], "data is not JSON"); err != nil {
		t.Fatal(err)
	}
	dead, err := b.client.XRange(ctx, DeadStream(stream), "-", "+").Result()
	if err != nil || len(dead) != 1 {
		t.Fatalf("dead stream %v %v", dead, err)
	}
	want := map[string]string{"id": "9", "data": "{", "group": "a", "error": "data is not JSON", "deliveries": "2", "sourceId": read[0].ID}
	for name, value := range want {
		if dead[0].Values[name] != value {
			t.Errorf("dead letter %s = %v, want %q", name, dead[0].Values[name], value)
		}
	}
	stats, _ := b.Stats(ctx, stream)
	if stats.Groups["a"] != (Group{DeadLettered: 1}) {
		t.Errorf("after the dead letter: %+v", stats.Groups["a"])
	}
}

func TestRedisUnreachableIsUnavailable(t *testing.T) {
	b, err := OpenRedis("redis://127.0.0.1:1/0", 1000)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := b.Ping(ctx); err == nil || !isUnavailable(err) {
		t.Errorf("ping of nothing: %v", err)
	}
}

func isUnavailable(err error) bool {
	return err != nil && errors.Is(err, ErrUnavailable)
}
