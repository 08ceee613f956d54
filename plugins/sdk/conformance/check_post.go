package conformance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// rateLimitWait is the Retry-After the kit scripts; plugins must pass it on
// to within rateLimitSlack (desks that send a reset time round to seconds).
const (
	rateLimitWait  = 7 * time.Second
	rateLimitSlack = time.Second
)

var postChecks = []check{
	{name: "post with the same idempotency key is stored once", needs: postCaps, run: checkIdempotentPost},
	{name: "post answered 429 is RATE_LIMITED with the desk's wait", needs: postCaps, run: checkRateLimited},
	{name: "post answered 5xx is RETRYABLE", needs: postCaps, run: checkServerError},
	{name: "post answered 401 is UNAUTHORIZED", needs: postCaps, run: checkUnauthorized},
	{name: "attributes are written and 5xx is RETRYABLE", needs: []string{sdk.CapAttributes}, run: checkAttributes},
}

var postCaps = []string{sdk.CapNotes, sdk.CapReplies}

// post sends one message with key into Harness.ConversationID, as a note
// when the plugin writes notes and as a reply otherwise.
// Callers check needPost first.
// post sends one post as the hub does; attempt counts the tries of one job
// (the hub sends 1 first), so a desk without idempotency keys can look for
// an earlier try on later ones.
func (k *kit) post(ctx context.Context, key string, attempt ...int) (*deskv1.PostResponse, error) {
	try := 1
	if len(attempt) > 0 {
		try = attempt[0]
	}
	visibility := deskv1.PostRequest_PUBLIC
	if k.declares(sdk.CapNotes) {
		visibility = deskv1.PostRequest_INTERNAL
	}
	resp, err := k.h.Client.Post(ctx, &deskv1.PostRequest{Credentials: k.h.Credentials, ConversationId: k.h.ConversationID,
		Visibility: visibility, Body: "SigSentry conformance check " + key, IdempotencyKey: key, Attempt: uint32(try)})
	if err != nil {
		return nil, fmt.Errorf("Post: gRPC error %w; desk failures must be PostResponse.error", err)
	}
	return resp, nil
}

// needPost reports the harness fields the post checks cannot do without.
func (k *kit) needPost() error {
	return errors.Join(need(k.h.Credentials == nil, "Credentials"), need(k.h.ConversationID == "", "ConversationID"),
		need(k.h.PostCount == nil, "PostCount"), need(k.h.FailNext == nil, "FailNext"))
}

// checkIdempotentPost: the hub retries a post with the same key whenever it
// cannot know whether the first try landed; the desk must end up with one
// message. A second key must still make a second message.
func checkIdempotentPost(ctx context.Context, k *kit) error {
	if err := k.needPost(); err != nil {
		return err
	}
	before := k.h.PostCount(k.h.ConversationID)
	key := k.key()
	var ids []string
	for try := 1; try <= 2; try++ {
		resp, err := k.post(ctx, key, try)
		if err != nil {
			return err
		}
		if resp.GetError() != nil {
			return fmt.Errorf("Post try %d: %s", try, describe(resp.GetError()))
		}
		ids = append(ids, resp.GetMessageId())
	}
	if got := k.h.PostCount(k.h.ConversationID) - before; got != 1 {
		return fmt.Errorf("two posts with idempotency key %q added %d messages; want exactly 1 (send the key to the desk)", key, got)
	}
	if ids[0] != ids[1] {
		return fmt.Errorf("the retry answered message id %q, the first post %q; want the same message", ids[1], ids[0])
	}
	resp, err := k.post(ctx, k.key())
	if err != nil {
		return err
	}
	if resp.GetError() != nil {
		return fmt.Errorf("Post with a new key: %s", describe(resp.GetError()))
	}
	if got := k.h.PostCount(k.h.ConversationID) - before; got != 2 {
		return fmt.Errorf("a post with a new key left %d new messages; want 2", got)
	}
	return nil
}

// postFailing scripts one failure, posts, and checks that the failure came
// back as data of kind want, that the plugin did not retry on its own (the
// hub's queue owns retries) and that nothing was stored.
func (k *kit) postFailing(ctx context.Context, status int, retryAfter time.Duration, want deskv1.DeskError_Kind) (*deskv1.DeskError, error) {
	if err := k.needPost(); err != nil {
		return nil, err
	}
	defer k.h.FailNext(0, 0, 0)
	before := k.h.PostCount(k.h.ConversationID)
	k.h.FailNext(status, retryAfter, 1)
	resp, err := k.post(ctx, k.key())
	switch {
	case err != nil:
		return nil, err
	case resp.GetError() == nil:
		return nil, fmt.Errorf("desk answered %d but Post succeeded; want %s (a plugin must not retry on its own)", status, want)
	case resp.GetError().GetKind() != want:
		return nil, fmt.Errorf("desk answered %d: %s; want kind %s", status, describe(resp.GetError()), want)
	case k.h.PostCount(k.h.ConversationID) != before:
		return nil, fmt.Errorf("desk answered %d yet a message was stored", status)
	}
	return resp.GetError(), nil
}

func checkRateLimited(ctx context.Context, k *kit) error {
	derr, err := k.postFailing(ctx, 429, rateLimitWait, deskv1.DeskError_RATE_LIMITED)
	if err != nil {
		return err
	}
	got := time.Duration(derr.GetRetryAfterMs()) * time.Millisecond
	if got < rateLimitWait-rateLimitSlack || got > rateLimitWait+rateLimitSlack {
		return fmt.Errorf("desk asked to retry after %v; DeskError says %v (retry_after_ms %d): pass Retry-After on", rateLimitWait, got, derr.GetRetryAfterMs())
	}
	return nil
}

func checkServerError(ctx context.Context, k *kit) error {
	var errs []error
	for _, status := range []int{500, 503} {
		_, err := k.postFailing(ctx, status, 0, deskv1.DeskError_RETRYABLE)
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func checkUnauthorized(ctx context.Context, k *kit) error {
	_, err := k.postFailing(ctx, 401, 0, deskv1.DeskError_UNAUTHORIZED)
	return err
}

// checkAttributes: attributes are written, and a failing desk is reported
// as data the queue can retry.
func checkAttributes(ctx context.Context, k *kit) error {
	if len(k.h.Attributes) == 0 {
		return skipError("Harness.Attributes is not set")
	}
	if err := errors.Join(need(k.h.Credentials == nil, "Credentials"), need(k.h.FailNext == nil, "FailNext")); err != nil {
		return err
	}
	req := &deskv1.SetAttributesRequest{Credentials: k.h.Credentials, ConversationId: k.h.ConversationID,
		Attributes: k.h.Attributes, IdempotencyKey: k.key()}
	resp, err := k.h.Client.SetAttributes(ctx, req)
	switch {
	case err != nil:
		return fmt.Errorf("SetAttributes: gRPC error %w", err)
	case resp.GetError() != nil:
		return fmt.Errorf("SetAttributes of Harness.Attributes: %s", describe(resp.GetError()))
	}
	defer k.h.FailNext(0, 0, 0)
	k.h.FailNext(500, 0, 1)
	resp, err = k.h.Client.SetAttributes(ctx, req)
	switch {
	case err != nil:
		return fmt.Errorf("SetAttributes: gRPC error %w", err)
	case resp.GetError().GetKind() != deskv1.DeskError_RETRYABLE:
		return fmt.Errorf("desk answered 500 to SetAttributes: %s; want RETRYABLE", describe(resp.GetError()))
	}
	return nil
}
