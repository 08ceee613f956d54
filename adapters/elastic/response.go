package elastic

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/sigsentry/hub/adapters/httpsource"
	"github.com/sigsentry/hub/core"
)

// searchResponse is the part of a _search answer a source reads:
//
//	{"_shards":{"total":2,"failed":0},
//	 "hits":{"hits":[{"_index":"logs-1","_id":"a1","_source":{…},"sort":[1709640000000]}]}}
type searchResponse struct {
	TimedOut bool `json:"timed_out"`
	Shards   struct {
		Total    int `json:"total"`
		Failed   int `json:"failed"`
		Failures []struct {
			Reason errorCause `json:"reason"`
		} `json:"failures"`
	} `json:"_shards"`
	Hits struct {
		Hits []hit `json:"hits"`
	} `json:"hits"`
}

type hit struct {
	Index  string            `json:"_index"`
	ID     string            `json:"_id"`
	Source json.RawMessage   `json:"_source"`
	Sort   []json.RawMessage `json:"sort"`
}

type errorCause struct {
	Type      string       `json:"type"`
	Reason    string       `json:"reason"`
	RootCause []errorCause `json:"root_cause"`
}

func (c errorCause) String() string {
	if len(c.RootCause) > 0 {
		c = c.RootCause[0]
	}
	if c.Type == "" {
		return c.Reason
	}
	return c.Type + ": " + c.Reason
}

func decodeSearch(body []byte, r *searchResponse) error {
	*r = searchResponse{}
	if err := json.Unmarshal(body, r); err != nil {
		return &core.Error{Code: core.ErrUnavailable, Message: "elasticsearch answered something that is not a search result: " + err.Error()}
	}
	if r.Shards.Failed > 0 {
		reason := ""
		if len(r.Shards.Failures) > 0 {
			reason = ": " + r.Shards.Failures[0].Reason.String()
		}
		return hintFields(&core.Error{Code: core.ErrUnavailable,
			Message: fmt.Sprintf("elasticsearch: %d of %d shards failed%s", r.Shards.Failed, r.Shards.Total, reason)})
	}
	if r.TimedOut {
		return &core.Error{Code: core.ErrUnavailable, Message: "elasticsearch timed out searching; narrow config.index or config.query"}
	}
	if r.Hits.Hits == nil {
		// Every search result has hits.hits, [] when nothing matched: this
		// answer ({}, a health page) would otherwise pass for no logs.
		return &core.Error{Code: core.ErrUnavailable, Message: "elasticsearch answered JSON that is not a search result (no hits.hits): " +
			"check config.url (it should be the Elasticsearch or OpenSearch server, such as https://es:9200)"}
	}
	return nil
}

// errorDetail reads Elasticsearch's error body,
// {"error":{"root_cause":[{"type":…,"reason":…}],…},"status":400}.
func errorDetail(body []byte) string {
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil || len(e.Error) == 0 {
		return ""
	}
	var cause errorCause
	if json.Unmarshal(e.Error, &cause) != nil {
		var s string
		json.Unmarshal(e.Error, &s) // some proxies answer {"error":"…"}
		return s
	}
	return cause.String()
}

// hintStatus points an error at the setting that most likely caused it.
func hintStatus(err error) error {
	var se *httpsource.StatusError
	if !errors.As(err, &se) {
		return err
	}
	switch {
	case strings.HasPrefix(se.Body, "index_not_found_exception"):
		se.Hint(core.ErrInvalid, "no index matches config.index")
	case se.Status == 400:
		se.Hint(core.ErrInvalid, "check config.query, config.time_field and config.tiebreaker")
	}
	return err
}

// hintFields adds the likely setting to shard failures about fields.
func hintFields(e *core.Error) error {
	if strings.Contains(e.Message, "No mapping found") || strings.Contains(e.Message, "fielddata") {
		e.Message += " (check config.time_field and config.tiebreaker)"
		e.Code = core.ErrInvalid
	}
	return e
}

func isBadRequest(err error) bool {
	var se *httpsource.StatusError
	return errors.As(err, &se) && se.Status == 400
}
