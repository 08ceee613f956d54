package testdesk_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

// send makes one request to the fake with the valid token.
func send(t *testing.T, srv *httptest.Server, method, path, key, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testdesk.FakeToken)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestFakeFailNextCountsDownThenServes(t *testing.T) {
	fake := testdesk.NewFake()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	fake.FailNext(429, 1500*time.Millisecond, 2)
	for i := range 2 {
		resp := send(t, srv, "GET", "/me", "", "")
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" {
			t.Errorf("request %d: %d Retry-After %q, want 429 and 2 (rounded up)", i+1, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	if resp := send(t, srv, "GET", "/me", "", ""); resp.StatusCode != 200 {
		t.Errorf("third request: %d, want 200 once the failures are spent", resp.StatusCode)
	}
	fake.FailNext(500, 0, 5)
	fake.FailNext(0, 0, 0)
	if resp := send(t, srv, "GET", "/me", "", ""); resp.StatusCode != 200 {
		t.Errorf("after FailNext(0, 0, 0): %d, want 200", resp.StatusCode)
	}
	if fake.Requests() != 4 {
		t.Errorf("Requests = %d, want 4", fake.Requests())
	}
}

func TestFakeIdempotencyKeys(t *testing.T) {
	fake := testdesk.NewFake()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	msg := `{"body":"hi","visibility":"internal"}`
	codes := []int{
		send(t, srv, "POST", "/conversations/c1/messages", "k1", msg).StatusCode,
		send(t, srv, "POST", "/conversations/c1/messages", "k1", msg).StatusCode,
		send(t, srv, "POST", "/conversations/c1/messages", "", msg).StatusCode,
		send(t, srv, "POST", "/conversations/c1/messages", "", msg).StatusCode,
	}
	if codes[0] != 201 || codes[1] != 200 || codes[2] != 201 || codes[3] != 201 {
		t.Errorf("status codes = %v, want [201 200 201 201]", codes)
	}
	if n := fake.PostCount("c1"); n != 3 {
		t.Errorf("PostCount = %d, want 3: one for k1, one per unkeyed post", n)
	}
	if resp := send(t, srv, "POST", "/conversations/nope/messages", "k2", msg); resp.StatusCode != 404 {
		t.Errorf("unknown conversation: %d, want 404", resp.StatusCode)
	}
}

func TestFakeOAuthRoundTripAndRevoke(t *testing.T) {
	fake := testdesk.NewFake()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	noRedirect := *srv.Client()
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	auth, err := noRedirect.Get(srv.URL + "/oauth/authorize?" + url.Values{"client_id": {testdesk.FakeClientID},
		"redirect_uri": {"https://hub.example/cb"}, "state": {"s1"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	auth.Body.Close()
	if loc := auth.Header.Get("Location"); auth.StatusCode != 302 || loc != "https://hub.example/cb?code="+testdesk.FakeAuthCode+"&state=s1" {
		t.Errorf("authorize = %d to %q", auth.StatusCode, loc)
	}

	if resp := send(t, srv, "POST", "/revoke", "", ""); resp.StatusCode != 204 {
		t.Fatalf("revoke = %d", resp.StatusCode)
	}
	if resp := send(t, srv, "GET", "/me", "", ""); resp.StatusCode != 401 {
		t.Errorf("GET /me with a revoked token = %d, want 401", resp.StatusCode)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {testdesk.FakeAuthCode},
		"client_id": {testdesk.FakeClientID}, "client_secret": {testdesk.FakeClientSecret}}
	tok, err := srv.Client().PostForm(srv.URL+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	tok.Body.Close()
	if tok.StatusCode != 200 {
		t.Fatalf("token exchange = %d", tok.StatusCode)
	}
	if resp := send(t, srv, "GET", "/me", "", ""); resp.StatusCode != 200 {
		t.Errorf("GET /me after a new install = %d, want 200", resp.StatusCode)
	}
	form.Set("client_secret", "wrong")
	bad, err := srv.Client().PostForm(srv.URL+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	bad.Body.Close()
	if bad.StatusCode != 401 {
		t.Errorf("token exchange with a wrong secret = %d, want 401", bad.StatusCode)
	}
}
