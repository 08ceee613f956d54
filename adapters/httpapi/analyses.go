package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
)

// GET /api/v1/analyses/{analysis_id}
func (h *Handler) getAnalysis(w http.ResponseWriter, r *http.Request) error {
	a, err := h.analyses.Get(r.Context(), mux.Vars(r)["analysis_id"])
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, a)
	return nil
}

// GET /api/v1/analyses?project_id=&binding_id=&status=&severity=&limit=&after=
// lists analyses newest first. Unknown status or severity values are refused
// by the use case, naming the parameter.
func (h *Handler) listAnalyses(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "project_id", "binding_id", "status", "severity", "limit", "after")
	if err != nil {
		return err
	}
	pg, err := pageOf(q)
	if err != nil {
		return err
	}
	f := analysis.Filter{
		ProjectID: q["project_id"],
		BindingID: q["binding_id"],
		Status:    analysis.Status(q["status"]),
		Severity:  core.Severity(q["severity"]),
	}
	items, next, err := h.analyses.List(r.Context(), f, pg)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, page[*analysis.Analysis]{Items: nonNil(items), NextCursor: next})
	return nil
}
