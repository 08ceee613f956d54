package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// Load benchmarks of the whole hub: the real binary with the real Intercom
// plugin process, against the Intercom simulator, on a real port. Each runs
// once per queue mode:
//
//	embedded        SQLite store, embedded queue (make run)
//	redis           SQLite store, Redis queue
//	redis-postgres  PostgreSQL store, Redis queue (several hubs)
//
// One iteration is one webhook (one conversation for NoteLatency); choose
// the amount with -benchtime Nx, e.g.
//
//	go test -run '^$' -bench 'WebhookAccept' -benchtime 40000x ./cmd/sigsentry/  # about 11 s per mode
//	go test -run '^$' -bench 'AckLatency' -benchtime 5000x ./cmd/sigsentry/      # 10 s at 500/s
//	go test -run '^$' -bench 'NoteLatency' -benchtime 1000x ./cmd/sigsentry/     # 10 s at 100/s
//
// Besides throughput or latency each reports CPU per operation of the hub,
// of its plugin and of this process (driver: the clients and the
// simulator), and others-cpu-%: what the rest of the machine (Redis and
// PostgreSQL included) used meanwhile, to tell a quiet run from a disturbed
// one on a shared machine.
//
// SIGSENTRY_BENCH_LOG_LEVEL sets the hubs' SIGSENTRY_LOG_LEVEL (default: the
// configuration's, info); SIGSENTRY_BENCH_HUB_ENV adds "K=V K2=V2" to the
// hubs' environment. Redis and PostgreSQL are found as the tests find
// them (SIGSENTRY_TEST_REDIS_URL, SIGSENTRY_TEST_DATABASE_URL).

type benchMode struct {
	name  string
	redis bool
	pg    bool
}

var benchModes = []benchMode{
	{name: "embedded"},
	{name: "redis", redis: true},
	{name: "redis-postgres", redis: true, pg: true},
}

// benchWorkspaces spreads the conversations over several workspaces, as
// production does: one workspace's Intercom rate limit (1,666 calls per
// 10 s) would otherwise be what the benchmarks measure.
const benchWorkspaces = 4

type benchWorld struct {
	hub     *hubProcess
	sim     *intercomsim.Sim
	ws      []intercomsim.Workspace
	webhook string // the hub's webhook URL
}

// startBenchWorld starts a simulator with benchWorkspaces workspaces and a
// hub in mode wired to it, and installs the app in every workspace.
func startBenchWorld(b *testing.B, mode benchMode, opts intercomsim.Options) *benchWorld {
	b.Helper()
	addr := freeAddr(b)
	if opts.HTTPClient == nil {
		// Intercom opens connections as it needs them; keep enough idle
		// ones that the simulator does not churn sockets.
		opts.HTTPClient = &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
			MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}}
	}
	if opts.WebhookURL == "auto" {
		opts.WebhookURL = "http://" + addr + "/webhooks/intercom"
	}
	sim, simURL := newSim(b, benchWorkspaces, opts)
	var extra []string
	if mode.redis {
		extra = append(extra, "SIGSENTRY_REDIS_URL="+claimRedisDB(b))
	}
	if mode.pg {
		extra = append(extra, "SIGSENTRY_DATABASE_URL="+freshPostgresSchema(b))
	}
	if lvl := os.Getenv("SIGSENTRY_BENCH_LOG_LEVEL"); lvl != "" {
		extra = append(extra, "SIGSENTRY_LOG_LEVEL="+lvl)
	}
	extra = append(extra, strings.Fields(os.Getenv("SIGSENTRY_BENCH_HUB_ENV"))...)
	h := startHubProcess(b, addr, hubEnv(b, simURL, "http://"+addr, extra...)...)
	w := &benchWorld{hub: h, sim: sim, ws: sim.Workspaces(), webhook: h.base + "/webhooks/intercom"}
	for _, ws := range w.ws {
		h.install(sim, ws)
	}
	return w
}

// cpuMeter reads the CPU time the hub, its plugin and this process (the
// load generator and the simulator) spend, so that a benchmark can report
// CPU per operation: a figure other load on the machine changes much less
// than throughput or latency. It also reports how busy the machine was with
// everything else (others-cpu-%: other processes, Redis and PostgreSQL
// included, as a share of all cores), which tells a quiet run from a
// disturbed one on a shared machine.
type cpuMeter struct {
	hubPID            int
	hub, plugin, self time.Duration
	busy              time.Duration
	start             time.Time
}

func (w *benchWorld) cpuMeter() *cpuMeter {
	m := &cpuMeter{hubPID: w.hub.cmd.Process.Pid, start: time.Now()}
	m.hub, m.plugin, m.self, m.busy = m.read()
	return m
}

func (m *cpuMeter) read() (hub, plugin, self, busy time.Duration) {
	hub = procCPU(m.hubPID)
	for _, c := range childPIDs(m.hubPID) {
		plugin += procCPU(c)
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return hub, plugin, self, machineBusy()
}

// report adds the CPU spent since the meter was made, per op, in µs.
func (m *cpuMeter) report(b *testing.B, ops int) {
	if ops == 0 {
		return
	}
	hub, plugin, self, busy := m.read()
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) / float64(ops) }
	b.ReportMetric(us(hub-m.hub), "hub-cpu-µs/op")
	b.ReportMetric(us(plugin-m.plugin), "plugin-cpu-µs/op")
	b.ReportMetric(us(self-m.self), "driver-cpu-µs/op")
	if busy > 0 {
		others := (busy - m.busy) - (hub - m.hub) - (plugin - m.plugin) - (self - m.self)
		capacity := time.Since(m.start) * time.Duration(runtime.NumCPU())
		b.ReportMetric(math.Max(0, 100*float64(others)/float64(capacity)), "others-cpu-%")
	}
}

// machineBusy is the CPU time all cores spent on anything but idling, from
// /proc/stat (Linux; 0 elsewhere).
func machineBusy() time.Duration {
	stat, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(stat), "\n")
	fields := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal …
	if len(fields) < 9 || fields[0] != "cpu" {
		return 0
	}
	var busy int64
	for i, f := range fields[1:9] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		var v int64
		fmt.Sscan(f, &v)
		busy += v
	}
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(busy) * time.Second / ticks
}

// procCPU is a process's user + system time from /proc (Linux; 0 elsewhere).
func procCPU(pid int) time.Duration {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	var utime, stime int64
	fmt.Sscan(fields[11], &utime)
	fmt.Sscan(fields[12], &stime)
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks
}

// childPIDs lists the processes whose parent is pid.
func childPIDs(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(stat)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		var ppid, child int
		if len(fields) > 1 {
			fmt.Sscan(fields[1], &ppid)
			fmt.Sscan(e.Name(), &child)
		}
		if ppid == pid && child != 0 {
			out = append(out, child)
		}
	}
	return out
}

// signedWebhook is one notification as Intercom would POST it.
type signedWebhook struct {
	body   []byte
	header http.Header
}

// newWebhooks opens n conversations, spread over the workspaces, and
// returns their conversation.user.created notifications, signed.
func (w *benchWorld) newWebhooks(b *testing.B, n int) []signedWebhook {
	b.Helper()
	out := make([]signedWebhook, n)
	for i := range out {
		conv, err := w.sim.AddConversation(w.ws[i%len(w.ws)].ID, intercomsim.Message{
			Body: customerMessages[i%len(customerMessages)]})
		if err != nil {
			b.Fatal(err)
		}
		body, header, err := w.sim.Webhook(intercomsim.TopicUserCreated, conv)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = signedWebhook{body: body, header: header}
	}
	return out
}

func (s signedWebhook) request(url string) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(s.body))
	req.Header = s.header.Clone()
	return req
}

// keepAliveClient reuses up to conns connections.
func keepAliveClient(conns int) *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute, DisableCompression: true}}
}

// blastConcurrency is how many requests are in flight at once.
const blastConcurrency = 48

// blast sends every webhook from blastConcurrency keep-alive clients, each
// sending its next one as soon as it has the answer, and reports the
// accepted (200) webhooks per second.
func blast(b *testing.B, url string, hooks []signedWebhook, cpu func() *cpuMeter) {
	b.Helper()
	client := keepAliveClient(blastConcurrency)
	defer client.CloseIdleConnections()
	var next, accepted, refused atomic.Int64
	var firstRefusal atomic.Value
	var wg sync.WaitGroup
	var meter *cpuMeter
	if cpu != nil {
		meter = cpu()
	}
	b.ResetTimer()
	start := time.Now()
	for range blastConcurrency {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(hooks) {
					return
				}
				resp, err := client.Do(hooks[i].request(url))
				if err != nil {
					refused.Add(1)
					firstRefusal.CompareAndSwap(nil, err.Error())
					continue
				}
				msg, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					accepted.Add(1)
				} else {
					refused.Add(1)
					firstRefusal.CompareAndSwap(nil, fmt.Sprintf("%d %s", resp.StatusCode, msg))
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(accepted.Load())/elapsed.Seconds(), "accepted/s")
	b.ReportMetric(float64(refused.Load()), "refused")
	if meter != nil {
		meter.report(b, int(accepted.Load()))
	}
	if r := firstRefusal.Load(); r != nil {
		b.Logf("%d of %d refused; first: %v", refused.Load(), len(hooks), r)
	}
}

// BenchmarkWebhookAccept: signed webhooks accepted per second end to end
// through POST /webhooks/intercom (verified by the plugin process,
// de-duplicated and durably queued before the 200), with the workers
// triaging and posting the backlog meanwhile, as they would. baseline is a
// bare net/http handler in this process that reads the body and answers
// 200, hit the same way.
func BenchmarkWebhookAccept(b *testing.B) {
	b.Run("baseline", func(b *testing.B) {
		url := bareServer(b)
		hooks := make([]signedWebhook, b.N)
		for i := range hooks {
			hooks[i] = signedWebhook{body: bytes.Repeat([]byte("x"), 1500), header: http.Header{"Content-Type": {"application/json"}}}
		}
		blast(b, url, hooks, nil)
	})
	for _, mode := range benchModes {
		b.Run(mode.name, func(b *testing.B) {
			w := startBenchWorld(b, mode, intercomsim.Options{})
			b.Run("hub", func(b *testing.B) {
				hooks := w.newWebhooks(b, b.N)
				blast(b, w.webhook, hooks, w.cpuMeter)
			})
		})
	}
}

// bareServer serves a handler that reads the body and answers 200.
func bareServer(b *testing.B) string {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusOK)
	})}
	go func() { _ = srv.Serve(l) }()
	b.Cleanup(func() { srv.Close() })
	return "http://" + l.Addr().String() + "/webhooks/intercom"
}

// ackRate is the open-loop rate of BenchmarkAckLatency.
const ackRate = 500

// BenchmarkAckLatency: the time from when a webhook is due to when its 200
// has arrived, at a fixed 500 webhooks/s. Sends are scheduled on the clock
// and never wait for earlier answers (open loop), and latency counts from
// the scheduled time, so a stalled hub shows as latency rather than as a
// slower sender (no coordinated omission).
func BenchmarkAckLatency(b *testing.B) {
	for _, mode := range benchModes {
		b.Run(mode.name, func(b *testing.B) {
			w := startBenchWorld(b, mode, intercomsim.Options{})
			b.Run("hub", func(b *testing.B) {
				// One second at the same rate first, not measured: the
				// connection pools (SQL, Redis, the hub's own clients) fill
				// and PostgreSQL plans its first queries. Its worst
				// acknowledgement is logged, since a hub that was just
				// started meets its first burst cold.
				warm := w.newWebhooks(b, ackRate)
				b.Logf("warm-up of %d webhooks: slowest acknowledgement %v", len(warm), sendOpenLoop(b, w.webhook, warm, ackRate).max())
				hooks := w.newWebhooks(b, b.N)
				openLoop(b, w.webhook, hooks, ackRate, w.cpuMeter())
			})
		})
	}
}

func openLoop(b *testing.B, url string, hooks []signedWebhook, rate int, meter *cpuMeter) {
	b.Helper()
	b.ResetTimer()
	start := time.Now()
	res := sendOpenLoop(b, url, hooks, rate)
	elapsed := time.Since(start)
	b.StopTimer()
	reportLatencies(b, res.lat)
	meter.report(b, len(hooks))
	b.ReportMetric(float64(len(hooks))/elapsed.Seconds(), "sent/s")
	b.ReportMetric(float64(res.refused), "refused")
	if res.refused > 0 {
		b.Errorf("%d of %d refused; first: %v", res.refused, len(hooks), res.firstRefusal)
	}
}

// openLoopResult is what sendOpenLoop saw.
type openLoopResult struct {
	lat          []time.Duration // from each webhook's due time to its answer
	refused      int64
	firstRefusal string
}

func (r openLoopResult) max() time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return slices.Max(r.lat)
}

// sendOpenLoop sends hooks at rate, each when it is due whatever the
// earlier ones are waiting for, and measures each from its due time.
func sendOpenLoop(b *testing.B, url string, hooks []signedWebhook, rate int) openLoopResult {
	b.Helper()
	client := keepAliveClient(256)
	defer client.CloseIdleConnections()
	interval := time.Second / time.Duration(rate)
	lat := make([]time.Duration, len(hooks))
	var refused atomic.Int64
	var firstRefusal atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for i := range hooks {
		due := start.Add(time.Duration(i) * interval)
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		}
		wg.Go(func() {
			resp, err := client.Do(hooks[i].request(url))
			if err == nil {
				msg, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					err = fmt.Errorf("%d %s", resp.StatusCode, msg)
				}
			}
			lat[i] = time.Since(due)
			if err != nil {
				refused.Add(1)
				firstRefusal.CompareAndSwap(nil, err.Error())
			}
		})
	}
	wg.Wait()
	res := openLoopResult{lat: lat, refused: refused.Load()}
	if r, ok := firstRefusal.Load().(string); ok {
		res.firstRefusal = r
	}
	return res
}

// reportLatencies reports p50, p99 and max in milliseconds, instead of
// ns/op (which would only be the send interval).
func reportLatencies(b *testing.B, lat []time.Duration) {
	b.Helper()
	if len(lat) == 0 {
		return
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(percentile(s, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(s, 0.99)), "p99-ms")
	b.ReportMetric(ms(s[len(s)-1]), "max-ms")
	b.ReportMetric(0, "ns/op")
}

// percentile of sorted durations (nearest rank).
func percentile(sorted []time.Duration, q float64) time.Duration {
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// noteRate is the rate of new conversations in BenchmarkNoteLatency.
const noteRate = 100

// notePartLine is the simulator's log line for a part it stored.
var notePartLine = regexp.MustCompile(`^conversation (\d+): note part \d+ by admin `)

// BenchmarkNoteLatency: from a customer opening a conversation in the
// simulator, which delivers the webhook by itself, to the triage note
// appearing in the conversation, at 100 new conversations/s (open loop).
// The simulator reports every part it stores through Options.Logf, under
// its lock and as it happens; the benchmark timestamps the note lines there
// and afterwards matches them with the triage notes (an analysis note can
// come first).
func BenchmarkNoteLatency(b *testing.B) {
	for _, mode := range benchModes {
		b.Run(mode.name, func(b *testing.B) {
			var mu sync.Mutex
			noteTimes := map[string][]time.Time{}
			w := startBenchWorld(b, mode, intercomsim.Options{WebhookURL: "auto",
				WebhookTopics: []string{intercomsim.TopicUserCreated, intercomsim.TopicAdminNoted},
				Logf: func(format string, args ...any) {
					if !strings.HasPrefix(format, "conversation ") {
						return
					}
					now := time.Now()
					if m := notePartLine.FindStringSubmatch(fmt.Sprintf(format, args...)); m != nil {
						mu.Lock()
						noteTimes[m[1]] = append(noteTimes[m[1]], now)
						mu.Unlock()
					}
				}})
			b.Run("hub", func(b *testing.B) {
				convs := make([]string, b.N)
				created := make([]time.Time, b.N)
				interval := time.Second / noteRate
				meter := w.cpuMeter()
				b.ResetTimer()
				start := time.Now()
				for i := range convs {
					if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
						time.Sleep(d)
					}
					created[i] = time.Now()
					id, err := w.sim.AddConversation(w.ws[i%len(w.ws)].ID, intercomsim.Message{
						Body: customerMessages[i%len(customerMessages)]})
					if err != nil {
						b.Fatal(err)
					}
					convs[i] = id
				}
				sent := time.Since(start)
				// Every conversation, including the last, gets up to 30 s.
				deadline := time.Now().Add(30 * time.Second)
				lat := make([]time.Duration, len(convs))
				var lost, dup int
				for {
					lost, dup = 0, 0
					for i, c := range convs {
						lat[i] = -1
						parts := w.sim.Parts(c)
						mu.Lock()
						times := noteTimes[c]
						mu.Unlock()
						k, triage := 0, 0
						for _, p := range parts {
							if p.PartType != "note" || p.AuthorType != "admin" {
								continue
							}
							if strings.Contains(p.Body, "SigSentry triage") {
								if triage == 0 && k < len(times) {
									lat[i] = times[k].Sub(created[i])
								}
								triage++
							}
							k++
						}
						if lat[i] < 0 {
							lost++
						}
						dup += max(0, triage-1)
					}
					if lost == 0 || time.Now().After(deadline) {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				b.StopTimer()
				var got []time.Duration
				for _, d := range lat {
					if d >= 0 {
						got = append(got, d)
					}
				}
				reportLatencies(b, got)
				meter.report(b, len(convs))
				b.ReportMetric(float64(len(convs))/sent.Seconds(), "conversations/s")
				b.ReportMetric(float64(lost), "lost")
				b.ReportMetric(float64(dup), "duplicate-notes")
				var refused int
				for _, d := range w.sim.Deliveries() {
					if d.Status != http.StatusOK {
						refused++
					}
				}
				b.ReportMetric(float64(refused), "refused-deliveries")
				if lost > 0 || dup > 0 {
					b.Errorf("%d conversations without a triage note after 30 s, %d duplicate notes", lost, dup)
				}
			})
		})
	}
}
