// Package queuetest is the one test suite every implementation of
// pipeline.Queue and pipeline.Effects passes (Redis Streams, the embedded
// SQL queue, and any in-memory fake): an adapter's test calls Run and
// RunEffects with constructors over fresh, empty storage.
package queuetest
