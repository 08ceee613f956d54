package httpapi_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// Secrets go in and never come out: not in the answer to the request that
// set them, nor in any later one.
func TestLogSourceSecretsAreNeverAnswered(t *testing.T) {
	h := newHub(t)
	pid := h.createProject("Shop")
	base := "/api/v1/projects/" + pid + "/log-sources"
	const password, apiKey, newToken = "hunter2-secret", "key-abc-secret", "tok-xyz-secret"
	secrets := []string{password, apiKey, newToken}
	var answers []reply

	created := h.do("POST", base, map[string]any{
		"name": "app", "type": "file",
		"config":      map[string]any{"path": "/var/log/app/*.jsonl", "password": password},
		"credentials": map[string]string{"api_key": apiKey},
	}).want(t, http.StatusCreated)
	answers = append(answers, created)
	id := created.str("id")
	if id == "" || created.str("project_id") != pid {
		t.Fatalf("created: %s", created.raw)
	}
	if got := created.json["credentials"]; !reflect.DeepEqual(got, []any{"api_key", "password"}) {
		t.Errorf("credentials = %v, want the names [api_key password]", got)
	}
	if cfg := created.json["config"].(map[string]any); cfg["password"] != nil || cfg["format"] != "json" {
		t.Errorf("config = %v: the password must move out, format default to json", cfg)
	}

	answers = append(answers,
		h.do("GET", base+"/"+id, nil).want(t, http.StatusOK),
		h.do("GET", base, nil).want(t, http.StatusOK),
		h.do("PATCH", base+"/"+id, map[string]any{
			"credentials": map[string]string{"token": newToken, "api_key": ""},
		}).want(t, http.StatusOK),
	)
	patched := answers[len(answers)-1]
	if got := patched.json["credentials"]; !reflect.DeepEqual(got, []any{"password", "token"}) {
		t.Errorf("after patch credentials = %v, want [password token]", got)
	}
	answers = append(answers, h.do("GET", base, nil).want(t, http.StatusOK))

	for _, a := range answers {
		for _, s := range secrets {
			if strings.Contains(a.raw, s) {
				t.Errorf("answer reveals secret %q: %s", s, a.raw)
			}
		}
	}
	if strings.Contains(h.logs.String(), password) {
		t.Error("the log reveals a secret")
	}
	list := answers[2]
	if len(list.items()) != 1 {
		t.Fatalf("list: %s", list.raw)
	}
}

func TestLogSourcePatch(t *testing.T) {
	h := newHub(t)
	pid := h.createProject("Shop")
	base := "/api/v1/projects/" + pid + "/log-sources"
	id := h.do("POST", base, map[string]any{
		"name": "loki", "type": "loki",
		"config": map[string]any{"url": "https://loki.example", "query": `{app="shop"}`},
	}).want(t, http.StatusCreated).str("id")

	r := h.do("PATCH", base+"/"+id, map[string]any{"active": false, "name": "loki-eu"}).want(t, http.StatusOK)
	if r.json["active"] != false || r.str("name") != "loki-eu" || r.str("type") != "loki" {
		t.Fatalf("patched: %s", r.raw)
	}
	if cfg := r.json["config"].(map[string]any); cfg["query"] != `{app="shop"}` {
		t.Fatalf("patch without config changed config: %s", r.raw)
	}

	for _, tc := range []struct {
		name, body, field string
	}{
		{"type cannot change", `{"type":"file"}`, "type"},
		{"config replaced without its url", `{"config":{"query":"x"}}`, "config.url"},
		{"url with credentials", `{"config":{"url":"https://u:p@loki.example","query":"x"}}`, "config.url"},
		{"credential of the wrong type", `{"credentials":{"token":5}}`, "credentials.token"},
		{"unknown credential", `{"credentials":{"pin":"1234"}}`, "credentials.pin"},
		{"active of the wrong type", `{"active":"no"}`, "active"},
		{"config not an object", `{"config":"url=x"}`, "config"},
		{"unknown member", `{"enabled":true}`, "enabled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.do("PATCH", base+"/"+id, tc.body).wantError(t, http.StatusBadRequest, "invalid", tc.field)
		})
	}
	h.do("POST", base, `{"name":"x","type":"syslog"}`).wantError(t, http.StatusBadRequest, "invalid", "type")
	h.do("POST", base, `{"name":"x","type":"file","config":{}}`).wantError(t, http.StatusBadRequest, "invalid", "config.path")
	h.do("POST", base, `{"name":"x","type":"file","config":{"path":"/x","format":"xml"}}`).
		wantError(t, http.StatusBadRequest, "invalid", "config.format")

	h.do("DELETE", base+"/"+id, nil).want(t, http.StatusNoContent)
	h.do("GET", base+"/"+id, nil).wantError(t, http.StatusNotFound, "not_found", "")
}

func TestLogSourcesNotFound(t *testing.T) {
	h := newHub(t)
	pid := h.createProject("Shop")
	other := h.createProject("Other")
	id := h.do("POST", "/api/v1/projects/"+pid+"/log-sources", map[string]any{
		"name": "app", "type": "file", "config": map[string]any{"path": "/x"},
	}).want(t, http.StatusCreated).str("id")

	const missingProject = "/api/v1/projects/prj_00000000000000000000000000/log-sources"
	h.do("GET", missingProject, nil).wantError(t, http.StatusNotFound, "not_found", "")
	h.do("POST", missingProject, `{"name":"app","type":"file","config":{"path":"/x"}}`).
		wantError(t, http.StatusNotFound, "not_found", "")
	missing := "/api/v1/projects/" + pid + "/log-sources/lsrc_00000000000000000000000000"
	h.do("GET", missing, nil).wantError(t, http.StatusNotFound, "not_found", "")
	h.do("PATCH", missing, `{"name":"x"}`).wantError(t, http.StatusNotFound, "not_found", "")
	h.do("DELETE", missing, nil).wantError(t, http.StatusNotFound, "not_found", "")
	// A source is found only through its own project.
	h.do("GET", "/api/v1/projects/"+other+"/log-sources/"+id, nil).wantError(t, http.StatusNotFound, "not_found", "")
}
