package pattern_test

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sigsentry/hub/core/pattern"
)

// The Loghub-2k samples are an external benchmark and stay outside the
// repository: SIGSENTRY_LOGHUB names the folder, else ../shared/loghub next
// to the repository root. Tests skip, saying so, when neither exists.

// sample is one labelled system: each line's message and true template.
type sample struct {
	system    string
	lines     []string
	eventIDs  []string
	templates []string
}

func loghubDir(tb testing.TB) string {
	tb.Helper()
	if dir := os.Getenv("SIGSENTRY_LOGHUB"); dir != "" {
		return dir
	}
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "loghub")
		}
		if filepath.Dir(dir) == dir {
			return filepath.Join(wd, "..", "shared", "loghub")
		}
	}
}

// loadLoghub reads every system in the folder from the labels the README
// names as the reference: loghub-2.0/<S>_2k.log_structured_corrected.csv.
func loadLoghub(tb testing.TB) []sample {
	tb.Helper()
	dir := loghubDir(tb)
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Skipf("Loghub samples not found at %s (set SIGSENTRY_LOGHUB): %v", dir, err)
	}
	var out []sample
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name(), "loghub-2.0", e.Name()+"_2k.log_structured_corrected.csv")
		s, err := readStructured(e.Name(), path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		tb.Skipf("no Loghub systems under %s", dir)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].system < out[j].system })
	return out
}

func readStructured(system, path string) (sample, error) {
	f, err := os.Open(path)
	if err != nil {
		return sample{}, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return sample{}, err
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, name := range []string{"Content", "EventId", "EventTemplate"} {
		if _, ok := col[name]; !ok {
			return sample{}, errors.New("no column " + name)
		}
	}
	s := sample{system: system}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return s, nil
		}
		if err != nil {
			return sample{}, err
		}
		s.lines = append(s.lines, rec[col["Content"]])
		s.eventIDs = append(s.eventIDs, rec[col["EventId"]])
		s.templates = append(s.templates, rec[col["EventTemplate"]])
	}
}

// mine runs the two passes of `sigsentry patterns`: every line first, then
// each line's final group and template.
func mine(lines []string) (groups, templates []string) {
	_, joined := mineClusters(lines)
	return render(joined)
}

// mineClusters is the first pass: the miner and the cluster each line joined.
func mineClusters(lines []string) (*pattern.Miner, []*pattern.Cluster) {
	m := pattern.New(pattern.Config{})
	joined := make([]*pattern.Cluster, len(lines))
	for i, l := range lines {
		joined[i] = m.Add([]byte(l))
	}
	return m, joined
}

// render is the second pass.
func render(joined []*pattern.Cluster) (groups, templates []string) {
	groups = make([]string, len(joined))
	templates = make([]string, len(joined))
	for i, c := range joined {
		groups[i], templates[i] = c.ID(), c.Template()
	}
	return groups, templates
}
