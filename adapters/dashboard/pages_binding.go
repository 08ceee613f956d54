package dashboard

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

// deadJobScan bounds how many dead-lettered jobs the binding page reads to
// find its own: one page of the queue's listing.
const deadJobScan = core.MaxPageLimit

type bindingView struct {
	Page
	B            *binding.Binding
	P            *project.Project
	Form         configForm
	Errors       formErrors
	Preview      string
	DeadJobs     []deadJob
	ShowDead     bool
	Mappable     []string
	PostingModes any
	Thresholds   any
	MinHours     int
	MaxHours     int
}

// deadJob is what the page shows of a dead-lettered job. The payload stays
// out: it holds customer text.
type deadJob struct {
	ID, Kind, Reason string
	Attempts         int
	EnqueuedAt       time.Time
	DiedAt           time.Time
}

// GET /bindings/{binding_id}: status and its hint, activity, recent errors
// and dead-lettered jobs, the Configure form and Disconnect. The desk's
// OAuth callback page links here.
func (d *Dashboard) showBinding(w http.ResponseWriter, r *http.Request) error {
	b, p, err := d.loadBinding(r)
	if err != nil {
		return err
	}
	return d.renderBinding(w, r, http.StatusOK, b, p, formFromConfig(b.Config), nil)
}

// POST /bindings/{binding_id}/configure saves the five settings, or with
// action=preview only shows the reply the template renders.
func (d *Dashboard) configureBinding(w http.ResponseWriter, r *http.Request) error {
	b, p, err := d.loadBinding(r)
	if err != nil {
		return err
	}
	f := parseConfigForm(r.PostForm)
	patch, errs := f.check()
	if r.PostForm.Get("action") == "preview" {
		return d.renderBinding(w, r, http.StatusOK, b, p, f, errs)
	}
	if len(errs) > 0 {
		return d.renderBinding(w, r, http.StatusUnprocessableEntity, b, p, f, errs)
	}
	if _, err := d.bindings.Configure(r.Context(), b.ID, patch); err != nil {
		if err := errs.fromDomain(err, configInput); err != nil {
			return err
		}
		return d.renderBinding(w, r, http.StatusUnprocessableEntity, b, p, f, errs)
	}
	return redirect(w, r, "/bindings/"+b.ID+"?done=configured")
}

func (d *Dashboard) renderBinding(w http.ResponseWriter, r *http.Request, status int,
	b *binding.Binding, p *project.Project, f configForm, errs formErrors) error {
	title := platformName(b.Platform)
	if b.WorkspaceID != "" {
		title += " · workspace " + b.WorkspaceID
	}
	if len(errs) > 0 {
		title = "Error: " + title
	}
	v := bindingView{Page: d.base(r, title, Crumb{"Projects", "/projects"}, Crumb{p.Name, "/projects/" + p.ID},
		Crumb{"Support Desk", "/projects/" + p.ID + "/support-desk"}, Crumb{Label: platformName(b.Platform)}),
		B: b, P: p, Form: f, Errors: errs, Mappable: binding.Mappable,
		PostingModes: postingModes, Thresholds: thresholds,
		MinHours: binding.MinTimeBufferHours, MaxHours: binding.MaxTimeBufferHours}
	v.Project = &ProjectNav{ID: p.ID, Name: p.Name, Section: "desk"}
	if errs.For("public_reply_template") == "" {
		if preview, err := d.previewReply(f.Template, p.Name); err == nil {
			v.Preview = preview
		}
	}
	if d.dead != nil {
		jobs, err := d.deadJobsOf(r.Context(), b.ID)
		if err != nil {
			return err
		}
		v.DeadJobs, v.ShowDead = jobs, true
	}
	return d.render(w, status, "binding", v)
}

// deadJobsOf finds the binding's jobs among the latest dead-lettered ones.
// Both job kinds carry binding_id in their payload.
func (d *Dashboard) deadJobsOf(ctx context.Context, bindingID string) ([]deadJob, error) {
	jobs, _, err := d.dead.ListDead(ctx, core.Page{Limit: deadJobScan})
	if err != nil {
		return nil, err
	}
	var out []deadJob
	for _, j := range jobs {
		var payload struct {
			BindingID string `json:"binding_id"`
		}
		if json.Unmarshal(j.Job.Payload, &payload) != nil || payload.BindingID != bindingID {
			continue
		}
		out = append(out, deadJob{ID: j.Job.ID, Kind: j.Job.Kind, Reason: j.Reason,
			Attempts: j.Job.Attempt, EnqueuedAt: j.Job.EnqueuedAt, DiedAt: j.DiedAt})
	}
	return out, nil
}

// GET /bindings/{binding_id}/disconnect asks for confirmation and says what
// disconnecting does.
func (d *Dashboard) confirmDisconnect(w http.ResponseWriter, r *http.Request) error {
	b, p, err := d.loadBinding(r)
	if err != nil {
		return err
	}
	v := bindingView{Page: d.base(r, "Disconnect "+platformName(b.Platform), Crumb{"Projects", "/projects"},
		Crumb{p.Name, "/projects/" + p.ID}, Crumb{"Support Desk", "/projects/" + p.ID + "/support-desk"},
		Crumb{platformName(b.Platform), "/bindings/" + b.ID}, Crumb{Label: "Disconnect"}), B: b, P: p}
	return d.render(w, http.StatusOK, "disconnect", v)
}

// POST /bindings/{binding_id}/disconnect
func (d *Dashboard) disconnectBinding(w http.ResponseWriter, r *http.Request) error {
	b, err := d.bindings.Disconnect(r.Context(), mux.Vars(r)["binding_id"])
	if err != nil {
		return err
	}
	d.log.InfoContext(r.Context(), "binding disconnected from the dashboard", "binding_id", b.ID,
		"platform", b.Platform, "workspace_id", b.WorkspaceID)
	return redirect(w, r, "/bindings/"+b.ID+"?done=disconnected")
}

// POST /bindings/{binding_id}/dead-jobs/{job_id}/retry
func (d *Dashboard) retryDeadJob(w http.ResponseWriter, r *http.Request) error {
	b, _, err := d.loadBinding(r)
	if err != nil {
		return err
	}
	if d.dead == nil {
		return core.NotFound("dead-lettered job", mux.Vars(r)["job_id"])
	}
	if err := d.dead.Revive(r.Context(), mux.Vars(r)["job_id"]); err != nil {
		return err
	}
	return redirect(w, r, "/bindings/"+b.ID+"?done=job_retried")
}

// loadBinding finds a binding and its project.
func (d *Dashboard) loadBinding(r *http.Request) (*binding.Binding, *project.Project, error) {
	b, err := d.bindings.Get(r.Context(), mux.Vars(r)["binding_id"])
	if err != nil {
		return nil, nil, err
	}
	p, err := d.projects.Get(r.Context(), b.ProjectID)
	return b, p, err
}
