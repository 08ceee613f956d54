package conformance

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

// These tests break the test desk in one way each and assert that the check
// for that rule fails, with a message that names the problem: a kit whose
// checks cannot fail would prove nothing.

// newTestKit is a kit over impl (testdesk, possibly broken) and a fresh fake.
func newTestKit(t *testing.T, impl deskv1.DeskServer) *kit {
	t.Helper()
	fake := testdesk.NewFake()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	k, err := newKit(t.Context(), Harness{
		Client:         sdk.TestClient(t, impl),
		Settings:       testdesk.Settings(srv.URL),
		SecretSetting:  testdesk.SettingClientSecret,
		Credentials:    testdesk.FakeCredentials(),
		ConversationID: testdesk.FakeConversationID,
		SignedWebhook:  func() ([]byte, map[string]string) { return fake.Delivery(testdesk.FakeConversationID, "hi") },
		FailNext:       fake.FailNext,
		PostCount:      fake.PostCount,
		Attributes:     map[string]string{"status": "found"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// runCheck runs the check called name.
func runCheck(t *testing.T, k *kit, name string) error {
	t.Helper()
	for _, c := range checks {
		if c.name == name {
			return c.run(t.Context(), k)
		}
	}
	t.Fatalf("no check %q", name)
	return nil
}

func TestChecksFailOnBrokenDesks(t *testing.T) {
	cases := []struct {
		broken deskv1.DeskServer
		check  string
		want   string // in the error
	}{
		{badMetadata{testdesk.New()}, "metadata is complete and speaks protocol v1", "protocol_version = 2"},
		{badMetadata{testdesk.New()}, "metadata is complete and speaks protocol v1", "duplicates"},
		{grpcConfigure{testdesk.New()}, "configure without settings is a desk error", "gRPC error"},
		{grpcConfigure{testdesk.New()}, "configure names the missing setting", "gRPC error"},
		{vagueConfigure{testdesk.New()}, "configure names the missing setting", "does not name the setting"},
		{lenientWebhook{testdesk.New()}, "webhook with a tampered body is refused", "event(s) passed"},
		{lenientWebhook{testdesk.New()}, "webhook signed with another secret is refused", "event(s) passed"},
		{lenientWebhook{testdesk.New()}, "webhook without headers is refused", "event(s) passed"},
		{&unstableIDs{Desk: testdesk.New()}, "signed webhook yields events with delivery ids", "want them stable"},
		{forgetfulPost{testdesk.New()}, "post with the same idempotency key is stored once", "want exactly 1"},
		{retryingPost{testdesk.New()}, "post answered 429 is RATE_LIMITED with the desk's wait", "must not retry"},
		{impatientPost{testdesk.New()}, "post answered 429 is RATE_LIMITED with the desk's wait", "pass Retry-After on"},
		{impatientPost{testdesk.New()}, "post answered 5xx is RETRYABLE", "want kind RETRYABLE"},
		{impatientPost{testdesk.New()}, "post answered 401 is UNAUTHORIZED", "want kind UNAUTHORIZED"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s/%T", tc.check, tc.broken), func(t *testing.T) {
			err := runCheck(t, newTestKit(t, tc.broken), tc.check)
			if err == nil {
				t.Fatalf("check passed; want it to catch %T", tc.broken)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			t.Logf("caught: %v", err)
		})
	}
}

func TestStdoutCheckCatchesNoise(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the plugin binary")
	}
	k := newTestKit(t, testdesk.New())
	k.h.Binary = sdktest.Build(t, sdktest.TestdeskPackage)
	if err := runCheck(t, k, "binary prints only the handshake on stdout"); err != nil {
		t.Fatalf("quiet binary: %v", err)
	}
	k.h.Settings[testdesk.SettingStdoutNoise] = "true"
	err := runCheck(t, k, "binary prints only the handshake on stdout")
	if err == nil || !strings.Contains(err.Error(), "1 more line(s)") || !strings.Contains(err.Error(), "junk on the raw stdout") {
		t.Errorf("noisy binary: %v; want the junk line reported", err)
	}
}

func TestSkipReasons(t *testing.T) {
	k := newTestKit(t, notesOnly{testdesk.New()})
	for _, c := range checks {
		reason := k.skipReason(c)
		applies := !c.process && (len(c.needs) == 0 || k.declares(sdk.CapNotes) && strings.HasPrefix(c.name, "post"))
		if applies != (reason == "") {
			t.Errorf("%q: skip reason %q for a notes-only plugin without Binary", c.name, reason)
		}
	}
}

// The broken desks. Each embeds the test desk and breaks one rule.

type badMetadata struct{ *testdesk.Desk }

func (d badMetadata) GetMetadata(ctx context.Context, req *deskv1.GetMetadataRequest) (*deskv1.Metadata, error) {
	md, err := d.Desk.GetMetadata(ctx, req)
	md.ProtocolVersion = 2
	md.Capabilities = append(md.Capabilities, sdk.CapNotes)
	return md, err
}

type notesOnly struct{ *testdesk.Desk }

func (d notesOnly) GetMetadata(ctx context.Context, req *deskv1.GetMetadataRequest) (*deskv1.Metadata, error) {
	md, err := d.Desk.GetMetadata(ctx, req)
	md.Capabilities = []string{sdk.CapNotes}
	return md, err
}

type grpcConfigure struct{ *testdesk.Desk }

func (d grpcConfigure) Configure(ctx context.Context, req *deskv1.ConfigureRequest) (*deskv1.ConfigureResponse, error) {
	resp, err := d.Desk.Configure(ctx, req)
	if resp.GetError() != nil {
		return nil, status.Error(codes.InvalidArgument, resp.GetError().GetMessage())
	}
	return resp, err
}

type vagueConfigure struct{ *testdesk.Desk }

func (d vagueConfigure) Configure(ctx context.Context, req *deskv1.ConfigureRequest) (*deskv1.ConfigureResponse, error) {
	resp, err := d.Desk.Configure(ctx, req)
	if resp.GetError() != nil {
		resp.Error = sdk.Invalid("bad configuration")
	}
	return resp, err
}

type lenientWebhook struct{ *testdesk.Desk }

func (d lenientWebhook) HandleWebhook(ctx context.Context, req *deskv1.HandleWebhookRequest) (*deskv1.HandleWebhookResponse, error) {
	resp, err := d.Desk.HandleWebhook(ctx, req)
	if resp.GetError() != nil {
		return &deskv1.HandleWebhookResponse{WorkspaceId: "w1", Events: []*deskv1.Event{
			{Kind: deskv1.Event_CONVERSATION_CREATED, DeliveryId: "forged", WorkspaceId: "w1"}}}, nil
	}
	return resp, err
}

type unstableIDs struct {
	*testdesk.Desk
	n atomic.Int64
}

func (d *unstableIDs) HandleWebhook(ctx context.Context, req *deskv1.HandleWebhookRequest) (*deskv1.HandleWebhookResponse, error) {
	resp, err := d.Desk.HandleWebhook(ctx, req)
	for _, ev := range resp.GetEvents() {
		ev.DeliveryId += "-" + string(rune('a'+d.n.Add(1)))
	}
	return resp, err
}

type forgetfulPost struct{ *testdesk.Desk }

func (d forgetfulPost) Post(ctx context.Context, req *deskv1.PostRequest) (*deskv1.PostResponse, error) {
	req = proto.Clone(req).(*deskv1.PostRequest)
	req.IdempotencyKey = ""
	return d.Desk.Post(ctx, req)
}

type retryingPost struct{ *testdesk.Desk }

func (d retryingPost) Post(ctx context.Context, req *deskv1.PostRequest) (*deskv1.PostResponse, error) {
	resp, err := d.Desk.Post(ctx, req)
	if resp.GetError() != nil {
		return d.Desk.Post(ctx, req)
	}
	return resp, err
}

// impatientPost loses the desk's meaning: no wait, and every failure final.
type impatientPost struct{ *testdesk.Desk }

func (d impatientPost) Post(ctx context.Context, req *deskv1.PostRequest) (*deskv1.PostResponse, error) {
	resp, err := d.Desk.Post(ctx, req)
	if e := resp.GetError(); e != nil && e.GetKind() != deskv1.DeskError_RATE_LIMITED {
		e.Kind = deskv1.DeskError_PERMANENT
	} else if e != nil {
		e.RetryAfterMs = 0
	}
	return resp, err
}
