package triage

import "time"

// placeClock puts a time of day on a day. Without a day it is the latest
// such moment not after the conversation ("since 9" at 08:00 is 21:00 last
// night; "since 3" at 15:20 is 15:00, not 03:00). On a day the customer
// names, an hour without am/pm follows the part of the day when one was
// said ("yesterday morning at 9") and otherwise business hours: 7–11 in the
// morning, 12–6 in the afternoon ("yesterday around 3" is 15:00).
func placeClock(c clock, d dayRef, now time.Time) (time.Time, bool) {
	hours := candidateHours(c, d)
	if d.set {
		base, ok := dayStart(d, now)
		return at(base, hours[0], c.m), ok
	}
	today, _ := dayStart(dayRef{}, now)
	var best time.Time
	for _, day := range []time.Time{today, today.AddDate(0, 0, -1)} {
		for _, h := range hours {
			if t := at(day, h, c.m); !t.After(now.Add(skewAllowed)) && t.After(best) {
				best = t
			}
		}
		if !best.IsZero() {
			return best, true
		}
	}
	return best, false
}

// candidateHours lists the hours a clock may mean, the likelier first.
func candidateHours(c clock, d dayRef) []int {
	h := c.h
	switch {
	case c.mer == 'a':
		return []int{h % 12}
	case c.mer == 'p':
		return []int{h%12 + 12}
	case c.h24 || h == 12 || h == 0:
		return []int{h}
	case d.mer == 'a':
		return []int{h}
	case d.mer == 'p':
		return []int{h + 12}
	case h >= 7:
		return []int{h, h + 12}
	}
	return []int{h + 12, h}
}

// after places the end of an interval: the first moment with that time of
// day after start.
func after(c clock, start time.Time) time.Time {
	hours := candidateHours(c, dayRef{})
	if len(hours) == 2 && hours[0] > hours[1] {
		hours[0], hours[1] = hours[1], hours[0]
	}
	for _, day := range []time.Time{start, start.AddDate(0, 0, 1)} {
		for _, h := range hours {
			if t := at(day, h, c.m); t.After(start) {
				return t
			}
		}
	}
	return start
}

func at(day time.Time, h, m int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, day.Location())
}
