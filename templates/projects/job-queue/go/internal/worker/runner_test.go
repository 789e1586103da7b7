package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeAPI hands out the leases it is given, once each, and records what the
// runner reports. Heartbeats of a job listed in lost are 409s.
type fakeAPI struct {
	mu         sync.Mutex
	queue      []Lease
	leaseCalls int
	acks       map[string]json.RawMessage
	nacks      map[string]string
	heartbeats map[string]int
	lost       map[string]bool
	down       bool // every call fails, as with the API unreachable
}

func newFakeAPI(leases ...Lease) *fakeAPI {
	return &fakeAPI{queue: leases, acks: map[string]json.RawMessage{}, nacks: map[string]string{},
		heartbeats: map[string]int{}, lost: map[string]bool{}}
}

var errDown = errors.New("connection refused")

func (f *fakeAPI) Lease(_ context.Context, _, _ string, _ time.Duration, max int) ([]Lease, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.leaseCalls++
	if f.down {
		return nil, errDown
	}
	n := min(max, len(f.queue))
	leased := slices.Clone(f.queue[:n])
	f.queue = f.queue[n:]
	return leased, nil
}

func (f *fakeAPI) Heartbeat(_ context.Context, lease Lease, _ time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.heartbeats[lease.JobID]++
	if f.lost[lease.JobID] {
		return fmt.Errorf("%w: another worker holds it", ErrLeaseLost)
	}
	return nil
}

func (f *fakeAPI) Ack(_ context.Context, lease Lease, result json.RawMessage) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.acks[lease.JobID] = result
	return nil
}

func (f *fakeAPI) Nack(_ context.Context, lease Lease, message string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nacks[lease.JobID] = message
	return nil
}

// settled is how many jobs were acked or nacked.
func (f *fakeAPI) settled() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.acks) + len(f.nacks)
}

func lease(id, kind, payload string) Lease {
	return Lease{JobID: id, Type: kind, Payload: json.RawMessage(payload), Attempts: 1, Token: "token-" + id}
}

func testConfig() Config {
	return Config{Queue: "default", WorkerID: "test", Concurrency: 4,
		LeaseFor: 300 * time.Millisecond, Poll: 10 * time.Millisecond, Shutdown: time.Second}
}

// start runs the runner until the returned stop is called (the signal), and
// waits for Run to return.
func start(t *testing.T, api API, registry *Registry, cfg Config) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		NewRunner(api, registry, cfg, slog.New(slog.DiscardHandler)).Run(ctx)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not return after the signal")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func waitFor(t *testing.T, what string, condition func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !condition() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTheRegistry(t *testing.T) {
	if got := Examples().Types(); !slices.Equal(got, []string{"echo", "fail", "sleep"}) {
		t.Errorf("example types %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("a second handler for one type was accepted")
		}
	}()
	NewRegistry().Register("echo", Echo).Register("echo", Echo)
}

func TestTheExampleHandlers(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, kind, payload string
		want                string // the result as JSON, or the error's message
		fails               bool
	}{
		{"echo returns its payload", "echo", `{"a":[1,2]}`, `{"a":[1,2]}`, false},
		{"sleep sleeps for seconds", "sleep", `{"seconds":0.01}`, `{"slept":0.01}`, false},
		{"sleep refuses a negative time", "sleep", `{"seconds":-1}`, "seconds must be a number from 0 to 3600", true},
		{"sleep refuses a string", "sleep", `{"seconds":"1"}`, "seconds must be a number from 0 to 3600", true},
		{"fail fails with its message", "fail", `{"message":"boom"}`, "boom", true},
		{"fail fails without one too", "fail", `{}`, "this job always fails", true},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			handler, _ := Examples().Handler(test.kind)
			value, err := handler(ctx, Job{ID: "j", Type: test.kind, Payload: json.RawMessage(test.payload), Attempts: 1})
			if test.fails {
				if err == nil || err.Error() != test.want {
					t.Errorf("error %v, want %q", err, test.want)
				}
				return
			}
			encoded, _ := json.Marshal(value)
			if err != nil || string(encoded) != test.want {
				t.Errorf("result %s, %v; want %s", encoded, err, test.want)
			}
		})
	}
	handler, _ := Examples().Handler("sleep")
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := handler(ctx, Job{Payload: json.RawMessage(`{"seconds":60}`)}); !errors.Is(err, context.Canceled) {
		t.Errorf("sleep did not stop when its job was given up: %v", err)
	}
}

func TestResultsAreAckedAndFailuresNacked(t *testing.T) {
	registry := Examples().Register("panic", func(context.Context, Job) (any, error) { panic("oops") }).
		Register("unencodable", func(context.Context, Job) (any, error) { return func() {}, nil })
	api := newFakeAPI(
		lease("1", "echo", `{"n":1}`),
		lease("2", "fail", `{"message":"smtp down"}`),
		lease("3", "nobody-handles-this", `{}`),
		lease("4", "panic", `{}`),
		lease("5", "unencodable", `{}`),
	)
	stop := start(t, api, registry, testConfig())
	waitFor(t, "every job is settled", func() bool { return api.settled() == 5 })
	stop()
	if string(api.acks["1"]) != `{"n":1}` {
		t.Errorf("echo acked %s", api.acks["1"])
	}
	want := map[string]string{
		"2": "smtp down",
		"3": `no handler for job type "nobody-handles-this"`,
		"4": "handler panicked: oops",
		"5": "json: unsupported type: func()",
	}
	for id, message := range want {
		if api.nacks[id] != message {
			t.Errorf("job %s nacked with %q, want %q", id, api.nacks[id], message)
		}
	}
}

func TestAtMostConcurrencyJobsRunAtOnce(t *testing.T) {
	var mu sync.Mutex
	running, most := 0, 0
	registry := NewRegistry().Register("busy", func(context.Context, Job) (any, error) {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		running--
		mu.Unlock()
		return nil, nil
	})
	var leases []Lease
	for i := range 12 {
		leases = append(leases, lease(fmt.Sprint(i), "busy", `{}`))
	}
	api := newFakeAPI(leases...)
	cfg := testConfig()
	cfg.Concurrency = 3
	start(t, api, registry, cfg)
	waitFor(t, "every job is acked", func() bool { return api.settled() == 12 })
	if most != 3 {
		t.Errorf("at most %d jobs ran at once, want 3", most)
	}
}

func TestAnUnreachableAPIIsRetried(t *testing.T) {
	api := newFakeAPI()
	api.down = true
	stop := start(t, api, Examples(), testConfig())
	waitFor(t, "it leases again", func() bool {
		api.mu.Lock()
		defer api.mu.Unlock()
		return api.leaseCalls >= 3
	})
	stop()
}

func TestHeartbeatsKeepALongJobAndALostLeaseCancelsIt(t *testing.T) {
	given := make(chan error, 1)
	registry := NewRegistry().
		Register("long", func(ctx context.Context, _ Job) (any, error) {
			time.Sleep(450 * time.Millisecond) // past its 300 ms lease
			return "done", nil
		}).
		Register("doomed", func(ctx context.Context, _ Job) (any, error) {
			<-ctx.Done()
			given <- ctx.Err()
			return nil, ctx.Err()
		})
	api := newFakeAPI(lease("long", "long", `{}`), lease("doomed", "doomed", `{}`))
	api.lost["doomed"] = true
	start(t, api, registry, testConfig())
	select {
	case err := <-given:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the job of a lost lease ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a job whose lease was lost kept running")
	}
	waitFor(t, "the long job is acked", func() bool { return api.settled() == 1 })
	api.mu.Lock()
	defer api.mu.Unlock()
	if api.heartbeats["long"] < 2 {
		t.Errorf("%d heartbeats for a job that ran 1.5 leases long, want at least 2", api.heartbeats["long"])
	}
	if _, reported := api.acks["doomed"]; reported || api.nacks["doomed"] != "" {
		t.Error("the outcome of a lost lease was reported")
	}
}

func TestOnSIGTERMRunningJobsFinishWithinTheGracePeriod(t *testing.T) {
	started := make(chan struct{})
	registry := NewRegistry().Register("short", func(context.Context, Job) (any, error) {
		close(started)
		time.Sleep(100 * time.Millisecond)
		return "finished", nil
	})
	api := newFakeAPI(lease("1", "short", `{}`), lease("2", "short", `{}`))
	cfg := testConfig()
	cfg.Concurrency = 1
	stop := start(t, api, registry, cfg)
	<-started
	stop()
	if string(api.acks["1"]) != `"finished"` || len(api.nacks) != 0 {
		t.Errorf("acks %v, nacks %v: the job in hand should have finished", api.acks, api.nacks)
	}
	if len(api.queue) != 1 {
		t.Error("the worker kept leasing after the signal")
	}
}

func TestOnSIGTERMJobsOutlastingTheGracePeriodAreNacked(t *testing.T) {
	started := make(chan struct{})
	registry := NewRegistry().Register("endless", func(ctx context.Context, _ Job) (any, error) {
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	})
	api := newFakeAPI(lease("1", "endless", `{}`))
	cfg := testConfig()
	cfg.Shutdown = 50 * time.Millisecond
	stop := start(t, api, registry, cfg)
	<-started
	begun := time.Now()
	stop()
	if api.nacks["1"] != ShutdownError || len(api.acks) != 0 {
		t.Errorf("acks %v, nacks %v: want one nack %q", api.acks, api.nacks, ShutdownError)
	}
	if waited := time.Since(begun); waited > 5*time.Second {
		t.Errorf("shutdown took %s with a 50 ms grace period", waited)
	}
}

func TestTruncateCountsCodePoints(t *testing.T) {
	long := strings.Repeat("é", MaxErrorLength+5)
	if got := []rune(truncate(long)); len(got) != MaxErrorLength {
		t.Errorf("%d code points, want %d", len(got), MaxErrorLength)
	}
	if truncate("short") != "short" {
		t.Error("a short message was changed")
	}
}
