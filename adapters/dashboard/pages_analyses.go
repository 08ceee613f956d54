package dashboard

import (
	"net/http"
	"net/url"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/project"
)

// refreshSeconds is how often a running analysis page reloads itself.
const refreshSeconds = 3

type analysesView struct {
	Page
	P          *project.Project
	Analyses   []*analysis.Analysis
	Severity   string
	Status     string
	Severities []core.Severity
	Statuses   []analysis.Status
	Error      string
	Next       string
}

var statuses = []analysis.Status{analysis.StatusPending, analysis.StatusProcessing,
	analysis.StatusComplete, analysis.StatusPartial, analysis.StatusFailed}

// GET /projects/{project_id}/analyses?severity=&status=&after=
func (d *Dashboard) listAnalyses(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := d.projects.Get(ctx, mux.Vars(r)["project_id"])
	if err != nil {
		return err
	}
	q := r.URL.Query()
	v := analysesView{Page: d.base(r, "Analyses · "+p.Name, Crumb{"Projects", "/projects"},
		Crumb{p.Name, "/projects/" + p.ID}, Crumb{Label: "Analyses"}),
		P: p, Severity: q.Get("severity"), Status: q.Get("status"),
		Severities: core.Severities, Statuses: statuses}
	v.Project = &ProjectNav{ID: p.ID, Name: p.Name, Section: "analyses"}
	f := analysis.Filter{ProjectID: p.ID, Severity: core.Severity(v.Severity), Status: analysis.Status(v.Status)}
	list, next, err := d.analyses.List(ctx, f, core.Page{After: q.Get("after")})
	status := http.StatusOK
	switch {
	case core.ErrorCode(err) == core.ErrInvalid:
		v.Error, status = core.ErrorMessage(err), http.StatusBadRequest
	case err != nil:
		return err
	}
	v.Analyses = list
	if next != "" {
		nq := url.Values{"after": {next}}
		if v.Severity != "" {
			nq.Set("severity", v.Severity)
		}
		if v.Status != "" {
			nq.Set("status", v.Status)
		}
		v.Next = "/projects/" + p.ID + "/analyses?" + nq.Encode()
	}
	return d.render(w, status, "analyses", v)
}

type analysisView struct {
	Page
	A     *analysis.Analysis
	P     *project.Project
	Chart *chart
}

// GET /analyses/{analysis_id}: the page analysis_url links to. While the
// analysis runs the page reloads itself every few seconds (no script).
func (d *Dashboard) showAnalysis(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := d.analyses.Get(ctx, mux.Vars(r)["analysis_id"])
	if err != nil {
		return err
	}
	p, err := d.projects.Get(ctx, a.ProjectID)
	if err != nil {
		return err
	}
	title := "Analysis of " + a.CreatedAt.UTC().Format("2006-01-02 15:04")
	v := analysisView{Page: d.base(r, title, Crumb{"Projects", "/projects"}, Crumb{p.Name, "/projects/" + p.ID},
		Crumb{"Analyses", "/projects/" + p.ID + "/analyses"}, Crumb{Label: a.ID}), A: a, P: p}
	v.Project = &ProjectNav{ID: p.ID, Name: p.Name, Section: "analyses"}
	if !a.Status.Done() {
		v.Refresh = refreshSeconds
	}
	if a.Result != nil && len(a.Result.Series) > 0 {
		v.Chart = newChart(a.Result.Series, a.Result.TimeWindow)
	}
	return d.render(w, http.StatusOK, "analysis", v)
}
