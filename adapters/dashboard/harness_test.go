package dashboard_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/dashboard"
	"github.com/sigsentry/hub/adapters/httpapi"
	"github.com/sigsentry/hub/adapters/secretbox"
	"github.com/sigsentry/hub/adapters/sqlitestore"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/pipeline"
	"github.com/sigsentry/hub/core/project"
)

const adminToken = "dashboard-test-token-0123456789"

// site is the dashboard on the real HTTP adapter and SQLite store, served on
// loopback and driven by a client with a cookie jar. Only the desk, the
// dead-letter queue and the log sampler are faked.
type site struct {
	t        *testing.T
	srv      *httptest.Server
	client   *http.Client
	store    *sqlitestore.Store
	projects *project.Manager
	bindings *binding.Manager
	dead     *fakeDead
	clock    *clock
	logs     *bytes.Buffer
}

type siteOption func(*dashboard.Deps)

func newSite(t *testing.T, opts ...siteOption) *site {
	t.Helper()
	ctx := context.Background()
	box, err := secretbox.New(bytes.Repeat([]byte{9}, secretbox.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "hub.db"), box)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	logs := &bytes.Buffer{}
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, nil))
	projects := project.NewManager(store)
	bindings := binding.NewManager(store, projects, fakeDesk{}, log)
	analyses := analysis.NewManager(store)
	api, err := httpapi.NewHandler(httpapi.Deps{Projects: projects, Bindings: bindings, Analyses: analyses,
		AdminToken: adminToken, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{t: t, store: store, projects: projects, bindings: bindings, dead: &fakeDead{},
		clock: &clock{now: time.Now()}, logs: logs}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	deps := dashboard.Deps{Projects: projects, Bindings: bindings, Analyses: analyses,
		Platforms: fakePlatforms{{ID: "intercom", Name: "Intercom", Version: "1.2.0", Status: binding.PlatformRunning}},
		DeadJobs:  s.dead, AdminToken: adminToken, PublicURL: srv.URL, Logger: log, Now: s.clock.Now}
	for _, o := range opts {
		o(&deps)
	}
	d, err := dashboard.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	d.Register(api.Router())
	jar, _ := cookiejar.New(nil)
	s.srv = srv
	s.client = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	return s
}

// page is one answer.
type page struct {
	status   int
	header   http.Header
	body     string
	location string
}

var csrfPattern = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// csrf returns the form token the page carries.
func (p page) csrf(t *testing.T) string {
	t.Helper()
	m := csrfPattern.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("page has no CSRF token:\n%s", p.body)
	}
	return m[1]
}

func (s *site) do(req *http.Request) page {
	s.t.Helper()
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, header: resp.Header, body: string(raw), location: resp.Header.Get("Location")}
}

func (s *site) get(path string) page {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
	return s.do(req)
}

// post sends a form as a browser on the dashboard's own pages would.
func (s *site) post(path string, form url.Values, headers ...string) page {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return s.do(req)
}

// submit opens from, takes its CSRF token and posts form to action.
func (s *site) submit(from, action string, form url.Values) page {
	s.t.Helper()
	p := s.get(from)
	if p.status != http.StatusOK {
		s.t.Fatalf("GET %s: %d\n%s", from, p.status, p.body)
	}
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf_token", p.csrf(s.t))
	return s.post(action, form)
}

// login logs in with the admin token.
func (s *site) login() {
	s.t.Helper()
	p := s.submit("/login", "/login", url.Values{"token": {adminToken}})
	if p.status != http.StatusSeeOther {
		s.t.Fatalf("login: %d\n%s", p.status, p.body)
	}
}

func (s *site) project(name string, services ...project.Service) *project.Project {
	s.t.Helper()
	p, err := s.projects.Create(context.Background(), project.Project{Name: name, Services: services})
	if err != nil {
		s.t.Fatal(err)
	}
	return p
}

// clock is the dashboard's time, moved by tests.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type fakeDesk struct{}

func (fakeDesk) AuthorizeURL(_ context.Context, b *binding.Binding, state string) (string, error) {
	return "https://desk.example/oauth?state=" + state + "&binding=" + b.ID, nil
}

func (fakeDesk) Revoke(context.Context, *binding.Binding) error { return nil }

type fakePlatforms []binding.Platform

func (p fakePlatforms) Platforms(context.Context) []binding.Platform { return p }

// fakeDead is a dead-letter queue in memory.
type fakeDead struct {
	mu      sync.Mutex
	jobs    []pipeline.DeadJob
	revived []string
}

func (f *fakeDead) ListDead(context.Context, core.Page) ([]pipeline.DeadJob, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]pipeline.DeadJob(nil), f.jobs...), "", nil
}

func (f *fakeDead) Revive(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, j := range f.jobs {
		if j.Job.ID == id {
			f.jobs = append(f.jobs[:i], f.jobs[i+1:]...)
			f.revived = append(f.revived, id)
			return nil
		}
	}
	return core.NotFound("dead job", id)
}

func newJar() (http.CookieJar, error) { return cookiejar.New(nil) }

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
