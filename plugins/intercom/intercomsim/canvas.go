package intercomsim

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Canvas is a canvas object (FACTS §5.3).
type Canvas struct {
	Content    *CanvasContent `json:"content,omitempty"`
	ContentURL string         `json:"content_url,omitempty"`
	StoredData map[string]any `json:"stored_data,omitempty"`
}

// CanvasContent holds the components, decoded as generic JSON objects.
type CanvasContent struct {
	Components []map[string]any `json:"components"`
}

// CanvasResponse is an app's answer to an initialize or submit request.
type CanvasResponse struct {
	Canvas              Canvas         `json:"canvas"`
	Event               map[string]any `json:"event,omitempty"`
	CardCreationOptions map[string]any `json:"card_creation_options,omitempty"`
}

// CanvasResult is what came back from a Canvas Kit request.
type CanvasResult struct {
	Status   int
	Body     []byte
	Response CanvasResponse
	// Problems lists why Intercom would not render the answer (schema, Inbox rules, status);
	// empty means it would. A test that gets problems has found a bug in the app.
	Problems []string
}

// Component finds a component, or a list item, by id in the canvas content; nil if absent.
func (c Canvas) Component(id string) map[string]any {
	if c.Content == nil {
		return nil
	}
	var found map[string]any
	walkJSON(anySlice(c.Content.Components), "", func(_ string, m map[string]any) {
		if found == nil && m["id"] == id && m["type"] != "option" {
			found = m
		}
	})
	return found
}

func anySlice(ms []map[string]any) []any {
	out := make([]any, len(ms))
	for i, m := range ms {
		out[i] = m
	}
	return out
}

// CanvasSubmission describes a teammate clicking a component of the canvas the app showed.
type CanvasSubmission struct {
	WorkspaceID, ConversationID, AdminID string
	ComponentID                          string         // the clicked component; it must carry a submit action
	Current                              Canvas         // the canvas last shown, stored_data included
	InputValues                          map[string]any // component id → value (FACTS §5.4)
	// ContactKey names the contact field: "contact" (the docs' example, default) or
	// "customer" (the docs' attribute table and Intercom's apps-showcase). Apps should
	// accept both (FACTS §5.4).
	ContactKey string
}

// CanvasInitialize sends the request Intercom sends when a teammate opens a conversation with
// the app in its details panel (FACTS §5.2), signed with X-Body-Signature, and validates the
// answer. An empty url means Options.CanvasInitializeURL.
func (s *Sim) CanvasInitialize(ctx context.Context, url, workspaceID, conversationID, adminID string) (*CanvasResult, error) {
	if url == "" {
		url = s.opts.CanvasInitializeURL
	}
	body, err := s.canvasBody(workspaceID, conversationID, adminID, "contact", nil)
	if err != nil {
		return nil, err
	}
	return s.canvasCall(ctx, url, body, false)
}

// CanvasSubmit sends the request Intercom sends when a teammate clicks a component with a
// submit action (FACTS §5.4) and validates the answer. An empty url means
// Options.CanvasSubmitURL.
func (s *Sim) CanvasSubmit(ctx context.Context, url string, sub CanvasSubmission) (*CanvasResult, error) {
	if url == "" {
		url = s.opts.CanvasSubmitURL
	}
	clicked := sub.Current.Component(sub.ComponentID)
	action, _ := clicked["action"].(map[string]any)
	if clicked == nil || action["type"] != "submit" {
		return nil, fmt.Errorf("intercomsim: component %q has no submit action in the current canvas; Intercom could not send this", sub.ComponentID)
	}
	key := sub.ContactKey
	if key == "" {
		key = "contact"
	}
	inputs := sub.InputValues
	if inputs == nil {
		inputs = map[string]any{}
	}
	body, err := s.canvasBody(sub.WorkspaceID, sub.ConversationID, sub.AdminID, key, map[string]any{
		"component_id": sub.ComponentID, "current_canvas": sub.Current, "input_values": inputs,
	})
	if err != nil {
		return nil, err
	}
	return s.canvasCall(ctx, url, body, true)
}

// canvasBody builds the request: workspace_id, workspace_region, admin, the full
// conversation and its contact, plus the submit fields.
func (s *Sim) canvasBody(workspaceID, conversationID, adminID, contactKey string, extra map[string]any) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	conv, w, err := s.conversationLocked(conversationID)
	if err != nil {
		return nil, err
	}
	if w.ID != workspaceID {
		return nil, fmt.Errorf("intercomsim: conversation %s is not in workspace %s", conversationID, workspaceID)
	}
	a, ok := w.admin(adminID)
	if !ok {
		return nil, fmt.Errorf("intercomsim: admin %q is not in workspace %q", adminID, workspaceID)
	}
	req := map[string]any{
		"workspace_id": w.ID, "workspace_region": w.Region, "admin": toAdminJSON(a),
		"conversation": conv.render(conv.parts, false), contactKey: contactJSON(conv.contact, w.ID),
	}
	for k, v := range extra {
		req[k] = v
	}
	body, err := marshal(req)
	if err != nil {
		return nil, fmt.Errorf("intercomsim: encode canvas request: %w", err)
	}
	return body, nil
}

func contactJSON(c Contact, workspaceID string) map[string]any {
	var ext any
	if c.ExternalID != "" {
		ext = c.ExternalID
	}
	return map[string]any{"type": "contact", "id": c.ID, "workspace_id": workspaceID, "external_id": ext,
		"role": c.Role, "email": c.Email, "name": c.Name}
}

// canvasCall posts a signed canvas request and validates the answer. Intercom shows
// "Something went wrong" for anything but a 200 with a valid canvas (ASKS 17).
func (s *Sim) canvasCall(ctx context.Context, url string, body []byte, submit bool) (*CanvasResult, error) {
	if url == "" {
		return nil, fmt.Errorf("intercomsim: no canvas URL given or configured")
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Accept", "application/json")
	h.Set("X-Body-Signature", BodySignature(s.opts.ClientSecret, body))
	res := &CanvasResult{}
	status, err := s.send(ctx, http.MethodPost, url, body, h, &res.Body)
	if err != nil {
		return nil, err
	}
	res.Status = status
	if status != http.StatusOK {
		res.Problems = append(res.Problems, fmt.Sprintf("status %d: Intercom shows \"Something went wrong\"", status))
	}
	problems, err := ValidateCanvasResponse(res.Body, submit)
	if err != nil {
		return nil, err
	}
	res.Problems = append(res.Problems, problems...)
	_ = json.Unmarshal(res.Body, &res.Response) // shape problems are reported above
	s.logf("canvas %s to %s: status %d, %d problem(s)", map[bool]string{false: "initialize", true: "submit"}[submit], url, status, len(res.Problems))
	return res, nil
}
