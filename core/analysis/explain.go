package analysis

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// maxTimeline bounds the moments a result tells.
const maxTimeline = 10

// explain turns the counts into the result people read.
func explain(c *collector, in RunInput) *Result {
	changes := patternChanges(c)
	rising := risingServices(c)
	res := &Result{
		LogsScanned: c.scanned, TimeWindow: c.window, Baseline: c.baseline,
		Patterns: nonNilChanges(changes), Series: c.series,
		AffectedServices: []AffectedService{}, Timeline: []TimelineEvent{}, SuggestedActions: []Action{},
		Identifiers: matchedIdentifiers(c.matches),
	}
	origin := rootPattern(changes)
	if origin != nil {
		cat := categorize(origin.Template)
		res.RootCause = RootCause{Service: origin.Service, Category: cat, ErrorType: errorType(origin.Template, cat),
			Description: fmt.Sprintf("%q rose from %d to %d lines against the baseline", origin.Template,
				origin.BaselineCount, origin.WindowCount)}
		if origin.New {
			res.RootCause.Description = fmt.Sprintf("new error %q appeared %d times (never in the baseline)",
				origin.Template, origin.WindowCount)
		}
		res.SuggestedActions = actionsFor(cat, origin.Service)
	} else {
		res.RootCause = RootCause{Category: "unknown", Description: "no error pattern changed significantly against the baseline"}
		res.SuggestedActions = []Action{{Kind: ActionInvestigate,
			Description: "The logs show nothing unusual in this window: check whether the right services log to the configured sources, or widen the window."}}
	}
	res.AffectedServices = roles(c, rising, res.RootCause.Service, in.Service)
	res.Severity, res.Confidence = judge(c, changes, rising, origin, res, in)
	if res.Severity.AtLeast(core.SeverityHigh) && origin != nil {
		res.SuggestedActions = append(res.SuggestedActions, Action{Kind: ActionEscalate,
			Description: "Page the owners of " + origin.Service + ": customers are affected now."})
	}
	res.Timeline = timeline(c, changes, res.AffectedServices)
	res.Summary = summarize(c, res, origin)
	return res
}

// rootPattern is the error (or warning) pattern that changed and started
// first among the three most significant ones: the earliest symptom is
// more often the cause than the loudest.
func rootPattern(changes []PatternChange) *PatternChange {
	var cands []PatternChange
	for _, ch := range changes {
		if levelRank(ch.Level) >= 3 && len(cands) < 3 {
			cands = append(cands, ch)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	best := cands[0]
	return &best
}

// roles names each service's part: the origin of the first error, the
// services whose errors rose after it (propagators), and the service the
// customer uses (affected).
func roles(c *collector, rising []*serviceStats, origin, customerService string) []AffectedService {
	var out []AffectedService
	seen := map[string]bool{}
	add := func(s *serviceStats, role string) {
		if s == nil || seen[s.name] {
			return
		}
		seen[s.name] = true
		rate, base := s.rates()
		out = append(out, AffectedService{Name: s.name, Role: role, ErrorCount: s.windowErrors,
			ErrorRate: rate, BaselineErrorRate: base, FirstSeen: s.firstError, LastSeen: s.lastError})
	}
	if origin != "" {
		add(c.services[origin], RoleOrigin)
	}
	for _, s := range rising {
		role := RolePropagator
		if s.name == customerService || origin == "" {
			role = RoleAffected
		}
		add(s, role)
	}
	if customerService != "" && !seen[customerService] {
		if s := c.services[customerService]; s != nil {
			add(s, RoleAffected)
		} else {
			out = append(out, AffectedService{Name: customerService, Role: RoleAffected})
		}
	}
	return out
}

// judge rates how bad it is and how sure the analysis is.
func judge(c *collector, changes []PatternChange, rising []*serviceStats, origin *PatternChange, res *Result, in RunInput) (core.Severity, float64) {
	if c.scanned == 0 {
		return core.SeverityLow, 0.1
	}
	conf := 0.3
	sev := core.SeverityLow
	if len(changes) > 0 {
		sev = core.SeverityMedium
	}
	if origin != nil {
		sev, conf = core.SeverityHigh, conf+0.3
		if res.RootCause.Category != "unknown" {
			conf += 0.15
		}
		ratio := float64(origin.WindowCount) / float64(max(origin.BaselineCount, 1))
		if len(rising) >= 3 || (criticalPath(in.Services, origin.Service) && ratio >= 10) {
			sev = core.SeverityCritical
		}
	}
	for _, m := range res.Identifiers {
		if m.Count > 0 {
			conf += 0.15
			break
		}
	}
	if in.Service != "" && res.RootCause.Service == in.Service {
		conf += 0.1
	}
	return sev, min(conf, 0.95)
}

func criticalPath(services []project.Service, name string) bool {
	for _, s := range services {
		if strings.EqualFold(s.Name, name) {
			return s.CriticalPath
		}
	}
	return false
}

func timeline(c *collector, changes []PatternChange, services []AffectedService) []TimelineEvent {
	var out []TimelineEvent
	for _, ch := range changes {
		if ps := c.firstSeen(ch.Template); ps != nil && !ps.firstSeen.IsZero() {
			verb := "rose"
			if ch.New {
				verb = "first appeared"
			}
			out = append(out, TimelineEvent{At: ps.firstSeen, Service: ch.Service, Event: fmt.Sprintf("%q %s", ch.Template, verb)})
		}
	}
	for _, s := range services {
		if !s.FirstSeen.IsZero() {
			out = append(out, TimelineEvent{At: s.FirstSeen, Service: s.Name, Event: fmt.Sprintf("first error in %s (%s)", s.Name, s.Role)})
		}
	}
	out = append(out, TimelineEvent{At: c.window.End, Event: "customer reported the problem"})
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	if len(out) > maxTimeline {
		out = append(out[:maxTimeline-1], out[len(out)-1])
	}
	return out
}

func summarize(c *collector, res *Result, origin *PatternChange) string {
	span := c.window.Start.UTC().Format("15:04") + "–" + c.window.End.UTC().Format("15:04 UTC")
	if c.scanned == 0 {
		return "No log lines between " + span + " in the configured sources; check that they cover this time and service."
	}
	var b strings.Builder
	if origin == nil {
		fmt.Fprintf(&b, "No unusual errors in %d log lines between %s; they look like the baseline before.", c.scanned, span)
	} else {
		svc := origin.Service
		if svc == "" {
			svc = "an unnamed service"
		}
		first := ""
		if ps := c.firstSeen(origin.Template); ps != nil {
			first = " from " + ps.firstSeen.UTC().Format(time.TimeOnly)
		}
		fmt.Fprintf(&b, "%s in %s%s: %s.", res.RootCause.ErrorType, svc, first, res.RootCause.Description)
		if n := len(res.AffectedServices); n > 1 {
			fmt.Fprintf(&b, " %d services involved.", n)
		}
	}
	for _, m := range res.Identifiers {
		if m.Count > 0 {
			fmt.Fprintf(&b, " %s %s appears in %d lines.", m.Kind, m.Value, m.Count)
		}
	}
	return b.String()
}

func matchedIdentifiers(ms []IdentifierMatch) []IdentifierMatch {
	out := make([]IdentifierMatch, 0, len(ms))
	return append(out, ms...)
}

func nonNilChanges(ch []PatternChange) []PatternChange {
	if ch == nil {
		return []PatternChange{}
	}
	return ch
}
