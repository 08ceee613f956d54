package httpsource

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/sigsentry/hub/core"
)

// snippetLimit is how much of an error body a message quotes.
const snippetLimit = 300

// StatusError is a non-2xx answer. It unwraps to the *core.Error that a
// person reads; adapters look at Status and Body to refine the hint.
type StatusError struct {
	Status int
	// Body is the start of the answer, on one line, secrets removed.
	Body     string
	answered string
	err      *core.Error
}

func (e *StatusError) Error() string { return e.err.Error() }
func (e *StatusError) Unwrap() error { return e.err }

// Hint replaces the advice of the error's message, keeping the status and
// the server's words.
func (e *StatusError) Hint(code, hint string) {
	e.err.Code = code
	e.err.Message = e.answered + ": " + hint
	if e.Body != "" {
		e.err.Message += ": " + e.Body
	}
}

// statusError turns a refusal into an error that says what to check.
func (e *Endpoint) statusError(status int, body []byte) error {
	answered := fmt.Sprintf("%s answered %d %s", e.System, status, http.StatusText(status))
	detail := ""
	if e.ErrorDetail != nil {
		detail = e.ErrorDetail(body)
	}
	if detail == "" {
		detail = string(body)
	}
	se := &StatusError{Status: status, Body: e.Auth.scrub(snippet([]byte(detail))), answered: answered, err: &core.Error{}}
	switch {
	case status == http.StatusUnauthorized:
		se.Hint(core.ErrUnauthorized, e.Auth.hint())
	case status == http.StatusForbidden:
		se.Hint(core.ErrUnauthorized, "the credentials are valid but may not read these logs")
	case status == http.StatusNotFound:
		se.Hint(core.ErrInvalid, "check config.url (it should be the server's base URL)")
	case status == http.StatusTooManyRequests || status >= 500:
		se.Hint(core.ErrUnavailable, "retry later")
	default:
		se.Hint(core.ErrInvalid, "the server refused the request")
	}
	return se
}

// transportError explains a request that got no answer. The original
// error stays in the chain (errors.Is(err, context.DeadlineExceeded) holds)
// after the *core.Error that a person reads.
func (e *Endpoint) transportError(ctx context.Context, err error) error {
	origin := e.Origin()
	var msg string
	var dns *net.DNSError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	switch {
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return fmt.Errorf("%s at %s: %w", e.System, origin, err)
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		msg = fmt.Sprintf("%s at %s did not answer in time", e.System, origin)
	case errors.Is(err, syscall.ECONNREFUSED):
		msg = fmt.Sprintf("connection refused to %s: is %s running there? check config.url", origin, e.System)
	case errors.As(err, &dns):
		msg = fmt.Sprintf("cannot resolve %s: check config.url", e.Base.Hostname())
	case errors.As(err, &unknownAuthority), errors.As(err, &hostname):
		msg = fmt.Sprintf("the TLS certificate of %s is not trusted: %v", origin, errors.Unwrap(err))
	default:
		msg = fmt.Sprintf("cannot reach %s at %s: %s", e.System, origin, e.Auth.scrub(rootCause(err)))
	}
	return fmt.Errorf("%w: %w", &core.Error{Code: core.ErrUnavailable, Message: msg}, err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// rootCause is the innermost message of err, without the URL that
// url.Error adds.
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// snippet is the start of an error body on one line: JSON error bodies are
// often pretty-printed, and a page of HTML helps nobody.
func snippet(body []byte) string {
	s := strings.Join(strings.Fields(strings.ToValidUTF8(string(body[:min(len(body), snippetLimit*4)]), "\uFFFD")), " ")
	if strings.HasPrefix(strings.ToLower(s), "<!doctype") || strings.HasPrefix(strings.ToLower(s), "<html") {
		return ""
	}
	if len(s) > snippetLimit {
		n := snippetLimit
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n] + "…"
	}
	return s
}
