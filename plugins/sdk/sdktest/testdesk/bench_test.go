package testdesk_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

// The question: what does putting a desk in its own process cost a
// webhook? Each benchmark verifies and normalises the same signed delivery,
// first as a plain method call, then over in-process gRPC (serialisation
// without a process), then through a real plugin process started like the
// hub starts it (AutoMTLS over a Unix socket, empty environment). The target
// is a p50 under 200 µs for the process case.
//
//	go test -run '^$' -bench Webhook -benchtime 2000x ./plugins/sdk/...

// webhookCall is one HandleWebhook, however the plugin is reached.
type webhookCall func(context.Context, *deskv1.HandleWebhookRequest) (*deskv1.HandleWebhookResponse, error)

func BenchmarkWebhookInProcess(b *testing.B) {
	d := testdesk.New()
	configure(b, d.Configure)
	benchWebhook(b, d.HandleWebhook)
}

func BenchmarkWebhookGRPCInProcess(b *testing.B) {
	client := sdk.TestClient(b, testdesk.New())
	configure(b, func(ctx context.Context, req *deskv1.ConfigureRequest) (*deskv1.ConfigureResponse, error) {
		return client.Configure(ctx, req)
	})
	benchWebhook(b, func(ctx context.Context, req *deskv1.HandleWebhookRequest) (*deskv1.HandleWebhookResponse, error) {
		return client.HandleWebhook(ctx, req)
	})
}

func BenchmarkWebhookPluginProcess(b *testing.B) {
	client, _ := sdktest.Start(b, sdktest.Build(b, sdktest.TestdeskPackage))
	configure(b, func(ctx context.Context, req *deskv1.ConfigureRequest) (*deskv1.ConfigureResponse, error) {
		return client.Configure(ctx, req)
	})
	benchWebhook(b, func(ctx context.Context, req *deskv1.HandleWebhookRequest) (*deskv1.HandleWebhookResponse, error) {
		return client.HandleWebhook(ctx, req)
	})
}

// configure points the desk at an address it never calls: verifying a
// webhook is local work.
func configure(b *testing.B, call func(context.Context, *deskv1.ConfigureRequest) (*deskv1.ConfigureResponse, error)) {
	b.Helper()
	resp, err := call(b.Context(), &deskv1.ConfigureRequest{Settings: testdesk.Settings("http://desk.invalid")})
	if err != nil || resp.GetError() != nil {
		b.Fatalf("Configure = %v, %v", resp.GetError(), err)
	}
}

// benchWebhook times call on one signed delivery and reports the latency
// distribution besides the mean, since a mean hides a slow tail.
func benchWebhook(b *testing.B, call webhookCall) {
	b.Helper()
	body, headers := testdesk.NewFake().Delivery(testdesk.FakeConversationID, "checkout fails with a 502 since 09:14")
	req := &deskv1.HandleWebhookRequest{Body: body, Headers: headers, Endpoint: "events"}
	ctx := b.Context()
	if resp, err := call(ctx, req); err != nil || resp.GetError() != nil || len(resp.GetEvents()) != 1 {
		b.Fatalf("HandleWebhook = %v, %v, %v; want one event", resp.GetEvents(), resp.GetError(), err)
	}
	var took []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		resp, err := call(ctx, req)
		took = append(took, time.Since(start))
		if err != nil || resp.GetError() != nil {
			b.Fatalf("HandleWebhook = %v, %v", resp.GetError(), err)
		}
	}
	slices.Sort(took)
	b.ReportMetric(percentile(took, 50), "p50-µs")
	b.ReportMetric(percentile(took, 99), "p99-µs")
}

// percentile returns the p-th percentile of sorted durations in µs.
func percentile(sorted []time.Duration, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p+99)/100 - 1 // nearest rank
	return float64(sorted[max(i, 0)]) / float64(time.Microsecond)
}
