package intercomsim

import (
	"html/template"
	"net/http"
	"strings"
)

// The authorize page stands in for app.intercom.com/oauth so that browser tests and demos can
// click through an install. GET shows the workspaces and admins; POST approves.

var authorizePage = template.Must(template.New("authorize").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize app — Intercom simulator</title>
<style>body{font:15px system-ui,sans-serif;max-width:36em;margin:3em auto}label{display:block;margin:.4em 0}
button{font-size:1em;padding:.5em 1.2em;margin-top:1em}.err{color:#b00}</style></head><body>
<h1>Install app</h1>
{{if .Error}}<p class="err" id="error">{{.Error}}</p>{{else}}
<p>App <code>{{.ClientID}}</code> asks for access to a workspace. Scopes are the ones ticked in Developer Hub.</p>
<form method="post" action="/oauth">
<input type="hidden" name="client_id" value="{{.ClientID}}">
<input type="hidden" name="state" value="{{.State}}">
<input type="hidden" name="redirect_uri" value="{{.RedirectURI}}">
{{range $i, $w := .Workspaces}}<fieldset><legend>{{$w.Name}} ({{$w.ID}}, {{$w.Region}})</legend>
{{range $j, $a := $w.Admins}}<label><input type="radio" name="as" value="{{$w.ID}}|{{$a.ID}}"{{if and (eq $i 0) (eq $j 0)}} checked{{end}}> {{$a.Name}} &lt;{{$a.Email}}&gt;</label>
{{end}}</fieldset>{{end}}
<button type="submit" id="authorize">Authorize access</button>
</form>{{end}}
</body></html>`))

type authorizeView struct {
	Error                        string
	ClientID, State, RedirectURI string
	Workspaces                   []Workspace
}

// handleAuthorizePage is GET and POST /oauth.
func (s *Sim) handleAuthorizePage(w http.ResponseWriter, r *http.Request, _ string) {
	if err := r.ParseForm(); err != nil {
		s.renderAuthorize(w, http.StatusBadRequest, authorizeView{Error: err.Error()})
		return
	}
	clientID, state, redirect := r.Form.Get("client_id"), r.Form.Get("state"), r.Form.Get("redirect_uri")
	switch r.Method {
	case http.MethodGet:
		if _, err := s.checkAuthorize(clientID, redirect); err != nil {
			s.renderAuthorize(w, http.StatusBadRequest, authorizeView{Error: err.Error()})
			return
		}
		s.renderAuthorize(w, http.StatusOK, authorizeView{
			ClientID: clientID, State: state, RedirectURI: redirect, Workspaces: s.Workspaces(),
		})
	case http.MethodPost:
		ws, admin, _ := strings.Cut(r.PostForm.Get("as"), "|")
		cb, err := s.approve(clientID, state, redirect, ws, admin)
		if err != nil {
			s.renderAuthorize(w, http.StatusBadRequest, authorizeView{Error: err.Error()})
			return
		}
		// Set the header by hand: http.Redirect would clean the URL, and the literal "="
		// ending the code must reach the client as Intercom sends it.
		w.Header().Set("Location", cb)
		w.WriteHeader(http.StatusFound)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (s *Sim) renderAuthorize(w http.ResponseWriter, status int, v authorizeView) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := authorizePage.Execute(w, v); err != nil {
		s.logf("oauth: render authorize page: %v", err)
	}
}
