package dashboard

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sigsentry/hub/core/project"
)

// funcs are the helpers templates may call. Times are shown in UTC with the
// zone named, because admins, agents and logs sit in different zones.
func (d *Dashboard) funcs() template.FuncMap {
	return template.FuncMap{
		"ts":    formatTime,
		"iso":   isoTime,
		"ago":   func(v any) string { return ago(v, d.now()) },
		"fid":   fieldID,
		"clip":  clipText,
		"num":   formatCount,
		"pct":   func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + " %" },
		"pval":  formatPValue,
		"words": func(v any) string { return strings.ReplaceAll(fmt.Sprint(v), "_", " ") },
		"join":  strings.Join,
		"input": input,
		// Log sources and platforms in words.
		"sourceType":   sourceType,
		"sourceTarget": sourceTarget,
		"platformName": platformName,
		"hint":         d.hint,
	}
}

// asTime accepts time.Time and *time.Time; nil and zero are "not yet".
func asTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero()
	case *time.Time:
		if t == nil {
			return time.Time{}, false
		}
		return *t, !t.IsZero()
	}
	return time.Time{}, false
}

func formatTime(v any) string {
	t, ok := asTime(v)
	if !ok {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

func isoTime(v any) string {
	t, ok := asTime(v)
	if !ok {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ago says how long ago v was, in the largest whole unit.
func ago(v any, now time.Time) string {
	t, ok := asTime(v)
	if !ok {
		return ""
	}
	d := now.Sub(t)
	unit := func(n int, s string) string {
		if n == 1 {
			return "1 " + s + " ago"
		}
		return fmt.Sprintf("%d %ss ago", n, s)
	}
	switch {
	case d < 0:
		return "just now"
	case d < time.Minute:
		return unit(int(d/time.Second), "second")
	case d < time.Hour:
		return unit(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return unit(int(d/time.Hour), "hour")
	}
	return unit(int(d/(24*time.Hour)), "day")
}

// fieldID turns a form field name such as "services[0].name" into an HTML id
// that also works as a CSS selector: "f-services-0-name".
func fieldID(name string) string {
	var b strings.Builder
	b.WriteString("f-")
	dash := false
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// formatCount writes 120000 as "120,000".
func formatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + formatCount(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// sourceType names a log source type as people know it.
func sourceType(t string) string {
	switch t {
	case project.SourceFile:
		return "Log files"
	case project.SourceLoki:
		return "Loki"
	case project.SourceElastic:
		return "Elasticsearch"
	}
	return t
}

// sourceTarget says what a source reads: a path, or a URL and a query or index.
func sourceTarget(s *project.LogSource) string {
	str := func(k string) string { v, _ := s.Config[k].(string); return v }
	switch s.Type {
	case project.SourceFile:
		return str("path") + " (" + str("format") + ")"
	case project.SourceLoki:
		return str("url") + " " + str("query")
	case project.SourceElastic:
		return str("url") + " index " + str("index")
	}
	return ""
}

// platformName is a desk's name from its plugin id: "intercom" → "Intercom".
func platformName(id string) string {
	if id == "" {
		return id
	}
	return strings.ToUpper(id[:1]) + id[1:]
}

func formatPValue(p float64) string {
	if p < 0.001 {
		return "< 0.001"
	}
	return strconv.FormatFloat(p, 'f', 3, 64)
}
