package dashboard

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// Connection tests read a few lines and must answer while the admin waits.
// The readers bound their own test (20 s); sampleTimeout is the outer limit
// for a Sampler that does not.
const (
	sampleLines   = 20
	sampleTimeout = 30 * time.Second
)

type sourceView struct {
	Page
	ProjectID       string
	Source          *project.LogSource // nil for a new source
	Action          string
	Form            sourceForm
	Errors          formErrors
	CredentialNames []string
	CanTest         bool
	Test            *testResult
}

// testResult is what "Test connection" found.
type testResult struct {
	Lines []SampleLine
	Error string
	Took  time.Duration
}

func (d *Dashboard) sourcePage(w http.ResponseWriter, r *http.Request, status int, p *project.Project,
	src *project.LogSource, f sourceForm, errs formErrors, test *testResult) error {
	v := sourceView{ProjectID: p.ID, Source: src, Form: f, Errors: errs,
		CredentialNames: credentialNames, CanTest: d.sampler != nil, Test: test}
	crumbs := []Crumb{{"Projects", "/projects"}, {p.Name, "/projects/" + p.ID}}
	if src == nil {
		v.Page = d.base(r, "New "+sourceType(f.Type)+" source", append(crumbs, Crumb{Label: "New log source"})...)
		v.Action = "/projects/" + p.ID + "/log-sources?type=" + f.Type
	} else {
		v.Page = d.base(r, "Log source "+src.Name, append(crumbs, Crumb{Label: src.Name})...)
		v.Action = "/projects/" + p.ID + "/log-sources/" + src.ID
	}
	if len(errs) > 0 {
		v.Title = "Error: " + v.Title
	}
	v.Project = &ProjectNav{ID: p.ID, Name: p.Name, Section: "overview"}
	return d.render(w, status, "log_source", v)
}

func sourceTypeOf(r *http.Request) (string, error) {
	t := r.URL.Query().Get("type")
	if _, ok := typedKeys[t]; !ok {
		return "", core.Invalid("type", "choose a log source type: file, loki or elastic")
	}
	return t, nil
}

// projectAndSourceType reads the project of the path and the source type
// of the query, which the new-source page and its form both need.
func (d *Dashboard) projectAndSourceType(r *http.Request) (*project.Project, string, error) {
	p, err := d.projects.Get(r.Context(), mux.Vars(r)["project_id"])
	if err != nil {
		return nil, "", err
	}
	typ, err := sourceTypeOf(r)
	return p, typ, err
}

// GET /projects/{project_id}/log-sources/new?type=file|loki|elastic
func (d *Dashboard) newLogSource(w http.ResponseWriter, r *http.Request) error {
	p, typ, err := d.projectAndSourceType(r)
	if err != nil {
		return err
	}
	f := sourceForm{Type: typ, Config: map[string]string{}}
	if typ == project.SourceFile {
		f.Config["format"] = "json"
	}
	return d.sourcePage(w, r, http.StatusOK, p, nil, f, nil, nil)
}

// POST /projects/{project_id}/log-sources?type=…
func (d *Dashboard) createLogSource(w http.ResponseWriter, r *http.Request) error {
	p, typ, err := d.projectAndSourceType(r)
	if err != nil {
		return err
	}
	f := parseSourceForm(typ, r.PostForm)
	cfg, err := f.config()
	if err == nil {
		_, err = d.projects.CreateLogSource(r.Context(), p.ID, project.LogSource{
			Name: f.Name, Type: typ, Config: cfg, Credentials: f.credentials()})
	}
	if err != nil {
		var errs formErrors
		if err := errs.fromDomain(err, f.input); err != nil {
			return err
		}
		return d.sourcePage(w, r, http.StatusUnprocessableEntity, p, nil, f, errs, nil)
	}
	return redirect(w, r, "/projects/"+p.ID+"?done=source_created")
}

// loadSource finds the project and one of its sources.
func (d *Dashboard) loadSource(r *http.Request) (*project.Project, *project.LogSource, error) {
	vars := mux.Vars(r)
	p, err := d.projects.Get(r.Context(), vars["project_id"])
	if err != nil {
		return nil, nil, err
	}
	src, err := d.projects.GetLogSource(r.Context(), p.ID, vars["source_id"])
	return p, src, err
}

// GET /projects/{project_id}/log-sources/{source_id}
func (d *Dashboard) editLogSource(w http.ResponseWriter, r *http.Request) error {
	p, src, err := d.loadSource(r)
	if err != nil {
		return err
	}
	return d.sourcePage(w, r, http.StatusOK, p, src, formFromSource(src), nil, nil)
}

// POST /projects/{project_id}/log-sources/{source_id}
func (d *Dashboard) updateLogSource(w http.ResponseWriter, r *http.Request) error {
	p, src, err := d.loadSource(r)
	if err != nil {
		return err
	}
	f := parseSourceForm(src.Type, r.PostForm)
	cfg, err := f.config()
	if err == nil {
		_, err = d.projects.UpdateLogSource(r.Context(), p.ID, src.ID, project.SourcePatch{
			Name: &f.Name, Config: cfg, Credentials: f.credentials()})
	}
	if err != nil {
		var errs formErrors
		if err := errs.fromDomain(err, f.input); err != nil {
			return err
		}
		return d.sourcePage(w, r, http.StatusUnprocessableEntity, p, src, f, errs, nil)
	}
	return redirect(w, r, "/projects/"+p.ID+"?done=source_saved")
}

// POST /projects/{project_id}/log-sources/{source_id}/test reads a few lines
// with the saved settings and shows them, or what went wrong.
func (d *Dashboard) testLogSource(w http.ResponseWriter, r *http.Request) error {
	p, src, err := d.loadSource(r)
	if err != nil {
		return err
	}
	res := &testResult{}
	f := formFromSource(src)
	var errs formErrors
	if d.sampler == nil {
		res.Error = "Testing is not available in this hub."
	} else {
		ctx, cancel := context.WithTimeout(r.Context(), sampleTimeout)
		defer cancel()
		start := time.Now()
		lines, err := d.sampler.Sample(ctx, src, sampleLines)
		res.Lines, res.Took = lines, time.Since(start).Round(time.Millisecond)
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			res.Error = "No answer within " + sampleTimeout.String() + ": check the address and that the hub can reach it."
		case err != nil:
			// The admin needs the real reason (refused, 401, no such file);
			// secrets never appear in it, as URLs cannot carry credentials.
			res.Error = clipText(err.Error(), 600)
			// A setting the reader refused is also shown at its field.
			if field := core.ErrorField(err); field != "" {
				errs.add(f.input(field), sentence(strings.TrimPrefix(core.ErrorMessage(err), field+": ")))
			}
		}
	}
	return d.sourcePage(w, r, http.StatusOK, p, src, f, errs, res)
}

// POST /projects/{project_id}/log-sources/{source_id}/active with active=true|false
func (d *Dashboard) setLogSourceActive(w http.ResponseWriter, r *http.Request) error {
	p, src, err := d.loadSource(r)
	if err != nil {
		return err
	}
	active := r.PostForm.Get("active") == "true"
	if _, err := d.projects.UpdateLogSource(r.Context(), p.ID, src.ID, project.SourcePatch{Active: &active}); err != nil {
		return err
	}
	done := "source_deactivated"
	if active {
		done = "source_activated"
	}
	return redirect(w, r, "/projects/"+p.ID+"?done="+done)
}
