package pluginhost

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/sigsentry/hub/plugins/sdk"
)

func TestHCLoggerForwardsPluginLinesAndQuietsGoPlugin(t *testing.T) {
	rec, log := newLogRecorder(t)
	red := newRedactor([]sdk.ConfigKey{{Key: "client_secret", Secret: true}, {Key: "region"}},
		map[string]string{"client_secret": "s3cr3t-value", "region": "eu"})
	l := newHCLogger(log.With("plugin", "alpha"), "sigsentry-alpha", red)

	// go-plugin's own line: capped at Debug.
	l.Error("plugin process exited", "plugin", "/p/alpha/sigsentry-alpha", "error", "signal: killed")
	// The plugin's line, as go-plugin relays it from stderr.
	l.Named("sigsentry-alpha").Warn("desk slow", "timestamp", "2026-01-01T00:00:00Z", "@module", "intercom",
		"access_token", "tok", "detail", "using s3cr3t-value now", "region", "eu")

	own := rec.find(func(r record) bool { return r.Msg == "plugin process exited" })
	if len(own) != 1 || own[0].Level != slog.LevelDebug || own[0].Attrs["plugin"] != "alpha" ||
		own[0].Attrs["executable"] != "/p/alpha/sigsentry-alpha" {
		t.Errorf("go-plugin's line = %v, want one Debug line with plugin=alpha and its path as executable", own)
	}
	got := rec.find(func(r record) bool { return r.Msg == "desk slow" })
	if len(got) != 1 {
		t.Fatalf("plugin lines = %v, want one", got)
	}
	a := got[0].Attrs
	switch {
	case got[0].Level != slog.LevelWarn:
		t.Errorf("level = %s, want the plugin's WARN", got[0].Level)
	case a["plugin"] != "alpha":
		t.Errorf("plugin = %q, want alpha", a["plugin"])
	case a["timestamp"] != "":
		t.Errorf("timestamp kept: %q", a["timestamp"])
	case a["module"] != "intercom":
		t.Errorf("module = %q, want intercom", a["module"])
	case a["access_token"] != redacted:
		t.Errorf("access_token = %q, want it redacted by key", a["access_token"])
	case strings.Contains(a["detail"], "s3cr3t-value"):
		t.Errorf("detail = %q: the secret setting's value leaked", a["detail"])
	case a["region"] != "eu":
		t.Errorf("region = %q: a setting that is not secret should stay", a["region"])
	}
}

func TestHCLoggerLevelFollowsTheHandler(t *testing.T) {
	log := slog.New(slog.NewTextHandler(&strings.Builder{}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	l := newHCLogger(log, "x", nil)
	if got := l.GetLevel(); got != hclog.Warn {
		t.Errorf("GetLevel = %s, want warn", got)
	}
	if l.IsInfo() || !l.IsError() {
		t.Errorf("IsInfo = %v, IsError = %v; want false, true", l.IsInfo(), l.IsError())
	}
}

func TestLineLoggerSplitsLinesAndBoundsThem(t *testing.T) {
	rec, log := newLogRecorder(t)
	w := &lineLogger{log: log, level: slog.LevelWarn, msg: "stdout"}
	_, _ = w.Write([]byte("hello wor"))
	_, _ = w.Write([]byte("ld\r\n\nsecond"))
	_, _ = w.Write([]byte(strings.Repeat("x", maxLine+10)))
	w.Flush()
	lines := rec.find(func(r record) bool { return r.Msg == "stdout" })
	if len(lines) != 3 {
		t.Fatalf("lines = %v, want 3", lines)
	}
	if lines[0].Attrs["line"] != "hello world" || lines[0].Level != slog.LevelWarn {
		t.Errorf("first = %v, want warn \"hello world\"", lines[0])
	}
	if n := len(lines[1].Attrs["line"]); n != maxLine {
		t.Errorf("second line has %d bytes, want the %d cap", n, maxLine)
	}
}
