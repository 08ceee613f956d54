package analysis

import (
	"regexp"
	"strings"
)

// categoryRules map words of an error template to a root cause category,
// most specific first. They are deliberately plain: a person reading the
// analysis can check why a category was chosen.
var categoryRules = []struct {
	category string
	words    []string
}{
	{"rate_limiting", []string{"rate limit", "ratelimit", "too many requests", " 429", "throttl"}},
	{"authentication", []string{"unauthorized", "unauthenticated", "401", "invalid token", "token expired", "auth expired", "authentication", "login failed", "invalid credentials", "jwt"}},
	{"authorization", []string{"forbidden", "403", "permission denied", "access denied", "not allowed"}},
	{"timeout", []string{"timeout", "timed out", "deadline exceeded", "etimedout", "took too long"}},
	{"database", []string{"sql", "database", "deadlock", "postgres", "mysql", "mongo", "constraint", "relation ", "db ", "connection pool", "too many connections"}},
	{"memory", []string{"out of memory", "oom", "outofmemory", "heap", "memory limit", "cannot allocate"}},
	{"disk", []string{"no space left", "disk full", "disk quota", "read-only file system", "enospc"}},
	{"null_reference", []string{"nil pointer", "null pointer", "nullpointer", "nonetype", "undefined is not", "cannot read propert", "null reference"}},
	{"network", []string{"connection refused", "connection reset", "econnrefused", "econnreset", "no route to host", "dns", "unreachable", "broken pipe", "tls handshake"}},
	{"dependency", []string{"upstream", "bad gateway", "502", "503", "service unavailable", "dependency", "provider", "third-party", "circuit breaker"}},
	{"validation", []string{"invalid", "validation", "malformed", "bad request", "400", "unprocessable", "422", "schema"}},
	{"configuration", []string{"config", "missing env", "environment variable", "not configured", "feature flag", "misconfigur"}},
}

// categorize picks the category of an error template.
func categorize(template string) string {
	t := " " + strings.ToLower(template) + " "
	for _, r := range categoryRules {
		for _, w := range r.words {
			if strings.Contains(t, w) {
				return r.category
			}
		}
	}
	return "unknown"
}

var (
	exceptionPattern = regexp.MustCompile(`\b([A-Z][A-Za-z0-9]*(?:Exception|Error))\b`)
	statusPattern    = regexp.MustCompile(`\b(?:status|code|HTTP)[ =:]*([45]\d\d)\b`)
)

// errorType names the error as a developer would search for it.
func errorType(template, category string) string {
	if m := exceptionPattern.FindStringSubmatch(template); m != nil {
		return m[1]
	}
	if m := statusPattern.FindStringSubmatch(template); m != nil {
		return "HTTP " + m[1]
	}
	return category
}

// actionsFor suggests what to do about a category.
func actionsFor(category, service string) []Action {
	fix := map[string]string{
		"rate_limiting":  "Lower the request rate or raise the limit on " + service + "; add backoff that honours Retry-After.",
		"authentication": "Check the credentials " + service + " uses (rotated keys, expired tokens) and renew them.",
		"authorization":  "Check the permissions of the identity " + service + " runs as.",
		"timeout":        "Find what " + service + " waits on; raise the timeout only if the dependency is healthy.",
		"database":       "Check the database " + service + " uses: connections, locks, slow queries, recent migrations.",
		"memory":         "Check memory limits and recent changes in " + service + "; restart it to recover if needed.",
		"disk":           "Free disk space on the hosts of " + service + " and check log rotation.",
		"null_reference": "Fix the missing-value handling in " + service + "; the example line shows where.",
		"network":        "Check that " + service + " can reach its peers (DNS, firewall, the peer being up).",
		"dependency":     "Check the status of the upstream " + service + " depends on; fail over or degrade gracefully.",
		"validation":     "Compare the rejected requests with the expected format; look for a recent client or API change.",
		"configuration":  "Compare the configuration of " + service + " with the last working deploy.",
	}
	out := []Action{{Kind: ActionInvestigate, Description: "Open the example lines of the changed patterns and the deploys of " + service + " around the first occurrence."}}
	if f, ok := fix[category]; ok {
		out = append(out, Action{Kind: ActionFix, Description: f})
	}
	out = append(out, Action{Kind: ActionMitigate, Description: "If customers are still affected, roll back the latest change to " + service + " or switch the feature off."})
	return out
}
