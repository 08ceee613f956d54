package dashboard

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

type loginView struct {
	Page
	Next  string
	Error string
}

// GET /login
func (d *Dashboard) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if _, ok := sessionOf(r); ok {
		return redirect(w, r, next)
	}
	v := loginView{Page: d.base(r, "Log in"), Next: next}
	if r.URL.Query().Get("expired") != "" {
		v.Error = "Your session has ended. Log in again, then send the form again."
	}
	return d.renderLogin(w, http.StatusOK, v)
}

// POST /login compares the token in constant time and starts a session.
func (d *Dashboard) login(w http.ResponseWriter, r *http.Request) error {
	client := clientAddr(r)
	v := loginView{Page: d.base(r, "Log in"), Next: safeNext(r.PostForm.Get("next"))}
	if wait := d.limiter.wait(client); wait > 0 {
		secs := int(wait.Round(time.Second) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		v.Error = "Too many failed attempts from your address. Try again in " + strconv.Itoa(secs) + " seconds."
		return d.renderLogin(w, http.StatusTooManyRequests, v)
	}
	if !d.sessions.validLoginToken(r, r.PostForm.Get(csrfField)) {
		v.Error = "The login form expired or was opened on another site. Enter the token again."
		return d.renderLogin(w, http.StatusForbidden, v)
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(r.PostForm.Get("token"))))
	if subtle.ConstantTimeCompare(got[:], d.sessions.tokenHash[:]) != 1 {
		d.limiter.failed(client)
		d.log.WarnContext(r.Context(), "dashboard login failed", "client", client,
			"request_id", w.Header().Get("X-Request-Id"))
		v.Error = "That is not the admin token. It was printed when the hub first started and saved as admin.token in the data directory."
		return d.renderLogin(w, http.StatusUnauthorized, v)
	}
	d.limiter.succeeded(client)
	d.sessions.start(w)
	c := d.sessions.cookie(d.sessions.loginCookieName(), "", time.Unix(0, 0))
	c.MaxAge = -1
	http.SetCookie(w, c)
	return redirect(w, r, v.Next)
}

// POST /logout
func (d *Dashboard) logout(w http.ResponseWriter, r *http.Request) error {
	d.sessions.end(w)
	return redirect(w, r, "/login?done=logged_out")
}

func (d *Dashboard) renderLogin(w http.ResponseWriter, status int, v loginView) error {
	v.CSRF = d.sessions.loginToken(w)
	return d.render(w, status, "login", v)
}

// safeNext keeps a post-login redirect on this site: a path, never a URL
// that leaves ("//evil.example", "https://…", "/\evil").
func safeNext(next string) string {
	const fallback = "/projects"
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n") {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "/login" {
		return fallback
	}
	return next
}
