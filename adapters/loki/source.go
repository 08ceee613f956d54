package loki

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/sigsentry/hub/adapters/httpsource"
	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/project"
)

const queryRangePath = "/loki/api/v1/query_range"

// Source streams the lines of a LogQL query from Loki, page by page. It is
// safe for concurrent use.
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

// Stream pages forward through [from, to). Loki answers at most limit
// entries per request, the earliest first; the next page starts at the last
// timestamp of this one, inclusive, because entries at that nanosecond may
// not all have fitted. The entries already streamed at that nanosecond are
// remembered (by stream and line, which Loki keeps unique per timestamp)
// and skipped, so none is lost or streamed twice.
func (s *Source) Stream(ctx context.Context, from, to time.Time, fn func(*analysis.Record) error) error {
	if !from.Before(to) {
		return nil // an empty window
	}
	st := s.newStream(from, to, fn)
	defer func() { s.Add(st.stats) }()
	return st.run(ctx)
}

// stream is the state of one Stream call.
type stream struct {
	src    *Source
	from   int64
	to     int64
	fn     func(*analysis.Record) error
	parser *logline.Parser
	body   bytes.Buffer
	page   page
	rec    analysis.Record
	line   []byte
	// boundary holds the entries streamed at boundaryTS, the last
	// timestamp of the previous page.
	boundary   map[string]bool
	boundaryTS int64
	stats      logline.Stats
}

func (s *Source) newStream(from, to time.Time, fn func(*analysis.Record) error) *stream {
	p := logline.NewParser(s.cfg.Parser)
	p.SetReference(to)
	return &stream{src: s, from: from.UnixNano(), to: to.UnixNano(), fn: fn, parser: p,
		boundary: map[string]bool{}, boundaryTS: -1}
}

func (st *stream) run(ctx context.Context) error {
	start, limit := st.from, st.src.cfg.Limit
	for start < st.to {
		err := st.src.fetch(ctx, start, st.to, limit, "forward", &st.body, &st.page)
		if err != nil && limit > st.src.cfg.Limit && isBadRequest(err) {
			// The raised limit is over the server's max_entries_limit_per_query:
			// give up on this nanosecond rather than on the whole stream.
			start, limit = st.skipRun(start)
			continue
		}
		if err != nil {
			return err
		}
		st.stats.Requests++
		entries := st.page.entries
		if len(entries) > 0 && entries[0].ts < start {
			return errIgnoredStart // the same page again and again, forever
		}
		fresh := 0
		for i := range entries {
			e := &entries[i]
			if e.ts == st.boundaryTS && st.boundary[st.key(e)] {
				continue
			}
			fresh++
			if err := st.emit(e); err != nil {
				return err
			}
		}
		if len(entries) < limit {
			return nil // Loki had no more than this
		}
		last := entries[len(entries)-1].ts
		if fresh == 0 {
			// More entries share this nanosecond than a page holds: ask for
			// bigger pages while in it, up to a bound.
			if limit < st.src.cfg.Limit*maxLimitBoost {
				limit *= 2
			} else {
				start, limit = st.skipRun(last)
			}
			continue
		}
		if last != st.boundaryTS {
			clear(st.boundary)
			st.boundaryTS, limit = last, st.src.cfg.Limit
		}
		for i := len(entries) - 1; i >= 0 && entries[i].ts == last; i-- {
			st.boundary[st.key(&entries[i])] = true
		}
		start = last
	}
	return nil
}

// errIgnoredStart: a server that answers entries before the start it was
// asked for does not page (a proxy or mock that serves one canned answer).
// Going on would stream the same page until the deadline, counted again and
// again.
var errIgnoredStart = &core.Error{Code: core.ErrUnavailable,
	Message: "loki answered entries before the requested start, so its pages never advance: " +
		"check config.url (it should be Loki's base URL, such as http://loki:3100)"}

// skipRun gives up on the entries at nanosecond ts not streamed yet, counts
// it, and returns where and how to go on.
func (st *stream) skipRun(ts int64) (int64, int) {
	st.stats.Unreachable++
	clear(st.boundary)
	st.boundaryTS = -1
	return ts + 1, st.src.cfg.Limit
}

// key identifies an entry among those at one nanosecond.
func (st *stream) key(e *entry) string {
	return labelsKey(st.page.streams[e.stream]) + "\x00" + e.line
}

func (st *stream) emit(e *entry) error {
	st.stats.Lines++
	if e.ts < st.from || e.ts >= st.to {
		st.stats.OutOfWindow++
		return nil
	}
	labels := st.page.streams[e.stream]
	st.line = append(st.line[:0], e.line...)
	st.rec.Time = time.Unix(0, e.ts).UTC()
	out := st.parser.ParseBody(st.line, &st.rec)
	st.stats.Count(out)
	if svc := firstLabel(labels, st.src.cfg.ServiceLabels); svc != "" {
		st.rec.Service = svc
	}
	if lvl := logline.NormalizeLevel([]byte(firstLabel(labels, st.src.cfg.LevelLabels))); lvl != "" {
		st.rec.Level = lvl
	}
	st.stats.Records++
	return st.fn(&st.rec)
}

// fetch asks for one page of [start, end) and decodes it into p.
func (s *Source) fetch(ctx context.Context, start, end int64, limit int, direction string, body *bytes.Buffer, p *page) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	q := url.Values{
		"query":     {s.cfg.Query},
		"start":     {strconv.FormatInt(start, 10)},
		"end":       {strconv.FormatInt(end, 10)},
		"limit":     {strconv.Itoa(limit)},
		"direction": {direction},
	}
	if err := s.endpoint.Do(ctx, http.MethodGet, s.endpoint.URL(queryRangePath, q), nil, body); err != nil {
		return hintQuery(err)
	}
	return s.endpoint.Scrub(decodePage(body.Bytes(), p))
}
