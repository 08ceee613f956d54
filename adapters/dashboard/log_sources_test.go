package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/dashboard"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

func TestAddFileSourceAndDeactivateIt(t *testing.T) {
	s := newSite(t)
	s.login()
	p := s.project("Shop")
	form := "/projects/" + p.ID + "/log-sources/new?type=file"
	res := s.submit(form, "/projects/"+p.ID+"/log-sources?type=file", url.Values{
		"name": {"app"}, "config.path": {"/var/log/app/*.jsonl"}, "config.format": {"json"},
		"advanced": {"time_field = ts\nmax_line_bytes = 65536"},
	})
	if res.status != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", res.status, res.body)
	}
	list, _ := s.projects.ListLogSources(context.Background(), p.ID)
	if len(list) != 1 || list[0].Config["path"] != "/var/log/app/*.jsonl" || list[0].Config["time_field"] != "ts" ||
		list[0].Config["max_line_bytes"] != 65536.0 || !list[0].Active {
		t.Fatalf("stored: %+v", list)
	}
	src := list[0]
	if page := s.get("/projects/" + p.ID); !strings.Contains(page.body, "/var/log/app/*.jsonl (json)") {
		t.Error("project page does not list the source")
	}
	res = s.submit("/projects/"+p.ID, "/projects/"+p.ID+"/log-sources/"+src.ID+"/active", url.Values{"active": {"false"}})
	if res.status != http.StatusSeeOther || !strings.Contains(s.get(res.location).body, "Log source deactivated") {
		t.Fatalf("deactivate: %d %q", res.status, res.location)
	}
	got, _ := s.projects.GetLogSource(context.Background(), p.ID, src.ID)
	if got.Active {
		t.Error("source still active")
	}
}

func TestLogSourceErrorsAreShownAtTheirField(t *testing.T) {
	s := newSite(t)
	s.login()
	p := s.project("Shop")
	res := s.submit("/projects/"+p.ID+"/log-sources/new?type=loki", "/projects/"+p.ID+"/log-sources?type=loki",
		url.Values{"name": {"loki"}, "config.url": {"ftp://loki"}, "config.query": {`{app="shop"}`}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="f-config-url-error">Must be an http(s) URL`) {
		t.Fatalf("bad URL: %d\n%s", res.status, res.body)
	}
	res = s.submit("/projects/"+p.ID+"/log-sources/new?type=file", "/projects/"+p.ID+"/log-sources?type=file",
		url.Values{"name": {"app"}, "config.path": {"/x"}, "advanced": {"just words"}})
	if !strings.Contains(res.body, `id="f-advanced-error">Line 1: write key = value`) {
		t.Errorf("bad advanced line:\n%s", res.body)
	}
}

// TestSecretsAreNeverRendered: credentials are write-only, whichever page
// shows the source, and the desk token of a binding never appears.
func TestSecretsAreNeverRendered(t *testing.T) {
	s := newSite(t)
	s.login()
	p := s.project("Shop")
	const secret = "es-api-key-do-not-show-0xC0FFEE"
	res := s.submit("/projects/"+p.ID+"/log-sources/new?type=elastic", "/projects/"+p.ID+"/log-sources?type=elastic",
		url.Values{"name": {"es"}, "config.url": {"https://es.internal:9200"}, "config.index": {"logs-*"},
			"credential_name": {"api_key"}, "credential_value": {secret}, "advanced": {"password = " + secret + "-2"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", res.status, res.body)
	}
	src := mustOneSource(t, s, p.ID)
	if len(src.Credentials) != 2 {
		t.Fatalf("credentials stored: %v", src.CredentialKeys())
	}
	pages := []string{"/projects/" + p.ID, "/projects/" + p.ID + "/log-sources/" + src.ID}
	// A failing save re-renders the form: the secret typed must not come back.
	failed := s.submit(pages[1], pages[1], url.Values{"name": {""}, "config.url": {"https://es.internal:9200"},
		"config.index": {"logs-*"}, "credential_name": {"api_key"}, "credential_value": {secret + "-3"}})
	for _, body := range []string{s.get(pages[0]).body, s.get(pages[1]).body, failed.body} {
		if strings.Contains(body, secret) {
			t.Fatalf("a credential was rendered:\n%s", body)
		}
	}
	if body := s.get(pages[1]).body; !strings.Contains(body, "<code>api_key</code> is set") || !strings.Contains(body, "<code>password</code> is set") {
		t.Error("the form must name the credentials that are set")
	}
	// Removing one keeps the other.
	s.submit(pages[1], pages[1], url.Values{"name": {"es"}, "config.url": {"https://es.internal:9200"},
		"config.index": {"logs-*"}, "remove_credential": {"password"}})
	if got := mustOneSource(t, s, p.ID).CredentialKeys(); len(got) != 1 || got[0] != "api_key" {
		t.Errorf("after removing password: %v", got)
	}
}

func mustOneSource(t *testing.T, s *site, projectID string) *project.LogSource {
	t.Helper()
	list, err := s.projects.ListLogSources(context.Background(), projectID)
	if err != nil || len(list) != 1 {
		t.Fatalf("sources: %v %v", list, err)
	}
	return list[0]
}

func TestTestConnection(t *testing.T) {
	var asked *project.LogSource
	sampler := dashboard.SamplerFunc(func(_ context.Context, src *project.LogSource, n int) ([]dashboard.SampleLine, error) {
		asked = src
		if src.Config["path"] == "/missing/*.log" {
			return nil, &core.Error{Code: core.ErrUnavailable, Field: "config.path", Message: "no file matches /missing/*.log"}
		}
		return []dashboard.SampleLine{
			{Time: time.Date(2026, 3, 10, 14, 5, 0, 0, time.UTC), Level: "error", Service: "checkout", Message: "payment timeout after 3000ms"},
			{Message: "garbage line", Problem: "no time field (looked for ts); set config.time_field"},
		}, nil
	})
	s := newSite(t, func(d *dashboard.Deps) { d.Sampler = sampler })
	s.login()
	p := s.project("Shop")
	ok, err := s.projects.CreateLogSource(context.Background(), p.ID, project.LogSource{Name: "app", Type: "file",
		Config: map[string]any{"path": "/var/log/app.log"}})
	if err != nil {
		t.Fatal(err)
	}
	page := "/projects/" + p.ID + "/log-sources/" + ok.ID
	res := s.submit(page, page+"/test", nil)
	if res.status != http.StatusOK || asked == nil || asked.ID != ok.ID {
		t.Fatalf("test: %d, sampler asked for %+v", res.status, asked)
	}
	for _, want := range []string{"<strong>Connected.</strong> 2 sample lines", "payment timeout after 3000ms",
		"Skipped by analyses: no time field"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("result lacks %q", want)
		}
	}
	bad, _ := s.projects.CreateLogSource(context.Background(), p.ID, project.LogSource{Name: "gone", Type: "file",
		Config: map[string]any{"path": "/missing/*.log"}})
	page = "/projects/" + p.ID + "/log-sources/" + bad.ID
	res = s.submit(page, page+"/test", nil)
	if !strings.Contains(res.body, "<strong>Test failed.</strong>") ||
		!strings.Contains(res.body, `id="f-config-path-error">No file matches /missing/*.log`) {
		t.Errorf("failed test not shown at the field:\n%s", res.body)
	}
}

func TestTestConnectionWithoutASampler(t *testing.T) {
	s := newSite(t)
	s.login()
	p := s.project("Shop")
	src, _ := s.projects.CreateLogSource(context.Background(), p.ID, project.LogSource{Name: "app", Type: "file",
		Config: map[string]any{"path": "/x"}})
	page := s.get("/projects/" + p.ID + "/log-sources/" + src.ID)
	if !strings.Contains(page.body, "Testing is not available in this hub") || strings.Contains(page.body, "/test\"") {
		t.Errorf("without a sampler the page must say testing is unavailable and offer no button")
	}
}
