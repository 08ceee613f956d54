package intercomsim

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// verifyWebhook is the Go sketch of FACTS §3.4, verbatim in substance.
func verifyWebhook(raw []byte, header, clientSecret string) bool {
	if !strings.HasPrefix(header, "sha1=") {
		return false
	}
	m := hmac.New(sha1.New, []byte(clientSecret))
	m.Write(raw)
	got, err := hex.DecodeString(strings.TrimPrefix(header, "sha1="))
	return err == nil && hmac.Equal(got, m.Sum(nil))
}

// receiver is a webhook endpoint that records what it gets.
type receiver struct {
	mu     sync.Mutex
	bodies [][]byte
	heads  []http.Header
	status int
}

func newReceiver(t *testing.T, status int) (*receiver, *httptest.Server) {
	rc := &receiver{status: status}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.bodies, rc.heads = append(rc.bodies, b), append(rc.heads, r.Header.Clone())
		rc.mu.Unlock()
		w.WriteHeader(rc.status)
	}))
	t.Cleanup(srv.Close)
	return rc, srv
}

func (rc *receiver) topics(t *testing.T) []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []string
	for _, b := range rc.bodies {
		out = append(out, decode(t, b)["topic"].(string))
	}
	return out
}

var notifID = regexp.MustCompile(`^notif_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestWebhookEnvelopeAndSignature(t *testing.T) {
	f := newFixture(t, Options{ClientSecret: "s3cret"})
	id := f.conversation(t)
	if _, err := f.sim.ContactReply(id, "Still <broken>\nsince 2pm"); err != nil {
		t.Fatal(err)
	}
	body, h, err := f.sim.Webhook(TopicUserReplied, id)
	if err != nil {
		t.Fatal(err)
	}
	if !verifyWebhook(body, h.Get("X-Hub-Signature"), "s3cret") || verifyWebhook(body, h.Get("X-Hub-Signature"), "other") {
		t.Fatal("X-Hub-Signature does not verify with the FACTS §3.4 sketch")
	}
	if h.Get("User-Agent") != "intercom-parrot-service-client/1.0" || h.Get("Content-Type") != "application/json" {
		t.Fatalf("headers %v", h)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, body); err != nil || !bytes.Equal(compact.Bytes(), body) {
		t.Fatalf("body is not compact JSON: %s", body)
	}
	env := decode(t, body)
	data := env["data"].(map[string]any)
	item := data["item"].(map[string]any)
	parts := item["conversation_parts"].(map[string]any)["conversation_parts"].([]any)
	if env["type"] != "notification_event" || !notifID.MatchString(env["id"].(string)) || env["topic"] != TopicUserReplied ||
		env["app_id"] != f.ws.ID || env["delivery_attempts"] != 1.0 || env["first_sent_at"] != env["created_at"] ||
		data["type"] != "notification_event_data" || item["type"] != "conversation" || item["id"] != id {
		t.Fatalf("envelope %s", body)
	}
	// Only the triggering part, with a plain-text body (API 2.15+).
	if len(parts) != 1 || parts[0].(map[string]any)["body"] != "Still <broken>\nsince 2pm" {
		t.Fatalf("parts %v", parts)
	}
	if src := item["source"].(map[string]any); src["body"] != "Checkout fails with error 500 since 2pm" {
		t.Fatalf("source body not plain text: %v", src["body"])
	}
}

func TestWebhookTopicsPickTheirPart(t *testing.T) {
	f := newFixture(t, Options{})
	id := f.conversation(t)
	body, _, err := f.sim.Webhook(TopicUserCreated, id)
	if err != nil {
		t.Fatal(err)
	}
	if parts := decode(t, body)["data"].(map[string]any)["item"].(map[string]any)["conversation_parts"].(map[string]any); parts["total_count"] != 0.0 {
		t.Fatalf("user.created carries parts: %v", parts)
	}
	note, _ := f.sim.AddPart(id, NewPart{PartType: "note", AuthorType: "admin", Body: "looking"})
	bot, _ := f.sim.AddPart(id, NewPart{PartType: "comment", AuthorType: "bot", Body: "Fin here"})
	closed, _ := f.sim.AddPart(id, NewPart{PartType: "close", AuthorType: "admin"})
	want := map[string]string{TopicAdminNoted: note, TopicOperatorReplied: bot, TopicAdminReplied: bot, TopicAdminClosed: closed}
	for topic, part := range want {
		body, _, err := f.sim.Webhook(topic, id)
		if err != nil {
			t.Fatalf("%s: %v", topic, err)
		}
		parts := decode(t, body)["data"].(map[string]any)["item"].(map[string]any)["conversation_parts"].(map[string]any)["conversation_parts"].([]any)
		if len(parts) != 1 || parts[0].(map[string]any)["id"] != part {
			t.Errorf("%s: parts %v, want %s", topic, parts, part)
		}
	}
	if _, _, err := f.sim.Webhook(TopicAdminSingleCreated, id); !errors.Is(err, ErrNoTriggeringPart) {
		t.Errorf("admin.single.created of a contact's conversation: %v", err)
	}
	if _, _, err := f.sim.Webhook("conversation.created", id); err == nil {
		t.Error("accepted a topic Intercom does not have")
	}
	started, err := f.sim.AddConversation(f.ws.ID, Message{AdminID: f.ws.Admins[0].ID, Contact: Contact{Email: "c@example.com"}, Body: "Hi from us"})
	if err != nil {
		t.Fatal(err)
	}
	body, _, err = f.sim.Webhook(TopicAdminSingleCreated, started)
	if err != nil {
		t.Fatal(err)
	}
	if src := decode(t, body)["data"].(map[string]any)["item"].(map[string]any)["source"].(map[string]any); src["delivered_as"] != "admin_initiated" || src["author"].(map[string]any)["type"] != "admin" {
		t.Fatalf("admin.single.created: %s %v", body, err)
	}
	body, _, err = f.sim.Webhook(TopicPing, f.ws.ID)
	if err != nil || decode(t, body)["data"].(map[string]any)["item"].(map[string]any)["type"] != "ping" {
		t.Fatalf("ping: %s %v", body, err)
	}
}

func TestDeliverThenRedeliverKeepsTheNotificationID(t *testing.T) {
	f := newFixture(t, Options{})
	id := f.conversation(t)
	rc, srv := newReceiver(t, http.StatusInternalServerError)
	d1, err := f.sim.Deliver(t.Context(), srv.URL, TopicUserCreated, id)
	if err != nil || d1.Status != http.StatusInternalServerError || d1.Attempt != 1 {
		t.Fatalf("deliver: %+v %v", d1, err)
	}
	rc.status = http.StatusOK
	d2, err := f.sim.Redeliver(t.Context(), srv.URL, d1.NotificationID)
	if err != nil || d2.Status != http.StatusOK {
		t.Fatalf("redeliver: %+v %v", d2, err)
	}
	first, second := decode(t, rc.bodies[0]), decode(t, rc.bodies[1])
	if first["id"] != second["id"] || second["delivery_attempts"] != 2.0 || first["created_at"] != second["created_at"] {
		t.Fatalf("redelivery changed the notification: %s vs %s", rc.bodies[0], rc.bodies[1])
	}
	if !bytes.Equal(mustJSON(t, first["data"]), mustJSON(t, second["data"])) {
		t.Fatal("redelivery changed the item")
	}
	if !verifyWebhook(rc.bodies[1], rc.heads[1].Get("X-Hub-Signature"), f.sim.Options().ClientSecret) {
		t.Fatal("redelivery not re-signed")
	}
	if got := f.sim.Deliveries(); len(got) != 2 {
		t.Fatalf("deliveries %d", len(got))
	}
	if _, err := f.sim.Redeliver(t.Context(), srv.URL, "notif_nope"); err == nil {
		t.Fatal("redelivered an unknown notification")
	}
}

func TestAPIRepliesEchoBackAsWebhooks(t *testing.T) {
	rc, srv := newReceiver(t, http.StatusOK)
	f := newFixture(t, Options{WebhookURL: srv.URL, AppPackageCode: "sigsentry"})
	id := f.conversation(t)
	f.do(t, http.MethodPost, "/conversations/"+id+"/reply", map[string]any{"message_type": "note", "type": "admin", "admin_id": f.ws.Admins[0].ID, "body": "triaged"})
	if _, err := f.sim.AddPart(id, NewPart{PartType: "comment", AuthorType: "bot", Body: "Fin"}); err != nil {
		t.Fatal(err)
	}
	f.sim.Close() // wait for the background deliveries
	got := strings.Join(rc.topics(t), ",")
	for _, want := range []string{TopicUserCreated, TopicAdminNoted, TopicAdminReplied, TopicOperatorReplied} {
		if !strings.Contains(got, want) {
			t.Errorf("topics %s lack %s", got, want)
		}
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, b := range rc.bodies {
		env := decode(t, b)
		if env["topic"] != TopicAdminNoted {
			continue
		}
		part := env["data"].(map[string]any)["item"].(map[string]any)["conversation_parts"].(map[string]any)["conversation_parts"].([]any)[0].(map[string]any)
		if part["app_package_code"] != "sigsentry" || part["body"] != "triaged" {
			t.Fatalf("echo of our note: %v", part)
		}
	}
}

func TestCheckURL(t *testing.T) {
	f := newFixture(t, Options{})
	var method string
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { method = r.Method }))
	defer ok.Close()
	if err := f.sim.CheckURL(t.Context(), ok.URL); err != nil || method != http.MethodHead {
		t.Fatalf("%v (method %s)", err, method)
	}
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusMethodNotAllowed) }))
	defer bad.Close()
	if err := f.sim.CheckURL(t.Context(), bad.URL); err == nil {
		t.Fatal("a 405 to HEAD passed the URL check")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
