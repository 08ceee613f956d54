package wiring

import (
	"context"
	"io"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.uber.org/fx"
	"go.uber.org/fx/fxevent"

	"github.com/sigsentry/hub/adapters/httpapi"
	"github.com/sigsentry/hub/adapters/logsources"
	"github.com/sigsentry/hub/adapters/pluginhost"
	"github.com/sigsentry/hub/cmd/sigsentry/config"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/panel"
	"github.com/sigsentry/hub/core/pipeline"
	"github.com/sigsentry/hub/core/project"
)

// Options is the whole hub as an fx graph. out receives what a person must
// see once (the generated admin token); logs go to log.
func Options(cfg *config.Config, log *slog.Logger, out io.Writer) fx.Option {
	return fx.Options(
		fx.Supply(cfg, log),
		fx.WithLogger(func() fxevent.Logger {
			l := &fxevent.SlogLogger{Logger: log}
			l.UseLogLevel(slog.LevelDebug)
			return l
		}),
		fx.Provide(
			func() (AdminToken, error) { return EnsureAdminToken(cfg, out, log) },
			NewRegistry,
			NewSecretBox,
			NewStore,
			projectStore, bindingStore, triageStore, analysisStore,
			project.NewManager,
			NewBindingManager,
			analysis.NewManager,
			NewPluginHost,
			NewQueue,
			NewTriager,
			NewLogSources,
			NewAnalyzer,
			NewIngester,
			NewProcessor,
			NewPanel,
			NewHandler,
		),
		fx.Invoke(RegisterDashboard),
		// Workers start before the server and stop after it: nothing is
		// accepted that no worker will run.
		fx.Invoke(StartWorkers, StartServer),
	)
}

// NewRegistry is the Prometheus registry behind /metrics, with the Go
// runtime and process collectors an operator expects.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// NewBindingManager builds the binding use cases over the desk plugins.
func NewBindingManager(store binding.Store, projects *project.Manager, host *pluginhost.Host, log *slog.Logger) *binding.Manager {
	return binding.NewManager(store, projects, host, log)
}

// HandlerParams are the HTTP adapter's dependencies.
type HandlerParams struct {
	fx.In
	Config   *config.Config
	Log      *slog.Logger
	Registry *prometheus.Registry
	Token    AdminToken
	Store    Store
	Queue    Queue
	Host     *pluginhost.Host
	Projects *project.Manager
	Bindings *binding.Manager
	Analyses *analysis.Manager
	Ingester *pipeline.Ingester
	Panel    *panel.Panel
	Sources  *logsources.Registry
}

// NewHandler builds the HTTP adapter.
func NewHandler(p HandlerParams) (*httpapi.Handler, error) {
	return httpapi.NewHandler(httpapi.Deps{
		Projects:   p.Projects,
		Bindings:   p.Bindings,
		Analyses:   p.Analyses,
		Platforms:  p.Host,
		AdminToken: string(p.Token),
		Ready: []httpapi.ReadyCheck{
			{Name: "store", Check: p.Store.Ping},
			{Name: "queue", Check: p.Queue.Ping},
			{Name: "plugins", Check: p.Host.Ready},
		},
		Ingest:       p.Ingester,
		Installer:    p.Host,
		Panel:        p.Panel,
		DeadJobs:     p.Queue,
		Sampler:      apiSampler{p.Sources},
		Logger:       p.Log,
		Registry:     p.Registry,
		MaxBodyBytes: p.Config.HTTP.MaxBodyBytes,
	})
}

// StartServer listens when the app starts (so a taken port fails the start)
// and drains requests when it stops.
func StartServer(lc fx.Lifecycle, cfg *config.Config, h *httpapi.Handler, log *slog.Logger) {
	srv := httpapi.NewServer(cfg.Addr, h, log)
	lc.Append(fx.Hook{
		OnStart: func(context.Context) error {
			addr, err := srv.Start()
			if err != nil {
				return err
			}
			log.Info("SigSentry hub started", "addr", addr.String(), "public_url", cfg.PublicURL,
				"mode", mode(cfg))
			return nil
		},
		OnStop: func(ctx context.Context) error {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.HTTP.ShutdownTimeout.Duration)
			defer cancel()
			return srv.Shutdown(ctx)
		},
	})
}

func mode(cfg *config.Config) string {
	if cfg.Embedded() {
		return "embedded"
	}
	return "external"
}
