package httpsource

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sigsentry/hub/core"
)

// NewClient returns the client the HTTP sources use by default. Each phase
// that can hang on a dead server has its own bound; the whole request is
// bounded by the caller's context instead of Client.Timeout, because a
// large page may rightly take longer than a handshake should.
func NewClient() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   4,
		ForceAttemptHTTP2:     true,
	}}
}

// Endpoint is one server of one kind ("loki", "elasticsearch"), named in
// every error.
type Endpoint struct {
	System string
	Base   *url.URL
	Auth   Auth
	Client *http.Client
	// MaxBody bounds a response body: a misconfigured page size must not
	// take the hub's memory. Default 64 MiB.
	MaxBody int64
	// Header is sent with every request (X-Scope-OrgID for Loki).
	Header http.Header
	// ErrorDetail, when set, picks the server's explanation out of an
	// error body (Elasticsearch nests it in JSON); "" falls back to the
	// start of the body.
	ErrorDetail func(body []byte) string
}

// DefaultMaxBody bounds a response body when Endpoint.MaxBody is 0.
const DefaultMaxBody = 64 << 20

// URL returns the endpoint's base URL with path appended to its own path,
// so that a Loki behind a prefix (https://host/loki) works.
func (e *Endpoint) URL(path string, query url.Values) string {
	u := *e.Base
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawPath = ""
	u.RawQuery = query.Encode()
	return u.String()
}

// Do sends a request and reads the answer into buf (reset first, so that
// one buffer serves every page of a stream). A non-2xx answer, a transport
// failure and an oversized body come back as errors whose *core.Error says
// what to check.
func (e *Endpoint) Do(ctx context.Context, method, url string, body []byte, buf *bytes.Buffer) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return fmt.Errorf("%s request: %w", e.System, err)
	}
	for k, v := range e.Header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	e.Auth.apply(req)
	client := e.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return e.transportError(ctx, err)
	}
	defer resp.Body.Close()
	limit := e.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	buf.Reset()
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1)); err != nil {
		return e.transportError(ctx, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return e.statusError(resp.StatusCode, buf.Bytes())
	}
	if int64(buf.Len()) > limit {
		return &core.Error{Code: core.ErrUnavailable, Message: fmt.Sprintf(
			"%s answered more than %d MiB in one response; lower the page size", e.System, limit>>20)}
	}
	return nil
}

// Scrub removes the endpoint's credentials from the message of err's
// *core.Error and returns err. Do scrubs the errors it builds from a
// refusal; an adapter scrubs those it builds from the words of a 200
// answer (Loki's error field, Elasticsearch's shard failures), which a
// confused server or proxy may fill with the credentials it was sent.
func (e *Endpoint) Scrub(err error) error {
	var ce *core.Error
	if errors.As(err, &ce) {
		ce.Message = e.Auth.scrub(ce.Message)
	}
	return err
}

// Origin is the scheme and host of the endpoint, for messages: the path and
// query are left out, as they may be long.
func (e *Endpoint) Origin() string {
	return e.Base.Scheme + "://" + e.Base.Host
}
