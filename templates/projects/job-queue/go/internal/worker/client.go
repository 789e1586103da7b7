// Package worker is the process that runs jobs: it leases them from the API
// over HTTP, runs the handler registered for each job's type, heartbeats
// while the handler works, and reports the outcome.
package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ErrLeaseLost is the API's 409: the lease expired, or the job went to another worker.
var ErrLeaseLost = errors.New("the lease is no longer valid")

// Lease is a leased job: what its handler needs, and the token that proves the lease.
type Lease struct {
	JobID    string          `json:"id"`
	Type     string          `json:"type"`
	Payload  json.RawMessage `json:"payload"`
	Attempts int             `json:"attempts"`
	Token    string          `json:"leaseToken"`
}

// API is what the worker needs of the queue's HTTP API; tests may fake it.
type API interface {
	Lease(ctx context.Context, queue, workerID string, leaseFor time.Duration, max int) ([]Lease, error)
	Heartbeat(ctx context.Context, lease Lease, leaseFor time.Duration) error
	Ack(ctx context.Context, lease Lease, result json.RawMessage) error
	Nack(ctx context.Context, lease Lease, message string) error
}

// Client is the API over HTTP.
type Client struct {
	baseURL string
	http    *http.Client
}

// NewClient talks to the API at baseURL, giving up on a request after ten seconds.
func NewClient(baseURL string) *Client {
	return &Client{baseURL: strings.TrimRight(baseURL, "/"), http: &http.Client{Timeout: 10 * time.Second}}
}

// Lease asks for up to max ready jobs of the queue.
func (c *Client) Lease(ctx context.Context, queue, workerID string, leaseFor time.Duration, max int) ([]Lease, error) {
	var body struct{ Jobs []Lease }
	err := c.post(ctx, "/queues/"+url.PathEscape(queue)+"/leases", map[string]any{
		"workerId": workerID, "leaseSeconds": int(leaseFor.Seconds()), "max": max,
	}, &body)
	return body.Jobs, err
}

// Heartbeat extends the lease by leaseFor from now.
func (c *Client) Heartbeat(ctx context.Context, lease Lease, leaseFor time.Duration) error {
	return c.post(ctx, "/jobs/"+lease.JobID+"/heartbeat", map[string]any{
		"leaseToken": lease.Token, "leaseSeconds": int(leaseFor.Seconds()),
	}, nil)
}

// Ack completes the job with its result.
func (c *Client) Ack(ctx context.Context, lease Lease, result json.RawMessage) error {
	return c.post(ctx, "/jobs/"+lease.JobID+"/ack", map[string]any{"leaseToken": lease.Token, "result": result}, nil)
}

// Nack fails the job's attempt with message as its lastError.
func (c *Client) Nack(ctx context.Context, lease Lease, message string) error {
	return c.post(ctx, "/jobs/"+lease.JobID+"/nack", map[string]any{"leaseToken": lease.Token, "error": message}, nil)
}

func (c *Client) post(ctx context.Context, path string, body any, into any) error {
	encoded, err := json.Marshal(body)
	if err != nil {
		return err
	}
	request, err := http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL+path, bytes.NewReader(encoded))
	if err != nil {
		return err
	}
	request.Header.Set("Content-Type", "application/json")
	response, err := c.http.Do(request)
	if err != nil {
		return fmt.Errorf("POST %s: %w", path, err)
	}
	defer response.Body.Close()
	text, err := io.ReadAll(io.LimitReader(response.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("POST %s: %w", path, err)
	}
	switch {
	case response.StatusCode == http.StatusConflict:
		return fmt.Errorf("%w: %s", ErrLeaseLost, detail(text, response.Status))
	case response.StatusCode != http.StatusOK:
		return fmt.Errorf("POST %s: %s", path, detail(text, response.Status))
	case into != nil:
		return json.Unmarshal(text, into)
	}
	return nil
}

// detail is the detail of a problem response, or fallback.
func detail(body []byte, fallback string) string {
	var problem struct{ Detail string }
	if json.Unmarshal(body, &problem) == nil && problem.Detail != "" {
		return problem.Detail
	}
	return fallback
}
