package httpapi

import (
	"html/template"
	"net/http"

	"github.com/gorilla/mux"
)

// oauthPage is the page an admin lands on after approving (or refusing) the
// app in the desk: it says what happened and what to do next.
var oauthPage = template.Must(template.New("oauth").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SigSentry · {{.Title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{if .Notices}}<h2>Still to do</h2><ul>{{range .Notices}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Link}}<p><a href="{{.Link}}">{{.LinkText}}</a></p>{{end}}
</body></html>`))

type oauthView struct {
	Title, Message string
	Notices        []string
	Link, LinkText string
}

// oauthCallback completes a desk install: /oauth/{platform}/callback?code=…&state=….
// The code is passed on exactly as received (Intercom's may end in "=").
func (h *Handler) oauthCallback(w http.ResponseWriter, r *http.Request) {
	platform := mux.Vars(r)["platform"]
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		h.renderOAuth(w, http.StatusBadRequest, oauthView{Title: "Install not completed",
			Message: "The desk reported: " + e + " " + q.Get("error_description") +
				". Nothing was connected; start the install again from SigSentry when ready."})
		return
	}
	if h.installer == nil {
		h.renderOAuth(w, http.StatusNotFound, oauthView{Title: "Install not possible",
			Message: "No desk plugin is loaded in this hub."})
		return
	}
	b, notices, err := h.bindings.CompleteInstall(r.Context(), h.installer, platform, q.Get("state"), q.Get("code"))
	if err != nil {
		status, body, internal := describe(err)
		if internal {
			h.log.ErrorContext(r.Context(), "install failed", "platform", platform,
				"request_id", RequestID(r.Context()), "error", err)
		}
		h.renderOAuth(w, status, oauthView{Title: "Install failed", Message: body.Error.Message})
		return
	}
	h.log.InfoContext(r.Context(), "desk installed", "platform", platform, "binding_id", b.ID,
		"workspace_id", b.WorkspaceID, "project_id", b.ProjectID)
	h.renderOAuth(w, http.StatusOK, oauthView{
		Title:   "Connected",
		Message: "Workspace " + b.WorkspaceID + " is now connected (binding " + b.ID + "). New conversations will be triaged.",
		Notices: notices, Link: "/bindings/" + b.ID, LinkText: "Configure the binding",
	})
}

func (h *Handler) renderOAuth(w http.ResponseWriter, status int, v oauthView) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = oauthPage.Execute(w, v)
}
