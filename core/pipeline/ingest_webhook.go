package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
)

// DedupeTTL is how long a delivery is remembered. Intercom retries a failed
// notification once after a minute; two days covers that, replays by hand
// and a hub that was down over a weekend night.
const DedupeTTL = 48 * time.Hour

// activityEvery is how often one hub process records a binding's
// last_webhook_at. The timestamp is for people checking that the desk
// reaches the hub; a write per webhook cost a fifth of the hub's CPU at
// 2,000 webhooks/s.
const activityEvery = time.Second

// Bindings is what ingestion needs to know about bindings.
type Bindings interface {
	// ConnectedID returns the id of the workspace's connected binding, or a
	// core.ErrNotFound error.
	ConnectedID(ctx context.Context, platform, workspaceID string) (string, error)
	RecordActivity(ctx context.Context, id string, a binding.Activity) error
}

// Uninstaller marks a workspace's binding inactive when the desk says the
// app was removed.
type Uninstaller interface {
	Uninstalled(ctx context.Context, platform, workspaceID string) (*binding.Binding, error)
}

// EventJob is the payload of a KindEvent job.
type EventJob struct {
	BindingID string `json:"binding_id"`
	Event     Event  `json:"event"`
}

// IngestResult says what happened to one delivery.
type IngestResult struct {
	Status     int // what to answer the desk
	Queued     int
	Duplicates int
	Ignored    int
}

// Ingester turns raw desk deliveries into durably queued jobs.
type Ingester struct {
	desks       Desks
	bindings    Bindings
	uninstaller Uninstaller
	queue       Queue
	log         *slog.Logger
	now         func() time.Time

	activityMu sync.Mutex
	activityAt map[string]time.Time // binding id → when its activity was last recorded
}

// NewIngester returns the ingest use case.
func NewIngester(desks Desks, bindings Bindings, uninstaller Uninstaller, queue Queue, log *slog.Logger) *Ingester {
	return &Ingester{desks: desks, bindings: bindings, uninstaller: uninstaller, queue: queue, log: log,
		now: func() time.Time { return time.Now().UTC() }, activityAt: map[string]time.Time{}}
}

// Ingest verifies a delivery through its desk plugin and queues one job per
// event. It returns only after every job is durably queued, so that the
// desk's acknowledgement means "nothing will be lost"; any error means the
// desk must retry.
func (in *Ingester) Ingest(ctx context.Context, platform, endpoint string, body []byte, headers map[string]string) (IngestResult, error) {
	res, err := in.desks.HandleWebhook(ctx, platform, endpoint, body, headers)
	if err != nil {
		return IngestResult{}, err
	}
	out := IngestResult{Status: res.Status}
	if out.Status == 0 {
		out.Status = 200
	}
	for _, ev := range res.Events {
		ev.Platform = platform
		queued, err := in.ingestEvent(ctx, ev)
		switch {
		case err != nil:
			return out, err
		case queued == nil:
			out.Ignored++
		case *queued:
			out.Queued++
		default:
			out.Duplicates++
		}
	}
	return out, nil
}

// ingestEvent returns nil when the event is ignored, else whether it was
// queued (false: a duplicate).
func (in *Ingester) ingestEvent(ctx context.Context, ev Event) (*bool, error) {
	if ev.Kind == EventUninstalled {
		b, err := in.uninstaller.Uninstalled(ctx, ev.Platform, ev.WorkspaceID)
		if core.ErrorCode(err) == core.ErrNotFound {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("uninstall workspace %s: %w", ev.WorkspaceID, err)
		}
		in.log.InfoContext(ctx, "app uninstalled from workspace; binding inactive",
			"platform", ev.Platform, "workspace_id", ev.WorkspaceID, "binding_id", b.ID)
		return nil, nil
	}
	bindingID, err := in.bindings.ConnectedID(ctx, ev.Platform, ev.WorkspaceID)
	if core.ErrorCode(err) == core.ErrNotFound {
		// Answering an error would make the desk retry something that will
		// never succeed (and pause the app's webhooks for everyone).
		in.log.WarnContext(ctx, "webhook for a workspace with no connected binding; ignored",
			"platform", ev.Platform, "workspace_id", ev.WorkspaceID, "delivery_id", ev.DeliveryID)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find binding of workspace %s: %w", ev.WorkspaceID, err)
	}
	now := in.now()
	if in.activityDue(bindingID, now) {
		if err := in.bindings.RecordActivity(ctx, bindingID, binding.Activity{LastWebhookAt: &now}); err != nil {
			in.log.WarnContext(ctx, "could not record webhook activity", "binding_id", bindingID, "error", err)
		}
	}
	if ev.AuthorKind == AuthorApp || ev.Text == "" && ev.Kind != EventConversationCreated {
		return nil, nil
	}
	payload, err := json.Marshal(EventJob{BindingID: bindingID, Event: ev})
	if err != nil {
		return nil, fmt.Errorf("encode event job: %w", err)
	}
	queued, err := in.queue.EnqueueOnce(ctx, DedupeKey(ev), DedupeTTL, Job{
		ID: core.NewID("job"), Kind: KindEvent, Payload: payload, EnqueuedAt: now,
	})
	if err != nil {
		return nil, fmt.Errorf("queue event %s: %w", ev.DeliveryID, err)
	}
	return &queued, nil
}

// activityDue reports whether a binding's webhook activity should be
// recorded now: the first time, then at most once per activityEvery.
func (in *Ingester) activityDue(bindingID string, now time.Time) bool {
	in.activityMu.Lock()
	defer in.activityMu.Unlock()
	if last, ok := in.activityAt[bindingID]; ok && now.Sub(last) < activityEvery && !now.Before(last) {
		return false
	}
	in.activityAt[bindingID] = now
	return true
}

// DedupeKey identifies an event across redeliveries. A part can arrive in
// two notifications (Intercom sends some bot replies on two topics), so a
// part id, when there is one, wins over the delivery id.
func DedupeKey(ev Event) string {
	if ev.PartID != "" {
		return "part:" + ev.Platform + ":" + ev.WorkspaceID + ":" + ev.ConversationID + ":" + ev.PartID
	}
	return "delivery:" + ev.Platform + ":" + ev.WorkspaceID + ":" + ev.DeliveryID
}
