package intercomsim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// verifyBodySignature is the X-Body-Signature sketch of FACTS §3.4.
func verifyBodySignature(raw []byte, header, clientSecret string) bool {
	m := hmac.New(sha256.New, []byte(clientSecret))
	m.Write(raw)
	got, err := hex.DecodeString(strings.TrimSpace(header))
	return err == nil && hmac.Equal(got, m.Sum(nil))
}

// canvasApp is a tiny Canvas Kit app: it verifies the signature, remembers each request and
// answers with answer(request).
type canvasApp struct {
	mu       sync.Mutex
	requests []map[string]any
	badSig   bool
}

func newCanvasApp(t *testing.T, secret string, answer func(req map[string]any) any) (*canvasApp, *httptest.Server) {
	app := &canvasApp{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var req map[string]any
		_ = json.Unmarshal(raw, &req)
		app.mu.Lock()
		app.requests = append(app.requests, req)
		app.badSig = app.badSig || !verifyBodySignature(raw, r.Header.Get("X-Body-Signature"), secret)
		app.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(answer(req))
	}))
	t.Cleanup(srv.Close)
	return app, srv
}

func TestCanvasInitializeAndSubmit(t *testing.T) {
	f := newFixture(t, Options{ClientSecret: "canvas-secret", Workspaces: []Workspace{{ID: "eu000001", Region: "EU"}}})
	id := f.conversation(t)
	admin := f.ws.Admins[0].ID
	app, srv := newCanvasApp(t, "canvas-secret", func(req map[string]any) any {
		if req["component_id"] == nil {
			return map[string]any{"canvas": map[string]any{
				"content": map[string]any{"components": []any{
					map[string]any{"type": "text", "text": "*Severity: high*", "style": "header"},
					map[string]any{"type": "button", "id": "analyze", "label": "Analyze logs", "action": map[string]any{"type": "submit"}},
					map[string]any{"type": "button", "id": "open", "label": "Open", "action": map[string]any{"type": "url", "url": "https://hub.example/a/1"}},
				}},
				"stored_data": map[string]any{"analysis": "pending"},
			}}
		}
		return map[string]any{"canvas": map[string]any{"content": map[string]any{"components": []any{
			map[string]any{"type": "text", "text": "Analysis started"}}}}, "event": map[string]any{"type": "completed"}}
	})
	res, err := f.sim.CanvasInitialize(t.Context(), srv.URL, f.ws.ID, id, admin)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != http.StatusOK || len(res.Problems) != 0 || res.Response.Canvas.Component("analyze") == nil {
		t.Fatalf("initialize: %+v", res)
	}
	init := app.requests[0]
	if init["workspace_id"] != "eu000001" || init["workspace_region"] != "EU" || init["admin"].(map[string]any)["id"] != admin ||
		init["conversation"].(map[string]any)["id"] != id || init["contact"].(map[string]any)["email"] != "jane@example.com" {
		t.Fatalf("initialize request %v", init)
	}

	if _, err := f.sim.CanvasSubmit(t.Context(), srv.URL, CanvasSubmission{WorkspaceID: f.ws.ID, ConversationID: id, AdminID: admin,
		ComponentID: "open", Current: res.Response.Canvas}); err == nil {
		t.Fatal("submitted a url button, which Intercom never does")
	}
	res2, err := f.sim.CanvasSubmit(t.Context(), srv.URL, CanvasSubmission{WorkspaceID: f.ws.ID, ConversationID: id, AdminID: admin,
		ComponentID: "analyze", Current: res.Response.Canvas, ContactKey: "customer"})
	if err != nil || len(res2.Problems) != 0 || res2.Response.Event["type"] != "completed" {
		t.Fatalf("submit: %+v %v", res2, err)
	}
	sub := app.requests[1]
	stored := sub["current_canvas"].(map[string]any)["stored_data"].(map[string]any)
	if sub["component_id"] != "analyze" || stored["analysis"] != "pending" || sub["customer"] == nil || sub["contact"] != nil || sub["input_values"] == nil {
		t.Fatalf("submit request %v", sub)
	}
	if app.badSig {
		t.Fatal("X-Body-Signature does not verify with the FACTS §3.4 sketch")
	}
}

func TestCanvasExampleResponsesAreValid(t *testing.T) {
	files := map[string]bool{ // name → is a submit response
		"canvas.docs.initialize-response.minimal.json":                false,
		"canvas.inbox-tutorial.initialize-response.json":              false, // checkbox "options" (quirk 6)
		"canvas.inbox-tutorial.submit-response.json":                  true,
		"canvas.docs.submit-response.with-event.json":                 true,
		"canvas.apps-showcase.identity-verification.submit-code.json": true,
		"canvas.apps-showcase.recent-orders.list-item.json":           true, // list item with image (quirk 7)
	}
	for name, submit := range files {
		problems, err := ValidateCanvasResponse(example(t, name), submit)
		if err != nil || len(problems) != 0 {
			t.Errorf("%s: %v %v", name, problems, err)
		}
	}
}

func TestCanvasValidatorRejects(t *testing.T) {
	cases := map[string]struct {
		body, want string
	}{
		"button without action": {`{"canvas":{"content":{"components":[{"type":"button","id":"b","label":"Go"}]}}}`, `"action" is missing`},
		"unknown component":     {`{"canvas":{"content":{"components":[{"type":"carousel","id":"c"}]}}}`, "/canvas/content/components/0"},
		"text without text":     {`{"canvas":{"content":{"components":[{"type":"text","style":"header"}]}}}`, `"text" is missing`},
		"checkbox without options": {`{"canvas":{"content":{"components":[{"type":"checkbox","id":"c","label":"L"}]}}}`,
			"/canvas/content/components/0"},
		"bad action type": {`{"canvas":{"content":{"components":[{"type":"button","id":"b","label":"Go","action":{"type":"open"}}]}}}`,
			"/canvas/content/components/0"},
		"no canvas":           {`{"content":{"components":[]}}`, `"canvas" is missing`},
		"live canvas":         {`{"canvas":{"content":{"components":[]},"content_url":"https://x.example"}}`, "Messenger-only"},
		"sheet action":        {`{"canvas":{"content":{"components":[{"type":"button","id":"b","label":"Go","action":{"type":"sheet","url":"https://x.example"}}]}}}`, "sheet actions are Messenger-only"},
		"not JSON":            {`<html>oops</html>`, "not JSON"},
		"stored_data > 64 KB": {`{"canvas":{"content":{"components":[]},"stored_data":{"x":"` + strings.Repeat("a", 70000) + `"}}}`, "64 KB"},
	}
	for name, tc := range cases {
		problems, err := ValidateCanvasResponse([]byte(tc.body), false)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(problems, "; "); !strings.Contains(got, tc.want) {
			t.Errorf("%s: problems %q, want one containing %q", name, got, tc.want)
		}
	}
}

func TestCanvasErrorStatusIsAProblem(t *testing.T) {
	f := newFixture(t, Options{})
	id := f.conversation(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	defer srv.Close()
	res, err := f.sim.CanvasInitialize(t.Context(), srv.URL, f.ws.ID, id, f.ws.Admins[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 500 || len(res.Problems) < 2 || !strings.Contains(res.Problems[0], "Something went wrong") {
		t.Fatalf("%+v", res.Problems)
	}
}

func TestUninstallNotification(t *testing.T) {
	f := newFixture(t, Options{ClientSecret: "u-secret"})
	var raw []byte
	var sig string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ = io.ReadAll(r.Body)
		sig = r.Header.Get("X-Body-Signature")
	}))
	defer srv.Close()
	status, err := f.sim.Uninstall(t.Context(), srv.URL, f.ws.ID)
	if err != nil || status != http.StatusOK {
		t.Fatalf("%d %v", status, err)
	}
	if string(raw) != `{"app_id":"`+f.ws.ID+`"}` || !verifyBodySignature(raw, sig, "u-secret") {
		t.Fatalf("notification %s signed %q", raw, sig)
	}
	resp, body := f.do(t, http.MethodGet, "/me", nil)
	wantError(t, resp, body, http.StatusUnauthorized, codeUnauthorized, msgTokenInvalid)
}
