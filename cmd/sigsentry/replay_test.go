package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// Bad input at the webhook route, end to end (issue #8): the real hub and
// Intercom plugin processes, on the embedded queue and on Redis, receive a
// stream of real signed deliveries of several workspaces, shuffled
// (replies before their conversation's creation, workspaces interleaved),
// every one of them replayed two or three times (some at the same moment,
// some as Intercom's redelivery with delivery_attempts one higher), mixed
// with deliveries for a disconnected workspace, for workspaces the hub has
// no binding of, and forged ones that name one workspace and carry another
// workspace's signature or data.

// Classes of deliveries.
const (
	replayConnected    = "connected"    // a workspace with an active binding
	replayDisconnected = "disconnected" // its binding was disconnected
	replayUnknown      = "unknown"      // no binding at all
	replayForged       = "forged"       // signature does not verify
)

// replayNotif is one notification (one notification id), as captured.
type replayNotif struct {
	class, name  string
	ws, conv     string // the workspace it names, its conversation
	part         string // the part it is about ("" for forged ones)
	body         []byte
	header       http.Header
	canRedeliver bool // the simulator knows it: sim.Redeliver resends it with delivery_attempts+1
}

// replayDelivery is one POST of a notification, and the hub's answer.
type replayDelivery struct {
	n         *replayNotif
	redeliver bool // sent as sim.Redeliver (else the captured bytes again)
	status    int
	answer    webhookAnswerCounts
	errCode   string
	err       error
	sent      time.Time
	took      time.Duration
}

// replaySlot is a group of deliveries sent at the same moment, optionally
// after another slot was answered.
type replaySlot struct {
	ds   []*replayDelivery
	gate chan struct{}
	done chan struct{}
}

// replayAnswerKey carries the *replayDelivery a request belongs to, so
// that the client records the answer also for sim.Redeliver's requests.
type replayAnswerKey struct{}

type replayTransport struct{ base http.RoundTripper }

func (rt replayTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := rt.base.RoundTrip(req)
	d, _ := req.Context().Value(replayAnswerKey{}).(*replayDelivery)
	if d == nil {
		return resp, err
	}
	if err != nil {
		d.err = err
		return resp, err
	}
	raw, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	d.status, d.err = resp.StatusCode, rerr
	if resp.StatusCode == http.StatusOK {
		if jerr := json.Unmarshal(raw, &d.answer); jerr != nil {
			d.err = fmt.Errorf("answer %q: %v", raw, jerr)
		}
	} else {
		d.errCode = errorCode(mustJSONObject(raw))
	}
	return resp, nil
}

func mustJSONObject(raw []byte) map[string]any {
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return m
}

// TestReplayedAndReorderedDeliveries: every distinct part of a connected
// workspace is queued by exactly one delivery and its job done once; each
// connected conversation gets a triage note, no stage (triage severity,
// analysis) twice, all by its own workspace's installing admin; deliveries
// of the disconnected and unknown workspaces are answered 200 and ignored
// and write nothing (no note, the disconnected binding unchanged);
// forgeries are refused with 401 and reach no binding.
func TestReplayedAndReorderedDeliveries(t *testing.T) {
	for _, mode := range []string{"embedded", "redis"} {
		t.Run(mode, func(t *testing.T) { runReplay(t, mode) })
	}
}

func runReplay(t *testing.T, mode string) {
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 8))
	t.Logf("%s: shuffle seed %d", mode, seed)

	client := &http.Client{Timeout: 10 * time.Second, Transport: replayTransport{base: &http.Transport{MaxIdleConnsPerHost: 16}}}
	sim, simURL := newSim(t, 4, intercomsim.Options{HTTPClient: client})
	wss := sim.Workspaces()
	wsA, wsB, wsC, wsD := wss[0], wss[1], wss[2], wss[3]
	world := &faultWorld{dataDir: t.TempDir()} // for queueLeft
	addr := freeAddr(t)
	extra := []string{"SIGSENTRY_DATA_DIR=" + world.dataDir}
	if mode == "redis" {
		redisURL := claimRedisDB(t)
		world.rdb = redisDB(t, redisURL)
		extra = append(extra, "SIGSENTRY_REDIS_URL="+redisURL)
	}
	h := startHubProcess(t, addr, hubEnv(t, simURL, "http://"+addr, extra...)...)
	bindings := map[string]string{}
	for _, ws := range []intercomsim.Workspace{wsA, wsB, wsC} {
		bindings[ws.ID] = h.install(sim, ws)
	}
	webhookURL := h.base + "/webhooks/intercom"
	ctx := context.Background()

	var notifs []*replayNotif
	capture := func(class, topic, conv, ws string) *replayNotif {
		t.Helper()
		body, header, err := sim.Webhook(topic, conv)
		if err != nil {
			t.Fatal(err)
		}
		var env struct {
			ID    string `json:"id"`
			AppID string `json:"app_id"`
			Data  struct {
				Item struct {
					ID     string `json:"id"`
					Source struct {
						ID string `json:"id"`
					} `json:"source"`
					Parts struct {
						Parts []struct {
							ID string `json:"id"`
						} `json:"conversation_parts"`
					} `json:"conversation_parts"`
				} `json:"item"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &env); err != nil || env.AppID != ws || env.Data.Item.ID != conv {
			t.Fatalf("captured %s of %s: app_id %q, conversation %q (%v)", topic, conv, env.AppID, env.Data.Item.ID, err)
		}
		part := "source:" + env.Data.Item.Source.ID
		if topic != intercomsim.TopicUserCreated {
			if len(env.Data.Item.Parts.Parts) != 1 {
				t.Fatalf("%s of %s carries %d parts", topic, conv, len(env.Data.Item.Parts.Parts))
			}
			part = "part:" + env.Data.Item.Parts.Parts[0].ID
		}
		n := &replayNotif{class: class, name: env.ID, ws: ws, conv: conv, part: conv + "/" + part,
			body: body, header: header, canRedeliver: true}
		notifs = append(notifs, n)
		return n
	}
	open := func(ws intercomsim.Workspace, i int, text string) string {
		t.Helper()
		id, err := sim.AddConversation(ws.ID, intercomsim.Message{
			Contact: intercomsim.Contact{Name: fmt.Sprintf("Customer %d of %s", i, ws.ID)}, Body: text})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	reply := func(conv, text string) {
		t.Helper()
		if _, err := sim.ContactReply(conv, text); err != nil {
			t.Fatal(err)
		}
	}
	post := func(d *replayDelivery) {
		d.sent = time.Now()
		defer func() { d.took = time.Since(d.sent) }()
		c := context.WithValue(ctx, replayAnswerKey{}, d)
		if d.redeliver {
			if _, err := sim.Redeliver(c, webhookURL, d.n.name); err != nil && d.err == nil {
				d.err = err
			}
			return
		}
		req, _ := http.NewRequestWithContext(c, http.MethodPost, webhookURL, bytes.NewReader(d.n.body))
		req.Header = d.n.header.Clone()
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
		}
	}

	// Before: workspace C has one conversation, triaged, then its binding
	// is disconnected. Its later deliveries, and Intercom's retries of the
	// earlier one (pre stays in notifs and is replayed with the stream),
	// must change nothing.
	preConv := open(wsC, 0, "How do I export my invoices?")
	pre := capture(replayDisconnected, intercomsim.TopicUserCreated, preConv, wsC.ID)
	first := &replayDelivery{n: pre}
	post(first)
	if first.status != 200 || first.answer.Queued != 1 {
		t.Fatalf("delivery to C while connected: %d %+v %v", first.status, first.answer, first.err)
	}
	waitFor(t, "the note in C before the disconnect", 15*time.Second, func() bool {
		return len(notes(sim.Parts(preConv))) == 1 && world.queueLeft(t) == 0
	})
	if code, b := h.api("POST", "/api/v1/bindings/"+bindings[wsC.ID]+"/disconnect", ""); code != 200 || b["status"] != "inactive" {
		t.Fatalf("disconnect C: %d %v", code, b)
	}
	_, cBefore := h.api("GET", "/api/v1/bindings/"+bindings[wsC.ID], "")
	preParts := len(sim.Parts(preConv))
	doneBefore := h.metric("sigsentry_jobs_total", `kind="event"`, `outcome="done"`)

	// The stream: A and B connected, C disconnected, D installed nowhere.
	texts := customerMessages
	var connectedConvs []string
	var ofA *replayNotif                       // a delivery of A, whose signature a forgery borrows
	replyFirst := map[string][2]*replayNotif{} // conversation → its created and first reply
	for _, ws := range []intercomsim.Workspace{wsA, wsB} {
		for i := range 5 {
			conv := open(ws, i, texts[(i+2)%len(texts)])
			connectedConvs = append(connectedConvs, conv)
			created := capture(replayConnected, intercomsim.TopicUserCreated, conv, ws.ID)
			if ofA == nil {
				ofA = created
			}
			reply(conv, texts[i%len(texts)])
			first := capture(replayConnected, intercomsim.TopicUserReplied, conv, ws.ID)
			if i == 1 || i == 3 {
				// The same part in a second notification (another id).
				capture(replayConnected, intercomsim.TopicUserReplied, conv, ws.ID)
			}
			if i%2 == 1 {
				reply(conv, texts[(i+3)%len(texts)])
				capture(replayConnected, intercomsim.TopicUserReplied, conv, ws.ID)
			}
			if i%2 == 0 {
				replyFirst[conv] = [2]*replayNotif{created, first}
			}
		}
	}
	otherConvs := []string{preConv}
	var ofD *replayNotif
	for i, ws := range []intercomsim.Workspace{wsC, wsC, wsD, wsD} {
		class := replayDisconnected
		if ws.ID == wsD.ID {
			class = replayUnknown
		}
		conv := open(ws, i+1, texts[i%len(texts)])
		otherConvs = append(otherConvs, conv)
		capture(class, intercomsim.TopicUserCreated, conv, ws.ID)
		reply(conv, texts[(i+1)%len(texts)])
		ofD = capture(class, intercomsim.TopicUserReplied, conv, ws.ID)
	}
	// A workspace id no simulator workspace has, signed right.
	unknownBody := bytes.Replace(ofD.body, []byte(`"app_id":"`+wsD.ID+`"`), []byte(`"app_id":"ws999999"`), 1)
	notifs = append(notifs, &replayNotif{class: replayUnknown, name: "unknown app_id", ws: "ws999999", body: unknownBody,
		header: http.Header{"Content-Type": {"application/json"}, "X-Hub-Signature": {intercomsim.HubSignature(simClientSecret, unknownBody)}}})

	// Forgeries: bait conversations in B whose real notifications are never
	// delivered, sent naming A, with B's signature, another app's secret,
	// the signature of another delivery, none, or the wrong algorithm.
	baitConv := open(wsB, 9, "Checkout fails with error 500 for all our customers since 2pm, we are losing sales!")
	otherConvs = append(otherConvs, baitConv)
	baitCreated, baitCreatedHdr, err := sim.Webhook(intercomsim.TopicUserCreated, baitConv)
	if err != nil {
		t.Fatal(err)
	}
	reply(baitConv, "Login is broken for all users, error 503, nobody can sign in")
	baitReply, baitReplyHdr, err := sim.Webhook(intercomsim.TopicUserReplied, baitConv)
	if err != nil {
		t.Fatal(err)
	}
	asA := func(body []byte) []byte {
		out := bytes.Replace(body, []byte(`"app_id":"`+wsB.ID+`"`), []byte(`"app_id":"`+wsA.ID+`"`), 1)
		if bytes.Equal(out, body) {
			t.Fatal("the bait body has no app_id to replace")
		}
		return out
	}
	signed := func(sig string) http.Header {
		h := http.Header{"Content-Type": {"application/json"}}
		if sig != "" {
			h.Set("X-Hub-Signature", sig)
		}
		return h
	}
	forged := []struct {
		name   string
		body   []byte
		header http.Header
	}{
		{"B's reply renamed to A, B's signature", asA(baitReply), baitReplyHdr.Clone()},
		{"B's conversation renamed to A, another app's secret", asA(baitCreated), signed(intercomsim.HubSignature("another-apps-client-secret", asA(baitCreated)))},
		{"B's conversation renamed to A, B's signature", asA(baitCreated), baitCreatedHdr.Clone()},
		{"B's conversation renamed to A, signature of an A delivery", asA(baitCreated), ofA.header.Clone()},
		{"B's conversation renamed to A, unsigned", asA(baitCreated), signed("")},
		{"B's conversation renamed to A, HMAC-SHA256 of the app's secret", asA(baitCreated), signed("sha1=" + intercomsim.BodySignature(simClientSecret, asA(baitCreated)))},
	}
	for _, f := range forged {
		notifs = append(notifs, &replayNotif{class: replayForged, name: f.name, ws: wsA.ID, conv: baitConv, body: f.body, header: f.header})
	}

	// Plan: 2–3 deliveries of each notification; the first may go with a
	// replay at the same moment; replays are the same bytes or Intercom's
	// redelivery. Then shuffle, and make the first reply of every other
	// connected conversation arrive (and be answered) before any delivery
	// of its creation.
	var slots []*replaySlot
	slotOf := map[*replayNotif][]int{}
	var deliveries []*replayDelivery
	newDelivery := func(n *replayNotif, replay bool) *replayDelivery {
		d := &replayDelivery{n: n, redeliver: replay && n.canRedeliver && rng.IntN(2) == 0}
		deliveries = append(deliveries, d)
		return d
	}
	concurrent := 0
	for _, n := range notifs {
		copies := 2 + rng.IntN(2)
		first := &replaySlot{ds: []*replayDelivery{newDelivery(n, false)}}
		slots = append(slots, first)
		for c := 1; c < copies; c++ {
			d := newDelivery(n, true)
			if c == 1 && rng.IntN(2) == 0 {
				first.ds = append(first.ds, d)
				concurrent++
				continue
			}
			slots = append(slots, &replaySlot{ds: []*replayDelivery{d}})
		}
	}
	rng.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	for i, s := range slots {
		s.done = make(chan struct{})
		slotOf[s.ds[0].n] = append(slotOf[s.ds[0].n], i)
	}
	for _, pair := range replyFirst {
		created, first := pair[0], pair[1]
		pc, pr := slotOf[created][0], slotOf[first][0] // the earliest of each
		if pr > pc {
			slots[pc], slots[pr] = slots[pr], slots[pc]
			slotOf[created][0], slotOf[first][0] = pr, pc
		}
		// Slots are handed out in order and reply slots wait for nothing,
		// so the gate cannot deadlock.
		for _, i := range slotOf[created] {
			slots[i].gate = slots[slotOf[first][0]].done
		}
	}

	// Deliver: 4 senders take the slots in order.
	sending := time.Now()
	work := make(chan *replaySlot)
	var senders sync.WaitGroup
	for range 4 {
		senders.Go(func() {
			for s := range work {
				if s.gate != nil {
					<-s.gate
				}
				var all sync.WaitGroup
				for _, d := range s.ds {
					all.Go(func() { post(d) })
				}
				all.Wait()
				close(s.done)
			}
		})
	}
	for _, s := range slots {
		work <- s
	}
	close(work)
	senders.Wait()
	delivered := time.Since(sending)

	// Settle: every connected conversation noted, the queue empty.
	distinct := map[string]bool{}
	for _, n := range notifs {
		if n.class == replayConnected {
			distinct[n.part] = true
		}
	}
	eventsDone := func() float64 {
		return h.metric("sigsentry_jobs_total", `kind="event"`, `outcome="done"`) - doneBefore
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		noted := 0
		for _, c := range connectedConvs {
			if len(notes(sim.Parts(c))) > 0 {
				noted++
			}
		}
		if noted == len(connectedConvs) && world.queueLeft(t) == 0 && int(eventsDone()) >= len(distinct) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	settled := time.Since(sending)
	time.Sleep(300 * time.Millisecond) // anything still posting would show now

	// Count.
	type classCounts struct{ delivered, accepted, queued, duplicates, ignored, refused, other int }
	by := map[string]*classCounts{}
	for _, class := range []string{replayConnected, replayDisconnected, replayUnknown, replayForged} {
		by[class] = &classCounts{}
	}
	queuedPerPart := map[string]int{}
	redelivered := 0
	for _, d := range deliveries {
		c := by[d.n.class]
		c.delivered++
		if d.redeliver {
			redelivered++
		}
		switch {
		case d.err != nil:
			c.other++
			t.Errorf("%s delivery %s (%s): %v", d.n.class, d.n.name, d.n.ws, d.err)
		case d.status == http.StatusOK:
			c.accepted++
			c.queued += d.answer.Queued
			c.duplicates += d.answer.Duplicates
			c.ignored += d.answer.Ignored
			if d.n.class == replayConnected {
				queuedPerPart[d.n.part] += d.answer.Queued
			}
		case d.status == http.StatusUnauthorized:
			c.refused++
		default:
			c.other++
		}
		// What each class must get, delivery by delivery.
		switch d.n.class {
		case replayConnected:
			if d.status != 200 || d.answer.Queued+d.answer.Duplicates != 1 || d.answer.Ignored != 0 {
				t.Errorf("connected delivery %s (%s): %d %+v %s, want 200 queued or duplicate", d.n.name, d.n.ws, d.status, d.answer, d.errCode)
			}
		case replayDisconnected, replayUnknown:
			// Acknowledged and ignored: an error would make Intercom retry
			// in vain and, repeated, pause the app's webhooks for every
			// workspace (410 would even disable the subscription).
			if d.status != 200 || d.answer != (webhookAnswerCounts{Ignored: 1}) {
				t.Errorf("%s delivery %s (%s): %d %+v %s, want 200 with the event ignored", d.n.class, d.n.name, d.n.ws, d.status, d.answer, d.errCode)
			}
		case replayForged:
			if d.status != http.StatusUnauthorized || d.errCode != "unauthorized" {
				t.Errorf("forged delivery %q: %d %+v %s, want 401 unauthorized", d.n.name, d.status, d.answer, d.errCode)
			}
		}
	}
	took := make([]time.Duration, 0, len(deliveries))
	for _, d := range deliveries {
		took = append(took, d.took)
	}
	slices.Sort(took)
	// Conversations whose first delivery was one of a reply (at least the
	// gated half).
	firstSent := map[string]*replayDelivery{}
	for _, d := range deliveries {
		if f := firstSent[d.n.conv]; d.n.class == replayConnected && (f == nil || d.sent.Before(f.sent)) {
			firstSent[d.n.conv] = d
		}
	}
	repliesFirst := 0
	for _, d := range firstSent {
		if !strings.HasPrefix(d.n.part, d.n.conv+"/source:") {
			repliesFirst++
		}
	}
	if repliesFirst < len(replyFirst) {
		t.Errorf("only %d conversations had a reply delivered before their creation, want at least %d", repliesFirst, len(replyFirst))
	}
	lostParts, twiceQueued := 0, 0
	for part := range distinct {
		switch q := queuedPerPart[part]; {
		case q == 0:
			lostParts++
			t.Errorf("part %s was never queued", part)
		case q > 1:
			twiceQueued++
			t.Errorf("part %s queued %d times", part, q)
		}
	}

	// Notes: per conversation and stage at most one, at least a triage
	// note in each connected conversation, authored by the admin who
	// installed the app in that conversation's own workspace; none
	// anywhere else.
	adminOf := map[string]string{}
	for _, ws := range wss {
		adminOf[ws.ID] = ws.Admins[0].ID
	}
	convWS := map[string]string{}
	for _, n := range notifs {
		if n.conv != "" && n.class != replayForged {
			convWS[n.conv] = n.ws
		}
	}
	convWS[baitConv] = wsB.ID
	triageNotes, analysisNotes, postedTwice, lostConvs := 0, 0, 0, 0
	for _, conv := range connectedConvs {
		perStage := map[string]int{}
		triaged := 0
		for _, p := range sim.Parts(conv) {
			if p.PartType != "note" || p.AuthorType != "admin" {
				continue
			}
			stage := ""
			if m := triageSeverity.FindStringSubmatch(p.Body); m != nil {
				stage = "triage " + m[1]
				triageNotes++
				triaged++
			} else if strings.Contains(p.Body, "SigSentry analysis") {
				stage = "analysis"
				analysisNotes++
			} else {
				t.Errorf("conversation %s: unexpected note %q", conv, p.Body)
				continue
			}
			perStage[stage]++
			if p.AuthorID != adminOf[convWS[conv]] {
				t.Errorf("conversation %s of %s: note by admin %s, want %s of its own workspace", conv, convWS[conv], p.AuthorID, adminOf[convWS[conv]])
			}
		}
		for stage, n := range perStage {
			if n > 1 {
				postedTwice++
				t.Errorf("conversation %s: %d %s notes", conv, n, stage)
			}
		}
		if triaged == 0 {
			lostConvs++
			t.Errorf("conversation %s of %s: no triage note", conv, convWS[conv])
		}
	}
	if got := len(sim.Parts(preConv)); got != preParts {
		t.Errorf("conversation %s of the disconnected workspace: %d parts, %d before the disconnect", preConv, got, preParts)
	}
	for _, conv := range otherConvs[1:] {
		for _, p := range sim.Parts(conv) {
			if p.AuthorType == "admin" {
				t.Errorf("conversation %s of %s (not connected, or bait of the forgeries): admin part %q", conv, convWS[conv], p.Body)
			}
		}
	}

	// Jobs: one per distinct part, done; nothing dropped, dead or left.
	done := eventsDone()
	dropped := h.metric("sigsentry_jobs_total", `kind="event"`, `outcome="dropped"`)
	dead := h.metric("sigsentry_jobs_total", `outcome="dead"`)
	left := world.queueLeft(t)
	if int(done) != len(distinct) || dropped != 0 || dead != 0 || left != 0 {
		t.Errorf("event jobs done %.0f (want %d, one per distinct part), dropped %.0f, dead %.0f; %d jobs left in the queue",
			done, len(distinct), dropped, dead, left)
	}

	// The disconnected binding was not written to; no binding has an error.
	_, cAfter := h.api("GET", "/api/v1/bindings/"+bindings[wsC.ID], "")
	for _, k := range []string{"status", "activity", "updated_at"} {
		if before, after := fmt.Sprint(cBefore[k]), fmt.Sprint(cAfter[k]); before != after {
			t.Errorf("disconnected binding's %s changed: %s → %s", k, before, after)
		}
	}
	for _, ws := range []intercomsim.Workspace{wsA, wsB} {
		_, b := h.api("GET", "/api/v1/bindings/"+bindings[ws.ID], "")
		if activity, _ := b["activity"].(map[string]any); b["status"] != "active" || activity["last_error"] != nil {
			t.Errorf("binding of %s after the stream: %v", ws.ID, b)
		}
	}
	if v := sim.Violations(); len(v) > 0 {
		t.Errorf("requests Intercom's OpenAPI description refuses: %+v", v)
	}

	conn, disc, unk, forg := by[replayConnected], by[replayDisconnected], by[replayUnknown], by[replayForged]
	t.Logf("%s: %d notifications (%d distinct parts of %d connected conversations, %d of them with a reply delivered first) in %d deliveries "+
		"(%d concurrent with a replay, %d redelivered with delivery_attempts+1), sent in %v (answered in p50 %v, max %v); "+
		"connected: %d delivered, %d accepted, %d queued, %d duplicates; disconnected: %d delivered, %d ignored; "+
		"unknown: %d delivered, %d ignored; forged: %d delivered, %d refused (401); other answers: %d; "+
		"event jobs done %.0f, triage notes posted %d, analysis notes %d, posted twice %d, lost %d (parts never queued %d, queued twice %d); settled %v after the first delivery",
		mode, len(notifs), len(distinct), len(connectedConvs), repliesFirst, len(deliveries), concurrent, redelivered, delivered.Round(time.Millisecond),
		took[len(took)/2].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond),
		conn.delivered, conn.accepted, conn.queued, conn.duplicates, disc.delivered, disc.ignored,
		unk.delivered, unk.ignored, forg.delivered, forg.refused, conn.other+disc.other+unk.other+forg.other,
		done, triageNotes, analysisNotes, postedTwice, lostConvs+lostParts, lostParts, twiceQueued, settled.Round(time.Millisecond))
	if conn.queued != len(distinct) || conn.duplicates != conn.delivered-len(distinct) {
		t.Errorf("connected: %d queued and %d duplicates, want %d and %d", conn.queued, conn.duplicates, len(distinct), conn.delivered-len(distinct))
	}
	if forg.refused != forg.delivered || disc.ignored != disc.delivered || unk.ignored != unk.delivered {
		t.Errorf("forged refused %d of %d, disconnected ignored %d of %d, unknown ignored %d of %d",
			forg.refused, forg.delivered, disc.ignored, disc.delivered, unk.ignored, unk.delivered)
	}
}
