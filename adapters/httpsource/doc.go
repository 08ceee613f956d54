// Package httpsource holds what the HTTP log sources (loki, elastic) share:
// an HTTP client with bounded waits, credentials from a log source's
// settings, bounded response bodies, and errors a person can act on ("loki
// answered 401 Unauthorized: check config.username and
// credentials.password", "connection refused to http://…") that never
// carry a secret.
package httpsource
