package testdesk

import (
	"context"
	"net/http"
	"net/url"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// visibilities maps the protocol's visibility onto the desk's words.
var visibilities = map[deskv1.PostRequest_Visibility]string{
	deskv1.PostRequest_INTERNAL: "internal",
	deskv1.PostRequest_PUBLIC:   "public",
}

// Post writes a note or a reply. The idempotency key goes to the desk as
// the Idempotency-Key header: the hub retries with the same key, and the
// desk, not the plugin, guarantees the message is stored once. The plugin
// never retries by itself; the hub's queue owns retries and back-off.
func (d *Desk) Post(ctx context.Context, req *deskv1.PostRequest) (*deskv1.PostResponse, error) {
	c, derr := d.settings()
	if derr != nil {
		return &deskv1.PostResponse{Error: derr}, nil
	}
	visibility, ok := visibilities[req.GetVisibility()]
	if !ok {
		return &deskv1.PostResponse{Error: sdk.Invalid("post visibility %s is not INTERNAL or PUBLIC", req.GetVisibility())}, nil
	}
	if req.GetConversationId() == "" {
		return &deskv1.PostResponse{Error: sdk.Invalid("post has no conversation id")}, nil
	}
	var created struct {
		ID string `json:"id"`
	}
	derr = d.call(ctx, c, apiRequest{
		method:         http.MethodPost,
		path:           "/conversations/" + url.PathEscape(req.GetConversationId()) + "/messages",
		token:          req.GetCredentials().GetAccessToken(),
		idempotencyKey: req.GetIdempotencyKey(),
		json:           map[string]string{"body": req.GetBody(), "visibility": visibility},
	}, &created)
	if derr != nil {
		return &deskv1.PostResponse{Error: derr}, nil
	}
	return &deskv1.PostResponse{MessageId: created.ID}, nil
}

// SetAttributes writes conversation attributes. Writing the same values
// again changes nothing, so retries are safe by nature; the key is still
// sent so that the desk can log which hub job wrote what.
func (d *Desk) SetAttributes(ctx context.Context, req *deskv1.SetAttributesRequest) (*deskv1.SetAttributesResponse, error) {
	c, derr := d.settings()
	if derr != nil {
		return &deskv1.SetAttributesResponse{Error: derr}, nil
	}
	if req.GetConversationId() == "" {
		return &deskv1.SetAttributesResponse{Error: sdk.Invalid("attributes have no conversation id")}, nil
	}
	derr = d.call(ctx, c, apiRequest{
		method:         http.MethodPut,
		path:           "/conversations/" + url.PathEscape(req.GetConversationId()) + "/attributes",
		token:          req.GetCredentials().GetAccessToken(),
		idempotencyKey: req.GetIdempotencyKey(),
		json:           map[string]any{"attributes": req.GetAttributes()},
	}, nil)
	return &deskv1.SetAttributesResponse{Error: derr}, nil
}
