package conformance

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// healthDeadline is how fast CheckHealth must answer: the hub calls it
// often and treats a slow answer as a sick plugin.
const healthDeadline = time.Second

var setupChecks = []check{
	{name: "metadata is complete and speaks protocol v1", run: checkMetadata},
	{name: "configure without settings is a desk error", run: checkConfigureEmpty},
	{name: "configure names the missing setting", run: checkConfigureNamesKey},
	{name: "health answers quickly", run: checkHealth},
}

// checkMetadata: the hub builds its view of the plugin from Metadata, and it
// must agree with what a manifest may say.
func checkMetadata(_ context.Context, k *kit) error {
	md := k.meta
	var errs []error
	asManifest := sdk.Manifest{ID: md.GetId(), Name: md.GetName(), Version: md.GetVersion(),
		ProtocolVersions: []int{int(md.GetProtocolVersion())}, Executable: "plugin"}
	if err := asManifest.Validate(md.GetId()); err != nil {
		errs = append(errs, fmt.Errorf("metadata would not make a valid manifest: %w", err))
	}
	if md.GetProtocolVersion() != sdk.ProtocolVersion {
		errs = append(errs, fmt.Errorf("protocol_version = %d, want %d", md.GetProtocolVersion(), sdk.ProtocolVersion))
	}
	caps := md.GetCapabilities()
	if len(caps) == 0 {
		errs = append(errs, errors.New("capabilities is empty: the hub would make no call"))
	}
	sorted := slices.Sorted(slices.Values(caps))
	if len(slices.Compact(sorted)) != len(caps) || slices.Contains(caps, "") {
		errs = append(errs, fmt.Errorf("capabilities %q hold duplicates or empty names", caps))
	}
	return errors.Join(errs...)
}

// checkConfigureEmpty: a plugin started without its settings must say so as
// data, so that the hub can tell the operator which platform is misconfigured.
func checkConfigureEmpty(ctx context.Context, k *kit) (err error) {
	if len(k.h.Settings) == 0 {
		return skipError("Harness.Settings is empty: the plugin has no setting to miss")
	}
	defer func() { err = errors.Join(err, k.restore()) }()
	resp, rpcErr := k.h.Client.Configure(ctx, &deskv1.ConfigureRequest{Settings: map[string]string{}})
	switch {
	case rpcErr != nil:
		return fmt.Errorf("Configure with no settings returned a gRPC error (%w); want ConfigureResponse.error, a DeskError", rpcErr)
	case resp.GetError() == nil:
		return errors.New("Configure with no settings succeeded; want a DeskError INVALID naming a required setting")
	case resp.GetError().GetKind() != deskv1.DeskError_INVALID:
		return fmt.Errorf("Configure with no settings: %s; want kind INVALID", describe(resp.GetError()))
	}
	return nil
}

// checkConfigureNamesKey: whenever dropping one setting makes Configure
// fail, the error must name that setting, in words the operator can act on.
func checkConfigureNamesKey(ctx context.Context, k *kit) (err error) {
	defer func() { err = errors.Join(err, k.restore()) }()
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(k.h.Settings)) {
		settings := maps.Clone(k.h.Settings)
		delete(settings, key)
		resp, rpcErr := k.h.Client.Configure(ctx, &deskv1.ConfigureRequest{Settings: settings})
		switch derr := resp.GetError(); {
		case rpcErr != nil:
			errs = append(errs, fmt.Errorf("without %q: gRPC error %w; want a DeskError", key, rpcErr))
		case derr == nil:
			// An optional setting.
		case derr.GetKind() != deskv1.DeskError_INVALID:
			errs = append(errs, fmt.Errorf("without %q: %s; want kind INVALID", key, describe(derr)))
		case !strings.Contains(derr.GetMessage(), key):
			errs = append(errs, fmt.Errorf("without %q: message %q does not name the setting", key, derr.GetMessage()))
		}
	}
	return errors.Join(errs...)
}

// checkHealth: a configured plugin is healthy, and says so without waiting
// on the desk.
func checkHealth(ctx context.Context, k *kit) error {
	start := time.Now()
	resp, err := k.h.Client.CheckHealth(ctx, &deskv1.CheckHealthRequest{})
	took := time.Since(start)
	switch {
	case err != nil:
		return fmt.Errorf("CheckHealth: gRPC error %w", err)
	case !resp.GetOk():
		return fmt.Errorf("CheckHealth after Configure: not ok (%q)", resp.GetMessage())
	case took > healthDeadline:
		return fmt.Errorf("CheckHealth took %v; want under %v", took, healthDeadline)
	}
	return nil
}
