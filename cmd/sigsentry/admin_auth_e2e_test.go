package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestAdminTokenRotation restarts one hub (same data directory) three times
// under a new admin credential: first the token it generated itself, then
// SIGSENTRY_ADMIN_TOKEN, then another SIGSENTRY_ADMIN_TOKEN. After each
// rotation the admin API refuses the previous token with 401 and accepts the
// new one, and the dashboard ends the sessions logged in with the previous
// token (their cookies are signed with a key derived from it) and refuses
// it at the login form. Missing, malformed and wrong credentials are
// refused all along, on known routes and unknown ones alike.
func TestAdminTokenRotation(t *testing.T) {
	data := t.TempDir()
	h := startHub(t, data)
	m := tokenLine.FindStringSubmatch(h.stdout.String())
	if m == nil {
		t.Fatalf("the first start must print the generated admin token; stdout: %q", h.stdout)
	}
	generated := m[1]
	refusesBadCredentials(t, h, generated)
	code, p := h.do("POST", "/api/v1/projects", generated, `{"name":"Rotation shop"}`)
	if code != 201 {
		t.Fatalf("create project with the generated token: %d %v", code, p)
	}
	projectID := p["id"].(string)
	browser := newDashboardClient(t, h.base)
	browser.login(generated)
	if code, _ := browser.get("/projects"); code != http.StatusOK {
		t.Fatalf("dashboard with a fresh session: %d", code)
	}
	oldCookie := browser.sessionCookie()

	prev := generated
	for i, next := range []string{"rotated-admin-token-0123456789abcdef", "rotated-again-admin-token-9876543210"} {
		h.stop()
		h = startHub(t, data, "SIGSENTRY_ADMIN_TOKEN="+next)

		// The API: the previous token is refused, the new one works and
		// sees the same data.
		for _, route := range []struct{ method, path, body string }{
			{"GET", "/api/v1/projects", ""},
			{"GET", "/api/v1/projects/" + projectID, ""},
			{"POST", "/api/v1/projects", `{"name":"Created with a rotated token"}`},
		} {
			code, body := h.do(route.method, route.path, prev, route.body)
			if code != http.StatusUnauthorized || errorCode(body) != "unauthorized" {
				t.Errorf("rotation %d: %s %s with the previous token: %d %v, want 401 unauthorized", i+1, route.method, route.path, code, body)
			}
		}
		if code, got := h.do("GET", "/api/v1/projects/"+projectID, next, ""); code != 200 || got["name"] != "Rotation shop" {
			t.Errorf("rotation %d: the new token reads the project: %d %v", i+1, code, got)
		}
		refusesBadCredentials(t, h, next)

		// The dashboard: the session of the previous token has ended, for
		// pages and forms, and its token no longer logs in.
		stale := newDashboardClient(t, h.base)
		stale.setSessionCookie(oldCookie)
		if code, loc := stale.get("/projects"); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("rotation %d: page with the previous token's session: %d %q, want 303 to /login", i+1, code, loc)
		}
		if code, loc := stale.post("/projects", url.Values{"name": {"Posted with an old session"}, "csrf_token": {browser.csrf}}); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("rotation %d: form with the previous token's session: %d %q, want 303 to /login", i+1, code, loc)
		}
		if code := newDashboardClient(t, h.base).tryLogin(prev); code != http.StatusUnauthorized {
			t.Errorf("rotation %d: dashboard login with the previous token: %d, want 401", i+1, code)
		}
		browser = newDashboardClient(t, h.base)
		browser.login(next)
		if code, _ := browser.get("/projects"); code != http.StatusOK {
			t.Errorf("rotation %d: dashboard with a session of the new token: %d", i+1, code)
		}
		oldCookie, prev = browser.sessionCookie(), next
	}
	// Nothing the refused requests sent was written.
	code, list := h.do("GET", "/api/v1/projects", prev, "")
	items, _ := list["items"].([]any)
	if code != 200 || len(items) != 1 {
		t.Errorf("projects after the rotations: %d %v, want only the one created with a valid token", code, list)
	}
	h.stop()
}

// refusesBadCredentials checks that the admin API answers 401 to a request
// without credentials, with another scheme, with an empty, a wrong or an
// almost right token, on a route and on a path no route has, and 200 to
// the right token.
func refusesBadCredentials(t *testing.T, h *hub, token string) {
	t.Helper()
	for _, header := range []string{
		"", "Basic " + token, "Bearer", "Bearer ", "Bearer wrong-admin-token-0123456789",
		"Bearer " + token[:len(token)-1], "Bearer " + token + "x", token,
	} {
		for _, path := range []string{"/api/v1/projects", "/api/v1/no-such-route"} {
			req, _ := http.NewRequest("GET", h.base+path, nil)
			if header != "" {
				req.Header.Set("Authorization", header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("GET %s with Authorization %q: %d, want 401", path, header, resp.StatusCode)
			}
		}
	}
	if code, body := h.do("GET", "/api/v1/projects", token, ""); code != 200 {
		t.Errorf("GET /api/v1/projects with the admin token: %d %v", code, body)
	}
}

func errorCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// dashboardClient is a browser without JavaScript: a cookie jar, no
// automatic redirects, same-origin form posts.
type dashboardClient struct {
	t      *testing.T
	base   *url.URL
	client *http.Client
	csrf   string // the CSRF token of the last page that had one
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func newDashboardClient(t *testing.T, base string) *dashboardClient {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	return &dashboardClient{t: t, base: u, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *dashboardClient) do(req *http.Request) (int, string) {
	c.t.Helper()
	resp, err := c.client.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if m := csrfField.FindSubmatch(raw); m != nil {
		c.csrf = string(m[1])
	}
	return resp.StatusCode, resp.Header.Get("Location")
}

// get returns the status and the Location of a redirect.
func (c *dashboardClient) get(path string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base.String()+path, nil)
	return c.do(req)
}

func (c *dashboardClient) post(path string, form url.Values) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base.String()+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// tryLogin fills in the login form with token and returns the status.
func (c *dashboardClient) tryLogin(token string) int {
	c.t.Helper()
	if code, _ := c.get("/login"); code != http.StatusOK || c.csrf == "" {
		c.t.Fatalf("login form: %d (CSRF token %q)", code, c.csrf)
	}
	code, _ := c.post("/login", url.Values{"token": {token}, "csrf_token": {c.csrf}})
	return code
}

func (c *dashboardClient) login(token string) {
	c.t.Helper()
	if code := c.tryLogin(token); code != http.StatusSeeOther || c.sessionCookie() == nil {
		c.t.Fatalf("dashboard login: %d, session cookie %v", code, c.sessionCookie())
	}
	// A page of the session, for its forms' CSRF token.
	if code, _ := c.get("/projects"); code != http.StatusOK {
		c.t.Fatalf("dashboard after login: %d", code)
	}
}

func (c *dashboardClient) sessionCookie() *http.Cookie {
	for _, ck := range c.client.Jar.Cookies(c.base) {
		if ck.Name == "sigsentry_session" {
			return ck
		}
	}
	return nil
}

func (c *dashboardClient) setSessionCookie(ck *http.Cookie) {
	c.client.Jar.SetCookies(c.base, []*http.Cookie{{Name: ck.Name, Value: ck.Value, Path: "/"}})
}
