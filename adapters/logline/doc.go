// Package logline parses log lines into analysis records for the log source
// adapters (logfile, loki, elastic): JSON, logfmt and text lines, timestamps
// in the common forms, and level names normalised to error, warn, info and
// debug.
//
// It is built for volume. A Parser reuses its buffers and hands out
// sub-slices of the line, so that a typical line costs no allocation: the
// JSON and logfmt scanners pick out the few fields a record needs without
// building the object, and timestamps are parsed by hand (time.Parse alone
// would cost a microsecond a line). Values handed out are valid until the
// next call, as analysis.Record documents.
package logline
