package triage

import (
	"testing"
	"time"
)

// windowCase triages text written at created (UTC) by a customer in zone
// and expects [start, end] as UTC "2006-01-02 15:04" (end "" is created).
type windowCase struct {
	rule, text, zone, created, start, end string
	evidence                              string
}

func checkWindows(t *testing.T, cases []windowCase) {
	t.Helper()
	var zones Zones
	for _, tc := range cases {
		loc, err := zones.Load(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		created := mustTime(t, tc.created)
		d := Triage(Input{Text: tc.text, CreatedAt: created, Location: loc}, nil)
		end := created
		if tc.end != "" {
			end = mustTime(t, tc.end)
		}
		if !d.Window.Start.Equal(mustTime(t, tc.start)) || !d.Window.End.Equal(end) {
			t.Errorf("%s: %q at %s (%s): window %s – %s, want %s – %s", tc.rule, tc.text, tc.created, tc.zone,
				d.Window.Start.Format("2006-01-02 15:04"), d.Window.End.Format("2006-01-02 15:04"), tc.start, end.Format("2006-01-02 15:04"))
		}
		if d.Window.Start.Location() != time.UTC || d.Window.End.Location() != time.UTC {
			t.Errorf("%s: window not in UTC", tc.rule)
		}
		if tc.evidence != "" && !contains(d.Evidence, tc.evidence) {
			t.Errorf("%s: evidence %q lacks %q", tc.rule, d.Evidence, tc.evidence)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

const tue = "2026-03-10 15:20" // a Tuesday

func TestWindowExplicitTimes(t *testing.T) {
	checkWindows(t, []windowCase{
		{"contract example", "Checkout fails with error 500 since 2pm", "", tue, "2026-03-10 14:00", "", "since 2pm"},
		{"contract example in Berlin", "Checkout fails with error 500 since 2pm", "Europe/Berlin", tue, "2026-03-10 13:00", "", "since 2pm"},
		{"24-hour point", "It crashed at 14:05", "", tue, "2026-03-10 13:50", "", "at 14:05"},
		{"ISO date and time", "Failing since 2026-03-09 22:00", "", tue, "2026-03-09 22:00", "", ""},
		{"ISO with T and Z", "first error at 2026-03-10T09:15:00Z", "Asia/Tokyo", tue, "2026-03-10 09:00", "", ""},
		{"zone abbreviation wins", "since 10:30 CET", "America/New_York", tue, "2026-03-10 09:30", "", "since 10:30 CET"},
		{"UTC offset", "since 10:30 UTC+2", "", tue, "2026-03-10 08:30", "", ""},
		{"around widens", "around 3pm it broke", "", tue, "2026-03-10 14:30", "", ""},
		{"started at is the onset", "it started at 11:20", "", tue, "2026-03-10 11:20", "", ""},
		{"closed interval", "between 2 and 3pm checkout failed", "", tue, "2026-03-10 14:00", "2026-03-10 15:00", "between 2 and 3pm"},
		{"hyphen interval", "slow from 13:00-13:40 UTC", "", tue, "2026-03-10 13:00", "2026-03-10 13:40", ""},
		{"interval across noon", "from 11 to 1pm", "", tue, "2026-03-10 11:00", "2026-03-10 13:00", ""},
		{"noon", "since noon", "", tue, "2026-03-10 12:00", "", ""},
		{"month and day", "since March 9th at 18:00", "", tue, "2026-03-09 18:00", "", ""},
		{"day and month", "on 9 March around 10am", "", tue, "2026-03-09 09:30", "", ""},
	})
}

func TestWindowRelativePhrases(t *testing.T) {
	checkWindows(t, []windowCase{
		{"minutes ago", "it failed 20 minutes ago", "", tue, "2026-03-10 14:45", "", "20 minutes ago"},
		{"since … ago is an onset", "down since 20 minutes ago", "", tue, "2026-03-10 15:00", "", ""},
		{"vague ago", "a couple of hours ago", "", tue, "2026-03-10 12:50", "", ""},
		{"half an hour", "half an hour ago", "", tue, "2026-03-10 14:35", "", ""},
		{"for the last", "slow for the last two hours", "", tue, "2026-03-10 13:20", "", "for the last two hours"},
		{"in the past", "errors in the past 30 minutes", "", tue, "2026-03-10 14:50", "", ""},
		{"non-native since", "broken since 2 days", "", tue, "2026-03-08 15:20", "", ""},
		{"for hours", "it has been failing for hours", "", tue, "2026-03-10 12:20", "", ""},
		{"this morning in the customer's zone", "since this morning", "Europe/Berlin", tue, "2026-03-10 05:00", "", ""},
		{"this afternoon", "this afternoon it broke", "", tue, "2026-03-10 12:00", "", ""},
		{"today", "slow today", "America/New_York", tue, "2026-03-10 04:00", "", ""},
		{"yesterday", "since yesterday", "", tue, "2026-03-09 00:00", "", ""},
		{"yesterday around 3 is the afternoon", "yesterday around 3 it failed", "", tue, "2026-03-09 14:30", "", "yesterday around 3"},
		{"yesterday morning at 9", "yesterday morning at 9", "", tue, "2026-03-09 08:45", "", ""},
		{"last night", "it crashed last night", "", tue, "2026-03-09 20:00", "", ""},
		{"weekday", "since Monday", "", tue, "2026-03-09 00:00", "", ""},
		{"last weekday, capped at a week", "since last Tuesday", "", tue, "2026-03-03 15:20", "", ""},
		{"weekend", "since the weekend", "", tue, "2026-03-07 00:00", "", ""},
		{"explicit beats relative", "since yesterday, worst at 14:05", "", tue, "2026-03-10 13:50", "", "at 14:05"},
		{"earliest onset of a kind", "at 14:05 and again at 14:40", "", tue, "2026-03-10 13:50", "", ""},
	})
}

// TestWindowTraps are the classic mistakes of date parsers on support text.
func TestWindowTraps(t *testing.T) {
	def := "2026-03-10 13:20" // the default two-hour buffer
	checkWindows(t, []windowCase{
		{"2 factor auth", "2 factor auth codes arrive late", "", tue, def, "", ""},
		{"error 500", "error 500 on checkout", "", tue, def, "", ""},
		{"may the verb", "it may be down, may I ask?", "", tue, def, "", ""},
		{"may 3 users", "may 3 users log in at once?", "", tue, def, "", ""},
		{"bare numbers", "we have 3 stores and 14 users", "", tue, def, "", ""},
		{"a count after at", "at 3 users it slows down", "", tue, def, "", ""},
		{"a range of counts", "delayed by 10-15 minutes", "", tue, def, "", ""},
		{"between counts", "between 2 and 3 customers a day complain", "", tue, def, "", ""},
		{"money", "refund of $500 since 10 days", "", tue, "2026-03-03 15:20", "", ""},
		{"version numbers", "since v2.14 the export fails", "", tue, def, "", ""},
		{"durations of a symptom", "it freezes for a few seconds", "", tue, def, "", ""},
		{"future is not a window", "we launch tomorrow at 9 and next week", "", tue, def, "", ""},
		{"describing data", "orders from the last 3 days are missing", "", tue, def, "", ""},
		{"last month is no window", "we moved last month", "", tue, def, "", ""},
		{"weekday without a preposition", "the week starts (Sunday instead of Monday)", "", tue, def, "", ""},
		{"possessive day", "it shows yesterday's balance", "", tue, def, "", ""},
		{"since yesterday's update", "broken since yesterday's update", "", tue, "2026-03-09 00:00", "", ""},
	})
}

// TestWindowAmbiguousHours: an hour without am/pm is the latest past one
// today, and a time later than the conversation is yesterday's.
func TestWindowAmbiguousHours(t *testing.T) {
	checkWindows(t, []windowCase{
		{"latest past hour", "since 3", "", tue, "2026-03-10 15:00", "", ""},
		{"morning hour", "since 9", "", tue, "2026-03-10 09:00", "", ""},
		{"24-hour clock is not guessed", "since 09:30", "", tue, "2026-03-10 09:30", "", ""},
		{"later today is yesterday", "since 5pm", "", tue, "2026-03-09 17:00", "", ""},
		{"small skew is now", "at 15:25", "", tue, "2026-03-10 15:10", "", ""},
		{"month later this year is last year", "since December 24", "", tue, "2026-03-03 15:20", "", ""},
	})
}

// TestWindowBounds: never in the future, never empty, at most a week,
// across daylight-saving changes.
func TestWindowBounds(t *testing.T) {
	checkWindows(t, []windowCase{
		{"at least five minutes", "since 15:19", "", tue, "2026-03-10 15:15", "", ""},
		{"at most a week", "since February 1st", "", tue, "2026-03-03 15:20", "", ""},
		{"interval end clamped to now", "between 15:00 and 16:00", "", tue, "2026-03-10 15:00", "", ""},
		{"DST day in New York", "since 1am", "America/New_York", "2026-03-08 12:00", "2026-03-08 06:00", "", ""},
		{"after the spring change", "since 9am", "America/New_York", "2026-03-08 15:00", "2026-03-08 13:00", "", ""},
	})
	d := Triage(Input{Text: "nothing about time", CreatedAt: mustTime(t, tue), TimeBufferHours: 6}, nil)
	if want := mustTime(t, "2026-03-10 09:20"); !d.Window.Start.Equal(want) {
		t.Errorf("six-hour buffer: start %s", d.Window.Start)
	}
	for h, want := range map[int]time.Duration{0: 2 * time.Hour, -3: time.Hour, 99: 24 * time.Hour} {
		if got := bufferHours(h); got != want {
			t.Errorf("bufferHours(%d) = %s, want %s", h, got, want)
		}
	}
}
