// Package logfile is the log source of type "file", the embedded default:
// it streams log files from the hub's disk into an analysis, for teams whose
// logs are plain files (or shipped to files by a collector).
//
// # Configuration (project.LogSource.Config)
//
//	path           required. An absolute glob of the files, e.g.
//	               /var/log/app/*.jsonl. The rotated names of every match
//	               are read too: <match>.gz, <match>.1, <match>.2.gz and
//	               <match>-20240105(.gz). Gzip is recognised by its magic
//	               bytes, whatever the name.
//	format         json (default), logfmt or text.
//	time_field     json/logfmt: the key of the timestamp. Default: the first
//	               present of time, ts, timestamp, @timestamp, t. Several
//	               names may be given, comma-separated; dotted names reach
//	               into nested JSON objects (kubernetes.pod).
//	level_field    default level, lvl, severity, log.level, loglevel.
//	service_field  default service, app, component, logger, service.name.
//	message_field  default msg, message, @message, log. A line without one
//	               is its own message.
//	service        the service name of every line that names none.
//	time_layout    a Go layout (2006-01-02 15:04:05.000) for stamps the
//	               automatic reader does not know, or unix, unix_ms,
//	               unix_us, unix_ns. Default: automatic, which reads RFC 3339
//	               and ISO-8601 with a T or a space (fraction after . or ,;
//	               zone Z, ±hh:mm, ±hhmm), 2006/01/02 15:04:05, syslog's
//	               "Jan _2 15:04:05" (the year taken from the window) and
//	               Unix epochs (JSON numbers of any unit by magnitude; in text,
//	               10 or 13 digits); json and logfmt time fields may also be
//	               RFC 1123, Common Log Format or Go's time.Time.String form
//	               (read more slowly).
//	timezone       IANA zone of stamps written without one. Default UTC.
//	max_line_bytes longest line read (default 1 MiB); longer lines are
//	               skipped and counted.
//
// Text lines start with their timestamp; a level word after it ("ERROR",
// "[warn]", "level=info") becomes the level. A line without a timestamp
// continues the record before it, so that a stack trace stays with its
// error.
//
// # Streaming
//
// Files are read oldest first (by modification time) through one reusable
// buffer; a record's Message and Line point into it and are valid only
// during the callback. A callback that keeps them must copy them: keeping
// the slice is a bug that shows up as records overwriting each other.
// Files last written more than ten minutes before the window are not opened
// at all (the margin allows for clock skew), which keeps an analysis of the
// last hour from reading a month of rotated logs. Lines outside the window,
// without a readable time, or longer than the limit are skipped and counted
// (Source.Stats).
package logfile
