package triage

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/core/project"
)

// FuzzTriage reads arbitrary text at an arbitrary conversation time, in an
// arbitrary fixed zone and with an arbitrary time buffer, and checks what
// Engine.Triage promises: no panic, a valid severity, a confidence in
// (0, 1], a window ending no later than the conversation and lasting from
// minWindow to maxWindow (the default buffer is clamped to 1–24 hours),
// an affected service from the catalog, and evidence quoted from the text.
// The conversation time is built as the plugin host builds it, from the
// desk's Unix milliseconds. testdata/fuzz/FuzzTriage holds the nasty seeds.
func FuzzTriage(f *testing.F) {
	at := conversationAt.UnixMilli()
	for _, seed := range []string{
		"", "Checkout fails with error 500 since 2pm", "How do I export my orders? Not urgent.",
		"Nobody can log in since 20 minutes ago, urgent!", "between 9 and 10 yesterday the product search was slow",
		"14:05", "since 25:99", "on 2026-03-11 at 9am (tomorrow)",
	} {
		f.Add(seed, at, 2, 0)
	}
	e := NewEngine(shopCatalog)
	f.Fuzz(func(t *testing.T, text string, createdMs int64, bufferHours, offsetMinutes int) {
		created := time.UnixMilli(createdMs).UTC()
		loc := time.FixedZone("fuzz", (offsetMinutes%(15*60))*60)
		d := e.Triage(Input{Text: text, CreatedAt: created, Location: loc, TimeBufferHours: bufferHours})
		if !d.Severity.Valid() {
			t.Fatalf("severity %q", d.Severity)
		}
		if !(d.Confidence > 0 && d.Confidence <= 1) {
			t.Fatalf("confidence %v", d.Confidence)
		}
		w := d.Window
		if !w.Start.Before(w.End) || w.End.After(created) || w.Duration() < minWindow || w.Duration() > maxWindow {
			t.Fatalf("window %v – %v (%v) for a conversation at %v", w.Start, w.End, w.Duration(), created)
		}
		if s := d.AffectedService; s != nil && !slices.ContainsFunc(shopCatalog, func(c project.Service) bool { return c.Name == *s }) {
			t.Fatalf("affected service %q is not in the catalog", *s)
		}
		if d.Evidence == nil {
			t.Fatal("nil evidence")
		}
		for _, q := range d.Evidence {
			if q == "" || !strings.Contains(text, q) {
				t.Fatalf("evidence %q is not quoted from %q", q, text)
			}
		}
	})
}
