package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// Harness is what the kit needs from a plugin's author: a way to reach the
// plugin and a fake desk the author can script and inspect. Fields a check
// needs are required only when the plugin declares the capability the check
// covers.
type Harness struct {
	// Client reaches the plugin under test: sdk.TestClient in-process, or a
	// process started with sdktest.Start.
	Client deskv1.DeskClient
	// Settings configure the plugin to talk to the fake desk. The kit
	// Configures the plugin with them before the checks and after any check
	// that changes them.
	Settings map[string]string
	// SecretSetting names the setting that holds the webhook signing secret.
	// The kit changes it to prove that a delivery signed with another secret
	// is refused; empty skips that check.
	SecretSetting string
	// Credentials are those of a workspace installed on the fake desk.
	Credentials *deskv1.Credentials
	// ConversationID names a conversation that exists on the fake desk.
	ConversationID string
	// SignedWebhook returns a correctly signed delivery that yields at least
	// one event. Successive calls may return the same delivery or new ones.
	SignedWebhook func() (body []byte, headers map[string]string)
	// FailNext makes the fake desk answer the next n requests with status and,
	// when retryAfter > 0, a Retry-After header. n = 0 cancels failures still
	// pending.
	FailNext func(status int, retryAfter time.Duration, n int)
	// PostCount is how many messages the fake desk holds in a conversation.
	PostCount func(conversationID string) int
	// Attributes, when set, are conversation attributes the fake desk accepts;
	// they enable the SetAttributes checks.
	Attributes map[string]string
	// Binary, when set, is the path of the built plugin binary; it enables
	// the process checks (stdout discipline, prompt exit).
	Binary string
}

// checkTimeout bounds one check, so that a hung plugin fails the check
// instead of the whole test binary's timeout.
const checkTimeout = 30 * time.Second

// check is one rule. run returns every way the plugin breaks it.
type check struct {
	name string
	// needs lists capabilities of which the plugin must declare at least one
	// for the check to apply; empty means every plugin.
	needs []string
	// process marks checks that start Harness.Binary.
	process bool
	run     func(ctx context.Context, k *kit) error
}

// kit is one Run's state: the harness and what the plugin said it is.
type kit struct {
	h    Harness
	meta *deskv1.Metadata
	keys atomic.Int64
}

// Run checks the plugin behind h.Client, one subtest per rule. It fails t at
// once when the harness is incomplete or the plugin cannot be configured
// with h.Settings, since no check would mean anything then.
func Run(t *testing.T, h Harness) {
	t.Helper()
	k, err := newKit(t.Context(), h)
	if err != nil {
		t.Fatalf("conformance: %v", err)
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if reason := k.skipReason(c); reason != "" {
				t.Skip(reason)
			}
			ctx, cancel := context.WithTimeout(t.Context(), checkTimeout)
			defer cancel()
			err := c.run(ctx, k)
			var skip skipError
			switch {
			case errors.As(err, &skip):
				t.Skip(string(skip))
			case err != nil:
				t.Error(err)
			}
		})
	}
}

// checks is every rule, in the order Run applies them.
var checks = slices.Concat(setupChecks, installChecks, webhookChecks, canvasChecks, postChecks, processChecks)

func newKit(ctx context.Context, h Harness) (*kit, error) {
	if h.Client == nil {
		return nil, errors.New("Harness.Client is nil")
	}
	k := &kit{h: h}
	if err := k.configure(ctx, h.Settings); err != nil {
		return nil, fmt.Errorf("configure with Harness.Settings: %w", err)
	}
	meta, err := h.Client.GetMetadata(ctx, &deskv1.GetMetadataRequest{})
	if err != nil {
		return nil, fmt.Errorf("GetMetadata: %w", err)
	}
	k.meta = meta
	return k, nil
}

// skipReason says why c does not apply to this plugin, or "" if it does.
func (k *kit) skipReason(c check) string {
	if c.process && k.h.Binary == "" {
		return "Harness.Binary is not set"
	}
	if len(c.needs) > 0 && !slices.ContainsFunc(c.needs, k.declares) {
		return fmt.Sprintf("the plugin declares none of the capabilities %v", c.needs)
	}
	return ""
}

func (k *kit) declares(capability string) bool {
	return slices.Contains(k.meta.GetCapabilities(), capability)
}

// configure sends settings and turns both kinds of failure into an error.
func (k *kit) configure(ctx context.Context, settings map[string]string) error {
	resp, err := k.h.Client.Configure(ctx, &deskv1.ConfigureRequest{Settings: settings})
	if err != nil {
		return fmt.Errorf("gRPC error: %w", err)
	}
	if resp.GetError() != nil {
		return fmt.Errorf("desk error: %s", describe(resp.GetError()))
	}
	return nil
}

// restore puts Harness.Settings back after a check changed them. It uses
// its own context: the check's may be the reason the check is ending.
func (k *kit) restore() error {
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	if err := k.configure(ctx, k.h.Settings); err != nil {
		return fmt.Errorf("restore Harness.Settings: %w", err)
	}
	return nil
}

// key returns an idempotency key no earlier check or run has used.
func (k *kit) key() string {
	return "sigsentry-conformance-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.FormatInt(k.keys.Add(1), 10)
}

// skipError is how a check says it does not apply to this harness.
type skipError string

func (e skipError) Error() string { return "skipped: " + string(e) }

// need reports a missing harness field as the reason a check cannot run.
func need(missing bool, field string) error {
	if missing {
		return fmt.Errorf("Harness.%s is required by this check", field)
	}
	return nil
}

// describe prints a desk error the way a plugin author wants to read it.
func describe(e *deskv1.DeskError) string {
	if e == nil {
		return "no desk error"
	}
	s := fmt.Sprintf("%s %q", e.GetKind(), e.GetMessage())
	if e.GetHttpStatus() != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.GetHttpStatus())
	}
	if e.GetRetryAfterMs() != 0 {
		s += fmt.Sprintf(" retry after %d ms", e.GetRetryAfterMs())
	}
	return s
}
