package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sigsentry/hub/core"
)

// projectCount is how many projects the store holds.
func (s *site) projectCount() int {
	s.t.Helper()
	list, _, err := s.projects.List(context.Background(), core.Page{})
	if err != nil {
		s.t.Fatal(err)
	}
	return len(list)
}

func TestFormsWithoutTheSessionsTokenAreRefused(t *testing.T) {
	s := newSite(t)
	s.login()
	good := s.get("/projects/new").csrf(t)
	cases := map[string]page{
		"no token": s.post("/projects", url.Values{"name": {"Shop"}}),
		"wrong token": s.post("/projects", url.Values{"name": {"Shop"},
			"csrf_token": {strings.Repeat("A", len(good))}}),
		"token from a cross-site page": s.post("/projects", url.Values{"name": {"Shop"}, "csrf_token": {good}},
			"Sec-Fetch-Site", "cross-site"),
		"foreign Origin (older browser)": s.post("/projects", url.Values{"name": {"Shop"}, "csrf_token": {good}},
			"Sec-Fetch-Site", "", "Origin", "https://evil.example"),
	}
	for name, p := range cases {
		if p.status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, p.status)
		}
		if !strings.Contains(p.body, "<h1>Form") {
			t.Errorf("%s: no explanation page:\n%s", name, p.body)
		}
	}
	if n := s.projectCount(); n != 0 {
		t.Fatalf("%d projects created by refused forms", n)
	}
	// The real form works.
	if p := s.post("/projects", url.Values{"name": {"Shop"}, "csrf_token": {good}, "service_rows": {"0"}}); p.status != http.StatusSeeOther {
		t.Fatalf("genuine form: %d\n%s", p.status, p.body)
	}
}

func TestTokenOfAnotherSessionIsRefused(t *testing.T) {
	s := newSite(t)
	s.login()
	mine := s.get("/projects/new").csrf(t)
	s.client.Jar, _ = newJar()
	s.login() // a second session: its token differs
	if p := s.post("/projects", url.Values{"name": {"Shop"}, "csrf_token": {mine}}); p.status != http.StatusForbidden {
		t.Fatalf("token of the previous session: %d", p.status)
	}
}

func TestLoginFormNeedsItsNonce(t *testing.T) {
	s := newSite(t)
	token := s.get("/login").csrf(t)
	s.client.Jar, _ = newJar() // the nonce cookie is gone: another browser, or a forged form
	p := s.post("/login", url.Values{"token": {adminToken}, "csrf_token": {token}})
	if p.status != http.StatusForbidden || strings.Contains(p.header.Get("Set-Cookie"), "sigsentry_session=") {
		t.Fatalf("login without the nonce cookie: %d", p.status)
	}
}

func TestFormAfterTheSessionEndedAsksToLogIn(t *testing.T) {
	s := newSite(t)
	token := func() string { s.login(); return s.get("/projects/new").csrf(t) }()
	s.client.Jar, _ = newJar()
	p := s.post("/projects", url.Values{"name": {"Shop"}, "csrf_token": {token}})
	if p.status != http.StatusSeeOther || p.location != "/login?expired=1" {
		t.Fatalf("form without a session: %d %q", p.status, p.location)
	}
	if !strings.Contains(s.get(p.location).body, "Your session has ended") {
		t.Error("the login page does not say why")
	}
}
