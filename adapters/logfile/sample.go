package logfile

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"time"

	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
)

// sampleTailBytes is how much of the end of a plain file Sample reads.
const sampleTailBytes = 256 << 10

// sampleFiles is how many of the newest files Sample tries before it gives
// up finding lines (the newest is often empty just after a rotation).
const sampleFiles = 3

// Sample returns up to n of the last lines of the newest matching file,
// whatever their time, as "test connection" shows them: lines an analysis
// would skip come with the reason.
func (s *Source) Sample(ctx context.Context, n int) ([]logline.Sample, error) {
	files, err := matchFiles(s.cfg.Path)
	if err != nil {
		return nil, err
	}
	ring := &sampleRing{max: n}
	for i := len(files) - 1; i >= 0 && i >= len(files)-sampleFiles; i-- {
		if err := s.sampleFile(ctx, files[i], ring); err != nil {
			return nil, err
		}
		if len(ring.items) > 0 {
			break
		}
	}
	return ring.ordered(), nil
}

func (s *Source) sampleFile(ctx context.Context, lf logFile, ring *sampleRing) error {
	f, err := os.Open(lf.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &core.Error{Code: core.ErrUnavailable, Message: "cannot read " + lf.path + ": " + reason(err)}
	}
	defer f.Close()
	r, err := tail(f, lf.size)
	if err != nil {
		return &core.Error{Code: core.ErrUnavailable, Message: "cannot read " + lf.path + ": " + reason(err)}
	}
	sc := newScanner(s.cfg, time.Time{}, time.Unix(math.MaxInt32*8, 0), func(rec *analysis.Record) error {
		ring.add(logline.NewSample(rec, ""))
		return nil
	})
	sc.skipped = func(rec *analysis.Record, out logline.Outcome) {
		ring.add(logline.NewSample(rec, sc.parser.Explain(out)))
	}
	if err := sc.read(ctx, r); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &core.Error{Code: core.ErrUnavailable, Message: "cannot read " + lf.path + ": " + reason(err)}
	}
	return nil
}

// tail returns a reader over the last sampleTailBytes of a plain file,
// starting at a line boundary. A gzip file cannot be entered in the middle:
// it is read whole, and only the last lines are kept.
func tail(f *os.File, size int64) (io.Reader, error) {
	magic := make([]byte, 2)
	if _, err := f.ReadAt(magic, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if bytes.Equal(magic, []byte{0x1f, 0x8b}) || size <= sampleTailBytes {
		return f, nil
	}
	buf := make([]byte, sampleTailBytes)
	n, err := f.ReadAt(buf, size-sampleTailBytes)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	buf = buf[:n]
	if i := bytes.IndexByte(buf, '\n'); i >= 0 {
		buf = buf[i+1:] // the first line is cut
	}
	return bytes.NewReader(buf), nil
}

// sampleRing keeps the last max samples.
type sampleRing struct {
	max   int
	items []logline.Sample
	next  int
}

func (r *sampleRing) add(s logline.Sample) {
	if r.max <= 0 {
		return
	}
	if len(r.items) < r.max {
		r.items = append(r.items, s)
		return
	}
	r.items[r.next] = s
	r.next = (r.next + 1) % r.max
}

func (r *sampleRing) ordered() []logline.Sample {
	out := make([]logline.Sample, 0, len(r.items))
	out = append(out, r.items[r.next:]...)
	return append(out, r.items[:r.next]...)
}
