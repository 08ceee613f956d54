package intercomsim

import (
	"maps"
	"slices"
	"time"
)

// Part is a conversation part as a test sees it.
type Part struct {
	ID string
	// PartType is the part_type: for parts posted through the reply endpoint it equals the
	// request's message_type ("comment" is a public reply, "note" an internal note).
	PartType   string
	Body       string // as stored, HTML
	AuthorType string // "admin", "user", "lead", "bot"
	AuthorID   string // the admin_id for admin parts
	// AppPackageCode is set on parts created through the REST API (Options.AppPackageCode).
	AppPackageCode string
	CreatedAt      time.Time
}

// Parts returns the parts of a conversation, oldest first, or nil if there is no such
// conversation.
func (s *Sim) Parts(conversationID string) []Part {
	s.mu.Lock()
	defer s.mu.Unlock()
	conv, ok := s.conversations[conversationID]
	if !ok {
		return nil
	}
	out := make([]Part, 0, len(conv.parts))
	for _, p := range conv.parts {
		body := ""
		if p.body != nil {
			body = *p.body
		}
		out = append(out, Part{
			ID: p.id, PartType: p.partType, Body: body, AuthorType: p.author.Type, AuthorID: p.author.ID,
			AppPackageCode: p.appPackageCode, CreatedAt: time.Unix(p.createdAt, 0),
		})
	}
	return out
}

// Attributes returns a copy of a conversation's custom attributes, or nil if there is no
// such conversation. Numbers set through the API are json.Number.
func (s *Sim) Attributes(conversationID string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	conv, ok := s.conversations[conversationID]
	if !ok {
		return nil
	}
	return maps.Clone(conv.attrs)
}

// Requests returns how many requests each operation received, by operationId of the 2.16
// description, plus "oauthAuthorize", "oauthToken" and "uninstallApp". Requests to paths
// outside the description are counted only as violations.
func (s *Sim) Requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.requests)
}

// Violations returns every violation recorded so far.
func (s *Sim) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.violations)
}
