package dashboard

import (
	"net/http"
	"slices"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

type deskView struct {
	Page
	P         *project.Project
	Bindings  []*binding.Binding
	Platforms []binding.Platform
	Error     string
}

// GET /projects/{project_id}/support-desk: the connected platforms with
// their health, and "Connect platform" with the loaded desk plugins.
func (d *Dashboard) supportDesk(w http.ResponseWriter, r *http.Request) error {
	return d.renderDesk(w, r, http.StatusOK, "")
}

func (d *Dashboard) renderDesk(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	ctx := r.Context()
	p, err := d.projects.Get(ctx, mux.Vars(r)["project_id"])
	if err != nil {
		return err
	}
	bindings, err := d.bindings.List(ctx, p.ID)
	if err != nil {
		return err
	}
	v := deskView{Page: d.base(r, "Support Desk · "+p.Name, Crumb{"Projects", "/projects"},
		Crumb{p.Name, "/projects/" + p.ID}, Crumb{Label: "Support Desk"}),
		P: p, Bindings: connectedFirst(bindings), Error: problem}
	if d.platforms != nil {
		v.Platforms = d.platforms.Platforms(ctx)
	}
	v.Project = &ProjectNav{ID: p.ID, Name: p.Name, Section: "desk"}
	return d.render(w, status, "support_desk", v)
}

// POST /projects/{project_id}/support-desk/connect with platform=…: creates
// a pending binding and sends the admin to the desk to approve the app. The
// desk's OAuth callback then links to the binding's page.
func (d *Dashboard) connectPlatform(w http.ResponseWriter, r *http.Request) error {
	projectID := mux.Vars(r)["project_id"]
	b, authorizeURL, err := d.bindings.Install(r.Context(), projectID, r.PostForm.Get("platform"))
	if core.ErrorCode(err) == core.ErrInvalid {
		return d.renderDesk(w, r, http.StatusUnprocessableEntity, core.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	d.log.InfoContext(r.Context(), "desk install started from the dashboard", "project_id", projectID,
		"binding_id", b.ID, "platform", b.Platform)
	http.Redirect(w, r, authorizeURL, http.StatusSeeOther)
	return nil
}

// connectedFirst orders bindings as an admin scans them: working ones,
// those needing attention, then the rest; newest first within each.
func connectedFirst(bs []*binding.Binding) []*binding.Binding {
	rank := map[binding.Status]int{binding.StatusActive: 0, binding.StatusNeedsReinstall: 1,
		binding.StatusPending: 2, binding.StatusInactive: 3}
	out := slices.Clone(bs)
	slices.SortStableFunc(out, func(a, b *binding.Binding) int {
		if ra, rb := rank[a.Status], rank[b.Status]; ra != rb {
			return ra - rb
		}
		return b.CreatedAt.Compare(a.CreatedAt)
	})
	return out
}

// hint is the troubleshooting advice the page shows for a binding: the
// core's for every status but active, and for an active binding the first
// thing to check when nothing arrives (the guide's "no triage note").
func (d *Dashboard) hint(b *binding.Binding) string {
	if h := b.Hint(); h != "" || b.Status != binding.StatusActive {
		return h
	}
	if b.Activity.LastWebhookAt == nil {
		return "No webhook has arrived yet. If conversations are coming in, check the app's webhook URL (" +
			d.publicURL + "/webhooks/" + b.Platform + ") and its topics in the desk's developer settings."
	}
	return ""
}
