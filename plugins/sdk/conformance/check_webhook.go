package conformance

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

var webhookChecks = []check{
	{name: "webhook with a tampered body is refused", needs: []string{sdk.CapWebhooks}, run: checkTamperedBody},
	{name: "webhook signed with another secret is refused", needs: []string{sdk.CapWebhooks}, run: checkWrongSecret},
	{name: "webhook without headers is refused", needs: []string{sdk.CapWebhooks}, run: checkMissingSignature},
	{name: "signed webhook yields events with delivery ids", needs: []string{sdk.CapWebhooks}, run: checkSignedWebhook},
}

// signed fetches the harness's signed delivery.
func (k *kit) signed() ([]byte, map[string]string, error) {
	if err := need(k.h.SignedWebhook == nil, "SignedWebhook"); err != nil {
		return nil, nil, err
	}
	body, headers := k.h.SignedWebhook()
	return body, headers, nil
}

// wantRefused: a delivery that fails verification is INVALID data and
// carries no event, whatever else the plugin could read from it. It must
// not be called malformed (http_status 400, sdk.Malformed): the hub shows a
// malformed delivery's reason to its sender and logs it, which a forger
// must not get.
func (k *kit) wantRefused(ctx context.Context, what string, body []byte, headers map[string]string) error {
	resp, err := k.h.Client.HandleWebhook(ctx, &deskv1.HandleWebhookRequest{Body: body, Headers: headers, Endpoint: "events"})
	switch {
	case err != nil:
		return fmt.Errorf("%s: gRPC error %w; want a DeskError INVALID", what, err)
	case len(resp.GetEvents()) > 0:
		return fmt.Errorf("%s: %d event(s) passed; want none", what, len(resp.GetEvents()))
	case resp.GetError().GetKind() != deskv1.DeskError_INVALID:
		return fmt.Errorf("%s: %s; want kind INVALID", what, describe(resp.GetError()))
	case resp.GetError().GetHttpStatus() == 400:
		return fmt.Errorf("%s: %s; a delivery that does not verify is sdk.BadSignature, not sdk.Malformed", what, describe(resp.GetError()))
	}
	return nil
}

// checkTamperedBody: the signature covers the exact raw bytes, so one byte
// more (or one changed) must fail verification.
func checkTamperedBody(ctx context.Context, k *kit) error {
	body, headers, err := k.signed()
	if err != nil {
		return err
	}
	if len(body) == 0 {
		return errors.New("Harness.SignedWebhook returned an empty body")
	}
	appended := append(slices.Clone(body), ' ')
	flipped := slices.Clone(body)
	flipped[len(flipped)/2] ^= 0x01
	return errors.Join(
		k.wantRefused(ctx, "body with a byte appended", appended, headers),
		k.wantRefused(ctx, "body with a bit flipped", flipped, headers),
	)
}

// checkWrongSecret: a delivery signed for someone else's app is refused.
// The kit changes the secret rather than the signature, so that it needs to
// know nothing about the desk's signing scheme.
func checkWrongSecret(ctx context.Context, k *kit) (err error) {
	if k.h.SecretSetting == "" {
		return skipError("Harness.SecretSetting is not set")
	}
	if _, ok := k.h.Settings[k.h.SecretSetting]; !ok {
		return fmt.Errorf("Harness.SecretSetting %q is not among Harness.Settings", k.h.SecretSetting)
	}
	body, headers, err := k.signed()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, k.restore()) }()
	other := maps.Clone(k.h.Settings)
	other[k.h.SecretSetting] = "sigsentry-conformance-other-" + other[k.h.SecretSetting]
	if err := k.configure(ctx, other); err != nil {
		return fmt.Errorf("configure with another %s: %w", k.h.SecretSetting, err)
	}
	return k.wantRefused(ctx, "delivery signed with the previous secret", body, headers)
}

// checkMissingSignature: a delivery stripped of its headers (and so of its
// signature) is refused, not trusted.
func checkMissingSignature(ctx context.Context, k *kit) error {
	body, _, err := k.signed()
	if err != nil {
		return err
	}
	return k.wantRefused(ctx, "delivery without headers", body, map[string]string{})
}

// checkSignedWebhook: a genuine delivery yields well-formed events whose
// delivery ids do not change when the desk delivers it again, since the hub
// de-duplicates on them.
func checkSignedWebhook(ctx context.Context, k *kit) error {
	body, headers, err := k.signed()
	if err != nil {
		return err
	}
	var ids [2][]string
	for i := range ids {
		resp, err := k.h.Client.HandleWebhook(ctx, &deskv1.HandleWebhookRequest{Body: body, Headers: headers, Endpoint: "events"})
		switch {
		case err != nil:
			return fmt.Errorf("HandleWebhook: gRPC error %w", err)
		case resp.GetError() != nil:
			return fmt.Errorf("HandleWebhook of Harness.SignedWebhook: %s", describe(resp.GetError()))
		case len(resp.GetEvents()) == 0:
			return errors.New("HandleWebhook of Harness.SignedWebhook: no events; want at least one")
		case resp.GetWorkspaceId() == "":
			return errors.New("HandleWebhook: workspace_id is empty; the hub routes deliveries by it")
		}
		for j, ev := range resp.GetEvents() {
			if ev.GetDeliveryId() == "" || ev.GetWorkspaceId() == "" || ev.GetKind() == deskv1.Event_KIND_UNSPECIFIED {
				return fmt.Errorf("event %d = {%v}; want delivery_id, workspace_id and kind set", j, ev)
			}
			ids[i] = append(ids[i], ev.GetDeliveryId())
		}
	}
	if !slices.Equal(ids[0], ids[1]) {
		return fmt.Errorf("the same delivery twice gave delivery ids %q then %q; want them stable", ids[0], ids[1])
	}
	return nil
}
