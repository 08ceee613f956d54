package intercomdesk

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// canvasRequest is the part of an Initialize or Submit request we read
// (FACTS §5.2, §5.4).
type canvasRequest struct {
	WorkspaceID string `json:"workspace_id"`
	ComponentID string `json:"component_id"`
	Admin       struct {
		ID flexID `json:"id"`
	} `json:"admin"`
	Conversation struct {
		ID flexID `json:"id"`
	} `json:"conversation"`
}

// ParseCanvas verifies X-Body-Signature and says which workspace,
// conversation and teammate the panel is for. Canvas requests carry no
// token: the hub looks the workspace up (FACTS §5.6).
func (d *Desk) ParseCanvas(_ context.Context, req *deskv1.ParseCanvasRequest) (*deskv1.ParseCanvasResponse, error) {
	s := d.current()
	if !verifyBodySignature(req.Body, req.Headers["x-body-signature"], s.clientSecret) {
		return &deskv1.ParseCanvasResponse{Error: sdk.Invalid("X-Body-Signature missing or wrong (HMAC-SHA256 of the body with the app's client secret)")}, nil
	}
	var cr canvasRequest
	if err := json.Unmarshal(req.Body, &cr); err != nil || cr.WorkspaceID == "" {
		return &deskv1.ParseCanvasResponse{Error: sdk.Invalid("body is not a Canvas Kit request (workspace_id missing)")}, nil
	}
	return &deskv1.ParseCanvasResponse{
		WorkspaceId: cr.WorkspaceID, ConversationId: string(cr.Conversation.ID),
		AdminId: string(cr.Admin.ID), Action: cr.ComponentID,
	}, nil
}

type component map[string]any

// RenderCanvas turns the hub's view into Canvas Kit components, keeping to
// the component set the schemas allow (FACTS §5.5). Consecutive fields
// become one data-table, which the inbox shows compactly.
func (d *Desk) RenderCanvas(_ context.Context, req *deskv1.RenderCanvasRequest) (*deskv1.RenderCanvasResponse, error) {
	var comps []component
	var table []component
	flush := func() {
		if len(table) > 0 {
			comps = append(comps, component{"type": "data-table", "items": table})
			table = nil
		}
	}
	for i, it := range req.GetView().GetItems() {
		if it.Kind != deskv1.View_Item_FIELD {
			flush()
		}
		switch it.Kind {
		case deskv1.View_Item_HEADING:
			comps = append(comps, component{"type": "text", "text": it.Text, "style": "header"})
		case deskv1.View_Item_TEXT:
			comps = append(comps, component{"type": "text", "text": it.Text, "style": textStyle(it.Style)})
		case deskv1.View_Item_FIELD:
			table = append(table, component{"type": "field-value", "field": it.Text, "value": it.Value})
		case deskv1.View_Item_LINK:
			comps = append(comps, component{"type": "button", "id": fmt.Sprintf("link-%d", i), "label": it.Text,
				"style": "link", "action": component{"type": "url", "url": it.Url}})
		case deskv1.View_Item_BUTTON:
			comps = append(comps, component{"type": "button", "id": it.Action, "label": it.Text,
				"style": "primary", "action": component{"type": "submit"}})
		case deskv1.View_Item_DIVIDER:
			comps = append(comps, component{"type": "divider"})
		case deskv1.View_Item_SPACER:
			comps = append(comps, component{"type": "spacer", "size": "s"})
		}
	}
	flush()
	if len(comps) == 0 {
		comps = []component{{"type": "text", "text": "SigSentry", "style": "header"}}
	}
	body, err := json.Marshal(map[string]any{"canvas": map[string]any{"content": map[string]any{"components": comps}}})
	if err != nil {
		return &deskv1.RenderCanvasResponse{Error: sdk.Permanent(0, "encode canvas: %v", err)}, nil
	}
	if len(body) > 64<<10 {
		return &deskv1.RenderCanvasResponse{Error: sdk.Permanent(0, "canvas is %d bytes; Canvas Kit allows 64 KB", len(body))}, nil
	}
	return &deskv1.RenderCanvasResponse{Body: body, ContentType: "application/json"}, nil
}

func textStyle(s string) string {
	switch s {
	case "muted", "error":
		return s
	}
	return "paragraph"
}
