package dashboard

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed templates/*.html
var templateFS embed.FS

// shared are parsed into every page: the layout and the partials.
var shared = []string{"templates/layout.html", "templates/partials.html"}

// Page is what the layout needs from every view. Views embed it.
type Page struct {
	Title string
	// CSRF is the session's form token; empty when logged out.
	CSRF     string
	LoggedIn bool
	// Notice confirms what the previous form did ("Settings saved.").
	Notice string
	// Refresh, when positive, reloads the page after that many seconds, so
	// a running analysis updates without JavaScript.
	Refresh int
	Crumbs  []Crumb
	// Project, when set, shows the project's section navigation; Section
	// names the current one.
	Project *ProjectNav
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct{ Label, Href string }

// ProjectNav is the navigation between a project's sections.
type ProjectNav struct {
	ID, Name, Section string
}

// notices are the confirmations a redirect may ask for with ?done=. A fixed
// list, so a crafted link cannot put words in the dashboard's mouth.
var notices = map[string]string{
	"project_created":    "Project created.",
	"project_saved":      "Project saved.",
	"source_created":     "Log source added.",
	"source_saved":       "Log source saved.",
	"source_activated":   "Log source activated: analyses read it again.",
	"source_deactivated": "Log source deactivated: analyses no longer read it.",
	"configured":         "Settings saved.",
	"disconnected":       "Disconnected. The desk token is revoked and the workspace's webhooks are ignored.",
	"job_retried":        "The job is queued again.",
	"logged_out":         "You are logged out.",
}

// base fills the layout fields for r.
func (d *Dashboard) base(r *http.Request, title string, crumbs ...Crumb) Page {
	p := Page{Title: title, Crumbs: crumbs, Notice: notices[r.URL.Query().Get("done")]}
	if s, ok := sessionOf(r); ok {
		p.LoggedIn = true
		p.CSRF = d.sessions.csrfToken(s)
	}
	return p
}

// parsePages parses each page template together with the shared ones.
func parsePages(funcs template.FuncMap) (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		if isShared(name) {
			continue
		}
		files := append(append([]string{}, shared...), name)
		t, err := template.New(path.Base(name)).Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return pages, nil
}

func isShared(name string) bool {
	for _, s := range shared {
		if s == name {
			return true
		}
	}
	return false
}

// render executes a page into a buffer first, so that a template error
// becomes an error page rather than half a page.
func (d *Dashboard) render(w http.ResponseWriter, status int, name string, view any) error {
	t, ok := d.pages[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", view); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

type errorView struct {
	Page
	Message string
}

func (d *Dashboard) renderError(w http.ResponseWriter, r *http.Request, status int, title, message string) {
	if err := d.render(w, status, "error", errorView{Page: d.base(r, title), Message: message}); err != nil {
		d.log.ErrorContext(r.Context(), "render error page", "error", err)
		http.Error(w, message, status)
	}
}

// redirect answers a successful form with 303 See Other, so that reloading
// the next page does not send the form again.
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
