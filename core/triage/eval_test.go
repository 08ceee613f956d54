package triage

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// evalCase is one labelled conversation of testdata/conversations.jsonl: the
// triage command's input line plus what a senior support engineer decided.
type evalCase struct {
	ID              string            `json:"id"`
	CreatedAt       time.Time         `json:"created_at"`
	Text            string            `json:"text"`
	Services        []project.Service `json:"services"`
	Timezone        string            `json:"timezone"`
	TimeBufferHours int               `json:"time_buffer_hours"`
	Expect          struct {
		Severity        core.Severity `json:"severity"`
		AffectedService *string       `json:"affected_service"`
		Window          core.Window   `json:"window"`
	} `json:"expect"`
}

// accuracy is what one labelled file measures.
type accuracy struct{ severity, severityNear, service, window float64 }

// The floors sit a little under what the engine reaches, so that a
// regression fails while rewording a rule does not.
//
// Provenance, because accuracy on text the rules were tuned on says little:
// conversations.jsonl was labelled first and the rules were tuned on it.
// Each holdout file was then written and labelled before the engine ever
// ran on it, measured once, and only afterwards used to find the classes of
// mistake it showed (fixed as general rules, never line by line). Measured
// once, on first sight, the three held-out files (150 conversations) gave:
// severity exact 0.573, within one level 0.867, affected service 0.960,
// window 0.933. The fourth (200 conversations of eight other catalogs,
// labelled by the rubric in testdata/README.md) gave severity 0.650 exact
// and 0.905 within one on first sight. After the general rules it showed
// (confusion: mostly missed vocabulary, things counted as people, partial
// failures read as total), holdout5.jsonl (100 conversations of five more
// catalogs) was written, labelled and measured once: severity 0.590 exact,
// 0.860 within one, affected service 0.870, window 0.940 (the engine before
// those rules: 0.560 and 0.850). It is never tuned on: those are the honest
// figures for conversations never seen.
var evalSets = []struct {
	file  string
	floor accuracy
}{
	{"testdata/conversations.jsonl", accuracy{severity: 0.87, severityNear: 0.99, service: 0.97, window: 0.95}},
	{"testdata/holdout.jsonl", accuracy{severity: 0.78, severityNear: 0.97, service: 0.94, window: 0.96}},  // first sight: 0.50 0.78 0.96 0.96
	{"testdata/holdout2.jsonl", accuracy{severity: 0.82, severityNear: 0.97, service: 0.96, window: 0.94}}, // first sight: 0.69 0.93 0.96 0.91
	{"testdata/holdout3.jsonl", accuracy{severity: 0.80, severityNear: 0.99, service: 0.93, window: 0.95}}, // first sight: 0.51 0.89 0.96 0.93
	{"testdata/holdout4.jsonl", accuracy{severity: 0.84, severityNear: 0.97, service: 0.88, window: 0.93}}, // first sight: 0.650 0.905 0.895 0.935
	{"testdata/holdout5.jsonl", accuracy{severity: 0.58, severityNear: 0.85, service: 0.86, window: 0.93}}, // first sight: 0.590 0.860 0.870 0.940; never tuned on
}

// windowTolerance is how far a window bound may sit from the label: the
// margin before a moment is a convention (15 or 30 minutes), not a fact.
const windowTolerance = 15 * time.Minute

func loadEval(t testing.TB, file string) []evalCase {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []evalCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var c evalCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s line %d: %v", file, len(cases)+1, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestEvaluation measures triage on the labelled sets and fails below the
// floors. Run with -v to see every miss and the figures.
func TestEvaluation(t *testing.T) {
	for _, set := range evalSets {
		t.Run(set.file, func(t *testing.T) {
			cases := loadEval(t, set.file)
			got := evaluate(t, cases)
			for _, r := range []struct {
				name       string
				got, floor float64
			}{
				{"severity exact", got.severity, set.floor.severity},
				{"severity within one", got.severityNear, set.floor.severityNear},
				{"affected service", got.service, set.floor.service},
				{"window", got.window, set.floor.window},
			} {
				t.Logf("%-20s %.3f (floor %.2f) over %d conversations", r.name, r.got, r.floor, len(cases))
				if r.got < r.floor {
					t.Errorf("%s accuracy %.3f is below %.2f", r.name, r.got, r.floor)
				}
			}
		})
	}
}

// TestEvaluationSize keeps the main labelled set large enough to mean something.
func TestEvaluationSize(t *testing.T) {
	if n := len(loadEval(t, evalSets[0].file)); n < 150 {
		t.Fatalf("the labelled set has %d conversations; keep at least 150", n)
	}
}

func evaluate(t *testing.T, cases []evalCase) accuracy {
	var zones Zones
	var sevExact, sevNear, svc, win int
	var confusion [5][5]int // [labelled][decided] by rank, low 1 … critical 4
	for _, c := range cases {
		loc, err := zones.Load(c.Timezone)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		d := NewEngine(c.Services).Triage(Input{Text: c.Text, CreatedAt: c.CreatedAt, Location: loc, TimeBufferHours: c.TimeBufferHours})
		if d.Severity == c.Expect.Severity {
			sevExact++
		} else {
			t.Logf("%s severity %s, want %s: %q %q", c.ID, d.Severity, c.Expect.Severity, c.Text, d.Evidence)
		}
		confusion[c.Expect.Severity.Rank()][d.Severity.Rank()]++
		if abs(d.Severity.Rank()-c.Expect.Severity.Rank()) <= 1 {
			sevNear++
		}
		if name(d.AffectedService) == name(c.Expect.AffectedService) {
			svc++
		} else {
			t.Logf("%s service %s, want %s: %q", c.ID, name(d.AffectedService), name(c.Expect.AffectedService), c.Text)
		}
		if near(d.Window.Start, c.Expect.Window.Start) && near(d.Window.End, c.Expect.Window.End) {
			win++
		} else {
			t.Logf("%s window %s–%s, want %s–%s: %q %q", c.ID, d.Window.Start.Format(time.RFC3339), d.Window.End.Format(time.RFC3339),
				c.Expect.Window.Start.Format(time.RFC3339), c.Expect.Window.End.Format(time.RFC3339), c.Text, d.Evidence)
		}
	}
	t.Logf("severity confusion, labelled (rows) against decided: low medium high critical")
	for r := 1; r <= 4; r++ {
		t.Logf("%-8s %4d %4d %4d %4d", core.Severities[r-1], confusion[r][1], confusion[r][2], confusion[r][3], confusion[r][4])
	}
	n := float64(len(cases))
	return accuracy{float64(sevExact) / n, float64(sevNear) / n, float64(svc) / n, float64(win) / n}
}

func name(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

func near(a, b time.Time) bool {
	d := a.Sub(b)
	return d <= windowTolerance && d >= -windowTolerance
}
