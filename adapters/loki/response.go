package loki

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/sigsentry/hub/core"
)

// queryResponse is the answer of /loki/api/v1/query_range to a log query:
//
//	{"status":"success","data":{"resultType":"streams","result":[
//	  {"stream":{"app":"shop"},"values":[["<ns>","<line>"], …]}]}}
//
// A value may carry a third element (structured metadata, when asked for
// with categorize-labels); a Go array of two drops it.
type queryResponse struct {
	Status string `json:"status"`
	Error  string `json:"error"`
	Data   struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Stream map[string]string `json:"stream"`
			Values [][2]string       `json:"values"`
		} `json:"result"`
	} `json:"data"`
}

// entry is one line of a page, pointing into the decoded response.
type entry struct {
	ts     int64
	stream int
	line   string
}

// page is one decoded answer, its entries in time order.
type page struct {
	streams []map[string]string
	entries []entry
}

// decodePage decodes body into p, reusing p's slices.
func decodePage(body []byte, p *page) error {
	var r queryResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return &core.Error{Code: core.ErrUnavailable, Message: "loki answered something that is not a query result: " + err.Error()}
	}
	if r.Status == "" {
		// {} or null: a server that is not Loki's query API answered.
		return &core.Error{Code: core.ErrUnavailable, Message: "loki answered JSON that is not a query result (no status): " +
			"check config.url (it should be Loki's base URL, such as http://loki:3100)"}
	}
	if r.Status != "success" {
		return &core.Error{Code: core.ErrUnavailable, Message: fmt.Sprintf("loki answered status %q: %s", r.Status, r.Error)}
	}
	if r.Data.ResultType != "streams" {
		return core.Invalid("config.query", "must be a log query; loki answered a %q result (a metric query?)", r.Data.ResultType)
	}
	p.streams = p.streams[:0]
	p.entries = p.entries[:0]
	for i, s := range r.Data.Result {
		p.streams = append(p.streams, s.Stream)
		for _, v := range s.Values {
			ts, err := strconv.ParseInt(v[0], 10, 64)
			if err != nil {
				return &core.Error{Code: core.ErrUnavailable, Message: fmt.Sprintf("loki answered a timestamp that is not nanoseconds: %q", v[0])}
			}
			p.entries = append(p.entries, entry{ts: ts, stream: i, line: v[1]})
		}
	}
	// Loki sorts within a stream; merging the streams keeps the records of
	// a page in time order. Stable, so that a stream's order of entries at
	// the same nanosecond is kept.
	sort.SliceStable(p.entries, func(a, b int) bool { return p.entries[a].ts < p.entries[b].ts })
	return nil
}
