package logline

import (
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
)

func TestConfigGetters(t *testing.T) {
	c := NewConfig(map[string]any{"a": " x ", "n": float64(12), "s": "7", "d": "2s", "e": float64(3), "blank": ""})
	if got := c.String("a", "def"); got != "x" {
		t.Errorf("String = %q", got)
	}
	if got := c.String("blank", "def"); got != "def" {
		t.Errorf("blank String = %q", got)
	}
	if got := c.Int("n", 1, 1, 100); got != 12 {
		t.Errorf("Int = %d", got)
	}
	if got := c.Int("s", 1, 1, 100); got != 7 {
		t.Errorf("Int from string = %d", got)
	}
	if got := c.Duration("d", 0, 0, time.Hour); got != 2*time.Second {
		t.Errorf("Duration = %v", got)
	}
	if got := c.Duration("e", 0, 0, time.Hour); got != 3*time.Second {
		t.Errorf("Duration from number = %v", got)
	}
	if err := c.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestConfigErrorsNameTheKey(t *testing.T) {
	cases := []struct {
		values map[string]any
		read   func(*Config)
		field  string
	}{
		{map[string]any{"limit": 1.5}, func(c *Config) { c.Int("limit", 1, 1, 10) }, "config.limit"},
		{map[string]any{"limit": float64(11)}, func(c *Config) { c.Int("limit", 1, 1, 10) }, "config.limit"},
		{map[string]any{"url": 3.0}, func(c *Config) { c.String("url", "") }, "config.url"},
		{map[string]any{"timeout": "soon"}, func(c *Config) { c.Duration("timeout", 0, 0, time.Hour) }, "config.timeout"},
		{map[string]any{"time_feild": "ts"}, func(c *Config) { c.ParserOptions(JSON) }, "config.time_feild"},
		{map[string]any{"timezone": "Mars/Olympus"}, func(c *Config) { c.ParserOptions(JSON) }, "config.timezone"},
		{map[string]any{"time_layout": "yyyy-mm-dd"}, func(c *Config) { c.ParserOptions(Text) }, "config.time_layout"},
	}
	for _, tc := range cases {
		c := NewConfig(tc.values)
		tc.read(c)
		err := c.Err()
		if core.ErrorCode(err) != core.ErrInvalid || core.ErrorField(err) != tc.field {
			t.Errorf("%v: got %v (field %q), want an invalid %s", tc.values, err, core.ErrorField(err), tc.field)
		}
	}
}

func TestParserOptionsFromConfig(t *testing.T) {
	c := NewConfig(map[string]any{"time_field": "when, at", "service": "billing", "time_layout": "Jan _2 15:04:05", "timezone": "UTC"})
	o := c.ParserOptions(Text)
	if err := c.Err(); err != nil {
		t.Fatal(err)
	}
	if len(o.Fields.Time) != 2 || o.Fields.Time[1] != "at" || o.Service != "billing" || o.Location != time.UTC {
		t.Fatalf("options = %+v", o)
	}
}
