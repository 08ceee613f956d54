package httpapi

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

// Deps is what the HTTP adapter needs. Projects, Bindings, Analyses and
// AdminToken are required; the rest have defaults.
type Deps struct {
	Projects *project.Manager
	Bindings *binding.Manager
	Analyses *analysis.Manager
	// Platforms lists the loaded desks for GET /api/v1/platforms. It may be
	// nil or list nothing while no desk plugin is loaded: the answer is then [].
	Platforms binding.Platforms
	// AdminToken is the bearer token every /api/v1 request must carry. An
	// empty token is refused: an admin API open to anyone is never intended.
	AdminToken string
	// Ready are the checks GET /readyz runs, each with a short timeout.
	Ready []ReadyCheck
	// Logger receives the access log and internal errors. Default: discard.
	Logger *slog.Logger
	// Registry receives the HTTP metrics and is what GET /metrics serves, so
	// the caller may register its own collectors there too. Default: a new,
	// private registry.
	Registry *prometheus.Registry
	// MaxBodyBytes bounds request bodies; larger ones get 413. Default 1 MiB.
	MaxBodyBytes int64
	// Ingest serves the desk webhooks (/webhooks/{platform}); nil: not served.
	Ingest Ingester
	// Installer completes desk installs on /oauth/{platform}/callback.
	Installer binding.Installer
	// Panel serves the desk sidebar panel (/canvas/{platform}/…); nil: not served.
	Panel PanelServer
	// DeadJobs lists and revives dead-lettered jobs; nil: the routes answer 404.
	DeadJobs DeadJobs
	// Sampler serves "test connection" of log sources; nil: the route answers 404.
	Sampler LogSampler
}

// ReadyCheck is one dependency GET /readyz asks. Check returns nil when the
// dependency can serve; its error text is logged, never shown to callers.
type ReadyCheck struct {
	Name  string
	Check func(context.Context) error
}

// Handler serves the hub's HTTP routes. It is an http.Handler; more route
// groups join it through Router.
type Handler struct {
	projects  *project.Manager
	bindings  *binding.Manager
	analyses  *analysis.Manager
	platforms binding.Platforms
	ready     []ReadyCheck
	log       *slog.Logger
	registry  *prometheus.Registry
	metrics   *httpMetrics
	maxBody   int64
	tokenHash [sha256.Size]byte
	ingest    Ingester
	installer binding.Installer
	panel     PanelServer
	dead      DeadJobs
	sampler   LogSampler

	router *mux.Router
	chain  http.Handler
}

// NewHandler checks d and builds the router with the admin API and the
// operational routes.
func NewHandler(d Deps) (*Handler, error) {
	var errs []error
	if d.Projects == nil || d.Bindings == nil || d.Analyses == nil {
		errs = append(errs, errors.New("Projects, Bindings and Analyses managers are required"))
	}
	if d.AdminToken == "" {
		errs = append(errs, errors.New("AdminToken is required"))
	}
	if d.MaxBodyBytes < 0 {
		errs = append(errs, fmt.Errorf("MaxBodyBytes must not be negative (got %d)", d.MaxBodyBytes))
	}
	for i, c := range d.Ready {
		if c.Name == "" || c.Check == nil {
			errs = append(errs, fmt.Errorf("Ready[%d] needs a Name and a Check", i))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("httpapi: %w", err)
	}
	h := &Handler{
		projects: d.Projects, bindings: d.Bindings, analyses: d.Analyses,
		platforms: d.Platforms, ready: d.Ready, log: d.Logger,
		registry: d.Registry, maxBody: d.MaxBodyBytes,
		tokenHash: sha256.Sum256([]byte(d.AdminToken)),
		ingest:    d.Ingest, installer: d.Installer, panel: d.Panel, dead: d.DeadJobs, sampler: d.Sampler,
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.registry == nil {
		h.registry = prometheus.NewRegistry()
	}
	if h.maxBody == 0 {
		h.maxBody = defaultMaxBodyBytes
	}
	metrics, err := newHTTPMetrics(h.registry)
	if err != nil {
		return nil, fmt.Errorf("httpapi: %w", err)
	}
	h.metrics = metrics
	h.routes()
	// Outermost first: every answer, 404 and 405 and recovered panics
	// included, gets an id, security headers, a log line and metrics.
	h.chain = withRequestID(h.observe(secure(h.recoverPanics(h.requireToken(h.router)))))
	return h, nil
}

// Router returns the router, so that later route groups (desk webhooks,
// canvas, OAuth callback, dashboard pages) join the same middleware, error
// format and metrics. Paths under /api/v1 require the admin token whatever
// registers them, and must be documented in openapi.json (a test checks).
func (h *Handler) Router() *mux.Router { return h.router }

// ServeHTTP serves r through the middleware and the router.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.chain.ServeHTTP(w, r) }

// apiFunc is an admin API handler: it answers on success and returns the
// error otherwise, which the adapter renders once, in one format.
type apiFunc func(w http.ResponseWriter, r *http.Request) error

func (h *Handler) handle(fn apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			h.fail(w, r, err)
		}
	}
}

// routes registers the operational routes and the admin API, one line per
// route and method so the table reads like the contract.
func (h *Handler) routes() {
	r := mux.NewRouter()
	r.NotFoundHandler = http.HandlerFunc(h.notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(h.methodNotAllowed)
	r.Use(recordRoute)
	h.router = r

	// HEAD too: some load balancers probe with it.
	r.HandleFunc("/healthz", h.healthz).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/readyz", h.readyz).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/metrics", metricsHandler(h.registry, h.log)).Methods(http.MethodGet)

	// Desk-facing routes: no admin token; each desk request is verified by
	// its plugin against the desk's own signature.
	if h.ingest != nil {
		r.HandleFunc("/webhooks/{platform}", h.webhookURLCheck).Methods(http.MethodHead)
		r.HandleFunc("/webhooks/{platform}", h.handle(h.webhook("events"))).Methods(http.MethodPost)
		r.HandleFunc("/webhooks/{platform}/uninstall", h.handle(h.webhook("uninstall"))).Methods(http.MethodPost)
	}
	if h.panel != nil {
		r.HandleFunc("/canvas/{platform}/initialize", h.handle(h.canvas("initialize"))).Methods(http.MethodPost)
		r.HandleFunc("/canvas/{platform}/submit", h.handle(h.canvas("submit"))).Methods(http.MethodPost)
	}
	r.HandleFunc("/oauth/{platform}/callback", h.oauthCallback).Methods(http.MethodGet)

	api := r.PathPrefix(apiPrefix).Subrouter()
	get, post, patch, del := http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete

	api.HandleFunc("/openapi.json", h.openapi).Methods(get)
	api.HandleFunc("/platforms", h.handle(h.listPlatforms)).Methods(get)

	api.HandleFunc("/projects", h.handle(h.createProject)).Methods(post)
	api.HandleFunc("/projects", h.handle(h.listProjects)).Methods(get)
	api.HandleFunc("/projects/{project_id}", h.handle(h.getProject)).Methods(get)
	api.HandleFunc("/projects/{project_id}", h.handle(h.updateProject)).Methods(patch)
	api.HandleFunc("/projects/{project_id}", h.handle(h.deleteProject)).Methods(del)

	api.HandleFunc("/projects/{project_id}/log-sources", h.handle(h.createLogSource)).Methods(post)
	api.HandleFunc("/projects/{project_id}/log-sources", h.handle(h.listLogSources)).Methods(get)
	api.HandleFunc("/projects/{project_id}/log-sources/{source_id}", h.handle(h.getLogSource)).Methods(get)
	api.HandleFunc("/projects/{project_id}/log-sources/{source_id}", h.handle(h.updateLogSource)).Methods(patch)
	api.HandleFunc("/projects/{project_id}/log-sources/{source_id}", h.handle(h.deleteLogSource)).Methods(del)
	if h.sampler != nil {
		api.HandleFunc("/projects/{project_id}/log-sources/{source_id}/test", h.handle(h.testLogSource)).Methods(post)
	}

	api.HandleFunc("/projects/{project_id}/bindings", h.handle(h.installBinding)).Methods(post)
	api.HandleFunc("/projects/{project_id}/bindings", h.handle(h.listBindings)).Methods(get)
	api.HandleFunc("/bindings/{binding_id}", h.handle(h.getBinding)).Methods(get)
	api.HandleFunc("/bindings/{binding_id}", h.handle(h.configureBinding)).Methods(patch)
	api.HandleFunc("/bindings/{binding_id}/disconnect", h.handle(h.disconnectBinding)).Methods(post)

	api.HandleFunc("/analyses", h.handle(h.listAnalyses)).Methods(get)
	api.HandleFunc("/analyses/{analysis_id}", h.handle(h.getAnalysis)).Methods(get)

	if h.dead != nil {
		api.HandleFunc("/dead-jobs", h.handle(h.listDeadJobs)).Methods(get)
		api.HandleFunc("/dead-jobs/{job_id}/retry", h.handle(h.retryDeadJob)).Methods(post)
	}
}
