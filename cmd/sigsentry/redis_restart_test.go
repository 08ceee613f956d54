package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// Proof that a hub in Redis mode rides out Redis restarts while webhooks
// stream in. Redis is a redis-server of the test's own, SIGKILLed and
// started again on the same port: with its AOF (appendfsync always), every
// accepted conversation gets exactly one triage note; without it (Redis
// comes back empty, as one run without persistence does), the hub says so
// once in its log, recreates its consumer group and processes everything
// accepted afterwards. Webhooks that arrive while Redis is down are refused
// with 503 and Retry-After and redelivered at the end, as Intercom retries
// a failed notification once, a minute later.

// redisOutage is how long Redis stays down each time.
const redisOutage = 1500 * time.Millisecond

// lostDataLog is what the hub logs, once, when Redis comes back without
// the queue's data.
const lostDataLog = "redisqueue: Redis lost the queue's data"

func TestRedisRestartedWhileWebhooksStream(t *testing.T) {
	t.Run("with its AOF", func(t *testing.T) {
		r := newRedisRestartRun(t)
		r.stream.wait(25)
		r.restart(false)
		r.stream.wait(len(r.stream.ids()) + 20)
		r.restart(false)
		r.stream.wait(len(r.stream.ids()) + 20)
		convs := r.stream.stop()

		redelivered := r.redeliverRefused(convs)
		accepted, _ := r.acceptedConversations(t)
		c := r.settle(convs, accepted, convs, 25*time.Second)
		c.redelivered = redelivered
		t.Logf("Redis SIGKILLed twice for %v and restarted with its AOF while %d conversations streamed in: "+
			"accepted %d (%d at first), refused with 503 %d, redelivered %d; processed %d, posted once %d, "+
			"posted twice %d, lost %d; %s; %v in all",
			redisOutage, c.conversations, c.accepted, c.accepted-c.redelivered, r.refused(), c.redelivered,
			c.processed, r.postedOnce(convs), c.twice, c.lost, r.outageSummary(), time.Since(r.start).Round(time.Millisecond))

		if c.accepted != c.conversations {
			t.Errorf("accepted %d of %d conversations after redelivery", c.accepted, c.conversations)
		}
		if c.lost != 0 || c.twice != 0 {
			t.Errorf("%d accepted conversations lost, %d posted twice", c.lost, c.twice)
		}
		if once := r.postedOnce(convs); once != c.accepted {
			t.Errorf("%d of %d accepted conversations have exactly one triage note", once, c.accepted)
		}
		if n := r.logCount(lostDataLog); n != 0 {
			t.Errorf("the hub logged %d times that Redis lost its data, though Redis kept it in its AOF", n)
		}
		r.checkOutages()
	})

	t.Run("empty after the restart", func(t *testing.T) {
		r := newRedisRestartRun(t)
		r.stream.wait(25)
		r.restart(true)
		r.stream.wait(len(r.stream.ids()) + 30)
		convs := r.stream.stop()

		redelivered := r.redeliverRefused(convs)
		accepted, _ := r.acceptedConversations(t)
		// Jobs accepted before the wipe may be lost; everything accepted
		// afterwards must be processed.
		wipedAt := r.outages[0].up
		var before, after []string
		for _, id := range convs {
			if at, ok := r.answers.acceptedAt(id); ok && at.Before(wipedAt) {
				before = append(before, id)
			} else {
				after = append(after, id)
			}
		}
		c := r.settle(convs, accepted, after, 25*time.Second)
		c.redelivered = redelivered
		cb, ca := r.count(before, accepted), r.count(after, accepted)
		t.Logf("Redis SIGKILLed for %v and restarted EMPTY while %d conversations streamed in: "+
			"accepted %d (%d at first), refused with 503 %d, redelivered %d; "+
			"accepted before the wipe %d: processed %d, lost %d; accepted after it %d: processed %d, lost %d; "+
			"posted once %d, posted twice %d; %s; %v in all",
			redisOutage, c.conversations, c.accepted, c.accepted-c.redelivered, r.refused(), c.redelivered,
			cb.accepted, cb.processed, cb.lost, ca.accepted, ca.processed, ca.lost,
			r.postedOnce(convs), c.twice, r.outageSummary(), time.Since(r.start).Round(time.Millisecond))

		if c.accepted != c.conversations {
			t.Errorf("accepted %d of %d conversations after redelivery", c.accepted, c.conversations)
		}
		if ca.accepted == 0 || ca.lost != 0 {
			t.Errorf("accepted after Redis came back: %d, of which %d lost; want some, and none lost", ca.accepted, ca.lost)
		}
		if c.twice != 0 {
			t.Errorf("%d conversations posted twice", c.twice)
		}
		if once := r.postedOnce(after); once != ca.accepted {
			t.Errorf("%d of %d conversations accepted after the wipe have exactly one triage note", once, ca.accepted)
		}
		lines := r.logLines(lostDataLog)
		if len(lines) != 1 || !strings.Contains(lines[0], `"level":"ERROR"`) || !strings.Contains(lines[0], "appendonly yes") ||
			!strings.Contains(lines[0], `"redis_appendonly":"no"`) {
			t.Errorf("want one ERROR line saying Redis lost the queue's data, that it runs without an AOF and advising "+
				"appendonly yes; got %d:\n%s", len(lines), strings.Join(lines, "\n"))
		} else {
			t.Logf("the hub's log: %s", lines[0])
		}
		r.checkOutages()
	})
}

// redisRestartRun is a hub in Redis mode, the Redis it runs on and the
// conversations streaming into it.
type redisRestartRun struct {
	*faultWorld
	t       *testing.T
	start   time.Time
	srv     *redisServer
	h       *hubProcess
	answers *webhookAnswers
	stream  *conversationStream
	outages []redisDown
}

// redisDown is one time Redis was down, and what /readyz said meanwhile.
type redisDown struct {
	down, up   time.Time     // Redis dead from down (after SIGKILL) until up (before the start)
	queued     int64         // jobs queued or waiting to retry in Redis just before it died
	readyzOK   int           // /readyz answered 200 while Redis was down (must be 0)
	readyzNot  int           // /readyz answered 503 naming the queue
	readyzWhy  string        // the reason it gave, when it gave one
	readyAfter time.Duration // from the start of Redis to /readyz 200
}

// newRedisRestartRun starts Redis, a hub on it and a stream of
// conversations, one every 40 ms; the desk answers posts after 50 ms, so
// that jobs are queued and in flight when Redis dies.
func newRedisRestartRun(t *testing.T) *redisRestartRun {
	start := time.Now()
	srv := startRedisServer(t)
	answers := &webhookAnswers{next: http.DefaultTransport.(*http.Transport).Clone(), byConv: map[string][]webhookAnswer{}}
	addr := freeAddr(t)
	sim, err := intercomsim.New(intercomsim.Options{
		ClientID: simClientID, ClientSecret: simClientSecret, RequireVersionHeader: true,
		Workspaces:    []intercomsim.Workspace{{ID: "ws000001"}},
		WebhookURL:    "http://" + addr + "/webhooks/intercom",
		WebhookTopics: []string{intercomsim.TopicUserCreated},
		HTTPClient:    &http.Client{Timeout: 5 * time.Second, Transport: answers},
	})
	if err != nil {
		t.Fatal(err)
	}
	desk := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/reply") {
			time.Sleep(50 * time.Millisecond)
		}
		sim.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { desk.Close(); sim.Close() })
	w := &faultWorld{sim: sim, ws: sim.Workspaces()[0], addr: addr, dataDir: t.TempDir()}
	w.rdb = redisDB(t, srv.url())
	w.env = hubEnv(t, desk.URL, "http://"+addr, "SIGSENTRY_DATA_DIR="+w.dataDir,
		"SIGSENTRY_QUEUE_LEASE_TIME="+faultLease.String(), "SIGSENTRY_REDIS_URL="+srv.url())
	r := &redisRestartRun{faultWorld: w, t: t, start: start, srv: srv, answers: answers}
	r.h = w.startHub(t)
	r.h.install(w.sim, w.ws)
	r.stream = streamConversations(t, w, 40*time.Millisecond)
	return r
}

// restart SIGKILLs Redis, keeps it down for redisOutage while polling
// /readyz, wipes its data if asked, and starts it again on the same port.
// The desk fails a few posts just before, so that jobs wait to retry when
// Redis dies. It returns once /readyz is 200 again.
func (r *redisRestartRun) restart(wipe bool) {
	r.t.Helper()
	r.sim.FailNext("replyConversation", http.StatusServiceUnavailable, 6)
	time.Sleep(300 * time.Millisecond)
	o := redisDown{queued: r.queueLeft(r.t)}
	r.srv.kill()
	o.down = time.Now()
	if wipe {
		r.srv.wipe()
	}
	for time.Since(o.down) < redisOutage {
		switch status, checks, why := r.readyz(); {
		case status == http.StatusOK:
			o.readyzOK++
		case status == http.StatusServiceUnavailable && checks["queue"] != "ok":
			o.readyzNot++
			if strings.Contains(why, "queue (") {
				o.readyzWhy = why
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	o.up = time.Now()
	r.srv.start()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if status, _, _ := r.readyz(); status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("/readyz not 200 within 15 s of Redis coming back\n%s", r.h.logTail(20))
		}
		time.Sleep(50 * time.Millisecond)
	}
	o.readyAfter = time.Since(o.up)
	r.outages = append(r.outages, o)
}

// readyz returns the status, the checks and the message of GET /readyz.
func (r *redisRestartRun) readyz() (int, map[string]string, string) {
	resp, err := http.Get(r.h.base + "/readyz")
	if err != nil {
		r.t.Fatalf("/readyz: %v (did the hub die?)\n%s", err, r.h.logTail(20))
	}
	defer resp.Body.Close()
	var body struct {
		Checks map[string]string `json:"checks"`
		Error  struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Checks, body.Error.Message
}

// checkOutages asserts what the hub answered while Redis was down: /readyz
// not ready (naming the queue) every time, webhooks never 200 and always
// 503 with Retry-After; and that the hub, which nothing restarts, is up and
// logged no panic.
func (r *redisRestartRun) checkOutages() {
	r.t.Helper()
	for i, o := range r.outages {
		if o.readyzOK != 0 || o.readyzNot == 0 {
			r.t.Errorf("outage %d: /readyz answered 200 %d times and 503 naming the queue %d times; want never 200",
				i+1, o.readyzOK, o.readyzNot)
		}
		if o.queued == 0 {
			r.t.Errorf("outage %d: no job was queued in Redis when it died; the restart proved nothing", i+1)
		}
		if !strings.Contains(o.readyzWhy, "queue (Redis does not answer)") {
			r.t.Errorf("outage %d: /readyz never said why the queue is not ready (last reason %q)", i+1, o.readyzWhy)
		}
		refused := 0
		for _, a := range r.answers.all() {
			if a.start.Before(o.down) || a.end.After(o.up) {
				continue
			}
			if a.status == http.StatusOK {
				r.t.Errorf("outage %d: webhook %s answered 200 while Redis was down", i+1, a.notification)
			}
			refused++
		}
		if refused == 0 {
			r.t.Errorf("outage %d: no webhook arrived while Redis was down", i+1)
		}
	}
	var wrong []string
	for _, a := range r.answers.all() {
		switch {
		case a.status == http.StatusOK:
		case a.status == http.StatusServiceUnavailable && a.retryAfter != "":
		default:
			wrong = append(wrong, fmt.Sprintf("%s: %d (Retry-After %q, error %v)", a.notification, a.status, a.retryAfter, a.err))
		}
	}
	if len(wrong) > 0 {
		r.t.Errorf("%d webhooks answered other than 200, or 503 with Retry-After, e.g. %s",
			len(wrong), strings.Join(wrong[:min(3, len(wrong))], "; "))
	}
	if resp, err := http.Get(r.h.base + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		r.t.Errorf("/healthz after the restarts: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	if n := r.logCount(`"panic`); n != 0 {
		r.t.Errorf("the hub logged %d panics", n)
	}
}

// outageSummary says how /readyz fared in each outage.
func (r *redisRestartRun) outageSummary() string {
	var parts []string
	for i, o := range r.outages {
		parts = append(parts, fmt.Sprintf("outage %d: %d jobs queued when Redis died, /readyz not ready %d times (%q), "+
			"ready %v after Redis started", i+1, o.queued, o.readyzNot, o.readyzWhy, o.readyAfter.Round(time.Millisecond)))
	}
	return strings.Join(parts, "; ")
}

// redeliverRefused sends again, once, every notification that got no 200,
// and returns how many. Every redelivery must be accepted.
func (r *redisRestartRun) redeliverRefused(convs []string) int {
	r.t.Helper()
	r.waitDeliveries(r.t, len(convs))
	_, refused := r.acceptedConversations(r.t)
	for _, id := range refused {
		d, err := r.sim.Redeliver(r.t.Context(), r.h.base+"/webhooks/intercom", id)
		if err != nil || d.Status != http.StatusOK {
			r.t.Errorf("redelivery of %s: %d %v", id, d.Status, err)
		}
	}
	return len(refused)
}

// refused counts first deliveries answered 503.
func (r *redisRestartRun) refused() int {
	n := 0
	for _, a := range r.answers.all() {
		if a.attempt == 1 && a.status == http.StatusServiceUnavailable {
			n++
		}
	}
	return n
}

// postedOnce counts the conversations with exactly one triage note.
func (r *redisRestartRun) postedOnce(convs []string) int {
	n := 0
	for _, id := range convs {
		if len(notes(r.sim.Parts(id))) == 1 {
			n++
		}
	}
	return n
}

// settle waits until every accepted conversation of must has a note and the
// queue is empty, then counts convs and checks that nothing is left over or
// dead-lettered.
func (r *redisRestartRun) settle(convs []string, accepted map[string]bool, must []string, within time.Duration) faultCounts {
	r.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if c := r.count(must, accepted); c.lost == 0 && r.queueLeft(r.t) == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	_, dead := r.h.api("GET", "/api/v1/dead-jobs", "")
	deadJobs, _ := dead["items"].([]any)
	if left := r.queueLeft(r.t); left != 0 || len(deadJobs) != 0 {
		r.t.Errorf("unfinished work: %d jobs left in the queue, %d dead jobs %v", left, len(deadJobs), deadJobs)
	}
	return r.count(convs, accepted)
}

// logLines returns the hub's log lines that contain s.
func (r *redisRestartRun) logLines(s string) []string {
	b, _ := os.ReadFile(r.h.stderr)
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return out
}

func (r *redisRestartRun) logCount(s string) int { return len(r.logLines(s)) }

// conversationStream opens a conversation every so often in the simulator,
// which delivers its webhook by itself, until stopped.
type conversationStream struct {
	t    *testing.T
	quit chan struct{}
	done chan struct{}
	once sync.Once
	mu   sync.Mutex
	list []string
	err  error
}

func streamConversations(t *testing.T, w *faultWorld, every time.Duration) *conversationStream {
	s := &conversationStream{t: t, quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for i := 0; ; i++ {
			id, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{
				Contact: intercomsim.Contact{Name: fmt.Sprintf("Customer %d", i)},
				Body:    customerMessages[i%len(customerMessages)]})
			s.mu.Lock()
			s.list = append(s.list, id)
			s.err = err
			s.mu.Unlock()
			if err != nil {
				return
			}
			select {
			case <-s.quit:
				return
			case <-tick.C:
			}
		}
	}()
	t.Cleanup(func() { s.stop() })
	return s
}

func (s *conversationStream) ids() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.list
}

// wait waits until n conversations have been opened.
func (s *conversationStream) wait(n int) {
	s.t.Helper()
	waitFor(s.t, fmt.Sprintf("%d conversations", n), 20*time.Second, func() bool { return len(s.ids()) >= n })
}

// stop ends the stream and returns the conversations it opened.
func (s *conversationStream) stop() []string {
	s.once.Do(func() { close(s.quit) })
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		s.t.Fatalf("open a conversation: %v", s.err)
	}
	return s.list
}

// webhookAnswers is the simulator's transport: it records the hub's answer
// to every webhook delivery, with its Retry-After and when it came, which
// the simulator's own record of deliveries does not keep.
type webhookAnswers struct {
	next   http.RoundTripper
	mu     sync.Mutex
	list   []webhookAnswer
	byConv map[string][]webhookAnswer
}

type webhookAnswer struct {
	notification, conversation string
	attempt                    int
	start, end                 time.Time
	status                     int
	retryAfter                 string
	err                        error
}

func (a *webhookAnswers) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPost || !strings.HasPrefix(req.URL.Path, "/webhooks/") || req.Body == nil {
		return a.next.RoundTrip(req)
	}
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	var n struct {
		ID       string `json:"id"`
		Attempts int    `json:"delivery_attempts"`
	}
	_ = json.Unmarshal(body, &n)
	ans := webhookAnswer{notification: n.ID, attempt: n.Attempts, start: time.Now(),
		conversation: deliveryConversation(intercomsim.Delivery{Body: body})}
	resp, err := a.next.RoundTrip(req)
	ans.end, ans.err = time.Now(), err
	if resp != nil {
		ans.status, ans.retryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
	}
	a.mu.Lock()
	a.list = append(a.list, ans)
	a.byConv[ans.conversation] = append(a.byConv[ans.conversation], ans)
	a.mu.Unlock()
	return resp, err
}

func (a *webhookAnswers) all() []webhookAnswer {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]webhookAnswer(nil), a.list...)
}

// acceptedAt is when the conversation's notification was first answered 200.
func (a *webhookAnswers) acceptedAt(conversation string) (time.Time, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, ans := range a.byConv[conversation] {
		if ans.status == http.StatusOK {
			return ans.end, true
		}
	}
	return time.Time{}, false
}

// redisServer is a redis-server of the test's own (like the throwaway of
// adapters/redisqueue's restart test), persisting every write to an AOF in
// a data directory before it answers, so that it can be SIGKILLed and
// started again with its data, or, after wipe, without it.
type redisServer struct {
	t         *testing.T
	bin       string
	port      int
	dir       string // the log; the data is in dir/data
	cmd       *exec.Cmd
	ephemeral bool // wiped: runs without persistence from now on
}

func startRedisServer(t *testing.T) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not installed; this test starts, kills and restarts its own")
	}
	_, portText, _ := net.SplitHostPort(freeAddr(t))
	port, _ := strconv.Atoi(portText)
	s := &redisServer{t: t, bin: bin, port: port, dir: t.TempDir()}
	s.start()
	t.Cleanup(s.kill)
	return s
}

func (s *redisServer) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }
func (s *redisServer) url() string  { return "redis://" + s.addr() + "/0" }

// start runs the server on its port and data directory and waits until it
// answers.
func (s *redisServer) start() {
	s.t.Helper()
	data := filepath.Join(s.dir, "data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		s.t.Fatal(err)
	}
	logf, err := os.OpenFile(filepath.Join(s.dir, "redis.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		s.t.Fatal(err)
	}
	defer logf.Close()
	aof := "yes"
	if s.ephemeral {
		aof = "no"
	}
	s.cmd = exec.Command(s.bin, "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", aof, "--appendfsync", "always", "--dir", data)
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v", err)
	}
	c := redis.NewClient(&redis.Options{Addr: s.addr(), MaxRetries: -1})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for c.Ping(s.t.Context()).Err() != nil {
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
			s.t.Fatalf("redis-server on port %d did not answer within 10 s:\n%s", s.port, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill ends the server with SIGKILL: no chance to flush anything.
func (s *redisServer) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		s.cmd = nil
	}
}

// wipe deletes the data of a killed server and makes it start without
// persistence from now on: a Redis run as a cache, which comes back empty.
func (s *redisServer) wipe() {
	s.t.Helper()
	if err := os.RemoveAll(filepath.Join(s.dir, "data")); err != nil {
		s.t.Fatal(err)
	}
	s.ephemeral = true
}
