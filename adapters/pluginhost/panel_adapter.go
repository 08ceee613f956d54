package pluginhost

import (
	"context"
	"fmt"

	"github.com/sigsentry/hub/core/panel"
	"github.com/sigsentry/hub/core/pipeline"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

var _ panel.Desks = (*Host)(nil)

// ParseCanvas implements panel.Desks.
func (h *Host) ParseCanvas(ctx context.Context, platform, kind string, body []byte, headers map[string]string) (*panel.Request, error) {
	desk, _, err := h.Desk(platform)
	if err != nil {
		return nil, pipelineError(err)
	}
	resp, err := desk.ParseCanvas(ctx, &deskv1.ParseCanvasRequest{Body: body, Headers: headers, Kind: kind})
	if err != nil {
		return nil, pipelineError(err)
	}
	if e := resp.GetError(); e != nil {
		if e.GetKind() == deskv1.DeskError_INVALID {
			return nil, fmt.Errorf("%w: %s", pipeline.ErrBadSignature, e.GetMessage())
		}
		return nil, failure(platform, "ParseCanvas", e)
	}
	return &panel.Request{Platform: platform, WorkspaceID: resp.GetWorkspaceId(),
		ConversationID: resp.GetConversationId(), AdminID: resp.GetAdminId(), Action: resp.GetAction()}, nil
}

var itemKinds = map[string]deskv1.View_Item_Kind{
	panel.Heading: deskv1.View_Item_HEADING, panel.Text: deskv1.View_Item_TEXT, panel.Field: deskv1.View_Item_FIELD,
	panel.Link: deskv1.View_Item_LINK, panel.Button: deskv1.View_Item_BUTTON, panel.Divider: deskv1.View_Item_DIVIDER,
	panel.Spacer: deskv1.View_Item_SPACER,
}

// RenderCanvas implements panel.Desks.
func (h *Host) RenderCanvas(ctx context.Context, platform string, v panel.View) ([]byte, string, error) {
	desk, _, err := h.Desk(platform)
	if err != nil {
		return nil, "", pipelineError(err)
	}
	view := &deskv1.View{}
	for _, it := range v.Items {
		view.Items = append(view.Items, &deskv1.View_Item{Kind: itemKinds[it.Kind], Text: it.Text,
			Value: it.Value, Url: it.URL, Action: it.Action, Style: it.Style})
	}
	resp, err := desk.RenderCanvas(ctx, &deskv1.RenderCanvasRequest{View: view})
	if err != nil {
		return nil, "", pipelineError(err)
	}
	if e := resp.GetError(); e != nil {
		return nil, "", failure(platform, "RenderCanvas", e)
	}
	return resp.GetBody(), resp.GetContentType(), nil
}
