package httpapi

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/gorilla/mux"
)

// PanelServer is the sidebar panel use case (panel.Panel).
type PanelServer interface {
	Serve(ctx context.Context, platform, kind string, body []byte, headers map[string]string) ([]byte, string, error)
}

// canvasDeadline keeps the panel quick: no deadline is documented for
// Canvas Kit, and agents see "Something went wrong" when it is missed.
const canvasDeadline = 3 * time.Second

// canvas answers /canvas/{platform}/initialize and /submit with the
// rendered panel. The plugin verifies the desk's signature on the raw body.
func (h *Handler) canvas(kind string) apiFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		platform := mux.Vars(r)["platform"]
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
		if err != nil {
			return bodyError(err, h.maxBody)
		}
		ctx, cancel := context.WithTimeout(r.Context(), canvasDeadline)
		defer cancel()
		out, contentType, err := h.panel.Serve(ctx, platform, kind, body, flatHeaders(r.Header))
		if err != nil {
			return deskError(w, err)
		}
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(out)
		return nil
	}
}
