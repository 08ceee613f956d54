package intercomsim

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestMeCarriesEachWorkspacesRegion(t *testing.T) {
	f := newFixture(t, Options{Workspaces: []Workspace{
		DefaultWorkspace(),
		{ID: "eu000001", Name: "Euro Shop", Region: "EU", Timezone: "Europe/Dublin"},
		{ID: "au000001", Name: "Oz Shop", Region: "AU"},
	}})
	for _, w := range f.sim.Workspaces() {
		tok, err := f.sim.IssueToken(w.ID, w.Admins[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		f.token = tok
		resp, body := f.do(t, http.MethodGet, "/me", nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", w.ID, resp.StatusCode, body)
		}
		me := decode(t, body)
		app := me["app"].(map[string]any)
		if me["id"] != w.Admins[0].ID || app["id_code"] != w.ID || app["region"] != w.Region || app["timezone"] != w.Timezone {
			t.Errorf("%s: /me %s", w.ID, body)
		}
	}
	if _, err := f.sim.AddWorkspace(Workspace{Region: "APAC"}); err == nil {
		t.Error("region APAC accepted")
	}
	noViolations(t, f.sim)
}

func TestOneWorkspaceNeverTouchesAnother(t *testing.T) {
	f := newFixture(t, Options{})
	other, _ := f.sim.AddWorkspace(Workspace{ID: "other001", Admins: []Admin{{ID: "7001", Name: "Olga"}}})
	theirs, err := f.sim.AddConversation(other.ID, Message{Contact: Contact{Name: "Ann"}, Body: "help"})
	if err != nil {
		t.Fatal(err)
	}
	mine := f.conversation(t)
	note := map[string]any{"message_type": "note", "type": "admin", "admin_id": f.ws.Admins[0].ID, "body": "x"}

	// With our token, their conversation does not exist.
	resp, body := f.do(t, http.MethodGet, "/conversations/"+theirs, nil)
	wantError(t, resp, body, http.StatusNotFound, codeNotFound, msgNotFound)
	resp, body = f.do(t, http.MethodPost, "/conversations/"+theirs+"/reply", note)
	wantError(t, resp, body, http.StatusNotFound, codeNotFound, "")
	resp, body = f.do(t, http.MethodPut, "/conversations/"+theirs, map[string]any{"read": true})
	wantError(t, resp, body, http.StatusNotFound, codeNotFound, "")
	// Their admin cannot author in our workspace.
	note["admin_id"] = "7001"
	resp, body = f.do(t, http.MethodPost, "/conversations/"+mine+"/reply", note)
	wantError(t, resp, body, http.StatusBadRequest, codeParameterInvalid, "7001")
	// Their attribute definitions are not ours.
	if _, err := f.sim.DefineAttribute(other.ID, AttributeDef{Name: "severity", DataType: "string"}); err != nil {
		t.Fatal(err)
	}
	resp, body = f.do(t, http.MethodPut, "/conversations/"+mine, map[string]any{"custom_attributes": map[string]any{"severity": "high"}})
	wantError(t, resp, body, http.StatusBadRequest, codeParameterInvalid, "Conversation attribute 'severity' does not exist")
	_, body = f.do(t, http.MethodGet, "/conversations/attributes", nil)
	if data := decode(t, body)["data"].([]any); len(data) != 0 {
		t.Fatalf("another workspace's attributes listed: %s", body)
	}
	if len(f.sim.Parts(theirs)) != 0 || len(f.sim.Parts(mine)) != 0 || len(f.sim.Attributes(mine)) != 0 {
		t.Fatal("a refused request changed a conversation")
	}
	_, body = f.do(t, http.MethodGet, "/admins", nil)
	if strings.Contains(string(body), "7001") {
		t.Fatalf("GET /admins lists another workspace's admin: %s", body)
	}
	noViolations(t, f.sim)
}

func TestReplyStoresNoteWithAppPackageCode(t *testing.T) {
	f := newFixture(t, Options{AppPackageCode: "sigsentry"})
	id := f.conversation(t)
	for _, mt := range []string{"note", "comment"} {
		resp, body := f.do(t, http.MethodPost, "/conversations/"+id+"/reply",
			map[string]any{"message_type": mt, "type": "admin", "admin_id": f.ws.Admins[0].ID, "body": "<p>Triage: <b>high</b></p>"})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", mt, resp.StatusCode, body)
		}
		var conv conversationJSON
		if err := json.Unmarshal(body, &conv); err != nil {
			t.Fatal(err)
		}
		last := conv.ConversationParts.ConversationParts[len(conv.ConversationParts.ConversationParts)-1]
		if conv.ID != id || last.PartType != mt || last.AppPackageCode == nil || *last.AppPackageCode != "sigsentry" || last.Author.ID != f.ws.Admins[0].ID {
			t.Fatalf("%s: response %s", mt, body)
		}
	}
	parts := f.sim.Parts(id)
	if len(parts) != 2 || parts[0].PartType != "note" || parts[1].PartType != "comment" ||
		parts[0].AuthorType != "admin" || parts[0].AuthorID != f.ws.Admins[0].ID || parts[0].AppPackageCode != "sigsentry" ||
		parts[0].Body != "<p>Triage: <b>high</b></p>" {
		t.Fatalf("parts %+v", parts)
	}
	// A note without body breaks the description's prose ("Must be present for comment and note").
	resp, body := f.do(t, http.MethodPost, "/conversations/"+id+"/reply", map[string]any{"message_type": "note", "type": "admin", "admin_id": f.ws.Admins[0].ID})
	wantError(t, resp, body, http.StatusBadRequest, codeParameterMissing, "")
	if vs := f.sim.Violations(); len(vs) != 1 || !strings.Contains(vs[0].Problems[0], "/body") {
		t.Fatalf("violations %v", vs)
	}
}

func TestUpdateCustomAttributes(t *testing.T) {
	f := newFixture(t, Options{})
	id := f.conversation(t)
	resp, body := f.do(t, http.MethodPut, "/conversations/"+id, map[string]any{"custom_attributes": map[string]any{"anything": "x"}})
	wantError(t, resp, body, http.StatusBadRequest, codeParameterInvalid, "Conversation attribute 'anything' does not exist")

	for _, a := range []AttributeDef{{Name: "severity", DataType: "string"}, {Name: "score", DataType: "integer"}} {
		if _, err := f.sim.DefineAttribute(f.ws.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	resp, body = f.do(t, http.MethodPut, "/conversations/"+id, map[string]any{"custom_attributes": map[string]any{"severity": "high", "score": 7}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if ca := decode(t, body)["custom_attributes"].(map[string]any); ca["severity"] != "high" || ca["score"] != 7.0 {
		t.Fatalf("custom_attributes in response: %s", body)
	}
	attrs := f.sim.Attributes(id)
	if attrs["severity"] != "high" || attrs["score"] != json.Number("7") {
		t.Fatalf("Attributes %v", attrs)
	}
	if parts := f.sim.Parts(id); len(parts) != 2 || parts[0].PartType != "conversation_attribute_updated_by_admin" {
		t.Fatalf("parts %+v", parts)
	}

	// A boolean is not a value the 2.16 custom_attributes schema allows.
	resp, body = f.do(t, http.MethodPut, "/conversations/"+id, map[string]any{"custom_attributes": map[string]any{"severity": true}})
	wantError(t, resp, body, http.StatusBadRequest, codeParameterInvalid, "/custom_attributes/severity")

	// Two live definitions with one name: refused since the 2.16 breaking change.
	if _, err := f.sim.DefineAttribute(f.ws.ID, AttributeDef{Name: "severity", DataType: "list", Options: []string{"high", "low"}}); err != nil {
		t.Fatal(err)
	}
	resp, body = f.do(t, http.MethodPut, "/conversations/"+id, map[string]any{"custom_attributes": map[string]any{"severity": "low"}})
	wantError(t, resp, body, http.StatusBadRequest, codeParameterInvalid, "severity")
}

func TestConversationAttributeDefinitions(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do(t, http.MethodPost, "/conversations/attributes", map[string]any{"name": "sigsentry_severity", "data_type": "list", "options": []map[string]string{{"label": "high"}, {"label": "low"}}})
	if resp.StatusCode != http.StatusOK || decode(t, body)["type"] != "conversation_attribute" {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	resp, body = f.do(t, http.MethodPost, "/conversations/attributes", map[string]any{"name": "x", "data_type": "invalid_type"})
	wantError(t, resp, body, http.StatusUnprocessableEntity, codeParameterInvalid,
		"data_type 'invalid_type' is not valid. Allowed types: string, integer, list, decimal, boolean, datetime, relationship, files")
	_, body = f.do(t, http.MethodGet, "/conversations/attributes", nil)
	list := decode(t, body)
	if data := list["data"].([]any); list["type"] != "list" || len(data) != 1 || data[0].(map[string]any)["name"] != "sigsentry_severity" {
		t.Fatalf("list %s", body)
	}
	if defs := f.sim.AttributeDefs(f.ws.ID); len(defs) != 1 || defs[0].AdminID != f.ws.Admins[0].ID || len(defs[0].Options) != 2 {
		t.Fatalf("defs %+v", defs)
	}
	if vs := f.sim.Violations(); len(vs) != 1 || vs[0].OperationID != "createConversationAttribute" {
		t.Fatalf("the invalid data_type should be the only violation: %v", vs)
	}
}

func TestDeletedConversationIs404(t *testing.T) {
	f := newFixture(t, Options{})
	id := f.conversation(t)
	if err := f.sim.DeleteConversation(id); err != nil {
		t.Fatal(err)
	}
	resp, body := f.do(t, http.MethodGet, "/conversations/"+id, nil)
	wantError(t, resp, body, http.StatusNotFound, codeNotFound, msgNotFound)
	resp, body = f.do(t, http.MethodPost, "/conversations/"+id+"/reply", map[string]any{"message_type": "note", "type": "admin", "admin_id": f.ws.Admins[0].ID, "body": "x"})
	wantError(t, resp, body, http.StatusNotFound, codeNotFound, msgNotFound)
}

func TestRetrieveAsPlainText(t *testing.T) {
	f := newFixture(t, Options{})
	id := f.conversation(t)
	if _, err := f.sim.ContactReply(id, "It says <error> & stops"); err != nil {
		t.Fatal(err)
	}
	_, body := f.do(t, http.MethodGet, "/conversations/"+id, nil)
	conv := decode(t, body)
	parts := conv["conversation_parts"].(map[string]any)["conversation_parts"].([]any)
	if got := parts[0].(map[string]any)["body"]; got != "<p>It says &lt;error&gt; &amp; stops</p>" {
		t.Fatalf("HTML body %q", got)
	}
	_, body = f.do(t, http.MethodGet, "/conversations/"+id+"?display_as=plaintext", nil)
	parts = decode(t, body)["conversation_parts"].(map[string]any)["conversation_parts"].([]any)
	if got := parts[0].(map[string]any)["body"]; got != "It says <error> & stops" {
		t.Fatalf("plain body %q", got)
	}
	noViolations(t, f.sim)
}
