package orders

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Gauge is orderevents_orders{status}: the orders in each status, counted in
// the database when Prometheus scrapes, because the consumers that move
// orders on are other processes than the one serving /metrics.
type Gauge struct {
	store  *Store
	logger *slog.Logger
	desc   *prometheus.Desc
}

// NewGauge counts the orders of store.
func NewGauge(store *Store, logger *slog.Logger) *Gauge {
	return &Gauge{store: store, logger: logger, desc: prometheus.NewDesc(
		"orderevents_orders", "Orders by status, counted in the database at scrape time.", []string{"status"}, nil,
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
	counts, err := g.store.Counts(ctx)
	if err != nil {
		// No numbers rather than stale ones; the rest of /metrics is still served.
		g.logger.Warn("could not count the orders for /metrics", slog.String("error", err.Error()))
		return
	}
	for _, status := range Statuses {
		metrics <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, float64(counts[status]), status)
	}
}
