package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sigsentry/hub/core/project"
)

func TestCreateProjectWithCatalogAndContext(t *testing.T) {
	s := newSite(t)
	s.login()
	res := s.submit("/projects/new", "/projects", url.Values{
		"name": {"Shop (EU)"}, "context": {"Web shop; checkout calls the payment provider."},
		"service_rows":              {"3"},
		"services[0].name":          {"checkout"},
		"services[0].aliases":       {"payment, cart ,"},
		"services[0].critical_path": {"on"},
		"services[1].name":          {""}, // a blank row is skipped
		"services[2].name":          {"search"},
	})
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.location, "?done=project_created") {
		t.Fatalf("create: %d %q\n%s", res.status, res.location, res.body)
	}
	page := s.get(res.location)
	for _, want := range []string{"<h1>Shop (EU)</h1>", "Project created.", "<code>shop-eu</code>",
		"payment, cart", "checkout calls the payment provider", `aria-current="page">Overview`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("project page lacks %q", want)
		}
	}
	id := strings.TrimSuffix(strings.TrimPrefix(res.location, "/projects/"), "?done=project_created")
	p, err := s.projects.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Services) != 2 || !p.Services[0].CriticalPath || p.Services[1].Name != "search" ||
		strings.Join(p.Services[0].Aliases, "|") != "payment|cart" {
		t.Errorf("stored catalog: %+v", p.Services)
	}
}

func TestProjectErrorsStandNextToTheirRow(t *testing.T) {
	s := newSite(t)
	s.login()
	res := s.submit("/projects/new", "/projects", url.Values{
		"name": {"Shop"}, "service_rows": {"4"},
		"services[0].name": {"checkout"}, "services[0].aliases": {"pay"},
		"services[2].name": {"billing"}, "services[2].aliases": {"PAY"},
	})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.status)
	}
	// Service 1 of the catalog came from row 2 (row 1 was blank).
	want := `<p class="field-error" id="f-services-2-aliases-error">&#34;PAY&#34; is already used by service &#34;checkout&#34;</p>`
	if !strings.Contains(res.body, want) {
		t.Errorf("error not beside row 2's aliases:\n%s", res.body)
	}
	if !strings.Contains(res.body, `href="#f-services-2-aliases"`) || !strings.Contains(res.body, `aria-invalid="true"`) {
		t.Error("the summary must link to the field, and the field be marked invalid")
	}
	if !strings.Contains(res.body, `value="billing"`) {
		t.Error("typed values must survive the error")
	}
	if s.projectCount() != 0 {
		t.Error("an invalid project was stored")
	}
}

func TestAddRowsKeepsWhatWasTyped(t *testing.T) {
	s := newSite(t)
	s.login()
	res := s.submit("/projects/new", "/projects", url.Values{"action": {"more"}, "name": {"Shop"},
		"service_rows": {"1"}, "services[0].name": {"checkout"}})
	if res.status != http.StatusOK || !strings.Contains(res.body, `name="services[3].name"`) ||
		!strings.Contains(res.body, `value="checkout"`) || s.projectCount() != 0 {
		t.Fatalf("add rows: %d", res.status)
	}
}

func TestEditProject(t *testing.T) {
	s := newSite(t)
	s.login()
	p := s.project("Shop", project.Service{Name: "checkout"})
	edit := s.get("/projects/" + p.ID + "/edit")
	if !strings.Contains(edit.body, `value="checkout"`) {
		t.Fatal("edit form does not show the catalog")
	}
	res := s.submit("/projects/"+p.ID+"/edit", "/projects/"+p.ID+"/edit", url.Values{
		"name": {"Shop"}, "slug": {"shop"}, "context": {"New context"}, "service_rows": {"2"},
		"services[0].name": {""}, "services[1].name": {"search"},
	})
	if res.status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", res.status, res.body)
	}
	got, _ := s.projects.Get(context.Background(), p.ID)
	if got.Context != "New context" || len(got.Services) != 1 || got.Services[0].Name != "search" {
		t.Errorf("after edit: %+v", got)
	}
	if p := s.get("/projects/prj_missing"); p.status != http.StatusNotFound || !strings.Contains(p.body, "<h1>Not found</h1>") {
		t.Errorf("missing project: %d", p.status)
	}
}
