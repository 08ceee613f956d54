package pluginhost

import (
	"regexp"
	"strings"

	"github.com/sigsentry/hub/plugins/sdk"
)

// redactKey matches attribute keys whose values are credentials.
var redactKey = regexp.MustCompile(`(?i)secret|token|password|passwd|authorization|api[_-]?key|cookie|credential`)

const redacted = "[redacted]"

// redactor keeps the plugin's secret settings (config keys marked secret)
// out of forwarded log lines, whatever key or message a plugin puts them in.
type redactor struct {
	secrets []string
}

// minSecret is the shortest value treated as a secret: replacing every "1"
// in the log because a test setting was "1" would hide more than it keeps.
const minSecret = 4

func newRedactor(keys []sdk.ConfigKey, settings map[string]string) *redactor {
	r := &redactor{}
	for _, k := range keys {
		if v := settings[k.Key]; k.Secret && len(v) >= minSecret {
			r.secrets = append(r.secrets, v)
		}
	}
	return r
}

func (r *redactor) string(s string) string {
	if r == nil {
		return s
	}
	for _, v := range r.secrets {
		s = strings.ReplaceAll(s, v, redacted)
	}
	return s
}

func (r *redactor) value(key string, v any) any {
	if key != "" && redactKey.MatchString(key) {
		return redacted
	}
	if s, ok := v.(string); ok {
		return r.string(s)
	}
	return v
}
