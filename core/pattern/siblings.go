package pattern

// Sibling merging is how a constant-looking word becomes a variable. Words
// are constants until proven otherwise (see slotConst), so "session closed
// for user cyrus" and "... user news" first form two clusters. Clusters of
// one length that differ from a new line at one and the same constant
// position, and nowhere else, are siblings; once a position shows
// siblingValues distinct words, it holds a variable (a user, a host, an
// app), and the siblings merge into the oldest with a wildcard there. Two or
// three values are not enough: "startup/shutdown", "Active/Inactive" and
// "enable/disable" are how messages differ, not what they report.
const (
	// siblingValues is how many distinct words at one position make it a
	// variable.
	siblingValues = 4
	// siblingConsts is how many constant words a merged template must
	// keep, so "X startup succeeded" or "removing X" do not collapse
	// everything of their length into one wildcard template.
	siblingConsts = 3
)

// findSiblings collects, by position, the clusters of g that differ from
// the current line in one constant word only.
func (m *Miner) findSiblings(g *group, base uint64) {
	t := &m.tok
	for _, mk := range g.masks {
		key := lineKey(t, base, mk.pos)
		w := 0
		for p := range t.toks {
			if w < len(mk.pos) && int(mk.pos[w]) == p {
				w++
				continue
			}
			if t.toks[p].vars > 0 {
				continue
			}
			for _, c := range g.near[key-lineElem(t, p)+elem(p, markWild)] {
				if c.differsAt(t) == p {
					m.siblings[p] = append(m.siblings[p], c)
				}
			}
		}
	}
}

// mergeSiblings merges the current line's siblings in g when a position
// qualifies, counts the line there and returns that cluster; otherwise it
// returns nil. findSiblings must have run.
func (m *Miner) mergeSiblings(g *group) *Cluster {
	t := &m.tok
	for p := range t.toks {
		sibs := m.siblings[p]
		if len(sibs) == 0 || constsBesides(t, p) < siblingConsts ||
			len(sibs)+1 < siblingValues && !m.allKnown(sibs, p) {
			continue
		}
		surv := sibs[0]
		for _, o := range sibs[1:] {
			if o.num < surv.num {
				surv = o
			}
		}
		m.learn(t.toks[p].hash)
		for _, o := range sibs {
			m.learn(o.slots[p].hash)
		}
		g.unfile(surv)
		surv.slots[p].generalise(t.text(p))
		for _, o := range sibs {
			if o != surv {
				surv.fold(o)
				m.retire(g, o)
			}
		}
		surv.absorb(t)
		surv.dirty = true
		g.file(surv)
		m.subsume(g, surv)
		m.retro()
		return surv.live()
	}
	return nil
}

func (m *Miner) clearSiblings(n int) {
	for p := range n {
		clear(m.siblings[p])
		m.siblings[p] = m.siblings[p][:0]
	}
}

// differsAt returns the one position where the current line has a
// different constant word than the cluster and matches it everywhere else,
// or -1.
func (c *Cluster) differsAt(t *tokenizer) int {
	at := -1
	for i := range c.slots {
		s := &c.slots[i]
		tok := &t.toks[i]
		switch {
		case s.kind == slotWild && s.fits(t.text(i)):
		case s.kind != slotWild && tok.hash == s.hash && (tok.vars > 0) == (s.kind == slotVar):
		case s.kind == slotConst && tok.vars == 0 && at < 0:
			at = i
		default:
			return -1
		}
	}
	return at
}

func constsBesides(t *tokenizer, p int) int {
	n := 0
	for i := range t.toks {
		if i != p && t.toks[i].vars == 0 {
			n++
		}
	}
	return n
}

// fold merges cluster o into c: counts add up, and each slot of c becomes
// general enough for o's.
func (c *Cluster) fold(o *Cluster) {
	c.count += o.count
	o.into = c
	c.dirty = true
	for i := range c.slots {
		s, os := &c.slots[i], &o.slots[i]
		if s.kind == os.kind && s.kind != slotWild && s.hash == os.hash {
			s.blendKinds(os.text)
		} else {
			s.generalise(os.text)
		}
	}
}

// subsume merges with c every other cluster of g that c's template now
// covers: a template that gained a wildcard takes in the clusters that
// differed from it only there. The older of two keeps its id, and the
// cluster standing for c at the end is returned.
func (m *Miner) subsume(g *group, c *Cluster) *Cluster {
	for i := 0; i < len(g.clusters); i++ {
		o := g.clusters[i]
		if o == c || !c.covers(o) {
			continue
		}
		surv, gone := c, o
		if o.num < c.num {
			surv, gone = o, c
		}
		g.unfile(surv)
		surv.fold(gone)
		m.retire(g, gone)
		g.file(surv)
		c = surv
		i = -1 // c may cover more now, and removal shifted the list
	}
	return c
}

// covers reports whether every slot of o fits the same slot of c.
func (c *Cluster) covers(o *Cluster) bool {
	for i := range c.slots {
		s, os := &c.slots[i], &o.slots[i]
		switch s.kind {
		case slotWild:
			if !s.fits(os.text) {
				return false
			}
		case slotVar:
			if os.kind != slotVar || os.hash != s.hash {
				return false
			}
		default:
			if os.kind != slotConst || os.hash != s.hash {
				return false
			}
		}
	}
	return true
}
