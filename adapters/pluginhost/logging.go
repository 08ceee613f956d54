package pluginhost

import (
	"context"
	"io"
	"log"
	"log/slog"
	"regexp"
	"strings"

	"github.com/hashicorp/go-hclog"

	"github.com/sigsentry/hub/plugins/sdk"
)

// hclogLevels maps hclog's levels onto slog's; hclog's Trace sits below Debug.
var hclogLevels = map[hclog.Level]slog.Level{
	hclog.Trace: slog.LevelDebug - 4,
	hclog.Debug: slog.LevelDebug,
	hclog.Info:  slog.LevelInfo,
	hclog.Warn:  slog.LevelWarn,
	hclog.Error: slog.LevelError,
}

// slogLogger is the hclog.Logger go-plugin is given for one plugin. It writes
// into the hub's slog with plugin=<id>, so an operator reads one log.
//
// go-plugin logs two kinds of lines through it: its own (process started,
// exited, handshake details) and the plugin's JSON log lines from stderr,
// which it passes to a child logger named after the binary. The plugin's
// lines keep their level; go-plugin's own are capped at Debug because the
// supervisor already says, once and in the hub's words, what happened.
type slogLogger struct {
	log     *slog.Logger
	name    string
	binary  string // base name of the executable: marks the plugin's own lines
	fromPlg bool
	implied []any
	redact  *redactor
}

var _ hclog.Logger = (*slogLogger)(nil)

func newHCLogger(log *slog.Logger, binary string, r *redactor) *slogLogger {
	return &slogLogger{log: log, binary: binary, redact: r}
}

func (l *slogLogger) Log(level hclog.Level, msg string, args ...any) {
	lv, ok := hclogLevels[level]
	if !ok {
		lv = slog.LevelInfo
	}
	if !l.fromPlg && lv > slog.LevelDebug {
		lv = slog.LevelDebug
	}
	ctx := context.Background()
	if !l.log.Enabled(ctx, lv) {
		return
	}
	attrs := make([]any, 0, len(l.implied)+len(args))
	attrs = append(attrs, l.implied...)
	attrs = append(attrs, l.tidy(args)...)
	l.log.Log(ctx, lv, l.redact.string(msg), attrs...)
}

// tidy drops what would only repeat the hub's own record (go-plugin adds
// the plugin's timestamp; the hub stamps its own) and redacts secrets.
func (l *slogLogger) tidy(args []any) []any {
	out := make([]any, 0, len(args))
	for i := 0; i < len(args); i += 2 {
		if i+1 == len(args) {
			out = append(out, "extra_value", l.redact.value("", args[i]))
			break
		}
		key, ok := args[i].(string)
		if !ok {
			out = append(out, args[i], l.redact.value("", args[i+1]))
			continue
		}
		switch {
		case key == "timestamp":
			continue
		case key == "@module":
			key = "module"
		case key == "plugin" && l.fromPlg:
			key = "plugin_field" // plugin=<id> is the hub's
		case key == "plugin":
			key = "executable" // go-plugin names the plugin by its path
		}
		out = append(out, key, l.redact.value(key, args[i+1]))
	}
	return out
}

func (l *slogLogger) Trace(msg string, args ...any) { l.Log(hclog.Trace, msg, args...) }
func (l *slogLogger) Debug(msg string, args ...any) { l.Log(hclog.Debug, msg, args...) }
func (l *slogLogger) Info(msg string, args ...any)  { l.Log(hclog.Info, msg, args...) }
func (l *slogLogger) Warn(msg string, args ...any)  { l.Log(hclog.Warn, msg, args...) }
func (l *slogLogger) Error(msg string, args ...any) { l.Log(hclog.Error, msg, args...) }

func (l *slogLogger) enabled(level hclog.Level) bool {
	return l.log.Enabled(context.Background(), hclogLevels[level])
}

func (l *slogLogger) IsTrace() bool { return l.enabled(hclog.Trace) }
func (l *slogLogger) IsDebug() bool { return l.enabled(hclog.Debug) }
func (l *slogLogger) IsInfo() bool  { return l.enabled(hclog.Info) }
func (l *slogLogger) IsWarn() bool  { return l.enabled(hclog.Warn) }
func (l *slogLogger) IsError() bool { return l.enabled(hclog.Error) }

func (l *slogLogger) ImpliedArgs() []any { return l.implied }

func (l *slogLogger) With(args ...any) hclog.Logger {
	c := *l
	c.implied = append(append([]any{}, l.implied...), l.tidy(args)...)
	return &c
}

func (l *slogLogger) Name() string { return l.name }

// Named is how go-plugin marks the plugin's own stderr lines: it names the
// child logger after the executable's base name.
func (l *slogLogger) Named(name string) hclog.Logger {
	c := *l
	if l.name == "" && name == l.binary {
		c.fromPlg = true
	}
	if l.name != "" {
		name = l.name + "." + name
	}
	c.name = name
	return &c
}

func (l *slogLogger) ResetNamed(name string) hclog.Logger {
	c := *l
	c.name = ""
	c.fromPlg = false
	return c.Named(name)
}

// SetLevel is ignored: the hub's slog handler decides what is written.
func (l *slogLogger) SetLevel(hclog.Level) {}

// GetLevel reports the lowest level the hub's handler accepts. go-plugin
// uses it to skip parsing plugin lines nobody would see.
func (l *slogLogger) GetLevel() hclog.Level {
	for _, lv := range []hclog.Level{hclog.Trace, hclog.Debug, hclog.Info, hclog.Warn, hclog.Error} {
		if l.enabled(lv) {
			return lv
		}
	}
	return hclog.Off
}

func (l *slogLogger) StandardLogger(*hclog.StandardLoggerOptions) *log.Logger {
	return slog.NewLogLogger(l.log.Handler(), slog.LevelDebug)
}

func (l *slogLogger) StandardWriter(opts *hclog.StandardLoggerOptions) io.Writer {
	return l.StandardLogger(opts).Writer()
}

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
