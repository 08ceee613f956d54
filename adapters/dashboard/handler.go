package dashboard

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/sigsentry/hub/core"
)

// access says whether a route needs a logged-in session.
type access int

const (
	open access = iota
	authed
)

// maxFormBytes bounds a form post; the largest form (a service catalog of
// 200 services with aliases) stays far below it.
const maxFormBytes = 512 << 10

// pageFunc serves one page or form. It returns the error instead of
// rendering it, so that every failure becomes the same error page.
type pageFunc func(w http.ResponseWriter, r *http.Request) error

type sessionKey struct{}

// sessionOf returns the session the wrappers verified for r.
func sessionOf(r *http.Request) (session, bool) {
	s, ok := r.Context().Value(sessionKey{}).(session)
	return s, ok
}

func withSession(r *http.Request, s session) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), sessionKey{}, s))
}

// page serves a GET page. Without a session an authed page redirects to the
// login form, which brings the visitor back afterwards (e.g. an agent
// following analysis_url).
func (d *Dashboard) page(fn pageFunc, a access) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d.headers(w)
		sess, ok := d.sessions.read(r)
		if a == authed && !ok {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if ok {
			r = withSession(r, sess)
		}
		if err := fn(w, r); err != nil {
			d.fail(w, r, err)
		}
	}
}

// form serves a POST. Cross-origin posts are refused before anything else;
// authed forms also need a session and its CSRF token.
func (d *Dashboard) form(fn pageFunc, a access) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d.headers(w)
		if err := d.origins.Check(r); err != nil {
			d.renderError(w, r, http.StatusForbidden, "Form refused",
				"This form was sent from another site. Open the dashboard and submit it from there.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			d.renderError(w, r, http.StatusBadRequest, "Form not readable", "The form could not be read; reload the page and try again.")
			return
		}
		if a == authed {
			sess, ok := d.sessions.read(r)
			if !ok {
				http.Redirect(w, r, "/login?expired=1", http.StatusSeeOther)
				return
			}
			if !d.sessions.validCSRF(sess, r.PostForm.Get(csrfField)) {
				d.renderError(w, r, http.StatusForbidden, "Form expired",
					"This form does not belong to your current session (it was opened before you logged in again, or on another site). Reload the page and submit it again.")
				return
			}
			r = withSession(r, sess)
		}
		if err := fn(w, r); err != nil {
			d.fail(w, r, err)
		}
	}
}

// headers: pages show project data and must not be cached; no script,
// frame or foreign style may run in them. Referrer-Policy is relaxed from
// the API's no-referrer to same-origin so browsers send a real Origin with
// our own form posts.
func (d *Dashboard) headers(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy",
		"default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'")
}

// fail renders err as an error page with the status its code implies.
// Internal errors are logged with the request id and shown only as that id.
func (d *Dashboard) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch core.ErrorCode(err) {
	case core.ErrNotFound:
		d.renderError(w, r, http.StatusNotFound, "Not found", core.ErrorMessage(err))
	case core.ErrInvalid:
		d.renderError(w, r, http.StatusBadRequest, "Not possible", core.ErrorMessage(err))
	case core.ErrConflict:
		d.renderError(w, r, http.StatusConflict, "Not possible right now", core.ErrorMessage(err))
	case core.ErrUnavailable:
		d.renderError(w, r, http.StatusServiceUnavailable, "Temporarily unavailable", core.ErrorMessage(err))
	default:
		if errors.Is(err, context.Canceled) {
			return // the browser went away
		}
		id := w.Header().Get("X-Request-Id")
		d.log.ErrorContext(r.Context(), "dashboard page failed", "path", r.URL.Path, "request_id", id, "error", err)
		d.renderError(w, r, http.StatusInternalServerError, "Something went wrong",
			"The hub could not build this page. The hub's log has the details under request id "+id+".")
	}
}
