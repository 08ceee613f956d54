package pattern

// joinScan bounds the clusters compared with a line once the cap is
// reached, so a full miner still costs bounded time per line.
const joinScan = 256

// join places a line that fits no template once MaxClusters clusters exist:
// into the most similar template of its length, which generalises the
// words that differ, or else into the overflow cluster.
func (m *Miner) join(g *group) *Cluster {
	t := &m.tok
	var best *Cluster
	bestScore := -1
	from := max(0, len(g.clusters)-joinScan)
	for _, c := range g.clusters[from:] {
		score := 0
		for i := range c.slots {
			if c.slots[i].match(&t.toks[i], t.text(i)) > 0 {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	if best == nil || !m.similar(bestScore) {
		return m.overflowCluster()
	}
	g.unfile(best)
	for i := range best.slots {
		if s := &best.slots[i]; s.match(&t.toks[i], t.text(i)) < 0 {
			s.generalise(t.text(i))
		}
	}
	best.absorb(t)
	best.dirty = true
	g.file(best)
	return best
}

// overflowCluster counts the current line into the cluster of lines that
// found no template, making it on first use.
func (m *Miner) overflowCluster() *Cluster {
	if m.overflow == nil {
		m.overflow = newCluster(len(m.all)+1, []slot{{kind: slotWild, text: []byte{sentinel, byte(KindAny)}}})
		m.overflow.count = 0
		m.all = append(m.all, m.overflow)
		m.live++
	}
	m.overflow.count++
	return m.overflow
}
