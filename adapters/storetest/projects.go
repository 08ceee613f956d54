package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
	"github.com/sigsentry/hub/core/triage"
)

var projectTests = map[string]func(t *testing.T, s Stores){
	"RoundTrip":                testProjectRoundTrip,
	"TimesAreUTCMicroseconds":  testProjectTimes,
	"NotFound":                 testProjectNotFound,
	"Update":                   testProjectUpdate,
	"DuplicateSlugConflicts":   testProjectSlugConflict,
	"DuplicateIDConflicts":     testProjectIDConflict,
	"ListPagesNewestFirst":     testProjectList,
	"DeleteCascades":           testProjectDeleteCascades,
	"DeleteRefusedIfConnected": testProjectDeleteRefused,
}

func testProjectRoundTrip(t *testing.T, s Stores) {
	p := createProject(t, s, "shop")
	got, err := s.GetProject(t.Context(), p.ID)
	must(t, err, "get project")
	equal(t, "project", got, p)
}

func testProjectTimes(t *testing.T, s Stores) {
	zone := time.FixedZone("UTC+2", 2*60*60)
	p := &project.Project{ID: core.NewID(core.PrefixProject), Name: "Shop", Slug: "shop",
		Services:  []project.Service{},
		CreatedAt: time.Date(2026, 3, 10, 17, 20, 0, 123456789, zone),
		UpdatedAt: time.Date(2026, 3, 10, 17, 21, 0, 999, zone)}
	must(t, s.CreateProject(t.Context(), p), "create")
	got, err := s.GetProject(t.Context(), p.ID)
	must(t, err, "get")
	equal(t, "created_at", got.CreatedAt, time.Date(2026, 3, 10, 15, 20, 0, 123456000, time.UTC))
	equal(t, "updated_at", got.UpdatedAt, time.Date(2026, 3, 10, 15, 21, 0, 0, time.UTC))
	if got.CreatedAt.Location() != time.UTC {
		t.Errorf("created_at in %v, want UTC", got.CreatedAt.Location())
	}
}

func testProjectNotFound(t *testing.T, s Stores) {
	ctx := t.Context()
	createProject(t, s, "shop")
	missing := core.NewID(core.PrefixProject)
	_, err := s.GetProject(ctx, missing)
	wantCode(t, err, core.ErrNotFound, "get missing project")
	wantMessage(t, err, missing)
	wantCode(t, s.UpdateProject(ctx, &project.Project{ID: missing, Name: "X", Slug: "x", UpdatedAt: base}),
		core.ErrNotFound, "update missing project")
	wantCode(t, s.DeleteProject(ctx, missing), core.ErrNotFound, "delete missing project")
}

func testProjectUpdate(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	other := createProject(t, s, "other")
	p.Name, p.Slug, p.Context = "Shop EU", "shop-eu", "Now in Europe."
	p.Services = []project.Service{{Name: "billing", Aliases: []string{"invoices"}}}
	p.UpdatedAt = at(5)
	must(t, s.UpdateProject(ctx, p), "update")
	got, err := s.GetProject(ctx, p.ID)
	must(t, err, "get")
	equal(t, "updated project", got, p)
	got, err = s.GetProject(ctx, other.ID)
	must(t, err, "get other")
	equal(t, "untouched project", got, other)
}

func testProjectSlugConflict(t *testing.T, s Stores) {
	ctx := t.Context()
	shop := createProject(t, s, "shop")
	dup := &project.Project{ID: core.NewID(core.PrefixProject), Name: "Shop 2", Slug: "shop",
		Services: []project.Service{}, CreatedAt: base, UpdatedAt: base}
	err := s.CreateProject(ctx, dup)
	wantCode(t, err, core.ErrConflict, "create with a taken slug")
	wantMessage(t, err, `"shop"`)
	if f := core.ErrorField(err); f != "slug" {
		t.Errorf("conflict names field %q, want slug", f)
	}
	if _, err := s.GetProject(ctx, dup.ID); core.ErrorCode(err) != core.ErrNotFound {
		t.Errorf("the refused project was stored (get: %v)", err)
	}

	other := createProject(t, s, "other")
	other.Slug = "shop"
	err = s.UpdateProject(ctx, other)
	wantCode(t, err, core.ErrConflict, "update to a taken slug")
	wantMessage(t, err, `"shop"`)
	got, _ := s.GetProject(ctx, shop.ID)
	equal(t, "slug owner", got, shop)
}

func testProjectIDConflict(t *testing.T, s Stores) {
	p := createProject(t, s, "shop")
	again := *p
	again.Slug = "shop-2"
	wantCode(t, s.CreateProject(t.Context(), &again), core.ErrConflict, "create a project id twice")
}

func testProjectList(t *testing.T, s Stores) {
	ctx := t.Context()
	empty, next, err := s.ListProjects(ctx, core.Page{Limit: 3})
	must(t, err, "list empty")
	if len(empty) != 0 || next != "" {
		t.Fatalf("empty store lists %d projects, next %q", len(empty), next)
	}
	var ids []string
	for i := range 7 {
		ids = append(ids, createProject(t, s, fmt.Sprintf("p%d", i)).ID)
	}
	want := newestFirst(ids)

	var got []string
	cursor, pages := "", 0
	for {
		page, next, err := s.ListProjects(ctx, core.Page{Limit: 3, After: cursor})
		must(t, err, "list page")
		pages++
		got = append(got, idsOf(page, func(p *project.Project) string { return p.ID })...)
		if next == "" {
			break
		}
		if next != got[len(got)-1] {
			t.Fatalf("cursor %q is not the last id of the page %q", next, got[len(got)-1])
		}
		if pages > 3 {
			t.Fatalf("more than 3 pages of 3 for 7 projects")
		}
		cursor = next
	}
	equal(t, "ids over 3 pages", got, want)
	if pages != 3 {
		t.Errorf("%d pages, want 3", pages)
	}
	// A page that ends exactly at the last row has no next cursor.
	all, next, err := s.ListProjects(ctx, core.Page{Limit: 7})
	must(t, err, "list 7")
	if len(all) != 7 || next != "" {
		t.Errorf("limit 7 of 7: %d projects, next %q; want 7 and no cursor", len(all), next)
	}
	_, next, _ = s.ListProjects(ctx, core.Page{Limit: 6})
	last, next2, err := s.ListProjects(ctx, core.Page{Limit: 6, After: next})
	must(t, err, "list after 6")
	if len(last) != 1 || next2 != "" || last[0].ID != want[6] {
		t.Errorf("after 6 of 7: %d projects, next %q", len(last), next2)
	}
	// No limit means the default page size.
	def, _, err := s.ListProjects(ctx, core.Page{})
	must(t, err, "list default")
	if len(def) != 7 {
		t.Errorf("default page holds %d projects, want 7", len(def))
	}
}

func testProjectDeleteCascades(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	keep := createProject(t, s, "keep")
	src := createLogSource(t, s, p.ID)
	kept := createLogSource(t, s, keep.ID)
	b := createBinding(t, s, p.ID, binding.StatusInactive, "w1")
	pending := createBinding(t, s, p.ID, binding.StatusPending, "")
	must(t, s.SaveInstallState(ctx, "hash-1", pending.ID, at(10)), "save install state")
	tri := &triage.Result{ID: core.NewID(core.PrefixTriage), BindingID: b.ID, ProjectID: p.ID,
		ConversationID: "c1", Severity: core.SeverityHigh, CreatedAt: base, UpdatedAt: base}
	must(t, s.SaveTriage(ctx, tri), "save triage")
	a := newAnalysis(p.ID, b.ID, "c1", analysis.StatusPending, "")
	must(t, s.CreateAnalysis(ctx, a), "create analysis")

	must(t, s.DeleteProject(ctx, p.ID), "delete project")

	_, err := s.GetProject(ctx, p.ID)
	wantCode(t, err, core.ErrNotFound, "get deleted project")
	_, err = s.GetLogSource(ctx, p.ID, src.ID)
	wantCode(t, err, core.ErrNotFound, "get log source of deleted project")
	_, err = s.GetBinding(ctx, b.ID)
	wantCode(t, err, core.ErrNotFound, "get binding of deleted project")
	_, err = s.ConsumeInstallState(ctx, "hash-1", base)
	wantCode(t, err, core.ErrNotFound, "consume install state of deleted project")
	_, err = s.GetTriage(ctx, b.ID, "c1")
	wantCode(t, err, core.ErrNotFound, "get triage of deleted project")
	_, err = s.GetAnalysis(ctx, a.ID)
	wantCode(t, err, core.ErrNotFound, "get analysis of deleted project")

	got, err := s.GetLogSource(ctx, keep.ID, kept.ID)
	must(t, err, "get log source of another project")
	equal(t, "other project's log source", got, kept)
}

func testProjectDeleteRefused(t *testing.T, s Stores) {
	ctx := t.Context()
	for _, status := range []binding.Status{binding.StatusActive, binding.StatusNeedsReinstall} {
		p := createProject(t, s, "shop-"+string(status))
		b := createBinding(t, s, p.ID, status, "w-"+string(status))
		err := s.DeleteProject(ctx, p.ID)
		wantCode(t, err, core.ErrConflict, "delete a project with a "+string(status)+" binding")
		wantMessage(t, err, "disconnect", "w-"+string(status))
		if _, err := s.GetProject(ctx, p.ID); err != nil {
			t.Fatalf("refused delete removed the project: %v", err)
		}
		if _, err := s.GetBinding(ctx, b.ID); err != nil {
			t.Fatalf("refused delete removed the binding: %v", err)
		}
		b.Status, b.Token, b.UpdatedAt = binding.StatusInactive, nil, at(1)
		must(t, s.UpdateBinding(ctx, b), "disconnect")
		must(t, s.DeleteProject(ctx, p.ID), "delete after disconnecting")
	}
}
