package intercomsim

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The OAuth endpoints are not in the OpenAPI description; they follow "Setting up OAuth"
// (FACTS §2): GET /oauth?client_id&state[&redirect_uri] on the app host, a redirect to
// redirect_uri?code&state, and POST /auth/eagle/token with code, client_id and client_secret.

// grant is an issued authorization code waiting to be exchanged.
type grant struct {
	workspaceID, adminID string
}

// token is an access token. Tokens never expire; only uninstall or revocation ends them
// (FACTS §2: no refresh_token, no expires_in).
type token struct {
	value, workspaceID, adminID string
	revoked                     bool
}

// ErrAuthorize is wrapped by every refusal of the authorize step.
var ErrAuthorize = errors.New("intercomsim: authorize refused")

// Authorize plays the first admin of the first workspace clicking "Authorize access" on the
// page authURL points to, and returns the URL Intercom redirects the browser to:
// redirect_uri?code=…&state=…. The code always ends with "=" and the "=" is written as is,
// because FACTS §2 warns that real codes may and that clients dropping it get 401.
func (s *Sim) Authorize(authURL string) (string, error) {
	s.mu.Lock()
	first := s.workspaces[s.wsOrder[0]]
	ws, admin := first.ID, first.Admins[0].ID
	s.mu.Unlock()
	return s.AuthorizeAs(authURL, ws, admin)
}

// AuthorizeAs is Authorize by a chosen admin of a chosen workspace.
func (s *Sim) AuthorizeAs(authURL, workspaceID, adminID string) (string, error) {
	u, err := url.Parse(authURL)
	if err != nil {
		return "", fmt.Errorf("%w: parse %q: %w", ErrAuthorize, authURL, err)
	}
	if !strings.HasSuffix(u.Path, "/oauth") {
		return "", fmt.Errorf("%w: path %q is not /oauth", ErrAuthorize, u.Path)
	}
	q := u.Query()
	return s.approve(q.Get("client_id"), q.Get("state"), q.Get("redirect_uri"), workspaceID, adminID)
}

// approve checks an authorize request and issues a code for it.
func (s *Sim) approve(clientID, state, redirectURI, workspaceID, adminID string) (string, error) {
	redirect, err := s.checkAuthorize(clientID, redirectURI)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.workspaceLocked(workspaceID)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrAuthorize, err)
	}
	if _, ok := w.admin(adminID); !ok {
		return "", fmt.Errorf("%w: admin %q is not in workspace %q", ErrAuthorize, adminID, workspaceID)
	}
	code := randomCode()
	s.codes[code] = grant{workspaceID: workspaceID, adminID: adminID}
	sep := "?"
	if strings.Contains(redirect, "?") {
		sep = "&"
	}
	cb := redirect + sep + "code=" + code
	if state != "" {
		cb += "&state=" + url.QueryEscape(state)
	}
	s.logf("oauth: admin %s of workspace %s approved; redirecting to %s", adminID, workspaceID, cb)
	return cb, nil
}

// checkAuthorize validates client_id and redirect_uri and returns the redirect URL to use.
func (s *Sim) checkAuthorize(clientID, redirectURI string) (string, error) {
	if clientID != s.opts.ClientID {
		return "", fmt.Errorf("%w: unknown client_id %q", ErrAuthorize, clientID)
	}
	registered := s.opts.RedirectURLs
	switch {
	case redirectURI == "" && len(registered) > 0:
		return registered[0], nil // "The first will always be the default"
	case redirectURI == "":
		return "", fmt.Errorf("%w: no redirect_uri and none registered", ErrAuthorize)
	case len(registered) > 0 && !slices.Contains(registered, redirectURI):
		return "", fmt.Errorf("%w: redirect_uri %q is not registered", ErrAuthorize, redirectURI)
	}
	if u, err := url.Parse(redirectURI); err != nil || !u.IsAbs() {
		return "", fmt.Errorf("%w: redirect_uri %q is not an absolute URL", ErrAuthorize, redirectURI)
	}
	return redirectURI, nil
}

// randomCode returns 32 random bytes in URL-safe base64, which always ends with one "=".
func randomCode() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.URLEncoding.EncodeToString(b[:])
}

// IssueToken returns a valid access token for an admin of a workspace without the OAuth
// dance, like the Access Token Developer Hub shows for a private app.
func (s *Sim) IssueToken(workspaceID, adminID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.workspaceLocked(workspaceID)
	if err != nil {
		return "", err
	}
	if _, ok := w.admin(adminID); !ok {
		return "", fmt.Errorf("intercomsim: admin %q is not in workspace %q", adminID, workspaceID)
	}
	return s.issueLocked(grant{workspaceID: workspaceID, adminID: adminID}), nil
}

// issueLocked mints a token shaped like Intercom's: base64 of "tok:…", hence the "dG9rOj"
// prefix of the documented example ("dG9rOjBiM…").
func (s *Sim) issueLocked(g grant) string {
	v := base64.StdEncoding.EncodeToString([]byte("tok:" + newUUID() + ":" + g.workspaceID))
	s.tokens[v] = &token{value: v, workspaceID: g.workspaceID, adminID: g.adminID}
	return v
}

// RevokeAll revokes every token the Sim has issued.
func (s *Sim) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.revoked = true
	}
	s.logf("oauth: all tokens revoked")
}

// revokeWorkspaceLocked ends the app's access to one workspace, as uninstalling does.
func (s *Sim) revokeWorkspaceLocked(workspaceID string) {
	for _, t := range s.tokens {
		if t.workspaceID == workspaceID {
			t.revoked = true
		}
	}
	s.logf("oauth: tokens of workspace %s revoked", workspaceID)
}

// handleToken is POST /auth/eagle/token. Every refusal is 401 "Unauthorized Code", the only
// failure the docs describe; a code works once.
func (s *Sim) handleToken(w http.ResponseWriter, r *http.Request, requestID string) {
	in, err := tokenParams(r)
	if err != nil {
		writeError(w, requestID, errorf(http.StatusBadRequest, codeParameterInvalid, "%v", err))
		return
	}
	s.mu.Lock()
	g, ok := s.codes[in.Code]
	if ok && in.ClientID == s.opts.ClientID && in.ClientSecret == s.opts.ClientSecret {
		delete(s.codes, in.Code)
	} else {
		ok = false
	}
	var tok string
	if ok {
		tok = s.issueLocked(g)
	}
	s.mu.Unlock()
	if !ok {
		s.logf("oauth: token exchange refused (code %q)", in.Code)
		writeError(w, requestID, &apiError{status: http.StatusUnauthorized, code: codeUnauthorized, message: msgUnauthorizedCode})
		return
	}
	s.logf("oauth: code exchanged for a token of workspace %s, admin %s", g.workspaceID, g.adminID)
	writeJSON(w, http.StatusOK, tokenResponse{TokenType: "Bearer", Token: tok, AccessToken: tok})
}

// tokenResponse is the documented answer; access_token is "A duplicate of the Access Token".
type tokenResponse struct {
	TokenType   string `json:"token_type"`
	Token       string `json:"token"`
	AccessToken string `json:"access_token"`
}

type tokenRequest struct {
	Code         string `json:"code"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// tokenParams reads the exchange parameters as a form (the docs' Ruby sample) or JSON (what
// several integrations send).
func tokenParams(r *http.Request) (tokenRequest, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		var in tokenRequest
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			return in, fmt.Errorf("decode JSON body: %w", err)
		}
		return in, nil
	}
	if err := r.ParseForm(); err != nil {
		return tokenRequest{}, fmt.Errorf("parse form body: %w", err)
	}
	return tokenRequest{Code: r.PostForm.Get("code"), ClientID: r.PostForm.Get("client_id"), ClientSecret: r.PostForm.Get("client_secret")}, nil
}

// handleUninstallAPI is POST /auth/uninstall: it revokes the app's access to the token's
// workspace (FACTS §2 "Revoking access"). The response body is undocumented; {} is sent.
func (s *Sim) handleUninstallAPI(w http.ResponseWriter, r *http.Request, requestID string) {
	s.mu.Lock()
	t := s.tokenLocked(r)
	if t != nil {
		s.revokeWorkspaceLocked(t.workspaceID)
	}
	s.mu.Unlock()
	if t == nil {
		writeError(w, requestID, errTokenInvalid())
		return
	}
	writeJSON(w, http.StatusOK, struct{}{})
}

// tokenLocked returns the live token of a request's bearer header, or nil.
func (s *Sim) tokenLocked(r *http.Request) *token {
	v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return nil
	}
	t := s.tokens[strings.TrimSpace(v)]
	if t == nil || t.revoked {
		return nil
	}
	return t
}

// IssuedTokens returns every access token the Sim has issued for a
// workspace, revoked ones included, so that a test can check that no
// token ever appears in logs or answers.
func (s *Sim) IssuedTokens(workspaceID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for v, t := range s.tokens {
		if t.workspaceID == workspaceID {
			out = append(out, v)
		}
	}
	return out
}
