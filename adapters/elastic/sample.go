package elastic

import (
	"context"
	"slices"
	"time"

	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core/analysis"
)

// sampleWindows are the spans Sample looks back over: the last hour, then
// the last day for quiet indices.
var sampleWindows = []time.Duration{time.Hour, 24 * time.Hour}

// Sample returns up to n of the most recent documents, oldest first, as
// "test connection" shows them; one request, newest first.
func (s *Source) Sample(ctx context.Context, now time.Time, n int) ([]logline.Sample, error) {
	for _, span := range sampleWindows {
		var out []logline.Sample
		st := s.newStream(now.Add(-span), now, func(rec *analysis.Record) error {
			out = append(out, logline.NewSample(rec, ""))
			return nil
		})
		if err := s.search(ctx, s.searchBody(st.from, st.to, n, nil, "desc"), &st.body, &st.resp); err != nil {
			return nil, err
		}
		hits := st.resp.Hits.Hits
		if len(hits) == 0 {
			continue
		}
		for i := range hits {
			if err := st.emit(&hits[i]); err != nil {
				return nil, err
			}
		}
		slices.Reverse(out)
		return out, nil
	}
	return []logline.Sample{}, nil
}
