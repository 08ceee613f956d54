package binding

import (
	"context"
	"fmt"
)

// ConfigPatch changes the settings that are set. AttributeMapping, when set,
// replaces the whole mapping.
type ConfigPatch struct {
	PostingMode          *PostingMode
	AutoAnalyzeThreshold *string
	TimeBufferHours      *int
	AttributeMapping     *map[string]string
	PublicReplyTemplate  *string
}

// Apply returns c with the patch applied.
func (p ConfigPatch) Apply(c Config) Config {
	if p.PostingMode != nil {
		c.PostingMode = *p.PostingMode
	}
	if p.AutoAnalyzeThreshold != nil {
		c.AutoAnalyzeThreshold = *p.AutoAnalyzeThreshold
	}
	if p.TimeBufferHours != nil {
		c.TimeBufferHours = *p.TimeBufferHours
	}
	if p.AttributeMapping != nil {
		c.AttributeMapping = *p.AttributeMapping
	}
	if p.PublicReplyTemplate != nil {
		c.PublicReplyTemplate = *p.PublicReplyTemplate
	}
	return c
}

// Configure validates and saves a binding's new settings. A bad setting
// leaves the stored configuration untouched.
func (m *Manager) Configure(ctx context.Context, id string, patch ConfigPatch) (*Binding, error) {
	b, err := m.store.GetBinding(ctx, id)
	if err != nil {
		return nil, err
	}
	next := patch.Apply(b.Config)
	if err := next.Validate(); err != nil {
		return nil, err
	}
	b.Config = next
	b.UpdatedAt = m.now()
	if err := m.store.UpdateBinding(ctx, b); err != nil {
		return nil, fmt.Errorf("configure binding %s: %w", id, err)
	}
	return b, nil
}
