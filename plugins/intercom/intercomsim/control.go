package intercomsim

import (
	"html/template"
	"net/http"
	"sort"
	"strings"
)

// The /_sim/ pages are not Intercom: they let a person drive the simulator in a demo or a
// browser test — a customer writes in, replies, a teammate opens the app panel, an admin
// uninstalls — with webhooks and Canvas Kit requests going to the URLs in Options.

var controlPage = template.Must(template.New("control").Funcs(template.FuncMap{"plain": toPlain}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Intercom simulator</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}section{border:1px solid #ccc;padding:.5em 1em;margin:1em 0}
.part{margin:.2em 0}.note{background:#fff6d5}pre{background:#f4f4f4;padding:.5em;overflow:auto}.err{color:#b00}</style></head><body>
<h1>Intercom simulator</h1>
<p>Webhooks to <code>{{or .Opts.WebhookURL "(none)"}}</code> · Canvas <code>{{or .Opts.CanvasInitializeURL "(none)"}}</code> ·
<a href="/_sim/state.json">state.json</a> · {{len .Violations}} violation(s)</p>
{{with .Canvas}}<section id="canvas"><h2>App panel answer (status {{.Status}})</h2>
{{range .Problems}}<p class="err">{{.}}</p>{{end}}<pre>{{printf "%s" .Body}}</pre></section>{{end}}
<form method="post" action="/_sim/conversations"><h2>A customer writes in</h2>
<select name="workspace">{{range .Workspaces}}<option value="{{.ID}}">{{.Name}} ({{.ID}}, {{.Region}})</option>{{end}}</select>
<input name="name" placeholder="name" value="Jane Doe"> <input name="email" placeholder="email" value="jane@example.com"><br>
<textarea name="body" rows="3" cols="70">Checkout fails with error 500 since 2pm</textarea><br><button id="new-conversation">Send</button></form>
{{range .Conversations}}<section id="conversation-{{.ID}}"><h3>Conversation {{.ID}} · workspace {{.Workspace}} · {{.State}}</h3>
<div class="part"><b>{{.Author}}</b>: {{plain .Body}}</div>
{{range .Parts}}<div class="part {{.PartType}}"><b>{{.AuthorType}} {{.AuthorID}}</b> [{{.PartType}}{{if .AppPackageCode}}, via API{{end}}]: {{plain .Body}}</div>{{end}}
{{if .Attributes}}<p>Attributes: {{.Attributes}}</p>{{end}}
<form method="post" action="/_sim/conversations/{{.ID}}/reply"><input name="body" size="60" placeholder="customer replies"><button>Reply</button></form>
<form method="post" action="/_sim/conversations/{{.ID}}/canvas"><button>Open app panel</button></form></section>{{end}}
{{range .Workspaces}}<form method="post" action="/_sim/workspaces/{{.ID}}/uninstall"><button>Uninstall from {{.Name}}</button></form>{{end}}
</body></html>`))

type controlConversation struct {
	ID, Workspace, State, Author, Body string
	Parts                              []Part
	Attributes                         map[string]any
}

type controlView struct {
	Opts          Options
	Workspaces    []Workspace
	Conversations []controlConversation
	Violations    []Violation
	Canvas        *CanvasResult
}

func (s *Sim) serveControl(w http.ResponseWriter, r *http.Request) {
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, "/_sim"), "/")
	parts := strings.Split(rest, "/")
	ctx := r.Context()
	switch {
	case rest == "" && r.Method == http.MethodGet:
		s.renderControl(w, nil)
	case rest == "state.json":
		writeJSON(w, http.StatusOK, map[string]any{
			"violations": append([]Violation{}, s.Violations()...), "requests": s.Requests(), "deliveries": len(s.Deliveries()),
		})
	case rest == "conversations" && r.Method == http.MethodPost:
		_, err := s.AddConversation(r.FormValue("workspace"), Message{
			Contact: Contact{Name: r.FormValue("name"), Email: r.FormValue("email")}, Body: r.FormValue("body"),
		})
		s.afterControl(w, r, err)
	case len(parts) == 3 && parts[0] == "conversations" && parts[2] == "reply" && r.Method == http.MethodPost:
		_, err := s.ContactReply(parts[1], r.FormValue("body"))
		s.afterControl(w, r, err)
	case len(parts) == 3 && parts[0] == "conversations" && parts[2] == "canvas" && r.Method == http.MethodPost:
		s.mu.Lock()
		conv, ws, err := s.conversationLocked(parts[1])
		var admin string
		if err == nil {
			admin = ws.Admins[0].ID
		}
		s.mu.Unlock()
		if err != nil {
			s.afterControl(w, r, err)
			return
		}
		res, err := s.CanvasInitialize(ctx, "", conv.workspaceID, conv.id, admin)
		if err != nil {
			s.afterControl(w, r, err)
			return
		}
		s.renderControl(w, res)
	case len(parts) == 3 && parts[0] == "workspaces" && parts[2] == "uninstall" && r.Method == http.MethodPost:
		_, err := s.Uninstall(ctx, "", parts[1])
		s.afterControl(w, r, err)
	default:
		http.NotFound(w, r)
	}
}

// afterControl sends the browser back to the overview, or shows the error.
func (s *Sim) afterControl(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, "/_sim/", http.StatusSeeOther)
}

func (s *Sim) renderControl(w http.ResponseWriter, canvas *CanvasResult) {
	v := controlView{Opts: s.opts, Workspaces: s.Workspaces(), Violations: s.Violations(), Canvas: canvas}
	s.mu.Lock()
	ids := make([]string, 0, len(s.conversations))
	for id, c := range s.conversations {
		if !c.deleted {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return len(ids[i]) > len(ids[j]) || len(ids[i]) == len(ids[j]) && ids[i] > ids[j] })
	for _, id := range ids {
		c := s.conversations[id]
		v.Conversations = append(v.Conversations, controlConversation{
			ID: c.id, Workspace: c.workspaceID, State: c.state, Author: c.sourceAuthor.Type + " " + c.sourceAuthor.Name, Body: c.body,
		})
	}
	s.mu.Unlock()
	for i := range v.Conversations {
		v.Conversations[i].Parts = s.Parts(v.Conversations[i].ID)
		v.Conversations[i].Attributes = s.Attributes(v.Conversations[i].ID)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := controlPage.Execute(w, v); err != nil {
		s.logf("control page: %v", err)
	}
}
