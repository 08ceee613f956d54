package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// Proof that an embedded hub whose data directory fills up or turns
// read-only refuses webhooks with 503 (so that Intercom retries them), says
// why once in its log and on /readyz, does not spin, and afterwards, with or
// without a restart, posts exactly one triage note for every conversation
// it accepted: before the fault, and redelivered after it. The disks are
// real: a small tmpfs filled with a filler file, and an ext4 image the
// kernel remounts read-only after an error (see disk_mounts_test.go).

func TestEmbeddedStoreDiskFull(t *testing.T) {
	dir := mountFS(t, "-t", "tmpfs", "-o", "size=16m", "tmpfs")
	r := newDiskRun(t, dir)

	// Accepted before the disk fills; the desk fails their first posts, so
	// most still wait in the queue when it does.
	before, statuses := r.send(12, 24)
	if statuses[http.StatusOK] != len(before) {
		t.Fatalf("webhooks before the fault: %v, want all 200", statuses)
	}
	pending := r.unnoted(before)
	logFrom := r.logLen()
	// A new hub's WAL has only grown so far (no checkpoint yet): every
	// commit needs new space, so every write is refused once the disk is full.
	free := fillDisk(t, dir)
	during, statuses := r.send(8, 0)
	if statuses[http.StatusServiceUnavailable] != len(during) {
		t.Errorf("webhooks while the disk is full: %v, want all 503", statuses)
	}
	r.checkRefusing(during, "disk full", "disk full (SQLITE_FULL): free space on "+dir, logFrom)

	// Space comes back: the same hub takes writes again.
	freedAt := time.Now()
	free()
	waitFor(t, "/readyz after space came back", 15*time.Second, func() bool {
		status, _ := r.readyz()
		return status == http.StatusOK
	})
	readyAfter := time.Since(freedAt)
	c := r.finish("disk full, no restart", len(during))
	if !strings.Contains(strings.Join(r.logLines(logFrom), "\n"), "is writable again") {
		t.Error("the log does not say when the store took writes again")
	}
	t.Logf("disk full, no restart: %d accepted before the fault (%d not yet noted when it came), %d refused with 503; "+
		"ready %v after space came back; accepted %d (%d redelivered), processed %d, posted twice %d, lost %d",
		len(before), pending, len(during), readyAfter.Round(time.Millisecond),
		c.accepted, c.redelivered, c.processed, c.twice, c.lost)

	// Again, but the hub is stopped while the disk is full and started
	// again once there is space.
	before2, statuses := r.send(6, 12)
	if statuses[http.StatusOK] != len(before2) {
		t.Fatalf("webhooks before the second fault: %v, want all 200", statuses)
	}
	pending = r.unnoted(before2)
	free = fillDisk(t, dir)
	tookWhileFull, refused := r.sendUntilRefused(300, 3)
	stopped := r.stopHub()
	free()
	r.h = r.startHub(t)
	c = r.finish("disk full, restarted", refused)
	t.Logf("disk full, restarted: %d accepted before the fault (%d not yet noted), then %d accepted into the room "+
		"SQLite's WAL still had and %d refused with 503; stopped in %v on the full disk; over both runs "+
		"accepted %d (%d redelivered now), processed %d, posted twice %d, lost %d",
		len(before2), pending, tookWhileFull, refused, stopped.Round(time.Millisecond),
		c.accepted, c.redelivered, c.processed, c.twice, c.lost)
}

func TestEmbeddedStoreReadOnly(t *testing.T) {
	disk := mountExt4(t, "64M")
	r := newDiskRun(t, disk.dir)

	before, statuses := r.send(10, 20)
	if statuses[http.StatusOK] != len(before) {
		t.Fatalf("webhooks before the fault: %v, want all 200", statuses)
	}
	pending := r.unnoted(before)
	logFrom := r.logLen()
	disk.goReadOnly() // flushed first: what the hub acknowledged is on the disk
	during, statuses := r.send(6, 0)
	if statuses[http.StatusServiceUnavailable] != len(during) {
		t.Errorf("webhooks while the disk is read-only: %v, want all 503", statuses)
	}
	r.checkRefusing(during, "read-only", filepath.Join(disk.dir, "sigsentry.db")+": read-only (SQLITE_", logFrom)

	// A file system the kernel made read-only stays so until it is
	// unmounted and checked: stop the hub, repair, start it again.
	stopped := r.stopHub()
	disk.repair()
	r.h = r.startHub(t)
	c := r.finish("read-only, restarted", len(during))
	t.Logf("read-only: %d accepted before the fault (%d not yet noted when it came), %d refused with 503; "+
		"stopped in %v; after e2fsck and a restart accepted %d (%d redelivered), processed %d, posted twice %d, lost %d",
		len(before), pending, len(during), stopped.Round(time.Millisecond),
		c.accepted, c.redelivered, c.processed, c.twice, c.lost)
}

// checkRefusing checks what a user sees while the disk refuses writes:
// /readyz not ready with the reason, a webhook answered 503 with
// Retry-After and a plain JSON error, a process that idles instead of
// spinning, and few log lines, one of which names wantLog.
func (r *diskRun) checkRefusing(refused []string, reason, wantLog string, logFrom int) {
	t := r.t
	waitFor(t, "/readyz to report the fault", 5*time.Second, func() bool {
		status, msg := r.readyz()
		return status == http.StatusServiceUnavailable && strings.Contains(msg, reason)
	})
	var d intercomsim.Delivery
	for _, dd := range r.sim.Deliveries() {
		if deliveryConversation(dd) == refused[0] {
			d = dd
		}
	}
	req, _ := http.NewRequest(http.MethodPost, r.h.base+"/webhooks/intercom", bytes.NewReader(d.Body))
	req.Header = d.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
		!strings.Contains(string(raw), `"code":"unavailable"`) || strings.Contains(string(raw), "goroutine") {
		t.Errorf("a webhook while the disk refuses writes: %d, Retry-After %q, %s",
			resp.StatusCode, resp.Header.Get("Retry-After"), raw)
	}
	pid := r.h.cmd.Process.Pid
	cpu := procCPU(pid)
	time.Sleep(3 * time.Second)
	cpu = procCPU(pid) - cpu
	if cpu > 750*time.Millisecond {
		t.Errorf("the hub used %v of CPU in 3 s while the disk refused writes: it spins", cpu)
	}
	if resp, err := http.Get(r.h.base + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the hub stopped serving while the disk refused writes: %v", err)
	} else {
		resp.Body.Close()
	}
	// The fault itself is logged once; other lines may quote it (a failed
	// readiness check logs its error, and /readyz was asked above).
	byMsg := map[string]int{}
	named, said := 0, ""
	for _, l := range r.logLines(logFrom) {
		var e struct{ Level, Msg string }
		_ = json.Unmarshal([]byte(l), &e)
		if e.Level == "ERROR" || e.Level == "WARN" {
			byMsg[e.Level+" "+e.Msg[:min(len(e.Msg), 60)]]++
		}
		if strings.Contains(e.Msg, wantLog) {
			named, said = named+1, e.Level+" "+e.Msg
		}
	}
	counted := r.h.metric("sigsentry_http_requests_total", `code="503"`, `route="/webhooks/{platform}"`)
	t.Logf("while refusing: hub CPU %v in 3 s; webhooks answered 503 in /metrics: %.0f; warnings and errors logged: %v; the fault: %s",
		cpu, counted, byMsg, said)
	if int(counted) < len(refused) {
		t.Errorf("/metrics counts %.0f webhooks answered 503, want at least %d", counted, len(refused))
	}
	if named != 1 {
		t.Errorf("%d log lines say %q, want one (rate-limited)", named, wantLog)
	}
}

// finish redelivers every refused notification (Intercom would, after a
// minute), waits until all work is done and checks the outcome: every
// conversation accepted and noted exactly once, none lost, the database
// intact.
func (r *diskRun) finish(what string, refusedBefore int) faultCounts {
	t := r.t
	_, refused := r.acceptedConversations(t)
	for _, id := range refused {
		d, err := r.sim.Redeliver(context.Background(), r.h.base+"/webhooks/intercom", id)
		if err != nil || d.Status != http.StatusOK {
			t.Fatalf("redelivery of %s after recovery: %d %v", id, d.Status, err)
		}
	}
	accepted, _ := r.acceptedConversations(t)
	c := r.settle(t, r.h, r.convs, accepted, 40*time.Second)
	c.redelivered = len(refused)
	if c.accepted != len(r.convs) || c.processed != len(r.convs) || c.lost != 0 || c.twice != 0 {
		t.Errorf("%s: accepted %d, processed %d of %d conversations, lost %d, posted twice %d",
			what, c.accepted, c.processed, len(r.convs), c.lost, c.twice)
	}
	if c.redelivered != refusedBefore {
		t.Errorf("%s: %d notifications redelivered, want the %d refused", what, c.redelivered, refusedBefore)
	}
	for _, id := range r.convs {
		if n := len(notes(r.sim.Parts(id))); n != 1 {
			t.Errorf("%s: conversation %s has %d triage notes, want exactly 1", what, id, n)
		}
	}
	if got := integrityCheck(t, filepath.Join(r.dataDir, "sigsentry.db")); got != "ok" {
		t.Errorf("%s: PRAGMA integrity_check: %s", what, got)
	}
	return c
}
