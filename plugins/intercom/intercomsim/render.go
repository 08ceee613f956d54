package intercomsim

import (
	"html"
	"maps"
	"regexp"
	"strings"
)

// The JSON shapes below follow the 2.16 examples field for field and in the same order
// (examples/api-2.16.conversation.retrieve.response.json); fields Intercom sends as null for
// an ordinary conversation are null here too.

type conversationJSON struct {
	Type                string           `json:"type"`
	ID                  string           `json:"id"`
	CreatedAt           int64            `json:"created_at"`
	UpdatedAt           int64            `json:"updated_at"`
	WaitingSince        *int64           `json:"waiting_since"`
	SnoozedUntil        *int64           `json:"snoozed_until"`
	Source              sourceJSON       `json:"source"`
	Contacts            contactListJSON  `json:"contacts"`
	FirstContactReply   *firstReplyJSON  `json:"first_contact_reply"`
	AdminAssigneeID     int64            `json:"admin_assignee_id"` // 0 when unassigned, per the spec
	TeamAssigneeID      int64            `json:"team_assignee_id"`
	Open                bool             `json:"open"`
	State               string           `json:"state"`
	Read                bool             `json:"read"`
	Tags                listJSON         `json:"tags"`
	Priority            string           `json:"priority"`
	SLAApplied          any              `json:"sla_applied"`
	Statistics          any              `json:"statistics"`
	ConversationRating  any              `json:"conversation_rating"`
	Teammates           any              `json:"teammates"`
	Title               *string          `json:"title"`
	CustomAttributes    map[string]any   `json:"custom_attributes"`
	Topics              struct{}         `json:"topics"`
	Ticket              any              `json:"ticket"`
	LinkedObjects       linkedObjectJSON `json:"linked_objects"`
	AIAgent             any              `json:"ai_agent"`
	AIAgentParticipated bool             `json:"ai_agent_participated"`
	ConversationParts   partListJSON     `json:"conversation_parts"`
}

type sourceJSON struct {
	Type        string     `json:"type"`
	ID          string     `json:"id"`
	DeliveredAs string     `json:"delivered_as"`
	Subject     string     `json:"subject"`
	Body        string     `json:"body"`
	Author      authorJSON `json:"author"`
	Attachments []any      `json:"attachments"`
	URL         *string    `json:"url"`
	Redacted    bool       `json:"redacted"`
}

type authorJSON struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

func (a author) json() authorJSON {
	return authorJSON{ID: a.ID, Type: a.Type, Name: a.Name, Email: a.Email}
}

type contactListJSON struct {
	Type     string         `json:"type"`
	Contacts []contactRefJS `json:"contacts"`
}

type contactRefJS struct {
	Type       string  `json:"type"`
	ID         string  `json:"id"`
	ExternalID *string `json:"external_id"`
}

type firstReplyJSON struct {
	CreatedAt int64   `json:"created_at"`
	Type      string  `json:"type"`
	URL       *string `json:"url"`
}

type listJSON struct {
	Type string `json:"type"`
	Tags []any  `json:"tags"`
}

type linkedObjectJSON struct {
	Type       string `json:"type"`
	Data       []any  `json:"data"`
	TotalCount int    `json:"total_count"`
	HasMore    bool   `json:"has_more"`
}

type partListJSON struct {
	Type              string     `json:"type"`
	ConversationParts []partJSON `json:"conversation_parts"`
	TotalCount        int        `json:"total_count"`
}

type partJSON struct {
	Type                 string         `json:"type"`
	ID                   string         `json:"id"`
	PartType             string         `json:"part_type"`
	Body                 *string        `json:"body"`
	CreatedAt            int64          `json:"created_at"`
	UpdatedAt            int64          `json:"updated_at"`
	NotifiedAt           int64          `json:"notified_at"`
	AssignedTo           any            `json:"assigned_to"`
	Author               authorJSON     `json:"author"`
	Attachments          []any          `json:"attachments"`
	ExternalID           *string        `json:"external_id"`
	Redacted             bool           `json:"redacted"`
	Metadata             map[string]any `json:"metadata"`
	EmailMessageMetadata any            `json:"email_message_metadata"`
	State                string         `json:"state"`
	Tags                 []any          `json:"tags"`
	EventDetails         any            `json:"event_details"`
	AppPackageCode       *string        `json:"app_package_code"`
}

// render builds the Conversation model with the given parts. plain renders bodies as plain
// text: REST's display_as=plaintext, and every webhook from API 2.15 on (FACTS §3.3).
func (c *conversation) render(parts []*part, plain bool) conversationJSON {
	text := func(h string) string {
		if plain {
			return toPlain(h)
		}
		return h
	}
	var ext *string
	if c.contact.ExternalID != "" {
		ext = &c.contact.ExternalID
	}
	out := conversationJSON{
		Type: "conversation", ID: c.id, CreatedAt: c.createdAt, UpdatedAt: c.updatedAt,
		WaitingSince: c.waitingSince,
		Source: sourceJSON{
			Type: "conversation", ID: c.sourceID, DeliveredAs: c.deliveredAs, Subject: text(c.subject),
			Body: text(c.body), Author: c.sourceAuthor.json(), Attachments: []any{},
		},
		Contacts:         contactListJSON{Type: "contact.list", Contacts: []contactRefJS{{Type: "contact", ID: c.contact.ID, ExternalID: ext}}},
		Open:             c.state != "closed",
		State:            c.state,
		Read:             c.read,
		Tags:             listJSON{Type: "tag.list", Tags: []any{}},
		Priority:         "none",
		Title:            c.title,
		CustomAttributes: maps.Clone(c.attrs), // a copy: the answer is encoded after the lock is released
		LinkedObjects:    linkedObjectJSON{Type: "list", Data: []any{}},
		ConversationParts: partListJSON{
			Type: "conversation_part.list", ConversationParts: []partJSON{}, TotalCount: len(parts),
		},
	}
	if c.firstContactReply != nil {
		out.FirstContactReply = &firstReplyJSON{CreatedAt: *c.firstContactReply, Type: "conversation"}
	}
	for _, p := range parts {
		pj := partJSON{
			Type: "conversation_part", ID: p.id, PartType: p.partType,
			CreatedAt: p.createdAt, UpdatedAt: p.createdAt, NotifiedAt: p.createdAt,
			Author: p.author.json(), Attachments: []any{}, Metadata: map[string]any{},
			State: p.state, Tags: []any{}, EventDetails: p.eventDetails,
		}
		if p.body != nil {
			b := text(*p.body)
			pj.Body = &b
		}
		if p.appPackageCode != "" {
			pj.AppPackageCode = &p.appPackageCode
		}
		out.ConversationParts.ConversationParts = append(out.ConversationParts.ConversationParts, pj)
	}
	return out
}

var (
	wrapperTags = regexp.MustCompile(`(?i)</?(html|body)[^>]*>`)
	breakTags   = regexp.MustCompile(`(?i)<br\s*/?>|</(p|div|li|h[1-6]|ul|ol|blockquote|pre)>`)
	anyTag      = regexp.MustCompile(`<[^>]*>`)
	blankLines  = regexp.MustCompile(`\n\s*\n+`)
	htmlTag     = regexp.MustCompile(`(?i)</?(p|br|b|i|u|s|strong|em|a|ul|ol|li|h[1-6]|div|span|html|body|pre|code|blockquote|img)\b[^>]*>`)
)

// toHTML stores text the way Intercom does: plain text becomes one <p> per line, HTML keeps
// its markup minus <html>/<body> wrappers (compare the admin-note request and response
// examples of the 2.16 description). Text counts as HTML when it has a common HTML tag, so
// "it says <error>" stays text.
func toHTML(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || htmlTag.MatchString(s) {
		return strings.TrimSpace(wrapperTags.ReplaceAllString(s, ""))
	}
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		b.WriteString("<p>" + html.EscapeString(strings.TrimSpace(line)) + "</p>")
	}
	return b.String()
}

// toPlain renders stored HTML as plain text: block ends become line breaks, tags go,
// entities are decoded.
func toPlain(h string) string {
	s := breakTags.ReplaceAllString(h, "\n")
	s = html.UnescapeString(anyTag.ReplaceAllString(s, ""))
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n"))
}
