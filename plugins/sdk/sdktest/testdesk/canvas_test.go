package testdesk_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

func TestParseCanvasVerifiesAndReadsTheRequest(t *testing.T) {
	client, _, _ := setup(t)
	ctx := context.Background()
	body := []byte(`{"workspace":"w1","conversation":"c1","admin":"a1","action":"retry"}`)
	resp, err := client.ParseCanvas(ctx, &deskv1.ParseCanvasRequest{Body: body, Kind: "submit",
		Headers: map[string]string{testdesk.SignatureHeader: testdesk.Sign(testdesk.FakeClientSecret, body)}})
	if err != nil || resp.GetError() != nil {
		t.Fatalf("ParseCanvas = %v, %v", resp.GetError(), err)
	}
	if resp.GetWorkspaceId() != "w1" || resp.GetConversationId() != "c1" || resp.GetAdminId() != "a1" || resp.GetAction() != "retry" {
		t.Errorf("canvas = %v", resp)
	}
	unsigned, err := client.ParseCanvas(ctx, &deskv1.ParseCanvasRequest{Body: body, Kind: "submit"})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, unsigned.GetError(), deskv1.DeskError_INVALID)
}

func TestRenderCanvasMapsEveryItem(t *testing.T) {
	client, _, _ := setup(t)
	view := &deskv1.View{Items: []*deskv1.View_Item{
		{Kind: deskv1.View_Item_HEADING, Text: "Checkout errors"},
		{Kind: deskv1.View_Item_FIELD, Text: "Service", Value: "payments"},
		{Kind: deskv1.View_Item_BUTTON, Text: "Retry", Action: "retry", Style: "error"},
	}}
	resp, err := client.RenderCanvas(context.Background(), &deskv1.RenderCanvasRequest{View: view})
	if err != nil || resp.GetError() != nil {
		t.Fatalf("RenderCanvas = %v, %v", resp.GetError(), err)
	}
	if resp.GetContentType() != testdesk.CanvasContentType {
		t.Errorf("content type = %q", resp.GetContentType())
	}
	var got struct {
		Components []map[string]string `json:"components"`
	}
	if err := json.Unmarshal(resp.GetBody(), &got); err != nil {
		t.Fatalf("body %s: %v", resp.GetBody(), err)
	}
	if len(got.Components) != 3 || got.Components[0]["type"] != "heading" ||
		got.Components[1]["value"] != "payments" || got.Components[2]["action"] != "retry" {
		t.Errorf("components = %v", got.Components)
	}
}

func TestRenderCanvasRefusesAnItemWithoutKind(t *testing.T) {
	client, _, _ := setup(t)
	resp, err := client.RenderCanvas(context.Background(), &deskv1.RenderCanvasRequest{
		View: &deskv1.View{Items: []*deskv1.View_Item{{Text: "kindless"}}}})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, resp.GetError(), deskv1.DeskError_INVALID)
}
