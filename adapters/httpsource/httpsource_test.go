package httpsource

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core"
)

func endpoint(t *testing.T, raw string, auth Auth) *Endpoint {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return &Endpoint{System: "loki", Base: u, Auth: auth, Client: NewClient()}
}

func TestReadAuth(t *testing.T) {
	cases := []struct {
		config map[string]any
		creds  map[string]string
		field  string
		want   Auth
	}{
		{nil, nil, "", Auth{}},
		{map[string]any{"username": "u"}, map[string]string{"password": "p"}, "", Auth{Username: "u", Password: "p"}},
		{nil, map[string]string{"token": "t"}, "", Auth{Bearer: "t"}},
		{nil, map[string]string{"password": "p"}, "config.username", Auth{}},
		{map[string]any{"username": "u"}, nil, "credentials.password", Auth{}},
		{map[string]any{"username": "u"}, map[string]string{"password": "p", "bearer_token": "t"}, "credentials", Auth{}},
		{nil, map[string]string{"api_key": "k"}, "credentials.api_key", Auth{}}, // not accepted by this source type
	}
	for _, c := range cases {
		got, err := ReadAuth(logline.NewConfig(c.config), c.creds, AuthOptions{Bearer: true})
		if core.ErrorField(err) != c.field || (c.field == "" && (err != nil || got != c.want)) {
			t.Errorf("%v %v: got %+v, %v; want field %q", c.config, c.creds, got, err, c.field)
		}
	}
}

func TestAuthHeaders(t *testing.T) {
	cases := []struct {
		auth Auth
		want string
	}{
		{Auth{Bearer: "tok"}, "Bearer tok"},
		{Auth{APIKey: "ZW5jb2RlZA=="}, "ApiKey ZW5jb2RlZA=="},
		{Auth{APIKey: "id:secret"}, "ApiKey aWQ6c2VjcmV0"},
		{Auth{Username: "u", Password: "p"}, "Basic dTpw"},
		{Auth{}, ""},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(http.MethodGet, "http://x", nil)
		c.auth.apply(req)
		if got := req.Header.Get("Authorization"); got != c.want {
			t.Errorf("%+v: Authorization %q, want %q", c.auth, got, c.want)
		}
	}
}

func TestStatusErrors(t *testing.T) {
	cases := []struct {
		status int
		body   string
		code   string
		want   string
	}{
		{401, "no", core.ErrUnauthorized, "loki answered 401 Unauthorized: check config.username and credentials.password: no"},
		{403, "", core.ErrUnauthorized, "loki answered 403 Forbidden: the credentials are valid but may not read these logs"},
		{404, "<html><body>nginx</body></html>", core.ErrInvalid, "loki answered 404 Not Found: check config.url (it should be the server's base URL)"},
		{400, "parse error at line 1, col 2:\n  syntax error", core.ErrInvalid, "loki answered 400 Bad Request: the server refused the request: parse error at line 1, col 2: syntax error"},
		{503, "too busy", core.ErrUnavailable, "loki answered 503 Service Unavailable: retry later: too busy"},
		{401, "bad password s3cret-pw given", core.ErrUnauthorized, "loki answered 401 Unauthorized: check config.username and credentials.password: bad password [redacted] given"},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(c.status)
			w.Write([]byte(c.body))
		}))
		e := endpoint(t, srv.URL, Auth{Username: "u", Password: "s3cret-pw"})
		err := e.Do(context.Background(), http.MethodGet, e.URL("/x", nil), nil, &bytes.Buffer{})
		srv.Close()
		var se *StatusError
		if core.ErrorCode(err) != c.code || err.Error() != c.want || !errors.As(err, &se) || se.Status != c.status {
			t.Errorf("%d: got %q (%s), want %q (%s)", c.status, err, core.ErrorCode(err), c.want, c.code)
		}
	}
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	e := endpoint(t, "http://"+addr+"/prefix", Auth{})
	err = e.Do(context.Background(), http.MethodGet, e.URL("/x", nil), nil, &bytes.Buffer{})
	if want := "connection refused to http://" + addr + ": is loki running there? check config.url"; core.ErrorMessage(err) != want {
		t.Fatalf("got %q, want %q", core.ErrorMessage(err), want)
	}
}

func TestHangingServerHitsTheDeadline(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	e := endpoint(t, srv.URL, Auth{})
	start := time.Now()
	err := e.Do(ctx, http.MethodGet, e.URL("/x", nil), nil, &bytes.Buffer{})
	if !errors.Is(err, context.DeadlineExceeded) || core.ErrorCode(err) != core.ErrUnavailable ||
		!strings.Contains(core.ErrorMessage(err), "did not answer in time") || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v", err)
	}
}

func TestBodyLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("x"), 3<<20))
	}))
	defer srv.Close()
	e := endpoint(t, srv.URL, Auth{})
	e.MaxBody = 1 << 20
	err := e.Do(context.Background(), http.MethodGet, e.URL("/x", nil), nil, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "more than 1 MiB") {
		t.Fatalf("err = %v", err)
	}
}

func TestURLKeepsThePrefix(t *testing.T) {
	e := endpoint(t, "https://example.test/loki/", Auth{})
	got := e.URL("/loki/api/v1/query_range", url.Values{"query": {`{app="x"}`}})
	if want := "https://example.test/loki/loki/api/v1/query_range?query=%7Bapp%3D%22x%22%7D"; got != want {
		t.Fatalf("got %s", got)
	}
}
