package conformance

import (
	"context"
	"fmt"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

var canvasChecks = []check{
	{name: "canvas renders every item kind", needs: []string{sdk.CapCanvas}, run: checkRenderCanvas},
}

// sampleView holds one item of every kind the hub may send.
var sampleView = &deskv1.View{Items: []*deskv1.View_Item{
	{Kind: deskv1.View_Item_HEADING, Text: "SigSentry"},
	{Kind: deskv1.View_Item_TEXT, Text: "3 errors in payments", Style: "error"},
	{Kind: deskv1.View_Item_FIELD, Text: "Service", Value: "payments"},
	{Kind: deskv1.View_Item_LINK, Text: "Open logs", Url: "https://logs.example/q?id=1"},
	{Kind: deskv1.View_Item_DIVIDER},
	{Kind: deskv1.View_Item_SPACER},
	{Kind: deskv1.View_Item_BUTTON, Text: "Analyse again", Action: "reanalyse", Style: "default"},
}}

// checkRenderCanvas: every item kind of protocol v1 has a rendering; the
// hub answers the desk's panel request with the result as is.
func checkRenderCanvas(ctx context.Context, k *kit) error {
	resp, err := k.h.Client.RenderCanvas(ctx, &deskv1.RenderCanvasRequest{View: sampleView})
	switch {
	case err != nil:
		return fmt.Errorf("RenderCanvas: gRPC error %w", err)
	case resp.GetError() != nil:
		return fmt.Errorf("RenderCanvas of one item per kind: %s", describe(resp.GetError()))
	case len(resp.GetBody()) == 0 || resp.GetContentType() == "":
		return fmt.Errorf("RenderCanvas: %d bytes of content type %q; want a body and its type", len(resp.GetBody()), resp.GetContentType())
	}
	return nil
}
