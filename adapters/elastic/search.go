package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

type object = map[string]any

// searchBody builds one _search request: the window as a filter (no
// scoring), sorted by time. Bounds are epoch milliseconds, which every
// version of Elasticsearch and OpenSearch reads the same way for date and
// date_nanos fields; the upper bound is rounded up and records are checked
// against the exact window as they stream.
func (s *Source) searchBody(from, to time.Time, size int, after []json.RawMessage, order string) []byte {
	tf := s.cfg.TimeField
	upper := to.UnixMilli()
	if to.After(time.UnixMilli(upper)) {
		upper++
	}
	filter := []any{object{"range": object{tf: object{"gte": from.UnixMilli(), "lt": upper, "format": "epoch_millis"}}}}
	if s.cfg.Query != "" {
		filter = append(filter, object{"query_string": object{"query": s.cfg.Query}})
	}
	// unmapped_type: an index of the pattern without the field (an empty
	// index, another kind of data) sorts last instead of failing the search.
	sort := []any{object{tf: object{"order": order, "unmapped_type": "date"}}}
	if s.cfg.Tiebreaker != "" {
		sort = append(sort, object{s.cfg.Tiebreaker: object{"order": order}})
	}
	body := object{
		"size":             size,
		"track_total_hits": false,
		"query":            object{"bool": object{"filter": filter}},
		"sort":             sort,
	}
	if after != nil {
		body["search_after"] = after
	}
	b, err := json.Marshal(body)
	if err != nil {
		panic(err) // only strings, numbers and raw JSON from the server: cannot fail
	}
	return b
}

// search runs one request and decodes its answer into r.
func (s *Source) search(ctx context.Context, body []byte, buf *bytes.Buffer, r *searchResponse) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if err := s.endpoint.Do(ctx, http.MethodPost, s.endpoint.URL("/"+s.cfg.Index+"/_search", nil), body, buf); err != nil {
		return hintStatus(err)
	}
	return s.endpoint.Scrub(decodeSearch(buf.Bytes(), r))
}

// sortTime returns a hit's first sort value, the time as a whole number of
// milliseconds (date) or nanoseconds (date_nanos).
func sortTime(h *hit) (int64, bool) {
	if len(h.Sort) == 0 {
		return 0, false
	}
	v, err := strconv.ParseInt(string(h.Sort[0]), 10, 64)
	return v, err == nil
}

// sortAfter is a search_after of one value.
func sortAfter(v int64) []json.RawMessage {
	return []json.RawMessage{json.RawMessage(strconv.FormatInt(v, 10))}
}
