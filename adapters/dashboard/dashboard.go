package dashboard

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/pipeline"
	"github.com/sigsentry/hub/core/project"
)

// DeadJobs are the jobs that failed too often. The job queue implements it;
// the binding page lists the ones of its binding and can queue them again.
type DeadJobs interface {
	ListDead(ctx context.Context, page core.Page) ([]pipeline.DeadJob, string, error)
	Revive(ctx context.Context, jobID string) error
}

// SampleLine is one log line a connection test read back.
type SampleLine struct {
	Time    time.Time
	Level   string
	Service string
	Message string
	// Truncated: Message was cut for display.
	Truncated bool
	// Problem says why an analysis would skip this line (no time field, not
	// JSON, …), naming the setting to change; empty when the line is read.
	Problem string
}

// Sampler reads a few recent lines of a log source, so that an admin sees at
// once whether the path, URL, query or credentials are right.
type Sampler interface {
	Sample(ctx context.Context, src *project.LogSource, n int) ([]SampleLine, error)
}

// SamplerFunc adapts a function to Sampler.
type SamplerFunc func(ctx context.Context, src *project.LogSource, n int) ([]SampleLine, error)

// Sample calls f.
func (f SamplerFunc) Sample(ctx context.Context, src *project.LogSource, n int) ([]SampleLine, error) {
	return f(ctx, src, n)
}

// Deps is what the dashboard needs. Projects, Bindings, Analyses, AdminToken
// and PublicURL are required.
type Deps struct {
	Projects *project.Manager
	Bindings *binding.Manager
	Analyses *analysis.Manager
	// Platforms lists the loaded desk plugins for "Connect platform"; nil
	// lists none.
	Platforms binding.Platforms
	// DeadJobs shows a binding's dead-lettered jobs; nil hides the section.
	DeadJobs DeadJobs
	// Sampler runs "Test connection" on log sources; nil says testing is not
	// available in this hub.
	Sampler Sampler
	// AdminToken is what admins log in with. The session and CSRF keys are
	// derived from it, so sessions survive restarts, work across several hub
	// processes sharing the token, and all end when the token changes.
	AdminToken string
	// PublicURL is the hub's external base URL. Cookies are Secure when it
	// is https, and form posts from its origin are accepted behind a proxy
	// that rewrites Host.
	PublicURL string
	// Logger receives internal errors. Default: discard.
	Logger *slog.Logger
	// Now is the clock; default time.Now. Tests move it to expire sessions.
	Now func() time.Time
}

// Dashboard serves the dashboard pages. Build it with New and add its routes
// to a router with Register.
type Dashboard struct {
	projects  *project.Manager
	bindings  *binding.Manager
	analyses  *analysis.Manager
	platforms binding.Platforms
	dead      DeadJobs
	sampler   Sampler
	publicURL string
	log       *slog.Logger
	now       func() time.Time

	sessions *sessions
	limiter  *loginLimiter
	origins  *http.CrossOriginProtection
	pages    map[string]*template.Template
}

// New checks d and parses the embedded templates.
func New(d Deps) (*Dashboard, error) {
	var errs []error
	if d.Projects == nil || d.Bindings == nil || d.Analyses == nil {
		errs = append(errs, errors.New("Projects, Bindings and Analyses managers are required"))
	}
	if len(d.AdminToken) < minTokenLength {
		errs = append(errs, fmt.Errorf("AdminToken must be at least %d characters", minTokenLength))
	}
	pub, err := url.Parse(d.PublicURL)
	if err != nil || (pub.Scheme != "http" && pub.Scheme != "https") || pub.Host == "" {
		errs = append(errs, fmt.Errorf("PublicURL must be an absolute http(s) URL (got %q)", d.PublicURL))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	origins := http.NewCrossOriginProtection()
	if err := origins.AddTrustedOrigin(pub.Scheme + "://" + pub.Host); err != nil {
		return nil, fmt.Errorf("dashboard: trust %s: %w", d.PublicURL, err)
	}
	dash := &Dashboard{
		projects: d.Projects, bindings: d.Bindings, analyses: d.Analyses,
		platforms: d.Platforms, dead: d.DeadJobs, sampler: d.Sampler,
		publicURL: strings.TrimSuffix(d.PublicURL, "/"), log: d.Logger, now: d.Now,
		sessions: newSessions(d.AdminToken, pub.Scheme == "https", d.Now),
		limiter:  newLoginLimiter(d.Now),
		origins:  origins,
	}
	if dash.pages, err = parsePages(dash.funcs()); err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	return dash, nil
}
