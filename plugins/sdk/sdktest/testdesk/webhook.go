package testdesk

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// SignatureHeader carries a webhook's signature: "sha256=" and the hex
// HMAC-SHA256 of the raw body keyed with the client secret.
const SignatureHeader = "X-Test-Signature"

const signaturePrefix = "sha256="

// Delivery types the test desk sends. An empty type means a new conversation.
const (
	TypeConversationCreated = "conversation.created"
	TypePartCreated         = "conversation.part.created"
	TypeUninstalled         = "app.uninstalled"
	TypePing                = "ping"
)

// Sign returns the SignatureHeader value for body under secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return signaturePrefix + hex.EncodeToString(mac.Sum(nil))
}

// delivery is the body of one webhook call.
type delivery struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	Workspace    string `json:"workspace"`
	Conversation string `json:"conversation"`
	Part         string `json:"part"`
	AuthorKind   string `json:"author_kind"`
	AuthorID     string `json:"author_id"`
	Text         string `json:"text"`
	CreatedAt    int64  `json:"created_at"` // Unix seconds
}

var eventKinds = map[string]deskv1.Event_Kind{
	"":                      deskv1.Event_CONVERSATION_CREATED,
	TypeConversationCreated: deskv1.Event_CONVERSATION_CREATED,
	TypePartCreated:         deskv1.Event_PART_CREATED,
	TypeUninstalled:         deskv1.Event_UNINSTALLED,
}

// HandleWebhook verifies the signature over the exact raw bytes, then turns
// the delivery into at most one event. Pings and types the hub has no use
// for are acknowledged with no events, so the desk does not retry them.
func (d *Desk) HandleWebhook(_ context.Context, req *deskv1.HandleWebhookRequest) (*deskv1.HandleWebhookResponse, error) {
	c, derr := d.settings()
	if derr != nil {
		return &deskv1.HandleWebhookResponse{Error: derr}, nil
	}
	if derr := verify(c.clientSecret, req.GetBody(), req.GetHeaders()); derr != nil {
		return &deskv1.HandleWebhookResponse{Error: derr}, nil
	}
	var dl delivery
	if err := json.Unmarshal(req.GetBody(), &dl); err != nil {
		return &deskv1.HandleWebhookResponse{Error: sdk.Malformed("webhook body is not JSON: %v", err)}, nil
	}
	resp := &deskv1.HandleWebhookResponse{Status: http.StatusOK, WorkspaceId: dl.Workspace}
	kind, known := eventKinds[dl.Type]
	if req.GetEndpoint() == "uninstall" {
		kind, known = deskv1.Event_UNINSTALLED, true
	}
	if !known {
		return resp, nil
	}
	if dl.ID == "" || dl.Workspace == "" || (kind != deskv1.Event_UNINSTALLED && dl.Conversation == "") {
		return &deskv1.HandleWebhookResponse{Error: sdk.Malformed("webhook %q lacks id, workspace or conversation", dl.Type)}, nil
	}
	author := dl.AuthorKind
	if author == "" {
		author = "user"
	}
	resp.Events = []*deskv1.Event{{
		Kind:            kind,
		DeliveryId:      dl.ID,
		WorkspaceId:     dl.Workspace,
		ConversationId:  dl.Conversation,
		PartId:          dl.Part,
		AuthorKind:      author,
		AuthorId:        dl.AuthorID,
		Text:            dl.Text,
		CreatedAtUnixMs: dl.CreatedAt * 1000,
	}}
	return resp, nil
}

// verify checks the body's signature in constant time. The hub passes
// headers as the desk sent them, so the name is matched case-insensitively.
func verify(secret string, body []byte, headers map[string]string) *deskv1.DeskError {
	sig := header(headers, SignatureHeader)
	if sig == "" {
		return sdk.BadSignature("missing %s header", SignatureHeader)
	}
	hexSum, ok := strings.CutPrefix(sig, signaturePrefix)
	if !ok {
		return sdk.BadSignature("%s: want %q and a hex digest", SignatureHeader, signaturePrefix)
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil {
		return sdk.BadSignature("%s is not hex: %v", SignatureHeader, err)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return sdk.BadSignature("%s does not match the body", SignatureHeader)
	}
	return nil
}

// header returns the value of the named header, whatever its case.
func header(headers map[string]string, name string) string {
	if v, ok := headers[name]; ok {
		return v
	}
	for k, v := range headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}
