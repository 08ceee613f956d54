// Package pattern mines log templates online, for the analysis engine that
// compares how often each kind of line occurs in an incident window and in
// a baseline, and for `sigsentry patterns`.
//
//	miner := pattern.New(pattern.Config{})
//	for each line {
//		c := miner.Add(line)     // the cluster the line joined
//		counts[c.ID()]++         // "P1", "P2", … in order of first appearance
//	}
//	for _, c := range miner.Clusters() { c.ID(), c.Template(), c.Count() }
//
// The miner is of the Drain family: lines are split into words, typed masks
// replace the variables any log shares (timestamps, UUIDs, IP addresses,
// hex and numbers, durations, sizes, paths, URLs, e-mail addresses,
// identifiers and booleans become <TS>, <UUID>, <IP>, <HEX>, <NUM>, <DUR>,
// <SIZE>, <PATH>, <URL>, <EMAIL>, <ID>, <BOOL>), templates are kept per word
// count, and a line joins the template it matches best. It departs from
// Drain in three ways, each for accuracy on logs it was not tuned on:
//
//   - Words are constants until proven otherwise. A line whose words differ
//     from a template's never joins it, however similar the rest ("cupsd
//     startup succeeded" and "… shutdown succeeded" are two events); masked
//     variables of any shape do match each other.
//   - A word position becomes a variable on evidence: when four templates
//     differ from a new line at one position only (or two, if all their
//     words there already proved to be values elsewhere), they merge into
//     one with <*> there. See siblings.go and known.go.
//   - Templates are found by a hash of their whole constant skeleton, not by
//     a prefix tree, so a template whose first word varies stays one
//     template. See index.go.
//
// One generic configuration serves every log; Config exists for the cap and
// for tests, not for per-system tuning. On the Loghub-2k samples the
// average grouping accuracy is about 0.98 (loghub_test.go prints the table)
// at well over a million lines per second on one core.
//
// Group ids are stable: a template may generalise as lines arrive, and a
// cluster merged into an older one answers with the older one's id,
// template and count, so references returned by Add stay meaningful. Memory
// is bounded by Config.MaxClusters; the miner keeps no line. Results depend
// only on the order of the lines. A Miner is not safe for concurrent use.
package pattern
