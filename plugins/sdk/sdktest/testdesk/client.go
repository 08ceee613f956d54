package testdesk

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// maxErrorBody bounds how much of a failed answer ends up in a desk error:
// enough for the desk's message, not a whole HTML error page.
const maxErrorBody = 2 << 10

// apiRequest is one call to the desk's HTTP API.
type apiRequest struct {
	method string
	path   string
	// token, when set, goes out as a bearer token.
	token string
	// idempotencyKey, when set, goes out as the Idempotency-Key header so
	// that the desk stores a retried write once.
	idempotencyKey string
	// json or form is the request body (at most one).
	json any
	form url.Values
}

// call sends r and decodes a 2xx JSON answer into out (which may be nil).
// Every failure comes back as a desk error for the hub's queue to act on:
// network trouble is retryable, HTTP failures are classified by status.
func (d *Desk) call(ctx context.Context, c *config, r apiRequest, out any) *deskv1.DeskError {
	req, err := d.newRequest(ctx, c, r)
	if err != nil {
		return sdk.Permanent(0, "build %s %s: %v", r.method, r.path, err)
	}
	resp, err := d.http.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return sdk.Retryable(0, "%s %s: %v", r.method, r.path, ctxErr)
		}
		return sdk.Retryable(0, "desk unreachable: %s %s: %v", r.method, r.path, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		retryAfter := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		return sdk.ErrorFromStatus(resp.StatusCode, retryAfter, errorMessage(resp.Body))
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		// Safe to retry: writes carry an idempotency key.
		return sdk.Retryable(resp.StatusCode, "%s %s: decode answer: %v", r.method, r.path, err)
	}
	return nil
}

func (d *Desk) newRequest(ctx context.Context, c *config, r apiRequest) (*http.Request, error) {
	var body io.Reader
	contentType := ""
	switch {
	case r.json != nil:
		data, err := json.Marshal(r.json)
		if err != nil {
			return nil, err
		}
		body, contentType = bytes.NewReader(data), "application/json"
	case r.form != nil:
		body, contentType = strings.NewReader(r.form.Encode()), "application/x-www-form-urlencoded"
	}
	req, err := http.NewRequestWithContext(ctx, r.method, strings.TrimSuffix(c.apiBase, "/")+r.path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	if r.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", r.idempotencyKey)
	}
	return req, nil
}

// errorMessage extracts the desk's {"error": "..."} message, falling back to
// the start of the raw body.
func errorMessage(body io.Reader) string {
	data, _ := io.ReadAll(io.LimitReader(body, maxErrorBody))
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(data, &e) == nil && e.Error != "" {
		return e.Error
	}
	if msg := strings.TrimSpace(string(data)); msg != "" {
		return msg
	}
	return "no message"
}

// parseRetryAfter reads an HTTP Retry-After value, either delay-seconds or
// an HTTP date (RFC 9110 §10.2.3). Anything unreadable or past means 0, which
// lets sdk.ErrorFromStatus pick its default.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	at, err := http.ParseTime(v)
	if err != nil || !at.After(now) {
		return 0
	}
	return at.Sub(now)
}

// isKind reports whether e is a desk error of kind k.
func isKind(e *deskv1.DeskError, k deskv1.DeskError_Kind) bool {
	return e != nil && e.GetKind() == k
}
