package conformance

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// refusedToken is a token no fake desk has issued.
const refusedToken = "sigsentry-conformance-refused-token"

var installChecks = []check{
	{name: "oauth config has absolute endpoints", needs: []string{sdk.CapOAuth}, run: checkOAuthConfig},
	{name: "complete install finds the token's workspace", needs: []string{sdk.CapOAuth}, run: checkCompleteInstall},
}

// checkOAuthConfig: the hub hands these straight to golang.org/x/oauth2,
// which needs absolute URLs and a client id.
func checkOAuthConfig(ctx context.Context, k *kit) error {
	resp, err := k.h.Client.OAuthConfig(ctx, &deskv1.OAuthConfigRequest{RedirectUrl: "https://hub.example/oauth/callback"})
	if err != nil {
		return fmt.Errorf("OAuthConfig: gRPC error %w", err)
	}
	if resp.GetError() != nil {
		return fmt.Errorf("OAuthConfig: %s", describe(resp.GetError()))
	}
	var errs []error
	for name, raw := range map[string]string{"auth_url": resp.GetAuthUrl(), "token_url": resp.GetTokenUrl()} {
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("%s %q is not an absolute http(s) URL", name, raw))
		}
	}
	if resp.GetClientId() == "" {
		errs = append(errs, errors.New("client_id is empty"))
	}
	if s := resp.GetAuthStyle(); s < 0 || s > 2 {
		errs = append(errs, fmt.Errorf("auth_style %d: want 0, 1 or 2 (oauth2.AuthStyle)", s))
	}
	return errors.Join(errs...)
}

// checkCompleteInstall: the installed workspace's token leads back to its
// workspace, and a token the desk refuses means a reinstall, not a retry.
func checkCompleteInstall(ctx context.Context, k *kit) error {
	if err := need(k.h.Credentials == nil, "Credentials"); err != nil {
		return err
	}
	resp, err := k.h.Client.CompleteInstall(ctx, &deskv1.CompleteInstallRequest{AccessToken: k.h.Credentials.GetAccessToken()})
	switch {
	case err != nil:
		return fmt.Errorf("CompleteInstall: gRPC error %w", err)
	case resp.GetError() != nil:
		return fmt.Errorf("CompleteInstall with Harness.Credentials: %s", describe(resp.GetError()))
	case resp.GetWorkspaceId() != k.h.Credentials.GetWorkspaceId():
		return fmt.Errorf("CompleteInstall: workspace %q, want Harness.Credentials' %q", resp.GetWorkspaceId(), k.h.Credentials.GetWorkspaceId())
	}
	bad, err := k.h.Client.CompleteInstall(ctx, &deskv1.CompleteInstallRequest{AccessToken: refusedToken})
	switch {
	case err != nil:
		return fmt.Errorf("CompleteInstall with a refused token: gRPC error %w", err)
	case bad.GetError().GetKind() != deskv1.DeskError_UNAUTHORIZED:
		return fmt.Errorf("CompleteInstall with a token the desk refuses: %s; want UNAUTHORIZED", describe(bad.GetError()))
	}
	return nil
}
