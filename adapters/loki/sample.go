package loki

import (
	"bytes"
	"context"
	"slices"
	"time"

	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core/analysis"
)

// sampleWindows are the spans Sample looks back over: the last hour, then
// the last day for sources that are quiet.
var sampleWindows = []time.Duration{time.Hour, 24 * time.Hour}

// Sample returns up to n of the most recent lines, oldest first, as "test
// connection" shows them. It asks Loki for the newest entries (direction
// backward) so that one request is enough.
func (s *Source) Sample(ctx context.Context, now time.Time, n int) ([]logline.Sample, error) {
	var body bytes.Buffer
	var p page
	for _, span := range sampleWindows {
		from := now.Add(-span)
		if err := s.fetch(ctx, from.UnixNano(), now.UnixNano(), n, "backward", &body, &p); err != nil {
			return nil, err
		}
		if len(p.entries) == 0 {
			continue
		}
		st := s.newStream(from, now, nil)
		var out []logline.Sample
		st.page = p
		st.fn = func(rec *analysis.Record) error {
			out = append(out, logline.NewSample(rec, ""))
			return nil
		}
		// decodePage sorted the entries oldest first; keep the newest n.
		entries := p.entries[max(0, len(p.entries)-n):]
		for i := range entries {
			if err := st.emit(&entries[i]); err != nil {
				return nil, err
			}
		}
		return slices.Clip(out), nil
	}
	return []logline.Sample{}, nil
}
