package triage

import (
	"testing"
	"time"

	"github.com/sigsentry/hub/core/project"
)

var benchServices = []project.Service{
	{Name: "checkout", Aliases: []string{"payment", "payments", "cart"}, CriticalPath: true},
	{Name: "search", Aliases: []string{"product search"}},
	{Name: "accounts", Aliases: []string{"login", "sign in"}},
	{Name: "notifications", Aliases: []string{"emails", "email"}},
}

var benchTexts = []string{
	"Checkout fails with error 500 since 2pm, all our customers are affected",
	"How do I export my invoices as CSV? Not urgent.",
	"The dashboard has been slow for the last two hours",
	"Yesterday around 3 the paymnets page was down for everyone. Please check ASAP!",
	"No data was lost, but the sync failed twice today at 14:05 CET",
}

// BenchmarkTriage measures one conversation through a compiled catalog, the
// way the hub and the command triage.
func BenchmarkTriage(b *testing.B) {
	e := NewEngine(benchServices)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	created := time.Date(2026, 3, 10, 15, 20, 0, 0, time.UTC)
	i := 0
	for b.Loop() {
		e.Triage(Input{Text: benchTexts[i%len(benchTexts)], CreatedAt: created, Location: berlin})
		i++
	}
}

// BenchmarkNewEngine measures compiling a small catalog, paid once per
// catalog by callers that keep the Engine.
func BenchmarkNewEngine(b *testing.B) {
	for b.Loop() {
		NewEngine(benchServices)
	}
}
