package httpapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/httpapi"
)

func TestHealthz(t *testing.T) {
	h := newHub(t)
	r := h.do("GET", "/healthz", nil, withoutAuth()).want(t, http.StatusOK)
	if r.raw != "{\"status\":\"ok\"}\n" {
		t.Fatalf("healthz: %q", r.raw)
	}
}

func TestReadyzPassesWhenEveryCheckPasses(t *testing.T) {
	h := newHub(t, func(d *httpapi.Deps) {
		d.Ready = append(d.Ready, httpapi.ReadyCheck{Name: "queue", Check: func(context.Context) error { return nil }})
	})
	r := h.do("GET", "/readyz", nil, withoutAuth()).want(t, http.StatusOK)
	checks := r.json["checks"].(map[string]any)
	if r.str("status") != "ready" || checks["store"] != "ok" || checks["queue"] != "ok" {
		t.Fatalf("readyz: %s", r.raw)
	}
}

func TestReadyzFailsNamingTheFailingChecks(t *testing.T) {
	h := newHub(t, func(d *httpapi.Deps) {
		d.Ready = append(d.Ready,
			httpapi.ReadyCheck{Name: "queue", Check: func(context.Context) error {
				return errors.New("dial redis://admin:pw@10.0.0.7:6379: refused")
			}},
			httpapi.ReadyCheck{Name: "plugins", Check: func(context.Context) error { panic("plugin host bug") }},
		)
	})
	r := h.do("GET", "/readyz", nil, withoutAuth()).wantError(t, http.StatusServiceUnavailable, "unavailable", "")
	checks := r.json["checks"].(map[string]any)
	if r.str("status") != "not_ready" || checks["store"] != "ok" || checks["queue"] != "failed" || checks["plugins"] != "failed" {
		t.Fatalf("readyz: %s", r.raw)
	}
	if msg := r.errField("message"); !strings.Contains(msg, "plugins, queue") {
		t.Errorf("message %q should name the failing checks", msg)
	}
	if strings.Contains(r.raw, "10.0.0.7") || strings.Contains(r.raw, "pw@") {
		t.Errorf("readyz shows a check's error to anyone: %s", r.raw)
	}
	if !strings.Contains(h.logs.String(), "10.0.0.7") {
		t.Error("the check's error belongs in the log")
	}
}

func TestReadyzTimesOutAHangingCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the readiness timeout")
	}
	release := make(chan struct{})
	defer close(release)
	h := newHub(t, func(d *httpapi.Deps) {
		d.Ready = append(d.Ready,
			// Honours its context.
			httpapi.ReadyCheck{Name: "slow", Check: func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }},
			// Ignores it: the probe must answer all the same.
			httpapi.ReadyCheck{Name: "stuck", Check: func(context.Context) error { <-release; return nil }},
		)
	})
	start := time.Now()
	r := h.do("GET", "/readyz", nil, withoutAuth()).want(t, http.StatusServiceUnavailable)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("readyz took %v", took)
	}
	checks := r.json["checks"].(map[string]any)
	if checks["slow"] != "timeout" || checks["stuck"] != "timeout" || checks["store"] != "ok" {
		t.Fatalf("readyz: %s", r.raw)
	}
}

func TestMetricsCountRequestsByRouteTemplate(t *testing.T) {
	h := newHub(t)
	pid := h.createProject("Shop")
	h.do("GET", "/api/v1/projects/"+pid, nil).want(t, http.StatusOK)
	h.do("GET", "/healthz", nil).want(t, http.StatusOK)
	h.do("GET", "/no/such/path/"+pid, nil).want(t, http.StatusNotFound)
	h.do("PUT", "/api/v1/projects/"+pid, `{}`).want(t, http.StatusMethodNotAllowed)

	resp, err := http.Get(h.srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	text := string(body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("metrics: %d %s", resp.StatusCode, text)
	}
	for _, want := range []string{
		`sigsentry_http_requests_total{code="200",method="GET",route="/healthz"} 1`,
		`sigsentry_http_requests_total{code="201",method="POST",route="/api/v1/projects"} 1`,
		`sigsentry_http_requests_total{code="200",method="GET",route="/api/v1/projects/{project_id}"} 1`,
		`sigsentry_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`sigsentry_http_requests_total{code="405",method="PUT",route="/api/v1/projects/{project_id}"} 1`,
		`sigsentry_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"} 1`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(text, pid) {
		t.Error("a raw path (with an id) became a label: the series would grow without bound")
	}
}

func TestTwoHandlersShareOneRegistry(t *testing.T) {
	h := newHub(t)
	reg := h.deps.Registry
	for range 2 {
		if _, err := httpapi.NewHandler(httpapi.Deps{
			Projects: h.deps.Projects, Bindings: h.deps.Bindings, Analyses: h.deps.Analyses,
			AdminToken: adminToken, Registry: reg,
		}); err != nil {
			t.Fatalf("second handler on one registry: %v", err)
		}
	}
}

func TestProbesAcceptHEAD(t *testing.T) {
	h := newHub(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		if r := h.do("HEAD", path, nil, withoutAuth()); r.status != http.StatusOK || r.raw != "" {
			t.Errorf("HEAD %s: %d %q", path, r.status, r.raw)
		}
	}
}
