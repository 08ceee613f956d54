package intercomsim

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
)

// Error codes the simulator answers with, all from Intercom's published list (FACTS §6).
const (
	codeUnauthorized      = "unauthorized"
	codeParameterInvalid  = "parameter_invalid"
	codeParameterMissing  = "parameter_missing"
	codeNotFound          = "not_found"
	codePlanRestricted    = "api_plan_restricted"
	codeRateLimited       = "rate_limit_exceeded"
	codeServerError       = "server_error"
	codeUnavailable       = "service_unavailable"
	codeVersionInvalid    = "intercom_version_invalid"
	codeUnsupported       = "unsupported"
	msgTokenInvalid       = "Access Token Invalid"
	msgNotFound           = "Resource Not Found"
	msgUnauthorizedCode   = "Unauthorized Code"
	msgPlanRestricted     = "Active subscription needed."
	msgVersionUnavailable = "Requested resource is not available in current API version"
)

// errorList is Intercom's error body, components.schemas.error of the 2.16 description:
// {"type":"error.list","request_id":"<uuid>","errors":[{"code":…,"message":…}]}.
type errorList struct {
	Type      string      `json:"type"`
	RequestID string      `json:"request_id"`
	Errors    []errorItem `json:"errors"`
}

type errorItem struct {
	Code    string `json:"code"`
	Message string `json:"message,omitempty"`
	Field   string `json:"field,omitempty"`
}

// apiError is a failure a handler returns; serve turns it into an errorList.
type apiError struct {
	status  int
	code    string
	message string
	header  http.Header // extra response headers, e.g. the rate-limit trio
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func errTokenInvalid() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: codeUnauthorized, message: msgTokenInvalid}
}

func errNotFound() *apiError {
	return &apiError{status: http.StatusNotFound, code: codeNotFound, message: msgNotFound}
}

// errorForStatus is the body a scripted fault answers with: the code and message Intercom
// documents for that status where it documents one.
func errorForStatus(status int) *apiError {
	switch status {
	case http.StatusUnauthorized:
		return errTokenInvalid()
	case http.StatusForbidden:
		return &apiError{status: status, code: codePlanRestricted, message: msgPlanRestricted}
	case http.StatusNotFound:
		return errNotFound()
	case http.StatusServiceUnavailable:
		return &apiError{status: status, code: codeUnavailable, message: "Service Unavailable"}
	case http.StatusBadRequest:
		return &apiError{status: status, code: codeParameterInvalid, message: "Bad request"}
	}
	if status >= 500 {
		return &apiError{status: status, code: codeServerError, message: "Server Error"}
	}
	return &apiError{status: status, code: "client_error", message: http.StatusText(status)}
}

// marshal encodes compact JSON without escaping <, > and &: Intercom's bodies carry HTML
// as is ("<p>…</p>"), not as \u003c.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// writeJSON writes v as compact JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) []byte {
	body, err := marshal(v)
	if err != nil {
		// Only the simulator's own types reach here; failing loudly beats a half answer.
		panic(fmt.Sprintf("intercomsim: encode response: %v", err))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return body
}

// writeError writes e in Intercom's error shape and returns the body written.
func writeError(w http.ResponseWriter, requestID string, e *apiError) []byte {
	for k, vs := range e.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	return writeJSON(w, e.status, errorList{
		Type:      "error.list",
		RequestID: requestID,
		Errors:    []errorItem{{Code: e.code, Message: e.message}},
	})
}

// newUUID returns a random RFC 4122 version 4 UUID, the format of Intercom's request ids and of
// the suffix of notification ids (notif_<uuid>).
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
