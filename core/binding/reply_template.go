package binding

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
	"time"
)

// ReplyData is everything a public reply template may use. Only these fields
// exist, so a template cannot reach internal data: the customer reads the
// result. Times are formatted in UTC as RFC 3339.
type ReplyData struct {
	Severity        string // critical, high, medium or low
	AffectedService string // empty when no service was recognised
	Summary         string // the analysis summary, empty before one exists
	AnalysisURL     string // link to the analysis in the dashboard
	WindowStart     string
	WindowEnd       string
	ProjectName     string
}

// SampleReplyData fills every field, so that rendering it at save time catches
// misspelt fields before a customer would.
func SampleReplyData() ReplyData {
	now := time.Date(2026, 3, 10, 15, 20, 0, 0, time.UTC)
	return ReplyData{
		Severity: "high", AffectedService: "checkout", Summary: "Payment provider timeouts since 14:05.",
		AnalysisURL: "http://localhost:8080/analyses/ana_example",
		WindowStart: now.Add(-2 * time.Hour).Format(time.RFC3339), WindowEnd: now.Format(time.RFC3339),
		ProjectName: "Shop",
	}
}

// maxReplyBytes bounds a rendered reply: a loop in a template must not become
// a wall of text in a customer's inbox.
const maxReplyBytes = 8000

// RenderReply parses and executes a public reply template.
func RenderReply(text string, data ReplyData) (string, error) {
	tmpl, err := template.New("public_reply").Option("missingkey=error").Parse(text)
	if err != nil {
		return "", fmt.Errorf("template does not parse: %s", strings.TrimPrefix(err.Error(), "template: "))
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&limitWriter{w: &buf, left: maxReplyBytes}, data); err != nil {
		return "", fmt.Errorf("template fails on sample data: %s", strings.TrimPrefix(err.Error(), "template: "))
	}
	return strings.TrimSpace(buf.String()), nil
}

type limitWriter struct {
	w    *bytes.Buffer
	left int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if len(p) > l.left {
		return 0, fmt.Errorf("reply longer than %d bytes", maxReplyBytes)
	}
	l.left -= len(p)
	return l.w.Write(p)
}
