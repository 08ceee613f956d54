package pluginhost

import (
	"context"
	"fmt"

	"golang.org/x/oauth2"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// RedirectURL is where the desk sends the admin back after an install:
// the hub's GET /oauth/{platform}/callback.
func (h *Host) RedirectURL(platform string) string {
	return h.opts.PublicURL + "/oauth/" + platform + "/callback"
}

// OAuth2Config returns the OAuth client for installs into platform, built
// from what the plugin's OAuthConfig answers. The hub owns the browser round
// trip with it: AuthorizeURL makes the link, and the callback handler
// exchanges the code with the same config.
func (h *Host) OAuth2Config(ctx context.Context, platform string) (*oauth2.Config, error) {
	desk, m, err := h.Desk(platform)
	if err != nil {
		return nil, err
	}
	if !m.Has(sdk.CapOAuth) {
		return nil, core.Invalid("platform", "platform %q does not support installing through OAuth", platform)
	}
	redirect := h.RedirectURL(platform)
	resp, err := desk.OAuthConfig(ctx, &deskv1.OAuthConfigRequest{RedirectUrl: redirect})
	if err != nil {
		return nil, fmt.Errorf("oauth config of %s: %w", platform, err)
	}
	if e := resp.GetError(); e != nil {
		return nil, deskFailure(platform, "OAuthConfig", e)
	}
	return &oauth2.Config{
		ClientID:     resp.GetClientId(),
		ClientSecret: resp.GetClientSecret(),
		Endpoint: oauth2.Endpoint{
			AuthURL:   resp.GetAuthUrl(),
			TokenURL:  resp.GetTokenUrl(),
			AuthStyle: oauth2.AuthStyle(resp.GetAuthStyle()),
		},
		RedirectURL: redirect,
		Scopes:      resp.GetScopes(),
	}, nil
}

// AuthorizeURL implements binding.Desk: the desk page where an admin
// approves the install of binding b, carrying state back to the callback.
func (h *Host) AuthorizeURL(ctx context.Context, b *binding.Binding, state string) (string, error) {
	cfg, err := h.OAuth2Config(ctx, b.Platform)
	if err != nil {
		return "", err
	}
	if cfg.Endpoint.AuthURL == "" || cfg.ClientID == "" {
		return "", &core.Error{Code: core.ErrUnavailable, Message: fmt.Sprintf(
			"platform %q has no OAuth client configured; set its client id and secret", b.Platform)}
	}
	return cfg.AuthCodeURL(state), nil
}

// Revoke implements binding.Desk: it asks the desk to forget b's token.
// A desk without the disconnect capability has nothing to revoke.
func (h *Host) Revoke(ctx context.Context, b *binding.Binding) error {
	if b.Token == nil || b.Token.AccessToken == "" {
		return nil
	}
	desk, m, err := h.Desk(b.Platform)
	if err != nil {
		return err
	}
	if !m.Has(sdk.CapDisconnect) {
		return nil
	}
	resp, err := desk.Disconnect(ctx, &deskv1.DisconnectRequest{Credentials: &deskv1.Credentials{
		AccessToken: b.Token.AccessToken,
		WorkspaceId: b.WorkspaceID,
		Desk:        b.Desk,
	}})
	if err != nil {
		return fmt.Errorf("revoke token of binding %s: %w", b.ID, err)
	}
	if e := resp.GetError(); e != nil {
		return deskFailure(b.Platform, "Disconnect", e)
	}
	return nil
}
