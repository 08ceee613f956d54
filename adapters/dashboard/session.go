package dashboard

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"strings"
	"time"
)

// SessionTTL is how long a login lasts. A working day: long enough not to
// interrupt, short enough that a forgotten browser does not stay an admin.
const SessionTTL = 12 * time.Hour

// minTokenLength matches the hub's rule for admin tokens.
const minTokenLength = 16

// Labels for deriving independent keys from the admin token (HKDF "info").
// They are fixed, so every hub process sharing the token derives the same
// keys and a session survives restarts; changing the token ends every
// session.
const (
	sessionKeyLabel = "sigsentry dashboard session cookie v1"
	csrfKeyLabel    = "sigsentry dashboard csrf v1"
)

// session is a login. The cookie is stateless: its id and expiry, signed.
// Logout clears the cookie in that browser; a copied cookie stays valid
// until it expires, which SessionTTL bounds.
type session struct {
	ID      string
	Expires time.Time
}

// sessions issues and verifies session cookies and their CSRF tokens.
type sessions struct {
	// tokenHash is the admin token's SHA-256: login compares hashes, so the
	// comparison takes the same time whatever the guess's length.
	tokenHash [sha256.Size]byte
	signKey   []byte
	csrfKey   []byte
	secure    bool
	now       func() time.Time
}

func newSessions(adminToken string, secure bool, now func() time.Time) *sessions {
	return &sessions{
		tokenHash: sha256.Sum256([]byte(adminToken)),
		signKey:   deriveKey(adminToken, sessionKeyLabel),
		csrfKey:   deriveKey(adminToken, csrfKeyLabel),
		secure:    secure, now: now,
	}
}

func deriveKey(secret, label string) []byte {
	key, err := hkdf.Key(sha256.New, []byte(secret), nil, label, sha256.Size)
	if err != nil {
		// Only a key length above 255 hash sizes fails; 32 bytes cannot.
		panic("dashboard: derive key: " + err.Error())
	}
	return key
}

// cookieName uses the __Host- prefix over https: the browser then refuses
// the cookie unless it is Secure, host-only and for path "/", so a sibling
// subdomain cannot plant one.
func (s *sessions) cookieName() string {
	if s.secure {
		return "__Host-sigsentry_session"
	}
	return "sigsentry_session"
}

// start issues a new session and sets its cookie.
func (s *sessions) start(w http.ResponseWriter) session {
	sess := session{ID: randomToken(16), Expires: s.now().Add(SessionTTL).Truncate(time.Second)}
	payload := make([]byte, 0, 64)
	payload = append(payload, sess.ID...)
	payload = binary.BigEndian.AppendUint64(payload, uint64(sess.Expires.Unix()))
	value := b64(payload) + "." + b64(s.mac(s.signKey, payload))
	http.SetCookie(w, s.cookie(s.cookieName(), value, sess.Expires))
	return sess
}

// read returns the request's session when its cookie is intact and unexpired.
func (s *sessions) read(r *http.Request) (session, bool) {
	c, err := r.Cookie(s.cookieName())
	if err != nil {
		return session{}, false
	}
	enc, sig, ok := strings.Cut(c.Value, ".")
	if !ok {
		return session{}, false
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(enc)
	mac, err2 := base64.RawURLEncoding.DecodeString(sig)
	if err1 != nil || err2 != nil || len(payload) < 9 || !hmac.Equal(mac, s.mac(s.signKey, payload)) {
		return session{}, false
	}
	idLen := len(payload) - 8
	sess := session{ID: string(payload[:idLen]),
		Expires: time.Unix(int64(binary.BigEndian.Uint64(payload[idLen:])), 0)}
	if !s.now().Before(sess.Expires) {
		return session{}, false
	}
	return sess, true
}

// end clears the session cookie.
func (s *sessions) end(w http.ResponseWriter) {
	c := s.cookie(s.cookieName(), "", time.Unix(0, 0))
	c.MaxAge = -1
	http.SetCookie(w, c)
}

// cookie is HttpOnly (no script reads it; there is no script anyway),
// SameSite=Lax (sent when following an analysis_url link from the desk, not
// on cross-site posts) and Secure over https.
func (s *sessions) cookie(name, value string, expires time.Time) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", Expires: expires,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode}
}

func (s *sessions) mac(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	return b64(b)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
