package analysis

import (
	"time"

	"github.com/sigsentry/hub/core"
)

// Root cause categories, a fixed list so that dashboards can count them.
var Categories = []string{
	"authentication", "authorization", "database", "network", "timeout",
	"rate_limiting", "validation", "null_reference", "configuration",
	"dependency", "memory", "disk", "unknown",
}

// Service roles in an incident.
const (
	RoleOrigin     = "origin"     // where the failure starts
	RolePropagator = "propagator" // passes the failure on
	RoleAffected   = "affected"   // suffers from it
)

// Suggested action kinds.
const (
	ActionFix         = "fix"
	ActionInvestigate = "investigate"
	ActionMitigate    = "mitigate"
	ActionEscalate    = "escalate"
)

// Result is what an analysis found.
type Result struct {
	Summary          string            `json:"summary"`
	Severity         core.Severity     `json:"severity"`
	Confidence       float64           `json:"confidence"`
	RootCause        RootCause         `json:"root_cause"`
	AffectedServices []AffectedService `json:"affected_services"`
	Timeline         []TimelineEvent   `json:"timeline"`
	SuggestedActions []Action          `json:"suggested_actions"`
	LogsScanned      int64             `json:"logs_scanned"`
	TimeWindow       core.Window       `json:"time_window"`
	Baseline         core.Window       `json:"baseline_window"`
	Patterns         []PatternChange   `json:"patterns"`
	Identifiers      []IdentifierMatch `json:"identifiers"`
	// Series holds error counts per bucket for the chart, window and baseline.
	Series []Bucket `json:"series"`
	// SourceErrors lists log sources that failed (the analysis is then partial).
	SourceErrors []SourceError `json:"source_errors,omitempty"`
}

// RootCause is the most likely origin of the incident.
type RootCause struct {
	Description string `json:"description"`
	Service     string `json:"service"`
	ErrorType   string `json:"error_type"`
	Category    string `json:"category"`
}

// AffectedService is one service involved in the incident.
type AffectedService struct {
	Name       string `json:"name"`
	Role       string `json:"role"`
	ErrorCount int64  `json:"error_count"`
	// ErrorRate and BaselineErrorRate are the share of the service's lines
	// that are errors, in the window and in the baseline before it.
	ErrorRate         float64   `json:"error_rate"`
	BaselineErrorRate float64   `json:"baseline_error_rate"`
	FirstSeen         time.Time `json:"first_seen"`
	LastSeen          time.Time `json:"last_seen"`
}

// TimelineEvent is one moment worth telling.
type TimelineEvent struct {
	At      time.Time `json:"at"`
	Service string    `json:"service,omitempty"`
	Event   string    `json:"event"`
}

// Action is one suggested next step.
type Action struct {
	Kind        string `json:"kind"`
	Description string `json:"description"`
}

// PatternChange is a log template whose frequency changed against the baseline.
type PatternChange struct {
	Template      string  `json:"template"`
	Service       string  `json:"service,omitempty"`
	Level         string  `json:"level,omitempty"`
	WindowCount   int64   `json:"window_count"`
	BaselineCount int64   `json:"baseline_count"`
	New           bool    `json:"new"`
	PValue        float64 `json:"p_value"`
	Example       string  `json:"example"`
}

// IdentifierMatch is a customer identifier found in the logs.
type IdentifierMatch struct {
	Kind     string   `json:"kind"`
	Value    string   `json:"value"`
	Count    int64    `json:"count"`
	Evidence []string `json:"evidence"`
}

// Bucket is one point of the error chart.
type Bucket struct {
	Start          time.Time `json:"start"`
	Errors         int64     `json:"errors"`
	BaselineErrors int64     `json:"baseline_errors"`
}

// SourceError says which log source failed and why.
type SourceError struct {
	Source string `json:"source"`
	Error  string `json:"error"`
}
