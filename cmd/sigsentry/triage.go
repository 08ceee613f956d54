package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync"
	"time"
	_ "time/tzdata" // customer zones resolve even where the system has no zone database

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
	"github.com/sigsentry/hub/core/triage"
)

// triageBatch is how many lines travel together between the reader, the
// workers and the writer: large enough that channel hand-offs cost nothing
// next to the triage itself, small enough to keep a slow line from holding
// back output for long.
const triageBatch = 256

// triageEngines bounds each worker's cache of compiled service catalogs.
const triageEngines = 256

// triageCmd implements `sigsentry triage`: conversations as JSON lines on
// stdin, one triage JSON line per input line on stdout, in input order.
//
// Lines are triaged on every core in batches and written back in order. A
// line that is not a JSON object, lacks created_at, names an unknown time
// zone or a time buffer outside 1–24 hours yields {"id":…,"error":"…"}
// naming the field, and the command goes on. A blank line is not JSON and
// gets an error line too, so output lines match input lines one to one.
func triageCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("triage", flag.ContinueOnError)
	fs.SetOutput(stderr)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "conversations triaged in parallel")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: sigsentry triage [--workers N] < conversations.jsonl\n\n"+
			"Reads one conversation per line: {\"id\",\"created_at\",\"text\",\"services\",\"timezone\",\"time_buffer_hours\"}\n"+
			"and writes one triage per line: {\"id\",\"severity\",\"confidence\",\"affected_service\",\"window\",\"evidence\"}.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 || *workers < 1 {
		fs.Usage()
		return 2
	}
	if err := triageStream(stdin, stdout, *workers); err != nil {
		fmt.Fprintln(stderr, "sigsentry triage:", err)
		return 1
	}
	return 0
}

type lineBatch struct {
	lines [][]byte
	out   bytes.Buffer
	done  chan struct{}
}

// triageStream reads, triages and writes: the reader hands batches to the
// workers and, in the same order, to the writer, which waits for each one.
func triageStream(stdin io.Reader, stdout io.Writer, workers int) error {
	work := make(chan *lineBatch, workers)
	order := make(chan *lineBatch, 4*workers)
	zones := &triage.Zones{}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			t := newLineTriager(zones)
			for b := range work {
				for _, line := range b.lines {
					t.triage(&b.out, line)
				}
				close(b.done)
			}
		})
	}
	written := make(chan error, 1)
	go func() {
		w := bufio.NewWriterSize(stdout, 256<<10)
		var err error
		for b := range order {
			<-b.done
			if err == nil {
				_, err = w.Write(b.out.Bytes())
			}
		}
		if err == nil {
			err = w.Flush()
		}
		written <- err
	}()

	b := &lineBatch{done: make(chan struct{})}
	send := func() {
		order <- b
		work <- b
		b = &lineBatch{done: make(chan struct{})}
	}
	readErr := eachLine(stdin, func(line []byte) {
		b.lines = append(b.lines, bytes.Clone(line))
		if len(b.lines) == triageBatch {
			send()
		}
	})
	if len(b.lines) > 0 {
		send()
	}
	close(work)
	close(order)
	wg.Wait()
	writeErr := <-written
	if readErr != nil {
		return fmt.Errorf("reading stdin: %w", readErr)
	}
	if writeErr != nil {
		return fmt.Errorf("writing stdout: %w", writeErr)
	}
	return nil
}

// lineTriager is one worker's state: compiled catalogs by their JSON, so a
// stream of conversations of the same project compiles its catalog once.
type lineTriager struct {
	zones   *triage.Zones
	engines map[string]*triage.Engine
}

func newLineTriager(zones *triage.Zones) *lineTriager {
	return &lineTriager{zones: zones, engines: map[string]*triage.Engine{}}
}

// triageInput is one input line. Fields are read raw where a bad value must
// be reported by name rather than fail the whole line.
type triageInput struct {
	ID              json.RawMessage `json:"id"`
	CreatedAt       json.RawMessage `json:"created_at"`
	Text            string          `json:"text"`
	Services        json.RawMessage `json:"services"`
	Timezone        string          `json:"timezone"`
	TimeBufferHours json.RawMessage `json:"time_buffer_hours"`
}

type triageWindow struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type triageOutput struct {
	ID              json.RawMessage `json:"id"`
	Severity        core.Severity   `json:"severity"`
	Confidence      float64         `json:"confidence"`
	AffectedService *string         `json:"affected_service"`
	Window          triageWindow    `json:"window"`
	Evidence        []string        `json:"evidence"`
}

type triageError struct {
	ID    json.RawMessage `json:"id"`
	Error string          `json:"error"`
}

// triage appends the output line for one input line to out.
func (t *lineTriager) triage(out *bytes.Buffer, line []byte) {
	var in triageInput
	d, err := t.decide(line, &in)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	if err != nil {
		_ = enc.Encode(triageError{ID: jsonValue(in.ID), Error: err.Error()})
		return
	}
	_ = enc.Encode(triageOutput{ID: jsonValue(in.ID), Severity: d.Severity, Confidence: d.Confidence,
		AffectedService: d.AffectedService, Evidence: d.Evidence, Window: triageWindow{
			Start: d.Window.Start.UTC().Truncate(time.Second).Format(time.RFC3339),
			End:   d.Window.End.UTC().Truncate(time.Second).Format(time.RFC3339)}})
}

func (t *lineTriager) decide(line []byte, in *triageInput) (triage.Decision, error) {
	if len(bytes.TrimSpace(line)) == 0 {
		return triage.Decision{}, errors.New("empty line: want a JSON object")
	}
	if err := json.Unmarshal(line, in); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return triage.Decision{}, fmt.Errorf("%s: must be a JSON %s", typeErr.Field, jsonKind(typeErr.Type.Kind().String()))
		}
		if errors.As(err, &typeErr) {
			return triage.Decision{}, errors.New("a line must be a JSON object")
		}
		return triage.Decision{}, fmt.Errorf("invalid JSON: %v", err)
	}
	created, err := createdAt(in.CreatedAt)
	if err != nil {
		return triage.Decision{}, err
	}
	loc, err := t.zones.Load(in.Timezone)
	if err != nil {
		return triage.Decision{}, err
	}
	buffer, err := bufferHours(in.TimeBufferHours)
	if err != nil {
		return triage.Decision{}, err
	}
	engine, err := t.engine(in.Services)
	if err != nil {
		return triage.Decision{}, err
	}
	return engine.Triage(triage.Input{Text: in.Text, CreatedAt: created, Location: loc, TimeBufferHours: buffer}), nil
}

// engine returns the compiled catalog for a services array, compiling it on
// first sight. The cache is emptied when full rather than grown without end.
func (t *lineTriager) engine(raw json.RawMessage) (*triage.Engine, error) {
	if e, ok := t.engines[string(raw)]; ok {
		return e, nil
	}
	var services []project.Service
	if len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		if err := json.Unmarshal(raw, &services); err != nil {
			return nil, errors.New(`services: must be an array of {"name":…,"aliases":[…]}`)
		}
	}
	if len(t.engines) >= triageEngines {
		clear(t.engines)
	}
	e := triage.NewEngine(services)
	t.engines[string(raw)] = e
	return e, nil
}

// createdAt requires the conversation time: without it the window would
// depend on when the command happens to run, and triage would stop being
// reproducible.
func createdAt(raw json.RawMessage) (time.Time, error) {
	var s string
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return time.Time{}, core.Invalid("created_at", "is required")
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return time.Time{}, core.Invalid("created_at", "must be an RFC 3339 string such as 2026-03-10T15:20:00Z")
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, core.Invalid("created_at", "must be an RFC 3339 time such as 2026-03-10T15:20:00Z (got %q)", s)
	}
	return t, nil
}

// bufferHours reads time_buffer_hours: absent or null is the default, any
// other value must be a whole number of hours from 1 to 24.
func bufferHours(raw json.RawMessage) (int, error) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return triage.DefaultTimeBufferHours, nil
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || f != math.Trunc(f) || f < math.MinInt32 || f > math.MaxInt32 {
		return 0, core.Invalid("time_buffer_hours", "must be a whole number of hours between %d and %d (got %s)",
			triage.MinTimeBufferHours, triage.MaxTimeBufferHours, raw)
	}
	h := int(f)
	return h, triage.ValidateTimeBuffer(h)
}

// jsonValue keeps an id exactly as it came (string or number); a missing id
// is null.
func jsonValue(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return nil
	}
	return raw
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "slice":
		return "array"
	case "struct", "map":
		return "object"
	}
	return "value of another type"
}
