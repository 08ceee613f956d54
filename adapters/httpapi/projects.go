package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core/project"
)

// Members a project body may hold, on create and on update alike.
var projectMembers = []string{"name", "slug", "services", "context"}

// POST /api/v1/projects
func (h *Handler) createProject(w http.ResponseWriter, r *http.Request) error {
	body, err := readObject(w, r, h.maxBody)
	if err != nil {
		return err
	}
	body.allow(projectMembers...)
	in := project.Project{
		Name:    value[string](body, "name"),
		Slug:    value[string](body, "slug"),
		Context: value[string](body, "context"),
	}
	if body.has("services") {
		in.Services = readServices(body)
	}
	if err := body.err(); err != nil {
		return err
	}
	p, err := h.projects.Create(r.Context(), in)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, p)
	return nil
}

// GET /api/v1/projects?limit=&after=
func (h *Handler) listProjects(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "limit", "after")
	if err != nil {
		return err
	}
	pg, err := pageOf(q)
	if err != nil {
		return err
	}
	items, next, err := h.projects.List(r.Context(), pg)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, page[*project.Project]{Items: nonNil(items), NextCursor: next})
	return nil
}

// GET /api/v1/projects/{project_id}
func (h *Handler) getProject(w http.ResponseWriter, r *http.Request) error {
	p, err := h.projects.Get(r.Context(), mux.Vars(r)["project_id"])
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, p)
	return nil
}

// PATCH /api/v1/projects/{project_id}: only the members present change;
// services, when present, replaces the whole catalog.
func (h *Handler) updateProject(w http.ResponseWriter, r *http.Request) error {
	body, err := readObject(w, r, h.maxBody)
	if err != nil {
		return err
	}
	body.allow(projectMembers...)
	patch := project.Patch{
		Name:    optional[string](body, "name"),
		Slug:    optional[string](body, "slug"),
		Context: optional[string](body, "context"),
	}
	if body.has("services") {
		services := readServices(body)
		patch.Services = &services
	}
	if err := body.err(); err != nil {
		return err
	}
	p, err := h.projects.Update(r.Context(), mux.Vars(r)["project_id"], patch)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, p)
	return nil
}

// DELETE /api/v1/projects/{project_id}
func (h *Handler) deleteProject(w http.ResponseWriter, r *http.Request) error {
	if err := h.projects.Delete(r.Context(), mux.Vars(r)["project_id"]); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// readServices reads the service catalog, naming a bad entry by its index
// ("services[2].aliases[0]") as the core's validation does.
func readServices(body *object) []project.Service {
	paths, items, ok := body.elements("services")
	if !ok {
		return nil
	}
	services := make([]project.Service, 0, len(items))
	for i, raw := range items {
		s, err := parseObject(paths[i], raw)
		if err != nil {
			body.fail(err)
			return nil
		}
		s.first = body.first
		s.allow("name", "aliases", "critical_path")
		services = append(services, project.Service{
			Name:         value[string](s, "name"),
			Aliases:      stringList(s, "aliases"),
			CriticalPath: value[bool](s, "critical_path"),
		})
	}
	return services
}
