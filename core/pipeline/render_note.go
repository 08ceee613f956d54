package pipeline

import (
	"fmt"
	"strings"
	"time"

	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/triage"
)

// TriageNote is the internal note agents read in the desk: short, with the
// reasons, and the time window engineers should look at.
func TriageNote(r *triage.Result, analysisURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "SigSentry triage: %s (confidence %.0f%%)\n", strings.ToUpper(string(r.Severity)), r.Confidence*100)
	if r.AffectedService != nil {
		fmt.Fprintf(&b, "Affected service: %s\n", *r.AffectedService)
	} else {
		b.WriteString("Affected service: not recognised\n")
	}
	fmt.Fprintf(&b, "Time window: %s", formatWindow(r.Window.Start, r.Window.End))
	if len(r.Evidence) > 0 {
		fmt.Fprintf(&b, "\nWhy: %s", quoteAll(r.Evidence))
	}
	if analysisURL != "" {
		fmt.Fprintf(&b, "\n\nLog analysis started: %s", analysisURL)
	}
	return b.String()
}

// AnalysisNote is the note posted when an analysis finishes.
func AnalysisNote(a *analysis.Analysis, analysisURL string) string {
	var b strings.Builder
	r := a.Result
	if r == nil {
		fmt.Fprintf(&b, "SigSentry analysis %s: %s", a.Status, a.Error)
	} else {
		fmt.Fprintf(&b, "SigSentry analysis: %s (confidence %.0f%%)\n%s", strings.ToUpper(string(r.Severity)),
			r.Confidence*100, r.Summary)
		if r.RootCause.Description != "" {
			fmt.Fprintf(&b, "\nRoot cause (%s): %s", r.RootCause.Category, r.RootCause.Description)
		}
		if a.Status == analysis.StatusPartial {
			b.WriteString("\nSome log sources could not be read; the result may be incomplete.")
		}
		fmt.Fprintf(&b, "\nLogs scanned: %d, window %s", r.LogsScanned, formatWindow(r.TimeWindow.Start, r.TimeWindow.End))
	}
	if analysisURL != "" {
		fmt.Fprintf(&b, "\n\nFull analysis: %s", analysisURL)
	}
	return b.String()
}

func formatWindow(start, end time.Time) string {
	const layout = "2006-01-02 15:04"
	if start.UTC().Format("2006-01-02") == end.UTC().Format("2006-01-02") {
		return start.UTC().Format(layout) + "–" + end.UTC().Format("15:04") + " UTC"
	}
	return start.UTC().Format(layout) + " – " + end.UTC().Format(layout) + " UTC"
}

func quoteAll(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, ", ")
}
