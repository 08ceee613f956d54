package analysis

import (
	"regexp"
	"strings"
)

// Identifier is something from the conversation that may appear in logs.
type Identifier struct {
	Kind  string // email, request_id, order_id, user_id, account_id, trace_id, uuid, error_message
	Value string
}

// maxIdentifiers bounds the identifiers searched per line: each costs one
// scan of every line in the window.
const maxIdentifiers = 16

var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	uuidPattern  = regexp.MustCompile(`\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b`)
	traceHex     = regexp.MustCompile(`\b[0-9a-f]{32}\b`)
	// Quotes must pair up; a single quote opens only after a space or
	// bracket, so "I'm" and "it's" start nothing.
	quotedPattern = regexp.MustCompile("\"([^\"]{8,160})\"|“([^”]{8,160})”|`([^`]{8,160})`|(?:^|[\\s(:])['‘]([^'’]{8,160})['’]")
	// labelled ids: "order #12345", "request id: req_8f2k", "user ID 42", "account acct_9".
	labelledPattern = regexp.MustCompile(`(?i)\b(order|request|req|user|account|acct|customer|trace|transaction|txn|ticket|invoice|payment)[ _-]?(?:id|no\.?|number|#)?\s*[:#=]?\s*#?([A-Za-z0-9][A-Za-z0-9_\-]{2,63})`)
	// Prefixed ids on their own: req_8f2k3, ord-1234, cus_ABC.
	prefixedPattern = regexp.MustCompile(`\b(req|ord|order|usr|user|acct|cus|txn|inv|pay|sub|evt)[_-][A-Za-z0-9]{3,40}\b`)
)

var labelKinds = map[string]string{
	"order": "order_id", "request": "request_id", "req": "request_id", "user": "user_id",
	"account": "account_id", "acct": "account_id", "customer": "user_id", "trace": "trace_id",
	"transaction": "order_id", "txn": "order_id", "ticket": "ticket_id", "invoice": "order_id",
	"payment": "order_id",
}

// commonWords are words a labelled pattern could catch that are no ids.
var commonWords = map[string]bool{
	"the": true, "and": true, "was": true, "for": true, "with": true, "that": true, "this": true,
	"not": true, "has": true, "have": true, "page": true, "number": true, "from": true, "failed": true,
	"fails": true, "error": true, "errors": true, "details": true, "form": true, "status": true,
}

// ExtractIdentifiers finds what the customer wrote that logs may contain:
// emails, ids (labelled, prefixed, UUIDs, trace ids) and quoted error
// messages. Values appear once, in the order found.
func ExtractIdentifiers(text string) []Identifier {
	var out []Identifier
	seen := map[string]bool{}
	add := func(kind, v string) {
		v = strings.Trim(v, ".,;:!?)(")
		if len(v) < 3 || seen[strings.ToLower(v)] || len(out) >= maxIdentifiers {
			return
		}
		seen[strings.ToLower(v)] = true
		out = append(out, Identifier{Kind: kind, Value: v})
	}
	for _, m := range emailPattern.FindAllString(text, -1) {
		add("email", m)
	}
	for _, m := range uuidPattern.FindAllString(text, -1) {
		add("uuid", m)
	}
	for _, m := range traceHex.FindAllString(text, -1) {
		add("trace_id", m)
	}
	for _, m := range labelledPattern.FindAllStringSubmatch(text, -1) {
		v := m[2]
		if commonWords[strings.ToLower(v)] || !hasDigit(v) {
			continue
		}
		add(labelKinds[strings.ToLower(m[1])], v)
	}
	for _, m := range prefixedPattern.FindAllString(text, -1) {
		add(labelKinds[strings.ToLower(strings.FieldsFunc(m, isSep)[0])], m)
	}
	for _, m := range quotedPattern.FindAllStringSubmatch(text, -1) {
		add("error_message", strings.TrimSpace(m[1]+m[2]+m[3]+m[4]))
	}
	for i := range out {
		if out[i].Kind == "" {
			out[i].Kind = "id"
		}
	}
	return out
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

func isSep(r rune) bool { return r == '_' || r == '-' }
