package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/pipeline"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// The Host serves the pipeline's desk ports.
var (
	_ pipeline.Desks    = (*Host)(nil)
	_ pipeline.Poster   = (*Host)(nil)
	_ binding.Installer = (*Host)(nil)
)

// pipelineError re-expresses host errors in the pipeline's terms, so the
// HTTP layer and the worker need not know about plugins.
func pipelineError(err error) error {
	switch {
	case errors.Is(err, ErrUnknownPlatform):
		return fmt.Errorf("%w: %w", pipeline.ErrUnknownPlatform, err)
	case errors.Is(err, ErrUnavailable):
		return fmt.Errorf("%w: %w", pipeline.ErrDeskUnavailable, err)
	}
	return err
}

// failure turns a desk's refusal into the pipeline's DeskFailure.
func failure(platform, call string, e *deskv1.DeskError) error {
	kinds := map[deskv1.DeskError_Kind]pipeline.FailureKind{
		deskv1.DeskError_RETRYABLE:    pipeline.FailRetryable,
		deskv1.DeskError_RATE_LIMITED: pipeline.FailRateLimited,
		deskv1.DeskError_UNAUTHORIZED: pipeline.FailUnauthorized,
		deskv1.DeskError_NOT_FOUND:    pipeline.FailNotFound,
		deskv1.DeskError_INVALID:      pipeline.FailInvalid,
	}
	kind, ok := kinds[e.GetKind()]
	if !ok {
		kind = pipeline.FailPermanent
	}
	return &pipeline.DeskFailure{Kind: kind, RetryAfter: time.Duration(e.GetRetryAfterMs()) * time.Millisecond,
		HTTPStatus: int(e.GetHttpStatus()), Message: platform + " " + call + ": " + e.GetMessage()}
}

// HandleWebhook implements pipeline.Desks. A delivery the plugin calls
// invalid is pipeline.ErrMalformedDelivery when the plugin says it is signed
// but unreadable (http_status 400, sdk.Malformed), else
// pipeline.ErrBadSignature.
func (h *Host) HandleWebhook(ctx context.Context, platform, endpoint string, body []byte, headers map[string]string) (*pipeline.WebhookResult, error) {
	desk, _, err := h.Desk(platform)
	if err != nil {
		return nil, pipelineError(err)
	}
	resp, err := desk.HandleWebhook(ctx, &deskv1.HandleWebhookRequest{Body: body, Headers: headers, Endpoint: endpoint})
	if err != nil {
		return nil, pipelineError(err)
	}
	if e := resp.GetError(); e != nil {
		if e.GetKind() == deskv1.DeskError_INVALID {
			if e.GetHttpStatus() == 400 {
				return nil, fmt.Errorf("%w: %s", pipeline.ErrMalformedDelivery, e.GetMessage())
			}
			return nil, fmt.Errorf("%w: %s", pipeline.ErrBadSignature, e.GetMessage())
		}
		return nil, failure(platform, "HandleWebhook", e)
	}
	out := &pipeline.WebhookResult{Status: int(resp.GetStatus()), WorkspaceID: resp.GetWorkspaceId()}
	for _, ev := range resp.GetEvents() {
		out.Events = append(out.Events, pipeline.Event{
			Kind: eventKind(ev.GetKind()), DeliveryID: ev.GetDeliveryId(), Platform: platform,
			WorkspaceID: ev.GetWorkspaceId(), ConversationID: ev.GetConversationId(), PartID: ev.GetPartId(),
			AuthorKind: ev.GetAuthorKind(), AuthorID: ev.GetAuthorId(), Text: ev.GetText(),
			CreatedAt: time.UnixMilli(ev.GetCreatedAtUnixMs()).UTC(), Timezone: ev.GetTimezone(), Topic: ev.GetTopic(),
		})
	}
	return out, nil
}

func eventKind(k deskv1.Event_Kind) string {
	switch k {
	case deskv1.Event_CONVERSATION_CREATED:
		return pipeline.EventConversationCreated
	case deskv1.Event_PART_CREATED:
		return pipeline.EventPartCreated
	case deskv1.Event_UNINSTALLED:
		return pipeline.EventUninstalled
	}
	return "unknown"
}

func credentials(b *binding.Binding) *deskv1.Credentials {
	c := &deskv1.Credentials{WorkspaceId: b.WorkspaceID, Desk: b.Desk}
	if b.Token != nil {
		c.AccessToken = b.Token.AccessToken
	}
	return c
}

// Post implements pipeline.Poster.
func (h *Host) Post(ctx context.Context, b *binding.Binding, conversationID string, v pipeline.Visibility, body, key string, attempt int) (string, error) {
	desk, _, err := h.Desk(b.Platform)
	if err != nil {
		return "", pipelineError(err)
	}
	vis := deskv1.PostRequest_INTERNAL
	if v == pipeline.Public {
		vis = deskv1.PostRequest_PUBLIC
	}
	resp, err := desk.Post(ctx, &deskv1.PostRequest{Credentials: credentials(b), ConversationId: conversationID,
		Visibility: vis, Body: body, IdempotencyKey: key, Attempt: uint32(max(attempt, 1))})
	if err != nil {
		return "", pipelineError(err)
	}
	if e := resp.GetError(); e != nil {
		return "", failure(b.Platform, "Post", e)
	}
	return resp.GetMessageId(), nil
}

// SetAttributes implements pipeline.Poster.
func (h *Host) SetAttributes(ctx context.Context, b *binding.Binding, conversationID string, attrs map[string]string, key string) error {
	desk, _, err := h.Desk(b.Platform)
	if err != nil {
		return pipelineError(err)
	}
	resp, err := desk.SetAttributes(ctx, &deskv1.SetAttributesRequest{Credentials: credentials(b),
		ConversationId: conversationID, Attributes: attrs, IdempotencyKey: key})
	if err != nil {
		return pipelineError(err)
	}
	if e := resp.GetError(); e != nil {
		return failure(b.Platform, "SetAttributes", e)
	}
	return nil
}
