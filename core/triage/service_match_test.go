package triage

import (
	"testing"

	"github.com/sigsentry/hub/core/project"
)

var shopCatalog = []project.Service{
	{Name: "checkout", Aliases: []string{"payment", "cart"}, CriticalPath: true},
	{Name: "search", Aliases: []string{"product search"}},
	{Name: "login", Aliases: []string{"sign in", "auth"}},
	{Name: "notifications", Aliases: []string{"emails"}},
	{Name: "user service"},
	{Name: "export"},
}

func TestAffectedService(t *testing.T) {
	for _, tc := range []struct {
		rule, text, want string
	}{
		{"name, any case", "CHECKOUT is broken", "checkout"},
		{"alias", "the cart is empty after reload", "checkout"},
		{"plural of an alias", "payments fail", "checkout"},
		{"typo of an alias", "paymnets fail since noon", "checkout"},
		{"typo of a name", "the chekout page throws an error", "checkout"},
		{"written apart", "I can't log in", "login"},
		{"written with a hyphen", "sign-in is slow", "login"},
		{"written together", "the userservice returns 500", "user service"},
		{"multi-word alias beats its word", "product search is slow", "search"},
		{"the failing one wins", "Search works fine, but checkout fails", "checkout"},
		{"most mentioned", "search is slow. search results are empty. the cart too.", "search"},
		{"object of an inability", "nobody can log in to the checkout", "login"},
		{"quoted label is not the topic", "typo on the checkout page: 'Serach' instead of 'Search'", "checkout"},
		{"ordinary word is no typo", "the logic of the report is odd", ""},
		{"short words need exact names", "the ath module fails", ""},
		{"no service named", "everything is slow", ""},
		{"expert is not export", "our expert says it fails", ""},
	} {
		d := Triage(Input{Text: tc.text, CreatedAt: conversationAt}, shopCatalog)
		if got := name(d.AffectedService); got != tc.want && !(tc.want == "" && got == "null") {
			t.Errorf("%s: %q → %s, want %q", tc.rule, tc.text, got, tc.want)
		}
	}
}

// TestServiceEvidence quotes the service only when the text did not name it
// exactly as the catalog does.
func TestServiceEvidence(t *testing.T) {
	d := Triage(Input{Text: "Checkout fails with error 500 since 2pm", CreatedAt: conversationAt}, shopCatalog)
	if contains(d.Evidence, "Checkout") {
		t.Errorf("the exact name is no evidence: %q", d.Evidence)
	}
	d = Triage(Input{Text: "paymnets fail with error 500", CreatedAt: conversationAt}, shopCatalog)
	if !contains(d.Evidence, "paymnets") {
		t.Errorf("a typo is evidence: %q", d.Evidence)
	}
}

func TestWithinOneEdit(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"checkout", "checkout", true},
		{"checkout", "chekout", true},   // deletion
		{"checkout", "checkoutt", true}, // insertion
		{"checkout", "chexkout", true},  // substitution
		{"checkout", "chcekout", true},  // transposition
		{"checkout", "chcekoutt", false},
		{"payment", "paymnets", false}, // two edits; the stems are one apart
		{"login", "logic", true},       // one edit: why common words are excluded
		{"abc", "xyz", false},
	} {
		if got := withinOneEdit(tc.a, tc.b); got != tc.want {
			t.Errorf("withinOneEdit(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
