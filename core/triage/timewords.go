package triage

import "time"

// Words the time parser reads. Month names count only next to a day number
// ("may" alone is a verb), weekday abbreviations not at all ("sat", "sun").

var numberWords = map[string]float64{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
	"several": 3, "few": 3, "couple": 2,
}

// vagueQuantities are numbers the customer only estimates.
var vagueQuantities = map[string]bool{"several": true, "few": true, "couple": true}

var units = map[string]time.Duration{
	"second": time.Second, "seconds": time.Second, "sec": time.Second, "secs": time.Second,
	"minute": time.Minute, "minutes": time.Minute, "min": time.Minute, "mins": time.Minute, "m": time.Minute,
	"hour": time.Hour, "hours": time.Hour, "hr": time.Hour, "hrs": time.Hour, "h": time.Hour,
	"day": 24 * time.Hour, "days": 24 * time.Hour, "d": 24 * time.Hour,
	"week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour, "wk": 7 * 24 * time.Hour,
	"month": 30 * 24 * time.Hour, "months": 30 * 24 * time.Hour,
}

var months = map[string]time.Month{
	"january": time.January, "jan": time.January, "february": time.February, "feb": time.February,
	"march": time.March, "mar": time.March, "april": time.April, "apr": time.April, "may": time.May,
	"june": time.June, "jun": time.June, "july": time.July, "jul": time.July, "august": time.August,
	"aug": time.August, "september": time.September, "sep": time.September, "sept": time.September,
	"october": time.October, "oct": time.October, "november": time.November, "nov": time.November,
	"december": time.December, "dec": time.December,
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

// dayParts start where a support engineer would start reading logs.
var dayParts = map[string]int{"morning": 6, "afternoon": 12, "evening": 18, "night": 20, "lunchtime": 12, "lunch": 12}

// Triggers before a time: onset words make it the start of the window,
// approximation words widen the margin, and either lets a bare number be an
// hour ("since 3", "around 3") where "3 users" is not.
var (
	onsetWords  = map[string]bool{"since": true, "from": true, "starting": true, "started": true, "began": true, "begun": true, "beginning": true, "after": true}
	approxWords = map[string]bool{"around": true, "about": true, "approx": true, "approximately": true, "roughly": true, "circa": true, "~": true}
	pointWords  = map[string]bool{"at": true, "before": true, "until": true, "till": true, "between": true}
)

// zoneOffsets are the time-zone abbreviations customers write after a time.
// They are fixed offsets by definition: "CET" is UTC+1 even in summer.
var zoneOffsets = map[string]int{
	"utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 1, "bst": 1, "cet": 1, "cest": 2, "met": 1,
	"mest": 2, "eet": 2, "eest": 3, "msk": 3, "ist": 5*60 + 30, "sgt": 8, "hkt": 8, "jst": 9,
	"kst": 9, "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13, "est": -5, "edt": -4, "cst": -6,
	"cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "hst": -10,
}

// zones holds one fixed location per abbreviation, built once, read only.
var zones = func() map[string]*time.Location {
	m := make(map[string]*time.Location, len(zoneOffsets))
	for name, off := range zoneOffsets {
		secs := off * 3600
		if name == "ist" {
			secs = off * 60
		}
		m[name] = time.FixedZone(upper(name), secs)
	}
	return m
}()

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
