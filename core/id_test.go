package core

import (
	"regexp"
	"sort"
	"testing"
	"time"
)

func TestNewIDShapeAndOrder(t *testing.T) {
	shape := regexp.MustCompile(`^prj_[0-9a-hjkmnp-tv-z]{26}$`)
	var ids []string
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		id := NewID(PrefixProject)
		if !shape.MatchString(id) {
			t.Fatalf("id %q has the wrong shape", id)
		}
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
		ids = append(ids, id)
		if i%50 == 0 {
			time.Sleep(2 * time.Millisecond)
		}
	}
	// Ids made in later milliseconds sort after earlier ones.
	first, last := ids[0], ids[len(ids)-1]
	if !sort.StringsAreSorted([]string{first[:14], last[:14]}) || first[:14] == last[:14] {
		t.Errorf("time prefix does not sort: %s then %s", first, last)
	}
}

func TestNewIDSortsWithinOneMillisecond(t *testing.T) {
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = NewID(PrefixAnalysis)
	}
	if !sort.StringsAreSorted(ids) {
		t.Fatal("ids made one after another must sort in creation order")
	}
}

func TestSeverityOrder(t *testing.T) {
	if !SeverityCritical.AtLeast(SeverityHigh) || SeverityMedium.AtLeast(SeverityHigh) {
		t.Error("AtLeast ordering wrong")
	}
	if Severity("urgent").Valid() || Severity("").AtLeast(SeverityLow) {
		t.Error("unknown severities must be invalid")
	}
	if _, err := ParseSeverity("severity", "HIGH"); err == nil || ErrorField(err) != "severity" {
		t.Errorf("ParseSeverity must name the field: %v", err)
	}
}

func TestWindowBaseline(t *testing.T) {
	end := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	w := Window{Start: end.Add(-2 * time.Hour), End: end}
	b := w.Baseline()
	if !b.End.Equal(w.Start) || b.Duration() != w.Duration() {
		t.Errorf("baseline %v of %v", b, w)
	}
	if !w.Contains(w.Start) || w.Contains(w.End) {
		t.Error("window must be half-open")
	}
}

func TestErrorHelpers(t *testing.T) {
	err := Invalid("services[0].name", "is required")
	if ErrorCode(err) != ErrInvalid || ErrorField(err) != "services[0].name" ||
		ErrorMessage(err) != "services[0].name: is required" {
		t.Errorf("got %q %q %q", ErrorCode(err), ErrorField(err), ErrorMessage(err))
	}
	plain := errorString("pq: relation does not exist")
	if ErrorCode(plain) != ErrInternal || ErrorMessage(plain) != "internal error" {
		t.Error("non-domain errors must not leak their text")
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }
