package main

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// The hub of the disk fault tests (disk_faults_test.go) and what they ask
// of it.

// diskRun is one hub on a faulty disk and the conversations sent to it.
type diskRun struct {
	*faultWorld
	t     *testing.T
	h     *hubProcess
	convs []string
}

// newDiskRun starts an embedded hub (no Redis) whose data directory is dir.
func newDiskRun(t *testing.T, dir string) *diskRun {
	w := newFaultWorld(t, "", 0)
	// exec keeps the last of duplicate variables: this one wins.
	w.env = append(w.env, "SIGSENTRY_DATA_DIR="+dir)
	w.dataDir = dir
	r := &diskRun{faultWorld: w, t: t}
	r.h = w.startHub(t)
	r.h.install(w.sim, w.ws)
	return r
}

// deliveredStatuses counts the answers to the first delivery of convs.
func (r *diskRun) deliveredStatuses(convs []string) map[int]int {
	want := map[string]bool{}
	for _, id := range convs {
		want[id] = true
	}
	out := map[int]int{}
	for _, d := range r.sim.Deliveries() {
		if d.Topic == intercomsim.TopicUserCreated && d.Attempt == 1 && want[deliveryConversation(d)] {
			out[d.Status]++
		}
	}
	return out
}

func deliveryConversation(d intercomsim.Delivery) string {
	var n struct {
		Data struct {
			Item struct {
				ID string `json:"id"`
			} `json:"item"`
		} `json:"data"`
	}
	_ = json.Unmarshal(d.Body, &n)
	return n.Data.Item.ID
}

// send opens n conversations (the simulator delivers their webhooks) and
// returns the answers they got. The desk fails failPosts note posts first,
// so that accepted jobs are still queued, waiting to retry, when a fault
// comes.
func (r *diskRun) send(n, failPosts int) (convs []string, statuses map[int]int) {
	if failPosts > 0 {
		r.sim.FailNext("replyConversation", http.StatusServiceUnavailable, failPosts)
	}
	convs = r.addConversations(r.t, n, func(int) { time.Sleep(20 * time.Millisecond) })
	r.convs = append(r.convs, convs...)
	r.waitDeliveries(r.t, len(r.convs))
	return convs, r.deliveredStatuses(convs)
}

// sendUntilRefused opens conversations one at a time until a webhook is
// refused, at most max, then more: on a disk filled after SQLite checkpointed
// its WAL, SQLite still writes over the WAL's old frames, and a job it
// commits there is durable, so a 200 is right until the WAL reaches its old
// size. Any answer but 200 and 503 is an error. It returns how many were
// accepted and refused.
func (r *diskRun) sendUntilRefused(max, more int) (accepted, refused int) {
	one := func() {
		_, statuses := r.send(1, 0)
		accepted += statuses[http.StatusOK]
		refused += statuses[http.StatusServiceUnavailable]
		if statuses[http.StatusOK]+statuses[http.StatusServiceUnavailable] != 1 {
			r.t.Errorf("a webhook while the disk is full: %v, want 200 (room left) or 503", statuses)
		}
	}
	for refused == 0 && accepted < max {
		one()
	}
	if refused == 0 {
		r.t.Fatalf("%d webhooks accepted on a full disk and none refused", accepted)
	}
	for range more {
		one()
	}
	return accepted, refused
}

// unnoted counts accepted conversations without a triage note yet.
func (r *diskRun) unnoted(convs []string) int {
	n := 0
	for _, id := range convs {
		if len(notes(r.sim.Parts(id))) == 0 {
			n++
		}
	}
	return n
}

// readyz returns the status and error message of GET /readyz.
func (r *diskRun) readyz() (int, string) {
	resp, err := http.Get(r.h.base + "/readyz")
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Error.Message
}

// logLines returns the hub's log lines from line from on.
func (r *diskRun) logLines(from int) []string {
	b, _ := os.ReadFile(r.h.stderr)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return lines[min(from, len(lines)):]
}

// integrityCheck runs PRAGMA integrity_check on the hub's database, read
// only, beside the running hub.
func integrityCheck(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&out); err != nil {
		return err.Error()
	}
	return out
}

// stopHub sends SIGTERM and waits, returning how long the hub took.
func (r *diskRun) stopHub() time.Duration {
	start := time.Now()
	if err := r.h.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		r.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := r.h.cmd.Process.Wait(); done <- err }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		r.t.Fatalf("the hub did not stop within 20 s of SIGTERM with its disk refusing writes\n%s", r.h.logTail(20))
	}
	return time.Since(start)
}

// logLen is the number of lines in the hub's log so far.
func (r *diskRun) logLen() int { return len(r.logLines(0)) }
