package web

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Health registers GET /healthz (the process is up) and GET /readyz (the
// database answers within two seconds). A ping that fails with a *Problem
// has /readyz answer that problem instead of "the database is unavailable".
func (rt *Router) Health(ping func(context.Context) error) {
	rt.Handle("GET /healthz", func(w http.ResponseWriter, _ *http.Request) error {
		return WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	rt.Handle("GET /readyz", func(w http.ResponseWriter, r *http.Request) error {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := ping(ctx); err != nil {
			rt.logger.WarnContext(ctx, "readiness check failed", "error", err.Error())
			// A service whose dependency is not a database says which one is down.
			if problem := new(Problem); errors.As(err, &problem) {
				return problem
			}
			return ServiceUnavailable()
		}
		return WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

// Document registers GET path serving a JSON document, such as /openapi.json.
func (rt *Router) Document(path string, document []byte) {
	rt.Handle("GET "+path, func(w http.ResponseWriter, _ *http.Request) error {
		w.Header().Set("Content-Type", "application/json")
		_, err := w.Write(document)
		return err
	})
}

// Metrics registers GET /metrics in the Prometheus text format.
func (rt *Router) Metrics() {
	handler := rt.metrics.Handler()
	rt.Handle("GET /metrics", func(w http.ResponseWriter, r *http.Request) error {
		handler.ServeHTTP(w, r)
		return nil
	})
}
