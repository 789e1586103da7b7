package web

import (
	"math"
	"net"
	"net/http"
	"sync"
	"time"
)

// RateLimiter counts requests per client address in fixed windows: at most
// Limit in each window, which starts at a client's first request. Counters
// live in this process's memory, so each replica counts on its own.
type RateLimiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu        sync.Mutex
	clients   map[string]*windowCount
	lastSweep time.Time
}

type windowCount struct {
	start time.Time
	count int
}

// NewRateLimiter allows limit requests per window and client address.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return &RateLimiter{limit: limit, window: window, now: time.Now, clients: map[string]*windowCount{}}
}

// Allow counts one request from client; when it is over the limit, it says
// how many whole seconds remain until the window resets (at least 1).
func (l *RateLimiter) Allow(client string) (ok bool, retryAfter int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.lastSweep) >= l.window {
		// Forget the clients whose window has ended, so memory stays bounded.
		for key, counter := range l.clients {
			if now.Sub(counter.start) >= l.window {
				delete(l.clients, key)
			}
		}
		l.lastSweep = now
	}
	counter, found := l.clients[client]
	if !found || now.Sub(counter.start) >= l.window {
		counter = &windowCount{start: now}
		l.clients[client] = counter
	}
	if counter.count >= l.limit {
		remaining := counter.start.Add(l.window).Sub(now).Seconds()
		return false, max(1, int(math.Ceil(remaining)))
	}
	counter.count++
	return true, 0
}

// Limit answers 429 with Retry-After once a client address is over the limit.
func (l *RateLimiter) Limit(next Handler) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if ok, retryAfter := l.Allow(ClientAddress(r)); !ok {
			return TooManyRequests(retryAfter)
		}
		return next(w, r)
	}
}

// ClientAddress is the IP address of the socket peer. Forwarded headers are
// not trusted: any client can write them.
func ClientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
