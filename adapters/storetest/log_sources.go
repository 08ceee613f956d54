package storetest

import (
	"testing"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

var logSourceTests = map[string]func(t *testing.T, s Stores){
	"RoundTripWithCredentials":  testLogSourceRoundTrip,
	"NotFound":                  testLogSourceNotFound,
	"MissingProject":            testLogSourceMissingProject,
	"IsolatedByProject":         testLogSourceIsolation,
	"Update":                    testLogSourceUpdate,
	"ListInCreationOrder":       testLogSourceList,
	"Delete":                    testLogSourceDelete,
	"NoCredentialsReadsAsEmpty": testLogSourceNoCredentials,
}

func testLogSourceRoundTrip(t *testing.T, s Stores) {
	p := createProject(t, s, "shop")
	src := createLogSource(t, s, p.ID)
	got, err := s.GetLogSource(t.Context(), p.ID, src.ID)
	must(t, err, "get log source")
	equal(t, "log source", got, src)
}

func testLogSourceNotFound(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	missing := newLogSource(p.ID)
	_, err := s.GetLogSource(ctx, p.ID, missing.ID)
	wantCode(t, err, core.ErrNotFound, "get missing log source")
	wantCode(t, s.UpdateLogSource(ctx, missing), core.ErrNotFound, "update missing log source")
	wantCode(t, s.DeleteLogSource(ctx, p.ID, missing.ID), core.ErrNotFound, "delete missing log source")
	_, err = s.ListLogSources(ctx, core.NewID(core.PrefixProject))
	wantCode(t, err, core.ErrNotFound, "list log sources of a missing project")
}

func testLogSourceMissingProject(t *testing.T, s Stores) {
	missing := core.NewID(core.PrefixProject)
	err := s.CreateLogSource(t.Context(), newLogSource(missing))
	wantCode(t, err, core.ErrNotFound, "create a log source for a missing project")
	wantMessage(t, err, missing)
}

// A source id from another project behaves as if it did not exist, and
// writing through the wrong project leaves it untouched.
func testLogSourceIsolation(t *testing.T, s Stores) {
	ctx := t.Context()
	mine := createProject(t, s, "mine")
	theirs := createProject(t, s, "theirs")
	src := createLogSource(t, s, theirs.ID)

	_, err := s.GetLogSource(ctx, mine.ID, src.ID)
	wantCode(t, err, core.ErrNotFound, "get another project's source")
	hijack := *src
	hijack.ProjectID, hijack.Name = mine.ID, "hijacked"
	wantCode(t, s.UpdateLogSource(ctx, &hijack), core.ErrNotFound, "update another project's source")
	wantCode(t, s.DeleteLogSource(ctx, mine.ID, src.ID), core.ErrNotFound, "delete another project's source")
	list, err := s.ListLogSources(ctx, mine.ID)
	must(t, err, "list mine")
	if len(list) != 0 {
		t.Errorf("my project lists %d sources of another project", len(list))
	}
	got, err := s.GetLogSource(ctx, theirs.ID, src.ID)
	must(t, err, "get from its own project")
	equal(t, "untouched source", got, src)
}

func testLogSourceUpdate(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	src := createLogSource(t, s, p.ID)
	src.Name = "Loki EU"
	src.Config = map[string]any{"url": "https://loki-eu.example.com", "query": `{app="eu"}`}
	src.Credentials = map[string]string{"token": "new-token"}
	src.Active = false
	src.UpdatedAt = at(9)
	must(t, s.UpdateLogSource(ctx, src), "update")
	got, err := s.GetLogSource(ctx, p.ID, src.ID)
	must(t, err, "get")
	equal(t, "updated source", got, src)
}

func testLogSourceList(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	other := createProject(t, s, "other")
	var want []*project.LogSource
	for range 3 {
		want = append(want, createLogSource(t, s, p.ID))
	}
	createLogSource(t, s, other.ID)
	got, err := s.ListLogSources(ctx, p.ID)
	must(t, err, "list")
	oldestFirst := newestFirst(idsOf(want, func(s *project.LogSource) string { return s.ID }))
	for i, j := 0, len(oldestFirst)-1; i < j; i, j = i+1, j-1 {
		oldestFirst[i], oldestFirst[j] = oldestFirst[j], oldestFirst[i]
	}
	equal(t, "listed ids", idsOf(got, func(s *project.LogSource) string { return s.ID }), oldestFirst)
	for _, g := range got {
		if len(g.Credentials) != 2 {
			t.Errorf("listed source %s has %d credentials, want them opened", g.ID, len(g.Credentials))
		}
	}
	none := createProject(t, s, "none")
	empty, err := s.ListLogSources(ctx, none.ID)
	must(t, err, "list a project without sources")
	if len(empty) != 0 {
		t.Errorf("empty project lists %d sources", len(empty))
	}
}

func testLogSourceDelete(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	src := createLogSource(t, s, p.ID)
	keep := createLogSource(t, s, p.ID)
	must(t, s.DeleteLogSource(ctx, p.ID, src.ID), "delete")
	_, err := s.GetLogSource(ctx, p.ID, src.ID)
	wantCode(t, err, core.ErrNotFound, "get deleted source")
	wantCode(t, s.DeleteLogSource(ctx, p.ID, src.ID), core.ErrNotFound, "delete twice")
	if _, err := s.GetLogSource(ctx, p.ID, keep.ID); err != nil {
		t.Errorf("deleting one source removed another: %v", err)
	}
}

func testLogSourceNoCredentials(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	src := newLogSource(p.ID)
	src.Type, src.Config, src.Credentials = project.SourceFile, map[string]any{"path": "/var/log/app.log", "format": "json"}, nil
	must(t, s.CreateLogSource(ctx, src), "create without credentials")
	got, err := s.GetLogSource(ctx, p.ID, src.ID)
	must(t, err, "get")
	if got.Credentials == nil || len(got.Credentials) != 0 {
		t.Errorf("credentials = %#v, want an empty map", got.Credentials)
	}
	got.Credentials = nil
	equal(t, "source without credentials", got, src)

	withCreds := createLogSource(t, s, p.ID)
	withCreds.Credentials = map[string]string{}
	must(t, s.UpdateLogSource(ctx, withCreds), "remove every credential")
	got, err = s.GetLogSource(ctx, p.ID, withCreds.ID)
	must(t, err, "get")
	if len(got.Credentials) != 0 {
		t.Errorf("credentials after removing them all: %v", got.CredentialKeys())
	}
}
