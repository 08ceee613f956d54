package loki

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"testing"
)

// fakeLoki answers /loki/api/v1/query_range the way Loki documents it: the
// entries of [start, end), the earliest (forward) or latest (backward)
// limit of them across streams, grouped by stream.
type fakeLoki struct {
	t        *testing.T
	streams  []fakeStream
	orgID    string // required X-Scope-OrgID, when set
	user     string // required basic auth, when set
	password string
	bearer   string // required bearer token, when set
	maxLimit int    // answers 400 past it, like max_entries_limit_per_query
	// shuffle orders the entries at one nanosecond at random in every
	// answer; otherwise by stream then line, the same every time as Loki.
	shuffle bool

	mu       sync.Mutex
	rng      *rand.Rand
	requests []url.Values
}

type fakeStream struct {
	labels  map[string]string
	entries []fakeEntry
}

type fakeEntry struct {
	ts   int64
	line string
}

func newFakeLoki(t *testing.T, streams ...fakeStream) (*fakeLoki, *httptest.Server) {
	f := &fakeLoki{t: t, streams: streams, rng: rand.New(rand.NewPCG(7, 9))}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeLoki) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/loki/api/v1/query_range" || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	if f.orgID != "" && r.Header.Get("X-Scope-OrgID") != f.orgID {
		http.Error(w, "no org id", http.StatusUnauthorized)
		return
	}
	if user, pass, _ := r.BasicAuth(); f.user != "" && (user != f.user || pass != f.password) {
		http.Error(w, "invalid credentials", http.StatusUnauthorized)
		return
	}
	if f.bearer != "" && r.Header.Get("Authorization") != "Bearer "+f.bearer {
		http.Error(w, "invalid token", http.StatusUnauthorized)
		return
	}
	q := r.URL.Query()
	f.mu.Lock()
	f.requests = append(f.requests, q)
	f.mu.Unlock()
	start, err1 := strconv.ParseInt(q.Get("start"), 10, 64)
	end, err2 := strconv.ParseInt(q.Get("end"), 10, 64)
	limit, err3 := strconv.Atoi(q.Get("limit"))
	if err1 != nil || err2 != nil || err3 != nil || q.Get("query") == "" {
		http.Error(w, "bad parameters", http.StatusBadRequest)
		return
	}
	if f.maxLimit > 0 && limit > f.maxLimit {
		http.Error(w, "max entries limit per query exceeded", http.StatusBadRequest)
		return
	}
	backward := q.Get("direction") == "backward"
	type hit struct {
		stream int
		e      fakeEntry
		tie    uint64
	}
	var hits []hit
	f.mu.Lock()
	for i, s := range f.streams {
		for _, e := range s.entries {
			if e.ts >= start && e.ts < end {
				tie := uint64(i)<<32 | uint64(len(e.line))
				if f.shuffle {
					tie = f.rng.Uint64()
				}
				hits = append(hits, hit{i, e, tie})
			}
		}
	}
	f.mu.Unlock()
	sort.Slice(hits, func(a, b int) bool {
		if hits[a].e.ts != hits[b].e.ts {
			return (hits[a].e.ts < hits[b].e.ts) != backward
		}
		if hits[a].tie != hits[b].tie {
			return hits[a].tie < hits[b].tie
		}
		return hits[a].e.line < hits[b].e.line
	})
	hits = hits[:min(limit, len(hits))]
	type result struct {
		Stream map[string]string `json:"stream"`
		Values [][]string        `json:"values"`
	}
	byStream := map[int]*result{}
	var results []*result
	for _, h := range hits {
		res := byStream[h.stream]
		if res == nil {
			res = &result{Stream: f.streams[h.stream].labels}
			byStream[h.stream] = res
			results = append(results, res)
		}
		res.Values = append(res.Values, []string{strconv.FormatInt(h.e.ts, 10), h.e.line})
	}
	if results == nil {
		results = []*result{}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"status": "success",
		"data":   map[string]any{"resultType": "streams", "result": results, "stats": map[string]any{}},
	})
}

func (f *fakeLoki) requestLog() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.requests...)
}
