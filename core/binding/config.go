package binding

import (
	"strings"
	"unicode/utf8"

	"github.com/sigsentry/hub/core"
)

// PostingMode says where results go in the desk.
type PostingMode string

const (
	// PostInternal posts triage and analysis as internal notes only.
	PostInternal PostingMode = "internal"
	// PostPublic answers the customer with the templated public reply.
	PostPublic PostingMode = "public"
	// PostBoth posts notes for the team and the templated reply to the customer.
	PostBoth PostingMode = "both"
)

// ThresholdDisabled turns automatic analysis off.
const ThresholdDisabled = "disabled"

// Time buffer bounds in hours: the window looked at when the customer names
// no time.
const (
	MinTimeBufferHours     = 1
	MaxTimeBufferHours     = 24
	DefaultTimeBufferHours = 2
	MaxTemplateLength      = 4000
	MaxAttributeNameLength = 190
)

// Mappable lists the SigSentry fields that may be written to desk attributes.
var Mappable = []string{
	"severity", "affected_service", "analysis_url", "window_start",
	"window_end", "confidence", "root_cause_category",
}

// Config is what an admin edits on a binding.
type Config struct {
	PostingMode PostingMode `json:"posting_mode"`
	// AutoAnalyzeThreshold is "disabled" or the least severity that starts an
	// analysis on its own.
	AutoAnalyzeThreshold string `json:"auto_analyze_threshold"`
	TimeBufferHours      int    `json:"time_buffer_hours"`
	// AttributeMapping maps a SigSentry field (one of Mappable) to the name of
	// a conversation attribute in the desk.
	AttributeMapping    map[string]string `json:"attribute_mapping"`
	PublicReplyTemplate string            `json:"public_reply_template"`
}

// DefaultPublicReplyTemplate is what customers read unless an admin changes it.
const DefaultPublicReplyTemplate = `Thanks for reporting this. Our engineers are looking into ` +
	`{{if .AffectedService}}an issue with {{.AffectedService}}{{else}}it{{end}} and we will update you here.`

// DefaultConfig is a new binding's configuration.
func DefaultConfig() Config {
	return Config{
		PostingMode:          PostInternal,
		AutoAnalyzeThreshold: string(core.SeverityHigh),
		TimeBufferHours:      DefaultTimeBufferHours,
		AttributeMapping: map[string]string{
			"severity":         "severity",
			"affected_service": "affected_service",
			"analysis_url":     "sigsentry_analysis_url",
		},
		PublicReplyTemplate: DefaultPublicReplyTemplate,
	}
}

// AutoAnalyze reports whether a triage of severity s starts an analysis.
func (c Config) AutoAnalyze(s core.Severity) bool {
	if c.AutoAnalyzeThreshold == ThresholdDisabled {
		return false
	}
	return s.AtLeast(core.Severity(c.AutoAnalyzeThreshold))
}

// Validate checks every setting and names the offending one.
func (c Config) Validate() error {
	switch c.PostingMode {
	case PostInternal, PostPublic, PostBoth:
	default:
		return core.Invalid("config.posting_mode", "must be internal, public or both (got %q)", c.PostingMode)
	}
	if c.AutoAnalyzeThreshold != ThresholdDisabled && !core.Severity(c.AutoAnalyzeThreshold).Valid() {
		return core.Invalid("config.auto_analyze_threshold",
			"must be disabled, critical, high, medium or low (got %q)", c.AutoAnalyzeThreshold)
	}
	if c.TimeBufferHours < MinTimeBufferHours || c.TimeBufferHours > MaxTimeBufferHours {
		return core.Invalid("config.time_buffer_hours", "must be between %d and %d hours (got %d)",
			MinTimeBufferHours, MaxTimeBufferHours, c.TimeBufferHours)
	}
	if err := validateMapping(c.AttributeMapping); err != nil {
		return err
	}
	if utf8.RuneCountInString(c.PublicReplyTemplate) > MaxTemplateLength {
		return core.Invalid("config.public_reply_template", "must be at most %d characters", MaxTemplateLength)
	}
	if strings.TrimSpace(c.PublicReplyTemplate) == "" {
		return core.Invalid("config.public_reply_template", "must not be empty")
	}
	if _, err := RenderReply(c.PublicReplyTemplate, SampleReplyData()); err != nil {
		return core.Invalid("config.public_reply_template", "%s", err)
	}
	return nil
}

func validateMapping(m map[string]string) error {
	allowed := map[string]bool{}
	for _, f := range Mappable {
		allowed[f] = true
	}
	for field, attr := range m {
		key := "config.attribute_mapping." + field
		switch {
		case !allowed[field]:
			return core.Invalid(key, "unknown field; use one of %s", strings.Join(Mappable, ", "))
		case strings.TrimSpace(attr) == "":
			return core.Invalid(key, "must name a desk attribute (remove the key to stop writing it)")
		case utf8.RuneCountInString(attr) > MaxAttributeNameLength:
			return core.Invalid(key, "must be at most %d characters", MaxAttributeNameLength)
		}
	}
	return nil
}
