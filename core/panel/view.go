package panel

import "context"

// Item kinds of a panel view.
const (
	Heading = "heading"
	Text    = "text"
	Field   = "field" // Text: label, Value: value
	Link    = "link"
	Button  = "button"
	Divider = "divider"
	Spacer  = "spacer"
)

// Styles of a text item.
const (
	StyleMuted   = "muted"
	StyleError   = "error"
	StyleSuccess = "success"
)

// ActionRunAnalysis is the button that queues an analysis.
const ActionRunAnalysis = "run_analysis"

// Item is one line of the panel.
type Item struct {
	Kind   string
	Text   string
	Value  string
	URL    string
	Action string
	Style  string
}

// View is the whole panel.
type View struct{ Items []Item }

func (v *View) add(it Item) { v.Items = append(v.Items, it) }

// Request is a verified panel request from a desk.
type Request struct {
	Platform       string
	WorkspaceID    string
	ConversationID string
	AdminID        string
	// Action is the component the agent pressed; empty when the panel opens.
	Action string
}

// Desks verify panel requests and render views, through the desk plugins.
type Desks interface {
	// ParseCanvas verifies and reads a panel request; kind is "initialize"
	// or "submit". A bad signature is pipeline.ErrBadSignature.
	ParseCanvas(ctx context.Context, platform, kind string, body []byte, headers map[string]string) (*Request, error)
	// RenderCanvas renders a view in the desk's format.
	RenderCanvas(ctx context.Context, platform string, v View) (body []byte, contentType string, err error)
}
