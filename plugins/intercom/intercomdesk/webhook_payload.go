package intercomdesk

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
)

// notification is the webhook envelope (FACTS §3.3).
type notification struct {
	Type             string `json:"type"`
	ID               string `json:"id"`
	Topic            string `json:"topic"`
	AppID            string `json:"app_id"`
	CreatedAt        int64  `json:"created_at"`
	DeliveryAttempts int    `json:"delivery_attempts"`
	Data             struct {
		Item json.RawMessage `json:"item"`
	} `json:"data"`
}

// conversation is the part of a webhook's data.item we read. It holds only
// the part(s) that triggered the event (FACTS §3.3); the first message of a
// new conversation is in source (2.x) or conversation_message (1.x).
type conversation struct {
	Type                string   `json:"type"`
	ID                  flexID   `json:"id"`
	CreatedAt           int64    `json:"created_at"`
	Source              *message `json:"source"`
	ConversationMessage *message `json:"conversation_message"`
	ConversationParts   struct {
		Parts []part `json:"conversation_parts"`
	} `json:"conversation_parts"`
}

type message struct {
	ID     flexID `json:"id"`
	Body   string `json:"body"`
	Author author `json:"author"`
}

type part struct {
	ID             flexID `json:"id"`
	PartType       string `json:"part_type"`
	Body           string `json:"body"`
	CreatedAt      int64  `json:"created_at"`
	Author         author `json:"author"`
	AppPackageCode string `json:"app_package_code"`
}

type author struct {
	Type string `json:"type"`
	ID   flexID `json:"id"`
}

// flexID accepts ids sent as strings or numbers: Intercom's own examples
// use both for the same fields.
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexID(n.String())
	return nil
}

var (
	tagPattern   = regexp.MustCompile(`<[^>]*>`)
	blockPattern = regexp.MustCompile(`(?i)<\s*(br|/p|/div|/li|/h[1-6])\s*/?>`)
	spaces       = regexp.MustCompile(`[ \t]+`)
	blankLines   = regexp.MustCompile(`\n{3,}`)
)

// plainText turns a part body into text: plain already since 2.15 webhooks,
// HTML in older payloads and in REST answers (FACTS §3.3).
func plainText(body string) string {
	if !strings.ContainsAny(body, "<&") {
		return strings.TrimSpace(body)
	}
	s := blockPattern.ReplaceAllString(body, "\n")
	s = tagPattern.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = spaces.ReplaceAllString(s, " ")
	s = blankLines.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

// authorKind maps Intercom author types onto the hub's.
func authorKind(t string) string {
	switch t {
	case "user", "lead", "contact":
		return "user"
	case "admin", "team":
		return "admin"
	case "bot":
		return "bot"
	}
	return t
}
