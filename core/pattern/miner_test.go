package pattern_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sigsentry/hub/core/pattern"
)

// addAll mines lines and returns the cluster each joined.
func addAll(m *pattern.Miner, lines ...string) []*pattern.Cluster {
	out := make([]*pattern.Cluster, len(lines))
	for i, l := range lines {
		out[i] = m.Add([]byte(l))
	}
	return out
}

func TestVariablesJoinWordsSplit(t *testing.T) {
	m := pattern.New(pattern.Config{})
	cs := addAll(m,
		"Received block blk_123 of size 67108864 from 10.250.19.102",
		"Received block blk_-456 of size 3 from 10.250.10.6",
		"cupsd startup succeeded",
		"cupsd shutdown succeeded",
	)
	if cs[0].ID() != cs[1].ID() {
		t.Errorf("masked variables of different shapes split: %s, %s", cs[0].Template(), cs[1].Template())
	}
	if got, want := cs[0].Template(), "Received block <*> of size <NUM> from <IP>"; got != want {
		t.Errorf("template %q, want %q", got, want)
	}
	if cs[2].ID() == cs[3].ID() {
		t.Errorf("different words joined: %s", cs[2].Template())
	}
}

func TestWordsBecomeVariablesOnEvidence(t *testing.T) {
	m := pattern.New(pattern.Config{})
	first := addAll(m,
		"session closed for user cyrus",
		"session closed for user news",
		"session closed for user test",
	)
	if first[0].ID() == first[1].ID() {
		t.Fatal("two users are not yet evidence of a variable")
	}
	last := m.Add([]byte("session closed for user root"))
	for _, c := range first {
		if c.ID() != last.ID() {
			t.Errorf("cluster %s not merged into %s", c.ID(), last.ID())
		}
	}
	if got, want := last.Template(), "session closed for user <*>"; got != want {
		t.Errorf("template %q, want %q", got, want)
	}
	if last.ID() != "P1" || last.Count() != 4 || m.Len() != 1 {
		t.Errorf("merged cluster %s count %d, %d clusters; want P1, 4, 1", last.ID(), last.Count(), m.Len())
	}
	// The four users are now known values: two of them suffice elsewhere.
	other := addAll(m,
		"session opened for user cyrus by (uid=0)",
		"session opened for user news by (uid=0)",
	)
	if other[0].ID() != other[1].ID() {
		t.Errorf("known values did not carry over: %s, %s", other[0].Template(), other[1].Template())
	}
}

func TestFirstWordVaries(t *testing.T) {
	m := pattern.New(pattern.Config{})
	var cs []*pattern.Cluster
	for _, app := range []string{"com.apple.a", "com.apple.b", "com.apple.c", "com.apple.d", "com.apple.e"} {
		cs = append(cs, m.Add([]byte(app+": scheduler told me to run this job; start time isn't for 5 seconds")))
	}
	for _, c := range cs {
		if c.ID() != "P1" {
			t.Errorf("%s %s: a varying first word split the template", c.ID(), c.Template())
		}
	}
}

func TestIDsStayStable(t *testing.T) {
	m := pattern.New(pattern.Config{})
	a := m.Add([]byte("Connected to db-1 in 3ms"))
	b := m.Add([]byte("Disk full"))
	before := a.Template()
	c := m.Add([]byte("Connected to db-1 in 0x1f"))
	if a.ID() != "P1" || b.ID() != "P2" || c.ID() != "P1" {
		t.Errorf("ids %s %s %s, want P1 P2 P1", a.ID(), b.ID(), c.ID())
	}
	if a.Template() == before {
		t.Errorf("template did not generalise: %q", before)
	}
}

func TestEmptyAndOddLines(t *testing.T) {
	m := pattern.New(pattern.Config{})
	cs := addAll(m, "", "   ", "\t\r", "\xff\xfe\x00", strings.Repeat("word ", 10000))
	if cs[0].ID() != cs[1].ID() || cs[1].ID() != cs[2].ID() || cs[0].Template() != "" {
		t.Errorf("blank lines: %s %q, %s, %s", cs[0].ID(), cs[0].Template(), cs[1].ID(), cs[2].ID())
	}
	if n := strings.Count(cs[4].Template(), " ") + 1; n != 128 {
		t.Errorf("long line template has %d tokens, want 128", n)
	}
}

func TestClusterCap(t *testing.T) {
	m := pattern.New(pattern.Config{MaxClusters: 10})
	var last *pattern.Cluster
	for i := 0; i < 1000; i++ {
		// three different words per line: no template ever fits another
		last = m.Add(fmt.Appendf(nil, "w%c%c x%c%c y%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i%7, 'a'+i%5, 'a'+i%3, 'a'+i/7%26))
	}
	if m.Len() > 11 {
		t.Errorf("%d clusters, want at most the cap plus the overflow cluster", m.Len())
	}
	if last.Template() != "<*>" {
		t.Errorf("overflow template %q", last.Template())
	}
	total := 0
	for _, c := range m.Clusters() {
		total += c.Count()
	}
	if total != 1000 {
		t.Errorf("counts add up to %d, want 1000", total)
	}
}

func TestDeterministic(t *testing.T) {
	lines := []string{
		"user alice logged in from 10.0.0.1", "user bob logged in from 10.0.0.2",
		"user carol logged in from 10.0.0.3", "disk /dev/sda1 at 91%",
		"user dave logged in from 10.0.0.4", "disk /dev/sdb1 at 12%",
	}
	render := func() string {
		m := pattern.New(pattern.Config{})
		var b strings.Builder
		for _, c := range addAll(m, lines...) {
			b.WriteString(c.ID() + "\t" + c.Template() + "\n")
		}
		return b.String()
	}
	if a, b := render(), render(); a != b {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
}
