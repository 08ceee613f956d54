package intercomdesk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// maxResponseBytes bounds what we read of an Intercom answer: a conversation
// with its 500 most recent parts stays well below it.
const maxResponseBytes = 8 << 20

// apiError is Intercom's error envelope (FACTS §6).
type apiError struct {
	Type   string `json:"type"`
	Errors []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

func (e apiError) String() string {
	var parts []string
	for _, x := range e.Errors {
		parts = append(parts, strings.TrimSpace(x.Code+" "+x.Message))
	}
	return strings.Join(parts, "; ")
}

// call sends one REST request and decodes a 2xx answer into out. Every
// failure comes back as a DeskError the hub's queue understands; the token
// never appears in one.
func (d *Desk) call(ctx context.Context, method, url, token string, in, out any) *deskv1.DeskError {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return sdk.Permanent(0, "encode request: %v", err)
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return sdk.Permanent(0, "build request: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Intercom-Version", APIVersion)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := d.http.Do(req)
	if err != nil {
		return sdk.Retryable(0, "%s %s: %v", method, pathOf(url), scrub(err, token))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return sdk.Retryable(resp.StatusCode, "%s %s: read answer: %v", method, pathOf(url), err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if out != nil && len(raw) > 0 {
			if err := json.Unmarshal(raw, out); err != nil {
				return sdk.Retryable(resp.StatusCode, "%s %s: answer is not the expected JSON: %v", method, pathOf(url), err)
			}
		}
		return nil
	}
	var ae apiError
	_ = json.Unmarshal(raw, &ae)
	msg := ae.String()
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	return sdk.ErrorFromStatus(resp.StatusCode, retryAfter(resp.Header, time.Now()),
		fmt.Sprintf("%s %s: %s", method, pathOf(url), msg))
}

// retryAfter reads how long Intercom wants us to wait: X-RateLimit-Reset is
// a unix time (FACTS §6); Retry-After, in seconds, is honoured too.
func retryAfter(h http.Header, now time.Time) time.Duration {
	if v := h.Get("X-RateLimit-Reset"); v != "" {
		if unix, err := strconv.ParseInt(v, 10, 64); err == nil {
			// The reset is a whole second: wait until it has surely passed.
			if d := time.Unix(unix, 0).Sub(now); d > 0 {
				return (d + time.Second - 1).Truncate(time.Second)
			}
			return time.Second
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second
		}
	}
	return 0
}

// pathOf keeps error messages free of hosts and query strings.
func pathOf(url string) string {
	if i := strings.Index(url, "://"); i >= 0 {
		url = url[i+3:]
		if j := strings.IndexByte(url, '/'); j >= 0 {
			url = url[j:]
		}
	}
	if i := strings.IndexByte(url, '?'); i >= 0 {
		url = url[:i]
	}
	return url
}

// scrub removes a token from an error text, in case a transport error
// quotes a request.
func scrub(err error, token string) string {
	s := err.Error()
	if token != "" {
		s = strings.ReplaceAll(s, token, "[token]")
	}
	return s
}
