package wiring

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"

	"github.com/sigsentry/hub/adapters/pluginhost"
	"github.com/sigsentry/hub/cmd/sigsentry/config"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/panel"
	"github.com/sigsentry/hub/core/pipeline"
)

// NewIngester is the webhook use case.
func NewIngester(host *pluginhost.Host, store Store, bindings *binding.Manager, q Queue, log *slog.Logger) *pipeline.Ingester {
	return pipeline.NewIngester(host, store, bindings, q, log)
}

// NewProcessor is the job processing use case.
func NewProcessor(cfg *config.Config, host *pluginhost.Host, store Store, bindings *binding.Manager, q Queue,
	triager pipeline.Triager, analyzer pipeline.Analyzer, log *slog.Logger) *pipeline.Processor {
	return pipeline.NewProcessor(pipeline.ProcessorDeps{
		Bindings: store, Reinstaller: bindings, Projects: store, Triages: store, Analyses: store,
		Analyzer: analyzer, Poster: host, Effects: q, Queue: q, Triager: triager,
		PublicURL: cfg.PublicURL, Log: log,
	})
}

// NewPanel is the desk sidebar panel use case.
func NewPanel(cfg *config.Config, host *pluginhost.Host, store Store, proc *pipeline.Processor, log *slog.Logger) *panel.Panel {
	return panel.New(host, store, store, store, proc, cfg.PublicURL, log)
}

// jobOutcomes counts finished jobs for /metrics.
type jobOutcomes struct{ c *prometheus.CounterVec }

func (j jobOutcomes) Outcome(kind, outcome string) { j.c.WithLabelValues(kind, outcome).Inc() }

// StartWorkers runs the job workers for the app's lifetime.
func StartWorkers(lc fx.Lifecycle, cfg *config.Config, q Queue, proc *pipeline.Processor, bindings *binding.Manager,
	reg *prometheus.Registry, log *slog.Logger) error {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sigsentry_jobs_total", Help: "Finished jobs by kind and outcome (done, retry, dropped, dead).",
	}, []string{"kind", "outcome"})
	if err := reg.Register(c); err != nil {
		return err
	}
	w := pipeline.NewWorkers(q, proc, bindings, pipeline.WorkerOptions{
		Consumer: consumerName(), JobTimeout: jobTimeout(cfg),
	}, jobOutcomes{c}, log)
	lc.Append(fx.Hook{
		OnStart: func(context.Context) error { w.Start(); return nil },
		OnStop:  func(ctx context.Context) error { return w.Stop(ctx) },
	})
	return nil
}
