// Package loki is the log source of type "loki": it streams the lines of a
// LogQL query from Grafana Loki's /loki/api/v1/query_range into an
// analysis.
//
// # Configuration (project.LogSource.Config and Credentials)
//
//	url            required. Loki's base URL (http://loki:3100, or with a
//	               path prefix such as https://gateway/loki).
//	query          required. A LogQL log query: a stream selector with
//	               optional filters, e.g. {app="shop"} |= "error".
//	org_id         the tenant, sent as X-Scope-OrgID (multi-tenant Loki,
//	               Grafana Cloud).
//	limit          entries per request, default 5000 (Loki's default
//	               max_entries_limit_per_query). The window is paged through
//	               whatever its size.
//	timeout        per request, default 60s.
//	username       with credentials.password: basic auth (Grafana Cloud: the
//	               user id and an access token as password).
//	credentials.bearer_token (or token): a bearer token instead.
//	service_label  labels naming the service, default service_name, service,
//	               app, job.
//	level_label    labels naming the level, default level, detected_level.
//	format         how to read the line itself: auto (default: JSON object,
//	               logfmt or text, decided per line), json, logfmt or text;
//	               with level_field, service_field, message_field and
//	               service as for file sources. Labels win over the line.
//
// # Paging
//
// Loki answers at most limit entries per request, the earliest first
// (direction=forward). The next request starts at the last timestamp of the
// page, inclusive, since entries at that nanosecond may not all have
// fitted; those already streamed are remembered by stream and line (Loki
// keeps that pair unique per timestamp) and skipped. When more entries
// share one nanosecond than a page holds, the limit is doubled while in
// that nanosecond, up to four times the configured one; past that (or past
// the server's own maximum) the rest of that nanosecond is skipped and
// counted in Stats().Unreachable. A page is held in memory while it is
// streamed: memory is bounded by limit, not by the window.
package loki
