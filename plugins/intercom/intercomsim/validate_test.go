package intercomsim

import (
	"net/http"
	"strings"
	"testing"
)

func TestMalformedReplyIsRejectedAndRecorded(t *testing.T) {
	cases := []struct {
		name    string
		body    string
		problem string // must appear in the recorded violation
	}{
		{"missing admin_id", `{"message_type":"note","type":"admin","body":"hi"}`, `"admin_id" is missing`},
		{"message_type memo", `{"message_type":"memo","type":"admin","admin_id":"991267459","body":"hi"}`, "/message_type"},
		{"type robot", `{"message_type":"note","type":"robot","admin_id":"991267459","body":"hi"}`, "/type"},
		{"body not a string", `{"message_type":"note","type":"admin","admin_id":"991267459","body":7}`, "/body"},
		{"admin_id an object", `{"message_type":"note","type":"admin","admin_id":{"id":1},"body":"x"}`, "/admin_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, Options{})
			id := f.conversation(t)
			resp, body := f.do(t, http.MethodPost, "/conversations/"+id+"/reply", []byte(tc.body))
			wantError(t, resp, body, http.StatusBadRequest, codeParameterInvalid, "")
			vs := f.sim.Violations()
			if len(vs) != 1 || vs[0].Kind != ViolationRequest || vs[0].OperationID != "replyConversation" {
				t.Fatalf("violations %v", vs)
			}
			if got := strings.Join(vs[0].Problems, "; "); !strings.Contains(got, tc.problem) {
				t.Fatalf("problems %q do not mention %q", got, tc.problem)
			}
			if len(f.sim.Parts(id)) != 0 {
				t.Fatal("an invalid reply was stored")
			}
		})
	}
}

func TestDocumentedExampleRequestsAreAccepted(t *testing.T) {
	ws := DefaultWorkspace()
	ws.Admins = append(ws.Admins, Admin{ID: "991267696", Name: "Ciaran213 Lee", Email: "admin213@email.com"})
	f := newFixture(t, Options{Workspaces: []Workspace{ws}})
	conv, err := f.sim.AddConversation(ws.ID, Message{Contact: Contact{ID: "6762f1571bb69f9f2193bbbb", Name: "Joe Bloggs"}, Body: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"issue_type", "priority"} {
		if _, err := f.sim.DefineAttribute(ws.ID, AttributeDef{Name: name, DataType: "string"}); err != nil {
			t.Fatal(err)
		}
	}
	requests := []struct{ method, path, file string }{
		// admin_id is the integer 991267696 here although the schema says string (spec quirk 2)
		{http.MethodPost, "/conversations/" + conv + "/reply", "api-2.16.reply.admin-note.request.json"},
		{http.MethodPost, "/conversations/" + conv + "/reply", "api-2.16.reply.user-comment.request.json"},
		{http.MethodPut, "/conversations/" + conv, "api-2.16.conversation.update.custom_attributes.request.json"},
		{http.MethodPost, "/conversations/attributes", "api-2.16.conversations-attributes.create.request.json"},
	}
	for _, r := range requests {
		resp, body := f.do(t, r.method, r.path, example(t, r.file))
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d: %s", r.file, resp.StatusCode, body)
		}
	}
	noViolations(t, f.sim)
	parts := f.sim.Parts(conv)
	if len(parts) < 2 || parts[0].PartType != "note" || parts[0].AuthorID != "991267696" || parts[1].AuthorType != "user" {
		t.Fatalf("parts %+v", parts)
	}
	if !strings.HasPrefix(parts[0].Body, "<h2>An Unordered HTML List</h2>") {
		t.Fatalf("note body not stored as Intercom does: %q", parts[0].Body)
	}
}

func TestVersionHeader(t *testing.T) {
	t.Run("outside the enum", func(t *testing.T) {
		f := newFixture(t, Options{})
		h := http.Header{"Authorization": {"Bearer " + f.token}, "Intercom-Version": {"2.17"}}
		resp, body := f.raw(t, http.MethodGet, "/me", h, nil)
		wantError(t, resp, body, http.StatusBadRequest, codeVersionInvalid, "Intercom-Version")
		if vs := f.sim.Violations(); len(vs) != 1 || vs[0].Kind != ViolationRequest {
			t.Fatalf("violations %v", vs)
		}
	})
	t.Run("missing, required by the test", func(t *testing.T) {
		f := newFixture(t, Options{RequireVersionHeader: true})
		resp, body := f.raw(t, http.MethodGet, "/me", http.Header{"Authorization": {"Bearer " + f.token}}, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s (Intercom serves such requests)", resp.StatusCode, body)
		}
		if vs := f.sim.Violations(); len(vs) != 1 || vs[0].Kind != ViolationVersion {
			t.Fatalf("violations %v", vs)
		}
	})
	t.Run("missing, app on 2.15", func(t *testing.T) {
		f := newFixture(t, Options{AppVersion: "2.15"})
		resp, body := f.raw(t, http.MethodGet, "/conversations/attributes", http.Header{"Authorization": {"Bearer " + f.token}}, nil)
		wantError(t, resp, body, http.StatusBadRequest, codeVersionInvalid, msgVersionUnavailable)
		resp, body = f.do(t, http.MethodGet, "/conversations/attributes", nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("with Intercom-Version 2.16: status %d: %s", resp.StatusCode, body)
		}
		noViolations(t, f.sim)
	})
}

func TestRequestsOutsideTheDescription(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do(t, http.MethodPost, "/subscriptions", []byte(`{"topics":["conversation.user.created"]}`))
	wantError(t, resp, body, http.StatusNotFound, codeNotFound, "")
	resp, body = f.do(t, http.MethodPost, "/contacts", map[string]string{"email": "a@example.com"})
	wantError(t, resp, body, http.StatusNotImplemented, codeUnsupported, "CreateContact")
	vs := f.sim.Violations()
	if len(vs) != 2 || vs[0].Kind != ViolationRoute || vs[1].Kind != ViolationUnsimulated {
		t.Fatalf("violations %v", vs)
	}
}

func TestMissingBearerIs401AndAViolation(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.raw(t, http.MethodGet, "/me", http.Header{"Intercom-Version": {"2.16"}}, nil)
	wantError(t, resp, body, http.StatusUnauthorized, codeUnauthorized, msgTokenInvalid)
	if resp.Header.Get("X-RateLimit-Limit") != "" {
		t.Error("rate-limit headers sent without valid credentials")
	}
	if vs := f.sim.Violations(); len(vs) != 1 || vs[0].Kind != ViolationSecurity {
		t.Fatalf("violations %v", vs)
	}
}

func TestJSONWithoutContentTypeIsAViolation(t *testing.T) {
	f := newFixture(t, Options{})
	id := f.conversation(t)
	h := http.Header{"Authorization": {"Bearer " + f.token}, "Intercom-Version": {"2.16"}, "Content-Type": {"text/plain"}}
	resp, body := f.raw(t, http.MethodPost, "/conversations/"+id+"/reply", h,
		[]byte(`{"message_type":"note","type":"admin","admin_id":"991267459","body":"x"}`))
	wantError(t, resp, body, http.StatusBadRequest, codeParameterInvalid, "")
	if vs := f.sim.Violations(); len(vs) != 1 {
		t.Fatalf("violations %v", vs)
	}
}
