package httpapi

import (
	"net/http"

	"github.com/sigsentry/hub/core/binding"
)

// GET /api/v1/platforms answers the loaded desks as a bare JSON array, as
// the contract fixes it: [] while no desk plugin is loaded, never null.
func (h *Handler) listPlatforms(w http.ResponseWriter, r *http.Request) error {
	var platforms []binding.Platform
	if h.platforms != nil {
		platforms = h.platforms.Platforms(r.Context())
	}
	h.writeJSON(w, r, http.StatusOK, nonNil(platforms))
	return nil
}
