package intercomdesk

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// replyAnswer is the part of the conversation POST /reply returns that we
// read: the new part is the last one.
type replyAnswer struct {
	ConversationParts struct {
		Parts []part `json:"conversation_parts"`
	} `json:"conversation_parts"`
}

// Post writes a note (internal) or a comment (public) as the installing
// admin (FACTS §4.1). Intercom has no idempotency key, so on a retry the
// conversation is searched first for the same text by the same admin: a
// post that reached Intercom before a crash is not made twice.
func (d *Desk) Post(ctx context.Context, req *deskv1.PostRequest) (*deskv1.PostResponse, error) {
	s := d.current()
	c := req.GetCredentials()
	adminID := c.GetDesk()["admin_id"]
	if adminID == "" {
		return &deskv1.PostResponse{Error: sdk.Unauthorized(0, "binding has no installing admin; reinstall the app")}, nil
	}
	msgType := "note"
	if req.Visibility == deskv1.PostRequest_PUBLIC {
		msgType = "comment"
	}
	base := s.apiBaseFor(c.GetDesk()) + "/conversations/" + url.PathEscape(req.ConversationId)
	body := toHTML(req.Body)
	if req.Attempt > 1 {
		if id, derr := d.findPosted(ctx, base, c.GetAccessToken(), adminID, body); derr != nil {
			return &deskv1.PostResponse{Error: derr}, nil
		} else if id != "" {
			return &deskv1.PostResponse{MessageId: id}, nil
		}
	}
	var ans replyAnswer
	derr := d.call(ctx, http.MethodPost, base+"/reply", c.GetAccessToken(), map[string]any{
		"message_type": msgType, "type": "admin", "admin_id": adminID, "body": body,
	}, &ans)
	if derr != nil {
		return &deskv1.PostResponse{Error: derr}, nil
	}
	id := ""
	if n := len(ans.ConversationParts.Parts); n > 0 {
		id = string(ans.ConversationParts.Parts[n-1].ID)
	}
	return &deskv1.PostResponse{MessageId: id}, nil
}

// findPosted looks for a part by admin with the same body in the
// conversation's most recent parts.
func (d *Desk) findPosted(ctx context.Context, base, token, adminID, body string) (string, *deskv1.DeskError) {
	var conv replyAnswer
	if derr := d.call(ctx, http.MethodGet, base, token, nil, &conv); derr != nil {
		return "", derr
	}
	want := plainText(body)
	for _, p := range conv.ConversationParts.Parts {
		if string(p.Author.ID) == adminID && plainText(p.Body) == want {
			return string(p.ID), nil
		}
	}
	return "", nil
}

// SetAttributes writes conversation custom attributes (FACTS §4.4). A PUT
// with the same values is harmless, so retries need no search.
func (d *Desk) SetAttributes(ctx context.Context, req *deskv1.SetAttributesRequest) (*deskv1.SetAttributesResponse, error) {
	s := d.current()
	c := req.GetCredentials()
	attrs := make(map[string]any, len(req.Attributes))
	for k, v := range req.Attributes {
		attrs[k] = v
	}
	derr := d.call(ctx, http.MethodPut, s.apiBaseFor(c.GetDesk())+"/conversations/"+url.PathEscape(req.ConversationId),
		c.GetAccessToken(), map[string]any{"custom_attributes": attrs}, nil)
	return &deskv1.SetAttributesResponse{Error: derr}, nil
}

// toHTML renders the hub's plain text (paragraphs separated by blank lines,
// lines by newlines) as the simple HTML notes accept.
func toHTML(text string) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>")
			}
			b.WriteString(linkify(escape(line)))
		}
		b.WriteString("</p>")
	}
	return b.String()
}

var urlPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// linkify makes the dashboard links in a note clickable.
func linkify(escaped string) string {
	return urlPattern.ReplaceAllString(escaped, `<a href="$0">$0</a>`)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func escape(s string) string { return escaper.Replace(s) }
