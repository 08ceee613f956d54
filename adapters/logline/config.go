package logline

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sigsentry/hub/core"
)

// Config reads the settings of a log source (project.LogSource.Config).
// Each getter records the key as known; the first mistake is kept and
// returned by Err as a *core.Error naming config.<key>, so that a form can
// show it beside the field.
type Config struct {
	values map[string]any
	known  map[string]bool
	err    error
}

// NewConfig reads values, which may be nil.
func NewConfig(values map[string]any) *Config {
	return &Config{values: values, known: map[string]bool{}}
}

// String returns a string setting, trimmed, or def when it is absent or
// empty.
func (c *Config) String(key, def string) string {
	c.known[key] = true
	v, ok := c.values[key]
	if !ok || v == nil {
		return def
	}
	s, ok := v.(string)
	if !ok {
		c.fail(key, "must be a string")
		return def
	}
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return def
}

// Int returns an integer setting in [lo, hi], or def when absent. JSON
// numbers (float64), Go integers and decimal strings are accepted.
func (c *Config) Int(key string, def, lo, hi int) int {
	c.known[key] = true
	v, ok := c.values[key]
	if !ok || v == nil {
		return def
	}
	var n float64
	switch v := v.(type) {
	case float64:
		n = v
	case int:
		n = float64(v)
	case int64:
		n = float64(v)
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			c.fail(key, "must be a whole number")
			return def
		}
		n = f
	case string:
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			c.fail(key, "must be a whole number")
			return def
		}
		n = float64(i)
	default:
		c.fail(key, "must be a whole number")
		return def
	}
	if n != math.Trunc(n) || n < float64(lo) || n > float64(hi) {
		c.fail(key, "must be a whole number from %d to %d", lo, hi)
		return def
	}
	return int(n)
}

// Duration returns a duration setting written as a Go duration ("30s") or
// a number of seconds, or def when absent.
func (c *Config) Duration(key string, def, lo, hi time.Duration) time.Duration {
	c.known[key] = true
	v, ok := c.values[key]
	if !ok || v == nil {
		return def
	}
	var d time.Duration
	switch v := v.(type) {
	case string:
		var err error
		if d, err = time.ParseDuration(strings.TrimSpace(v)); err != nil {
			c.fail(key, "must be a duration such as 30s")
			return def
		}
	case float64:
		d = time.Duration(v * float64(time.Second))
	case int:
		d = time.Duration(v) * time.Second
	default:
		c.fail(key, "must be a duration such as 30s")
		return def
	}
	if d < lo || d > hi {
		c.fail(key, "must be from %s to %s", lo, hi)
		return def
	}
	return d
}

// Allow marks keys as known without reading them (keys the core reads
// itself, such as format for file sources).
func (c *Config) Allow(keys ...string) {
	for _, k := range keys {
		c.known[k] = true
	}
}

// Err returns the first mistake, or an error naming a key that no getter
// read: a misspelt setting ("time_feild") would otherwise be ignored and
// its default used without a word.
func (c *Config) Err() error {
	if c.err != nil {
		return c.err
	}
	var unknown []string
	for k := range c.values {
		if !c.known[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	known := make([]string, 0, len(c.known))
	for k := range c.known {
		known = append(known, k)
	}
	sort.Strings(known)
	return core.Invalid("config."+unknown[0], "unknown setting; this source type reads %s", strings.Join(known, ", "))
}

// Fail records a mistake in key found by the caller.
func (c *Config) Fail(key, format string, args ...any) { c.fail(key, format, args...) }

func (c *Config) fail(key, format string, args ...any) {
	if c.err == nil {
		c.err = core.Invalid("config."+key, format, args...)
	}
}

// ParserOptions reads the settings every source type shares: time_field,
// level_field, service_field, message_field (one name or a comma-separated
// list), service, time_layout and timezone.
func (c *Config) ParserOptions(format Format) Options {
	o := Options{Format: format}
	o.Fields.Time = SplitNames(c.String("time_field", ""))
	o.Fields.Level = SplitNames(c.String("level_field", ""))
	o.Fields.Service = SplitNames(c.String("service_field", ""))
	o.Fields.Message = SplitNames(c.String("message_field", ""))
	o.Service = c.String("service", "")
	o.TimeLayout = c.String("time_layout", "")
	if o.TimeLayout != "" && !validLayout(o.TimeLayout) {
		c.fail("time_layout", "must be a Go time layout such as 2006-01-02 15:04:05 (or unix, unix_ms, unix_us, unix_ns); got %q", o.TimeLayout)
	}
	if tz := c.String("timezone", ""); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			c.fail("timezone", "unknown time zone %q; use an IANA name such as Europe/Paris", tz)
		}
		o.Location = loc
	}
	return o
}

// validLayout reports whether layout is an epoch name or mentions at least
// a year-less date or a clock: a layout without any reference element
// would "parse" every line to the same instant.
func validLayout(layout string) bool {
	switch layout {
	case "unix", "unix_ms", "unix_us", "unix_ns":
		return true
	}
	probe := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	return probe.Format(layout) != layout
}
