package triage

import (
	"sync"
	"time"

	"github.com/sigsentry/hub/core"
)

// maxZones bounds the cache: there are about 600 IANA names, so only
// garbage beyond that is not remembered.
const maxZones = 1024

// Zones resolves the IANA time-zone names desks send ("Europe/Berlin") into
// locations for Input.Location, once per name: time.LoadLocation reads and
// parses the zone database on every call, which a hub triaging thousands of
// conversations a second should not repeat. It reads the standard library's
// zone data only (the system's, or time/tzdata when a binary embeds it), so
// it stays a pure lookup. The zero value is ready; safe for concurrent use.
type Zones struct {
	mu sync.RWMutex
	m  map[string]zoneResult
}

type zoneResult struct {
	loc *time.Location
	err error
}

// Load returns the location of an IANA name; "" is UTC. An unknown name is
// an invalid "timezone", and so is "Local", which would make triage depend
// on the machine it runs on.
func (z *Zones) Load(name string) (*time.Location, error) {
	if name == "" || name == "UTC" {
		return time.UTC, nil
	}
	z.mu.RLock()
	r, ok := z.m[name]
	z.mu.RUnlock()
	if ok {
		return r.loc, r.err
	}
	r = load(name)
	z.mu.Lock()
	if z.m == nil {
		z.m = map[string]zoneResult{}
	}
	if len(z.m) < maxZones {
		z.m[name] = r
	}
	z.mu.Unlock()
	return r.loc, r.err
}

func load(name string) zoneResult {
	if name == "Local" {
		return zoneResult{err: core.Invalid("timezone", "must be an IANA time zone such as Europe/Berlin (got %q)", name)}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return zoneResult{err: core.Invalid("timezone", "unknown time zone %q", name)}
	}
	return zoneResult{loc: loc}
}
