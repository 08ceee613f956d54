package intercomsim

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

func TestScripted429CarriesRateLimitHeaders(t *testing.T) {
	clk := &clock{t: time.Unix(1_800_000_003, 0)}
	f := newFixture(t, Options{Now: clk.now, RateLimit: 167})
	id := f.conversation(t)
	f.sim.FailNext("replyConversation", http.StatusTooManyRequests, 1)
	note := map[string]any{"message_type": "note", "type": "admin", "admin_id": f.ws.Admins[0].ID, "body": "x"}
	resp, body := f.do(t, http.MethodPost, "/conversations/"+id+"/reply", note)
	wantError(t, resp, body, http.StatusTooManyRequests, codeRateLimited, "Exceeded rate limit of 167 in 10_seconds")
	reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
	if resp.Header.Get("X-RateLimit-Limit") != "167" || resp.Header.Get("X-RateLimit-Remaining") != "0" || err != nil || reset != clk.t.Unix()+1 {
		t.Fatalf("headers %v", resp.Header)
	}
	if len(f.sim.Parts(id)) != 0 {
		t.Fatal("a throttled reply was stored")
	}
	resp, body = f.do(t, http.MethodPost, "/conversations/"+id+"/reply", note)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("after the fault: %d %s", resp.StatusCode, body)
	}
	if f.sim.Requests()["replyConversation"] != 2 {
		t.Fatalf("requests %v", f.sim.Requests())
	}
}

func TestScriptedFaults(t *testing.T) {
	cases := []struct {
		match  string
		status int
		code   string
		method string
		path   string
	}{
		{"identifyAdmin", http.StatusUnauthorized, codeUnauthorized, http.MethodGet, "/me"},
		{"identifyAdmin", http.StatusForbidden, codePlanRestricted, http.MethodGet, "/me"},
		{"/conversations/*", http.StatusNotFound, codeNotFound, http.MethodGet, "/conversations/{id}"},
		{"*", http.StatusInternalServerError, codeServerError, http.MethodGet, "/me"},
		{"retrieveConversation", http.StatusServiceUnavailable, codeUnavailable, http.MethodGet, "/conversations/{id}"},
	}
	for _, tc := range cases {
		t.Run(strconv.Itoa(tc.status)+" "+tc.match, func(t *testing.T) {
			f := newFixture(t, Options{})
			id := f.conversation(t)
			path := tc.path
			if path == "/conversations/{id}" {
				path = "/conversations/" + id
			}
			f.sim.FailNext(tc.match, tc.status, 2)
			for range 2 {
				resp, body := f.do(t, tc.method, path, nil)
				wantError(t, resp, body, tc.status, tc.code, "")
			}
			if resp, body := f.do(t, tc.method, path, nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("third request: %d %s", resp.StatusCode, body)
			}
			noViolations(t, f.sim)
		})
	}
}

func TestFaultOnTokenExchange(t *testing.T) {
	f := newFixture(t, Options{})
	cb, err := f.sim.Authorize(authorizeURL(f, "https://hub.example/cb"))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(cb)
	f.sim.FailNext("oauthToken", http.StatusServiceUnavailable, 1)
	resp, body := exchange(t, f, u.Query().Get("code"), f.sim.Options().ClientSecret)
	wantError(t, resp, body, http.StatusServiceUnavailable, codeUnavailable, "")
	// The code survives a failure before it was looked at.
	if resp, body := exchange(t, f, u.Query().Get("code"), f.sim.Options().ClientSecret); resp.StatusCode != http.StatusOK {
		t.Fatalf("retry: %d %s", resp.StatusCode, body)
	}
	if f.sim.Requests()["oauthToken"] != 2 {
		t.Fatalf("requests %v", f.sim.Requests())
	}
}

func TestRateLimitPerWorkspaceAndWindow(t *testing.T) {
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	f := newFixture(t, Options{Now: clk.now, RateLimit: 3})
	for i := range 3 {
		resp, _ := f.do(t, http.MethodGet, "/me", nil)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("X-RateLimit-Remaining") != strconv.Itoa(2-i) ||
			resp.Header.Get("X-RateLimit-Reset") != "1800000010" {
			t.Fatalf("call %d: %d %v", i, resp.StatusCode, resp.Header)
		}
	}
	resp, body := f.do(t, http.MethodGet, "/me", nil)
	wantError(t, resp, body, http.StatusTooManyRequests, codeRateLimited, "")
	if resp.Header.Get("X-RateLimit-Reset") != "1800000010" {
		t.Fatalf("reset %v", resp.Header)
	}
	// Another workspace has its own budget.
	other, _ := f.sim.AddWorkspace(Workspace{})
	tok, _ := f.sim.IssueToken(other.ID, other.Admins[0].ID)
	own := f.token
	f.token = tok
	if resp, _ := f.do(t, http.MethodGet, "/me", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("other workspace throttled: %d", resp.StatusCode)
	}
	// The next 10-second window starts afresh.
	f.token = own
	clk.t = clk.t.Add(10 * time.Second)
	if resp, _ := f.do(t, http.MethodGet, "/me", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("next window: %d", resp.StatusCode)
	}
}
