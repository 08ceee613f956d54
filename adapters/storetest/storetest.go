package storetest

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
	"github.com/sigsentry/hub/core/triage"
)

// Stores is what the suite tests: every store port of the core, and Close.
type Stores interface {
	project.Store
	binding.Store
	triage.Store
	analysis.Store
	Close() error
}

// Run runs the whole suite. newStore must return a fresh, empty store each
// time it is called (subtests run in parallel, each with its own); Run
// closes it when the subtest ends.
func Run(t *testing.T, newStore func(t *testing.T) Stores) {
	open := func(t *testing.T) Stores {
		s := newStore(t)
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("close store: %v", err)
			}
		})
		return s
	}
	for _, group := range []struct {
		name  string
		tests map[string]func(t *testing.T, s Stores)
	}{
		{"Projects", projectTests},
		{"LogSources", logSourceTests},
		{"Bindings", bindingTests},
		{"InstallStates", installStateTests},
		{"Triage", triageTests},
		{"Analyses", analysisTests},
	} {
		t.Run(group.name, func(t *testing.T) {
			names := make([]string, 0, len(group.tests))
			for name := range group.tests {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					group.tests[name](t, open(t))
				})
			}
		})
	}
}

// base is a fixed instant with whole microseconds, as the stores keep them.
var base = time.Date(2026, 3, 10, 15, 20, 0, 123456000, time.UTC)

// at is base plus some minutes.
func at(minutes int) time.Time { return base.Add(time.Duration(minutes) * time.Minute) }

func ptr[T any](v T) *T { return &v }

// wantCode fails unless err carries the domain error code.
func wantCode(t *testing.T, err error, code, doing string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want %s", doing, code)
	}
	if got := core.ErrorCode(err); got != code {
		t.Fatalf("%s: error code %s (%v), want %s", doing, got, err, code)
	}
}

// wantMessage fails unless the error a person reads contains every part.
func wantMessage(t *testing.T, err error, parts ...string) {
	t.Helper()
	msg := core.ErrorMessage(err)
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("message %q does not mention %q", msg, p)
		}
	}
}

func must(t *testing.T, err error, doing string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", doing, err)
	}
}

// equal compares deeply, printing both sides (pointers followed) on failure.
func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s differs\n got: %s\nwant: %s", what, show(got), show(want))
	}
}

func show(v any) string {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Slice {
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = show(rv.Index(i).Interface())
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	if !rv.IsValid() {
		return "nil"
	}
	return fmt.Sprintf("%+v", rv.Interface())
}

// newestFirst sorts ids as the listings return them.
func newestFirst(ids []string) []string {
	out := append([]string(nil), ids...)
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out
}

func idsOf[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, v := range items {
		out[i] = id(v)
	}
	return out
}
