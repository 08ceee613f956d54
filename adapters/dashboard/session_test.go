package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/dashboard"
)

func TestPagesNeedALoginAndComeBackAfterIt(t *testing.T) {
	s := newSite(t)
	p := s.get("/projects?after=x")
	if p.status != http.StatusSeeOther || p.location != "/login?next=%2Fprojects%3Fafter%3Dx" {
		t.Fatalf("logged out: %d to %q", p.status, p.location)
	}
	if p := s.get("/"); p.location != "/login" {
		t.Errorf("/ logged out goes to %q", p.location)
	}
	form := s.get(p.location)
	if form.status != http.StatusOK || !strings.Contains(form.body, `<label for="f-token">Admin token</label>`) {
		t.Fatalf("login page: %d\n%s", form.status, form.body)
	}
	res := s.post("/login", url.Values{"token": {adminToken}, "csrf_token": {form.csrf(t)},
		"next": {"/projects?after=x"}})
	if res.status != http.StatusSeeOther || res.location != "/projects?after=x" {
		t.Fatalf("login: %d to %q\n%s", res.status, res.location, res.body)
	}
	if p := s.get("/"); p.location != "/projects" {
		t.Errorf("/ logged in goes to %q", p.location)
	}
	if p := s.get("/projects"); p.status != http.StatusOK || !strings.Contains(p.body, "No projects yet") {
		t.Errorf("projects after login: %d", p.status)
	}
}

func TestSessionCookieIsHttpOnlyLaxAndExpires(t *testing.T) {
	s := newSite(t)
	form := s.get("/login")
	res := s.post("/login", url.Values{"token": {adminToken}, "csrf_token": {form.csrf(t)}})
	var c *http.Cookie
	for _, k := range (&http.Response{Header: res.header}).Cookies() {
		if k.Name == "sigsentry_session" {
			c = k
		}
	}
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
		t.Fatalf("session cookie over http: %+v", c)
	}
	if c.Value == "" || strings.Contains(c.Value, adminToken) {
		t.Fatal("the cookie must not carry the admin token")
	}
	if p := s.get("/projects"); p.status != http.StatusOK {
		t.Fatalf("with the session: %d", p.status)
	}
	s.clock.advance(dashboard.SessionTTL + time.Second)
	if p := s.get("/projects"); p.status != http.StatusSeeOther {
		t.Errorf("expired session still accepted: %d", p.status)
	}
}

func TestSecureCookieOverHTTPS(t *testing.T) {
	s := newSite(t, func(d *dashboard.Deps) { d.PublicURL = "https://sigsentry.example.com" })
	form := s.get("/login")
	if !strings.Contains(strings.Join(form.header.Values("Set-Cookie"), "\n"), "__Host-sigsentry_login=") {
		t.Errorf("login nonce cookie over https must use the __Host- prefix: %v", form.header.Values("Set-Cookie"))
	}
	for _, line := range form.header.Values("Set-Cookie") {
		if !strings.Contains(line, "Secure") {
			t.Errorf("cookie without Secure over https: %s", line)
		}
	}
}

func TestTamperedOrForeignCookieIsRefused(t *testing.T) {
	s := newSite(t)
	s.login()
	u, _ := url.Parse(s.srv.URL)
	cookies := s.client.Jar.Cookies(u)
	var value string
	for _, c := range cookies {
		if c.Name == "sigsentry_session" {
			value = c.Value
		}
	}
	payload, sig, _ := strings.Cut(value, ".")
	forged := []string{
		payload + "." + strings.Repeat("A", len(sig)),
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA." + sig,
		"garbage",
	}
	for _, v := range forged {
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/projects", nil)
		req.AddCookie(&http.Cookie{Name: "sigsentry_session", Value: v})
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("forged cookie %q accepted: %d", v, resp.StatusCode)
		}
	}
	// A session signed by a hub with another admin token is not valid here.
	other := newSite(t, func(d *dashboard.Deps) { d.AdminToken = "another-admin-token-0123456789" })
	req, _ := http.NewRequest(http.MethodGet, other.srv.URL+"/projects", nil)
	req.AddCookie(&http.Cookie{Name: "sigsentry_session", Value: value})
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a session of another admin token was accepted: %d", resp.StatusCode)
	}
}

func TestLoginFailureSaysWhyAndIsRateLimited(t *testing.T) {
	s := newSite(t)
	for i := 0; i < 5; i++ {
		form := s.get("/login")
		res := s.post("/login", url.Values{"token": {"wrong-token-0123456789"}, "csrf_token": {form.csrf(t)}})
		if res.status != http.StatusUnauthorized || !strings.Contains(res.body, `id="f-token-error"`) ||
			!strings.Contains(res.body, "not the admin token") {
			t.Fatalf("attempt %d: %d\n%s", i, res.status, res.body)
		}
		if strings.Contains(res.header.Get("Set-Cookie"), "sigsentry_session=") {
			t.Fatal("a failed login set a session cookie")
		}
	}
	form := s.get("/login")
	res := s.post("/login", url.Values{"token": {adminToken}, "csrf_token": {form.csrf(t)}})
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") == "" {
		t.Fatalf("sixth attempt within a minute: %d (Retry-After %q)", res.status, res.header.Get("Retry-After"))
	}
	s.clock.advance(time.Minute)
	s.login()
}

func TestNextNeverLeavesTheSite(t *testing.T) {
	s := newSite(t)
	for _, next := range []string{"//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "/login"} {
		form := s.get("/login")
		res := s.post("/login", url.Values{"token": {adminToken}, "csrf_token": {form.csrf(t)}, "next": {next}})
		if res.location != "/projects" {
			t.Errorf("next=%q redirected to %q", next, res.location)
		}
		s.client.Jar, _ = newJar()
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	s := newSite(t)
	s.login()
	res := s.submit("/projects", "/logout", nil)
	if res.status != http.StatusSeeOther || res.location != "/login?done=logged_out" {
		t.Fatalf("logout: %d %q", res.status, res.location)
	}
	if p := s.get("/projects"); p.status != http.StatusSeeOther {
		t.Errorf("after logout: %d", p.status)
	}
}
