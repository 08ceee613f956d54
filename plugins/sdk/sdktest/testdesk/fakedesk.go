package testdesk

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// What a new Fake knows: one OAuth client, one installed workspace with a
// valid token, and one conversation.
const (
	FakeClientID       = "testdesk-client"
	FakeClientSecret   = "testdesk-secret"
	FakeAuthCode       = "code_w1"
	FakeToken          = "tok_w1"
	FakeWorkspaceID    = "w1"
	FakeWorkspaceName  = "Test workspace"
	FakeAdminID        = "a1"
	FakeConversationID = "c1"
)

// Settings are the Configure settings that point a Desk at a Fake served
// at apiBase (an httptest.Server's URL).
func Settings(apiBase string) map[string]string {
	return map[string]string{
		SettingAPIBase:      apiBase,
		SettingClientID:     FakeClientID,
		SettingClientSecret: FakeClientSecret,
	}
}

// FakeCredentials are the credentials of the Fake's installed workspace.
func FakeCredentials() *deskv1.Credentials {
	return &deskv1.Credentials{AccessToken: FakeToken, WorkspaceId: FakeWorkspaceID}
}

// Message is a note or reply the Fake stores.
type Message struct {
	ID             string
	ConversationID string
	Body           string
	Visibility     string
	IdempotencyKey string
}

// Fake is an in-memory support desk serving the HTTP API that Desk calls.
// Tests serve it with httptest, script failures with FailNext and read what
// the plugin wrote with Messages, PostCount and Attributes. It is safe for
// concurrent use.
type Fake struct {
	mux *http.ServeMux

	mu            sync.Mutex
	tokens        map[string]bool // false once revoked
	conversations map[string]*conversation
	byKey         map[string]Message // Idempotency-Key → the message it created
	fail          failure
	seq           int
	requests      int
}

type conversation struct {
	messages   []Message
	attributes map[string]string
}

// failure is a scripted answer for the next remaining requests.
type failure struct {
	status     int
	retryAfter time.Duration
	remaining  int
}

// NewFake returns a Fake holding FakeWorkspaceID with the valid FakeToken
// and the conversation FakeConversationID.
func NewFake() *Fake {
	f := &Fake{
		tokens:        map[string]bool{FakeToken: true},
		conversations: map[string]*conversation{},
		byKey:         map[string]Message{},
	}
	f.AddConversation(FakeConversationID)
	f.mux = f.routes()
	return f
}

// ServeHTTP answers one API call, or the scripted failure if one is due.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests++
	fail := f.fail
	if f.fail.remaining > 0 {
		f.fail.remaining--
	}
	f.mu.Unlock()
	if fail.remaining > 0 {
		if fail.retryAfter > 0 {
			secs := int((fail.retryAfter + time.Second - 1) / time.Second) // round up
			w.Header().Set("Retry-After", strconv.Itoa(secs))
		}
		writeError(w, fail.status, fmt.Sprintf("scripted failure %d", fail.status))
		return
	}
	f.mux.ServeHTTP(w, r)
}

// FailNext makes the next n requests answer status, with a Retry-After
// header of retryAfter (rounded up to whole seconds) when it is positive.
// n = 0 cancels failures still pending.
func (f *Fake) FailNext(status int, retryAfter time.Duration, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = failure{status: status, retryAfter: retryAfter, remaining: n}
}

// AddConversation makes a conversation exist; posts to others get 404.
func (f *Fake) AddConversation(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conversations[id] == nil {
		f.conversations[id] = &conversation{attributes: map[string]string{}}
	}
}

// Messages returns the messages stored in a conversation, oldest first.
func (f *Fake) Messages(conversationID string) []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c := f.conversations[conversationID]; c != nil {
		return append([]Message(nil), c.messages...)
	}
	return nil
}

// PostCount is how many messages a conversation holds.
func (f *Fake) PostCount(conversationID string) int { return len(f.Messages(conversationID)) }

// Attributes returns a copy of a conversation's attributes.
func (f *Fake) Attributes(conversationID string) map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c := f.conversations[conversationID]; c != nil {
		return maps.Clone(c.attributes)
	}
	return nil
}

// Requests is how many requests the Fake has received, failures included:
// tests use it to prove that a plugin does not retry on its own.
func (f *Fake) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// Delivery returns a new webhook delivery about a customer message in a
// conversation of FakeWorkspaceID, signed as the desk signs it.
func (f *Fake) Delivery(conversationID, text string) (body []byte, headers map[string]string) {
	f.mu.Lock()
	f.seq++
	n := f.seq
	f.mu.Unlock()
	body, _ = json.Marshal(delivery{
		ID:           fmt.Sprintf("dlv_%d", n),
		Type:         TypeConversationCreated,
		Workspace:    FakeWorkspaceID,
		Conversation: conversationID,
		Part:         fmt.Sprintf("p_%d", n),
		AuthorKind:   "user",
		AuthorID:     "u1",
		Text:         text,
		CreatedAt:    time.Now().Unix(),
	})
	return body, map[string]string{"Content-Type": "application/json", SignatureHeader: Sign(FakeClientSecret, body)}
}
