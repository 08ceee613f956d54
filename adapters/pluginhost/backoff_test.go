package pluginhost

import (
	"testing"
	"time"
)

func TestRestartsBackOffAndFail(t *testing.T) {
	r := restarts{policy: RestartPolicy{}.withDefaults()}
	t0 := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	type step struct {
		at       time.Duration // since t0
		ranFor   time.Duration
		wait     time.Duration
		n        int
		failed   bool
		describe string
	}
	steps := []step{
		{0, time.Second, time.Second, 1, false, "first crash waits Initial"},
		{2 * time.Second, time.Second, 2 * time.Second, 2, false, "second doubles"},
		{2 * time.Hour, 5 * time.Second, 4 * time.Second, 1, false, "old crashes leave the window, backoff keeps growing"},
		{3 * time.Hour, 15 * time.Minute, time.Second, 1, false, "a healthy run resets the backoff"},
		{3*time.Hour + time.Minute, time.Second, 2 * time.Second, 2, false, ""},
		{3*time.Hour + 2*time.Minute, time.Second, 0, 3, true, "third crash within the hour fails"},
	}
	for _, s := range steps {
		wait, n, failed := r.crashed(t0.Add(s.at), s.ranFor)
		if wait != s.wait || n != s.n || failed != s.failed {
			t.Errorf("%s: crashed(+%s, ran %s) = %s, %d, %v; want %s, %d, %v", s.describe, s.at, s.ranFor,
				wait, n, failed, s.wait, s.n, s.failed)
		}
	}
}

func TestRestartsCapAtMax(t *testing.T) {
	r := restarts{policy: RestartPolicy{MaxCrashes: 100}.withDefaults()}
	now := time.Now()
	var wait time.Duration
	for i := range 10 {
		wait, _, _ = r.crashed(now.Add(time.Duration(i)*time.Second), 0)
	}
	if wait != time.Minute {
		t.Errorf("wait after 10 crashes = %s, want the 60 s cap", wait)
	}
}
