package redisqueue

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sigsentry/hub/core/pipeline"
)

// A job is stored as the fields of a stream entry, and as a hash of the
// same fields while it waits for a retry or lies dead:
//
//	id       the job id
//	kind     the job kind
//	payload  the payload bytes, unchanged
//	enq      when it was first queued, unix microseconds
//	att      deliveries before this entry (a new entry's delivery count
//	         adds to it: the attempt number is att + deliveries)
//	err      the error of the previous attempt
//
// The scripts copy these fields by name; keep the two in step.
const (
	fieldID      = "id"
	fieldKind    = "kind"
	fieldPayload = "payload"
	fieldEnq     = "enq"
	fieldAtt     = "att"
	fieldErr     = "err"
)

// jobFields are the stream entry fields of a newly queued job.
func jobFields(j pipeline.Job) []any {
	return []any{
		fieldID, j.ID,
		fieldKind, j.Kind,
		fieldPayload, j.Payload,
		fieldEnq, j.EnqueuedAt.UnixMicro(),
		fieldAtt, 0,
		fieldErr, j.LastError,
	}
}

// fieldMap turns a flat [name, value, …] reply into a map.
func fieldMap(flat []any) (map[string]string, error) {
	if len(flat)%2 != 0 {
		return nil, fmt.Errorf("odd number of fields (%d)", len(flat))
	}
	m := make(map[string]string, len(flat)/2)
	for i := 0; i < len(flat); i += 2 {
		k, ok1 := flat[i].(string)
		v, ok2 := flat[i+1].(string)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("field %d is %T=%T, want strings", i/2, flat[i], flat[i+1])
		}
		m[k] = v
	}
	return m, nil
}

// decodeJob reads a job from its fields; deliveries is the delivery count
// of the current stream entry (0 for a job at rest).
func decodeJob(f map[string]string, deliveries int64) (pipeline.Job, error) {
	id := f[fieldID]
	if id == "" {
		return pipeline.Job{}, fmt.Errorf("entry without a job id (fields %v)", keysOf(f))
	}
	enq, err := strconv.ParseInt(f[fieldEnq], 10, 64)
	if err != nil {
		return pipeline.Job{}, fmt.Errorf("job %s: bad enqueue time %q", id, f[fieldEnq])
	}
	att, err := strconv.ParseInt(f[fieldAtt], 10, 64)
	if err != nil {
		return pipeline.Job{}, fmt.Errorf("job %s: bad attempt count %q", id, f[fieldAtt])
	}
	return pipeline.Job{
		ID:         id,
		Kind:       f[fieldKind],
		Payload:    []byte(f[fieldPayload]),
		Attempt:    int(att + deliveries),
		EnqueuedAt: time.UnixMicro(enq).UTC(),
		LastError:  f[fieldErr],
	}, nil
}

func keysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// token names one delivery: the stream entry, the consumer that holds it
// and the entry's delivery count, which XAUTOCLAIM raises on every
// takeover. A stale token therefore never matches the pending entry again.
type token struct {
	entry      string
	deliveries int64
	consumer   string
}

func (t token) String() string {
	return t.entry + "/" + strconv.FormatInt(t.deliveries, 10) + "/" + t.consumer
}

// parseToken reads a token; ok is false for a token this queue never made.
// Entry ids hold no "/"; consumer names may.
func parseToken(s string) (t token, ok bool) {
	entry, rest, ok1 := strings.Cut(s, "/")
	count, consumer, ok2 := strings.Cut(rest, "/")
	n, err := strconv.ParseInt(count, 10, 64)
	if !ok1 || !ok2 || err != nil || entry == "" || n < 1 || consumer == "" {
		return token{}, false
	}
	return token{entry: entry, deliveries: n, consumer: consumer}, true
}
