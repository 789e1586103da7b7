package app_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestTheSameKeyAndBodyReturnTheOriginalJob(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	body := `{"type":"email.send","payload":{"to":"ada@example.com","cc":["b"]},"maxAttempts":5}`
	var first, again, reordered job
	c.do("POST", "/queues/"+queue+"/jobs", body, "Idempotency-Key", "welcome-ada").json(http.StatusCreated, &first)
	c.do("POST", "/queues/"+queue+"/jobs", body, "Idempotency-Key", "welcome-ada").json(http.StatusOK, &again)
	// Key order and defaults spelled out do not make another body.
	c.do("POST", "/queues/"+queue+"/jobs", `{"payload":{"cc":["b"],"to":"ada@example.com"},"priority":0,"type":"email.send"}`,
		"Idempotency-Key", "welcome-ada").json(http.StatusOK, &reordered)
	if again.ID != first.ID || reordered.ID != first.ID {
		t.Errorf("three jobs for one key: %s %s %s", first.ID, again.ID, reordered.ID)
	}
	c.do("POST", "/queues/"+queue+"/jobs", `{"type":"email.send","payload":{"to":"bob@example.com"}}`,
		"Idempotency-Key", "welcome-ada").problem(http.StatusUnprocessableEntity, "")
	// Scoped to the queue: the same key elsewhere is a new job.
	var elsewhere job
	c.do("POST", "/queues/"+newQueue()+"/jobs", body, "Idempotency-Key", "welcome-ada").json(http.StatusCreated, &elsewhere)
	if elsewhere.ID == first.ID {
		t.Error("a key of one queue found a job of another")
	}
	// The original is returned as it is now, not as it was.
	c.lease(queue, nil)
	c.do("POST", "/queues/"+queue+"/jobs", body, "Idempotency-Key", "welcome-ada").json(http.StatusOK, &again)
	if again.State != "running" {
		t.Errorf("the original job as it is now: %+v", again)
	}
	var stats map[string]int
	c.do("GET", "/queues/"+queue+"/stats", nil).json(http.StatusOK, &stats)
	if stats["running"] != 1 || stats["available"] != 0 {
		t.Errorf("stats %v", stats)
	}
}

func TestInvalidIdempotencyKeysAre400(t *testing.T) {
	c := newClient(t)
	for _, key := range []string{"has space", strings.Repeat("k", 256), "tab\there", "é"} {
		c.do("POST", "/queues/default/jobs", map[string]any{"type": "t", "payload": map[string]any{}}, "Idempotency-Key", key).
			problem(http.StatusBadRequest, "Idempotency-Key")
	}
	c.do("POST", "/queues/default/jobs", map[string]any{"type": "t", "payload": map[string]any{}}, "Idempotency-Key", strings.Repeat("k", 255)).
		json(http.StatusCreated, nil)
}

// Requests with one new key at the same instant: one creates the job, every
// other gets that job back, and the queue holds one job.
func TestConcurrentRequestsWithOneKeyCreateOneJob(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	const requests = 12
	responses := make([]response, requests)
	var wg sync.WaitGroup
	for i := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			responses[i] = c.do("POST", "/queues/"+queue+"/jobs", `{"type":"t","payload":{"n":1}}`, "Idempotency-Key", "once")
		}()
	}
	wg.Wait()
	created, ids := 0, map[string]bool{}
	for _, r := range responses {
		var j job
		switch r.Code {
		case http.StatusCreated:
			created++
			r.json(http.StatusCreated, &j)
		default:
			r.json(http.StatusOK, &j)
		}
		ids[j.ID] = true
	}
	if created != 1 || len(ids) != 1 {
		t.Errorf("%d created, %d distinct jobs; want 1 and 1", created, len(ids))
	}
	var stats map[string]int
	c.do("GET", "/queues/"+queue+"/stats", nil).json(http.StatusOK, &stats)
	if stats["available"] != 1 {
		t.Errorf("stats %v", stats)
	}
}
