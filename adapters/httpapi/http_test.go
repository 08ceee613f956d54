package httpapi_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/sigsentry/hub/adapters/httpapi"
)

// Every /api/v1 route refuses a request without the right bearer token. The
// routes come from walking the router, so a route added later is covered.
func TestEveryAPIRouteNeedsTheAdminToken(t *testing.T) {
	h := newHub(t)
	routes := routesOf(t, h.handler.Router())
	var api int
	for _, route := range routes {
		method, tpl, _ := strings.Cut(route, " ")
		if !strings.HasPrefix(tpl, "/api/v1") {
			continue
		}
		api++
		path := regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(tpl, "x_1")
		for _, tc := range []struct {
			name string
			opt  reqOption
		}{
			{"missing", withoutAuth()},
			{"wrong scheme", withHeader("Authorization", "Basic "+adminToken)},
			{"bare token", withHeader("Authorization", adminToken)},
			{"wrong token", withHeader("Authorization", "Bearer not-the-token")},
			{"token prefix", withHeader("Authorization", "Bearer "+adminToken[:10])},
			{"empty bearer", withHeader("Authorization", "Bearer ")},
		} {
			t.Run(route+"/"+tc.name, func(t *testing.T) {
				r := h.do(method, path, `{}`, tc.opt).wantError(t, http.StatusUnauthorized, "unauthorized", "")
				if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate = %q", r.header.Get("WWW-Authenticate"))
				}
				if strings.Contains(r.raw, "not-the-token") || strings.Contains(r.raw, adminToken[:10]) {
					t.Errorf("the answer repeats the token: %s", r.raw)
				}
			})
		}
	}
	if api < 19 {
		t.Fatalf("walked only %d /api/v1 routes", api)
	}
	// The scheme is case-insensitive (RFC 9110).
	h.do("GET", "/api/v1/projects", nil, withHeader("Authorization", "bearer "+adminToken)).want(t, http.StatusOK)
	// Unknown paths and wrong methods under /api/v1 tell a stranger nothing.
	h.do("GET", "/api/v1/nothing-here", nil, withoutAuth()).want(t, http.StatusUnauthorized)
	h.do("PUT", "/api/v1/projects", nil, withoutAuth()).want(t, http.StatusUnauthorized)
	// The operational routes need no token.
	h.do("GET", "/healthz", nil, withoutAuth()).want(t, http.StatusOK)
}

func TestUnknownRoutesAndMethodsAnswerJSON(t *testing.T) {
	h := newHub(t)
	r := h.do("GET", "/nothing-here", nil).wantError(t, http.StatusNotFound, "not_found", "")
	if r.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("404 Content-Type = %q", r.header.Get("Content-Type"))
	}
	h.do("GET", "/api/v1/nothing-here", nil).wantError(t, http.StatusNotFound, "not_found", "")
	h.do("GET", "/api/v1/projects/x/unknown", nil).wantError(t, http.StatusNotFound, "not_found", "")

	r = h.do("PUT", "/api/v1/projects", `{}`).wantError(t, http.StatusMethodNotAllowed, "method_not_allowed", "")
	if got := r.header.Get("Allow"); got != "GET, POST" {
		t.Errorf("Allow = %q, want GET, POST", got)
	}
	r = h.do("POST", "/api/v1/bindings/bnd_1", `{}`).wantError(t, http.StatusMethodNotAllowed, "method_not_allowed", "")
	if got := r.header.Get("Allow"); got != "GET, PATCH" {
		t.Errorf("Allow = %q, want GET, PATCH", got)
	}
	h.do("DELETE", "/healthz", nil).wantError(t, http.StatusMethodNotAllowed, "method_not_allowed", "")
}

func TestRequestBodiesAreStrict(t *testing.T) {
	h := newHub(t, func(d *httpapi.Deps) { d.MaxBodyBytes = 4 << 10 })
	big := `{"name":"Shop","context":"` + strings.Repeat("x", 5<<10) + `"}`
	for _, tc := range []struct {
		name   string
		body   string
		opt    reqOption
		status int
		code   string
		field  string
	}{
		{"no content type", `{"name":"Shop"}`, withHeader("Content-Type", ""), 415, "unsupported_media_type", ""},
		{"text/plain", `{"name":"Shop"}`, withHeader("Content-Type", "text/plain"), 415, "unsupported_media_type", ""},
		{"form", `name=Shop`, withHeader("Content-Type", "application/x-www-form-urlencoded"), 415, "unsupported_media_type", ""},
		{"latin-1 charset", `{"name":"Shop"}`, withHeader("Content-Type", "application/json; charset=latin1"), 415, "unsupported_media_type", ""},
		{"too large", big, nil, 413, "payload_too_large", ""},
		{"empty", ``, nil, 400, "invalid", ""},
		{"malformed", `{"name":`, nil, 400, "invalid", ""},
		{"syntax error", `{"name" "Shop"}`, nil, 400, "invalid", ""},
		{"trailing object", `{"name":"Shop"} {"name":"Other"}`, nil, 400, "invalid", ""},
		{"trailing garbage", `{"name":"Shop"}xyz`, nil, 400, "invalid", ""},
		{"array", `[{"name":"Shop"}]`, nil, 400, "invalid", ""},
		{"null body", `null`, nil, 400, "invalid", ""},
		{"unknown field", `{"name":"Shop","nmae":"x"}`, nil, 400, "invalid", "nmae"},
		{"wrong type", `{"name":["Shop"]}`, nil, 400, "invalid", "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := []reqOption{}
			if tc.opt != nil {
				opts = append(opts, tc.opt)
			}
			r := h.do("POST", "/api/v1/projects", tc.body, opts...).wantError(t, tc.status, tc.code, tc.field)
			if tc.status == 413 && !strings.Contains(r.errField("message"), "4096 bytes") {
				t.Errorf("413 message should state the limit: %s", r.raw)
			}
		})
	}
	// Relatives of application/json are welcome; so is trailing whitespace.
	h.do("POST", "/api/v1/projects", "{\"name\":\"A\"}\n\n", withHeader("Content-Type", "application/json; charset=UTF-8")).want(t, http.StatusCreated)
	h.do("POST", "/api/v1/projects", `{"name":"B"}`, withHeader("Content-Type", "application/merge-patch+json")).want(t, http.StatusCreated)
	if got := h.do("GET", "/api/v1/projects", nil).want(t, http.StatusOK); len(got.items()) != 2 {
		t.Fatalf("refused bodies created projects: %s", got.raw)
	}
}

func TestDefaultBodyLimitIsOneMebibyte(t *testing.T) {
	h := newHub(t) // MaxBodyBytes left 0
	body := `{"name":"Shop","context":"` + strings.Repeat("x", 1<<20) + `"}`
	h.do("POST", "/api/v1/projects", body).wantError(t, http.StatusRequestEntityTooLarge, "payload_too_large", "")
}

func TestRequestIDIsEchoedAndLogged(t *testing.T) {
	h := newHub(t)
	r := h.do("GET", "/api/v1/projects", nil, withHeader("X-Request-Id", "edge-42.abc")).want(t, http.StatusOK)
	if got := r.header.Get("X-Request-Id"); got != "edge-42.abc" {
		t.Fatalf("X-Request-Id = %q, want the caller's", got)
	}
	generated := h.do("GET", "/healthz", nil, withHeader("X-Request-Id", "bad id\twith spaces")).header.Get("X-Request-Id")
	if generated == "" || strings.ContainsAny(generated, " \t") {
		t.Fatalf("an unsafe incoming id must be replaced, got %q", generated)
	}
	if other := h.do("GET", "/healthz", nil).header.Get("X-Request-Id"); other == "" || other == generated {
		t.Fatalf("each request needs its own id: %q, %q", generated, other)
	}

	var found bool
	for _, rec := range h.logs.lines(t, "http request") {
		if rec["request_id"] == "edge-42.abc" {
			found = true
			if rec["route"] != "/api/v1/projects" || rec["method"] != "GET" || rec["status"] != float64(200) || rec["duration"] == nil {
				t.Errorf("access log line: %v", rec)
			}
		}
	}
	if !found {
		t.Fatalf("no access log line with the request id:\n%s", h.logs.String())
	}
	if strings.Contains(h.logs.String(), adminToken) {
		t.Error("the log holds the admin token")
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := newHub(t)
	for _, path := range []string{"/api/v1/projects", "/healthz", "/nowhere"} {
		r := h.do("GET", path, nil)
		if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: headers %v", path, r.header)
		}
	}
}

func TestPanicsAndInternalErrorsAnswerAGeneric500(t *testing.T) {
	h := newHub(t)
	// Route groups join through Router and get the same middleware.
	h.handler.Router().HandleFunc("/boom", func(http.ResponseWriter, *http.Request) {
		panic("kaboom: db password is hunter2")
	}).Methods(http.MethodGet)
	r := h.do("GET", "/boom", nil, withHeader("X-Request-Id", "req-boom")).wantError(t, http.StatusInternalServerError, "internal", "")
	if strings.Contains(r.raw, "kaboom") || strings.Contains(r.raw, "hunter2") {
		t.Fatalf("the 500 shows the panic: %s", r.raw)
	}
	var logged bool
	for _, rec := range h.logs.lines(t, "handler panicked") {
		logged = logged || (rec["request_id"] == "req-boom" && strings.Contains(rec["panic"].(string), "kaboom"))
	}
	if !logged {
		t.Errorf("the panic was not logged with the request id:\n%s", h.logs.String())
	}
	h.do("GET", "/healthz", nil).want(t, http.StatusOK) // the server lives on

	// A store failure is an internal error: logged, never shown.
	if err := h.store.Close(); err != nil {
		t.Fatal(err)
	}
	r = h.do("GET", "/api/v1/projects", nil, withHeader("X-Request-Id", "req-db")).wantError(t, http.StatusInternalServerError, "internal", "")
	if strings.Contains(strings.ToLower(r.raw), "sql") || strings.Contains(r.raw, "closed") {
		t.Fatalf("the 500 shows the store's error: %s", r.raw)
	}
	var failed bool
	for _, rec := range h.logs.lines(t, "request failed") {
		failed = failed || (rec["request_id"] == "req-db" && rec["error"] != "")
	}
	if !failed {
		t.Errorf("the internal error was not logged with the request id:\n%s", h.logs.String())
	}
}

func TestNewHandlerRefusesIncompleteDeps(t *testing.T) {
	for name, tc := range map[string]struct {
		deps httpapi.Deps
		want string
	}{
		"no managers":      {httpapi.Deps{AdminToken: "t"}, "managers are required"},
		"no token":         {httpapi.Deps{}, "AdminToken is required"},
		"negative limit":   {httpapi.Deps{MaxBodyBytes: -1}, "MaxBodyBytes"},
		"check with no fn": {httpapi.Deps{Ready: []httpapi.ReadyCheck{{Name: "store"}}}, "Ready[0]"},
	} {
		_, err := httpapi.NewHandler(tc.deps)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: NewHandler error = %v, want one saying %q", name, err, tc.want)
		}
	}
}
