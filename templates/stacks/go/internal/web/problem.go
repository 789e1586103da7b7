// Package web is the HTTP plumbing every route shares: problem details,
// strict JSON input, request ids, access logs, metrics and rate limits, on
// top of net/http's ServeMux.
package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// ProblemMediaType is the media type of RFC 9457 problem details.
const ProblemMediaType = "application/problem+json"

// FieldError names one field of the input and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Problem is an error a handler returns on purpose; the router writes it as
// an RFC 9457 problem with its status, detail, field errors and headers.
type Problem struct {
	Status int
	Detail string
	Errors []FieldError
	Header http.Header
}

func (p *Problem) Error() string {
	return fmt.Sprintf("%d %s", p.Status, p.Detail)
}

// InvalidInput is the detail of every 400: the fields in `errors` say what.
const InvalidInput = "the request is invalid"

// BadRequest is a 400 naming the fields at fault.
func BadRequest(errors ...FieldError) *Problem {
	return &Problem{Status: http.StatusBadRequest, Detail: InvalidInput, Errors: errors}
}

// Unauthorized is a 401 with the challenge of a bearer token.
func Unauthorized(detail string) *Problem {
	return &Problem{Status: http.StatusUnauthorized, Detail: detail, Header: http.Header{"Www-Authenticate": {"Bearer"}}}
}

// Forbidden is a 403: the resource exists and belongs to someone else.
func Forbidden(detail string) *Problem {
	return &Problem{Status: http.StatusForbidden, Detail: detail}
}

// NotFound is a 404.
func NotFound(detail string) *Problem {
	return &Problem{Status: http.StatusNotFound, Detail: detail}
}

// Conflict is a 409.
func Conflict(detail string) *Problem {
	return &Problem{Status: http.StatusConflict, Detail: detail}
}

// TooManyRequests is a 429 telling the client how many seconds to wait.
func TooManyRequests(retryAfterSeconds int) *Problem {
	return &Problem{
		Status: http.StatusTooManyRequests,
		Detail: "too many requests from this address; retry after " + strconv.Itoa(retryAfterSeconds) + " s",
		Header: http.Header{"Retry-After": {strconv.Itoa(retryAfterSeconds)}},
	}
}

// UnavailableRetrySeconds is the Retry-After of a 503.
const UnavailableRetrySeconds = 5

// ServiceUnavailable is a 503: the database cannot be reached right now.
func ServiceUnavailable() *Problem {
	return &Problem{
		Status: http.StatusServiceUnavailable,
		Detail: "the database is unavailable",
		Header: http.Header{"Retry-After": {strconv.Itoa(UnavailableRetrySeconds)}},
	}
}

type problemBody struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail,omitempty"`
	Errors []FieldError `json:"errors,omitempty"`
}

// WriteProblem writes p as application/problem+json.
func WriteProblem(w http.ResponseWriter, p *Problem) {
	for name, values := range p.Header {
		w.Header()[name] = values
	}
	body, _ := json.Marshal(problemBody{
		Type:   "about:blank",
		Title:  http.StatusText(p.Status),
		Status: p.Status,
		Detail: p.Detail,
		Errors: p.Errors,
	})
	w.Header().Set("Content-Type", ProblemMediaType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(p.Status)
	_, _ = w.Write(body)
}

// WriteJSON writes value as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, value any) error {
	body, err := json.Marshal(value)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, err = w.Write(body)
	return err
}
