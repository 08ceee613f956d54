package core

import "time"

// Severity ranks how badly a customer is affected. The zero value is not a
// severity; use ParseSeverity to read one from outside.
type Severity string

const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Rank orders severities: low 1 … critical 4; anything else 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityLow:
		return 1
	case SeverityMedium:
		return 2
	case SeverityHigh:
		return 3
	case SeverityCritical:
		return 4
	}
	return 0
}

// Valid reports whether s is one of the four severities.
func (s Severity) Valid() bool { return s.Rank() > 0 }

// AtLeast reports whether s is as severe as min or more.
func (s Severity) AtLeast(min Severity) bool { return s.Valid() && s.Rank() >= min.Rank() }

// Severities lists every severity from the least to the most severe.
var Severities = []Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}

// ParseSeverity reads a severity, naming field when it is not one.
func ParseSeverity(field, s string) (Severity, error) {
	if v := Severity(s); v.Valid() {
		return v, nil
	}
	return "", Invalid(field, "must be one of critical, high, medium, low (got %q)", s)
}

// Window is a half-open time range [Start, End) in UTC.
type Window struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Duration is the length of the window.
func (w Window) Duration() time.Duration { return w.End.Sub(w.Start) }

// Contains reports whether t lies in the window.
func (w Window) Contains(t time.Time) bool { return !t.Before(w.Start) && t.Before(w.End) }

// Baseline is the window of equal length that ends where w starts: the
// "normal" that an incident window is compared against.
func (w Window) Baseline() Window { return Window{Start: w.Start.Add(-w.Duration()), End: w.Start} }
