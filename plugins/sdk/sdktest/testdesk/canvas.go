package testdesk

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// CanvasContentType is what RenderCanvas produces.
const CanvasContentType = "application/json"

// canvasRequest is what the desk posts when an agent opens or uses the panel.
type canvasRequest struct {
	Workspace    string `json:"workspace"`
	Conversation string `json:"conversation"`
	Admin        string `json:"admin"`
	Action       string `json:"action"`
}

// ParseCanvas verifies a panel request (signed like webhooks) and says which
// conversation it is about and what the agent pressed.
func (d *Desk) ParseCanvas(_ context.Context, req *deskv1.ParseCanvasRequest) (*deskv1.ParseCanvasResponse, error) {
	c, derr := d.settings()
	if derr != nil {
		return &deskv1.ParseCanvasResponse{Error: derr}, nil
	}
	if derr := verify(c.clientSecret, req.GetBody(), req.GetHeaders()); derr != nil {
		return &deskv1.ParseCanvasResponse{Error: derr}, nil
	}
	var cr canvasRequest
	if err := json.Unmarshal(req.GetBody(), &cr); err != nil {
		return &deskv1.ParseCanvasResponse{Error: sdk.Invalid("canvas body is not JSON: %v", err)}, nil
	}
	if cr.Workspace == "" || cr.Conversation == "" {
		return &deskv1.ParseCanvasResponse{Error: sdk.Invalid("canvas request lacks workspace or conversation")}, nil
	}
	return &deskv1.ParseCanvasResponse{
		WorkspaceId:    cr.Workspace,
		ConversationId: cr.Conversation,
		AdminId:        cr.Admin,
		Action:         cr.Action,
	}, nil
}

// component is one element of the desk's panel format.
type component struct {
	Type   string `json:"type"`
	Text   string `json:"text,omitempty"`
	Value  string `json:"value,omitempty"`
	URL    string `json:"url,omitempty"`
	Action string `json:"action,omitempty"`
	Style  string `json:"style,omitempty"`
}

// RenderCanvas maps each view item onto one component whose type is the
// item's kind in lower case ("heading", "field", "button", ...).
func (d *Desk) RenderCanvas(_ context.Context, req *deskv1.RenderCanvasRequest) (*deskv1.RenderCanvasResponse, error) {
	items := req.GetView().GetItems()
	comps := make([]component, 0, len(items))
	for i, it := range items {
		if it.GetKind() == deskv1.View_Item_KIND_UNSPECIFIED {
			return &deskv1.RenderCanvasResponse{Error: sdk.Invalid("view item %d has no kind", i)}, nil
		}
		comps = append(comps, component{
			Type:   strings.ToLower(it.GetKind().String()),
			Text:   it.GetText(),
			Value:  it.GetValue(),
			URL:    it.GetUrl(),
			Action: it.GetAction(),
			Style:  it.GetStyle(),
		})
	}
	body, err := json.Marshal(map[string]any{"components": comps})
	if err != nil {
		return &deskv1.RenderCanvasResponse{Error: sdk.Permanent(0, "encode canvas: %v", err)}, nil
	}
	return &deskv1.RenderCanvasResponse{Body: body, ContentType: CanvasContentType}, nil
}
