package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/pipeline"
)

const deskToken = "intercom-access-token-never-shown"

// connected installs a binding through the dashboard and makes it active
// as a completed OAuth install would.
func (s *site) connected(projectID string) *binding.Binding {
	s.t.Helper()
	res := s.submit("/projects/"+projectID+"/support-desk", "/projects/"+projectID+"/support-desk/connect",
		url.Values{"platform": {"intercom"}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "https://desk.example/oauth?state=") {
		s.t.Fatalf("connect: %d %q\n%s", res.status, res.location, res.body)
	}
	u, _ := url.Parse(res.location)
	b, err := s.bindings.Get(context.Background(), u.Query().Get("binding"))
	if err != nil || b.Status != binding.StatusPending {
		s.t.Fatalf("pending binding: %+v %v", b, err)
	}
	b.Status, b.WorkspaceID = binding.StatusActive, "ws_42"
	b.Token = &binding.Token{AccessToken: deskToken}
	b.Desk = map[string]string{"region": "eu"}
	if err := s.store.UpdateBinding(context.Background(), b); err != nil {
		s.t.Fatal(err)
	}
	return b
}

func TestSupportDeskListsPlatformsAndBindingsWithHints(t *testing.T) {
	s := newSite(t)
	s.login()
	p := s.project("Shop")
	desk := s.get("/projects/" + p.ID + "/support-desk")
	if !strings.Contains(desk.body, `id="connect-intercom">Intercom</button>`) || !strings.Contains(desk.body, "Nothing connected yet") {
		t.Fatalf("connect platform list:\n%s", desk.body)
	}
	b := s.connected(p.ID)
	b.Status, b.StatusReason = binding.StatusNeedsReinstall, "the desk answered 401"
	_ = s.store.UpdateBinding(context.Background(), b)
	at := s.clock.Now().Add(-3 * time.Minute)
	_ = s.store.RecordActivity(context.Background(), b.ID, binding.Activity{LastWebhookAt: &at,
		LastError: "post note: 401 unauthorized", LastErrorAt: &at})

	desk = s.get("/projects/" + p.ID + "/support-desk")
	for _, want := range []string{"needs reinstall", b.Hint(), "the desk answered 401",
		"post note: 401 unauthorized", "3 minutes ago", "/bindings/" + b.ID} {
		if !strings.Contains(desk.body, strings.ReplaceAll(want, "'", "&#39;")) {
			t.Errorf("support desk page lacks %q", want)
		}
	}
	if strings.Contains(desk.body, deskToken) || strings.Contains(s.get("/bindings/"+b.ID).body, deskToken) {
		t.Fatal("the desk token was rendered")
	}
}

func TestConfigureShowsEveryErrorAtItsField(t *testing.T) {
	s := newSite(t)
	s.login()
	b := s.connected(s.project("Shop").ID)
	page := "/bindings/" + b.ID
	form := url.Values{"posting_mode": {"public"}, "auto_analyze_threshold": {"medium"}, "time_buffer_hours": {"30"},
		"attribute_mapping.severity": {"sev"}, "public_reply_template": {"Hello {{.Customer}"}}
	res := s.submit(page, page+"/configure", form)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.status)
	}
	for _, want := range []string{
		`<p class="field-error" id="f-public_reply_template-error">Template does not parse`,
		`<p class="field-error" id="f-time_buffer_hours-error">Must be between 1 and 24 hours (got 30)</p>`,
		`href="#f-public_reply_template"`, `href="#f-time_buffer_hours"`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("answer lacks %q", want)
		}
	}
	if strings.Contains(res.body, `id="reply-preview"`) {
		t.Error("no preview for a template that does not parse")
	}
	if !strings.Contains(res.body, `Hello {{.Customer}</textarea>`) || !strings.Contains(res.body, `value="public" checked`) {
		t.Error("the typed settings must be shown again")
	}
	got, _ := s.bindings.Get(context.Background(), b.ID)
	if got.Config.PostingMode != binding.PostInternal {
		t.Error("an invalid form changed the settings")
	}
	// A field the template does not have is caught with the sample data.
	form.Set("time_buffer_hours", "4")
	form.Set("public_reply_template", "Hi {{.Customer}}")
	res = s.submit(page, page+"/configure", form)
	if !strings.Contains(res.body, `id="f-public_reply_template-error">Template fails on sample data`) {
		t.Errorf("unknown field not reported at the template:\n%s", res.body)
	}
}

func TestPreviewAndSaveSettings(t *testing.T) {
	s := newSite(t)
	s.login()
	b := s.connected(s.project("Shop").ID)
	page := "/bindings/" + b.ID
	form := url.Values{"action": {"preview"}, "posting_mode": {"both"}, "auto_analyze_threshold": {"critical"},
		"time_buffer_hours": {"6"}, "attribute_mapping.severity": {"sigsentry_severity"},
		"public_reply_template": {"{{.ProjectName}}: we look into {{.AffectedService}}. {{.AnalysisURL}}"}}
	res := s.submit(page, page+"/configure", form)
	if res.status != http.StatusOK || !strings.Contains(res.body, "Shop: we look into checkout. "+s.srv.URL+"/analyses/ana_example</output>") {
		t.Fatalf("preview: %d\n%s", res.status, res.body)
	}
	if got, _ := s.bindings.Get(context.Background(), b.ID); got.Config.PostingMode != binding.PostInternal {
		t.Fatal("preview saved the settings")
	}
	form.Set("action", "save")
	res = s.submit(page, page+"/configure", form)
	if res.status != http.StatusSeeOther || !strings.Contains(s.get(res.location).body, "Settings saved.") {
		t.Fatalf("save: %d %q", res.status, res.location)
	}
	got, _ := s.bindings.Get(context.Background(), b.ID)
	c := got.Config
	if c.PostingMode != binding.PostBoth || c.AutoAnalyzeThreshold != "critical" || c.TimeBufferHours != 6 ||
		len(c.AttributeMapping) != 1 || c.AttributeMapping["severity"] != "sigsentry_severity" {
		t.Errorf("saved config: %+v", c)
	}
}

func TestDisconnectAsksAndSaysWhatItDoes(t *testing.T) {
	s := newSite(t)
	s.login()
	b := s.connected(s.project("Shop").ID)
	confirm := s.get("/bindings/" + b.ID + "/disconnect")
	for _, want := range []string{"revokes SigSentry", "inactive", "past analyses", `id="confirm-disconnect"`} {
		if !strings.Contains(confirm.body, want) {
			t.Errorf("confirmation lacks %q", want)
		}
	}
	if got, _ := s.bindings.Get(context.Background(), b.ID); got.Status != binding.StatusActive {
		t.Fatal("opening the confirmation disconnected")
	}
	res := s.submit("/bindings/"+b.ID+"/disconnect", "/bindings/"+b.ID+"/disconnect", nil)
	if res.status != http.StatusSeeOther {
		t.Fatalf("disconnect: %d", res.status)
	}
	after := s.get(res.location)
	if got, _ := s.bindings.Get(context.Background(), b.ID); got.Status != binding.StatusInactive {
		t.Fatalf("status after disconnect: %s", got.Status)
	}
	if !strings.Contains(after.body, "Disconnected.") || !strings.Contains(after.body, "Connect Intercom again") ||
		strings.Contains(after.body, `action="/bindings/`+b.ID+`/configure"`) {
		t.Errorf("page after disconnect:\n%s", after.body)
	}
}

func TestDeadJobsOfTheBindingAndRetry(t *testing.T) {
	s := newSite(t)
	s.login()
	b := s.connected(s.project("Shop").ID)
	s.dead.jobs = []pipeline.DeadJob{
		{Job: pipeline.Job{ID: "job_mine", Kind: pipeline.KindEvent, Attempt: 5,
			Payload: []byte(`{"binding_id":"` + b.ID + `","event":{"text":"customer secret text"}}`)},
			Reason: "desk refused the token", DiedAt: time.Now()},
		{Job: pipeline.Job{ID: "job_other", Kind: pipeline.KindAnalysis, Payload: []byte(`{"binding_id":"bnd_other"}`)}},
	}
	page := s.get("/bindings/" + b.ID)
	if !strings.Contains(page.body, "job_mine") || !strings.Contains(page.body, "desk refused the token") ||
		strings.Contains(page.body, "job_other") || strings.Contains(page.body, "customer secret text") {
		t.Fatalf("dead jobs section:\n%s", page.body)
	}
	res := s.submit("/bindings/"+b.ID, "/bindings/"+b.ID+"/dead-jobs/job_mine/retry", nil)
	if res.status != http.StatusSeeOther || len(s.dead.revived) != 1 {
		t.Fatalf("retry: %d %v", res.status, s.dead.revived)
	}
}

func TestActiveBindingWithoutWebhooksSaysWhatToCheck(t *testing.T) {
	s := newSite(t)
	s.login()
	b := s.connected(s.project("Shop").ID)
	want := "No webhook has arrived yet. If conversations are coming in, check the app&#39;s webhook URL (" + s.srv.URL + "/webhooks/intercom)"
	if body := s.get("/bindings/" + b.ID).body; !strings.Contains(body, want) {
		t.Fatalf("binding page lacks the hint %q", want)
	}
	at := s.clock.Now()
	_ = s.store.RecordActivity(context.Background(), b.ID, binding.Activity{LastWebhookAt: &at})
	if body := s.get("/bindings/" + b.ID).body; strings.Contains(body, "No webhook has arrived") {
		t.Error("the hint stays after a webhook arrived")
	}
}
