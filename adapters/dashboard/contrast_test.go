package dashboard

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestStylesheetContrast checks every CSS rule that sets both a text colour
// and a background against WCAG AA (4.5:1 for text), and the focus ring
// against the page (3:1), so a colour tweak cannot make a badge unreadable.
func TestStylesheetContrast(t *testing.T) {
	raw, err := staticFS.ReadFile("static/dashboard.css")
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(raw), "")
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`(--[\w-]+):\s*(#[0-9a-fA-F]{6})`).FindAllStringSubmatch(css, -1) {
		vars[m[1]] = m[2]
	}
	resolve := func(v string) string {
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
		if m := regexp.MustCompile(`^var\((--[\w-]+)\)$`).FindStringSubmatch(v); m != nil {
			return vars[m[1]]
		}
		if regexp.MustCompile(`^#[0-9a-fA-F]{3}$`).MatchString(v) { // #fff → #ffffff
			return "#" + strings.Repeat(v[1:2], 2) + strings.Repeat(v[2:3], 2) + strings.Repeat(v[3:4], 2)
		}
		return v
	}
	rules := regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`).FindAllStringSubmatch(css, -1)
	checked := 0
	for _, r := range rules {
		decl := map[string]string{}
		for _, d := range strings.Split(r[2], ";") {
			if k, v, ok := strings.Cut(d, ":"); ok {
				decl[strings.TrimSpace(k)] = resolve(v)
			}
		}
		fg, bg := decl["color"], decl["background"]
		if !isHex(fg) || !isHex(bg) {
			continue
		}
		checked++
		if c := contrast(fg, bg); c < 4.5 {
			t.Errorf("%s: text %s on %s has contrast %.2f, want ≥ 4.5", strings.TrimSpace(r[1]), fg, bg, c)
		}
	}
	if checked < 15 {
		t.Fatalf("only %d rules with text and background found; is the parser still right?", checked)
	}
	for _, pair := range [][2]string{{"--text", "--bg"}, {"--muted", "--bg"}, {"--muted", "--subtle"}, {"--link", "--bg"}, {"--bad", "--bg"}} {
		if c := contrast(vars[pair[0]], vars[pair[1]]); c < 4.5 {
			t.Errorf("%s on %s: contrast %.2f, want ≥ 4.5", pair[0], pair[1], c)
		}
	}
	if c := contrast(vars["--focus"], vars["--bg"]); c < 3 {
		t.Errorf("focus ring contrast %.2f, want ≥ 3", c)
	}
}

func isHex(s string) bool { return regexp.MustCompile(`^#[0-9a-fA-F]{6}$`).MatchString(s) }

// contrast is the WCAG 2 contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var lin [3]float64
	for i := range lin {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
}
