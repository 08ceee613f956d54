package testdesk_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

// note is a Post of an internal note into the fake's conversation.
func note(key string) *deskv1.PostRequest {
	return &deskv1.PostRequest{Credentials: testdesk.FakeCredentials(), ConversationId: testdesk.FakeConversationID,
		Visibility: deskv1.PostRequest_INTERNAL, Body: "Found 3 errors in payments", IdempotencyKey: key}
}

func TestPostStoresTheMessageOncePerKey(t *testing.T) {
	client, fake, _ := setup(t)
	ctx := context.Background()
	first, err := client.Post(ctx, note("job-1"))
	if err != nil || first.GetError() != nil || first.GetMessageId() == "" {
		t.Fatalf("Post = %v, %v", first, err)
	}
	again, err := client.Post(ctx, note("job-1"))
	if err != nil || again.GetError() != nil {
		t.Fatalf("retried Post = %v, %v", again.GetError(), err)
	}
	if again.GetMessageId() != first.GetMessageId() {
		t.Errorf("retry got message %q, want the first one %q", again.GetMessageId(), first.GetMessageId())
	}
	if _, err := client.Post(ctx, note("job-2")); err != nil {
		t.Fatal(err)
	}
	msgs := fake.Messages(testdesk.FakeConversationID)
	if len(msgs) != 2 || msgs[0].IdempotencyKey != "job-1" || msgs[0].Visibility != "internal" || msgs[1].IdempotencyKey != "job-2" {
		t.Errorf("fake holds %+v, want job-1 then job-2, internal", msgs)
	}
}

func TestPostReplyIsPublic(t *testing.T) {
	client, fake, _ := setup(t)
	req := note("reply-1")
	req.Visibility = deskv1.PostRequest_PUBLIC
	if resp, err := client.Post(context.Background(), req); err != nil || resp.GetError() != nil {
		t.Fatalf("Post = %v, %v", resp.GetError(), err)
	}
	if msgs := fake.Messages(testdesk.FakeConversationID); len(msgs) != 1 || msgs[0].Visibility != "public" {
		t.Errorf("fake holds %+v, want one public message", msgs)
	}
}

func TestPostFailuresAreClassified(t *testing.T) {
	cases := map[string]struct {
		status     int
		retryAfter time.Duration
		want       deskv1.DeskError_Kind
		wantWaitMs int64
	}{
		"429 with Retry-After": {429, 7 * time.Second, deskv1.DeskError_RATE_LIMITED, 7000},
		"429 without":          {429, 0, deskv1.DeskError_RATE_LIMITED, 10000}, // sdk.ErrorFromStatus's default
		"500":                  {500, 0, deskv1.DeskError_RETRYABLE, 0},
		"503":                  {503, 0, deskv1.DeskError_RETRYABLE, 0},
		"401":                  {401, 0, deskv1.DeskError_UNAUTHORIZED, 0},
		"403":                  {403, 0, deskv1.DeskError_UNAUTHORIZED, 0},
		"422":                  {422, 0, deskv1.DeskError_PERMANENT, 0},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			client, fake, _ := setup(t)
			before := fake.Requests()
			fake.FailNext(tc.status, tc.retryAfter, 1)
			resp, err := client.Post(context.Background(), note("k-"+name))
			if err != nil {
				t.Fatalf("gRPC error %v, want a desk error", err)
			}
			wantKind(t, resp.GetError(), tc.want)
			if got := resp.GetError().GetRetryAfterMs(); got != tc.wantWaitMs {
				t.Errorf("retry_after_ms = %d, want %d", got, tc.wantWaitMs)
			}
			if got := resp.GetError().GetHttpStatus(); got != int32(tc.status) {
				t.Errorf("http_status = %d, want %d", got, tc.status)
			}
			if n := fake.Requests() - before; n != 1 {
				t.Errorf("plugin made %d requests, want 1: retries belong to the hub's queue", n)
			}
			if n := fake.PostCount(testdesk.FakeConversationID); n != 0 {
				t.Errorf("fake holds %d messages after a failure, want 0", n)
			}
		})
	}
}

func TestPostToAMissingConversationIsNotFound(t *testing.T) {
	client, _, _ := setup(t)
	req := note("k")
	req.ConversationId = "deleted"
	resp, err := client.Post(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, resp.GetError(), deskv1.DeskError_NOT_FOUND)
}

func TestPostWithoutVisibilityIsInvalid(t *testing.T) {
	client, fake, _ := setup(t)
	req := note("k")
	req.Visibility = deskv1.PostRequest_VISIBILITY_UNSPECIFIED
	resp, err := client.Post(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, resp.GetError(), deskv1.DeskError_INVALID)
	if fake.Requests() != 0 {
		t.Errorf("plugin called the desk %d times for a request it should refuse", fake.Requests())
	}
}

func TestPostToAnUnreachableDeskIsRetryable(t *testing.T) {
	srv := httptest.NewServer(testdesk.NewFake())
	base := srv.URL
	srv.Close() // nothing listens there any more
	client := sdk.TestClient(t, testdesk.New())
	ctx := context.Background()
	if resp, err := client.Configure(ctx, &deskv1.ConfigureRequest{Settings: testdesk.Settings(base)}); err != nil || resp.GetError() != nil {
		t.Fatalf("Configure = %v, %v", resp.GetError(), err)
	}
	resp, err := client.Post(ctx, note("k"))
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, resp.GetError(), deskv1.DeskError_RETRYABLE)
}

func TestSetAttributes(t *testing.T) {
	client, fake, _ := setup(t)
	ctx := context.Background()
	req := &deskv1.SetAttributesRequest{Credentials: testdesk.FakeCredentials(), ConversationId: testdesk.FakeConversationID,
		Attributes: map[string]string{"sigsentry_status": "found", "sigsentry_service": "payments"}, IdempotencyKey: "attr-1"}
	if resp, err := client.SetAttributes(ctx, req); err != nil || resp.GetError() != nil {
		t.Fatalf("SetAttributes = %v, %v", resp.GetError(), err)
	}
	if got := fake.Attributes(testdesk.FakeConversationID); got["sigsentry_status"] != "found" || got["sigsentry_service"] != "payments" {
		t.Errorf("fake attributes = %v", got)
	}
	fake.FailNext(502, 0, 1)
	resp, err := client.SetAttributes(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, resp.GetError(), deskv1.DeskError_RETRYABLE)
}
