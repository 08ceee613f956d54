package intercomdesk

import "testing"

// TestRegionalHost: without api_base the workspace's region from /me picks
// the REST host (FACTS §1); a configured api_base serves every region.
func TestRegionalHost(t *testing.T) {
	for region, want := range map[string]string{
		"US": "https://api.intercom.io", "EU": "https://api.eu.intercom.io",
		"AU": "https://api.au.intercom.io", "": "https://api.intercom.io",
	} {
		if got := regionalBase(region); got != want {
			t.Errorf("region %q: %s, want %s", region, got, want)
		}
	}
	s := settings{}
	if got := s.apiBaseFor(map[string]string{"api_base": "https://api.eu.intercom.io"}); got != "https://api.eu.intercom.io" {
		t.Errorf("installed EU workspace goes to %s", got)
	}
	s.apiBase = "http://127.0.0.1:9999"
	if got := s.apiBaseFor(map[string]string{"api_base": "https://api.eu.intercom.io"}); got != s.apiBase {
		t.Errorf("INTERCOM_API_BASE must win for every region, got %s", got)
	}
}
