// Package triage decides, within milliseconds and without any network call,
// how severe a customer conversation is, which service it is about and which
// time window to inspect. It declares the Store port for its results.
package triage
