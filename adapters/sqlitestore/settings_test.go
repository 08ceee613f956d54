package sqlitestore_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

// Every pooled connection runs with the settings a concurrent server needs.
func TestConnectionSettings(t *testing.T) {
	ctx := t.Context()
	s := open(t, filepath.Join(t.TempDir(), "hub.db"), newBox(t))
	defer s.Close()
	db := s.DB()
	db.SetMaxIdleConns(4)
	conns := 0
	for range 3 { // hold three connections at once so they are distinct
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conns++
		for pragma, want := range map[string]string{
			"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "synchronous": "1",
		} {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("connection %d: PRAGMA %s = %s, want %s", conns, pragma, got, want)
			}
		}
	}
}

// Transactions that read before they write (DeleteProject) run alongside
// plain writes without "database is locked" errors: write transactions
// begin IMMEDIATE and wait on busy_timeout instead of failing.
func TestConcurrentWritersDoNotFail(t *testing.T) {
	ctx := t.Context()
	s := open(t, filepath.Join(t.TempDir(), "hub.db"), newBox(t))
	defer s.Close()
	const workers, rounds = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, 4*workers*rounds)
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				p := &project.Project{ID: core.NewID(core.PrefixProject), Name: "P",
					Slug: fmt.Sprintf("p%d-%d", w, r), Services: []project.Service{}}
				errs <- s.CreateProject(ctx, p)
				b := binding.NewPending(p.ID, "intercom", p.CreatedAt)
				errs <- s.CreateBinding(ctx, b)
				errs <- s.RecordActivity(ctx, b.ID, binding.Activity{LastWebhookAt: &p.CreatedAt})
				errs <- s.DeleteProject(ctx, p.ID)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	left, _, err := s.ListProjects(ctx, core.Page{})
	if err != nil || len(left) != 0 {
		t.Errorf("%d projects left, err %v", len(left), err)
	}
}
