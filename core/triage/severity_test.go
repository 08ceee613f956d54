package triage

import (
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

var conversationAt = time.Date(2026, 3, 10, 15, 20, 0, 0, time.UTC)

func severityOf(text string, services ...project.Service) core.Severity {
	return Triage(Input{Text: text, CreatedAt: conversationAt}, services).Severity
}

// TestSeverityRules has one row per rule in severity.go, signals.go and
// context.go: what it looks at and the judgement it gives.
func TestSeverityRules(t *testing.T) {
	checkout := project.Service{Name: "checkout", Aliases: []string{"payment"}, CriticalPath: true}
	for _, tc := range []struct {
		rule, text string
		want       core.Severity
		services   []project.Service
	}{
		// problems on their own
		{"outage of the product", "The site is down.", core.SeverityCritical, nil},
		{"outage of a part", "The reports page is down.", core.SeverityHigh, nil},
		{"failure", "Export fails with a timeout.", core.SeverityHigh, nil},
		{"5xx code", "We get error 502 on upload.", core.SeverityHigh, nil},
		{"4xx code", "The invoice link gives a 404 when I click it.", core.SeverityMedium, nil},
		{"bug", "The visitor counts in the report are wrong.", core.SeverityMedium, nil},
		{"degraded", "The dashboard is slow.", core.SeverityMedium, nil},
		{"security", "Our account was hacked.", core.SeverityCritical, nil},
		{"another customer's data", "I can see another customer's invoices.", core.SeverityCritical, nil},
		{"data loss", "All our projects disappeared overnight.", core.SeverityCritical, nil},
		{"money for one customer", "We were charged twice.", core.SeverityHigh, nil},
		{"disputed charge", "We got charged for 12 seats but we only have 9 users.", core.SeverityHigh, nil},
		{"nothing said", "Hello, can someone call me back?", core.SeverityLow, nil},
		// breadth
		{"all customers raise", "Checkout fails for all our customers.", core.SeverityCritical, nil},
		{"nobody can", "Nobody can log in.", core.SeverityCritical, nil},
		{"nobody in the team can", "No one on my team can open the reports.", core.SeverityCritical, nil},
		{"counted people", "Exports fail for about 400 users.", core.SeverityCritical, nil},
		{"some raise a partial problem", "Many users see slow pages.", core.SeverityHigh, nil},
		{"not all is some", "Not all users are affected, only some get 503s.", core.SeverityHigh, nil},
		{"qualified all is some", "Uploads are slow for every user in Canada.", core.SeverityHigh, nil},
		{"every time is no breadth", "Every time a user clicks save it is slow.", core.SeverityMedium, nil},
		{"narrow lowers", "Checkout fails for one user.", core.SeverityMedium, nil},
		{"works for others", "The dashboard is down for me, it works for them.", core.SeverityMedium, nil},
		// critical path
		{"critical-path outage", "Checkout is down.", core.SeverityCritical, []project.Service{checkout}},
		{"critical-path failure for several", "Checkout fails for many customers.", core.SeverityCritical, []project.Service{checkout}},
		{"critical-path failure alone", "Checkout fails with error 500.", core.SeverityHigh, []project.Service{checkout}},
		// lowering
		{"negation", "The site isn't down, just slow.", core.SeverityMedium, nil},
		{"no data lost", "No data was lost.", core.SeverityLow, nil},
		{"not urgent", "Not urgent, but the export button is broken.", core.SeverityMedium, nil},
		{"intermittent", "Export sometimes fails.", core.SeverityMedium, nil},
		{"workaround", "Export fails, but it works if I refresh.", core.SeverityMedium, nil},
		{"resolved incident", "The API was down this morning, it's back to normal now.", core.SeverityMedium, nil},
		{"resolved glitch", "Thanks, that fixed it, works now.", core.SeverityLow, nil},
		{"hedge", "The dashboard might be down?", core.SeverityMedium, nil},
		{"yes-no question", "Is the API down?", core.SeverityHigh, nil},
		{"small", "There are small discrepancies in the invoice totals.", core.SeverityMedium, nil},
		{"incident as a landmark", "Since the outage yesterday some pages load slowly.", core.SeverityMedium, nil},
		// raising
		{"urgent with substance", "URGENT: the totals are wrong.", core.SeverityHigh, nil},
		{"urgent alone", "Urgent, please call me.", core.SeverityMedium, nil},
		{"business impact", "Checkout is broken and we are losing sales.", core.SeverityCritical, nil},
		// intents
		{"how-to", "How do I add a second admin?", core.SeverityLow, nil},
		{"how-to about an error code", "How do I handle 429 errors from your API?", core.SeverityLow, nil},
		{"how-to about a failure", "How do I fix the timeout when exporting?", core.SeverityMedium, nil},
		{"can't find is a question", "I can't find where to change my email.", core.SeverityLow, nil},
		{"can't log in is a failure", "I can't log in.", core.SeverityHigh, nil},
		{"can't wait is nothing", "Can't wait for the new release!", core.SeverityLow, nil},
		{"hypothetical question", "If a payment fails, is the customer charged twice?", core.SeverityLow, nil},
		{"conditional report", "If I click save, the page crashes.", core.SeverityHigh, nil},
		{"what happens when", "What happens when the webhook endpoint is down?", core.SeverityLow, nil},
		{"feature request", "Would be great to have dark mode.", core.SeverityLow, nil},
		{"cosmetic", "There's a typo on the pricing page.", core.SeverityLow, nil},
		{"visual noun is not cosmetic", "Label printing fails since this morning.", core.SeverityHigh, nil},
		{"request to delete", "Please delete my account and all data.", core.SeverityLow, nil},
		{"quoted message is not a request", "Payments fail with 'not supported'.", core.SeverityHigh, nil},
		// fourth held-out set: general rules
		{"named exception", "The SDK throws TypeError on import.", core.SeverityHigh, nil},
		{"can't reproduce is nothing", "I can't reproduce it on my side.", core.SeverityLow, nil},
		{"something else works", "The report crashes for 'last 12 months'. Other periods work.", core.SeverityMedium, nil},
		{"contrast with a fact", "Dates are exported in US format even though our locale is Germany.", core.SeverityMedium, nil},
		{"hedged money", "Sales tax is applied to shipping, which I believe is wrong.", core.SeverityMedium, nil},
		{"yes-no question about a failure", "Is usage tracking broken?", core.SeverityMedium, nil},
		{"security how-to", "How do I see another user's invoices?", core.SeverityLow, nil},
		{"security question", "Is this email phishing?", core.SeverityMedium, nil},
		{"hedged compromise", "We think our account may have been compromised.", core.SeverityHigh, nil},
		{"secret in public", "We found our API key in a public GitHub repo.", core.SeverityCritical, nil},
		{"never invited", "Guests can see boards they were never invited to.", core.SeverityCritical, nil},
		{"bulk data loss", "About half of our leads are gone.", core.SeverityCritical, nil},
		{"weeks of data", "Two weeks of appointments are missing.", core.SeverityCritical, nil},
		{"a few records", "Two appointments are missing.", core.SeverityHigh, nil},
		{"charge after cancelling", "We are being charged for the add-on we cancelled.", core.SeverityHigh, nil},
		{"money twice", "The refund was processed twice.", core.SeverityHigh, nil},
		{"double billed", "We were double billed this month.", core.SeverityHigh, nil},
		{"all things are not all people", "Exports fail for every report we try.", core.SeverityHigh, nil},
		{"people who suffer", "Patients can't book appointments.", core.SeverityCritical, []project.Service{{Name: "booking", Aliases: []string{"appointments"}, CriticalPath: true}}},
		{"a count is no crowd", "Two patients can't book appointments.", core.SeverityHigh, []project.Service{{Name: "booking", Aliases: []string{"appointments"}, CriticalPath: true}}},
		{"deadline", "The totals are wrong and our deadline is tomorrow.", core.SeverityHigh, nil},
		{"legal threat", "Checkout is broken and we will take legal action.", core.SeverityCritical, nil},
		{"plural downs", "We'd love drill-downs in charts.", core.SeverityLow, nil},
		{"leaks memory", "The client library leaks memory.", core.SeverityMedium, nil},
		{"present tense fix is a workaround", "Export crashes; we fix it manually.", core.SeverityMedium, nil},
		{"foreign can't", "Je n'arrive plus à me connecter.", core.SeverityHigh, nil},
		// duplicates and frequency
		{"duplicate", "Every order is created twice.", core.SeverityHigh, nil},
		{"frequency", "The sync failed twice today.", core.SeverityMedium, nil},
		{"attempts", "I can't log in even after resetting it twice.", core.SeverityHigh, nil},
	} {
		if got := severityOf(tc.text, tc.services...); got != tc.want {
			t.Errorf("%s: %q is %s, want %s", tc.rule, tc.text, got, tc.want)
		}
	}
}

// TestErrorCodeTraps: numbers are codes only when a word says so.
func TestErrorCodeTraps(t *testing.T) {
	for text, want := range map[string]bool{
		"error 500":                 true,
		"we get 500s":               true,
		"returns 503.":              true,
		"502 bad gateway":           true,
		"5xx everywhere":            true,
		"getting a 404 when saving": true,
		"we have 500 orders":        false,
		"it costs $500":             false,
		"2 factor auth":             false,
		"took 500ms":                false,
		"order 4512 for 500 EUR":    false,
	} {
		if got := len(errorCodes(tokenize(text))) > 0; got != want {
			t.Errorf("%q: code found %v, want %v", text, got, want)
		}
	}
}

func TestConfidence(t *testing.T) {
	clear := Triage(Input{Text: "Checkout fails with error 500 for all our customers since 2pm, we are losing money", CreatedAt: conversationAt}, nil)
	vague := Triage(Input{Text: "Hello, something seems off", CreatedAt: conversationAt}, nil)
	mixed := Triage(Input{Text: "How do I fix the crash? Not urgent.", CreatedAt: conversationAt}, nil)
	for _, d := range []Decision{clear, vague, mixed} {
		if d.Confidence <= 0 || d.Confidence > 1 {
			t.Fatalf("confidence %v outside (0, 1]", d.Confidence)
		}
	}
	if clear.Confidence <= vague.Confidence || clear.Confidence <= mixed.Confidence {
		t.Errorf("a clear report (%v) should be more certain than a vague (%v) or mixed one (%v)",
			clear.Confidence, vague.Confidence, mixed.Confidence)
	}
}
