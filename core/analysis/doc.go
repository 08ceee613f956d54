// Package analysis runs the full analysis of a project's logs around a
// customer's incident and holds its result. It declares the Store port for
// analyses; raw log lines are never stored, only the evidence an analysis cites.
package analysis
