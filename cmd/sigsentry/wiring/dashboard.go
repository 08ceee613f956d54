package wiring

import (
	"context"
	"log/slog"

	"github.com/sigsentry/hub/adapters/dashboard"
	"github.com/sigsentry/hub/adapters/httpapi"
	"github.com/sigsentry/hub/adapters/logsources"
	"github.com/sigsentry/hub/adapters/pluginhost"
	"github.com/sigsentry/hub/cmd/sigsentry/config"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

// RegisterDashboard adds the dashboard pages under "/" to the HTTP handler,
// before the server starts. They share the handler's middleware (request
// ids, access log, metrics, security headers).
func RegisterDashboard(h *httpapi.Handler, cfg *config.Config, token AdminToken, projects *project.Manager,
	bindings *binding.Manager, analyses *analysis.Manager, host *pluginhost.Host, q Queue,
	sources *logsources.Registry, log *slog.Logger) error {
	d, err := dashboard.New(dashboard.Deps{
		Projects:   projects,
		Bindings:   bindings,
		Analyses:   analyses,
		Platforms:  host,
		DeadJobs:   q,
		Sampler:    NewSampler(sources),
		AdminToken: string(token),
		PublicURL:  cfg.PublicURL,
		Logger:     log,
	})
	if err != nil {
		return err
	}
	d.Register(h.Router())
	return nil
}

// NewSampler reads sample lines for "Test connection" through the same log
// source registry analyses use, so a test reads what an analysis would.
func NewSampler(reg *logsources.Registry) dashboard.Sampler {
	return dashboard.SamplerFunc(func(ctx context.Context, src *project.LogSource, n int) ([]dashboard.SampleLine, error) {
		lines, err := reg.Sample(ctx, src, n)
		out := make([]dashboard.SampleLine, len(lines))
		for i, l := range lines {
			out[i] = dashboard.SampleLine{Time: l.Time, Level: l.Level, Service: l.Service, Message: l.Message,
				Truncated: l.Truncated, Problem: l.Problem}
		}
		return out, err
	})
}
