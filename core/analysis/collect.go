package analysis

import (
	"bytes"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pattern"
)

// Bounds of what one analysis keeps, whatever the log volume: the memory
// of an analysis does not grow with the number of lines.
const (
	chartBuckets     = 30
	maxEvidence      = 5
	maxEvidenceBytes = 300
	maxExampleBytes  = 300
)

type patternStats struct {
	cluster             *pattern.Cluster
	window, baseline    int64
	windowErrors        int64
	level               string
	service             string
	firstSeen, lastSeen time.Time
	example             string
}

type serviceStats struct {
	name                      string
	windowLines, windowErrors int64
	baselineLines             int64
	baselineErrors            int64
	firstError, lastError     time.Time
}

// collector folds a stream of records into counts. It keeps no line beyond
// a few examples and evidence lines.
type collector struct {
	window, baseline core.Window
	width            time.Duration
	miner            *pattern.Miner
	patterns         map[*pattern.Cluster]*patternStats
	services         map[string]*serviceStats
	ids              []Identifier
	idBytes          [][]byte
	matches          []IdentifierMatch
	series           []Bucket
	scanned          int64
}

func newCollector(w core.Window, ids []Identifier) *collector {
	c := &collector{window: w, baseline: w.Baseline(), miner: pattern.New(pattern.Config{}),
		patterns: map[*pattern.Cluster]*patternStats{}, services: map[string]*serviceStats{}, ids: ids}
	c.width = w.Duration() / chartBuckets
	if c.width <= 0 {
		c.width = time.Second
	}
	for i := 0; i < chartBuckets; i++ {
		c.series = append(c.series, Bucket{Start: w.Start.Add(time.Duration(i) * c.width)})
	}
	for _, id := range ids {
		c.idBytes = append(c.idBytes, []byte(id.Value))
		c.matches = append(c.matches, IdentifierMatch{Kind: id.Kind, Value: id.Value, Evidence: []string{}})
	}
	return c
}

// add counts one record. It runs for every line of the window and the
// baseline, so it avoids allocating for lines it has seen the like of.
func (c *collector) add(r *Record) {
	inWindow := c.window.Contains(r.Time)
	if !inWindow && !c.baseline.Contains(r.Time) {
		return
	}
	c.scanned++
	cl := c.miner.Add(r.Message)
	ps := c.patterns[cl]
	if ps == nil {
		ps = &patternStats{cluster: cl, service: r.Service, example: clip(r.Message, maxExampleBytes)}
		c.patterns[cl] = ps
	}
	isErr := r.Level == "error"
	if levelRank(r.Level) > levelRank(ps.level) {
		ps.level = r.Level
	}
	svc := c.service(r.Service)
	if !inWindow {
		ps.baseline++
		svc.baselineLines++
		if isErr {
			svc.baselineErrors++
			c.bucket(r.Time.Sub(c.baseline.Start)).BaselineErrors++
		}
		return
	}
	ps.window++
	if ps.firstSeen.IsZero() || r.Time.Before(ps.firstSeen) {
		ps.firstSeen = r.Time
	}
	if r.Time.After(ps.lastSeen) {
		ps.lastSeen = r.Time
	}
	svc.windowLines++
	if isErr {
		ps.windowErrors++
		svc.windowErrors++
		if svc.firstError.IsZero() || r.Time.Before(svc.firstError) {
			svc.firstError = r.Time
		}
		if r.Time.After(svc.lastError) {
			svc.lastError = r.Time
		}
		c.bucket(r.Time.Sub(c.window.Start)).Errors++
	}
	c.matchIdentifiers(r.Line)
}

func (c *collector) bucket(offset time.Duration) *Bucket {
	i := int(offset / c.width)
	return &c.series[min(max(i, 0), len(c.series)-1)]
}

func (c *collector) service(name string) *serviceStats {
	s := c.services[name]
	if s == nil {
		s = &serviceStats{name: name}
		c.services[name] = s
	}
	return s
}

func (c *collector) matchIdentifiers(line []byte) {
	for i, id := range c.idBytes {
		if !bytes.Contains(line, id) {
			continue
		}
		m := &c.matches[i]
		m.Count++
		if len(m.Evidence) < maxEvidence {
			m.Evidence = append(m.Evidence, clip(line, maxEvidenceBytes))
		}
	}
}

func levelRank(l string) int {
	switch l {
	case "error":
		return 4
	case "warn":
		return 3
	case "info":
		return 2
	case "debug":
		return 1
	}
	return 0
}

// clip copies at most n bytes: the record's buffers are reused.
func clip(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(bytes.ToValidUTF8(b, []byte("�")))
}

// merged folds the stats of clusters the miner merged since they were first
// counted: a cluster keeps answering with the id of the one it joined.
func (c *collector) merged() map[string]*patternStats {
	out := make(map[string]*patternStats, len(c.patterns))
	for _, ps := range c.patterns {
		id := ps.cluster.ID()
		m := out[id]
		if m == nil {
			cp := *ps
			out[id] = &cp
			continue
		}
		m.window += ps.window
		m.baseline += ps.baseline
		m.windowErrors += ps.windowErrors
		if levelRank(ps.level) > levelRank(m.level) {
			m.level = ps.level
		}
		if !ps.firstSeen.IsZero() && (m.firstSeen.IsZero() || ps.firstSeen.Before(m.firstSeen)) {
			m.firstSeen = ps.firstSeen
		}
		if ps.lastSeen.After(m.lastSeen) {
			m.lastSeen = ps.lastSeen
		}
	}
	return out
}

// rates are the service's error shares in the window and the baseline.
func (s *serviceStats) rates() (window, baseline float64) {
	if s.windowLines > 0 {
		window = float64(s.windowErrors) / float64(s.windowLines)
	}
	if s.baselineLines > 0 {
		baseline = float64(s.baselineErrors) / float64(s.baselineLines)
	}
	return window, baseline
}
