package analysis

import (
	"sort"
)

// maxPatterns bounds the changed patterns a result lists.
const maxPatterns = 20

// minNewCount is how often a template must occur in the window, with none
// in the baseline, to count as new rather than noise.
const minNewCount = 3

// patternChanges lists the templates whose count rose significantly against
// the baseline (or that are new), errors first, most significant first.
func patternChanges(c *collector) []PatternChange {
	var out []PatternChange
	for _, ps := range c.merged() {
		if ps.window == 0 {
			continue
		}
		p := risePValue(ps.window, ps.baseline)
		isNew := ps.baseline == 0 && ps.window >= minNewCount
		if !isNew && p >= spikePValue {
			continue
		}
		out = append(out, PatternChange{
			Template: ps.cluster.Template(), Service: ps.service, Level: ps.level,
			WindowCount: ps.window, BaselineCount: ps.baseline, New: isNew, PValue: p, Example: ps.example,
		})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ea, eb := levelRank(a.Level) >= 3, levelRank(b.Level) >= 3; ea != eb {
			return ea
		}
		if a.PValue != b.PValue {
			return a.PValue < b.PValue
		}
		if a.WindowCount != b.WindowCount {
			return a.WindowCount > b.WindowCount
		}
		return a.Template < b.Template
	})
	if len(out) > maxPatterns {
		out = out[:maxPatterns]
	}
	return out
}

// firstSeen finds when a changed template first appeared in the window.
func (c *collector) firstSeen(template string) (ps *patternStats) {
	for _, p := range c.merged() {
		if p.cluster.Template() == template && (ps == nil || p.firstSeen.Before(ps.firstSeen)) {
			ps = p
		}
	}
	return ps
}

// risingServices are the services whose error count rose significantly.
func risingServices(c *collector) []*serviceStats {
	var out []*serviceStats
	for _, s := range c.services {
		if s.windowErrors == 0 {
			continue
		}
		if s.baselineErrors == 0 && s.windowErrors >= minNewCount || risePValue(s.windowErrors, s.baselineErrors) < spikePValue {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].firstError.Equal(out[j].firstError) {
			return out[i].firstError.Before(out[j].firstError)
		}
		return out[i].name < out[j].name
	})
	return out
}
