package dashboard

import (
	"crypto/hmac"
	"encoding/base64"
	"net/http"
	"time"
)

// csrfField is the hidden form field every form carries.
const csrfField = "csrf_token"

// loginNonceTTL bounds how long a login form may stay open.
const loginNonceTTL = time.Hour

// Every form is protected twice:
//
//   - a synchronizer token: the hidden field holds HMAC(csrfKey, session id),
//     which a page on another site cannot read or compute;
//   - net/http's CrossOriginProtection: browsers label cross-site posts with
//     Sec-Fetch-Site or Origin, and those are refused before any form is
//     read.
//
// The login form has no session yet; its token is bound to a random nonce in
// a short-lived cookie instead (double submit), so that no other site can
// log a browser in either.

// csrfToken is the token for forms of sess.
func (s *sessions) csrfToken(sess session) string {
	return b64(s.mac(s.csrfKey, []byte("session|"+sess.ID)))
}

// validCSRF reports whether token belongs to sess.
func (s *sessions) validCSRF(sess session, token string) bool {
	return equalTokens(token, s.csrfToken(sess))
}

func (s *sessions) loginCookieName() string {
	if s.secure {
		return "__Host-sigsentry_login"
	}
	return "sigsentry_login"
}

// loginToken sets a fresh login nonce cookie and returns the form token
// bound to it.
func (s *sessions) loginToken(w http.ResponseWriter) string {
	nonce := randomToken(16)
	http.SetCookie(w, s.cookie(s.loginCookieName(), nonce, s.now().Add(loginNonceTTL)))
	return b64(s.mac(s.csrfKey, []byte("login|"+nonce)))
}

// validLoginToken checks a login form's token against the nonce cookie.
func (s *sessions) validLoginToken(r *http.Request, token string) bool {
	c, err := r.Cookie(s.loginCookieName())
	if err != nil || c.Value == "" {
		return false
	}
	return equalTokens(token, b64(s.mac(s.csrfKey, []byte("login|"+c.Value))))
}

// equalTokens compares two base64url tokens in constant time.
func equalTokens(got, want string) bool {
	g, err := base64.RawURLEncoding.DecodeString(got)
	if err != nil || got == "" {
		return false
	}
	w, _ := base64.RawURLEncoding.DecodeString(want)
	return hmac.Equal(g, w)
}
