package dashboard

import (
	"net/http"

	"github.com/gorilla/mux"
)

// Register adds the dashboard's routes to r, one line per route and method
// so the table reads like a site map. Pages need a session; forms need a
// session, a CSRF token and a same-origin request. Only the login page and
// the stylesheet are open.
func (d *Dashboard) Register(r *mux.Router) {
	get, post := http.MethodGet, http.MethodPost
	r.HandleFunc("/", d.home).Methods(get, http.MethodHead)
	r.Handle("/assets/{file}", staticHandler()).Methods(get, http.MethodHead)
	r.HandleFunc("/login", d.page(d.loginForm, open)).Methods(get)
	r.HandleFunc("/login", d.form(d.login, open)).Methods(post)
	r.HandleFunc("/logout", d.form(d.logout, authed)).Methods(post)

	r.HandleFunc("/projects", d.page(d.listProjects, authed)).Methods(get)
	r.HandleFunc("/projects", d.form(d.createProject, authed)).Methods(post)
	r.HandleFunc("/projects/new", d.page(d.newProject, authed)).Methods(get)
	r.HandleFunc("/projects/{project_id}", d.page(d.showProject, authed)).Methods(get)
	r.HandleFunc("/projects/{project_id}/edit", d.page(d.editProject, authed)).Methods(get)
	r.HandleFunc("/projects/{project_id}/edit", d.form(d.updateProject, authed)).Methods(post)

	r.HandleFunc("/projects/{project_id}/log-sources/new", d.page(d.newLogSource, authed)).Methods(get)
	r.HandleFunc("/projects/{project_id}/log-sources", d.form(d.createLogSource, authed)).Methods(post)
	r.HandleFunc("/projects/{project_id}/log-sources/{source_id}", d.page(d.editLogSource, authed)).Methods(get)
	r.HandleFunc("/projects/{project_id}/log-sources/{source_id}", d.form(d.updateLogSource, authed)).Methods(post)
	r.HandleFunc("/projects/{project_id}/log-sources/{source_id}/test", d.form(d.testLogSource, authed)).Methods(post)
	r.HandleFunc("/projects/{project_id}/log-sources/{source_id}/active", d.form(d.setLogSourceActive, authed)).Methods(post)

	r.HandleFunc("/projects/{project_id}/support-desk", d.page(d.supportDesk, authed)).Methods(get)
	r.HandleFunc("/projects/{project_id}/support-desk/connect", d.form(d.connectPlatform, authed)).Methods(post)
	r.HandleFunc("/bindings/{binding_id}", d.page(d.showBinding, authed)).Methods(get)
	r.HandleFunc("/bindings/{binding_id}/configure", d.form(d.configureBinding, authed)).Methods(post)
	r.HandleFunc("/bindings/{binding_id}/disconnect", d.page(d.confirmDisconnect, authed)).Methods(get)
	r.HandleFunc("/bindings/{binding_id}/disconnect", d.form(d.disconnectBinding, authed)).Methods(post)
	r.HandleFunc("/bindings/{binding_id}/dead-jobs/{job_id}/retry", d.form(d.retryDeadJob, authed)).Methods(post)

	r.HandleFunc("/projects/{project_id}/analyses", d.page(d.listAnalyses, authed)).Methods(get)
	r.HandleFunc("/analyses/{analysis_id}", d.page(d.showAnalysis, authed)).Methods(get)
}

// home sends people to the projects, or to the login page first.
func (d *Dashboard) home(w http.ResponseWriter, r *http.Request) {
	d.headers(w)
	if _, ok := d.sessions.read(r); !ok {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/projects", http.StatusSeeOther)
}
