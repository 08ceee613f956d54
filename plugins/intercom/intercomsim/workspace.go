package intercomsim

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Workspace is an Intercom workspace (an "app" in Intercom's older words) where the app is
// installed. Its ID is GET /me's app.id_code, the app_id of webhooks and the workspace_id of
// Canvas Kit requests: "Workspace ID and App ID … are the same values" (FACTS §2).
type Workspace struct {
	ID        string // id_code; default: generated
	Name      string // default "Workspace <ID>"
	Region    string // "US", "EU" or "AU" (GET /me app.region); default "US"
	Timezone  string // IANA name; default "UTC"
	CreatedAt time.Time
	// Admins are the teammates. The first approves installs unless AuthorizeAs says
	// otherwise. Default: one admin.
	Admins []Admin
}

// Admin is a teammate of a workspace. IDs are strings of digits, as Intercom's are.
type Admin struct {
	ID    string // default: generated
	Name  string
	Email string
}

// DefaultWorkspace is the workspace a Sim has when Options.Workspaces is empty.
func DefaultWorkspace() Workspace {
	return Workspace{
		ID:        "a86dr8yl", // the app_id of Intercom's webhook examples
		Name:      "Acme Support",
		Region:    "US",
		Timezone:  "America/Los_Angeles",
		CreatedAt: time.Date(2024, 12, 18, 15, 54, 3, 0, time.UTC),
		Admins:    []Admin{{ID: "991267459", Name: "Ciaran Lee", Email: "ciaran@acme.example"}},
	}
}

// workspace is the simulator's state for one workspace.
type workspace struct {
	Workspace
	botID      string // author of parts Intercom itself writes (attribute updates)
	attributes []*attributeDef
}

// ErrUnknownWorkspace is returned for a workspace id the Sim does not have.
var ErrUnknownWorkspace = errors.New("intercomsim: unknown workspace")

// AddWorkspace adds a workspace, fills in its defaults and returns the completed copy.
func (s *Sim) AddWorkspace(w Workspace) (Workspace, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.ID == "" {
		w.ID = fmt.Sprintf("ws%06s", s.nextID())
	}
	if _, dup := s.workspaces[w.ID]; dup {
		return Workspace{}, fmt.Errorf("intercomsim: workspace %q already exists", w.ID)
	}
	if w.Name == "" {
		w.Name = "Workspace " + w.ID
	}
	switch w.Region {
	case "":
		w.Region = "US"
	case "US", "EU", "AU":
	default:
		return Workspace{}, fmt.Errorf("intercomsim: workspace %q: region %q is not US, EU or AU", w.ID, w.Region)
	}
	if w.Timezone == "" {
		w.Timezone = "UTC"
	}
	if w.CreatedAt.IsZero() {
		w.CreatedAt = s.opts.Now()
	}
	if len(w.Admins) == 0 {
		w.Admins = []Admin{{Name: "Admin of " + w.Name}}
	}
	admins := make([]Admin, len(w.Admins))
	for i, a := range w.Admins {
		if a.ID == "" {
			a.ID = fmt.Sprintf("99%s", s.nextID())
		}
		if a.Email == "" {
			a.Email = fmt.Sprintf("admin%s@%s.example", a.ID, strings.ToLower(w.ID))
		}
		if a.Name == "" {
			a.Name = "Admin " + a.ID
		}
		admins[i] = a
	}
	w.Admins = admins
	s.workspaces[w.ID] = &workspace{Workspace: w, botID: "99" + s.nextID()}
	s.wsOrder = append(s.wsOrder, w.ID)
	s.logf("workspace %s (%s, region %s) with %d admin(s)", w.ID, w.Name, w.Region, len(admins))
	return w, nil
}

// Workspaces returns the workspaces in the order they were added.
func (s *Sim) Workspaces() []Workspace {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Workspace, 0, len(s.wsOrder))
	for _, id := range s.wsOrder {
		out = append(out, s.workspaces[id].Workspace)
	}
	return out
}

// workspaceLocked returns a workspace or ErrUnknownWorkspace. Callers hold s.mu.
func (s *Sim) workspaceLocked(id string) (*workspace, error) {
	w, ok := s.workspaces[id]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownWorkspace, id)
	}
	return w, nil
}

// admin returns the teammate with the given id, if the workspace has one.
func (w *workspace) admin(id string) (Admin, bool) {
	for _, a := range w.Admins {
		if a.ID == id {
			return a, true
		}
	}
	return Admin{}, false
}
