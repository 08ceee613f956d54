package intercomsim

import (
	"context"
	"fmt"
	"net/http"
)

// Uninstall plays an admin uninstalling the app from a workspace: the app's tokens for that
// workspace stop working, and Intercom POSTs {"app_id": "<workspace id>"} to the uninstall
// URL, signed with X-Body-Signature (FACTS §2; the signing is from an Intercom staff answer).
// No answer body is expected. It returns the endpoint's status. An empty url means
// Options.UninstallURL; if that is empty too, only the tokens are revoked.
func (s *Sim) Uninstall(ctx context.Context, url, workspaceID string) (int, error) {
	s.mu.Lock()
	if _, err := s.workspaceLocked(workspaceID); err != nil {
		s.mu.Unlock()
		return 0, err
	}
	s.revokeWorkspaceLocked(workspaceID)
	s.mu.Unlock()
	if url == "" {
		url = s.opts.UninstallURL
	}
	if url == "" {
		return 0, nil
	}
	body, err := marshal(map[string]string{"app_id": workspaceID})
	if err != nil {
		return 0, fmt.Errorf("intercomsim: encode uninstall notification: %w", err)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Body-Signature", BodySignature(s.opts.ClientSecret, body))
	status, err := s.send(ctx, http.MethodPost, url, body, h, nil)
	s.logf("uninstall notification for workspace %s to %s: status %d %s", workspaceID, url, status, errText(err))
	return status, err
}
