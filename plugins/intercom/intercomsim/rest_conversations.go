package intercomsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
)

// maxParts is the retrieve limit: "The maximum number of conversation parts that can be
// returned via the API is 500 … we will return the 500 most recent" (2.16 retrieveConversation).
const maxParts = 500

// handleRetrieve is GET /conversations/{conversation_id}.
func (s *Sim) handleRetrieve(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	conv, err := s.ownConversationLocked(c, c.params["conversation_id"])
	if err != nil {
		return nil, err
	}
	return s.renderREST(c, conv), nil
}

// renderREST renders a conversation as the REST API returns it, honouring display_as.
func (s *Sim) renderREST(c *call, conv *conversation) conversationJSON {
	parts := conv.parts
	if len(parts) > maxParts {
		parts = parts[len(parts)-maxParts:]
	}
	return conv.render(parts, c.r.URL.Query().Get("display_as") == "plaintext")
}

// ownConversationLocked finds a conversation of the caller's workspace. Another workspace's
// conversation is as absent as a deleted one: 404.
func (s *Sim) ownConversationLocked(c *call, id string) (*conversation, *apiError) {
	conv, ok := s.conversations[id]
	if !ok || conv.deleted || conv.workspaceID != c.tok.workspaceID {
		return nil, errNotFound()
	}
	return conv, nil
}

type updateRequest struct {
	Read             *bool          `json:"read"`
	Title            *string        `json:"title"`
	CustomAttributes map[string]any `json:"custom_attributes"`
}

// handleUpdate is PUT /conversations/{conversation_id}. Every custom attribute must be defined
// in the workspace (intercom-node#349: "Conversation attribute 'x' does not exist"), and since
// 2.7–2.16 a name defined twice (not archived) is refused (FACTS §4.4). Each change adds a
// conversation_attribute_updated_by_admin part, as in the 2.16 example.
func (s *Sim) handleUpdate(c *call) (any, *apiError) {
	var in updateRequest
	if err := decodeJSON(c.body, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	conv, e := s.ownConversationLocked(c, c.params["conversation_id"])
	if e != nil {
		return nil, e
	}
	w := s.workspaces[conv.workspaceID]
	names := make([]string, 0, len(in.CustomAttributes))
	for name := range in.CustomAttributes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch n := w.liveAttributes(name); {
		case n == 0:
			return nil, errorf(http.StatusBadRequest, codeParameterInvalid, "Conversation attribute '%s' does not exist", name)
		case n > 1:
			return nil, errorf(http.StatusBadRequest, codeParameterInvalid,
				"Multiple conversation attributes named '%s' exist; rename or archive the duplicates", name)
		}
	}
	if in.Read != nil {
		conv.read = *in.Read
	}
	if in.Title != nil {
		conv.title = in.Title
	}
	for _, name := range names {
		v := in.CustomAttributes[name]
		conv.attrs[name] = v
		p := s.appendPartLocked(conv, "conversation_attribute_updated_by_admin", "", w.botAuthor(), s.opts.AppPackageCode)
		p.eventDetails = map[string]any{"attribute": map[string]any{"name": name}, "value": map[string]any{"name": fmt.Sprint(v)}}
	}
	return s.renderREST(c, conv), nil
}

type replyRequest struct {
	MessageType    string `json:"message_type"`
	Type           string `json:"type"`
	AdminID        flexID `json:"admin_id"`
	Body           string `json:"body"`
	CreatedAt      int64  `json:"created_at"`
	ReplyOptions   []any  `json:"reply_options"`
	IntercomUserID string `json:"intercom_user_id"`
	Email          string `json:"email"`
	UserID         string `json:"user_id"`
}

// handleReply is POST /conversations/{conversation_id}/reply: a comment, note or quick reply
// by an admin, or a comment on behalf of the contact. The part is stored with
// app_package_code set, and the webhook it triggers (admin.noted, admin.replied,
// user.replied) goes out like any other: apps must recognise their own echoes (FACTS §3.2).
func (s *Sim) handleReply(c *call) (any, *apiError) {
	var in replyRequest
	if err := decodeJSON(c.body, &in); err != nil {
		return nil, err
	}
	if (in.MessageType == "comment" || in.MessageType == "note") && in.Body == "" {
		c.extra = append(c.extra, "body /body: must be present for comment and note message types (2.16 admin_reply_conversation_request)")
		return nil, errorf(http.StatusBadRequest, codeParameterMissing, "Body is required")
	}
	if in.MessageType == "quick_reply" && len(in.ReplyOptions) == 0 {
		c.extra = append(c.extra, "body /reply_options: required for quick_reply (2.16 admin_reply_conversation_request)")
		return nil, errorf(http.StatusBadRequest, codeParameterMissing, "reply_options are required for quick_reply")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := c.params["conversation_id"]
	if id == "last" && in.Type == "user" {
		id = s.lastConversationLocked(c.tok.workspaceID, in)
	}
	conv, e := s.ownConversationLocked(c, id)
	if e != nil {
		return nil, e
	}
	w := s.workspaces[conv.workspaceID]
	var a author
	topic := TopicUserReplied
	if in.Type == "admin" {
		adm, ok := w.admin(string(in.AdminID))
		if !ok {
			return nil, errorf(http.StatusBadRequest, codeParameterInvalid, "Admin not found: admin_id '%s' is not a teammate of this workspace", in.AdminID)
		}
		a = adminAuthor(adm)
		topic = TopicAdminReplied
		if in.MessageType == "note" {
			topic = TopicAdminNoted
		}
	} else {
		if !conv.contact.is(in.IntercomUserID, in.Email, in.UserID) {
			return nil, errNotFound()
		}
		a = author{Type: conv.contact.Role, ID: conv.contact.ID, Name: conv.contact.Name, Email: conv.contact.Email}
	}
	p := s.appendPartLocked(conv, in.MessageType, in.Body, a, s.opts.AppPackageCode)
	if in.CreatedAt > 0 {
		p.createdAt = in.CreatedAt
	}
	s.emitLocked(topic, conv, p)
	return s.renderREST(c, conv), nil
}

// flexID is an id sent as a JSON string or number: admin_id is a string in the 2.16 schema
// and an integer in its example (spec quirk 2).
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("id is neither a string nor a number: %w", err)
	}
	*f = flexID(n.String())
	return nil
}

// is reports whether any of the identifiers of a contact reply names this contact.
func (ct Contact) is(intercomUserID, email, userID string) bool {
	return (intercomUserID != "" && intercomUserID == ct.ID) ||
		(email != "" && email == ct.Email) ||
		(userID != "" && userID == ct.ExternalID)
}

// lastConversationLocked resolves "last" for a contact reply: the contact's newest
// conversation in the workspace, or "" when there is none.
func (s *Sim) lastConversationLocked(workspaceID string, in replyRequest) string {
	var best *conversation
	for _, conv := range s.conversations {
		if conv.workspaceID == workspaceID && !conv.deleted && conv.contact.is(in.IntercomUserID, in.Email, in.UserID) &&
			(best == nil || conv.createdAt > best.createdAt || conv.createdAt == best.createdAt && conv.id > best.id) {
			best = conv
		}
	}
	if best == nil {
		return ""
	}
	return best.id
}

// decodeJSON decodes a request body already validated against the description; numbers stay
// json.Number so integers round-trip as integers.
func decodeJSON(body []byte, v any) *apiError {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return errorf(http.StatusBadRequest, codeParameterInvalid, "invalid JSON body: %v", err)
	}
	return nil
}
