package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// Proof that log sources which hang or answer garbage cost an analysis no
// more than its deadline and never the conversation its note: every
// high-severity conversation gets one triage note and one analysis note, the
// analysis ends partial naming the broken sources, and nothing runs twice.

const (
	// lsfLease is the queue lease of these hubs; each job may take two
	// thirds of it (wiring.jobTimeout), which bounds an analysis.
	lsfLease      = 6 * time.Second
	lsfJobTimeout = lsfLease * 2 / 3
	// lsfConversations high-severity conversations, each one analysis.
	lsfConversations = 10
)

// Secrets the HTTP sources are configured with; the garbage servers echo
// them back, and none may reach an analysis, a note or the hub's log.
const (
	lsfHangToken     = "lsf-hang-bearer-7Hq2vX9kLm"
	lsfTrickleKey    = "lsf-trickle-apikey-Zp4Wc8Rt"
	lsfGarbageLokiPW = "lsf-garbage-loki-pw-Qs5Nb1Ye"
	lsfGarbageESKey  = "lsf-garbage-es-key-Uk3Jd6Hg"
)

var lsfSecrets = []string{lsfHangToken, lsfTrickleKey, lsfGarbageLokiPW, lsfGarbageESKey}

// faultyServer is a log server on loopback that misbehaves. It records how
// long it held each request before the client gave up.
type faultyServer struct {
	*httptest.Server
	requests atomic.Int64
	mu       sync.Mutex
	held     []time.Duration
}

func (s *faultyServer) hold(d time.Duration) {
	s.mu.Lock()
	s.held = append(s.held, d)
	s.mu.Unlock()
}

func (s *faultyServer) longestHold() (time.Duration, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.held) == 0 {
		return 0, 0
	}
	return slices.Max(s.held), len(s.held)
}

// newFaultyServer serves h; its handlers are released when the test ends
// (httptest.Server.Close waits for them).
func newFaultyServer(t *testing.T, h func(s *faultyServer, stop <-chan struct{}, w http.ResponseWriter, r *http.Request)) *faultyServer {
	t.Helper()
	s := &faultyServer{}
	stop := make(chan struct{})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		h(s, stop, w, r)
	}))
	t.Cleanup(func() { close(stop); s.Close() })
	return s
}

// hangingServer reads the request and never answers, not even the headers.
func hangingServer(t *testing.T) *faultyServer {
	return newFaultyServer(t, func(s *faultyServer, stop <-chan struct{}, w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		select {
		case <-r.Context().Done():
			s.hold(time.Since(start))
		case <-stop:
		}
	})
}

// tricklingServer answers 200 at once, then one byte of a search result
// every 50 ms, forever.
func tricklingServer(t *testing.T) *faultyServer {
	return newFaultyServer(t, func(s *faultyServer, stop <-chan struct{}, w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"took":1,"timed_out":false,"hits":{"hits":[`))
		w.(http.Flusher).Flush()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				s.hold(time.Since(start))
				return
			case <-stop:
				return
			case <-tick.C:
				if _, err := w.Write([]byte(" ")); err != nil {
					s.hold(time.Since(start))
					return
				}
				w.(http.Flusher).Flush()
			}
		}
	})
}

// garbageServer answers every request 200 with the next of bodies, some of
// which echo the request's credentials back (as a confused proxy might).
func garbageServer(t *testing.T, bodies []func(auth string) []byte) *faultyServer {
	return newFaultyServer(t, func(s *faultyServer, stop <-chan struct{}, w http.ResponseWriter, r *http.Request) {
		n := s.requests.Load() - 1
		auth := r.Header.Get("Authorization")
		if user, pw, ok := r.BasicAuth(); ok {
			auth += " (" + user + ":" + pw + ")"
		}
		body := bodies[int(n)%len(bodies)](auth)
		if bytes.HasPrefix(body, []byte("<")) {
			w.Header().Set("Content-Type", "text/html")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		_, _ = w.Write(body)
	})
}

func binaryGarbage() []byte {
	b := make([]byte, 4096)
	_, _ = rand.Read(b)
	b[0] = 0 // never valid JSON, whatever the rest
	return b
}

func constBody(s string) func(string) []byte { return func(string) []byte { return []byte(s) } }

var lokiGarbage = []func(auth string) []byte{
	constBody(`<html><body><h1>502 Bad Gateway</h1></body></html>`),
	constBody(`{"status":"success","data":{"resultType":"streams","result":[{"stream":{"app":"shop"},"values":[["17`),
	constBody(`{"status":"success","data":{"resultType":"streams","result":{"stream":"shop","values":42}}}`),
	func(string) []byte { return binaryGarbage() },
	func(auth string) []byte {
		return fmt.Appendf(nil, `{"status":"error","errorType":"unauthorized","error":"credentials %s rejected"}`, auth)
	},
	constBody(`{}`),
	constBody(`{"status":"success","data":{"resultType":"streams","result":[{"stream":{"app":"shop"},"values":[["yesterday","checkout failed"]]}]}}`),
}

var elasticGarbage = []func(auth string) []byte{
	constBody(`<!doctype html><html><body>Kibana</body></html>`),
	constBody(`{"took":3,"timed_out":false,"hits":{"hits":[{"_index":"logs","_id":"1","_source":{"message":"chec`),
	constBody(`{"took":3,"hits":{"hits":{"_id":"1"}}}`),
	func(string) []byte { return binaryGarbage() },
	func(auth string) []byte {
		return fmt.Appendf(nil, `{"_shards":{"total":2,"failed":1,"failures":[{"reason":{"type":"security_exception","reason":"unable to authenticate with %s"}}]},"hits":{"hits":[]}}`, auth)
	},
	constBody(`{}`),
	constBody(`{"status":"ok","cluster":"green"}`),
}

// writeGarbledLog writes real lines of the "ledger" service over the last
// four hours, three of them naming kim@example.com in the last minutes,
// with garbage between them: binary, a line over the 1 MiB line limit that
// also names kim@example.com, invalid UTF-8, cut JSON, NULs.
func writeGarbledLog(t *testing.T, dir string) string {
	t.Helper()
	var b bytes.Buffer
	now := time.Now().UTC()
	i := 0
	for ts := now.Add(-4 * time.Hour); ts.Before(now); ts = ts.Add(20 * time.Second) {
		i++
		fmt.Fprintf(&b, `{"time":%q,"level":"info","service":"ledger","msg":"balance synced in %dms"}`+"\n", ts.Format(time.RFC3339), i%90)
		switch i % 97 {
		case 11:
			bin := binaryGarbage()
			b.Write(bytes.ReplaceAll(bin, []byte("\n"), []byte("\x00")))
			b.WriteByte('\n')
		case 23:
			fmt.Fprintf(&b, `{"time":%q,"level":"warn","service":"ledger","msg":"caf\xe9 cr\xe8me \xff\xfe name from a latin-1 client"}`+"\n", ts.Format(time.RFC3339))
		case 37:
			fmt.Fprintf(&b, `{"time":%q,"level":"err`+"\n", ts.Format(time.RFC3339))
		case 51:
			b.WriteString("\x00\x00\x00\x00\r\n")
		case 67:
			b.WriteString("not a log line at all, just words \xc3\x28\n")
		}
	}
	for _, ago := range []time.Duration{6 * time.Minute, 5 * time.Minute, 4 * time.Minute} {
		fmt.Fprintf(&b, `{"time":%q,"level":"error","service":"ledger","msg":"refund failed for kim@example.com"}`+"\n", now.Add(-ago).Format(time.RFC3339))
	}
	fmt.Fprintf(&b, `{"time":%q,"level":"error","service":"ledger","msg":"%s kim@example.com"}`+"\n",
		now.Add(-3*time.Minute).Format(time.RFC3339), strings.Repeat("A", 2<<20))
	path := filepath.Join(dir, "ledger.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// secretIn returns the text around the first of lsfSecrets in s, or "".
func secretIn(s string) string {
	for _, secret := range lsfSecrets {
		if i := strings.Index(s, secret); i >= 0 {
			return s[max(0, i-120):min(len(s), i+len(secret)+40)]
		}
	}
	return ""
}

// lsfCounts is the outcome of a run.
type lsfCounts struct {
	accepted  int // conversations whose notification got a 200
	processed int // of which with a triage note
	analyzed  int // of which with an analysis note
	twice     int // conversations with a triage or analysis note posted more than once
	lost      int // accepted, but without a triage note or without an analysis note
}

var analysisLink = regexp.MustCompile(`/analyses/(ana_[A-Za-z0-9_-]+)`)

func TestLogSourcesHangingOrGarbage(t *testing.T) {
	for _, mode := range []string{"embedded", "redis"} {
		t.Run(mode, func(t *testing.T) {
			start := time.Now()
			var redisURL string
			if mode == "redis" {
				redisURL = claimRedisDB(t)
			}
			w := newFaultWorld(t, redisURL, 0)
			// Last one wins: this test's lease, and the workers' job timeout with it.
			w.env = append(w.env, "SIGSENTRY_QUEUE_LEASE_TIME="+lsfLease.String())
			h := w.startHub(t)
			bindingID := h.install(w.sim, w.ws)
			_, b := h.api("GET", "/api/v1/bindings/"+bindingID, "")
			projectID, _ := b["project_id"].(string)

			hang, trickle := hangingServer(t), tricklingServer(t)
			lokiJunk, esJunk := garbageServer(t, lokiGarbage), garbageServer(t, elasticGarbage)
			logs := t.TempDir()
			sources := []struct{ name, body string }{
				// No timeout of their own (60 s per request by default): only the analysis's deadline stops them.
				{"loki-hang", fmt.Sprintf(`{"type":"loki","config":{"url":%q,"query":"{app=\"shop\"}"},"credentials":{"bearer_token":%q}}`, hang.URL, lsfHangToken)},
				{"elastic-trickle", fmt.Sprintf(`{"type":"elastic","config":{"url":%q,"index":"logs-*"},"credentials":{"api_key":%q}}`, trickle.URL, lsfTrickleKey)},
				{"loki-garbage", fmt.Sprintf(`{"type":"loki","config":{"url":%q,"query":"{app=\"shop\"}","username":"hub"},"credentials":{"password":%q}}`, lokiJunk.URL, lsfGarbageLokiPW)},
				{"elastic-garbage", fmt.Sprintf(`{"type":"elastic","config":{"url":%q,"index":"logs-*"},"credentials":{"api_key":%q}}`, esJunk.URL, lsfGarbageESKey)},
				{"ledger-garbled", fmt.Sprintf(`{"type":"file","config":{"path":%q,"format":"json"}}`, writeGarbledLog(t, logs))},
				{"app", fmt.Sprintf(`{"type":"file","config":{"path":%q,"format":"json"}}`, writeLiveIncident(t, logs))},
			}
			for _, s := range sources {
				body := `{"name":"` + s.name + `",` + s.body[1:]
				if code, got := h.api("POST", "/api/v1/projects/"+projectID+"/log-sources", body); code != 201 {
					t.Fatalf("log source %s: %d %v", s.name, code, got)
				}
			}

			convs := make([]string, lsfConversations)
			for i := range convs {
				id, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{
					Contact: intercomsim.Contact{Name: fmt.Sprintf("Customer %d", i), Email: "jane@example.com"},
					Body: fmt.Sprintf("Checkout fails for all our customers with error 500 for the last 30 minutes! "+
						"I'm jane@example.com and my colleague kim@example.com cannot get a refund either (ticket %d)", i),
				})
				if err != nil {
					t.Fatal(err)
				}
				convs[i] = id
				time.Sleep(20 * time.Millisecond)
			}
			w.waitDeliveries(t, lsfConversations)
			accepted, _ := w.redeliverRefused(t, h)
			// Triage notes, the queue drained, no dead job (settle checks).
			w.settle(t, h, convs, accepted, 45*time.Second)
			settled := time.Since(start)

			var c lsfCounts
			var analyses []string
			for _, conv := range convs {
				var triaged, analyzed []string
				for _, p := range w.sim.Parts(conv) {
					switch {
					case p.PartType != "note":
					case strings.Contains(p.Body, "SigSentry triage"):
						triaged = append(triaged, p.Body)
					case strings.Contains(p.Body, "SigSentry analysis"):
						analyzed = append(analyzed, p.Body)
					}
				}
				if len(triaged) > 1 || len(analyzed) > 1 {
					c.twice++
					t.Errorf("conversation %s: %d triage notes and %d analysis notes, want one each", conv, len(triaged), len(analyzed))
				}
				if !accepted[conv] {
					continue
				}
				c.accepted++
				if len(triaged) > 0 {
					c.processed++
				}
				if len(analyzed) > 0 {
					c.analyzed++
				}
				if len(triaged) == 0 || len(analyzed) == 0 {
					c.lost++
					t.Errorf("conversation %s: %d triage notes, %d analysis notes", conv, len(triaged), len(analyzed))
					continue
				}
				m := analysisLink.FindStringSubmatch(analyzed[0])
				if m == nil {
					t.Errorf("conversation %s: analysis note without its link: %s", conv, analyzed[0])
					continue
				}
				analyses = append(analyses, m[1])
				if leak := secretIn(analyzed[0]); leak != "" {
					t.Errorf("conversation %s: the analysis note carries a credential: …%s…", conv, leak)
				}
			}

			// Each analysis: partial, the four broken sources named with a
			// reason, the two files read (their customer identifiers found,
			// the garbage lines skipped), finished within the job timeout.
			var longest time.Duration
			for _, id := range analyses {
				longest = max(longest, checkFaultyAnalysis(t, h, id))
			}
			analysisRetries := h.metric("sigsentry_jobs_total", `kind="analysis"`, `outcome="retry"`)
			analysisDone := h.metric("sigsentry_jobs_total", `kind="analysis"`, `outcome="done"`)
			if analysisRetries != 0 || int(analysisDone) != len(analyses) {
				t.Errorf("analysis jobs: %.0f done, %.0f retried; want %d done, none retried", analysisDone, analysisRetries, len(analyses))
			}
			// The servers saw each request end within the deadline.
			for name, s := range map[string]*faultyServer{"loki-hang": hang, "elastic-trickle": trickle} {
				held, n := s.longestHold()
				if n == 0 || held > lsfJobTimeout+time.Second {
					t.Errorf("%s: %d requests, held up to %v (the job timeout is %v)", name, n, held, lsfJobTimeout)
				}
			}
			if log, err := os.ReadFile(h.stderr); err != nil {
				t.Error(err)
			} else if leak := secretIn(string(log)); leak != "" {
				t.Errorf("the hub's log carries a credential: …%s…", leak)
			}
			if lokiJunk.requests.Load() < int64(len(lokiGarbage)) || esJunk.requests.Load() < int64(len(elasticGarbage)) {
				t.Errorf("garbage served %d and %d times: not every kind of garbage (%d, %d) was tried",
					lokiJunk.requests.Load(), esJunk.requests.Load(), len(lokiGarbage), len(elasticGarbage))
			}
			hangHeld, _ := hang.longestHold()
			trickleHeld, _ := trickle.longestHold()
			t.Logf("%s: %d conversations: accepted %d, processed %d, analyses posted %d, posted twice %d, lost %d; "+
				"longest analysis %v (job timeout %v), hang held %v, trickle held %v; requests hang %d, trickle %d, "+
				"loki garbage %d, elastic garbage %d; analysis jobs done %.0f, retried %.0f; settled after %v",
				mode, len(convs), c.accepted, c.processed, c.analyzed, c.twice, c.lost,
				longest.Round(time.Millisecond), lsfJobTimeout, hangHeld.Round(time.Millisecond), trickleHeld.Round(time.Millisecond),
				hang.requests.Load(), trickle.requests.Load(), lokiJunk.requests.Load(), esJunk.requests.Load(),
				analysisDone, analysisRetries, settled.Round(time.Millisecond))
			if c.accepted != lsfConversations || c.processed != c.accepted || c.analyzed != c.accepted {
				t.Errorf("accepted %d, processed %d, analyses posted %d; want all %d", c.accepted, c.processed, c.analyzed, lsfConversations)
			}
			if c.lost != 0 || c.twice != 0 {
				t.Errorf("%d lost, %d posted twice", c.lost, c.twice)
			}
		})
	}
}

// lsfSourceErrors says what the message of each broken source must contain.
var lsfSourceErrors = map[string][]string{
	"loki-hang":       {"loki", "127.0.0.1"},
	"elastic-trickle": {"elasticsearch", "127.0.0.1"},
	"loki-garbage":    {"loki"},
	"elastic-garbage": {"elasticsearch"},
}

// checkFaultyAnalysis reads one analysis through the API, checks it and
// returns how long it ran.
func checkFaultyAnalysis(t *testing.T, h *hubProcess, id string) time.Duration {
	t.Helper()
	code, a := h.api("GET", "/api/v1/analyses/"+id, "")
	raw, _ := json.Marshal(a)
	if code != 200 {
		t.Errorf("analysis %s: %d %s", id, code, raw)
		return 0
	}
	if leak := secretIn(string(raw)); leak != "" {
		t.Errorf("analysis %s carries a credential: …%s…", id, leak)
	}
	var got struct {
		Status      string    `json:"status"`
		Error       string    `json:"error"`
		StartedAt   time.Time `json:"started_at"`
		CompletedAt time.Time `json:"completed_at"`
		Result      *struct {
			SourceErrors []struct{ Source, Error string } `json:"source_errors"`
			Identifiers  []struct {
				Value string
				Count int
			} `json:"identifiers"`
			RootCause struct{ Service, Category string } `json:"root_cause"`
		} `json:"result"`
	}
	if err := json.Unmarshal(raw, &got); err != nil || got.Result == nil {
		t.Errorf("analysis %s: %v %s", id, err, raw)
		return 0
	}
	took := got.CompletedAt.Sub(got.StartedAt)
	if got.Status != "partial" {
		t.Errorf("analysis %s: status %q (%s), want partial", id, got.Status, got.Error)
	}
	if took <= 0 || took > lsfJobTimeout {
		t.Errorf("analysis %s ran %v (from %v to %v), want at most the job timeout %v", id, took, got.StartedAt, got.CompletedAt, lsfJobTimeout)
	}
	named := map[string]string{}
	for _, e := range got.Result.SourceErrors {
		named[e.Source] = e.Error
	}
	for name, want := range lsfSourceErrors {
		msg, ok := named[name]
		if !ok {
			t.Errorf("analysis %s: source %s is not among the failed sources %v", id, name, got.Result.SourceErrors)
			continue
		}
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("analysis %s: the error of %s, %q, does not name %q", id, name, msg, w)
			}
		}
		if strings.Contains(msg, "context deadline exceeded") || strings.HasSuffix(strings.TrimSpace(msg), ":") {
			t.Errorf("analysis %s: the error of %s says nothing a person can act on: %q", id, name, msg)
		}
	}
	if len(named) != len(lsfSourceErrors) {
		t.Errorf("analysis %s: failed sources %v, want exactly %d", id, got.Result.SourceErrors, len(lsfSourceErrors))
	}
	counts := map[string]int{}
	for _, m := range got.Result.Identifiers {
		counts[m.Value] = m.Count
	}
	// jane@example.com is on one line of "app"; kim@example.com on three
	// lines of "ledger-garbled" (and on its oversized line, which is skipped).
	if counts["jane@example.com"] != 1 || counts["kim@example.com"] != 3 {
		t.Errorf("analysis %s: identifiers %v, want jane@example.com once (app) and kim@example.com 3 times (ledger-garbled)", id, got.Result.Identifiers)
	}
	if rc := got.Result.RootCause; rc.Service != "payment-api" || rc.Category != "timeout" {
		t.Errorf("analysis %s: root cause %+v, want the payment-api timeouts of the healthy source", id, rc)
	}
	return took
}
