package intercomsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Conversation attribute definitions, the Conversation Attributes API new in 2.16
// (FACTS §4.5). Earlier versions have no such endpoint: the attribute had to be created in
// Settings → Data → Conversation, which DefineAttribute stands in for.

// AttributeDef is a conversation attribute definition of a workspace.
type AttributeDef struct {
	ID          int
	Name        string
	DataType    string // string, integer, list, decimal, boolean, datetime, relationship, files
	Description string
	Options     []string // labels of a list attribute
	Archived    bool
	AdminID     string // who created it; empty for DefineAttribute
}

// dataTypes are the data_type values 2.16 accepts, in the order of its 422 message.
var dataTypes = []string{"string", "integer", "list", "decimal", "boolean", "datetime", "relationship", "files"}

type attributeDef struct {
	AttributeDef
	createdAt int64
}

// DefineAttribute adds a conversation attribute definition to a workspace, as an admin would
// in Intercom's settings. Duplicate names are allowed, as they happen in real workspaces; a
// PUT that sets such an attribute then gets 400.
func (s *Sim) DefineAttribute(workspaceID string, a AttributeDef) (AttributeDef, error) {
	if !slices.Contains(dataTypes, a.DataType) {
		return AttributeDef{}, fmt.Errorf("intercomsim: data type %q is not one of %s", a.DataType, strings.Join(dataTypes, ", "))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.workspaceLocked(workspaceID)
	if err != nil {
		return AttributeDef{}, err
	}
	return s.defineLocked(w, a), nil
}

func (s *Sim) defineLocked(w *workspace, a AttributeDef) AttributeDef {
	s.seq++
	a.ID = int(s.seq)
	w.attributes = append(w.attributes, &attributeDef{AttributeDef: a, createdAt: s.now()})
	s.logf("attribute %q (%s) defined in workspace %s", a.Name, a.DataType, w.ID)
	return a
}

// AttributeDefs returns a workspace's conversation attribute definitions, archived ones too.
func (s *Sim) AttributeDefs(workspaceID string) []AttributeDef {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []AttributeDef
	if w := s.workspaces[workspaceID]; w != nil {
		for _, a := range w.attributes {
			out = append(out, a.AttributeDef)
		}
	}
	return out
}

// liveAttributes counts the non-archived definitions with a name.
func (w *workspace) liveAttributes(name string) int {
	n := 0
	for _, a := range w.attributes {
		if a.Name == name && !a.Archived {
			n++
		}
	}
	return n
}

// attributeJSON is components.schemas.conversation_attribute.
type attributeJSON struct {
	Type             string       `json:"type"`
	ID               int          `json:"id"`
	Name             string       `json:"name"`
	Description      string       `json:"description"`
	DataType         string       `json:"data_type"`
	Required         bool         `json:"required"`
	VisibleToTeamIDs []string     `json:"visible_to_team_ids"`
	Archived         bool         `json:"archived"`
	CreatedAt        int64        `json:"created_at"`
	UpdatedAt        int64        `json:"updated_at"`
	AdminID          string       `json:"admin_id,omitempty"`
	Multiline        *bool        `json:"multiline,omitempty"`
	AttributeOptions []optionJSON `json:"options,omitempty"`
}

type optionJSON struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Archived bool   `json:"archived"`
}

func (a *attributeDef) json() attributeJSON {
	out := attributeJSON{
		Type: "conversation_attribute", ID: a.ID, Name: a.Name, Description: a.Description, DataType: a.DataType,
		VisibleToTeamIDs: []string{}, Archived: a.Archived, CreatedAt: a.createdAt, UpdatedAt: a.createdAt, AdminID: a.AdminID,
	}
	if a.DataType == "string" {
		out.Multiline = new(bool)
	}
	for i, label := range a.Options {
		out.AttributeOptions = append(out.AttributeOptions, optionJSON{ID: fmt.Sprintf("opt-%d-%d", a.ID, i), Label: label})
	}
	return out
}

// versionAtLeast216 refuses the 2.16-only endpoints to callers on an older version, with the
// error intercom-go users got for 2.x-only resources (ASKS 1).
func versionAtLeast216(c *call) *apiError {
	var major, minor int
	if _, err := fmt.Sscanf(c.version, "%d.%d", &major, &minor); err != nil || major < 2 || major == 2 && minor < 16 {
		return errorf(http.StatusBadRequest, codeVersionInvalid, msgVersionUnavailable)
	}
	return nil
}

// handleListAttributes is GET /conversations/attributes.
func (s *Sim) handleListAttributes(c *call) (any, *apiError) {
	if e := versionAtLeast216(c); e != nil {
		return nil, e
	}
	archived := c.r.URL.Query().Get("include_archived") == "true"
	s.mu.Lock()
	defer s.mu.Unlock()
	out := struct {
		Type string          `json:"type"`
		Data []attributeJSON `json:"data"`
	}{Type: "list", Data: []attributeJSON{}}
	for _, a := range s.workspaces[c.tok.workspaceID].attributes {
		if archived || !a.Archived {
			out.Data = append(out.Data, a.json())
		}
	}
	return out, nil
}

type createAttributeRequest struct {
	Name        string `json:"name"`
	DataType    string `json:"data_type"`
	Description string `json:"description"`
	Options     []struct {
		Label string `json:"label"`
	} `json:"options"`
}

// handleCreateAttribute is POST /conversations/attributes.
func (s *Sim) handleCreateAttribute(c *call) (any, *apiError) {
	if e := versionAtLeast216(c); e != nil {
		return nil, e
	}
	var in createAttributeRequest
	if err := decodeJSON(c.body, &in); err != nil {
		return nil, err
	}
	def := AttributeDef{Name: in.Name, DataType: in.DataType, Description: in.Description, AdminID: c.tok.adminID}
	for _, o := range in.Options {
		def.Options = append(def.Options, o.Label)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.workspaces[c.tok.workspaceID]
	s.defineLocked(w, def)
	return w.attributes[len(w.attributes)-1].json(), nil
}

// documentedRejection is the answer Intercom documents for an invalid request where it
// documents one; otherwise nil and the request gets the generic 400. Creating an attribute
// with an unknown data_type is 422 with the message of the 2.16 example.
func documentedRejection(c *call) *apiError {
	if c.op != "createConversationAttribute" {
		return nil
	}
	var in struct {
		DataType string `json:"data_type"`
	}
	if json.Unmarshal(c.body, &in) != nil || in.DataType == "" || slices.Contains(dataTypes, in.DataType) {
		return nil
	}
	return errorf(http.StatusUnprocessableEntity, codeParameterInvalid,
		"data_type '%s' is not valid. Allowed types: %s", in.DataType, strings.Join(dataTypes, ", "))
}
