package testdesk

import (
	"context"
	"net/http"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// scopes are the OAuth scopes testdesk asks for.
var scopes = []string{"conversations:read", "conversations:write"}

// authStyleInParams is golang.org/x/oauth2's AuthStyleInParams: the desk
// wants client_id and client_secret in the token request's body.
const authStyleInParams = 1

// OAuthConfig hands the hub the desk's OAuth endpoints; the hub runs the
// browser round trip and the code exchange itself.
func (d *Desk) OAuthConfig(context.Context, *deskv1.OAuthConfigRequest) (*deskv1.OAuthConfigResponse, error) {
	c, derr := d.settings()
	if derr != nil {
		return &deskv1.OAuthConfigResponse{Error: derr}, nil
	}
	return &deskv1.OAuthConfigResponse{
		ClientId:     c.clientID,
		ClientSecret: c.clientSecret,
		AuthUrl:      c.apiBase + "/oauth/authorize",
		TokenUrl:     c.apiBase + "/oauth/token",
		Scopes:       scopes,
		AuthStyle:    authStyleInParams,
	}, nil
}

// me is the desk's answer to GET /me: who the token belongs to.
type me struct {
	Workspace struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"workspace"`
	Admin struct {
		ID string `json:"id"`
	} `json:"admin"`
	Region string `json:"region"`
}

// CompleteInstall asks the desk whose token the hub just obtained. The test
// desk accepts any conversation attribute, so there is nothing to create.
func (d *Desk) CompleteInstall(ctx context.Context, req *deskv1.CompleteInstallRequest) (*deskv1.CompleteInstallResponse, error) {
	c, derr := d.settings()
	if derr != nil {
		return &deskv1.CompleteInstallResponse{Error: derr}, nil
	}
	if req.GetAccessToken() == "" {
		return &deskv1.CompleteInstallResponse{Error: sdk.Invalid("access token is empty")}, nil
	}
	var who me
	if derr := d.call(ctx, c, apiRequest{method: http.MethodGet, path: "/me", token: req.GetAccessToken()}, &who); derr != nil {
		return &deskv1.CompleteInstallResponse{Error: derr}, nil
	}
	if who.Workspace.ID == "" {
		return &deskv1.CompleteInstallResponse{Error: sdk.Permanent(http.StatusOK, "GET /me named no workspace")}, nil
	}
	return &deskv1.CompleteInstallResponse{
		WorkspaceId:   who.Workspace.ID,
		WorkspaceName: who.Workspace.Name,
		Desk:          map[string]string{"admin_id": who.Admin.ID, "region": who.Region},
	}, nil
}

// Disconnect revokes the binding's token. A token the desk already refuses
// counts as revoked, so that an uninstall the desk announced first, or a
// retried Disconnect, still succeeds.
func (d *Desk) Disconnect(ctx context.Context, req *deskv1.DisconnectRequest) (*deskv1.DisconnectResponse, error) {
	c, derr := d.settings()
	if derr != nil {
		return &deskv1.DisconnectResponse{Error: derr}, nil
	}
	derr = d.call(ctx, c, apiRequest{method: http.MethodPost, path: "/revoke", token: req.GetCredentials().GetAccessToken()}, nil)
	if isKind(derr, deskv1.DeskError_UNAUTHORIZED) {
		derr = nil
	}
	return &deskv1.DisconnectResponse{Error: derr}, nil
}
