// Package project holds the projects an engineering team registers with
// SigSentry: the service catalog and context that triage and analysis read,
// and the log sources analysis streams from. It declares the Store port its
// use cases need; adapters implement it.
package project
