// Package browsertest runs headless Chromium for tests that click through
// the dashboard as a person would. It is for this repository's browser
// tests; it finds Debian's chromium, starts it with the flags a closed
// network needs, and keeps a screenshot and the HTML of the page a failing
// step was on.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium with one tab, for one test.
type Browser struct {
	t   *testing.T
	ctx context.Context
}

// ExecPath finds Chromium: $SIGSENTRY_CHROMIUM, else chromium,
// chromium-browser or google-chrome on PATH. It returns "" when none is
// installed.
func ExecPath() string {
	if p := os.Getenv("SIGSENTRY_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start launches Chromium for t and ends it when t ends or after limit,
// whichever is first, so a hung page cannot hang the suite. Without
// Chromium the test is skipped, except under CI (CI=true), where a missing
// browser is a broken setup and fails.
func Start(t *testing.T, limit time.Duration) *Browser {
	t.Helper()
	path := ExecPath()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium not found, and CI=true: install it (apt-get install -y chromium) or set SIGSENTRY_CHROMIUM")
		}
		t.Skip("Chromium not found: install it (apt-get install -y chromium) or set SIGSENTRY_CHROMIUM to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		// Without these Chromium waits on the network this machine does
		// not have (QUIC probes, component and variation updates).
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
	)
	ctx, cancelTime := context.WithTimeout(context.Background(), limit)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(func() { cancelTab(); cancelAlloc(); cancelTime() })
	// The first action starts the browser.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	return &Browser{t: t, ctx: ctx}
}

// Context is the tab's chromedp context.
func (b *Browser) Context() context.Context { return b.ctx }

// Do runs steps; on failure it keeps what the page showed and fails the test.
func (b *Browser) Do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.fail(what, err)
	}
}

// Submit runs click (which sends a form) and waits for sel on the page the
// answer brings. The current page is marked first, so that an element the
// old page also has does not end the wait before the answer arrives.
func (b *Browser) Submit(what string, click chromedp.Action[chromedp.Void], sel string) {
	b.t.Helper()
	mark := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`document.documentElement.dataset.stale = "1", true`)(ctx, t)
		return err
	})
	b.Do(what, mark, click, chromedp.WaitVisible(chromedp.CSS("html:not([data-stale]) "+sel)))
}

// Text returns the visible text of the first element sel matches.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	text, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.fail("read the text of "+sel, err)
	}
	return strings.TrimSpace(text)
}

// Location is the tab's current URL.
func (b *Browser) Location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.fail("read the location", err)
	}
	return loc
}

// Screenshot writes a PNG of the whole page to path.
func (b *Browser) Screenshot(path string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", path, err)
	}
}

// fail keeps a screenshot and the HTML of the page in the test's artifact
// directory (kept with go test -artifacts) and fails the test.
func (b *Browser) fail(what string, err error) {
	b.t.Helper()
	dir := b.t.ArtifactDir()
	// A fresh context: the failing one may be past its deadline.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(b.ctx), 5*time.Second)
	defer cancel()
	var kept []string
	if png, e := chromedp.Run(ctx, chromedp.CaptureScreenshot()); e == nil &&
		os.WriteFile(filepath.Join(dir, "failure.png"), png, 0o644) == nil {
		kept = append(kept, "failure.png")
	}
	if html, e := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html"))); e == nil &&
		os.WriteFile(filepath.Join(dir, "failure.html"), []byte(html), 0o644) == nil {
		kept = append(kept, "failure.html")
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("%w (the browser test's time limit, or an element that never appeared)", err)
	}
	b.t.Fatalf("browser: %s: %v\npage: %s\nkept %v in %s", what, err, loc, kept, dir)
}
