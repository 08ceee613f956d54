package intercomsim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

func TestSpecIsLoadedOncePerProcess(t *testing.T) {
	took, err := SpecLoadTime()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("OpenAPI 2.16 parse: %v (once per test binary)", took)
	start := time.Now()
	for range 20 {
		if _, err := New(Options{}); err != nil {
			t.Fatal(err)
		}
	}
	if per := time.Since(start) / 20; per > 20*time.Millisecond {
		t.Fatalf("New takes %v: the description is being reparsed", per)
	}
	again, _ := SpecLoadTime()
	if again != took {
		t.Fatal("SpecLoadTime changed: loaded twice")
	}
}

// TestResponsesConformToTheDescription drives every simulated operation, success and failure,
// and validates each answer with openapi3filter.ValidateResponse on a router of its own.
func TestResponsesConformToTheDescription(t *testing.T) {
	f := newFixture(t, Options{})
	id := f.conversation(t)
	if _, err := f.sim.DefineAttribute(f.ws.ID, AttributeDef{Name: "severity", DataType: "string"}); err != nil {
		t.Fatal(err)
	}
	admin := f.ws.Admins[0].ID
	steps := []struct {
		method, path string
		body         any
		status       int
	}{
		{http.MethodGet, "/me", nil, 200},
		{http.MethodGet, "/admins", nil, 200},
		{http.MethodGet, "/conversations/" + id, nil, 200},
		{http.MethodPost, "/conversations/" + id + "/reply", map[string]any{"message_type": "note", "type": "admin", "admin_id": admin, "body": "<p>n</p>"}, 200},
		{http.MethodPost, "/conversations/" + id + "/reply", map[string]any{"message_type": "comment", "type": "admin", "admin_id": admin, "body": "c"}, 200},
		{http.MethodPut, "/conversations/" + id, map[string]any{"read": true, "custom_attributes": map[string]any{"severity": "high"}}, 200},
		{http.MethodGet, "/conversations/" + id + "?display_as=plaintext", nil, 200},
		{http.MethodGet, "/conversations/attributes", nil, 200},
		{http.MethodPost, "/conversations/attributes", map[string]any{"name": "n", "data_type": "list", "options": []any{map[string]any{"label": "a"}}}, 200},
		{http.MethodGet, "/conversations/999999", nil, 404},
		{http.MethodPut, "/conversations/" + id, map[string]any{"custom_attributes": map[string]any{"nope": "x"}}, 400},
	}
	router, err := gorillamux.NewRouter(f.sim.api.doc)
	if err != nil {
		t.Fatal(err)
	}
	errSchema := f.sim.api.schema("error")
	for _, st := range steps {
		resp, body := f.do(t, st.method, st.path, st.body)
		if resp.StatusCode != st.status {
			t.Fatalf("%s %s: %d %s", st.method, st.path, resp.StatusCode, body)
		}
		req, _ := http.NewRequest(st.method, st.path, nil)
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Fatal(err)
		}
		if route.Operation.Responses.Status(resp.StatusCode) == nil { // 400: not declared (quirk 4)
			if err := errSchema.VisitJSON(decode(t, body)); err != nil {
				t.Errorf("%s %s: error body: %v", st.method, st.path, err)
			}
			continue
		}
		err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 resp.StatusCode,
			Header:                 resp.Header,
			Body:                   io.NopCloser(bytes.NewReader(body)),
			Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		})
		if err != nil {
			t.Errorf("%s %s: %s", st.method, st.path, strings.Join(schemaProblems(err, ""), "; "))
		}
	}
	noViolations(t, f.sim) // includes the simulator's own ViolationResponse checks
}

// TestSpecQuirks pins down the defects of the description the simulator works around
// (README.md, "Spec quirks"), on the unpatched document.
func TestSpecQuirks(t *testing.T) {
	raw, err := openapi3.NewLoader().LoadFromData(restSpecYAML)
	if err != nil {
		t.Fatal(err)
	}
	fixed := f216(t)
	check := func(doc *openapi3.T, schema, file string) string {
		var v any
		if err := json.Unmarshal(example(t, file), &v); err != nil {
			t.Fatal(err)
		}
		if err := doc.Components.Schemas[schema].Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
			return strings.Join(schemaProblems(err, ""), "; ")
		}
		return ""
	}
	// 1. $ref + nullable: the unpatched schema refuses the nulls of Intercom's own example.
	if got := check(raw, "conversation", "api-2.16.reply.admin-note.response.json"); !strings.Contains(got, "/ai_agent") {
		t.Errorf("quirk 1 gone? raw: %q", got)
	}
	if got := check(fixed, "conversation", "api-2.16.reply.admin-note.response.json"); got != "" {
		t.Errorf("patched: %s", got)
	}
	// 2. admin_id: string in the schema, integer in the example.
	if got := check(raw, "reply_conversation_request", "api-2.16.reply.admin-note.request.json"); got == "" {
		t.Error("quirk 2 gone? the raw schema accepts an integer admin_id")
	}
	if got := check(fixed, "reply_conversation_request", "api-2.16.reply.admin-note.request.json"); got != "" {
		t.Errorf("patched: %s", got)
	}
	// 3. The retrieve example's part ids are integers; the schema (and the simulator) say string.
	if got := check(fixed, "conversation", "api-2.16.conversation.retrieve.response.json"); !strings.Contains(got, "/conversation_parts/conversation_parts/0/id") {
		t.Errorf("quirk 3 gone? %q", got)
	}
	// 8. custom_attributes' own example (a boolean, a float) breaks its anyOf of
	// string | integer | datetime | custom objects.
	ca := raw.Components.Schemas["custom_attributes"].Value
	if err := ca.VisitJSON(ca.Example); err == nil {
		t.Error("quirk 8 gone: custom_attributes accepts its example")
	}
	// 4. PUT /conversations/{id} documents 400 in prose but declares no 400 response.
	if raw.Paths.Value("/conversations/{conversation_id}").Put.Responses.Status(400) != nil {
		t.Error("quirk 4 gone: 400 is declared now")
	}
}

func f216(t *testing.T) *openapi3.T {
	t.Helper()
	api, err := loadREST()
	if err != nil {
		t.Fatal(err)
	}
	return api.doc
}
