package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	_ "modernc.org/sqlite"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// Proof under load and faults: hubs killed with jobs in flight and desks
// failing in storms must still give every accepted conversation exactly one
// triage note.

// faultLease is the queue lease time of the hubs of these tests: a killed
// hub's jobs run again this long after it leased them (3 min by default).
const faultLease = 5 * time.Second

// faultWorld is a simulator that delivers conversation.user.created by
// itself to a hub address fixed before the hub starts, so that a hub can be
// killed and another started in its place.
type faultWorld struct {
	sim     *intercomsim.Sim
	ws      intercomsim.Workspace
	addr    string
	env     []string
	rdb     *redis.Client // nil in embedded mode
	dataDir string
}

// newFaultWorld starts the simulator (its reply endpoint answering after
// replyDelay, so that posts are in flight) and builds the hub environment.
func newFaultWorld(t *testing.T, redisURL string, replyDelay time.Duration) *faultWorld {
	t.Helper()
	addr := freeAddr(t)
	sim, err := intercomsim.New(intercomsim.Options{
		ClientID: simClientID, ClientSecret: simClientSecret, RequireVersionHeader: true,
		Workspaces:    []intercomsim.Workspace{{ID: "ws000001"}},
		WebhookURL:    "http://" + addr + "/webhooks/intercom",
		WebhookTopics: []string{intercomsim.TopicUserCreated},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/reply") {
			time.Sleep(replyDelay)
		}
		sim.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { srv.Close(); sim.Close() })
	w := &faultWorld{sim: sim, ws: sim.Workspaces()[0], addr: addr, dataDir: t.TempDir()}
	extra := []string{"SIGSENTRY_DATA_DIR=" + w.dataDir, "SIGSENTRY_QUEUE_LEASE_TIME=" + faultLease.String()}
	if redisURL != "" {
		w.rdb = redisDB(t, redisURL)
		extra = append(extra, "SIGSENTRY_REDIS_URL="+redisURL)
	}
	w.env = hubEnv(t, srv.URL, "http://"+addr, extra...)
	return w
}

func (w *faultWorld) startHub(t *testing.T) *hubProcess {
	t.Helper()
	return startHubProcess(t, w.addr, w.env...)
}

var triageSeverity = regexp.MustCompile(`SigSentry triage: (\w+)`)

// faultCounts is the outcome of a run.
type faultCounts struct {
	conversations int
	accepted      int // conversations whose notification got a 200 (at first or redelivered)
	redelivered   int // of which only after a redelivery
	processed     int // accepted conversations with a triage note
	twice         int // conversations with more than one triage note of one severity
	lost          int // accepted, but no triage note
}

// acceptedConversations maps each conversation to whether its
// conversation.user.created notification was answered 200, and returns the
// notifications that never were.
func (w *faultWorld) acceptedConversations(t *testing.T) (ok map[string]bool, refused []string) {
	t.Helper()
	ok = map[string]bool{}
	for _, d := range w.sim.Deliveries() {
		if d.Topic != intercomsim.TopicUserCreated {
			continue
		}
		var n struct {
			Data struct {
				Item struct {
					ID string `json:"id"`
				} `json:"item"`
			} `json:"data"`
		}
		if err := json.Unmarshal(d.Body, &n); err != nil || n.Data.Item.ID == "" {
			t.Fatalf("delivery %s: no conversation id (%v)", d.NotificationID, err)
		}
		ok[n.Data.Item.ID] = ok[n.Data.Item.ID] || d.Status == http.StatusOK
	}
	seen := map[string]bool{}
	for _, d := range w.sim.Deliveries() {
		if d.Topic != intercomsim.TopicUserCreated || seen[d.NotificationID] {
			continue
		}
		seen[d.NotificationID] = true
		if !ok[deliveryConversation(d)] {
			refused = append(refused, d.NotificationID)
		}
	}
	return ok, refused
}

// count reads the notes of every conversation.
func (w *faultWorld) count(convs []string, accepted map[string]bool) faultCounts {
	c := faultCounts{conversations: len(convs)}
	for _, id := range convs {
		bySeverity := map[string]int{}
		notes := 0
		for _, p := range w.sim.Parts(id) {
			if m := triageSeverity.FindStringSubmatch(p.Body); p.PartType == "note" && m != nil {
				bySeverity[m[1]]++
				notes++
			}
		}
		for _, n := range bySeverity {
			if n > 1 {
				c.twice++
				break
			}
		}
		if accepted[id] {
			c.accepted++
			if notes > 0 {
				c.processed++
			} else {
				c.lost++
			}
		}
	}
	return c
}

// addConversations adds n conversations (the sim delivers each webhook by
// itself), calling between(i) before conversation i.
func (w *faultWorld) addConversations(t *testing.T, n int, between func(i int)) []string {
	t.Helper()
	convs := make([]string, n)
	for i := range convs {
		if between != nil {
			between(i)
		}
		id, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{
			Contact: intercomsim.Contact{Name: fmt.Sprintf("Customer %d", i)},
			Body:    customerMessages[i%len(customerMessages)]})
		if err != nil {
			t.Fatal(err)
		}
		convs[i] = id
	}
	return convs
}

// waitDeliveries waits until the sim has finished delivering the n
// notifications of the conversations (answered, refused or failed).
func (w *faultWorld) waitDeliveries(t *testing.T, n int) {
	t.Helper()
	waitFor(t, "the webhook deliveries", 20*time.Second, func() bool {
		got := 0
		for _, d := range w.sim.Deliveries() {
			if d.Topic == intercomsim.TopicUserCreated && d.Attempt == 1 {
				got++
			}
		}
		return got >= n
	})
}

// queueLeft is the number of jobs still queued, leased or waiting to retry.
func (w *faultWorld) queueLeft(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	if c := w.rdb; c != nil {
		left, _ := c.XLen(ctx, "sigsentry:{jobs}:stream").Result()
		waiting, _ := c.ZCard(ctx, "sigsentry:{jobs}:delayed").Result()
		return left + waiting
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(w.dataDir, "sigsentry.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM queue_jobs`).Scan(&n); err != nil {
		t.Fatalf("count the embedded queue: %v", err)
	}
	return n
}

// settle waits until every accepted conversation has a note and the queue
// is empty, then returns the counts.
func (w *faultWorld) settle(t *testing.T, h *hubProcess, convs []string, accepted map[string]bool, within time.Duration) faultCounts {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if c := w.count(convs, accepted); c.lost == 0 && w.queueLeft(t) == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	c := w.count(convs, accepted)
	_, dead := h.api("GET", "/api/v1/dead-jobs", "")
	deadJobs, _ := dead["items"].([]any)
	if left := w.queueLeft(t); left != 0 || len(deadJobs) != 0 {
		t.Errorf("unfinished work: %d jobs left in the queue, %d dead jobs %v", left, len(deadJobs), deadJobs)
	}
	return c
}

func TestHubKilledWithJobsInFlight(t *testing.T) {
	for _, mode := range []string{"embedded", "redis"} {
		t.Run(mode, func(t *testing.T) {
			const conversations = 40
			start := time.Now()
			var redisURL string
			if mode == "redis" {
				redisURL = claimRedisDB(t)
			}
			w := newFaultWorld(t, redisURL, 150*time.Millisecond)
			h := w.startHub(t)
			h.install(w.sim, w.ws)
			// The first posts fail: their jobs wait to retry while the hub dies.
			w.sim.FailNext("replyConversation", http.StatusServiceUnavailable, 12)

			killedAt := -1
			convs := w.addConversations(t, conversations, func(i int) {
				time.Sleep(25 * time.Millisecond)
				if i != conversations/2 {
					return
				}
				// Mid-stream, with notes being posted and retried: SIGKILL.
				killedAt = i
				if err := h.cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				_, _ = h.cmd.Process.Wait()
			})
			w.waitDeliveries(t, conversations)
			notedBefore := 0
			for _, id := range convs {
				if len(notes(w.sim.Parts(id))) > 0 {
					notedBefore++
				}
			}

			// A new hub on the same data directory (and Redis database).
			h2 := w.startHub(t)
			restarted := time.Since(start)
			// Intercom retries what got no 200; do it now.
			accepted, refused := w.acceptedConversations(t)
			firstAccepted := len(accepted)
			for _, ok := range accepted {
				if !ok {
					firstAccepted--
				}
			}
			for _, id := range refused {
				d, err := w.sim.Redeliver(context.Background(), h2.base+"/webhooks/intercom", id)
				if err != nil || d.Status != http.StatusOK {
					t.Fatalf("redelivery of %s to the restarted hub: %d %v", id, d.Status, err)
				}
			}
			accepted, _ = w.acceptedConversations(t)
			c := w.settle(t, h2, convs, accepted, 25*time.Second)
			c.redelivered = len(refused)
			t.Logf("%s: %d conversations, hub SIGKILLed before conversation %d with %d noted; "+
				"accepted %d (%d at first, %d redelivered after the restart), processed %d, posted twice %d, lost %d; "+
				"restarted after %v, settled after %v",
				mode, c.conversations, killedAt, notedBefore, c.accepted, firstAccepted, c.redelivered,
				c.processed, c.twice, c.lost, restarted.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
			if c.accepted != conversations {
				t.Errorf("accepted %d conversations, want all %d after redelivery", c.accepted, conversations)
			}
			if c.lost != 0 {
				t.Errorf("%d accepted conversations lost (no triage note)", c.lost)
			}
			if c.twice != 0 {
				t.Errorf("%d conversations got the same triage note twice", c.twice)
			}
		})
	}
}

func TestDeskStorms(t *testing.T) {
	for _, mode := range []string{"embedded", "redis"} {
		t.Run(mode, func(t *testing.T) { runDeskStorms(t, mode) })
	}
}

func runDeskStorms(t *testing.T, mode string) {
	const conversations = 30
	start := time.Now()
	w, h := startFaultHub(t, mode, 0)

	// Storms: every request rate limited, then 5xx, then again, while the
	// conversations arrive.
	storms := map[int]func(){
		0:  func() { w.sim.FailNext("*", http.StatusTooManyRequests, 25) },
		8:  func() { w.sim.FailNext("*", http.StatusInternalServerError, 15) },
		16: func() { w.sim.FailNext("*", http.StatusServiceUnavailable, 15) },
		22: func() { w.sim.FailNext("*", http.StatusTooManyRequests, 20) },
		26: func() { w.sim.FailNext("*", http.StatusBadGateway, 10) },
	}
	convs := w.addConversations(t, conversations, func(i int) {
		if f := storms[i]; f != nil {
			f()
		}
		time.Sleep(20 * time.Millisecond)
	})
	w.waitDeliveries(t, conversations)
	accepted, redelivered := w.redeliverRefused(t, h)
	c := w.settle(t, h, convs, accepted, 25*time.Second)
	c.redelivered = redelivered
	retries := h.metric("sigsentry_jobs_total", `outcome="retry"`)
	done := h.metric("sigsentry_jobs_total", `kind="event"`, `outcome="done"`)
	t.Logf("%s: %d conversations under 429/5xx storms: accepted %d (%d redelivered), processed %d, posted twice %d, lost %d; "+
		"event jobs done %.0f, job retries %.0f; settled after %v",
		mode, c.conversations, c.accepted, c.redelivered, c.processed, c.twice, c.lost, done, retries,
		time.Since(start).Round(time.Millisecond))
	w.wantEachNotedOnce(t, c, convs)
}

// redeliverRefused redelivers, as Intercom's retry would, every
// conversation's notification that no delivery got a 200 for; each must be
// accepted now. It returns the accepted conversations and how many were
// redelivered.
func (w *faultWorld) redeliverRefused(t *testing.T, h *hubProcess) (accepted map[string]bool, redelivered int) {
	t.Helper()
	_, refused := w.acceptedConversations(t)
	for _, id := range refused {
		d, err := w.sim.Redeliver(context.Background(), h.base+"/webhooks/intercom", id)
		if err != nil || d.Status != http.StatusOK {
			t.Fatalf("redelivery of %s: %d %v", id, d.Status, err)
		}
	}
	accepted, _ = w.acceptedConversations(t)
	return accepted, len(refused)
}

// startFaultHub starts a fault world in mode ("embedded" or "redis") and a
// hub with the simulator's workspace installed.
func startFaultHub(t *testing.T, mode string, replyDelay time.Duration) (*faultWorld, *hubProcess) {
	t.Helper()
	var redisURL string
	if mode == "redis" {
		redisURL = claimRedisDB(t)
	}
	w := newFaultWorld(t, redisURL, replyDelay)
	h := w.startHub(t)
	h.install(w.sim, w.ws)
	return w, h
}

// wantEachNotedOnce: every conversation accepted and processed, none lost,
// none noted twice, and exactly one triage note in each.
func (w *faultWorld) wantEachNotedOnce(t *testing.T, c faultCounts, convs []string) {
	t.Helper()
	if c.accepted != len(convs) || c.processed != len(convs) {
		t.Errorf("accepted %d and processed %d conversations, want %d", c.accepted, c.processed, len(convs))
	}
	if c.lost != 0 || c.twice != 0 {
		t.Errorf("%d lost, %d posted twice", c.lost, c.twice)
	}
	for _, id := range convs {
		if n := len(notes(w.sim.Parts(id))); n != 1 {
			t.Errorf("conversation %s has %d triage notes, want exactly 1", id, n)
		}
	}
}
