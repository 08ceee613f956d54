package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/sigsentry/hub/adapters/httpsource"
	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/project"
)

// Source streams the documents of an index pattern from Elasticsearch or
// OpenSearch. It is safe for concurrent use.
type Source struct {
	cfg      Config
	endpoint *httpsource.Endpoint
	logline.Tally
}

var _ analysis.Source = (*Source)(nil)

// New returns a source for cfg that sends its requests with client (nil:
// httpsource.NewClient()).
func New(cfg Config, client *http.Client) *Source {
	if client == nil {
		client = httpsource.NewClient()
	}
	return &Source{cfg: cfg, endpoint: cfg.endpoint(client)}
}

// Open reads ls's configuration and returns its source.
func Open(ls *project.LogSource, client *http.Client) (*Source, error) {
	cfg, err := ParseConfig(ls)
	if err != nil {
		return nil, err
	}
	return New(cfg, client), nil
}

// Stream pages through [from, to) in time order with search_after (see the
// package documentation for how ties are handled).
func (s *Source) Stream(ctx context.Context, from, to time.Time, fn func(*analysis.Record) error) error {
	if !from.Before(to) {
		return nil // an empty window
	}
	st := s.newStream(from, to, fn)
	defer func() { s.Add(st.stats) }()
	return st.run(ctx)
}

type stream struct {
	src      *Source
	from, to time.Time
	fn       func(*analysis.Record) error
	parser   *logline.Parser
	body     bytes.Buffer
	resp     searchResponse
	rec      analysis.Record
	// boundary holds the documents (index/id) streamed at sort value
	// boundaryAt, the last one of the previous page.
	boundary   map[string]bool
	boundaryAt int64
	bounded    bool
	stats      logline.Stats
}

func (s *Source) newStream(from, to time.Time, fn func(*analysis.Record) error) *stream {
	p := logline.NewParser(s.cfg.Parser)
	p.SetReference(to)
	return &stream{src: s, from: from, to: to, fn: fn, parser: p, boundary: map[string]bool{}}
}

func (st *stream) run(ctx context.Context) error {
	cfg := &st.src.cfg
	size := cfg.PageSize
	var after []json.RawMessage
	for {
		err := st.src.search(ctx, st.src.searchBody(st.from, st.to, size, after, "asc"), &st.body, &st.resp)
		if err != nil && size > cfg.PageSize && isBadRequest(err) && st.bounded {
			// The raised size is over this index's max_result_window: give
			// up on this instant rather than on the whole stream.
			after, size = st.skipRun(st.boundaryAt), cfg.PageSize
			continue
		}
		if err != nil {
			return err
		}
		st.stats.Requests++
		hits := st.resp.Hits.Hits
		if len(hits) > 0 && after != nil {
			if first, ok := sortTime(&hits[0]); ok && first < afterAt(after) {
				return errIgnoredSearchAfter // the same page again and again, forever
			}
		}
		fresh := 0
		for i := range hits {
			if st.seen(&hits[i]) {
				continue
			}
			fresh++
			if err := st.emit(&hits[i]); err != nil {
				return err
			}
		}
		if len(hits) < size {
			return nil
		}
		last := &hits[len(hits)-1]
		v, integral := sortTime(last)
		if cfg.Tiebreaker != "" || !integral {
			// A unique tiebreaker makes the sort values exact; a sort value
			// that is not a whole number cannot be stepped back by one.
			after = last.Sort
			continue
		}
		if fresh == 0 {
			// More documents share this time than a page holds.
			if size < maxResultWindow {
				size = min(size*2, maxResultWindow)
				continue
			}
			after, size = st.skipRun(v), cfg.PageSize
			continue
		}
		if !st.bounded || v != st.boundaryAt {
			clear(st.boundary)
			st.bounded, st.boundaryAt, size = true, v, cfg.PageSize
		}
		for i := len(hits) - 1; i >= 0; i-- {
			if hv, _ := sortTime(&hits[i]); hv != v {
				break
			}
			st.boundary[hits[i].Index+"/"+hits[i].ID] = true
		}
		// search_after is strict: one less than the last value asks again
		// for the documents at that time, of which the streamed are skipped.
		after = sortAfter(v - 1)
	}
}

// errIgnoredSearchAfter: a server that answers documents sorted before the
// search_after it was given does not page (a proxy or mock that serves one
// canned answer). Going on would stream the same page until the deadline.
var errIgnoredSearchAfter = &core.Error{Code: core.ErrUnavailable,
	Message: "elasticsearch answered documents before the requested search_after, so its pages never advance: " +
		"check config.url (it should be the Elasticsearch or OpenSearch server, such as https://es:9200)"}

// afterAt is the time value of a search_after, or the smallest time when it
// is not a number.
func afterAt(after []json.RawMessage) int64 {
	if len(after) == 0 {
		return math.MinInt64
	}
	v, err := strconv.ParseInt(string(after[0]), 10, 64)
	if err != nil {
		return math.MinInt64
	}
	return v
}

// skipRun gives up on the documents at sort value v not streamed yet,
// counts it, and returns the search_after that goes on past v.
func (st *stream) skipRun(v int64) []json.RawMessage {
	st.stats.Unreachable++
	clear(st.boundary)
	st.bounded = false
	return sortAfter(v)
}

// seen reports whether h was streamed in the page before, at the boundary.
func (st *stream) seen(h *hit) bool {
	if !st.bounded {
		return false
	}
	v, ok := sortTime(h)
	return ok && v == st.boundaryAt && st.boundary[h.Index+"/"+h.ID]
}

func (st *stream) emit(h *hit) error {
	st.stats.Lines++
	out := st.parser.Parse(h.Source, &st.rec)
	if out == logline.NoTime || out == logline.BadTime {
		// The field is not in _source as a readable time (excluded, or an
		// odd format): the sort value is the same instant.
		if len(h.Sort) > 0 {
			if t, ok := logline.ParseTime(h.Sort[0], nil, st.to); ok {
				st.rec.Time, out = t, logline.OK
			}
		}
	}
	st.stats.Count(out)
	if !out.Usable() {
		return nil
	}
	if st.rec.Time.Before(st.from) || !st.rec.Time.Before(st.to) {
		st.stats.OutOfWindow++
		return nil
	}
	st.stats.Records++
	return st.fn(&st.rec)
}
