package pattern_test

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// minGroupingAccuracy is the acceptance bar: the average over every Loghub
// system present, with one generic configuration.
const minGroupingAccuracy = 0.90

// TestLoghubAccuracy mines each Loghub-2k system with the default
// configuration and prints grouping accuracy, parsing accuracy and speed.
// It fails when the average grouping accuracy drops below the bar.
func TestLoghubAccuracy(t *testing.T) {
	samples := loadLoghub(t)
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-12s %6s %9s %7s %7s %10s %9s\n",
		"system", "lines", "templates", "GA", "PA", "lines/s", "alloc-KiB")
	var sumGA, sumPA float64
	for _, s := range samples {
		before := totalAlloc()
		start := time.Now()
		m, joined := mineClusters(s.lines)
		elapsed := time.Since(start)
		// Everything allocated while mining: the miner never frees much, so
		// this bounds its peak (one pointer per line included).
		alloc := totalAlloc() - before
		groups, templates := render(joined)
		ga := groupingAccuracy(groups, s.eventIDs)
		pa := parsingAccuracy(templates, s.templates)
		sumGA += ga
		sumPA += pa
		fmt.Fprintf(&table, "%-12s %6d %9d %7.3f %7.3f %10.0f %9d\n", s.system, len(s.lines), m.Len(), ga, pa,
			float64(len(s.lines))/elapsed.Seconds(), alloc>>10)
		if os.Getenv("PATTERN_DEBUG") == s.system {
			t.Log(explain(s, groups, templates))
		}
	}
	n := float64(len(samples))
	fmt.Fprintf(&table, "%-12s %6s %9s %7.3f %7.3f\n", "average", "", "", sumGA/n, sumPA/n)
	t.Log(table.String())
	if avg := sumGA / n; avg < minGroupingAccuracy {
		t.Errorf("average grouping accuracy %.3f, want at least %.2f", avg, minGroupingAccuracy)
	}
}

// explain lists the true groups the miner got wrong, largest first, with
// the predicted groups their lines went to: what one reads to see why.
func explain(s sample, groups, templates []string) string {
	byTruth := map[string][]int{}
	byPred := map[string][]int{}
	for i := range groups {
		byTruth[s.eventIDs[i]] = append(byTruth[s.eventIDs[i]], i)
		byPred[groups[i]] = append(byPred[groups[i]], i)
	}
	var ids []string
	for id, lines := range byTruth {
		p := groups[lines[0]]
		ok := len(byPred[p]) == len(lines)
		for _, i := range lines {
			ok = ok && groups[i] == p
		}
		if !ok {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(a, b int) bool { return len(byTruth[ids[a]]) > len(byTruth[ids[b]]) })
	var b strings.Builder
	for _, id := range ids {
		lines := byTruth[id]
		fmt.Fprintf(&b, "\n== %s (%d lines) %s\n", id, len(lines), s.templates[lines[0]])
		seen := map[string]bool{}
		for _, i := range lines {
			if seen[groups[i]] {
				continue
			}
			seen[groups[i]] = true
			others := map[string]int{}
			for _, j := range byPred[groups[i]] {
				if s.eventIDs[j] != id {
					others[s.eventIDs[j]]++
				}
			}
			fmt.Fprintf(&b, "   -> %s (%d lines, other truths %v) %s\n      e.g. %s\n",
				groups[i], len(byPred[groups[i]]), others, templates[i], s.lines[i])
		}
	}
	return b.String()
}

func totalAlloc() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.TotalAlloc
}
