package pluginhost

import (
	"context"
	"fmt"
	"strings"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// CompleteInstall implements binding.Installer: it exchanges the code with
// golang.org/x/oauth2 (the code goes out exactly as received: Intercom's may
// end in "=") and asks the plugin which workspace the token opens.
func (h *Host) CompleteInstall(ctx context.Context, b *binding.Binding, code string, attributes []string) (*binding.Install, error) {
	cfg, err := h.OAuth2Config(ctx, b.Platform)
	if err != nil {
		return nil, err
	}
	tok, err := cfg.Exchange(ctx, code)
	if err != nil {
		// The desk's answer may quote the code; say what happened instead.
		h.opts.Logger.WarnContext(ctx, "OAuth code exchange failed", "platform", b.Platform, "error", redactErr(err, code))
		return nil, &core.Error{Code: core.ErrInvalid, Field: "code", Message: fmt.Sprintf(
			"%s refused the authorization code (it may have been used already or expired); start the install again", b.Platform)}
	}
	desk, _, err := h.Desk(b.Platform)
	if err != nil {
		return nil, err
	}
	resp, err := desk.CompleteInstall(ctx, &deskv1.CompleteInstallRequest{AccessToken: tok.AccessToken, Attributes: attributes})
	if err != nil {
		return nil, fmt.Errorf("complete install on %s: %w", b.Platform, err)
	}
	if e := resp.GetError(); e != nil {
		return nil, deskFailure(b.Platform, "CompleteInstall", e)
	}
	return &binding.Install{
		Token:       binding.Token{AccessToken: tok.AccessToken, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry},
		WorkspaceID: resp.GetWorkspaceId(), WorkspaceName: resp.GetWorkspaceName(), Desk: resp.GetDesk(),
		Notices: resp.GetNotices(),
	}, nil
}

func redactErr(err error, secret string) string {
	s := err.Error()
	if secret != "" {
		s = strings.ReplaceAll(s, secret, "[code]")
	}
	return s
}
