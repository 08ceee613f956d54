package browsertest

import "github.com/chromedp/chromedp"

// a11yCheck lists what a keyboard or screen reader user would miss on the
// current page: form controls without a label, buttons and links without
// text, not exactly one h1, a skip link without its target, and images
// or SVG charts without a text alternative.
const a11yCheck = `(() => {
  const bad = [];
  const hidden = el => el.closest('[aria-hidden="true"]') !== null;
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!hidden(el) && el.labels.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      bad.push('no label: ' + (el.name || el.id || el.outerHTML.slice(0, 60)));
  }
  for (const el of document.querySelectorAll('button, a[href]')) {
    if (!hidden(el) && el.textContent.trim() === '' && !el.getAttribute('aria-label'))
      bad.push('no text: ' + el.outerHTML.slice(0, 80));
  }
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) bad.push(h1 + ' h1 elements');
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    if (id && !document.getElementById(id)) bad.push('link to missing #' + id);
  }
  for (const el of document.querySelectorAll('img:not([alt]), svg[role="img"]:not([aria-label]):not([aria-labelledby])'))
    bad.push('no text alternative: ' + el.outerHTML.slice(0, 60));
  if (!document.documentElement.lang) bad.push('no lang on html');
  return bad;
})()`

// AccessibilityProblems checks the current page (see a11yCheck); an empty
// list means none was found.
func (b *Browser) AccessibilityProblems() []string {
	b.t.Helper()
	problems, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](a11yCheck))
	if err != nil {
		b.fail("check accessibility", err)
	}
	return problems
}

// FirstTabStop presses Tab once on a freshly loaded page and returns the
// text of the element that gets the focus (the skip link, on our pages).
func (b *Browser) FirstTabStop() string {
	b.t.Helper()
	err := chromedp.Do(b.ctx, chromedp.KeyEvent("\t"))
	var text string
	if err == nil {
		text, err = chromedp.Run(b.ctx, chromedp.Evaluate[string](
			`document.activeElement ? document.activeElement.textContent.trim() : ""`))
	}
	if err != nil {
		b.fail("tab to the first element", err)
	}
	return text
}
