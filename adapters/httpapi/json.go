package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sigsentry/hub/core"
)

// defaultMaxBodyBytes bounds request bodies when Deps leaves it unset: the
// largest legitimate body, a project with its whole service catalog, is a few
// hundred kilobytes.
const defaultMaxBodyBytes = 1 << 20

// writeJSON answers v as JSON. It marshals before writing any header, so that
// a value that cannot be encoded still becomes a clean 500.
func (h *Handler) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		h.log.ErrorContext(r.Context(), "encode response", "request_id", RequestID(r.Context()), "error", err)
		status = http.StatusInternalServerError
		body = []byte(`{"error":{"code":"internal","message":"internal error; the server log has the details"}}`)
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json; charset=utf-8")
	// API answers hold configuration and analyses: no cache may keep them.
	hdr.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n')) // a client that went away cannot be told
}

// readObject reads a request body that must be one JSON object. It refuses a
// wrong media type (415), a body over limit bytes (413), malformed JSON or
// invalid UTF-8, an empty body and anything after the object (400).
func readObject(w http.ResponseWriter, r *http.Request, limit int64) (*object, error) {
	if err := checkMediaType(r.Header.Get("Content-Type")); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, bodyError(err, limit)
	}
	// A second value, or garbage, after the object means the client and we
	// disagree on what was sent: refuse rather than guess.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err := bodyError(err, limit); isTooLarge(err) {
			return nil, err
		}
		return nil, core.Invalid("", "malformed JSON: unexpected data after the JSON object")
	}
	// encoding/json would turn invalid UTF-8 into U+FFFD and the mangled
	// text would be saved as if the client had sent it.
	if !utf8.Valid(raw) {
		return nil, core.Invalid("", "malformed JSON: the body is not valid UTF-8")
	}
	if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
		return nil, core.Invalid("", "the request body must be a JSON object")
	}
	return parseObject("", raw)
}

// checkMediaType accepts application/json and its +json relatives (such as
// application/merge-patch+json, which describes our PATCH bodies well).
func checkMediaType(contentType string) error {
	if contentType == "" {
		return newHTTPError(http.StatusUnsupportedMediaType, codeUnsupportedMediaType,
			"Content-Type is missing; send application/json")
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || (mt != "application/json" && !(strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))) {
		return newHTTPError(http.StatusUnsupportedMediaType, codeUnsupportedMediaType,
			"Content-Type %q is not supported; send application/json", clip(contentType, 100))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return newHTTPError(http.StatusUnsupportedMediaType, codeUnsupportedMediaType,
			"charset %q is not supported; JSON is UTF-8", clip(cs, 40))
	}
	return nil
}

// bodyError explains a failure to decode the body, without repeating the body.
func bodyError(err error, limit int64) error {
	var tooLarge *http.MaxBytesError
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &tooLarge):
		return newHTTPError(http.StatusRequestEntityTooLarge, codePayloadTooLarge,
			"the request body is larger than the limit of %d bytes", limit)
	case errors.Is(err, io.EOF):
		return core.Invalid("", "the request body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return core.Invalid("", "malformed JSON: the body ends in the middle of a value")
	case errors.As(err, &syntax):
		return core.Invalid("", "malformed JSON at byte %d: %s", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: "))
	}
	return core.Invalid("", "malformed JSON")
}

func isTooLarge(err error) bool {
	var he *httpError
	return errors.As(err, &he) && he.status == http.StatusRequestEntityTooLarge
}

// page is the envelope of every listing. NextCursor is "" on the last page.
type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// list is the envelope of listings that are never paged.
type list[T any] struct {
	Items []T `json:"items"`
}

// nonNil makes an empty listing [] rather than null, which clients iterate
// without a special case.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// query returns the query parameters, refusing unknown or repeated ones: a
// misspelt filter would otherwise silently list everything.
func query(r *http.Request, allowed ...string) (map[string]string, error) {
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, core.Invalid("", "malformed query string")
	}
	out := make(map[string]string, len(values))
	for key, vs := range values {
		if !slices.Contains(allowed, key) {
			return nil, core.Invalid(key, "unknown query parameter")
		}
		if len(vs) > 1 {
			return nil, core.Invalid(key, "must be given at most once")
		}
		out[key] = vs[0]
	}
	return out, nil
}

// pageOf reads limit and after. A limit above core.MaxPageLimit is capped,
// not refused, so that "give me everything you can" works.
func pageOf(q map[string]string) (core.Page, error) {
	p := core.Page{After: q["after"]}
	if s, ok := q["limit"]; ok && s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, core.Invalid("limit", "must be a positive integer (got %q)", clip(s, 20))
		}
		p.Limit = n
	}
	return p.Normalize(), nil
}
