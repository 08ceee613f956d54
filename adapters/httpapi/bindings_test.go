package httpapi_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/core/binding"
)

func TestBindingInstall(t *testing.T) {
	h := newHub(t)
	pid := h.createProject("Shop")
	r := h.do("POST", "/api/v1/projects/"+pid+"/bindings", `{"platform":"intercom"}`).want(t, http.StatusCreated)
	id := r.str("id")
	if !strings.HasPrefix(id, "bnd_") || r.str("status") != "pending" || r.str("project_id") != pid || r.str("platform") != "intercom" {
		t.Fatalf("installed binding: %s", r.raw)
	}
	u, err := url.Parse(r.str("authorize_url"))
	if err != nil || u.Host != "desk.example" || u.Query().Get("state") == "" {
		t.Fatalf("authorize_url %q is not the desk's link with a state", r.str("authorize_url"))
	}
	if r.str("hint") == "" {
		t.Error("a pending binding answers a hint telling the admin to open the link")
	}
	cfg := r.json["config"].(map[string]any)
	if cfg["posting_mode"] != "internal" || cfg["time_buffer_hours"] != float64(2) {
		t.Errorf("a new binding has the default config, got %v", cfg)
	}

	got := h.do("GET", "/api/v1/bindings/"+id, nil).want(t, http.StatusOK)
	if got.str("status") != "pending" || got.str("hint") == "" || got.json["authorize_url"] != nil {
		t.Fatalf("got binding: %s", got.raw)
	}
	list := h.do("GET", "/api/v1/projects/"+pid+"/bindings", nil).want(t, http.StatusOK)
	if len(list.items()) != 1 {
		t.Fatalf("list: %s", list.raw)
	}

	h.do("POST", "/api/v1/projects/"+pid+"/bindings", `{}`).wantError(t, http.StatusBadRequest, "invalid", "platform")
	h.do("POST", "/api/v1/projects/"+pid+"/bindings", `{"platform":"intercom","workspace_id":"w"}`).
		wantError(t, http.StatusBadRequest, "invalid", "workspace_id")
}

func TestBindingConfigurePatchesOnlyWhatIsPresent(t *testing.T) {
	h := newHub(t)
	pid := h.createProject("Shop")
	id := h.do("POST", "/api/v1/projects/"+pid+"/bindings", `{"platform":"intercom"}`).want(t, http.StatusCreated).str("id")
	path := "/api/v1/bindings/" + id
	config := func(r reply) map[string]any { return r.json["config"].(map[string]any) }

	r := h.do("PATCH", path, `{"config":{"posting_mode":"both"}}`).want(t, http.StatusOK)
	if c := config(r); c["posting_mode"] != "both" || c["time_buffer_hours"] != float64(2) ||
		c["public_reply_template"] != binding.DefaultPublicReplyTemplate || c["auto_analyze_threshold"] != "high" {
		t.Fatalf("posting_mode patch: %v", c)
	}
	r = h.do("PATCH", path, `{"config":{"time_buffer_hours":6,"attribute_mapping":{"severity":"sev"}}}`).want(t, http.StatusOK)
	c := config(r)
	if c["posting_mode"] != "both" || c["time_buffer_hours"] != float64(6) {
		t.Fatalf("second patch lost the first: %v", c)
	}
	if m := c["attribute_mapping"].(map[string]any); len(m) != 1 || m["severity"] != "sev" {
		t.Fatalf("attribute_mapping replaces the whole mapping: %v", m)
	}
	r = h.do("PATCH", path, `{"config":{"public_reply_template":"We are on it ({{.Severity}})."}}`).want(t, http.StatusOK)
	if config(r)["public_reply_template"] != "We are on it ({{.Severity}})." {
		t.Fatalf("template patch: %s", r.raw)
	}
	h.do("PATCH", path, `{}`).want(t, http.StatusOK) // nothing to change is not an error

	for _, tc := range []struct{ name, body, field string }{
		{"unknown posting mode", `{"config":{"posting_mode":"loud"}}`, "config.posting_mode"},
		{"template that does not parse", `{"config":{"public_reply_template":"Hi {{.Severity"}}`, "config.public_reply_template"},
		{"template with a misspelt field", `{"config":{"public_reply_template":"Hi {{.Sevrity}}"}}`, "config.public_reply_template"},
		{"buffer out of range", `{"config":{"time_buffer_hours":48}}`, "config.time_buffer_hours"},
		{"buffer not an integer", `{"config":{"time_buffer_hours":2.5}}`, "config.time_buffer_hours"},
		{"buffer as a string", `{"config":{"time_buffer_hours":"2"}}`, "config.time_buffer_hours"},
		{"threshold", `{"config":{"auto_analyze_threshold":"sometimes"}}`, "config.auto_analyze_threshold"},
		{"unknown config key", `{"config":{"postingmode":"public"}}`, "config.postingmode"},
		{"unmappable field", `{"config":{"attribute_mapping":{"customer_mood":"mood"}}}`, "config.attribute_mapping.customer_mood"},
		{"mapping value of the wrong type", `{"config":{"attribute_mapping":{"severity":1}}}`, "config.attribute_mapping.severity"},
		{"null setting", `{"config":{"posting_mode":null}}`, "config.posting_mode"},
		{"config not an object", `{"config":"public"}`, "config"},
		{"status is not configurable", `{"status":"active"}`, "status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.do("PATCH", path, tc.body).wantError(t, http.StatusBadRequest, "invalid", tc.field)
		})
	}
	// The refused patches left the configuration alone.
	c = config(h.do("GET", path, nil).want(t, http.StatusOK))
	if c["posting_mode"] != "both" || c["time_buffer_hours"] != float64(6) {
		t.Fatalf("a refused patch changed the config: %v", c)
	}
}

func TestBindingDisconnectRevokesAndNeverShowsTheToken(t *testing.T) {
	h := newHub(t)
	ctx := context.Background()
	pid := h.createProject("Shop")
	id := h.do("POST", "/api/v1/projects/"+pid+"/bindings", `{"platform":"intercom"}`).want(t, http.StatusCreated).str("id")

	// Finish the install as the OAuth callback would.
	b, err := h.store.GetBinding(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	const accessToken = "desk-access-token-secret"
	b.Status, b.WorkspaceID = binding.StatusActive, "ws_1"
	b.Token = &binding.Token{AccessToken: accessToken, TokenType: "Bearer", RefreshToken: "refresh-secret"}
	b.Desk = map[string]string{"region": "eu"}
	b.UpdatedAt = time.Now().UTC()
	if err := h.store.UpdateBinding(ctx, b); err != nil {
		t.Fatal(err)
	}
	active := h.do("GET", "/api/v1/bindings/"+id, nil).want(t, http.StatusOK)
	if active.str("status") != "active" || active.str("workspace_id") != "ws_1" || active.json["hint"] != nil {
		t.Fatalf("active binding: %s", active.raw)
	}

	r := h.do("POST", "/api/v1/bindings/"+id+"/disconnect", nil).want(t, http.StatusOK)
	if r.str("status") != "inactive" || r.str("hint") == "" || r.str("status_reason") == "" {
		t.Fatalf("disconnected binding: %s", r.raw)
	}
	if got := h.desk.revocations(); len(got) != 1 || got[0] != id {
		t.Errorf("revocations = %v, want [%s]", got, id)
	}
	list := h.do("GET", "/api/v1/projects/"+pid+"/bindings", nil).want(t, http.StatusOK)
	for _, a := range []reply{active, r, list} {
		if strings.Contains(a.raw, accessToken) || strings.Contains(a.raw, "refresh-secret") || strings.Contains(a.raw, "access_token") {
			t.Errorf("answer shows the OAuth token: %s", a.raw)
		}
	}
}

func TestBindingsNotFound(t *testing.T) {
	h := newHub(t)
	const missing = "/api/v1/bindings/bnd_00000000000000000000000000"
	h.do("GET", missing, nil).wantError(t, http.StatusNotFound, "not_found", "")
	h.do("PATCH", missing, `{"config":{"posting_mode":"public"}}`).wantError(t, http.StatusNotFound, "not_found", "")
	h.do("POST", missing+"/disconnect", nil).wantError(t, http.StatusNotFound, "not_found", "")
	const missingProject = "/api/v1/projects/prj_00000000000000000000000000/bindings"
	h.do("GET", missingProject, nil).wantError(t, http.StatusNotFound, "not_found", "")
	h.do("POST", missingProject, `{"platform":"intercom"}`).wantError(t, http.StatusNotFound, "not_found", "")
}

func TestPlatforms(t *testing.T) {
	h := newHub(t)
	r := h.do("GET", "/api/v1/platforms", nil).want(t, http.StatusOK)
	if !strings.HasPrefix(r.raw, `[{"id":"intercom","name":"Intercom","version":"1.0.0","status":"running"}]`) {
		t.Fatalf("platforms: %s", r.raw)
	}
	none := newHub(t, func(d *httpapiDeps) { d.Platforms = nil })
	if r := none.do("GET", "/api/v1/platforms", nil).want(t, http.StatusOK); r.raw != "[]\n" {
		t.Fatalf("no platforms must answer [], got %q", r.raw)
	}
	empty := newHub(t, func(d *httpapiDeps) { d.Platforms = fakePlatforms{} })
	if r := empty.do("GET", "/api/v1/platforms", nil).want(t, http.StatusOK); r.raw != "[]\n" {
		t.Fatalf("an empty platform list must answer [], got %q", r.raw)
	}
}
