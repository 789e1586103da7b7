package web

import (
	"testing"
	"time"
)

func TestRateLimiterFixedWindow(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	limiter := NewRateLimiter(2, time.Minute)
	limiter.now = func() time.Time { return now }
	for range 2 {
		if ok, _ := limiter.Allow("10.0.0.1"); !ok {
			t.Fatal("limited within the limit")
		}
	}
	now = now.Add(20500 * time.Millisecond)
	if ok, retry := limiter.Allow("10.0.0.1"); ok || retry != 40 {
		t.Errorf("over the limit: ok %v, Retry-After %d, want 40", ok, retry)
	}
	for range 2 {
		if ok, _ := limiter.Allow("10.0.0.2"); !ok {
			t.Error("another address shares the budget")
		}
	}
	now = now.Add(59999 * time.Millisecond)
	if ok, retry := limiter.Allow("10.0.0.2"); ok || retry != 1 {
		t.Errorf("Retry-After %d, want at least 1", retry)
	}
	now = now.Add(time.Minute)
	if ok, _ := limiter.Allow("10.0.0.1"); !ok {
		t.Error("the window did not reset")
	}
	if len(limiter.clients) != 1 {
		t.Errorf("expired windows kept: %d clients", len(limiter.clients))
	}
}
