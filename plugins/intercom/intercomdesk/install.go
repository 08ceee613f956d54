package intercomdesk

import (
	"context"
	"fmt"
	"net/http"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// OAuthConfig gives the hub what golang.org/x/oauth2 needs. Intercom takes
// no scopes in the URL (permissions are ticked in the Developer Hub) and the
// token exchange at /auth/eagle/token takes the client credentials in the
// body (FACTS §2).
func (d *Desk) OAuthConfig(_ context.Context, req *deskv1.OAuthConfigRequest) (*deskv1.OAuthConfigResponse, error) {
	s := d.current()
	if s.clientID == "" || s.clientSecret == "" {
		return &deskv1.OAuthConfigResponse{Error: sdk.Invalid("Intercom is not configured: set INTERCOM_CLIENT_ID and INTERCOM_CLIENT_SECRET")}, nil
	}
	return &deskv1.OAuthConfigResponse{
		ClientId:     s.clientID,
		ClientSecret: s.clientSecret,
		AuthUrl:      s.oauthBase + "/oauth",
		TokenUrl:     s.apiBaseFor(nil) + "/auth/eagle/token",
		AuthStyle:    1, // oauth2.AuthStyleInParams
	}, nil
}

// me is the part of GET /me we use (FACTS §2).
type me struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	App   struct {
		IDCode   string `json:"id_code"`
		Name     string `json:"name"`
		Region   string `json:"region"`
		Timezone string `json:"timezone"`
	} `json:"app"`
}

// CompleteInstall identifies the workspace and the installing admin (who
// authors our notes: Intercom 2.16 has no app author) and creates the
// conversation attributes the hub will write.
func (d *Desk) CompleteInstall(ctx context.Context, req *deskv1.CompleteInstallRequest) (*deskv1.CompleteInstallResponse, error) {
	s := d.current()
	var who me
	if derr := d.call(ctx, http.MethodGet, s.apiBaseFor(nil)+"/me", req.AccessToken, nil, &who); derr != nil {
		return &deskv1.CompleteInstallResponse{Error: derr}, nil
	}
	if who.App.IDCode == "" || who.ID == "" {
		return &deskv1.CompleteInstallResponse{Error: sdk.Permanent(200, "GET /me returned no workspace id or admin id")}, nil
	}
	desk := map[string]string{
		"admin_id": who.ID, "region": who.App.Region, "timezone": who.App.Timezone,
		"api_base": regionalBase(who.App.Region),
	}
	if s.apiBase != "" {
		desk["api_base"] = s.apiBase
	}
	notices := d.ensureAttributes(ctx, desk["api_base"], req.AccessToken, req.Attributes)
	return &deskv1.CompleteInstallResponse{
		WorkspaceId: who.App.IDCode, WorkspaceName: who.App.Name, Desk: desk, Notices: notices,
	}, nil
}

type attributeList struct {
	Data []struct {
		Name     string `json:"name"`
		Archived bool   `json:"archived"`
	} `json:"data"`
}

// ensureAttributes creates the missing conversation attributes through the
// 2.16 Conversation Attributes API (FACTS §4.5). Where that fails (older
// workspaces, missing permission) it says which to create by hand instead of
// failing the install: posting notes works without them.
func (d *Desk) ensureAttributes(ctx context.Context, base, token string, names []string) []string {
	if len(names) == 0 {
		return nil
	}
	var list attributeList
	if derr := d.call(ctx, http.MethodGet, base+"/conversations/attributes", token, nil, &list); derr != nil {
		return []string{manualAttributes(names, derr.Message)}
	}
	have := map[string]bool{}
	for _, a := range list.Data {
		if !a.Archived {
			have[a.Name] = true
		}
	}
	var notices []string
	for _, name := range names {
		if have[name] {
			continue
		}
		body := map[string]any{"name": name, "data_type": "string",
			"description": "Written by SigSentry (triage and analysis results)."}
		if derr := d.call(ctx, http.MethodPost, base+"/conversations/attributes", token, body, nil); derr != nil {
			notices = append(notices, manualAttributes([]string{name}, derr.Message))
		}
	}
	return notices
}

func manualAttributes(names []string, why string) string {
	return fmt.Sprintf("Create the conversation attribute(s) %q as Text in Intercom (Settings → Data → Conversation); SigSentry could not create them: %s", names, why)
}

// Disconnect revokes the workspace's token (FACTS §2 "Revoking access").
func (d *Desk) Disconnect(ctx context.Context, req *deskv1.DisconnectRequest) (*deskv1.DisconnectResponse, error) {
	s := d.current()
	c := req.GetCredentials()
	derr := d.call(ctx, http.MethodPost, s.apiBaseFor(c.GetDesk())+"/auth/uninstall", c.GetAccessToken(), map[string]any{}, nil)
	return &deskv1.DisconnectResponse{Error: derr}, nil
}
