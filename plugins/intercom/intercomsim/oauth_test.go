package intercomsim

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// authorizeURL is what a hub sends the admin's browser to.
func authorizeURL(f *fixture, redirect string) string {
	q := url.Values{"client_id": {f.sim.Options().ClientID}, "state": {"st/ate+1"}, "redirect_uri": {redirect}}
	return f.srv.URL + "/oauth?" + q.Encode()
}

// exchange posts the token request form-encoded, as the docs' Ruby sample does.
func exchange(t *testing.T, f *fixture, code, secret string) (*http.Response, []byte) {
	t.Helper()
	form := url.Values{"code": {code}, "client_id": {f.sim.Options().ClientID}, "client_secret": {secret}}
	return f.raw(t, http.MethodPost, "/auth/eagle/token",
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, []byte(form.Encode()))
}

func TestOAuthInstallFlow(t *testing.T) {
	f := newFixture(t, Options{RedirectURLs: []string{"https://hub.example/oauth/intercom/callback"}})
	cb, err := f.sim.Authorize(authorizeURL(f, "https://hub.example/oauth/intercom/callback"))
	if err != nil {
		t.Fatal(err)
	}
	// The "=" ending the code is written literally, as FACTS §2 warns; url.Query keeps it.
	raw := strings.SplitN(cb, "?", 2)[1]
	if !strings.Contains(raw, "=&state=") {
		t.Fatalf("callback %q: the code's trailing '=' is not literal", cb)
	}
	u, _ := url.Parse(cb)
	code := u.Query().Get("code")
	if !strings.HasSuffix(code, "=") || u.Query().Get("state") != "st/ate+1" || u.Host != "hub.example" {
		t.Fatalf("callback %q", cb)
	}

	t.Run("code without its trailing =", func(t *testing.T) {
		resp, body := exchange(t, f, strings.TrimRight(code, "="), f.sim.Options().ClientSecret)
		wantError(t, resp, body, http.StatusUnauthorized, codeUnauthorized, msgUnauthorizedCode)
	})
	t.Run("wrong client secret", func(t *testing.T) {
		resp, body := exchange(t, f, code, "not-the-secret")
		wantError(t, resp, body, http.StatusUnauthorized, codeUnauthorized, msgUnauthorizedCode)
	})

	resp, body := exchange(t, f, code, f.sim.Options().ClientSecret)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("exchange: %d %s", resp.StatusCode, body)
	}
	var tok tokenResponse
	if err := json.Unmarshal(body, &tok); err != nil {
		t.Fatal(err)
	}
	if tok.TokenType != "Bearer" || tok.Token == "" || tok.Token != tok.AccessToken || !strings.HasPrefix(tok.Token, "dG9rO") {
		t.Fatalf("token response %s", body)
	}

	t.Run("code is single use", func(t *testing.T) {
		resp, body := exchange(t, f, code, f.sim.Options().ClientSecret)
		wantError(t, resp, body, http.StatusUnauthorized, codeUnauthorized, msgUnauthorizedCode)
	})

	f.token = tok.Token
	resp, body = f.do(t, http.MethodGet, "/me", nil)
	if resp.StatusCode != http.StatusOK || decode(t, body)["id"] != f.ws.Admins[0].ID {
		t.Fatalf("/me with the new token: %d %s", resp.StatusCode, body)
	}
	noViolations(t, f.sim)
}

func TestTokenExchangeAcceptsJSON(t *testing.T) {
	f := newFixture(t, Options{})
	cb, err := f.sim.Authorize(authorizeURL(f, "https://hub.example/cb"))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(cb)
	o := f.sim.Options()
	resp, body := f.raw(t, http.MethodPost, "/auth/eagle/token", http.Header{},
		map[string]string{"code": u.Query().Get("code"), "client_id": o.ClientID, "client_secret": o.ClientSecret})
	if resp.StatusCode != http.StatusOK || decode(t, body)["token_type"] != "Bearer" {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
}

func TestAuthorizeRefusals(t *testing.T) {
	f := newFixture(t, Options{RedirectURLs: []string{"https://hub.example/cb", "https://hub.example/other"}})
	cases := map[string]string{
		"unknown client":         f.srv.URL + "/oauth?client_id=someone-else&state=x",
		"unregistered redirect":  authorizeURL(f, "https://evil.example/cb"),
		"not the authorize path": f.srv.URL + "/authorize?client_id=" + f.sim.Options().ClientID,
	}
	for name, u := range cases {
		if _, err := f.sim.Authorize(u); !errors.Is(err, ErrAuthorize) {
			t.Errorf("%s: err %v, want ErrAuthorize", name, err)
		}
	}
	// Without redirect_uri the first registered URL is used ("The first will always be the default").
	cb, err := f.sim.Authorize(f.srv.URL + "/oauth?client_id=" + f.sim.Options().ClientID + "&state=s")
	if err != nil || !strings.HasPrefix(cb, "https://hub.example/cb?code=") {
		t.Fatalf("default redirect: %q %v", cb, err)
	}
	if _, err := f.sim.AuthorizeAs(authorizeURL(f, "https://hub.example/cb"), f.ws.ID, "123"); !errors.Is(err, ErrAuthorize) {
		t.Errorf("unknown admin: %v", err)
	}
}

func TestAuthorizePageInABrowser(t *testing.T) {
	eu := Workspace{ID: "eu000001", Name: "Euro Shop", Region: "EU", Admins: []Admin{{ID: "5001", Name: "Eva", Email: "eva@euro.example"}}}
	f := newFixture(t, Options{Workspaces: []Workspace{DefaultWorkspace(), eu}})
	resp, page := f.raw(t, http.MethodGet, strings.TrimPrefix(authorizeURL(f, "https://hub.example/cb"), f.srv.URL), http.Header{}, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), `value="eu000001|5001"`) || !strings.Contains(string(page), `id="authorize"`) {
		t.Fatalf("authorize page %d:\n%s", resp.StatusCode, page)
	}
	form := url.Values{"client_id": {f.sim.Options().ClientID}, "state": {"abc"}, "redirect_uri": {"https://hub.example/cb"}, "as": {"eu000001|5001"}}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, f.srv.URL+"/oauth", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, "https://hub.example/cb?code=") || !strings.HasSuffix(loc, "=&state=abc") {
		t.Fatalf("approve: %d Location %q", resp.StatusCode, loc)
	}
	u, _ := url.Parse(loc)
	resp2, body := exchange(t, f, u.Query().Get("code"), f.sim.Options().ClientSecret)
	if resp2.StatusCode != http.StatusOK {
		t.Fatalf("exchange: %s", body)
	}
	f.token = decode(t, body)["token"].(string)
	_, me := f.do(t, http.MethodGet, "/me", nil)
	if app := decode(t, me)["app"].(map[string]any); app["id_code"] != "eu000001" || app["region"] != "EU" {
		t.Fatalf("/me after installing in the EU workspace: %s", me)
	}
	if resp, page := f.raw(t, http.MethodGet, "/oauth?client_id=nope", http.Header{}, nil); resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(page), `id="error"`) {
		t.Fatalf("unknown client: %d %s", resp.StatusCode, page)
	}
}

func TestTokensEnd(t *testing.T) {
	t.Run("bad token", func(t *testing.T) {
		f := newFixture(t, Options{})
		f.token = "dG9rOmZha2U="
		resp, body := f.do(t, http.MethodGet, "/me", nil)
		wantError(t, resp, body, http.StatusUnauthorized, codeUnauthorized, msgTokenInvalid)
		noViolations(t, f.sim) // a present but unknown token is the caller's bad luck, not a violation
	})
	t.Run("POST /auth/uninstall", func(t *testing.T) {
		f := newFixture(t, Options{})
		other, _ := f.sim.AddWorkspace(Workspace{ID: "other001"})
		otherTok, _ := f.sim.IssueToken(other.ID, other.Admins[0].ID)
		resp, body := f.raw(t, http.MethodPost, "/auth/uninstall", http.Header{"Authorization": {"Bearer " + f.token}, "Accept": {"application/json"}, "Content-Type": {"application/json"}}, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("uninstall: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, http.MethodGet, "/me", nil)
		wantError(t, resp, body, http.StatusUnauthorized, codeUnauthorized, msgTokenInvalid)
		f.token = otherTok
		if resp, _ := f.do(t, http.MethodGet, "/me", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("uninstalling one workspace revoked another's token: %d", resp.StatusCode)
		}
	})
	t.Run("RevokeAll", func(t *testing.T) {
		f := newFixture(t, Options{})
		f.sim.RevokeAll()
		resp, body := f.do(t, http.MethodGet, "/me", nil)
		wantError(t, resp, body, http.StatusUnauthorized, codeUnauthorized, msgTokenInvalid)
	})
}
