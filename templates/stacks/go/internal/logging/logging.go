// Package logging writes JSON lines with log/slog. Every line logged with a
// request's context carries that request's id, and attributes whose key names
// a secret are replaced before they are written.
package logging

import (
	"context"
	"io"
	"log/slog"
	"strings"
)

// New is a JSON logger on w at level info.
func New(w io.Writer) *slog.Logger {
	json := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: redact})
	return slog.New(contextHandler{json})
}

type requestIDKey struct{}

// WithRequestID returns a context whose log lines carry id as request_id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID is the id WithRequestID stored in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// contextHandler adds the request id of the record's context to the record.
type contextHandler struct{ slog.Handler }

func (h contextHandler) Handle(ctx context.Context, record slog.Record) error {
	if id := RequestID(ctx); id != "" {
		record.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, record)
}

func (h contextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(attrs)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}

// Redacted replaces the value of every attribute whose key names a secret.
const Redacted = "[redacted]"

// Keys that are never logged, whatever logs them: a last line of defence, as
// nothing in the service logs headers, bodies or query strings in the first place.
var secretKeys = []string{"authorization", "cookie", "password", "token", "secret", "jwt"}

func redact(_ []string, attr slog.Attr) slog.Attr {
	key := strings.ToLower(attr.Key)
	for _, secret := range secretKeys {
		if strings.Contains(key, secret) {
			return slog.String(attr.Key, Redacted)
		}
	}
	return attr
}
