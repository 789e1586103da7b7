package app_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLeasesTakeReadyJobsByPriorityThenRunAtThenCreation(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	past := func(minutes int) string {
		return time.Now().Add(-time.Duration(minutes) * time.Minute).Format(time.RFC3339)
	}
	low := c.enqueue(queue, map[string]any{"priority": -5})
	first := c.enqueue(queue, nil)
	second := c.enqueue(queue, nil)
	older := c.enqueue(queue, map[string]any{"runAt": past(5)})
	urgent := c.enqueue(queue, map[string]any{"priority": 10})
	c.enqueue(queue, map[string]any{"runAt": "2099-01-01T00:00:00Z", "priority": 1000})

	before := time.Now().UTC().Truncate(time.Millisecond)
	leased := c.lease(queue, map[string]any{"max": 100, "leaseSeconds": 60})
	var order []string
	for _, j := range leased {
		order = append(order, j.ID)
		if j.Attempts != 1 {
			t.Errorf("attempts %d after one lease", j.Attempts)
		}
		expires := parseTime(t, *j.LeaseExpiresAt)
		if expires.Before(before.Add(59*time.Second)) || expires.After(time.Now().Add(61*time.Second)) {
			t.Errorf("leaseExpiresAt %s is not a minute from now", *j.LeaseExpiresAt)
		}
	}
	want := []string{urgent.ID, older.ID, first.ID, second.ID, low.ID}
	if !slices.Equal(order, want) {
		t.Errorf("lease order %v, want %v", order, want)
	}
	if len(c.lease(queue, nil)) != 0 {
		t.Error("a second lease found jobs that are all running or scheduled")
	}
	tokens := map[string]bool{}
	for _, j := range leased {
		tokens[j.LeaseToken] = true
	}
	if len(tokens) != len(leased) {
		t.Error("two leases share a token")
	}
}

func TestLeaseTakesMaxJobsAndDefaultsToOne(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	for range 5 {
		c.enqueue(queue, nil)
	}
	if got := len(c.lease(queue, nil)); got != 1 {
		t.Errorf("a lease without max took %d jobs", got)
	}
	if got := len(c.lease(queue, map[string]any{"max": 3})); got != 3 {
		t.Errorf("max 3 took %d", got)
	}
	if got := len(c.lease(newQueue(), map[string]any{"max": 3})); got != 0 {
		t.Errorf("an empty queue gave %d", got)
	}
}

func TestInvalidLeasesAre400(t *testing.T) {
	c := newClient(t)
	tests := []struct {
		field string
		value any
	}{
		{"workerId", ""}, {"workerId", nil}, {"workerId", 5}, {"workerId", strings.Repeat("w", 201)},
		{"leaseSeconds", 0}, {"leaseSeconds", 3601}, {"leaseSeconds", "30"}, {"leaseSeconds", 1.5},
		{"max", 0}, {"max", 101}, {"max", "1"},
	}
	for _, tt := range tests {
		body := map[string]any{"workerId": "w"}
		body[tt.field] = tt.value
		c.do("POST", "/queues/default/leases", body).problem(http.StatusBadRequest, tt.field)
	}
	c.do("POST", "/queues/default/leases", map[string]any{}).problem(http.StatusBadRequest, "workerId")
	c.do("POST", "/queues/default/leases", "nope").problem(http.StatusBadRequest, "body")
}

func TestHeartbeatExtendsTheLease(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	c.enqueue(queue, nil)
	held := c.lease(queue, map[string]any{"leaseSeconds": 5})[0]
	var beat job
	c.settle(held, "heartbeat", map[string]any{"leaseSeconds": 600}).json(http.StatusOK, &beat)
	if expires := parseTime(t, *beat.LeaseExpiresAt); expires.Before(time.Now().Add(590*time.Second)) || beat.State != "running" || beat.Attempts != 1 {
		t.Errorf("after a heartbeat of 600 s: %+v", beat)
	}
	c.settle(held, "heartbeat", nil).json(http.StatusOK, &beat)
	if expires := parseTime(t, *beat.LeaseExpiresAt); expires.After(time.Now().Add(31 * time.Second)) {
		t.Errorf("a heartbeat without leaseSeconds extends by 30 s, not to %s", *beat.LeaseExpiresAt)
	}
	for _, body := range []map[string]any{{"leaseToken": ""}, {"leaseToken": 5}, {"leaseSeconds": 30}, {"leaseToken": held.LeaseToken, "leaseSeconds": 0}} {
		c.do("POST", "/jobs/"+held.ID+"/heartbeat", body).problem(http.StatusBadRequest, "")
	}
}

func TestAStaleOrWrongTokenIs409AndChangesNothing(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	c.enqueue(queue, nil)
	held := c.lease(queue, nil)[0]
	wrong := held
	wrong.LeaseToken = "not-the-token"
	for _, action := range []string{"heartbeat", "ack", "nack"} {
		c.settle(wrong, action, map[string]any{"error": "boom"}).problem(http.StatusConflict, "")
	}
	if after := c.get(held.ID); after.State != "running" || after.UpdatedAt != held.UpdatedAt || *after.LeaseExpiresAt != *held.LeaseExpiresAt {
		t.Errorf("a 409 changed the job: %+v, was %+v", after, held)
	}
	c.settle(held, "ack", nil).json(http.StatusOK, nil)
	for _, action := range []string{"heartbeat", "ack", "nack"} {
		c.settle(held, action, map[string]any{"error": "boom"}).problem(http.StatusConflict, "")
	}
	if after := c.get(held.ID); after.State != "completed" {
		t.Errorf("settling a completed job changed it: %+v", after)
	}
	idle := c.enqueue(queue, nil)
	c.settle(idle, "ack", map[string]any{"leaseToken": "anything"}).problem(http.StatusConflict, "")
}

func TestNackBacksOffThenTheJobIsDead(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	created := c.enqueue(queue, map[string]any{"maxAttempts": 2})
	held := c.lease(queue, nil)[0]
	before := time.Now().UTC().Truncate(time.Millisecond)
	var failed job
	c.settle(held, "nack", map[string]any{"error": "smtp timeout"}).json(http.StatusOK, &failed)
	runAt := parseTime(t, failed.RunAt)
	// RETRY_BASE_SECONDS 1 after the first attempt: 1 s plus up to 50 % jitter.
	if failed.State != "scheduled" || *failed.LastError != "smtp timeout" || failed.LeaseExpiresAt != nil ||
		runAt.Before(before.Add(time.Second)) || runAt.After(time.Now().Add(1500*time.Millisecond)) {
		t.Fatalf("after a nack: %+v", failed)
	}
	if len(c.lease(queue, nil)) != 0 {
		t.Fatal("a job was leased before its retry time")
	}
	time.Sleep(time.Until(runAt) + 50*time.Millisecond)
	if got := c.get(created.ID); got.State != "available" {
		t.Fatalf("after its backoff: %+v", got)
	}
	again := c.lease(queue, nil)
	if len(again) != 1 || again[0].Attempts != 2 {
		t.Fatalf("the retry: %+v", again)
	}
	var dead job
	c.settle(again[0], "nack", map[string]any{"error": "still down"}).json(http.StatusOK, &dead)
	if dead.State != "dead" || *dead.LastError != "still down" || dead.Attempts != 2 {
		t.Errorf("out of attempts: %+v", dead)
	}
	for _, body := range []map[string]any{{"leaseToken": "t"}, {"leaseToken": "t", "error": ""}, {"leaseToken": "t", "error": strings.Repeat("e", 10_001)}} {
		c.do("POST", "/jobs/"+created.ID+"/nack", body).problem(http.StatusBadRequest, "error")
	}
}

func TestAnExpiredLeaseIsReclaimedByTheNextLease(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	created := c.enqueue(queue, map[string]any{"maxAttempts": 2})
	stale := c.lease(queue, map[string]any{"leaseSeconds": 1})[0]
	time.Sleep(1100 * time.Millisecond)
	// Past its expiry the token is stale, even before a lease reclaims the job.
	c.settle(stale, "heartbeat", nil).problem(http.StatusConflict, "")
	again := c.lease(queue, map[string]any{"leaseSeconds": 1, "workerId": "other"})
	if len(again) != 1 || again[0].ID != created.ID || again[0].Attempts != 2 || *again[0].LastError != "lease expired" {
		t.Fatalf("reclaimed: %+v", again)
	}
	c.settle(stale, "ack", nil).problem(http.StatusConflict, "")
	time.Sleep(1100 * time.Millisecond)
	if leased := c.lease(queue, nil); len(leased) != 0 {
		t.Errorf("a job out of attempts went out again: %+v", leased)
	}
	if dead := c.get(created.ID); dead.State != "dead" || *dead.LastError != "lease expired" {
		t.Errorf("out of attempts after its lease expired: %+v", dead)
	}
}

// Many workers lease from one queue at once: each job goes to exactly one.
func TestConcurrentLeasesNeverHandOutOneJobTwice(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	const jobs, workers = 40, 8
	for range jobs {
		c.enqueue(queue, nil)
	}
	var mu sync.Mutex
	seen := map[string]string{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker := fmt.Sprintf("worker-%d", w)
			for {
				response := c.do("POST", "/queues/"+queue+"/leases", map[string]any{"workerId": worker, "max": 3})
				var leased struct{ Jobs []job }
				response.json(http.StatusOK, &leased)
				if len(leased.Jobs) == 0 {
					return
				}
				mu.Lock()
				for _, j := range leased.Jobs {
					if other, taken := seen[j.ID]; taken {
						t.Errorf("job %s went to %s and %s", j.ID, other, worker)
					}
					seen[j.ID] = worker
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != jobs {
		t.Errorf("%d jobs leased, want %d", len(seen), jobs)
	}
}

// Acks and a lease racing for one job whose lease expired: the job is either
// completed by its first worker or reclaimed, never both.
func TestAnAckRacingAReclaimIsOneOrTheOther(t *testing.T) {
	c := newClient(t)
	for round := range 5 {
		queue := fmt.Sprintf("race-%d", round)
		c.enqueue(queue, nil)
		held := c.lease(queue, map[string]any{"leaseSeconds": 1})[0]
		time.Sleep(time.Until(parseTime(t, *held.LeaseExpiresAt)) - 5*time.Millisecond)
		var wg sync.WaitGroup
		var ack response
		var leased []job
		wg.Add(2)
		go func() { defer wg.Done(); ack = c.settle(held, "ack", nil) }()
		go func() {
			defer wg.Done()
			var body struct{ Jobs []job }
			c.do("POST", "/queues/"+queue+"/leases", map[string]any{"workerId": "other"}).json(http.StatusOK, &body)
			leased = body.Jobs
		}()
		wg.Wait()
		final := c.get(held.ID)
		acked, reclaimed := ack.Code == http.StatusOK, len(leased) == 1
		switch {
		case acked && reclaimed:
			t.Errorf("round %d: the job was acked and leased again: %+v", round, final)
		case acked && final.State != "completed":
			t.Errorf("round %d: acked, but %+v", round, final)
		case reclaimed && (ack.Code != http.StatusConflict || final.State != "running" || final.Attempts != 2):
			t.Errorf("round %d: reclaimed, ack %d, job %+v", round, ack.Code, final)
		}
	}
}
