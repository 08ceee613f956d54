package intercomsim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixture is a Sim behind an httptest server with a token for the default workspace.
type fixture struct {
	sim   *Sim
	srv   *httptest.Server
	token string
	ws    Workspace
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	sim, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	ws := sim.Workspaces()[0]
	tok, err := sim.IssueToken(ws.ID, ws.Admins[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{sim: sim, srv: srv, token: tok, ws: ws}
}

// do sends a REST request the way a well-behaved client does: bearer token, pinned version,
// JSON body. body may be nil, []byte or a value to encode.
func (f *fixture) do(t *testing.T, method, path string, body any) (*http.Response, []byte) {
	t.Helper()
	h := http.Header{"Authorization": {"Bearer " + f.token}, "Intercom-Version": {"2.16"}, "Accept": {"application/json"}}
	return f.raw(t, method, path, h, body)
}

func (f *fixture) raw(t *testing.T, method, path string, h http.Header, body any) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		js, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(js)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, f.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = h.Clone()
	if rd != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, out
}

// conversation opens a conversation in the fixture's workspace.
func (f *fixture) conversation(t *testing.T) string {
	t.Helper()
	id, err := f.sim.AddConversation(f.ws.ID, Message{
		Contact: Contact{Name: "Jane Doe", Email: "jane@example.com", ExternalID: "70"},
		Body:    "Checkout fails with error 500 since 2pm",
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// noViolations fails the test if the sim recorded any violation.
func noViolations(t *testing.T, sim *Sim) {
	t.Helper()
	for _, v := range sim.Violations() {
		t.Errorf("unexpected %s", v)
	}
}

// wantError checks an Intercom error body and its status.
func wantError(t *testing.T, resp *http.Response, body []byte, status int, code, message string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d; body %s", resp.StatusCode, status, body)
	}
	var e errorList
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %s: %v", body, err)
	}
	if e.Type != "error.list" || len(e.Errors) != 1 || len(e.RequestID) != 36 {
		t.Fatalf("error shape: %s", body)
	}
	if e.Errors[0].Code != code || (message != "" && !strings.Contains(e.Errors[0].Message, message)) {
		t.Fatalf("error %+v, want code %q message containing %q", e.Errors[0], code, message)
	}
}

func example(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decode(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return m
}

// clock is a settable time source for Options.Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
