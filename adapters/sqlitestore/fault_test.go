package sqlitestore_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// A write the disk has no room for is "unavailable" (503, retry later),
// not an internal error, and the store works again once there is room.
// PRAGMA max_page_count stands in for the full disk: SQLite answers a write
// that needs a page beyond it with SQLITE_FULL, as it does for ENOSPC.
func TestFullDiskIsUnavailableNotInternal(t *testing.T) {
	ctx := t.Context()
	s := open(t, filepath.Join(t.TempDir(), "hub.db"), newBox(t))
	defer s.Close()
	db := s.DB()
	db.SetMaxOpenConns(1) // the cap belongs to one connection
	var pages int
	if err := db.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	newProject := func(i int) *project.Project {
		return &project.Project{ID: core.NewID(core.PrefixProject), Name: "Shop",
			Slug: fmt.Sprintf("shop-%d", i), Context: strings.Repeat("context ", 300), Services: []project.Service{}}
	}
	var err error
	created := 0
	for i := 0; i < 200 && err == nil; i++ {
		if err = s.CreateProject(ctx, newProject(i)); err == nil {
			created++
		}
	}
	if err == nil {
		t.Fatal("200 projects fitted in a database capped at its size")
	}
	if code := core.ErrorCode(err); code != core.ErrUnavailable {
		t.Fatalf("write on a full disk: code %q (%v), want unavailable", code, err)
	}
	if msg := core.ErrorMessage(err); msg != "the hub cannot write its data: disk full" {
		t.Errorf("message shown to clients: %q", msg)
	}
	if f := sqlstore.Fault(err); f == nil || f.Code != "SQLITE_FULL" || !strings.Contains(err.Error(), "create project") {
		t.Errorf("error %v: fault %+v, want SQLITE_FULL with what was being done", err, f)
	}
	if _, err := db.ExecContext(ctx, `PRAGMA max_page_count = 1000000`); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateProject(ctx, newProject(1000)); err != nil {
		t.Fatalf("write after space came back: %v", err)
	}
	got, _, err := s.ListProjects(ctx, core.Page{Limit: 500})
	if err != nil || len(got) != created+1 {
		t.Errorf("%d projects after recovery (%v), want %d", len(got), err, created+1)
	}
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
}
