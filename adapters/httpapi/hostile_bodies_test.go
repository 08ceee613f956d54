package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/httpapi"
)

// TestHostileBodiesAreRefusedQuickly posts bodies an attacker or a broken
// client would send to /api/v1/projects: each gets the JSON error envelope
// (400 or 413) within a second, and none creates a project.
func TestHostileBodiesAreRefusedQuickly(t *testing.T) {
	h := newHub(t, func(d *httpapi.Deps) { d.MaxBodyBytes = 64 << 10 })
	valid := `{"name":"Shop","context":"a shop","services":[{"name":"checkout","aliases":["cart"]}]}`
	for _, tc := range []struct {
		name   string
		body   string
		status int
		code   string
	}{
		{"oversized", `{"name":"Shop","context":"` + strings.Repeat("x", 1<<20) + `"}`, 413, "payload_too_large"},
		{"oversized whitespace", strings.Repeat(" ", 1<<20) + valid, 413, "payload_too_large"},
		{"truncated", valid[:len(valid)/2], 400, "invalid"},
		{"truncated string", `{"name":"Sh`, 400, "invalid"},
		{"truncated escape", `{"name":"Sh\u00`, 400, "invalid"},
		{"non-UTF-8 value", "{\"name\":\"Sh\xffop\"}", 400, "invalid"},
		{"non-UTF-8 key", "{\"na\xc3\x28me\":\"Shop\"}", 400, "invalid"},
		{"UTF-16", "\xff\xfe{\x00\"\x00n\x00\"\x00:\x00\"\x00S\x00\"\x00}\x00", 400, "invalid"},
		{"10,000 nested arrays", strings.Repeat("[", 10000) + strings.Repeat("]", 10000), 400, "invalid"},
		{"10,000 open arrays", strings.Repeat("[", 10000), 400, "invalid"},
		{"10,000 nested objects", strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000), 400, "invalid"},
		{"10,000 levels in a member", `{"name":"Shop","services":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`, 400, "invalid"},
		{"huge number", `{"name":"Shop","services":1e999999}`, 400, "invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			r := h.do("POST", "/api/v1/projects", tc.body)
			if took := time.Since(start); took > time.Second {
				t.Errorf("answered in %v", took)
			}
			r.want(t, tc.status)
			if r.errField("code") != tc.code || r.errField("message") == "" {
				t.Errorf("error envelope %s, want code %q", r.raw, tc.code)
			}
		})
	}
	if got := h.do("GET", "/api/v1/projects", nil).want(t, http.StatusOK); len(got.items()) != 0 {
		t.Fatalf("refused bodies created projects: %s", got.raw)
	}
}
