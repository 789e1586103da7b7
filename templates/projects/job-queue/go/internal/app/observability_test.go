package app_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRequestIDs(t *testing.T) {
	c := newClient(t)
	for given, kept := range map[string]bool{
		"abc.DEF_1-2": true, strings.Repeat("x", 128): true,
		"": false, "has space": false, strings.Repeat("x", 129): false, "slash/ed": false,
	} {
		for _, path := range []string{"/healthz", "/no-such-route", "/jobs/not-a-uuid"} {
			request := httptest.NewRequest("GET", path, nil)
			request.Header.Set("X-Request-Id", given)
			recorder := httptest.NewRecorder()
			c.handler.ServeHTTP(recorder, request)
			got := recorder.Header().Get("X-Request-Id")
			if kept && got != given {
				t.Errorf("%s: a valid request id %q came back as %q", path, given, got)
			}
			if !kept && (len(got) != 36 || got[14] != '4' || got == given) {
				t.Errorf("%s: X-Request-Id %q for %q, want a new UUIDv4", path, got, given)
			}
		}
	}
}

func TestLogsCarryTheRequestID(t *testing.T) {
	c := newClient(t)
	c.do("POST", "/queues/logs/jobs?token=secret-in-query", map[string]any{"type": "t", "payload": map[string]any{}},
		"X-Request-Id", "enqueue-1").json(http.StatusCreated, nil)
	logs := c.logs.String()
	if strings.Contains(logs, "secret-in-query") {
		t.Errorf("the log holds the query string:\n%s", logs)
	}
	var found bool
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		if entry["request_id"] == "enqueue-1" {
			found = true
			for _, key := range []string{"level", "time", "msg", "method", "path", "status", "duration_ms"} {
				if _, ok := entry[key]; !ok {
					t.Errorf("the access log line has no %q: %s", key, line)
				}
			}
			if entry["path"] != "/queues/logs/jobs" {
				t.Errorf("path %v, want it without the query", entry["path"])
			}
		}
	}
	if !found {
		t.Errorf("no line carries the request id:\n%s", logs)
	}
}

func TestMetrics(t *testing.T) {
	c := newClient(t)
	queue := newQueue()
	for range 3 {
		c.enqueue(queue, nil)
	}
	c.enqueue(queue, map[string]any{"runAt": "2099-01-01T00:00:00Z"})
	c.lease(queue, nil)
	c.do("GET", "/jobs/0b5d3c4e-1f2a-4b6c-8d9e-0a1b2c3d4e5f", nil).problem(http.StatusNotFound, "")
	c.do("GET", "/random-probe", nil).problem(http.StatusNotFound, "")
	response := c.do("GET", "/metrics", nil)
	if response.Code != http.StatusOK || !strings.HasPrefix(response.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics: %d %q", response.Code, response.Header().Get("Content-Type"))
	}
	text := response.Body.String()
	for _, want := range []string{
		`http_requests_total{method="GET",route="/jobs/{id}",status="404"} 1`,
		`http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`http_request_duration_seconds_bucket{method="POST",route="/queues/{queue}/jobs",status="201",le="+Inf"} 4`,
		`jobqueue_jobs{state="available"} 2`,
		`jobqueue_jobs{state="scheduled"} 1`,
		`jobqueue_jobs{state="running"} 1`,
		`jobqueue_jobs{state="dead"} 0`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(text, "/random-probe") {
		t.Error("an unmatched path became a label")
	}
}
