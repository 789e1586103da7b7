package cache

import (
	"context"
	"net"
	"os"
	"strconv"
	"testing"
	"time"
)

// redisStore is a store on the Redis at REDIS_URL, under a prefix of this
// test's own; the test is skipped without REDIS_URL.
func redisStore(t *testing.T) *Redis {
	t.Helper()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		t.Skip("REDIS_URL is not set: start Redis (docker compose up -d redis) to run the Redis tests")
	}
	store, err := NewRedis(url, "test:"+t.Name()+":"+strconv.FormatInt(time.Now().UnixNano(), 36)+":")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	if err := store.Ping(context.Background()); err != nil {
		t.Fatalf("REDIS_URL is set but Redis does not answer: %v", err)
	}
	return store
}

func TestRedisKeepsAValueWithItsExpiryInRedis(t *testing.T) {
	ctx := context.Background()
	store := redisStore(t)
	if err := store.Set(ctx, "k", []byte("v"), 2*time.Second); err != nil {
		t.Fatal(err)
	}
	value, found, err := store.Get(ctx, "k")
	if err != nil || !found || string(value) != "v" {
		t.Fatalf("Get: %q %v %v", value, found, err)
	}
	ttl, err := store.client.PTTL(ctx, store.prefix+"k").Result()
	if err != nil || ttl <= 0 || ttl > 2*time.Second {
		t.Errorf("PTTL %v %v: the expiry is not Redis's", ttl, err)
	}
	if _, found, err := store.Get(ctx, "missing"); found || err != nil {
		t.Errorf("a missing key: %v %v", found, err)
	}
}

func TestRedisForgetsAValueWhenRedisExpiresIt(t *testing.T) {
	ctx := context.Background()
	store := redisStore(t)
	if err := store.Set(ctx, "k", []byte("v"), 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond)
	if _, found, err := store.Get(ctx, "k"); found || err != nil {
		t.Errorf("after its expiry: %v %v", found, err)
	}
}

// Runs without a Redis: an address where nothing listens stands for one that
// is down. Each command fails quickly with an error, never hangs.
func TestRedisDownIsAnErrorInTime(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := listener.Addr().String()
	_ = listener.Close()
	store, err := NewRedis("redis://"+address+"/0", "test:")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	started := time.Now()
	if _, found, err := store.Get(ctx, "k"); err == nil || found {
		t.Errorf("Get with Redis down: found %v, error %v", found, err)
	}
	if err := store.Set(ctx, "k", []byte("v"), time.Minute); err == nil {
		t.Error("Set with Redis down succeeded")
	}
	if err := store.Ping(ctx); err == nil {
		t.Error("Ping with Redis down succeeded")
	}
	if took := time.Since(started); took > 3*redisTimeout {
		t.Errorf("three commands against a down Redis took %v", took)
	}
}

func TestRedisURLMustParse(t *testing.T) {
	if _, err := NewRedis("http://localhost:6379", "x:"); err == nil {
		t.Error("an http URL was accepted as REDIS_URL")
	}
}
