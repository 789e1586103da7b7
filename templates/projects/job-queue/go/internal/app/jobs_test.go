package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestEnqueueAppliesDefaultsAndTheJobCanBeReadBack(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	before := time.Now().UTC().Add(-time.Second)
	created := c.enqueue(queue, map[string]any{"payload": map[string]any{"to": []string{"a", "b"}}})
	if created.State != "available" || created.Priority != 0 || created.Attempts != 0 || created.MaxAttempts != 5 ||
		created.LastError != nil || string(created.Result) != "null" || created.LeaseExpiresAt != nil ||
		created.Queue != queue || created.Type != "email.send" || string(created.Payload) != `{"to":["a","b"]}` {
		t.Errorf("defaults: %+v", created)
	}
	if at := parseTime(t, created.CreatedAt); at.Before(before) || at.After(time.Now().Add(time.Second)) || created.RunAt != created.CreatedAt {
		t.Errorf("createdAt %s, runAt %s", created.CreatedAt, created.RunAt)
	}
	if got := c.get(created.ID); fmt.Sprint(got) != fmt.Sprint(created) {
		t.Errorf("read back %+v, created %+v", got, created)
	}
	if got := c.get(strings.ToUpper(created.ID)); got.ID != created.ID {
		t.Errorf("an upper-case id found %+v", got)
	}
}

func TestRunAtSchedulesTheJobAndIsShownInUTC(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	later := c.enqueue(queue, map[string]any{"runAt": "2099-01-01T02:00:00+02:00", "priority": -1000, "maxAttempts": 100})
	if later.State != "scheduled" || later.RunAt != "2099-01-01T00:00:00.000Z" || later.Priority != -1000 || later.MaxAttempts != 100 {
		t.Errorf("a job for 2099: %+v", later)
	}
	past := c.enqueue(queue, map[string]any{"runAt": time.Now().Add(-time.Minute).Format(time.RFC3339), "priority": 1000})
	if past.State != "available" {
		t.Errorf("a job due a minute ago: %+v", past)
	}
	if leased := c.lease(queue, map[string]any{"max": 10}); len(leased) != 1 || leased[0].ID != past.ID {
		t.Errorf("leased %+v, want only the job that is due", leased)
	}
}

func TestInvalidJobsAre400NamingTheField(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	tests := []struct {
		field string
		value any
	}{
		{"type", ""}, {"type", strings.Repeat("t", 65)}, {"type", "send email"}, {"type", 5}, {"type", nil}, {"type", "é"},
		{"payload", []int{1, 2}}, {"payload", "text"}, {"payload", nil}, {"payload", 5},
		{"priority", 1001}, {"priority", -1001}, {"priority", "5"}, {"priority", 1.5}, {"priority", true}, {"priority", nil},
		{"maxAttempts", 0}, {"maxAttempts", 101}, {"maxAttempts", "3"},
		{"runAt", "tomorrow"}, {"runAt", 1893456000}, {"runAt", "2099-01-01T00:00:00"}, {"runAt", "2099-01-01"},
		{"runAt", "2026-02-30T00:00:00Z"}, {"runAt", nil},
		{"payload", map[string]string{"blob": strings.Repeat("é", 34_000)}},
		{"payload", map[string]string{"blob": strings.Repeat("x", 70_000)}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s=%.20v", tt.field, tt.value), func(t *testing.T) {
			body := map[string]any{"type": "email.send", "payload": map[string]any{}}
			body[tt.field] = tt.value
			c.do("POST", "/queues/"+queue+"/jobs", body).problem(http.StatusBadRequest, tt.field)
		})
	}
	for _, missing := range []string{"type", "payload"} {
		body := map[string]any{"type": "email.send", "payload": map[string]any{}}
		delete(body, missing)
		c.do("POST", "/queues/"+queue+"/jobs", body).problem(http.StatusBadRequest, missing)
	}
	for _, body := range []string{"type=x", "", "[]", "null", "{", `{"type":"t","payload":{}`} {
		c.do("POST", "/queues/"+queue+"/jobs", body).problem(http.StatusBadRequest, "body")
	}
	c.enqueue(queue, map[string]any{"payload": map[string]string{"blob": strings.Repeat("x", 60_000)}})
}

func TestQueueNamesAreCheckedAndTakeTheirWholeAlphabet(t *testing.T) {
	c := newClient(t)
	for _, name := range []string{strings.Repeat("q", 65), "bad%20queue", "bad!queue", "...", "%C3%A9"} {
		for _, route := range []string{"POST /queues/%s/jobs", "GET /queues/%s/jobs", "GET /queues/%s/stats", "POST /queues/%s/leases"} {
			method, path, _ := strings.Cut(fmt.Sprintf(route, name), " ")
			c.do(method, path, map[string]any{"type": "t", "payload": map[string]any{}, "workerId": "w"}).
				problem(http.StatusBadRequest, "queue")
		}
	}
	name := "Az09_.-" + strings.Repeat("q", 57)
	created := c.enqueue(name, map[string]any{"type": "T_y.p-e9" + strings.Repeat("x", 56)})
	if created.Queue != name {
		t.Errorf("queue %q", created.Queue)
	}
}

func TestUnknownOrMalformedJobIDsAre404(t *testing.T) {
	c := newClient(t)
	for _, id := range []string{"0b5d3c4e-1f2a-4b6c-8d9e-0a1b2c3d4e5f", "not-a-uuid", "12345"} {
		c.do("GET", "/jobs/"+id, nil).problem(http.StatusNotFound, "")
		for _, action := range []string{"heartbeat", "ack", "nack", "retry", "cancel"} {
			c.do("POST", "/jobs/"+id+"/"+action, map[string]any{"leaseToken": "t", "error": "e"}).problem(http.StatusNotFound, "")
		}
	}
}

func TestUnknownRoutesAndMethodsAreProblems(t *testing.T) {
	c := newClient(t)
	c.do("GET", "/no-such-route", nil).problem(http.StatusNotFound, "")
	response := c.do("DELETE", "/queues/default/jobs", nil)
	response.problem(http.StatusMethodNotAllowed, "")
	if allow := response.Header().Get("Allow"); allow != "GET, HEAD, POST" {
		t.Errorf("Allow %q", allow)
	}
}

func TestCancelAndRetry(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	waiting := c.enqueue(queue, nil)
	scheduled := c.enqueue(queue, map[string]any{"runAt": "2099-01-01T00:00:00Z"})
	for _, j := range []job{waiting, scheduled} {
		var cancelled job
		c.do("POST", "/jobs/"+j.ID+"/cancel", nil).json(http.StatusOK, &cancelled)
		if cancelled.State != "cancelled" || cancelled.UpdatedAt <= j.UpdatedAt {
			t.Errorf("cancelled %+v", cancelled)
		}
		c.do("POST", "/jobs/"+j.ID+"/cancel", nil).problem(http.StatusConflict, "")
		c.do("POST", "/jobs/"+j.ID+"/retry", nil).problem(http.StatusConflict, "")
	}
	if leased := c.lease(queue, nil); len(leased) != 0 {
		t.Errorf("a cancelled job was leased: %+v", leased)
	}

	doomed := c.enqueue(queue, map[string]any{"maxAttempts": 1})
	c.do("POST", "/jobs/"+doomed.ID+"/retry", nil).problem(http.StatusConflict, "")
	held := c.lease(queue, nil)[0]
	c.do("POST", "/jobs/"+held.ID+"/cancel", nil).problem(http.StatusConflict, "")
	var dead job
	c.settle(held, "nack", map[string]any{"error": "boom"}).json(http.StatusOK, &dead)
	if dead.State != "dead" || dead.LastError == nil || *dead.LastError != "boom" || dead.LeaseExpiresAt != nil {
		t.Fatalf("a job out of attempts: %+v", dead)
	}
	c.do("POST", "/jobs/"+dead.ID+"/cancel", nil).problem(http.StatusConflict, "")
	var retried job
	c.do("POST", "/jobs/"+dead.ID+"/retry", nil).json(http.StatusOK, &retried)
	if retried.State != "available" || retried.Attempts != 0 || retried.LastError == nil || *retried.LastError != "boom" {
		t.Errorf("retried %+v", retried)
	}
	if again := c.lease(queue, nil); len(again) != 1 || again[0].ID != dead.ID || again[0].Attempts != 1 {
		t.Errorf("the retried job was not leased again: %+v", again)
	}
}

func TestStatsAndList(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	var ids []string
	for range 4 {
		ids = append(ids, c.enqueue(queue, nil).ID)
	}
	c.enqueue(queue, map[string]any{"runAt": "2099-01-01T00:00:00Z"})
	c.do("POST", "/jobs/"+ids[3]+"/cancel", nil).json(http.StatusOK, nil)
	held := c.lease(queue, map[string]any{"max": 2})
	c.settle(held[0], "ack", map[string]any{"result": map[string]int{"sent": 1}}).json(http.StatusOK, nil)
	c.enqueue(newQueue(), nil) // another queue's

	var stats map[string]int
	c.do("GET", "/queues/"+queue+"/stats", nil).json(http.StatusOK, &stats)
	want := map[string]int{"available": 1, "scheduled": 1, "running": 1, "completed": 1, "dead": 0, "cancelled": 1}
	if fmt.Sprint(stats) != fmt.Sprint(want) {
		t.Errorf("stats %v, want %v", stats, want)
	}
	c.do("GET", "/queues/empty-queue/stats", nil).json(http.StatusOK, &stats)
	if fmt.Sprint(stats) != fmt.Sprint(map[string]int{"available": 0, "scheduled": 0, "running": 0, "completed": 0, "dead": 0, "cancelled": 0}) {
		t.Errorf("an empty queue: %v", stats)
	}

	type page struct {
		Data               []job
		Page, Limit, Total int
	}
	var all page
	c.do("GET", "/queues/"+queue+"/jobs", nil).json(http.StatusOK, &all)
	if all.Total != 5 || all.Page != 1 || all.Limit != 10 || len(all.Data) != 5 || all.Data[0].ID != ids[0] {
		t.Errorf("every job, oldest first: %+v", all)
	}
	var second page
	c.do("GET", "/queues/"+queue+"/jobs?page=2&limit=2", nil).json(http.StatusOK, &second)
	if second.Total != 5 || len(second.Data) != 2 || second.Data[0].ID != ids[2] {
		t.Errorf("page 2 of 2: %+v", second)
	}
	for state, count := range want {
		var filtered page
		c.do("GET", "/queues/"+queue+"/jobs?state="+state, nil).json(http.StatusOK, &filtered)
		if filtered.Total != count || len(filtered.Data) != count {
			t.Errorf("state=%s: %+v", state, filtered)
		}
		for _, j := range filtered.Data {
			if j.State != state {
				t.Errorf("state=%s listed a %s job", state, j.State)
			}
		}
	}
	var far page
	c.do("GET", "/queues/"+queue+"/jobs?page=9007199254740991&limit=100", nil).json(http.StatusOK, &far)
	if len(far.Data) != 0 || far.Total != 5 {
		t.Errorf("a page far past the end: %+v", far)
	}
	for _, query := range []string{"state=done", "state=", "page=0", "page=x", "page=1.5", "limit=0", "limit=101", "limit=10.0"} {
		field, _, _ := strings.Cut(query, "=")
		c.do("GET", "/queues/"+queue+"/jobs?"+query, nil).problem(http.StatusBadRequest, field)
	}
}

func TestPayloadsAndResultsKeepTheirJSON(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	payload := `{"z":1,"a":{"big":12345678901234567890,"nul":"\u0000","é":[true,null,1.50]}}`
	var created job
	c.do("POST", "/queues/"+queue+"/jobs", `{"type":"t","payload":`+payload+`}`).json(http.StatusCreated, &created)
	if string(created.Payload) != payload {
		t.Errorf("payload %s, want %s", created.Payload, payload)
	}
	for _, result := range []string{`"done"`, `[1,2]`, `{"n":1e3}`, `null`, `0`} {
		c.enqueue(queue, nil)
		held := c.lease(queue, nil)[0]
		var acked job
		c.settle(held, "ack", map[string]any{"result": json.RawMessage(result)}).json(http.StatusOK, &acked)
		if string(acked.Result) != result || acked.State != "completed" || c.get(held.ID).State != "completed" {
			t.Errorf("result %s: %+v", result, acked)
		}
	}
	c.enqueue(queue, nil)
	held := c.lease(queue, nil)[0]
	c.settle(held, "ack", map[string]any{"result": strings.Repeat("x", 70_000)}).problem(http.StatusBadRequest, "result")
	var acked job
	c.settle(held, "ack", nil).json(http.StatusOK, &acked)
	if string(acked.Result) != "null" {
		t.Errorf("an ack without a result: %s", acked.Result)
	}
}
