package httpapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sigsentry/hub/adapters/httpapi"
	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/core/pipeline"
)

// diskFull is what the embedded queue returns while its disk is full: the
// text names the file (for the log), the chain carries the core's
// "unavailable" (for the client).
var diskFull = fmt.Errorf("sqlqueue: enqueue job job_1: commit: embedded store /var/lib/sigsentry/sigsentry.db: %w",
	&sqlstore.StorageFault{Cause: sqlstore.FaultDiskFull, Code: "SQLITE_FULL", Err: errors.New("database or disk is full (13)")})

type failingIngester struct{ err error }

func (f failingIngester) Ingest(context.Context, string, string, []byte, map[string]string) (pipeline.IngestResult, error) {
	return pipeline.IngestResult{}, f.err
}

// A webhook the hub cannot queue because its disk is full is answered 503
// with Retry-After, so that the desk retries it; the answer says why in
// plain words and leaks neither the path nor SQL, and no request logs an
// error of its own (the queue logs the fault once).
func TestWebhookOnAFullDiskIs503(t *testing.T) {
	h := newHub(t, func(d *httpapi.Deps) { d.Ingest = failingIngester{diskFull} })
	r := h.do("POST", "/webhooks/intercom", `{"type":"notification_event"}`, withoutAuth()).
		wantError(t, http.StatusServiceUnavailable, "unavailable", "")
	if r.header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	if msg := r.errField("message"); !strings.Contains(msg, "disk full") {
		t.Errorf("message %q does not say the disk is full", msg)
	}
	if strings.Contains(r.raw, "/var/lib") || strings.Contains(r.raw, "SQLITE") {
		t.Errorf("the answer leaks internals: %s", r.raw)
	}
	if strings.Contains(h.logs.String(), "request failed") {
		t.Errorf("each refused webhook logs an error:\n%s", h.logs)
	}
}

// /readyz names the reason of a check that fails on a full or read-only
// disk, and only the reason: the check's own text stays in the log.
func TestReadyzSaysTheDiskIsFull(t *testing.T) {
	h := newHub(t, func(d *httpapi.Deps) {
		d.Ready = append(d.Ready, httpapi.ReadyCheck{Name: "queue", Check: func(context.Context) error { return diskFull }})
	})
	r := h.do("GET", "/readyz", nil, withoutAuth()).wantError(t, http.StatusServiceUnavailable, "unavailable", "")
	if msg := r.errField("message"); !strings.Contains(msg, "queue (the hub cannot write its data: disk full)") {
		t.Errorf("message %q does not give the reason", msg)
	}
	if strings.Contains(r.raw, "/var/lib") {
		t.Errorf("readyz shows the path to anyone: %s", r.raw)
	}
	if !strings.Contains(h.logs.String(), "/var/lib/sigsentry/sigsentry.db") {
		t.Error("the check's error, with the path, belongs in the log")
	}
}

// An admin API write on a full disk (the real store, capped at its size)
// is 503 "unavailable", not 500 "internal".
func TestAdminWriteOnAFullDiskIs503(t *testing.T) {
	h := newHub(t)
	db := h.store.DB()
	db.SetMaxOpenConns(1) // PRAGMA max_page_count belongs to one connection
	var pages int
	if err := db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		body := fmt.Sprintf(`{"name":"Shop %d","context":%q}`, i, strings.Repeat("a web shop ", 150))
		r := h.do("POST", "/api/v1/projects", body)
		if r.status == http.StatusCreated {
			continue
		}
		r.wantError(t, http.StatusServiceUnavailable, "unavailable", "")
		return
	}
	t.Fatal("100 projects fitted in a database capped at its size")
}
