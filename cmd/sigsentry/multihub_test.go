package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// customerMessages is a mix of what customers write, from critical to low,
// so that some conversations also start an analysis.
var customerMessages = []string{
	"Checkout fails with error 500 for all our customers since 2pm, we are losing sales!",
	"Search returns an error 500 since this morning",
	"How do I export my invoices?",
	"Login is broken for all users, error 503, nobody can sign in",
	"The payment page is slow today, sometimes it times out",
	"Could you change the email address on my account please?",
}

// webhookAnswerCounts is the hub's answer to a delivery.
type webhookAnswerCounts struct {
	Queued     int `json:"queued"`
	Duplicates int `json:"duplicates"`
	Ignored    int `json:"ignored"`
}

// TestTwoHubsShareRedisAndPostgres runs two hub processes on one Redis and
// one PostgreSQL behind one Intercom workspace. Every notification goes to
// one hub and again to the other (half of them to both at once, together
// with a follow-up message of the same conversation), so each arrives
// twice, in different processes: each conversation must still get exactly
// one triage note, none lost, and both hubs must do work.
func TestTwoHubsShareRedisAndPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two hubs, Redis and PostgreSQL")
	}
	const conversations = 120
	start := time.Now()
	redisURL := claimRedisDB(t)
	rdb := redisDB(t, redisURL)
	dbURL := freshPostgresSchema(t)
	answers := newAnswerRecorder()
	sim, simURL := newSim(t, 1, intercomsim.Options{HTTPClient: answers.client})
	ws := sim.Workspaces()[0]

	addrs := []string{freeAddr(t), freeAddr(t)}
	publicURL := "http://" + addrs[0] // the OAuth redirect goes to hub 1, whichever hub builds it
	env := hubEnv(t, simURL, publicURL,
		"SIGSENTRY_REDIS_URL="+redisURL, "SIGSENTRY_DATABASE_URL="+dbURL,
		"SIGSENTRY_ENCRYPTION_KEY="+testEncryptionKey)
	// Both start at once on the empty schema, as two replicas of a
	// deployment do: the migrations must serialise themselves.
	hubs := make([]*hubProcess, 2)
	var wg sync.WaitGroup
	for i := range hubs {
		wg.Go(func() { hubs[i] = startHubProcess(t, addrs[i], env...) })
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	bindingID := hubs[0].install(sim, ws)
	// Hub 2 sees the binding hub 1 created: the store is PostgreSQL.
	if code, b := hubs[1].api("GET", "/api/v1/bindings/"+bindingID, ""); code != 200 || b["status"] != "active" {
		t.Fatalf("hub 2 does not see the binding: %d %v", code, b)
	}
	t.Logf("two hubs ready and installed after %v", time.Since(start).Round(time.Millisecond))

	convs := make([]string, conversations)
	for i := range convs {
		id, err := sim.AddConversation(ws.ID, intercomsim.Message{
			Contact: intercomsim.Contact{Name: fmt.Sprintf("Customer %d", i)},
			Body:    customerMessages[i%len(customerMessages)]})
		if err != nil {
			t.Fatal(err)
		}
		convs[i] = id
	}

	ctx := context.Background()
	jobs := make(chan int)
	var senders sync.WaitGroup
	for range 8 {
		senders.Go(func() {
			for i := range jobs {
				first, other := hubs[i%2].base+"/webhooks/intercom", hubs[1-i%2].base+"/webhooks/intercom"
				if i%4 < 2 {
					// Delivered to one hub, then redelivered (same
					// notification id, delivery_attempts 2) to the other.
					d, err := sim.Deliver(ctx, first, intercomsim.TopicUserCreated, convs[i])
					if err != nil {
						t.Errorf("deliver: %v", err)
						continue
					}
					if _, err := sim.Redeliver(ctx, other, d.NotificationID); err != nil {
						t.Errorf("redeliver: %v", err)
					}
					continue
				}
				// The same notification to both hubs at the same moment,
				// and with it a follow-up in which the customer repeats
				// themselves (same severity), also to both: two jobs of one
				// conversation run at once, on two hubs or two workers, and
				// must still post one note.
				created, createdHeader, err := sim.Webhook(intercomsim.TopicUserCreated, convs[i])
				if err != nil {
					t.Error(err)
					continue
				}
				if _, err := sim.ContactReply(convs[i], customerMessages[i%len(customerMessages)]); err != nil {
					t.Error(err)
					continue
				}
				reply, replyHeader, err := sim.Webhook(intercomsim.TopicUserReplied, convs[i])
				if err != nil {
					t.Error(err)
					continue
				}
				var both sync.WaitGroup
				for _, url := range []string{first, other} {
					for _, n := range []struct {
						body   []byte
						header http.Header
					}{{created, createdHeader}, {reply, replyHeader}} {
						both.Go(func() {
							req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(n.body))
							req.Header = n.header.Clone()
							if resp, err := answers.client.Do(req); err != nil {
								t.Errorf("post: %v", err)
							} else {
								resp.Body.Close()
							}
						})
					}
				}
				both.Wait()
			}
		})
	}
	for i := range convs {
		jobs <- i
	}
	close(jobs)
	senders.Wait()
	delivered := time.Since(start)

	// Every conversation gets its note; then the queue runs dry (every job,
	// analyses included, finished), after which nothing can post any more.
	triageNotes := func() (missing, extra, analysisExtra int, perConv []int) {
		perConv = make([]int, len(convs))
		for i, c := range convs {
			var analyses int
			for _, p := range sim.Parts(c) {
				if p.PartType != "note" {
					continue
				}
				switch {
				case strings.Contains(p.Body, "SigSentry triage"):
					perConv[i]++
				case strings.Contains(p.Body, "SigSentry analysis"):
					analyses++
				}
			}
			switch {
			case perConv[i] == 0:
				missing++
			case perConv[i] > 1:
				extra += perConv[i] - 1
			}
			analysisExtra += max(0, analyses-1)
		}
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		missing, _, _, _ := triageNotes()
		if missing == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	const stream, delayed = "sigsentry:{jobs}:stream", "sigsentry:{jobs}:delayed"
	var left, waiting int64
	for {
		left, _ = rdb.XLen(ctx, stream).Result()
		waiting, _ = rdb.ZCard(ctx, delayed).Result()
		if left == 0 && waiting == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	settled := time.Since(start)
	missing, extra, analysisExtra, _ := triageNotes()

	answers.mu.Lock()
	defer answers.mu.Unlock()
	processed := []float64{
		hubs[0].metric("sigsentry_jobs_total", `kind="event"`, `outcome="done"`),
		hubs[1].metric("sigsentry_jobs_total", `kind="event"`, `outcome="done"`),
	}
	_, dead := hubs[1].api("GET", "/api/v1/dead-jobs", "")
	deadJobs, _ := dead["items"].([]any)
	t.Logf("%d conversations (half with a follow-up sent with the first message), each notification delivered to both hubs: %d deliveries accepted (%d refused), "+
		"%d queued, %d recognised as duplicates, %d ignored; event jobs done by hub 1: %.0f, hub 2: %.0f; "+
		"triage notes: %d conversations with one (processed), %d lost, %d duplicate notes posted; "+
		"%d duplicate analysis notes; %d dead jobs; jobs left in Redis: %d queued, %d waiting; "+
		"delivered in %v, all settled in %v",
		len(convs), answers.accepted, answers.refused, answers.queued, answers.duplicates, answers.ignored,
		processed[0], processed[1], len(convs)-missing, missing, extra, analysisExtra, len(deadJobs),
		left, waiting, delivered.Round(time.Millisecond), settled.Round(time.Millisecond))

	// Half the conversations have a follow-up: 3 notifications per 2
	// conversations, each delivered twice.
	notifications := len(convs) + len(convs)/2
	if answers.accepted != 2*notifications || answers.refused != 0 {
		t.Errorf("accepted %d deliveries, want %d; refusals: %v", answers.accepted, 2*notifications, answers.refusals)
	}
	if answers.queued != notifications || answers.duplicates != notifications {
		t.Errorf("queued %d and %d duplicates, want %d of each: a notification must be queued exactly once whichever hub gets it",
			answers.queued, answers.duplicates, notifications)
	}
	if missing != 0 {
		t.Errorf("%d conversations lost: no triage note within 30 s", missing)
	}
	if extra != 0 || analysisExtra != 0 {
		t.Errorf("%d duplicate triage notes and %d duplicate analysis notes posted", extra, analysisExtra)
	}
	if left != 0 || waiting != 0 || len(deadJobs) != 0 {
		t.Errorf("unfinished work: %d jobs in the stream, %d waiting to retry, %d dead", left, waiting, len(deadJobs))
	}
	if processed[0]+processed[1] != float64(notifications) || processed[0] == 0 || processed[1] == 0 {
		t.Errorf("event jobs done: hub 1 %.0f, hub 2 %.0f; want %d in all, shared by both", processed[0], processed[1], notifications)
	}
	if v := sim.Violations(); len(v) > 0 {
		t.Errorf("requests Intercom's OpenAPI description refuses: %+v", v)
	}
}

// answerRecorder is the HTTP client of the simulator's deliveries (and of
// the test's own): it keeps what the hub answered to each webhook.
type answerRecorder struct {
	client *http.Client

	mu                          sync.Mutex
	accepted, refused           int
	queued, duplicates, ignored int
	refusals                    []string
}

func newAnswerRecorder() *answerRecorder {
	a := &answerRecorder{}
	a.client = &http.Client{Timeout: 10 * time.Second, Transport: a}
	return a
}

func (a *answerRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || req.Method != http.MethodPost || !strings.HasSuffix(req.URL.Path, "/webhooks/intercom") {
		return resp, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var n webhookAnswerCounts
	jerr := json.Unmarshal(body, &n)
	a.mu.Lock()
	defer a.mu.Unlock()
	if resp.StatusCode != 200 || rerr != nil || jerr != nil {
		a.refused++
		a.refusals = append(a.refusals, fmt.Sprintf("%s: %d %s", req.URL.Host, resp.StatusCode, body))
		return resp, nil
	}
	a.accepted++
	a.queued += n.Queued
	a.duplicates += n.Duplicates
	a.ignored += n.Ignored
	return resp, nil
}
