package triage

import (
	"slices"
	"strings"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// Time buffer bounds, in hours: the window used when the customer says
// nothing about when, as the binding configures it.
const (
	DefaultTimeBufferHours = 2
	MinTimeBufferHours     = 1
	MaxTimeBufferHours     = 24
)

// maxEvidence bounds the length of one quoted phrase, in bytes.
const maxEvidence = 80

// Input is one conversation to triage.
type Input struct {
	// Text is what the customer wrote. Only the words matter; markup and
	// signatures do no harm.
	Text string
	// CreatedAt is when the customer wrote; the window never ends after it.
	CreatedAt time.Time
	// Location is the customer's time zone: "since 2pm" is 2pm there. Nil
	// means UTC. Zones.Load resolves an IANA name once per name.
	Location *time.Location
	// TimeBufferHours is how far back to look when the customer says
	// nothing about when: 1–24; 0 means DefaultTimeBufferHours and values
	// outside the range are clamped (ValidateTimeBuffer rejects them first
	// where a person can correct them).
	TimeBufferHours int
}

// Decision is the triage of one conversation. Evidence quotes the phrases
// that decided severity, service and window in the order they appear; the
// service is quoted only when the text did not name it exactly as the
// catalog does (an alias, a plural, a typo), because affected_service
// already says the rest.
type Decision struct {
	Severity        core.Severity
	Confidence      float64
	AffectedService *string
	Window          core.Window
	Evidence        []string
}

// Engine triages conversations against one service catalog. It compiles
// the catalog once, holds nothing else and is safe for concurrent use.
type Engine struct {
	lex     *matcher
	catalog *catalog
}

// NewEngine compiles a project's service catalog for triage.
func NewEngine(services []project.Service) *Engine {
	return &Engine{lex: defaultMatcher(), catalog: newCatalog(slices.Clone(services))}
}

// Triage triages one conversation against services. Callers that triage
// many conversations of the same project should keep an Engine instead.
func Triage(in Input, services []project.Service) Decision {
	return NewEngine(services).Triage(in)
}

// Triage decides severity, affected service and window. It is pure and
// deterministic: the same input always gives the same decision.
func (e *Engine) Triage(in Input) Decision {
	toks := tokenize(in.Text)
	active, negated := detect(toks, e.lex)
	loc := in.Location
	if loc == nil {
		loc = time.UTC
	}
	win, when := window(toks, in.CreatedAt, loc, bufferHours(in.TimeBufferHours))
	var d Decision
	var said []span
	service, at, named := e.catalog.affected(toks, e.catalog.mentions(toks, e.lex), active)
	critical := false
	if named {
		s := e.catalog.services[service]
		d.AffectedService, critical = &s.Name, s.CriticalPath
		if !strings.EqualFold(in.Text[toks[at.from].start:toks[at.to].end], s.Name) {
			said = append(said, span{at.from, at.to})
		}
	}
	v := decide(toks, active, negated, facts{criticalPath: critical, timeSaid: when.from >= 0})
	d.Severity = core.Severities[v.level-1]
	d.Confidence = v.confidence
	d.Window = win
	said = append(said, v.evidence...)
	if when.from >= 0 {
		said = append(said, when)
	}
	d.Evidence = quote(in.Text, toks, said)
	return d
}

// quote turns spans into the customer's own words, in text order, without
// repeats or overlaps.
func quote(text string, toks []token, spans []span) []string {
	slices.SortFunc(spans, func(a, b span) int { return a.from - b.from })
	out := make([]string, 0, len(spans))
	last := -1
	for _, s := range spans {
		if s.from <= last {
			continue
		}
		last = s.to
		start, end := toks[s.from].start, toks[s.to].end
		for end-start > maxEvidence && s.to > s.from {
			s.to--
			end = toks[s.to].end
		}
		out = append(out, strings.TrimSpace(text[start:end]))
	}
	return out
}

// bufferHours clamps a binding's time buffer into its documented range.
func bufferHours(h int) time.Duration {
	if h == 0 {
		h = DefaultTimeBufferHours
	}
	return time.Duration(min(max(h, MinTimeBufferHours), MaxTimeBufferHours)) * time.Hour
}

// ValidateTimeBuffer rejects a time buffer outside 1–24 hours, naming the
// field as the binding settings and the triage command spell it.
func ValidateTimeBuffer(h int) error {
	if h < MinTimeBufferHours || h > MaxTimeBufferHours {
		return core.Invalid("time_buffer_hours", "must be between %d and %d (got %d)", MinTimeBufferHours, MaxTimeBufferHours, h)
	}
	return nil
}
