package dashboard

import (
	"net/http"
	"net/url"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

type projectsView struct {
	Page
	Projects []*project.Project
	Next     string
}

// GET /projects
func (d *Dashboard) listProjects(w http.ResponseWriter, r *http.Request) error {
	list, next, err := d.projects.List(r.Context(), core.Page{After: r.URL.Query().Get("after")})
	if err != nil {
		return err
	}
	v := projectsView{Page: d.base(r, "Projects"), Projects: list}
	if next != "" {
		v.Next = "/projects?after=" + url.QueryEscape(next)
	}
	return d.render(w, http.StatusOK, "projects", v)
}

type projectFormView struct {
	Page
	Action     string
	Back       string
	Editing    bool
	Form       projectForm
	Errors     formErrors
	MaxContext int
}

func (d *Dashboard) projectForm(w http.ResponseWriter, r *http.Request, status int, p *project.Project, f projectForm, errs formErrors) error {
	v := projectFormView{Form: f, Errors: errs, MaxContext: project.MaxContextLength}
	if p == nil {
		v.Page = d.base(r, "New project", Crumb{"Projects", "/projects"}, Crumb{Label: "New project"})
		v.Action, v.Back = "/projects", "/projects"
	} else {
		v.Page = d.base(r, "Edit "+p.Name, Crumb{"Projects", "/projects"},
			Crumb{p.Name, "/projects/" + p.ID}, Crumb{Label: "Edit"})
		v.Action, v.Back, v.Editing = "/projects/"+p.ID+"/edit", "/projects/"+p.ID, true
	}
	if len(errs) > 0 {
		v.Title = "Error: " + v.Title
	}
	return d.render(w, status, "project_form", v)
}

// GET /projects/new
func (d *Dashboard) newProject(w http.ResponseWriter, r *http.Request) error {
	return d.projectForm(w, r, http.StatusOK, nil, projectForm{}.withBlankRows(3), nil)
}

// POST /projects
func (d *Dashboard) createProject(w http.ResponseWriter, r *http.Request) error {
	f := parseProjectForm(r.PostForm)
	if r.PostForm.Get("action") == "more" {
		return d.projectForm(w, r, http.StatusOK, nil, f.withBlankRows(moreServiceRows), nil)
	}
	services, rowOf := f.services()
	p, err := d.projects.Create(r.Context(), project.Project{Name: f.Name, Slug: f.Slug,
		Services: services, Context: f.Context})
	if err != nil {
		var errs formErrors
		if err := errs.fromDomain(err, inputFor(rowOf)); err != nil {
			return err
		}
		return d.projectForm(w, r, http.StatusUnprocessableEntity, nil, f, errs)
	}
	return redirect(w, r, "/projects/"+p.ID+"?done=project_created")
}

// GET /projects/{project_id}/edit
func (d *Dashboard) editProject(w http.ResponseWriter, r *http.Request) error {
	p, err := d.projects.Get(r.Context(), mux.Vars(r)["project_id"])
	if err != nil {
		return err
	}
	return d.projectForm(w, r, http.StatusOK, p, formFromProject(p), nil)
}

// POST /projects/{project_id}/edit
func (d *Dashboard) updateProject(w http.ResponseWriter, r *http.Request) error {
	p, err := d.projects.Get(r.Context(), mux.Vars(r)["project_id"])
	if err != nil {
		return err
	}
	f := parseProjectForm(r.PostForm)
	if r.PostForm.Get("action") == "more" {
		return d.projectForm(w, r, http.StatusOK, p, f.withBlankRows(moreServiceRows), nil)
	}
	services, rowOf := f.services()
	_, err = d.projects.Update(r.Context(), p.ID, project.Patch{Name: &f.Name, Slug: &f.Slug,
		Services: &services, Context: &f.Context})
	if err != nil {
		var errs formErrors
		if err := errs.fromDomain(err, inputFor(rowOf)); err != nil {
			return err
		}
		return d.projectForm(w, r, http.StatusUnprocessableEntity, p, f, errs)
	}
	return redirect(w, r, "/projects/"+p.ID+"?done=project_saved")
}

type projectView struct {
	Page
	P        *project.Project
	Sources  []*project.LogSource
	Bindings []*binding.Binding
	Recent   []*analysis.Analysis
}

// GET /projects/{project_id}: the catalog, the context and the log sources,
// with the desks and the latest analyses at a glance.
func (d *Dashboard) showProject(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := d.projects.Get(ctx, mux.Vars(r)["project_id"])
	if err != nil {
		return err
	}
	sources, err := d.projects.ListLogSources(ctx, p.ID)
	if err != nil {
		return err
	}
	bindings, err := d.bindings.List(ctx, p.ID)
	if err != nil {
		return err
	}
	recent, _, err := d.analyses.List(ctx, analysis.Filter{ProjectID: p.ID}, core.Page{Limit: 5})
	if err != nil {
		return err
	}
	v := projectView{Page: d.base(r, p.Name, Crumb{"Projects", "/projects"}, Crumb{Label: p.Name}),
		P: p, Sources: sources, Bindings: connectedFirst(bindings), Recent: recent}
	v.Project = &ProjectNav{ID: p.ID, Name: p.Name, Section: "overview"}
	return d.render(w, http.StatusOK, "project", v)
}
