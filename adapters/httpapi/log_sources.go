package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// logSourceJSON is a log source as the API shows it. Credentials are listed
// by name only: their values go in and never come out, not even to the admin
// who set them, so a leaked API answer leaks no password.
type logSourceJSON struct {
	*project.LogSource
	Credentials []string `json:"credentials"`
}

func renderLogSource(s *project.LogSource) logSourceJSON {
	view := *s
	if view.Config == nil {
		view.Config = map[string]any{}
	}
	return logSourceJSON{LogSource: &view, Credentials: s.CredentialKeys()}
}

// POST /api/v1/projects/{project_id}/log-sources
func (h *Handler) createLogSource(w http.ResponseWriter, r *http.Request) error {
	body, err := readObject(w, r, h.maxBody)
	if err != nil {
		return err
	}
	body.allow("name", "type", "config", "credentials")
	in := project.LogSource{
		Name:        value[string](body, "name"),
		Type:        value[string](body, "type"),
		Config:      value[map[string]any](body, "config"),
		Credentials: stringMap(body, "credentials"),
	}
	if err := body.err(); err != nil {
		return err
	}
	s, err := h.projects.CreateLogSource(r.Context(), mux.Vars(r)["project_id"], in)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, renderLogSource(s))
	return nil
}

// GET /api/v1/projects/{project_id}/log-sources
func (h *Handler) listLogSources(w http.ResponseWriter, r *http.Request) error {
	sources, err := h.projects.ListLogSources(r.Context(), mux.Vars(r)["project_id"])
	if err != nil {
		return err
	}
	items := make([]logSourceJSON, 0, len(sources))
	for _, s := range sources {
		items = append(items, renderLogSource(s))
	}
	h.writeJSON(w, r, http.StatusOK, list[logSourceJSON]{Items: items})
	return nil
}

// GET /api/v1/projects/{project_id}/log-sources/{source_id}
func (h *Handler) getLogSource(w http.ResponseWriter, r *http.Request) error {
	vars := mux.Vars(r)
	s, err := h.projects.GetLogSource(r.Context(), vars["project_id"], vars["source_id"])
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, renderLogSource(s))
	return nil
}

// PATCH /api/v1/projects/{project_id}/log-sources/{source_id}: config, when
// present, replaces the whole non-secret configuration; credentials are
// merged, and a credential set to "" is removed. The type cannot change.
func (h *Handler) updateLogSource(w http.ResponseWriter, r *http.Request) error {
	body, err := readObject(w, r, h.maxBody)
	if err != nil {
		return err
	}
	if body.has("type") {
		return core.Invalid("type", "cannot change; create a new log source of the other type instead")
	}
	body.allow("name", "config", "credentials", "active")
	patch := project.SourcePatch{
		Name:        optional[string](body, "name"),
		Config:      value[map[string]any](body, "config"),
		Credentials: stringMap(body, "credentials"),
		Active:      optional[bool](body, "active"),
	}
	if err := body.err(); err != nil {
		return err
	}
	vars := mux.Vars(r)
	s, err := h.projects.UpdateLogSource(r.Context(), vars["project_id"], vars["source_id"], patch)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, renderLogSource(s))
	return nil
}

// DELETE /api/v1/projects/{project_id}/log-sources/{source_id}
func (h *Handler) deleteLogSource(w http.ResponseWriter, r *http.Request) error {
	vars := mux.Vars(r)
	if err := h.projects.DeleteLogSource(r.Context(), vars["project_id"], vars["source_id"]); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
