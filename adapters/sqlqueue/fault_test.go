package sqlqueue_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// lockedBuffer is a log destination safe for the queue's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// capPages caps the database at its current size, the way a full disk
// does: SQLite answers SQLITE_FULL to a write that needs a new page. The
// cap is per connection, so the pool is held to one.
func capPages(t *testing.T, db *sql.DB, extra int) {
	t.Helper()
	db.SetMaxOpenConns(1)
	var pages int
	if err := db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+extra)); err != nil {
		t.Fatal(err)
	}
}

// A full disk refuses new jobs with an error that reads as unavailable and
// names the file, logs it once for many refusals, keeps the queued jobs,
// and everything resumes once space is back.
func TestFullDiskRefusesJobsAndRecovers(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "hub.db")
	db := openSQLite(t, path)
	logs := &lockedBuffer{}
	opts := suiteOptions
	opts.Logger = slog.New(slog.NewTextHandler(logs, nil))
	q := newQueue(t, db, sqlstore.SQLite, opts)
	payload := []byte(strings.Repeat("x", 2000))
	if ok, err := q.EnqueueOnce(ctx, "before", time.Hour, pipeline.Job{Kind: pipeline.KindEvent, Payload: payload}); !ok || err != nil {
		t.Fatalf("enqueue before the fault: %v %v", ok, err)
	}

	capPages(t, db, 0)
	var refused error
	accepted := 0
	for i := 0; i < 500 && refused == nil; i++ {
		_, refused = q.EnqueueOnce(ctx, fmt.Sprintf("k%d", i), time.Hour, pipeline.Job{Kind: pipeline.KindEvent, Payload: payload})
		if refused == nil {
			accepted++
		}
	}
	if refused == nil {
		t.Fatal("500 enqueues of 2 kB fitted in a database capped at its size")
	}
	f := sqlstore.Fault(refused)
	if f == nil || f.Cause != sqlstore.FaultDiskFull || f.Code != "SQLITE_FULL" {
		t.Fatalf("refusal %v classified as %+v, want disk full (SQLITE_FULL)", refused, f)
	}
	if core.ErrorCode(refused) != core.ErrUnavailable {
		t.Errorf("refusal has code %q, want unavailable (a 503 the desk retries)", core.ErrorCode(refused))
	}
	want := fmt.Sprintf("embedded store %s: disk full (SQLITE_FULL): free space on %s", path, filepath.Dir(path))
	if !strings.Contains(refused.Error(), want) {
		t.Errorf("refusal %q does not say %q", refused, want)
	}
	// The readiness check reports it, and a due job is not leased while the
	// last write was refused less than a second ago: the workers wait.
	if err := q.Ping(ctx); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Ping on a full disk: %v", err)
	}
	if l, err := q.Lease(ctx, "w", 100*time.Millisecond); l != nil || err != nil {
		t.Errorf("Lease right after a refused write: %v %v, want nothing and no error", l != nil, err)
	}
	for i := range 20 {
		if _, err := q.EnqueueOnce(ctx, fmt.Sprintf("again%d", i), time.Hour, pipeline.Job{Kind: pipeline.KindEvent, Payload: payload}); err == nil {
			t.Fatal("a refused write went through without space")
		}
	}
	if n := strings.Count(logs.String(), "disk full (SQLITE_FULL)"); n != 1 {
		t.Errorf("%d log lines about the full disk for 21 refusals, want 1:\n%s", n, logs)
	}

	// Space comes back: jobs are accepted again, the queued ones lease, and
	// the recovery is logged once the writes have gone through for a while.
	if _, err := db.Exec(`PRAGMA max_page_count = 1000000`); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2100 * time.Millisecond) // faultQuiet
	if ok, err := q.EnqueueOnce(ctx, "after", time.Hour, pipeline.Job{Kind: pipeline.KindEvent, Payload: payload}); !ok || err != nil {
		t.Fatalf("enqueue after space came back: %v %v", ok, err)
	}
	if err := q.Ping(ctx); err != nil {
		t.Errorf("Ping after recovery: %v", err)
	}
	leased := 0
	for {
		l, err := q.Lease(ctx, "w", 50*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		if l == nil {
			break
		}
		if err := q.Ack(ctx, l); err != nil {
			t.Fatal(err)
		}
		leased++
	}
	if leased != accepted+2 {
		t.Errorf("leased %d jobs, want the %d accepted (before, during and after the fault)", leased, accepted+2)
	}
	t.Logf("accepted %d during the fault; log:\n%s", accepted, logs)
	if !strings.Contains(logs.String(), "is writable again") {
		t.Errorf("no recovery line in the log:\n%s", logs)
	}
	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
}

// Errors other than the disk's pass through unchanged.
func TestFaultClassifiesOnlyTheDisk(t *testing.T) {
	for _, err := range []error{nil, fmt.Errorf("boom"), &core.Error{Code: core.ErrNotFound, Message: "x"}} {
		if f := sqlstore.Fault(err); f != nil {
			t.Errorf("Fault(%v) = %+v, want nil", err, f)
		}
	}
}
