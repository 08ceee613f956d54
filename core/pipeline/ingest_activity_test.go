package pipeline

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/sigsentry/hub/core/binding"
)

type oneEventDesk struct{}

func (oneEventDesk) HandleWebhook(context.Context, string, string, []byte, map[string]string) (*WebhookResult, error) {
	return &WebhookResult{Events: []Event{{Kind: EventConversationCreated, DeliveryID: "notif_1",
		WorkspaceID: "ws1", ConversationID: "1", AuthorKind: AuthorUser, Text: "Checkout is down"}}}, nil
}

type countingBindings struct{ activity []time.Time }

func (c *countingBindings) ConnectedID(context.Context, string, string) (string, error) {
	return "bnd_1", nil
}

func (c *countingBindings) RecordActivity(_ context.Context, _ string, a binding.Activity) error {
	c.activity = append(c.activity, *a.LastWebhookAt)
	return nil
}

type acceptingQueue struct{ Queue }

func (acceptingQueue) EnqueueOnce(context.Context, string, time.Duration, Job) (bool, error) {
	return true, nil
}

// TestWebhookActivityIsRecordedAtMostOncePerSecond: last_webhook_at is for
// people, so a busy workspace does not cost a store write per webhook.
func TestWebhookActivityIsRecordedAtMostOncePerSecond(t *testing.T) {
	b := &countingBindings{}
	in := NewIngester(oneEventDesk{}, b, nil, acceptingQueue{}, slog.New(slog.DiscardHandler))
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	in.now = func() time.Time { return now }
	ingest := func() {
		t.Helper()
		if res, err := in.Ingest(t.Context(), "intercom", "events", nil, nil); err != nil || res.Queued != 1 {
			t.Fatalf("ingest: %+v %v", res, err)
		}
	}
	ingest()
	now = now.Add(300 * time.Millisecond)
	ingest()
	ingest()
	if len(b.activity) != 1 {
		t.Fatalf("activity recorded %d times within a second, want once", len(b.activity))
	}
	now = now.Add(time.Second)
	ingest()
	if len(b.activity) != 2 || !b.activity[1].Equal(now) {
		t.Fatalf("activity after a second: %v, want a second record at %v", b.activity, now)
	}
}
