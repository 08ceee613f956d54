package httpapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// Ingester is the webhook use case (pipeline.Ingester).
type Ingester interface {
	Ingest(ctx context.Context, platform, endpoint string, body []byte, headers map[string]string) (pipeline.IngestResult, error)
}

// webhookDeadline keeps every answer inside Intercom's 5 s: a late answer
// counts as a failure and is retried, which is worse than a quick 503.
const webhookDeadline = 4 * time.Second

// deskRetryAfter is what a 503 asks the desk to wait.
const deskRetryAfter = "30"

type webhookAnswer struct {
	Queued     int `json:"queued"`
	Duplicates int `json:"duplicates"`
	Ignored    int `json:"ignored"`
}

// webhookURLCheck answers the HEAD request a desk sends to validate the URL
// when an admin saves it (Intercom does this in the Developer Hub).
func (h *Handler) webhookURLCheck(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
}

// webhook receives one delivery on /webhooks/{platform} or
// /webhooks/{platform}/uninstall. It answers 2xx only once every job of the
// delivery is durably queued; any failure is an answer the desk retries.
func (h *Handler) webhook(endpoint string) apiFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		platform := mux.Vars(r)["platform"]
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
		if err != nil {
			return bodyError(err, h.maxBody)
		}
		ctx, cancel := context.WithTimeout(r.Context(), webhookDeadline)
		defer cancel()
		res, err := h.ingest.Ingest(ctx, platform, endpoint, body, flatHeaders(r.Header))
		if errors.Is(err, pipeline.ErrMalformedDelivery) {
			// Signed by the desk yet unreadable: the desk changed something
			// (a format, a field) and someone should look. Unsigned garbage
			// is not logged beyond the access line: anyone can send it.
			h.log.WarnContext(r.Context(), "desk delivery refused as malformed", "platform", platform,
				"endpoint", endpoint, "request_id", RequestID(r.Context()), "reason", err.Error())
		}
		if err != nil {
			return deskError(w, err)
		}
		h.writeJSON(w, r, res.Status, webhookAnswer{Queued: res.Queued, Duplicates: res.Duplicates, Ignored: res.Ignored})
		return nil
	}
}

// deskError maps the pipeline's errors onto what a desk understands: 401 for
// a signature that does not verify (never retried into success), 400 with
// the plugin's reason for a signed delivery it cannot read, 404 for an
// unknown platform, 503 with Retry-After while the plugin or the queue is
// down (the desk retries and nothing is lost).
func deskError(w http.ResponseWriter, err error) error {
	switch {
	case errors.Is(err, pipeline.ErrBadSignature):
		return newHTTPError(http.StatusUnauthorized, "unauthorized", "signature does not verify")
	case errors.Is(err, pipeline.ErrMalformedDelivery):
		return newHTTPError(http.StatusBadRequest, core.ErrInvalid, "%s", clip(err.Error(), 300))
	case errors.Is(err, pipeline.ErrUnknownPlatform):
		return newHTTPError(http.StatusNotFound, "not_found", "no desk plugin serves this platform")
	case errors.Is(err, pipeline.ErrDeskUnavailable), errors.Is(err, context.DeadlineExceeded):
		w.Header().Set("Retry-After", deskRetryAfter)
		return newHTTPError(http.StatusServiceUnavailable, "unavailable", "temporarily unable to accept the delivery; retry later")
	}
	w.Header().Set("Retry-After", deskRetryAfter)
	return err
}

// flatHeaders hands a plugin the request headers with lower-case names and
// their first value: signatures are single-valued and plugins should not
// depend on Go's canonical header spelling.
func flatHeaders(hdr http.Header) map[string]string {
	out := make(map[string]string, len(hdr))
	for k, v := range hdr {
		if len(v) > 0 {
			out[strings.ToLower(k)] = v[0]
		}
	}
	return out
}
