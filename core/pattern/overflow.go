package pattern

// join places a line that fits no template once MaxClusters clusters exist.
// It joins, in order of preference, the best template it is compatible with
// even if fewer than Similarity of its positions match, a template that
// differs from it in one word only (which becomes wild there), or else the
// overflow cluster. Each is found through the index, so a full miner still
// costs bounded time per line.
func (m *Miner) join(g *group, best *Cluster) *Cluster {
	t := &m.tok
	if best != nil {
		m.absorbInto(g, best)
		return best
	}
	for p := range t.toks {
		if len(m.siblings[p]) == 0 {
			continue
		}
		c := m.siblings[p][0]
		g.unfile(c)
		c.slots[p].generalise(t.text(p))
		c.absorb(t)
		c.dirty = true
		g.file(c)
		return c
	}
	return m.overflowCluster()
}

// overflowCluster counts the current line into the cluster of lines that
// found no template, making it on first use.
func (m *Miner) overflowCluster() *Cluster {
	if m.overflow == nil {
		m.made++
		m.overflow = newCluster(m.made, []slot{{kind: slotWild, text: []byte{sentinel, byte(KindAny)}}})
		m.overflow.count = 0
		m.all = append(m.all, m.overflow)
		m.live++
	}
	m.overflow.count++
	return m.overflow
}
