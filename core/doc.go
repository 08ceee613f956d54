// Package core holds SigSentry's domain vocabulary shared by every use case:
// typed errors that name the offending field, identifiers, severities and
// time windows. Its subpackages (project, binding, triage, analysis) hold the
// use cases and declare the ports they need; none of them performs I/O itself
// or imports an adapter, fx, net/http, Redis or SQL.
package core
