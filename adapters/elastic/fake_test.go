package elastic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path"
	"sort"
	"strings"
	"sync"
	"testing"
)

// fakeES answers POST /{index}/_search as Elasticsearch 8 and OpenSearch 2
// document it, for the requests this package sends: a range filter in
// epoch_millis, an optional query_string (here: a substring), a sort on
// the time field and an optional tiebreaker, search_after (strictly after
// the given sort values) and size. Documents with equal sort values come
// in a random order in every answer, as they do across shards and replicas.
type fakeES struct {
	docs      []fakeDoc
	timeField string
	apiKey    string // required "ApiKey …" value, when set
	user      string // required basic auth, when set
	password  string
	nanos     bool // the time field is date_nanos: sort values in ns
	maxWindow int  // index.max_result_window; 0: maxResultWindow

	mu     sync.Mutex
	rng    *rand.Rand
	bodies []map[string]any
	paths  []string
}

type fakeDoc struct {
	index, id string
	ms        int64  // time in ms (ns/1e6 for nanos)
	tb        string // tiebreaker value
	source    string
}

func newFakeES(t *testing.T, docs ...fakeDoc) (*fakeES, *httptest.Server) {
	f := &fakeES{docs: docs, timeField: "@timestamp", rng: rand.New(rand.NewPCG(3, 4))}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func esError(w http.ResponseWriter, status int, typ, reason string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"root_cause": []any{map[string]any{"type": typ, "reason": reason}}, "type": typ, "reason": reason}, "status": status})
}

func (f *fakeES) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	index, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/"), "/_search")
	if !ok || r.Method != http.MethodPost {
		esError(w, 405, "method_not_allowed", r.Method+" "+r.URL.Path)
		return
	}
	if f.apiKey != "" && r.Header.Get("Authorization") != "ApiKey "+f.apiKey {
		esError(w, 401, "security_exception", "unable to authenticate with provided credentials")
		return
	}
	if user, pass, _ := r.BasicAuth(); f.user != "" && (user != f.user || pass != f.password) {
		esError(w, 401, "security_exception", "unable to authenticate user ["+user+"]")
		return
	}
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil {
		esError(w, 400, "parse_exception", err.Error())
		return
	}
	f.mu.Lock()
	f.bodies = append(f.bodies, body)
	f.paths = append(f.paths, r.URL.Path)
	f.mu.Unlock()
	size := num(body["size"])
	window := f.maxWindow
	if window == 0 {
		window = maxResultWindow
	}
	if size > int64(window) {
		esError(w, 400, "illegal_argument_exception", "Result window is too large")
		return
	}
	filters := body["query"].(map[string]any)["bool"].(map[string]any)["filter"].([]any)
	rng := filters[0].(map[string]any)["range"].(map[string]any)[f.timeField].(map[string]any)
	gte, lt := num(rng["gte"]), num(rng["lt"])
	substr := ""
	if len(filters) > 1 {
		substr = filters[1].(map[string]any)["query_string"].(map[string]any)["query"].(string)
	}
	sorts := body["sort"].([]any)
	desc := sorts[0].(map[string]any)[f.timeField].(map[string]any)["order"] == "desc"
	withTB := len(sorts) > 1
	var after []any
	if a, ok := body["search_after"].([]any); ok {
		after = a
	}

	type hit struct {
		d   *fakeDoc
		tie uint64
	}
	var hits []hit
	f.mu.Lock()
	for i := range f.docs {
		d := &f.docs[i]
		if !matchIndex(index, d.index) || d.ms < gte || d.ms >= lt || !strings.Contains(d.source, substr) {
			continue
		}
		hits = append(hits, hit{d, f.rng.Uint64()})
	}
	f.mu.Unlock()
	if len(hits) == 0 && !strings.ContainsAny(index, "*,") && !f.indexExists(index) {
		esError(w, 404, "index_not_found_exception", "no such index ["+index+"]")
		return
	}
	sortVal := func(d *fakeDoc) int64 {
		if f.nanos {
			return d.ms * 1e6
		}
		return d.ms
	}
	cmp := func(a, b *fakeDoc) int { // ascending order of the sort tuple
		if c := cmpInt(sortVal(a), sortVal(b)); c != 0 {
			return c
		}
		if withTB {
			return strings.Compare(a.tb, b.tb)
		}
		return 0
	}
	sort.Slice(hits, func(i, j int) bool {
		c := cmp(hits[i].d, hits[j].d)
		if desc {
			c = -c
		}
		if c == 0 {
			return hits[i].tie < hits[j].tie
		}
		return c < 0
	})
	var out []any
	for _, h := range hits {
		if after != nil {
			c := cmpInt(sortVal(h.d), num(after[0]))
			if c == 0 && withTB {
				c = strings.Compare(h.d.tb, after[1].(string))
			}
			if desc {
				c = -c
			}
			if c <= 0 {
				continue // search_after is strict
			}
		}
		if int64(len(out)) == size {
			break
		}
		sv := []any{sortVal(h.d)}
		if withTB {
			sv = append(sv, h.d.tb)
		}
		out = append(out, map[string]any{"_index": h.d.index, "_id": h.d.id, "_score": nil,
			"_source": json.RawMessage(h.d.source), "sort": sv})
	}
	if out == nil {
		out = []any{}
	}
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(map[string]any{"took": 1, "timed_out": false,
		"_shards": map[string]any{"total": 1, "successful": 1, "skipped": 0, "failed": 0},
		"hits":    map[string]any{"max_score": nil, "hits": out}})
	w.Header().Set("Content-Type", "application/json")
	w.Write(buf.Bytes())
}

func (f *fakeES) indexExists(name string) bool {
	for _, d := range f.docs {
		if d.index == name {
			return true
		}
	}
	return false
}

func (f *fakeES) requestBodies() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.bodies...)
}

func matchIndex(patterns, index string) bool {
	for _, p := range strings.Split(patterns, ",") {
		if ok, _ := path.Match(p, index); ok {
			return true
		}
	}
	return false
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func num(v any) int64 {
	switch v := v.(type) {
	case json.Number:
		n, err := v.Int64()
		if err != nil {
			panic(fmt.Sprintf("not an integer: %v", v))
		}
		return n
	case float64:
		return int64(v)
	}
	panic(fmt.Sprintf("not a number: %#v", v))
}
