package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Gauge is jobqueue_jobs{state}: every queue's jobs by state, counted in the
// database when Prometheus scrapes, so every replica reports the same numbers
// and none has to track the changes the others make.
type Gauge struct {
	store  *Store
	logger *slog.Logger
	desc   *prometheus.Desc
}

// NewGauge counts the jobs of store.
func NewGauge(store *Store, logger *slog.Logger) *Gauge {
	return &Gauge{store: store, logger: logger, desc: prometheus.NewDesc(
		"jobqueue_jobs", "Jobs of every queue, by state, counted at scrape time.", []string{"state"}, nil,
	)}
}

// Describe is part of prometheus.Collector.
func (g *Gauge) Describe(descs chan<- *prometheus.Desc) {
	descs <- g.desc
}

// Collect is part of prometheus.Collector.
func (g *Gauge) Collect(metrics chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	stats, err := g.store.Stats(ctx, "")
	if err != nil {
		// No numbers rather than stale ones; the rest of /metrics is still served.
		g.logger.Warn("could not count the jobs for /metrics", slog.String("error", err.Error()))
		return
	}
	for i, count := range stats.ByState() {
		metrics <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, float64(count), string(States[i]))
	}
}
