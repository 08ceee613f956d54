package pluginhost

import "time"

// RestartPolicy says when a crashed plugin is started again and when the
// host gives up on it. The zero value of each field means its default.
type RestartPolicy struct {
	// Initial is the wait before the first restart; each further crash
	// doubles it. Default 1 s.
	Initial time.Duration
	// Max caps the wait. Default 60 s.
	Max time.Duration
	// HealthyAfter: a plugin that ran this long before crashing is restarted
	// after Initial again, as if it had never crashed. Default 10 minutes.
	HealthyAfter time.Duration
	// MaxCrashes crashes within Window mark the plugin failed; it then stays
	// down until the hub restarts. Defaults 3 and 1 hour. Failed starts
	// count as crashes.
	MaxCrashes int
	Window     time.Duration
}

func (p RestartPolicy) withDefaults() RestartPolicy {
	if p.Initial <= 0 {
		p.Initial = time.Second
	}
	if p.Max <= 0 {
		p.Max = time.Minute
	}
	if p.Max < p.Initial {
		p.Max = p.Initial
	}
	if p.HealthyAfter <= 0 {
		p.HealthyAfter = 10 * time.Minute
	}
	if p.MaxCrashes <= 0 {
		p.MaxCrashes = 3
	}
	if p.Window <= 0 {
		p.Window = time.Hour
	}
	return p
}

// Clock is the supervisors' time source; tests pass one they control.
type Clock interface {
	Now() time.Time
	// After behaves like time.After.
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// restarts is one plugin's crash history. It holds no clock: the supervisor
// hands it the time, so the rules are tested without waiting.
type restarts struct {
	policy  RestartPolicy
	wait    time.Duration // the last wait; 0 before the first crash
	crashes []time.Time   // within the window
}

// crashed records a crash at now of a run that lasted ranFor. It returns
// how long to wait before the restart, the number of crashes within the
// window, and whether that number means the plugin has failed.
func (r *restarts) crashed(now time.Time, ranFor time.Duration) (wait time.Duration, n int, failed bool) {
	if ranFor >= r.policy.HealthyAfter {
		r.wait = 0
	}
	kept := r.crashes[:0]
	for _, t := range r.crashes {
		if now.Sub(t) < r.policy.Window {
			kept = append(kept, t)
		}
	}
	r.crashes = append(kept, now)
	if n = len(r.crashes); n >= r.policy.MaxCrashes {
		return 0, n, true
	}
	if r.wait == 0 {
		r.wait = r.policy.Initial
	} else {
		r.wait = min(2*r.wait, r.policy.Max)
	}
	return r.wait, n, false
}
