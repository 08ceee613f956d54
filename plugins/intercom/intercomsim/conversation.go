package intercomsim

import (
	"errors"
	"fmt"
	"time"
)

// Contact is the customer of a conversation.
type Contact struct {
	ID         string // Intercom's 24-hex-digit contact id; default: generated
	ExternalID string // the id the workspace gave the user, if any
	Name       string
	Email      string
	Role       string // "user" (default) or "lead"
}

// Message opens a conversation.
type Message struct {
	Contact Contact
	Subject string
	// Body is what the contact (or admin) wrote: plain text, stored as <p>…</p> the way the
	// Messenger stores it, or HTML, stored as given.
	Body string
	// AdminID, when set, makes this an admin-initiated conversation
	// (conversation.admin.single.created) with Contact as the recipient.
	AdminID   string
	CreatedAt time.Time // default: now
}

// NewPart is a conversation part written by someone in Intercom's UI or Messenger (parts
// written through the REST API come from the client under test).
type NewPart struct {
	PartType   string // "comment", "note", "close", "open", "assignment", …
	AuthorType string // "user", "lead", "admin" or "bot"
	AuthorID   string // admin id for admin/bot; default: the contact, the first admin or the bot
	Body       string // plain text or HTML; empty for events such as close
}

// ErrUnknownConversation is returned for a conversation id the Sim does not have.
var ErrUnknownConversation = errors.New("intercomsim: unknown conversation")

type author struct {
	Type, ID, Name, Email string
}

type conversation struct {
	id, workspaceID   string
	createdAt         int64
	updatedAt         int64
	sourceID          string
	deliveredAs       string
	subject, body     string // body as HTML
	sourceAuthor      author
	contact           Contact
	parts             []*part
	attrs             map[string]any
	state             string // open, closed or snoozed
	read              bool
	title             *string
	waitingSince      *int64
	firstContactReply *int64
	deleted           bool
}

type part struct {
	id, partType   string
	body           *string // HTML; nil for events without text
	createdAt      int64
	author         author
	appPackageCode string // set when created through the REST API
	eventDetails   any
	state          string // the conversation's state after this part
}

// AddConversation opens a conversation in a workspace and returns its id. With
// Options.WebhookURL set it also delivers conversation.user.created (or
// conversation.admin.single.created).
func (s *Sim) AddConversation(workspaceID string, m Message) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.workspaceLocked(workspaceID)
	if err != nil {
		return "", err
	}
	c := m.Contact
	if c.ID == "" {
		c.ID = fmt.Sprintf("6762f1261bb69f9f2%07s", s.nextID())
	}
	if c.Role == "" {
		c.Role = "user"
	}
	created := m.CreatedAt.Unix()
	if m.CreatedAt.IsZero() {
		created = s.now()
	}
	conv := &conversation{
		id: s.nextID(), workspaceID: w.ID, createdAt: created, updatedAt: created,
		sourceID: "4039" + s.nextID(), subject: m.Subject, body: toHTML(m.Body),
		contact: c, attrs: map[string]any{}, state: "open",
	}
	topic := TopicUserCreated
	if m.AdminID != "" {
		a, ok := w.admin(m.AdminID)
		if !ok {
			return "", fmt.Errorf("intercomsim: admin %q is not in workspace %q", m.AdminID, w.ID)
		}
		conv.deliveredAs, conv.sourceAuthor = "admin_initiated", adminAuthor(a)
		topic = TopicAdminSingleCreated
	} else {
		conv.deliveredAs = "customer_initiated"
		conv.sourceAuthor = author{Type: c.Role, ID: c.ID, Name: c.Name, Email: c.Email}
		conv.waitingSince, conv.firstContactReply = &created, &created
	}
	s.conversations[conv.id] = conv
	s.logf("conversation %s opened in workspace %s by %s %s", conv.id, w.ID, conv.sourceAuthor.Type, conv.sourceAuthor.ID)
	s.emitLocked(topic, conv, nil)
	return conv.id, nil
}

// ContactReply adds a reply of the conversation's contact, as if typed in the Messenger, and
// returns the part id. It delivers conversation.user.replied when webhooks are automatic.
func (s *Sim) ContactReply(conversationID, body string) (string, error) {
	return s.AddPart(conversationID, NewPart{PartType: "comment", AuthorType: "user", Body: body})
}

// AddPart adds a part written in Intercom's UI or Messenger and returns its id. A contact's
// comment on a closed conversation reopens it and is stored with part_type "open", as in the
// 2.16 reply example.
func (s *Sim) AddPart(conversationID string, p NewPart) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	conv, w, err := s.conversationLocked(conversationID)
	if err != nil {
		return "", err
	}
	var a author
	switch p.AuthorType {
	case "user", "lead", "contact":
		a = author{Type: conv.contact.Role, ID: conv.contact.ID, Name: conv.contact.Name, Email: conv.contact.Email}
	case "admin":
		id := p.AuthorID
		if id == "" {
			id = w.Admins[0].ID
		}
		adm, ok := w.admin(id)
		if !ok {
			return "", fmt.Errorf("intercomsim: admin %q is not in workspace %q", id, w.ID)
		}
		a = adminAuthor(adm)
	case "bot":
		a = w.botAuthor()
	default:
		return "", fmt.Errorf("intercomsim: author type %q is not user, lead, admin or bot", p.AuthorType)
	}
	pt := p.PartType
	if pt == "" {
		pt = "comment"
	}
	np := s.appendPartLocked(conv, pt, p.Body, a, "")
	s.emitLocked(topicForPart(np), conv, np)
	if np.author.Type == "bot" && np.partType == "comment" {
		// Bot replies have been seen on both topics (FACTS §3.2, ASKS 9).
		s.emitLocked(TopicOperatorReplied, conv, np)
	}
	return np.id, nil
}

// appendPartLocked stores a part and updates the conversation's state the way Intercom does.
func (s *Sim) appendPartLocked(conv *conversation, partType, body string, a author, pkg string) *part {
	now := s.now()
	isContact := a.Type == "user" || a.Type == "lead"
	switch {
	case partType == "close":
		conv.state = "closed"
	case partType == "open", isContact && conv.state == "closed":
		conv.state, partType = "open", "open"
	}
	p := &part{id: s.nextID(), partType: partType, createdAt: now, author: a, appPackageCode: pkg, state: conv.state}
	if body != "" {
		h := toHTML(body)
		p.body = &h
	}
	switch {
	case isContact:
		conv.waitingSince = &now
	case partType == "comment":
		conv.waitingSince = nil
	}
	conv.parts = append(conv.parts, p)
	conv.updatedAt = now
	s.logf("conversation %s: %s part %s by %s %s", conv.id, partType, p.id, a.Type, a.ID)
	return p
}

// DeleteConversation removes a conversation; from then on the REST API answers 404 for it.
func (s *Sim) DeleteConversation(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	conv, _, err := s.conversationLocked(id)
	if err != nil {
		return err
	}
	conv.deleted = true
	return nil
}

// conversationLocked returns a live conversation and its workspace. Callers hold s.mu.
func (s *Sim) conversationLocked(id string) (*conversation, *workspace, error) {
	conv, ok := s.conversations[id]
	if !ok || conv.deleted {
		return nil, nil, fmt.Errorf("%w %q", ErrUnknownConversation, id)
	}
	return conv, s.workspaces[conv.workspaceID], nil
}

func adminAuthor(a Admin) author {
	return author{Type: "admin", ID: a.ID, Name: a.Name, Email: a.Email}
}

// botAuthor is the workspace's Fin/Operator identity, the author of the
// conversation_attribute_updated_by_admin parts in the 2.16 update example.
func (w *workspace) botAuthor() author {
	return author{Type: "bot", ID: w.botID, Name: "Fin", Email: "operator+" + w.ID + "@intercom.io"}
}
