package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sigsentry/hub/adapters/httpapi"
	"github.com/sigsentry/hub/adapters/logsources"
	"github.com/sigsentry/hub/adapters/secretbox"
	"github.com/sigsentry/hub/adapters/sqlitestore"
	"github.com/sigsentry/hub/adapters/sqlqueue"
	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

const adminToken = "test-admin-token-0123456789"

// hub is the HTTP adapter over the real SQLite store, served on loopback.
// Only the desk is faked: it lives outside the hub's reach.
type hub struct {
	t       *testing.T
	srv     *httptest.Server
	handler *httpapi.Handler
	deps    httpapi.Deps
	store   *sqlitestore.Store
	queue   *sqlqueue.Queue
	desk    *fakeDesk
	logs    *syncBuffer
	spec    *specChecker
}

type httpapiDeps = httpapi.Deps

type hubOption func(*httpapi.Deps)

func newHub(t *testing.T, opts ...hubOption) *hub {
	t.Helper()
	ctx := context.Background()
	box, err := secretbox.New(bytes.Repeat([]byte{7}, secretbox.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "hub.db"), box)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = store.Close() })

	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	desk := &fakeDesk{}
	projects := project.NewManager(store)
	queue, err := sqlqueue.New(store.DB(), sqlstore.SQLite, sqlqueue.Options{})
	if err != nil {
		t.Fatalf("queue: %v", err)
	}
	if _, err := queue.Migrate(ctx); err != nil {
		t.Fatalf("migrate queue: %v", err)
	}
	deps := httpapi.Deps{
		Projects:   projects,
		Bindings:   binding.NewManager(store, projects, desk, log),
		Analyses:   analysis.NewManager(store),
		Platforms:  fakePlatforms{{ID: "intercom", Name: "Intercom", Version: "1.0.0", Status: binding.PlatformRunning}},
		AdminToken: adminToken,
		Ready:      []httpapi.ReadyCheck{{Name: "store", Check: store.Ping}},
		Logger:     log,
		Registry:   prometheus.NewRegistry(),
		DeadJobs:   queue,
		Sampler:    registrySampler{logsources.New(logsources.Options{})},
	}
	for _, o := range opts {
		o(&deps)
	}
	h, err := httpapi.NewHandler(deps)
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &hub{t: t, srv: srv, handler: h, deps: deps, store: store, queue: queue, desk: desk, logs: logs, spec: loadSpec(t)}
}

// reply is one answer, with its body kept raw (for "never contains" checks)
// and decoded (for assertions).
type reply struct {
	status int
	header http.Header
	raw    string
	json   map[string]any
}

// errField returns member key of the error envelope.
func (r reply) errField(key string) string {
	e, _ := r.json["error"].(map[string]any)
	s, _ := e[key].(string)
	return s
}

type reqOption func(*http.Request)

func withHeader(k, v string) reqOption { return func(r *http.Request) { r.Header.Set(k, v) } }
func withoutAuth() reqOption           { return func(r *http.Request) { r.Header.Del("Authorization") } }

// do sends one request as the admin and checks the answer against the
// OpenAPI description. body is sent as is when it is a string, else as JSON.
func (h *hub) do(method, path string, body any, opts ...reqOption) reply {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+adminToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, o := range opts {
		o(req)
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	out := reply{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && method != http.MethodHead {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			h.t.Fatalf("%s %s: answer is not JSON: %v\n%s", method, path, err, raw)
		}
		out.json, _ = v.(map[string]any)
	}
	h.spec.checkResponse(h.t, req, resp, raw)
	return out
}

// want fails the test unless the answer has the status.
func (r reply) want(t *testing.T, status int) reply {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body: %s", r.status, status, r.raw)
	}
	return r
}

// wantError fails the test unless the answer is the contract's error
// envelope with status, code and (when not "") field.
func (r reply) wantError(t *testing.T, status int, code, field string) reply {
	t.Helper()
	r.want(t, status)
	if got := r.errField("code"); got != code {
		t.Errorf("error code %q, want %q; body: %s", got, code, r.raw)
	}
	if got := r.errField("field"); got != field {
		t.Errorf("error field %q, want %q; body: %s", got, field, r.raw)
	}
	if r.errField("message") == "" {
		t.Errorf("error without a message: %s", r.raw)
	}
	return r
}

func (r reply) str(key string) string {
	s, _ := r.json[key].(string)
	return s
}

func (r reply) items() []any {
	items, _ := r.json["items"].([]any)
	return items
}

// createProject creates a project and returns its id.
func (h *hub) createProject(name string) string {
	h.t.Helper()
	r := h.do("POST", "/api/v1/projects", map[string]any{
		"name": name, "services": []any{map[string]any{"name": "checkout", "aliases": []string{"payment"}}},
	}).want(h.t, http.StatusCreated)
	return r.str("id")
}

// fakeDesk stands in for a desk plugin: it hands out an authorize link and
// records revocations.
type fakeDesk struct {
	mu      sync.Mutex
	revoked []string
}

func (d *fakeDesk) AuthorizeURL(_ context.Context, b *binding.Binding, state string) (string, error) {
	return "https://desk.example/oauth/authorize?client_id=sigsentry&state=" + state + "&binding=" + b.ID, nil
}

func (d *fakeDesk) Revoke(_ context.Context, b *binding.Binding) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.revoked = append(d.revoked, b.ID)
	return nil
}

func (d *fakeDesk) revocations() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.revoked...)
}

type fakePlatforms []binding.Platform

func (p fakePlatforms) Platforms(context.Context) []binding.Platform { return p }

// syncBuffer collects log output written from many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// lines returns the JSON log records whose msg is msg.
func (b *syncBuffer) lines(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		var rec map[string]any
		if line == "" {
			continue
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// registrySampler serves "test connection" with the real log source readers.
type registrySampler struct{ reg *logsources.Registry }

func (r registrySampler) SampleLines(ctx context.Context, s *project.LogSource, n int) ([]httpapi.SampleLine, error) {
	lines, err := r.reg.Sample(ctx, s, n)
	out := make([]httpapi.SampleLine, len(lines))
	for i, l := range lines {
		out[i] = httpapi.SampleLine(l)
	}
	return out, err
}
