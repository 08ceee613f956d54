// Package elastic is the log source of type "elastic": it streams the
// documents of an Elasticsearch (7.10+, 8.x) or OpenSearch (1.x, 2.x) index
// pattern into an analysis, through POST /{index}/_search.
//
// # Configuration (project.LogSource.Config and Credentials)
//
//	url            required. The cluster's URL, such as https://es:9200.
//	index          required. An index, alias, data stream or pattern, or a
//	               comma-separated list of them (logs-*,audit).
//	time_field     the date or date_nanos field to filter and sort on,
//	               default @timestamp.
//	message_field  default message, msg, log.
//	level_field    default log.level, level, severity, log.severity.
//	service_field  default service.name, service, app,
//	               kubernetes.container.name. Field names are paths: they
//	               match nested objects ({"log":{"level":…}}) and dotted keys
//	               ({"log.level":…}) alike (ECS writes either).
//	service        the service of documents that name none.
//	query          optional query_string (Lucene syntax) that documents must
//	               also match, e.g. kubernetes.namespace:shop AND NOT debug.
//	page_size      documents per request, default 1000, at most 10000
//	               (index.max_result_window).
//	tiebreaker     optional keyword field with a unique value per document
//	               (event.id, a copy of _id); see below.
//	timeout        per request, default 60s.
//	credentials.api_key: Elasticsearch API key, encoded as Kibana shows it
//	               or as id:key (sent as Authorization: ApiKey …).
//	username       with credentials.password: basic auth (Elasticsearch and
//	               OpenSearch; OpenSearch has no API keys).
//
// Each document's whole _source is the record's Line; the time comes from
// time_field in _source, or from the sort value when _source lacks it.
//
// # Paging and ties
//
// Pages are sorted on the time field and chained with search_after. A
// search_after cursor needs a sort value unique per document to be exact,
// and the usual candidates do not work on both servers: sorting on _id is
// refused by Elasticsearch 8 (indices.id_field_data.enabled is false by
// default), _shard_doc exists only with a point in time, whose API differs
// between Elasticsearch (/_pit) and OpenSearch (/_search/point_in_time)
// and needs more privileges, and _doc is a Lucene number that differs
// between replicas and changes as segments merge.
//
// So, without a configured tiebreaker, the sort is on the time field alone
// and ties are handled on this side. The next page asks for search_after
// [last value − 1] — all documents at the last page's last time, again —
// and skips those already streamed, remembered by _index and _id. This is
// exact whatever order the server gives equal values in, costs one
// repeated handful of documents per page, and works the same on
// Elasticsearch and OpenSearch. When more documents share one time than a
// page holds, the page size doubles while in that time, up to 10000; past
// that the rest of that instant is skipped and counted in
// Stats().Unreachable. With a tiebreaker field the sort is
// [time_field, tiebreaker] and search_after takes the last sort values as
// they are, which is exact with no repetition.
package elastic
