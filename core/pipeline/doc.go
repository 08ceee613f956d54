// Package pipeline carries a desk event from the webhook to the posted
// result: ingest (verify, de-duplicate, queue durably), triage, post, and
// start an analysis when severity is high enough. It declares the Queue and
// Effects ports it needs; Redis and the embedded store implement them.
package pipeline
