package triage

import (
	"time"

	"github.com/sigsentry/hub/core"
)

// Window rules, in the words of the issue: explicit timestamps first, then
// relative phrases; the window ends at the conversation (or at the end of a
// closed interval) and starts at the moment the customer named, a little
// earlier when that moment is a point ("at 14:05", "20 minutes ago") rather
// than an onset ("since 2pm"), which is taken as said.
const (
	pointMargin  = 15 * time.Minute
	approxMargin = 30 * time.Minute
	skewAllowed  = 10 * time.Minute // a clock a little ahead of the conversation is skew, not the future
	minWindow    = 5 * time.Minute
	maxWindow    = 7 * 24 * time.Hour
)

// timeRef is an expression placed in time.
type timeRef struct {
	from, to   int
	start, end time.Time // end is zero for "until the conversation"
	explicit   bool      // a clock time or a calendar date
	onset      bool
}

// window decides the window to inspect and the tokens that said so (from <
// 0 when the default applied). created is the conversation time, loc the
// customer's zone.
func window(toks []token, created time.Time, loc *time.Location, buffer time.Duration) (core.Window, span) {
	local := created.In(loc)
	var best *timeRef
	for _, e := range scanTimes(toks, local.Weekday()) {
		r, ok := resolve(e, created, loc)
		if !ok || r.start.After(created.Add(skewAllowed)) || !r.end.IsZero() && !r.end.After(r.start) {
			continue // the future, or an empty interval
		}
		if best == nil || preferred(r, *best) {
			best = &r
		}
	}
	if best == nil {
		return core.Window{Start: created.Add(-buffer).UTC(), End: created.UTC()}, span{-1, -1}
	}
	end := created
	if !best.end.IsZero() && best.end.Before(created) {
		end = best.end
	}
	start := best.start
	if end.Sub(start) < minWindow {
		start = end.Add(-minWindow)
	}
	if end.Sub(start) > maxWindow {
		start = end.Add(-maxWindow)
	}
	return core.Window{Start: start.UTC(), End: end.UTC()}, span{best.from, best.to}
}

// preferred orders candidate references: explicit before relative, the
// onset of the problem before other moments, then the earliest.
func preferred(a, b timeRef) bool {
	if a.explicit != b.explicit {
		return a.explicit
	}
	if a.onset != b.onset {
		return a.onset
	}
	return a.start.Before(b.start)
}

// resolve places an expression in time. Days and hours are counted in the
// zone written next to the time, else in the customer's zone.
func resolve(e expr, created time.Time, loc *time.Location) (timeRef, bool) {
	r := timeRef{from: e.from, to: e.to, onset: e.onset || e.kind == exLast || e.kind == exDay || e.closed}
	margin := pointMargin
	if e.approx {
		margin = approxMargin
	}
	if e.onset && !e.closed {
		margin = 0
		if e.approx {
			margin = pointMargin
		}
	}
	switch e.kind {
	case exAgo:
		r.start = created.Add(-e.dur - margin)
	case exLast:
		r.start = created.Add(-e.dur)
	case exDay:
		base, ok := dayStart(e.day, created.In(loc))
		if !ok {
			return r, false
		}
		r.start, r.explicit = base.Add(time.Duration(max(e.day.part, 0))*time.Hour), e.day.abs
	case exClock:
		zone := loc
		if e.clk.zone != nil {
			zone = e.clk.zone
		}
		start, ok := placeClock(e.clk, e.day, created.In(zone))
		if !ok {
			return r, false
		}
		r.start, r.explicit = start.Add(-margin), true
		if e.closed {
			r.start, r.end = start, after(e.clk2, start)
		}
	}
	return r, true
}

// dayStart is local midnight of the day d names, counted from now; false for
// an impossible date.
func dayStart(d dayRef, now time.Time) (time.Time, bool) {
	y, m, day := now.Date()
	if !d.abs {
		return time.Date(y, m, day+d.offset, 0, 0, 0, 0, now.Location()), true
	}
	year := d.y
	if year == 0 {
		year = y
		if time.Date(year, d.mo, d.d, 0, 0, 0, 0, now.Location()).After(now) {
			year-- // "March 10" written in February is last year's
		}
	}
	t := time.Date(year, d.mo, d.d, 0, 0, 0, 0, now.Location())
	return t, t.Day() == d.d
}
