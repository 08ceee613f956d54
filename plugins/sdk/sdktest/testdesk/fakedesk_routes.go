package testdesk

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// routes is the Fake's HTTP API, shaped like a typical REST desk's.
func (f *Fake) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth/authorize", f.authorize)
	mux.HandleFunc("POST /oauth/token", f.token)
	mux.HandleFunc("GET /me", f.authed(f.me))
	mux.HandleFunc("POST /revoke", f.authed(f.revoke))
	mux.HandleFunc("POST /conversations/{id}/messages", f.authed(f.postMessage))
	mux.HandleFunc("PUT /conversations/{id}/attributes", f.authed(f.putAttributes))
	return mux
}

// authorize stands in for the desk's consent page: it approves at once and
// sends the browser back to the hub with FakeAuthCode.
func (f *Fake) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || q.Get("client_id") != FakeClientID || back.Scheme == "" {
		writeError(w, http.StatusBadRequest, "unknown client_id or bad redirect_uri")
		return
	}
	v := back.Query()
	v.Set("code", FakeAuthCode)
	v.Set("state", q.Get("state"))
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// token exchanges FakeAuthCode for FakeToken (client credentials in the body).
func (f *Fake) token(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("client_id") != FakeClientID || r.PostFormValue("client_secret") != FakeClientSecret {
		writeError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	if r.PostFormValue("grant_type") != "authorization_code" || r.PostFormValue("code") != FakeAuthCode {
		writeError(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	f.mu.Lock()
	f.tokens[FakeToken] = true
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"access_token": FakeToken, "token_type": "bearer"})
}

// authed refuses requests without a live bearer token.
func (f *Fake) authed(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		f.mu.Lock()
		live := ok && f.tokens[token]
		f.mu.Unlock()
		if !live {
			writeError(w, http.StatusUnauthorized, "token missing, unknown or revoked")
			return
		}
		next(w, r)
	}
}

func (f *Fake) me(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"workspace": map[string]string{"id": FakeWorkspaceID, "name": FakeWorkspaceName},
		"admin":     map[string]string{"id": FakeAdminID},
		"region":    "eu",
	})
}

func (f *Fake) revoke(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	f.mu.Lock()
	f.tokens[token] = false
	f.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// postMessage stores a message once per Idempotency-Key: a repeated key
// answers the first message again, as Stripe-style APIs do.
func (f *Fake) postMessage(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body       string `json:"body"`
		Visibility string `json:"visibility"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
		writeError(w, http.StatusBadRequest, "want a JSON body with a non-empty body field")
		return
	}
	if in.Visibility != "internal" && in.Visibility != "public" {
		writeError(w, http.StatusBadRequest, "visibility must be internal or public")
		return
	}
	id, key := r.PathValue("id"), r.Header.Get("Idempotency-Key")

	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.conversations[id]
	if c == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no conversation %q", id))
		return
	}
	if m, seen := f.byKey[key]; seen && key != "" {
		writeJSON(w, http.StatusOK, map[string]string{"id": m.ID})
		return
	}
	f.seq++
	m := Message{ID: fmt.Sprintf("msg_%d", f.seq), ConversationID: id, Body: in.Body, Visibility: in.Visibility, IdempotencyKey: key}
	c.messages = append(c.messages, m)
	if key != "" {
		f.byKey[key] = m
	}
	writeJSON(w, http.StatusCreated, map[string]string{"id": m.ID})
}

// putAttributes merges the given attributes into the conversation's.
func (f *Fake) putAttributes(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Attributes map[string]string `json:"attributes"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.Attributes) == 0 {
		writeError(w, http.StatusBadRequest, "want a JSON body with attributes")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.conversations[r.PathValue("id")]
	if c == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no conversation %q", r.PathValue("id")))
		return
	}
	for k, v := range in.Attributes {
		c.attributes[k] = v
	}
	w.WriteHeader(http.StatusNoContent)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
