package triage

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// TestContractExample is CONTRACT.md's triage example, without a time zone.
func TestContractExample(t *testing.T) {
	d := Triage(Input{Text: "Checkout fails with error 500 since 2pm", CreatedAt: conversationAt, TimeBufferHours: 2},
		[]project.Service{{Name: "checkout", Aliases: []string{"payment", "cart"}}})
	if d.Severity != core.SeverityHigh || name(d.AffectedService) != "checkout" {
		t.Fatalf("got %s %s", d.Severity, name(d.AffectedService))
	}
	if want := (core.Window{Start: time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC), End: conversationAt}); d.Window != want {
		t.Fatalf("window %+v", d.Window)
	}
	if !reflect.DeepEqual(d.Evidence, []string{"error 500", "since 2pm"}) {
		t.Fatalf("evidence %q", d.Evidence)
	}
	if d.Confidence < 0.7 || d.Confidence > 0.9 {
		t.Fatalf("confidence %v for a clear report", d.Confidence)
	}
}

// TestDeterministicAndConcurrent: one Engine, many goroutines, same answers.
func TestDeterministicAndConcurrent(t *testing.T) {
	e := NewEngine(shopCatalog)
	texts := []string{
		"Checkout fails with error 500 since 2pm",
		"How do I export my orders? Not urgent.",
		"Nobody can log in since 20 minutes ago, urgent!",
		"The product search has been slow for the last two hours",
	}
	want := make([]Decision, len(texts))
	for i, text := range texts {
		want[i] = e.Triage(Input{Text: text, CreatedAt: conversationAt})
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i, text := range texts {
				if got := e.Triage(Input{Text: text, CreatedAt: conversationAt}); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("%q: %+v, then %+v", text, want[i], got)
				}
			}
		})
	}
	wg.Wait()
}

func TestEvidenceIsQuotedAndShort(t *testing.T) {
	text := "Hi team — our whole store is DOWN!!! Customers can't pay since 9:40 CET. " +
		"We are losing sales every minute, please escalate."
	d := Triage(Input{Text: text, CreatedAt: conversationAt}, shopCatalog)
	if d.Severity != core.SeverityCritical || len(d.Evidence) == 0 {
		t.Fatalf("got %s %q", d.Severity, d.Evidence)
	}
	for _, e := range d.Evidence {
		if len(e) > maxEvidence || !strings.Contains(text, e) {
			t.Errorf("evidence %q is not a short quote of the text", e)
		}
	}
}

func TestEmptyAndOddInput(t *testing.T) {
	for _, text := range []string{"", "   ", "!!!", "\xff\xfe invalid utf-8", "14:05", "-", "'", "\"unclosed quote"} {
		d := Triage(Input{Text: text, CreatedAt: conversationAt}, shopCatalog)
		if !d.Severity.Valid() || d.Window.Duration() <= 0 || d.Window.End.After(conversationAt) || d.Evidence == nil {
			t.Errorf("%q: %+v", text, d)
		}
	}
}

func TestZones(t *testing.T) {
	var z Zones
	for _, name := range []string{"", "UTC", "Europe/Berlin", "Europe/Berlin"} {
		if loc, err := z.Load(name); err != nil || loc == nil {
			t.Errorf("%q: %v", name, err)
		}
	}
	for _, name := range []string{"Mars/Olympus", "Local", "../../etc/passwd"} {
		_, err := z.Load(name)
		if core.ErrorField(err) != "timezone" {
			t.Errorf("%q: %v, want an invalid timezone", name, err)
		}
	}
	if err := ValidateTimeBuffer(25); core.ErrorField(err) != "time_buffer_hours" {
		t.Errorf("25 hours: %v", err)
	}
	if err := ValidateTimeBuffer(24); err != nil {
		t.Errorf("24 hours: %v", err)
	}
}
