// Package triage decides, within microseconds and without any network call,
// how severe a customer conversation is, which service of the project's
// catalog it is about and which time window of the logs to inspect, and
// quotes the phrases that decided each (Engine, Triage). It declares the
// Store port for its results.
//
// The engine is a hand-written reader, not a general date or NLP library:
// support text needs the past-leaning, trap-aware reading of a few dozen
// phrase shapes ("since 2pm", "yesterday around 3", "20 minutes ago") and
// must not see times in "error 500" or "2 factor auth". The files follow the
// reading order: text.go and words.go tokenize; lexicon.go, phrases.go and
// matcher.go find phrases; signals.go, context.go, neighbours.go, codes.go
// and detectors.go turn them into signals; severity.go decides; catalog
// matching is in service_match.go and affected.go; time expressions in
// timeexpr.go, clock.go, dates.go, durations.go and hours.go, and the window
// in window.go.
//
// Severity follows the rubric in testdata/README.md: critical when many
// customers or the whole product cannot work, data is lost or corrupted, or
// security is breached; high when a core function is broken for this
// customer without a workaround or money is directly affected; medium when
// something is degraded, intermittent, partial or has a workaround; low for
// questions, requests, cosmetics, thanks and resolved issues.
package triage
