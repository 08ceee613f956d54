package wiring

import (
	"log/slog"

	"github.com/sigsentry/hub/adapters/dashboard"
	"github.com/sigsentry/hub/adapters/httpapi"
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
	bindings *binding.Manager, analyses *analysis.Manager, host *pluginhost.Host, q Queue, log *slog.Logger) error {
	d, err := dashboard.New(dashboard.Deps{
		Projects:   projects,
		Bindings:   bindings,
		Analyses:   analyses,
		Platforms:  host,
		DeadJobs:   q,
		Sampler:    NewSampler(),
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

// NewSampler reads sample lines for "Test connection". Until the log source
// readers offer sampling, there is none and the page says so.
func NewSampler() dashboard.Sampler { return nil }
